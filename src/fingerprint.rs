//! The FAQ's key/certificate checks: the RSA modulus and its MD5 exactly as
//! `openssl x509 -noout -modulus | openssl md5` prints them, certificate fingerprints, the SPKI
//! pin, and matching a key with a certificate and a request.

use std::fmt;
use std::str::FromStr;

use base64ct::{Base64, Encoding};
use md5::Md5;
use sha1::Sha1;
use sha2::{Digest, Sha256};

use crate::error::{Error, ErrorKind, Result};
use crate::{Certificate, CertificateSigningRequest, PrivateKey, PublicKey};

/// Anything that carries a public key: a key, a certificate, a request.
pub trait HasPublicKey {
    /// The public key.
    fn subject_public_key(&self) -> PublicKey;
}

impl HasPublicKey for PublicKey {
    fn subject_public_key(&self) -> PublicKey {
        self.clone()
    }
}
impl HasPublicKey for PrivateKey {
    fn subject_public_key(&self) -> PublicKey {
        self.public_key()
    }
}
impl HasPublicKey for Certificate {
    fn subject_public_key(&self) -> PublicKey {
        self.public_key().clone()
    }
}
impl HasPublicKey for CertificateSigningRequest {
    fn subject_public_key(&self) -> PublicKey {
        self.public_key().clone()
    }
}

/// `Modulus=<UPPERCASE HEX>\n`, exactly as `openssl x509|rsa|req -noout -modulus` prints it.
/// Non-RSA keys have no modulus: `Unsupported`, with a hint to compare SPKI fingerprints.
///
/// ```
/// let key = sslkit::PrivateKey::generate_rsa(2048)?;
/// let line = sslkit::modulus(&key)?;
/// assert!(line.starts_with("Modulus=") && line.ends_with('\n'));
/// # Ok::<(), sslkit::Error>(())
/// ```
pub fn modulus(obj: &impl HasPublicKey) -> Result<String> {
    let public = obj.subject_public_key();
    let n = public.rsa_modulus().ok_or_else(|| {
        Error::unsupported(format!(
            "{} keys have no modulus; compare their public keys' SPKI fingerprints instead",
            public.algorithm()
        ))
    })?;
    let mut hex: String = n.iter().map(|b| format!("{b:02X}")).collect();
    // BN_print drops a leading zero nibble.
    if hex.len() > 1 && hex.starts_with('0') {
        hex.remove(0);
    }
    Ok(format!("Modulus={hex}\n"))
}

/// The MD5 of the [`modulus`] line as 32 lowercase hex characters: what the FAQ's
/// `openssl x509 -noout -modulus -in server.crt | openssl md5` prints after `MD5(stdin)= `.
pub fn modulus_md5(obj: &impl HasPublicKey) -> Result<String> {
    let line = modulus(obj)?;
    Ok(hex_lower(&Md5::digest(line.as_bytes())))
}

fn hex_lower(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// A fingerprint hash. SHA-1 fingerprints identify, they do not sign: still what many tools
/// show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum FingerprintHash {
    /// SHA-1 (`openssl x509 -fingerprint -sha1`).
    Sha1,
    /// SHA-256: the default.
    #[default]
    Sha256,
}

impl FingerprintHash {
    /// Every fingerprint hash, in the order of the C enum.
    pub const ALL: [FingerprintHash; 2] = [FingerprintHash::Sha1, FingerprintHash::Sha256];

    /// `sha1` or `sha256` (the name parsed; [`Display`](fmt::Display) shows OpenSSL's `SHA1`).
    pub fn name(self) -> &'static str {
        match self {
            FingerprintHash::Sha1 => "sha1",
            FingerprintHash::Sha256 => "sha256",
        }
    }
}

impl FromStr for FingerprintHash {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.to_ascii_lowercase().replace('-', "").as_str() {
            "sha1" => Ok(FingerprintHash::Sha1),
            "sha256" => Ok(FingerprintHash::Sha256),
            _ => Err(Error::invalid(format!(
                "unknown fingerprint hash '{s}' (expected {})",
                crate::error::one_of(&FingerprintHash::ALL, FingerprintHash::name)
            ))),
        }
    }
}

impl fmt::Display for FingerprintHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FingerprintHash::Sha1 => "SHA1",
            FingerprintHash::Sha256 => "SHA256",
        })
    }
}

impl Certificate {
    /// The certificate's fingerprint in OpenSSL's `AA:BB:…` form.
    ///
    /// ```
    /// let key = sslkit::PrivateKey::generate(sslkit::KeyType::Ed25519, None)?;
    /// let cert = sslkit::Certificate::self_signed(&key, "/CN=x", &[], 1)?;
    /// assert_eq!(cert.fingerprint(sslkit::FingerprintHash::Sha256).len(), 32 * 3 - 1);
    /// # Ok::<(), sslkit::Error>(())
    /// ```
    pub fn fingerprint(&self, hash: FingerprintHash) -> String {
        let digest = match hash {
            FingerprintHash::Sha1 => Sha1::digest(self.der()).to_vec(),
            FingerprintHash::Sha256 => Sha256::digest(self.der()).to_vec(),
        };
        crate::text::colon_hex(&digest)
    }
}

impl PublicKey {
    /// The SPKI SHA-256 pin (base64), as in HPKP's `pin-sha256` and `curl --pinnedpubkey`.
    pub fn spki_pin_sha256(&self) -> String {
        Base64::encode_string(&Sha256::digest(self.spki_der()))
    }

    /// The SPKI SHA-256 fingerprint in `AA:BB:…` form: a modulus-free match for every key type.
    pub fn spki_fingerprint(&self) -> String {
        crate::text::colon_hex(&Sha256::digest(self.spki_der()))
    }
}

impl PrivateKey {
    /// True when `other` (a certificate, request or public key) carries this key's public key.
    /// Compares the SubjectPublicKeyInfo, which for RSA means modulus and exponent.
    ///
    /// ```
    /// let key = sslkit::PrivateKey::generate(sslkit::KeyType::EcP256, None)?;
    /// let cert = sslkit::Certificate::self_signed(&key, "/CN=x", &[], 1)?;
    /// assert!(key.matches(&cert));
    /// # Ok::<(), sslkit::Error>(())
    /// ```
    pub fn matches(&self, other: &impl HasPublicKey) -> bool {
        self.public_key() == other.subject_public_key()
    }
}

/// "Do all of these belong together": `Ok` when the key matches the certificate and the
/// request given, `KeyMismatch` naming the first that does not.
pub fn check_match(
    key: &PrivateKey,
    cert: Option<&Certificate>,
    csr: Option<&CertificateSigningRequest>,
) -> Result<()> {
    if cert.is_none() && csr.is_none() {
        return Err(Error::invalid(
            "give a certificate and/or a request to match the key with",
        ));
    }
    if let Some(c) = cert
        && !key.matches(c)
    {
        return Err(Error::new(
            ErrorKind::KeyMismatch,
            format!(
                "the key does not belong to the certificate '{}'",
                c.subject()
            ),
        ));
    }
    if let Some(r) = csr
        && !key.matches(r)
    {
        return Err(Error::new(
            ErrorKind::KeyMismatch,
            format!("the key does not belong to the request '{}'", r.subject()),
        ));
    }
    Ok(())
}

/// Whatever a PEM or DER input holds that carries a public key: what `sslkit modulus`,
/// `fingerprint --spki` and `match` take, without a flag saying which it is.
///
/// ```
/// let key = sslkit::PrivateKey::generate(sslkit::KeyType::EcP256, None)?;
/// let obj = sslkit::Object::from_bytes(key.public_key().to_pem().as_bytes(), None)?;
/// assert_eq!(obj.kind(), "public key");
/// assert!(key.matches(&obj));
/// # Ok::<(), sslkit::Error>(())
/// ```
#[derive(Debug, Clone)]
pub enum Object {
    /// A private key (clear or encrypted).
    PrivateKey(PrivateKey),
    /// A public key (SPKI or PKCS#1).
    PublicKey(PublicKey),
    /// A certificate.
    Certificate(Certificate),
    /// A certificate signing request.
    Request(CertificateSigningRequest),
}

impl Object {
    /// Reads the first key, certificate or request in `data` (PEM: the first block of a known
    /// kind; DER: the kind found from the structure). `passphrase` is used only for an encrypted
    /// private key.
    pub fn from_bytes(data: &[u8], passphrase: Option<&[u8]>) -> Result<Object> {
        crate::pem::check_size(data)?;
        if !crate::pem::is_pem(data) {
            return Ok(match crate::pem::detect_label(data)? {
                "CERTIFICATE" => Object::Certificate(Certificate::from_der(data)?),
                "CERTIFICATE REQUEST" => {
                    Object::Request(CertificateSigningRequest::from_der(data)?)
                }
                "PUBLIC KEY" | "RSA PUBLIC KEY" => Object::PublicKey(PublicKey::from_der(data)?),
                _ => Object::PrivateKey(PrivateKey::from_der(data, passphrase)?),
            });
        }
        let blocks = crate::pem::parse_blocks(data)?;
        for block in &blocks {
            let pem = block.to_pem();
            let obj = match block.label() {
                "CERTIFICATE" | "X509 CERTIFICATE" | "TRUSTED CERTIFICATE" => {
                    Object::Certificate(Certificate::from_pem(pem.as_bytes())?)
                }
                "CERTIFICATE REQUEST" | "NEW CERTIFICATE REQUEST" => {
                    Object::Request(CertificateSigningRequest::from_der(block.contents())?)
                }
                "PRIVATE KEY"
                | "RSA PRIVATE KEY"
                | "EC PRIVATE KEY"
                | "ENCRYPTED PRIVATE KEY"
                | "ANY PRIVATE KEY" => {
                    Object::PrivateKey(PrivateKey::from_pem(pem.as_bytes(), passphrase)?)
                }
                "PUBLIC KEY" | "RSA PUBLIC KEY" => {
                    Object::PublicKey(PublicKey::from_der(block.contents())?)
                }
                _ => continue,
            };
            return Ok(obj);
        }
        Err(Error::parse(format!(
            "no key, certificate or request in the input (found a PEM '{}' block)",
            blocks[0].label()
        )))
    }

    /// Reads a file; see [`Object::from_bytes`].
    pub fn load(path: impl AsRef<std::path::Path>, passphrase: Option<&[u8]>) -> Result<Object> {
        let path = path.as_ref();
        let data = zeroize::Zeroizing::new(crate::fs::read_input(path)?);
        Self::from_bytes(&data, passphrase).map_err(|e| e.context(path.display()))
    }

    /// `private key`, `public key`, `certificate` or `certificate request`.
    pub fn kind(&self) -> &'static str {
        match self {
            Object::PrivateKey(_) => "private key",
            Object::PublicKey(_) => "public key",
            Object::Certificate(_) => "certificate",
            Object::Request(_) => "certificate request",
        }
    }
}

impl HasPublicKey for Object {
    fn subject_public_key(&self) -> PublicKey {
        match self {
            Object::PrivateKey(k) => k.public_key(),
            Object::PublicKey(k) => k.clone(),
            Object::Certificate(c) => c.public_key().clone(),
            Object::Request(r) => r.public_key().clone(),
        }
    }
}
