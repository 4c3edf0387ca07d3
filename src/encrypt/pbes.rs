//! Encrypted PKCS#8 (`ENCRYPTED PRIVATE KEY`): PBES2 through the `pkcs5` crate, plus PKCS#12 PBE.

use der::asn1::{AnyRef, OctetString, OctetStringRef};
use der::{Decode, Encode, Reader, SliceReader};
use pkcs5::pbes2;
use spki::AlgorithmIdentifierRef;
use zeroize::Zeroizing;

use super::{Cipher, Kdf, PBKDF2_ITERATIONS, PBKDF2_LIMIT, SCRYPT_LIMIT};
use crate::error::{Error, Result};
use crate::oid;
use crate::oid::{PBE_SHA1_3DES, PBES2};

/// Decodes `SEQUENCE { AlgorithmIdentifier, OCTET STRING }`.
fn split(der: &[u8]) -> der::Result<(AlgorithmIdentifierRef<'_>, &[u8])> {
    let mut reader = SliceReader::new(der)?;
    let parts = reader.sequence(|r| {
        let alg = AlgorithmIdentifierRef::decode(r)?;
        let data = <&OctetStringRef>::decode(r)?;
        Ok::<_, der::Error>((alg, data.as_bytes()))
    })?;
    reader.finish()?;
    Ok(parts)
}

/// True when `der` has the shape of an EncryptedPrivateKeyInfo.
pub(crate) fn looks_like_encrypted_pkcs8(der: &[u8]) -> bool {
    split(der).is_ok()
}

fn map_pkcs5(err: pkcs5::Error) -> Error {
    match err {
        pkcs5::Error::DecryptFailed => Error::wrong_passphrase(),
        pkcs5::Error::UnsupportedAlgorithm { oid } => Error::unsupported(format!(
            "encryption algorithm {} is not supported",
            oid::describe(&oid)
        )),
        pkcs5::Error::AlgorithmParametersInvalid { oid } => {
            Error::parse(format!("invalid parameters for {}", oid::describe(&oid)))
        }
        other => Error::parse(format!("encrypted key: {other}")),
    }
}

fn map_der(err: der::Error, what: &str) -> Error {
    if let der::ErrorKind::OidUnknown { oid } = err.kind() {
        return Error::unsupported(format!(
            "{what}: algorithm {} is not supported",
            oid::describe(&oid)
        ));
    }
    Error::parse(format!("{what}: malformed: {err}"))
}

/// Decrypts an EncryptedPrivateKeyInfo, returning the inner PrivateKeyInfo DER.
pub(crate) fn decrypt_pkcs8(der: &[u8], pass: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
    let (alg, data) =
        split(der).map_err(|e| Error::parse(format!("malformed encrypted PKCS#8: {e}")))?;
    if alg.oid == PBE_SHA1_3DES {
        let params = alg
            .parameters
            .ok_or_else(|| Error::parse("PKCS#12 PBE without parameters"))?;
        let (salt, iterations) = decode_pkcs12_params(params)
            .map_err(|e| Error::parse(format!("malformed PKCS#12 PBE parameters: {e}")))?;
        return super::pkcs12::decrypt_sha1_3des(pass, salt, iterations, data);
    }
    if alg.oid != PBES2 {
        return Err(Error::unsupported(format!(
            "key encryption {} is not supported (sslkit reads PBES2 and PKCS#12 3DES)",
            oid::describe(&alg.oid)
        )));
    }
    let params_any = alg
        .parameters
        .ok_or_else(|| Error::parse("PBES2 without parameters"))?;
    let params_der = params_any.to_der().map_err(Error::der)?;
    let params =
        pbes2::Parameters::from_der(&params_der).map_err(|e| map_der(e, "PBES2 parameters"))?;
    check_kdf_limits(&params.kdf)?;
    let block = match params.encryption {
        pbes2::EncryptionScheme::DesCbc { .. } | pbes2::EncryptionScheme::DesEde3Cbc { .. } => 8,
        pbes2::EncryptionScheme::Aes128Gcm { .. } | pbes2::EncryptionScheme::Aes256Gcm { .. } => 1,
        _ => 16,
    };
    super::check_ciphertext_len(data, block)?;
    params
        .decrypt(pass, data)
        .map(Zeroizing::new)
        .map_err(map_pkcs5)
}

fn decode_pkcs12_params(any: AnyRef<'_>) -> der::Result<(&[u8], u32)> {
    let mut reader = SliceReader::new(any.value())?;
    let salt = <&OctetStringRef>::decode(&mut reader)?;
    let iterations = u32::decode(&mut reader)?;
    reader.finish()?;
    Ok((salt.as_bytes(), iterations))
}

/// Refuses hostile KDF parameters before any work or allocation.
fn check_kdf_limits(kdf: &pbes2::Kdf) -> Result<()> {
    match kdf {
        pbes2::Kdf::Pbkdf2(p) => {
            if p.iteration_count == 0 {
                return Err(Error::parse("PBKDF2 iteration count is 0"));
            }
            if p.iteration_count > PBKDF2_LIMIT {
                return Err(Error::unsupported(format!(
                    "PBKDF2 iteration count {} is above sslkit's limit of {PBKDF2_LIMIT}",
                    p.iteration_count
                )));
            }
        }
        pbes2::Kdf::Scrypt(s) => {
            let n = s.cost_parameter;
            if n < 2 || !n.is_power_of_two() {
                return Err(Error::parse(format!(
                    "scrypt cost N = {n} is not a power of two above 1"
                )));
            }
            let mem = 128u64
                .saturating_mul(u64::from(s.block_size))
                .saturating_mul(n)
                .saturating_mul(u64::from(s.parallelization).max(1));
            if s.block_size == 0 || s.parallelization == 0 {
                return Err(Error::parse("scrypt r or p is 0"));
            }
            if mem > SCRYPT_LIMIT {
                return Err(Error::unsupported(format!(
                    "scrypt parameters (N={n}, r={}, p={}) need {} MiB; sslkit's limit is {} MiB",
                    s.block_size,
                    s.parallelization,
                    mem / (1024 * 1024),
                    SCRYPT_LIMIT / (1024 * 1024)
                )));
            }
        }
        _ => return Err(Error::unsupported("unknown PBES2 key derivation function")),
    }
    Ok(())
}

/// Encrypts a PrivateKeyInfo DER into an EncryptedPrivateKeyInfo DER with PBES2.
pub(crate) fn encrypt_pkcs8(
    pkcs8: &[u8],
    pass: &[u8],
    cipher: Cipher,
    kdf: Kdf,
) -> Result<Vec<u8>> {
    let salt: [u8; 16] = super::random_bytes()?;
    let kdf = match kdf {
        Kdf::Scrypt => {
            let sp = scrypt::Params::new(14, 8, 1)
                .map_err(|e| Error::internal(format!("scrypt parameters: {e}")))?;
            pbes2::Kdf::Scrypt(
                pbes2::ScryptParams::from_params_and_salt(sp, &salt).map_err(map_pkcs5)?,
            )
        }
        Kdf::Pbkdf2 => pbes2::Kdf::Pbkdf2(
            pbes2::Pbkdf2Params::hmac_sha256(PBKDF2_ITERATIONS, &salt).map_err(map_pkcs5)?,
        ),
    };
    let encryption = match cipher {
        Cipher::Aes256Cbc => pbes2::EncryptionScheme::Aes256Cbc {
            iv: super::random_bytes::<16>()?,
        },
        Cipher::DesEde3Cbc => pbes2::EncryptionScheme::DesEde3Cbc {
            iv: super::random_bytes::<8>()?,
        },
    };
    let params = pbes2::Parameters { kdf, encryption };
    let ciphertext = params.encrypt(pass, pkcs8).map_err(map_pkcs5)?;
    let info = pkcs8::EncryptedPrivateKeyInfoOwned {
        encryption_algorithm: pkcs5::EncryptionScheme::Pbes2(params),
        encrypted_data: OctetString::new(ciphertext).map_err(Error::der)?,
    };
    info.to_der().map_err(Error::der)
}
