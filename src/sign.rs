//! Signature algorithms: signing with a [`PrivateKey`] (ring for RSA 2048–4096, ECDSA and
//! Ed25519; `rsa` above 4096 bits) and verifying with a [`PublicKey`] (RSA PKCS#1 v1.5 up to
//! 4158 bits on AVX-512 IFMA with a per-key context, `crate::key::rsa_verify`; otherwise ring, and
//! `rsa` where ring has no matching size).

use std::fmt;
use std::str::FromStr;

use der::Decode;
use der::asn1::AnyRef;
use ring::signature as rs;
use spki::{AlgorithmIdentifierOwned, AlgorithmIdentifierRef};

use crate::error::{Error, Result};
use crate::key::{KeyData, PrivateKey, PublicKey};
use crate::oid;
use crate::oid::{
    ECDSA_SHA256, ECDSA_SHA384, ECDSA_SHA512, RSA_PSS, SHA1_RSA, SHA256, SHA256_RSA, SHA384,
    SHA384_RSA, SHA512, SHA512_RSA,
};

/// The hash of a signature. SHA-1 is never used to sign.
///
/// ```
/// assert_eq!("sha384".parse::<sslkit::HashAlg>().unwrap(), sslkit::HashAlg::Sha384);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum HashAlg {
    /// SHA-256: the default.
    #[default]
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
}

impl HashAlg {
    /// Every signing hash, in the order of the C enum.
    pub const ALL: [HashAlg; 3] = [HashAlg::Sha256, HashAlg::Sha384, HashAlg::Sha512];

    /// `sha256`, `sha384` or `sha512`.
    pub fn name(self) -> &'static str {
        match self {
            HashAlg::Sha256 => "sha256",
            HashAlg::Sha384 => "sha384",
            HashAlg::Sha512 => "sha512",
        }
    }
}

impl FromStr for HashAlg {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.to_ascii_lowercase().replace('-', "").as_str() {
            "sha256" => Ok(HashAlg::Sha256),
            "sha384" => Ok(HashAlg::Sha384),
            "sha512" => Ok(HashAlg::Sha512),
            "sha1" | "md5" => Err(Error::invalid(format!(
                "{s} is not used to sign: it is broken; use {}",
                crate::error::one_of(&HashAlg::ALL, HashAlg::name)
            ))),
            _ => Err(Error::invalid(format!(
                "unknown hash '{s}' (expected {})",
                crate::error::one_of(&HashAlg::ALL, HashAlg::name)
            ))),
        }
    }
}

impl fmt::Display for HashAlg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A signature algorithm as found in certificates and CSRs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SignatureAlgorithm {
    /// sha1WithRSAEncryption: verified in old chains, never produced.
    RsaPkcs1Sha1,
    /// sha256WithRSAEncryption.
    RsaPkcs1Sha256,
    /// sha384WithRSAEncryption.
    RsaPkcs1Sha384,
    /// sha512WithRSAEncryption.
    RsaPkcs1Sha512,
    /// RSASSA-PSS with MGF1 over the same hash (verified only; salt length as declared).
    RsaPss {
        /// The message and MGF1 hash.
        hash: HashAlg,
        /// The salt length in bytes.
        salt_len: u32,
    },
    /// ecdsa-with-SHA256.
    EcdsaSha256,
    /// ecdsa-with-SHA384.
    EcdsaSha384,
    /// ecdsa-with-SHA512.
    EcdsaSha512,
    /// Ed25519.
    Ed25519,
}

impl SignatureAlgorithm {
    /// The name OpenSSL prints (`sha256WithRSAEncryption`, `ecdsa-with-SHA256`, `ED25519`).
    pub fn name(self) -> &'static str {
        match self {
            SignatureAlgorithm::RsaPkcs1Sha1 => "sha1WithRSAEncryption",
            SignatureAlgorithm::RsaPkcs1Sha256 => "sha256WithRSAEncryption",
            SignatureAlgorithm::RsaPkcs1Sha384 => "sha384WithRSAEncryption",
            SignatureAlgorithm::RsaPkcs1Sha512 => "sha512WithRSAEncryption",
            SignatureAlgorithm::RsaPss { .. } => "rsassaPss",
            SignatureAlgorithm::EcdsaSha256 => "ecdsa-with-SHA256",
            SignatureAlgorithm::EcdsaSha384 => "ecdsa-with-SHA384",
            SignatureAlgorithm::EcdsaSha512 => "ecdsa-with-SHA512",
            SignatureAlgorithm::Ed25519 => "ED25519",
        }
    }

    /// True for algorithms built on SHA-1.
    pub fn is_sha1(self) -> bool {
        self == SignatureAlgorithm::RsaPkcs1Sha1
    }

    /// Reads an AlgorithmIdentifier.
    pub(crate) fn from_identifier(alg: &AlgorithmIdentifierRef<'_>) -> Result<Self> {
        let o = alg.oid;
        Ok(if o == SHA1_RSA {
            SignatureAlgorithm::RsaPkcs1Sha1
        } else if o == SHA256_RSA {
            SignatureAlgorithm::RsaPkcs1Sha256
        } else if o == SHA384_RSA {
            SignatureAlgorithm::RsaPkcs1Sha384
        } else if o == SHA512_RSA {
            SignatureAlgorithm::RsaPkcs1Sha512
        } else if o == ECDSA_SHA256 {
            SignatureAlgorithm::EcdsaSha256
        } else if o == ECDSA_SHA384 {
            SignatureAlgorithm::EcdsaSha384
        } else if o == ECDSA_SHA512 {
            SignatureAlgorithm::EcdsaSha512
        } else if o == oid::ED25519 {
            SignatureAlgorithm::Ed25519
        } else if o == RSA_PSS {
            {
                let (hash, salt_len) = pss_params(alg.parameters)?;
                SignatureAlgorithm::RsaPss { hash, salt_len }
            }
        } else {
            return Err(Error::unsupported(format!(
                "signature algorithm {} is not supported",
                oid::describe(&o)
            )));
        })
    }

    /// The AlgorithmIdentifier sslkit writes (RSA with NULL parameters, as OpenSSL does).
    pub(crate) fn identifier(self) -> Result<AlgorithmIdentifierOwned> {
        let null = || Some(der::asn1::Any::from(AnyRef::NULL));
        let (o, parameters) = match self {
            SignatureAlgorithm::RsaPkcs1Sha1 => (SHA1_RSA, null()),
            SignatureAlgorithm::RsaPkcs1Sha256 => (SHA256_RSA, null()),
            SignatureAlgorithm::RsaPkcs1Sha384 => (SHA384_RSA, null()),
            SignatureAlgorithm::RsaPkcs1Sha512 => (SHA512_RSA, null()),
            SignatureAlgorithm::EcdsaSha256 => (ECDSA_SHA256, None),
            SignatureAlgorithm::EcdsaSha384 => (ECDSA_SHA384, None),
            SignatureAlgorithm::EcdsaSha512 => (ECDSA_SHA512, None),
            SignatureAlgorithm::Ed25519 => (oid::ED25519, None),
            SignatureAlgorithm::RsaPss { .. } => {
                return Err(Error::unsupported("sslkit does not sign with RSA-PSS"));
            }
        };
        Ok(AlgorithmIdentifierOwned { oid: o, parameters })
    }
}

impl fmt::Display for SignatureAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// RSASSA-PSS-params: SHA-256/384/512 with MGF1 over the same hash, any salt length,
/// trailer 1.
fn pss_params(params: Option<AnyRef<'_>>) -> Result<(HashAlg, u32)> {
    let params = params.ok_or_else(|| Error::parse("RSASSA-PSS without parameters"))?;
    let seq = params.value();
    let mut reader = der::SliceReader::new(seq).map_err(Error::der)?;
    let mut hash = None;
    let mut mgf_hash = None;
    let mut salt = 20u32;
    use der::{Reader, Tagged};
    while !reader.is_finished() {
        let any = AnyRef::decode(&mut reader).map_err(Error::der)?;
        let tag = any.tag();
        let inner = any.value();
        let n = match tag {
            der::Tag::ContextSpecific { number, .. } => number.value(),
            _ => 99,
        };
        match n {
            0 => {
                hash = Some(
                    AlgorithmIdentifierRef::from_der(inner)
                        .map_err(Error::der)?
                        .oid,
                )
            }
            1 => {
                let mgf = AlgorithmIdentifierRef::from_der(inner).map_err(Error::der)?;
                let h = mgf
                    .parameters
                    .ok_or_else(|| Error::parse("MGF1 without a hash"))?
                    .decode_as::<AlgorithmIdentifierRef<'_>>()
                    .map_err(Error::der)?;
                mgf_hash = Some(h.oid);
            }
            2 => salt = u32::from_der(inner).map_err(Error::der)?,
            3 => {
                if u32::from_der(inner).map_err(Error::der)? != 1 {
                    return Err(Error::unsupported("RSASSA-PSS trailer field other than 1"));
                }
            }
            _ => return Err(Error::parse("malformed RSASSA-PSS parameters")),
        }
    }
    let h = match hash {
        Some(o) if o == SHA256 => HashAlg::Sha256,
        Some(o) if o == SHA384 => HashAlg::Sha384,
        Some(o) if o == SHA512 => HashAlg::Sha512,
        _ => {
            return Err(Error::unsupported(
                "RSASSA-PSS with SHA-1 or an unknown hash is not supported",
            ));
        }
    };
    if mgf_hash != hash {
        return Err(Error::unsupported(
            "RSASSA-PSS with an MGF1 hash other than the message hash",
        ));
    }
    Ok((h, salt))
}

impl PrivateKey {
    /// The signature algorithm this key signs with for `hash` (RSA: PKCS#1 v1.5 with `hash`;
    /// ECDSA: SHA-256 on P-256, SHA-384 on P-384; Ed25519: pure Ed25519).
    ///
    /// Errors: `Unsupported` when `hash` does not apply to the key (ECDSA keys sign with their
    /// curve's hash; Ed25519 has its own).
    pub fn signature_algorithm(&self, hash: Option<HashAlg>) -> Result<SignatureAlgorithm> {
        let (alg, natural) = match self.data() {
            KeyData::Rsa(_) => {
                return Ok(match hash.unwrap_or_default() {
                    HashAlg::Sha256 => SignatureAlgorithm::RsaPkcs1Sha256,
                    HashAlg::Sha384 => SignatureAlgorithm::RsaPkcs1Sha384,
                    HashAlg::Sha512 => SignatureAlgorithm::RsaPkcs1Sha512,
                });
            }
            KeyData::Ec(k) if k.curve.bits() == 256 => {
                (SignatureAlgorithm::EcdsaSha256, HashAlg::Sha256)
            }
            KeyData::Ec(_) => (SignatureAlgorithm::EcdsaSha384, HashAlg::Sha384),
            KeyData::Ed25519(_) => {
                if hash.is_some_and(|h| h != HashAlg::Sha512 && h != HashAlg::Sha256) {
                    return Err(Error::unsupported("Ed25519 has its own hash"));
                }
                return Ok(SignatureAlgorithm::Ed25519);
            }
        };
        match hash {
            Some(h) if h != natural => Err(Error::unsupported(format!(
                "{} keys sign with {natural} (asked for {h})",
                self.algorithm()
            ))),
            _ => Ok(alg),
        }
    }

    /// Signs `msg` (the whole message; it is hashed here) with the key's algorithm for `hash`.
    /// The signature is in the form certificates carry (ECDSA: DER `Ecdsa-Sig-Value`).
    ///
    /// ```
    /// use sslkit::{KeyType, PrivateKey};
    /// let key = PrivateKey::generate(KeyType::EcP256, None)?;
    /// let sig = key.sign(b"hello", None)?;
    /// key.public_key().verify(sslkit::SignatureAlgorithm::EcdsaSha256, b"hello", &sig)?;
    /// # Ok::<(), sslkit::Error>(())
    /// ```
    pub fn sign(&self, msg: &[u8], hash: Option<HashAlg>) -> Result<Vec<u8>> {
        let alg = self.signature_algorithm(hash)?;
        let rng = ring::rand::SystemRandom::new();
        match self.data() {
            KeyData::Rsa(k) => {
                if let Some(kp) = &k.ring {
                    let pad: &'static dyn ring::signature::RsaEncoding = match alg {
                        SignatureAlgorithm::RsaPkcs1Sha384 => &rs::RSA_PKCS1_SHA384,
                        SignatureAlgorithm::RsaPkcs1Sha512 => &rs::RSA_PKCS1_SHA512,
                        _ => &rs::RSA_PKCS1_SHA256,
                    };
                    let mut sig = vec![0u8; kp.public().modulus_len()];
                    kp.sign(pad, &rng, msg, &mut sig)
                        .map_err(|_| Error::internal("RSA signing failed"))?;
                    Ok(sig)
                } else {
                    k.sign_with_rsa_crate(alg, msg)
                }
            }
            KeyData::Ec(k) => k
                .ring
                .sign(&rng, msg)
                .map(|s| s.as_ref().to_vec())
                .map_err(|_| Error::internal("ECDSA signing failed")),
            KeyData::Ed25519(k) => Ok(k.ring.sign(msg).as_ref().to_vec()),
        }
    }
}

impl PublicKey {
    /// Verifies `sig` over `msg` with `alg`. `Verification` when the signature is wrong,
    /// `Unsupported` when the algorithm does not fit the key.
    pub fn verify(&self, alg: SignatureAlgorithm, msg: &[u8], sig: &[u8]) -> Result<()> {
        use SignatureAlgorithm as S;
        let bad = || Error::new(crate::ErrorKind::Verification, "signature does not verify");
        let mismatch = || {
            Error::new(
                crate::ErrorKind::Verification,
                format!(
                    "a {} signature cannot come from a {} key",
                    alg.name(),
                    self.algorithm()
                ),
            )
        };
        match self.key_type() {
            crate::KeyType::Rsa => {
                let bits = self.bits();
                let ring_alg: Option<&'static rs::RsaParameters> = match (alg, bits) {
                    (_, b) if b > 8192 => None,
                    (S::RsaPkcs1Sha1, b) if b >= 1024 => {
                        Some(&rs::RSA_PKCS1_1024_8192_SHA1_FOR_LEGACY_USE_ONLY)
                    }
                    (S::RsaPkcs1Sha256, b) if b >= 2048 => Some(&rs::RSA_PKCS1_2048_8192_SHA256),
                    (S::RsaPkcs1Sha256, b) if b >= 1024 => {
                        Some(&rs::RSA_PKCS1_1024_8192_SHA256_FOR_LEGACY_USE_ONLY)
                    }
                    (S::RsaPkcs1Sha384, b) if b >= 2048 => Some(&rs::RSA_PKCS1_2048_8192_SHA384),
                    (S::RsaPkcs1Sha512, b) if b >= 2048 => Some(&rs::RSA_PKCS1_2048_8192_SHA512),
                    (S::RsaPkcs1Sha512, b) if b >= 1024 => {
                        Some(&rs::RSA_PKCS1_1024_8192_SHA512_FOR_LEGACY_USE_ONLY)
                    }
                    // ring verifies PSS with salt length = hash length only.
                    (
                        S::RsaPss {
                            hash: HashAlg::Sha256,
                            salt_len: 32,
                        },
                        b,
                    ) if b >= 2048 => Some(&rs::RSA_PSS_2048_8192_SHA256),
                    (
                        S::RsaPss {
                            hash: HashAlg::Sha384,
                            salt_len: 48,
                        },
                        b,
                    ) if b >= 2048 => Some(&rs::RSA_PSS_2048_8192_SHA384),
                    (
                        S::RsaPss {
                            hash: HashAlg::Sha512,
                            salt_len: 64,
                        },
                        b,
                    ) if b >= 2048 => Some(&rs::RSA_PSS_2048_8192_SHA512),
                    (
                        S::RsaPkcs1Sha1 | S::RsaPkcs1Sha256 | S::RsaPkcs1Sha384 | S::RsaPkcs1Sha512,
                        _,
                    )
                    | (S::RsaPss { .. }, _) => None,
                    _ => return Err(mismatch()),
                };
                // PKCS#1 v1.5 on the key's cached context (see `key::rsa_verify`) for the keys
                // ring would take (`ring_alg` is Some): same checks, same verdicts, no per-call
                // setup.
                if ring_alg.is_some()
                    && let Some((prefix, digest)) = pkcs1_digest(alg)
                    && let Some(op) = self.rsa_op()
                {
                    let ok = op.rsavp1(sig).is_some_and(|em| {
                        crate::key::rsa_verify::pkcs1_matches(
                            &em,
                            prefix,
                            ring::digest::digest(digest, msg).as_ref(),
                        )
                    });
                    return if ok { Ok(()) } else { Err(bad()) };
                }
                let pkcs1 = self.to_pkcs1_der()?;
                match ring_alg {
                    Some(a) => rs::UnparsedPublicKey::new(a, &pkcs1)
                        .verify(msg, sig)
                        .map_err(|_| bad()),
                    None => crate::key::rsa_crate_verify(self, alg, msg, sig),
                }
            }
            crate::KeyType::EcP256 | crate::KeyType::EcP384 => {
                let p256 = self.key_type() == crate::KeyType::EcP256;
                let a: &'static rs::EcdsaVerificationAlgorithm = match (alg, p256) {
                    (S::EcdsaSha256, true) => &rs::ECDSA_P256_SHA256_ASN1,
                    (S::EcdsaSha384, true) => &rs::ECDSA_P256_SHA384_ASN1,
                    (S::EcdsaSha256, false) => &rs::ECDSA_P384_SHA256_ASN1,
                    (S::EcdsaSha384, false) => &rs::ECDSA_P384_SHA384_ASN1,
                    (S::EcdsaSha512, _) => {
                        return Err(Error::unsupported("ecdsa-with-SHA512 is not supported"));
                    }
                    _ => return Err(mismatch()),
                };
                rs::UnparsedPublicKey::new(a, self.ec_point().unwrap_or_default())
                    .verify(msg, sig)
                    .map_err(|_| bad())
            }
            crate::KeyType::Ed25519 => {
                if alg != S::Ed25519 {
                    return Err(mismatch());
                }
                rs::UnparsedPublicKey::new(&rs::ED25519, self.ed25519_bytes().unwrap_or_default())
                    .verify(msg, sig)
                    .map_err(|_| bad())
            }
        }
    }
}

/// The DigestInfo prefix and hash of a PKCS#1 v1.5 signature algorithm (None for others).
fn pkcs1_digest(
    alg: SignatureAlgorithm,
) -> Option<(&'static [u8], &'static ring::digest::Algorithm)> {
    use crate::key::rsa_verify as p;
    use ring::digest as d;
    Some(match alg {
        SignatureAlgorithm::RsaPkcs1Sha1 => (p::DIGEST_INFO_SHA1, &d::SHA1_FOR_LEGACY_USE_ONLY),
        SignatureAlgorithm::RsaPkcs1Sha256 => (p::DIGEST_INFO_SHA256, &d::SHA256),
        SignatureAlgorithm::RsaPkcs1Sha384 => (p::DIGEST_INFO_SHA384, &d::SHA384),
        SignatureAlgorithm::RsaPkcs1Sha512 => (p::DIGEST_INFO_SHA512, &d::SHA512),
        _ => return None,
    })
}

/// Splits a signed structure (`SEQUENCE { tbs, AlgorithmIdentifier, BIT STRING }`) into the
/// raw bytes of `tbs` as they appear in the input (what the signature covers), the algorithm,
/// and the signature bytes.
pub(crate) fn split_signed(der: &[u8]) -> Result<(&[u8], SignatureAlgorithm, &[u8])> {
    use der::Reader;
    let mut reader = der::SliceReader::new(der).map_err(Error::der)?;
    let (tbs, alg, sig) = reader
        .sequence(|r| {
            let tbs = r.tlv_bytes()?;
            let alg = AlgorithmIdentifierRef::decode(r)?;
            let sig = der::asn1::BitStringRef::decode(r)?;
            Ok::<_, der::Error>((tbs, alg, sig))
        })
        .map_err(Error::der)?;
    reader.finish().map_err(Error::der)?;
    let sig = sig
        .as_bytes()
        .ok_or_else(|| Error::parse("signature BIT STRING has unused bits"))?;
    Ok((tbs, SignatureAlgorithm::from_identifier(&alg)?, sig))
}
