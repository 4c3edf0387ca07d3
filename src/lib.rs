//! # sslkit
//!
//! Keys, certificate signing requests, certificates and a small CA for TLS servers: the jobs of
//! the Apache mod_ssl FAQ's `openssl` commands, as one pure-Rust library.
//!
//! | FAQ job | openssl | sslkit |
//! |---|---|---|
//! | make an RSA key with a passphrase | `openssl genrsa -des3 -out server.key 2048` | [`PrivateKey::generate`] + [`PrivateKey::to_pem_with`] |
//! | remove the passphrase | `openssl rsa -in server.key -out server.key.unsecure` | [`PrivateKey::load`] + [`PrivateKey::to_pem`] |
//! | look at a key | `openssl rsa -noout -text -in server.key` | [`PrivateKey::bits`], [`PrivateKey::public_key`] |
//!
//! ```
//! use sslkit::{EncodeOptions, KeyType, PrivateKey};
//! // openssl genrsa -aes256 2048
//! let key = PrivateKey::generate(KeyType::Rsa, Some(2048))?;
//! let encrypted = key.to_pem_with(&EncodeOptions::new().passphrase(b"s3cret"))?;
//! // openssl rsa -in server.key -out server.key.unsecure
//! let clear = PrivateKey::from_pem(encrypted.as_bytes(), Some(b"s3cret"))?.to_pem()?;
//! assert!(clear.starts_with("-----BEGIN PRIVATE KEY-----"));
//! # Ok::<(), sslkit::Error>(())
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod ca;
mod cert;
mod chain;
mod check;
mod csr;
mod encrypt;
mod error;
mod fingerprint;
pub mod fs;
mod issue;
mod key;
pub mod limits;
pub mod name;
mod oid;
pub mod pem;
pub mod san;
mod sign;
pub mod text;
mod time;
mod tlv;
mod verify;

pub use ca::{CertificateAuthority, Issued};
pub use cert::{Certificate, Constraints, ExtensionInfo, load_certificates};
pub use chain::{
    AssembledChain, MAX_CHAIN_DEPTH, MAX_POOL_SIZE, Roots, SYSTEM_ROOTS, assemble, assemble_at,
    assemble_chain, system_roots,
};
pub use check::{CheckInput, EXPIRY_WARNING_DAYS, Finding, Findings, Severity, check, check_files};
pub use csr::CertificateSigningRequest;
pub use encrypt::{Cipher, Kdf, MAX_PBKDF2_ITERATIONS, MAX_SCRYPT_MEMORY, PBKDF2_ITERATIONS};
pub use error::{Error, ErrorKind, Result};
pub use fingerprint::{FingerprintHash, HasPublicKey, Object, check_match, modulus, modulus_md5};
pub use issue::{BACKDATE, IssueOptions, MAX_DAYS, Profile};
pub use key::{
    EncodeOptions, KeyFormat, KeyType, MAX_RSA_BITS, MIN_RSA_BITS, PrivateKey, PublicKey,
};
pub use name::DistinguishedName;
pub use san::SubjectAltName;
pub use sign::{HashAlg, SignatureAlgorithm};
pub use time::parse_time;
pub use verify::{Purpose, VerifyOptions, Violation, check_host, verify_chain};
