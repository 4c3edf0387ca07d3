//! Passphrase encryption of private keys: PKCS#8 PBES2 (scrypt or PBKDF2, AES or 3DES), PKCS#12
//! PBE 3DES (read only), and OpenSSL's legacy PEM encryption (`Proc-Type`/`DEK-Info`).

mod legacy;
mod pbes;
mod pkcs12;

pub(crate) use legacy::{decrypt_legacy, encrypt_legacy, is_legacy_encrypted};
pub(crate) use pbes::{decrypt_pkcs8, encrypt_pkcs8, looks_like_encrypted_pkcs8};

use std::fmt;
use std::str::FromStr;

use crate::error::Error;

/// The cipher that protects an encrypted key.
///
/// ```
/// let c: sslkit::Cipher = "des3".parse().unwrap();
/// assert_eq!(c, sslkit::Cipher::DesEde3Cbc);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Cipher {
    /// AES-256-CBC: the default.
    #[default]
    Aes256Cbc,
    /// DES-EDE3-CBC (`-des3`): for software that reads nothing newer.
    DesEde3Cbc,
}

impl Cipher {
    /// Every cipher, in the order of the C enum.
    pub const ALL: [Cipher; 2] = [Cipher::Aes256Cbc, Cipher::DesEde3Cbc];

    /// The CLI name: `aes256` or `des3`.
    pub fn name(self) -> &'static str {
        match self {
            Cipher::Aes256Cbc => "aes256",
            Cipher::DesEde3Cbc => "des3",
        }
    }
}

impl fmt::Display for Cipher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Cipher {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        match s.to_ascii_lowercase().as_str() {
            "aes256" | "aes-256-cbc" | "aes-256" => Ok(Cipher::Aes256Cbc),
            "des3" | "des-ede3-cbc" | "3des" => Ok(Cipher::DesEde3Cbc),
            _ => Err(Error::invalid(format!(
                "unknown cipher '{s}' (expected {})",
                crate::error::one_of(&Cipher::ALL, Cipher::name)
            ))),
        }
    }
}

/// The key derivation function of an encrypted PKCS#8 key.
///
/// ```
/// let k: sslkit::Kdf = "pbkdf2".parse().unwrap();
/// assert_eq!(k, sslkit::Kdf::Pbkdf2);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Kdf {
    /// scrypt, N = 2^14, r = 8, p = 1: the default; OpenSSL 1.1+ reads it.
    #[default]
    Scrypt,
    /// PBKDF2-HMAC-SHA256 with 600,000 iterations, for readers without scrypt.
    Pbkdf2,
}

impl Kdf {
    /// Every key derivation, in the order of the C enum.
    pub const ALL: [Kdf; 2] = [Kdf::Scrypt, Kdf::Pbkdf2];

    /// The CLI name: `scrypt` or `pbkdf2`.
    pub fn name(self) -> &'static str {
        match self {
            Kdf::Scrypt => "scrypt",
            Kdf::Pbkdf2 => "pbkdf2",
        }
    }
}

impl fmt::Display for Kdf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Kdf {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        match s.to_ascii_lowercase().as_str() {
            "scrypt" => Ok(Kdf::Scrypt),
            "pbkdf2" => Ok(Kdf::Pbkdf2),
            _ => Err(Error::invalid(format!(
                "unknown key derivation '{s}' (expected {})",
                crate::error::one_of(&Kdf::ALL, Kdf::name)
            ))),
        }
    }
}

/// PBKDF2 iteration count sslkit writes (OWASP 2023 advice for HMAC-SHA256).
pub const PBKDF2_ITERATIONS: u32 = 600_000;
/// The most PBKDF2 iterations sslkit will run when reading a key (hostile files could ask for
/// billions).
pub const MAX_PBKDF2_ITERATIONS: u32 = 10_000_000;
/// The most memory (bytes) scrypt may use when reading a key: 128 · r · N · p.
pub const MAX_SCRYPT_MEMORY: u64 = 256 * 1024 * 1024;

/// The PBKDF2 cap actually applied. Under cargo-fuzz (`cfg(fuzzing)`) it is far lower, so that
/// every fuzz input runs in milliseconds instead of the fuzzer finding "slow" inputs that only
/// ask for the legitimate maximum of work.
#[cfg(not(fuzzing))]
pub(crate) const PBKDF2_LIMIT: u32 = MAX_PBKDF2_ITERATIONS;
#[cfg(fuzzing)]
pub(crate) const PBKDF2_LIMIT: u32 = 10_000;
/// The scrypt memory cap actually applied (lower under cargo-fuzz, as [`PBKDF2_LIMIT`]).
#[cfg(not(fuzzing))]
pub(crate) const SCRYPT_LIMIT: u64 = MAX_SCRYPT_MEMORY;
#[cfg(fuzzing)]
pub(crate) const SCRYPT_LIMIT: u64 = 1024 * 1024;

/// A CBC ciphertext that is empty or not whole blocks is malformed whatever the passphrase:
/// `Parse`, not `WrongPassphrase`.
pub(crate) fn check_ciphertext_len(ct: &[u8], block: usize) -> Result<(), Error> {
    if ct.is_empty() || !ct.len().is_multiple_of(block) {
        return Err(Error::parse(format!(
            "encrypted key: the ciphertext is {} bytes, not a whole number of {block}-byte blocks",
            ct.len()
        )));
    }
    Ok(())
}

pub(crate) fn random_bytes<const N: usize>() -> Result<[u8; N], Error> {
    let mut buf = [0u8; N];
    getrandom::fill(&mut buf)
        .map_err(|e| Error::internal(format!("the system random generator failed: {e}")))?;
    Ok(buf)
}
