//! # libsslkit: the C face of sslkit
//!
//! This crate builds `libsslkit.so` and `libsslkit.a`; `include/sslkit.h` is generated from it by
//! cbindgen (ffi/tests/header.rs fails when the committed header drifts). It contains no
//! cryptography and no parsing of its own: every function checks its arguments, calls the
//! sslkit core, and translates the result.
//!
//! Every exported function
//! - runs inside a panic boundary ([`boundary::guard`]): no panic unwinds into C, a caught one is
//!   `SSLKIT_ERR_PANIC`;
//! - checks every pointer (NULL is `SSLKIT_ERR_NULL_ARGUMENT`, never a crash) and every enum
//!   value (out of range is `SSLKIT_ERR_INVALID_INPUT`; enum parameters are received as plain
//!   integers, so a bad value from C is never undefined behaviour in Rust);
//! - resets its out-parameters first, so that they hold nothing on failure;
//! - records a message for `sslkit_last_error_message` (per thread) on failure, and clears it on
//!   success.
//!
//! Handles are `Box`es of the core's immutable, `Send + Sync`, `Arc`-backed types, so C may share
//! them between threads.
#![deny(missing_docs)]
#![deny(unsafe_op_in_unsafe_fn)]
#![deny(clippy::undocumented_unsafe_blocks)]
// The C names (`sslkit_key`, `SSLKIT_OK`, ...) are the public contract (include/sslkit.h).
#![allow(non_camel_case_types)]

pub mod boundary;

// The order of the modules is the order of the functions in include/sslkit.h.
pub mod general;

pub mod key;

pub mod csr;

pub mod cert;

pub mod ca;

pub mod matching;

pub mod convert;

pub mod chain;

pub mod check;

use sslkit::{Certificate, CertificateSigningRequest, ErrorKind, PrivateKey};

/// The outcome of every fallible function. `SSLKIT_OK` is 0; codes 1 to 10 are sslkit's error
/// kinds, the same in every face (the README's "Errors" section), in that order; 11 and 12 are
/// the C interface's own. Codes are never renumbered.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum sslkit_result {
    /// Success.
    SSLKIT_OK = 0,
    /// The caller asked for something invalid (bad size, bad name, empty passphrase, unknown
    /// enum value, index out of range, ...).
    SSLKIT_ERR_INVALID_INPUT = 1,
    /// The input bytes are not a well-formed object of the expected kind.
    SSLKIT_ERR_PARSE = 2,
    /// The key is encrypted and no passphrase was given.
    SSLKIT_ERR_PASSPHRASE_REQUIRED = 3,
    /// The passphrase does not decrypt the key (or the encrypted key is corrupted).
    SSLKIT_ERR_WRONG_PASSPHRASE = 4,
    /// A known algorithm or format that sslkit does not implement (e.g. the modulus of an EC
    /// key).
    SSLKIT_ERR_UNSUPPORTED = 5,
    /// The key does not belong to the certificate or request.
    SSLKIT_ERR_KEY_MISMATCH = 6,
    /// A certificate's issuer could not be found; the message names it.
    SSLKIT_ERR_CHAIN_INCOMPLETE = 7,
    /// A signature or certificate check failed (expired, wrong host, untrusted, ...).
    SSLKIT_ERR_VERIFICATION = 8,
    /// Reading or writing a file failed.
    SSLKIT_ERR_IO = 9,
    /// A bug in sslkit: this should not happen.
    SSLKIT_ERR_INTERNAL = 10,
    /// A panic (a bug in sslkit) was caught at the C boundary.
    SSLKIT_ERR_PANIC = 11,
    /// A pointer argument that must not be NULL was NULL.
    SSLKIT_ERR_NULL_ARGUMENT = 12,
}

// The enum above is what include/sslkit.h shows (numbers and documentation); cbindgen reads it
// from the source as written, and it skips items made by a macro (it expands none but
// `bitflags!` without nightly rustc), so the enum cannot come out of `result_codes!`. Instead,
// `result_codes!` takes the one list of codes, each with the core `ErrorKind` it carries (none
// for success and the boundary's own codes), and makes `ALL`, `name`, `to_kind` and `from_kind`
// from it, every one an exhaustive match without a fallback: a code missing from the list, or
// listed twice, or a core kind that no code carries, does not compile. The numbers are the
// enum's; the tests check them against `ErrorKind::code`.
macro_rules! result_codes {
    (@kind) => {
        None
    };
    (@kind $kind:ident) => {
        Some(ErrorKind::$kind)
    };
    ($($code:ident $(=> $kind:ident)?),+ $(,)?) => {
        impl sslkit_result {
            /// Every code, in numeric order.
            pub(crate) const ALL: &'static [sslkit_result] = &[$(sslkit_result::$code),+];

            /// The C code for a core error kind (its number is `kind.code()`).
            #[deny(unreachable_patterns)]
            pub fn from_kind(kind: ErrorKind) -> Self {
                match kind {
                    $($(ErrorKind::$kind => sslkit_result::$code,)?)+
                }
            }

            /// The core error kind of a code; None for `SSLKIT_OK` and for the codes made at
            /// the C boundary (`SSLKIT_ERR_PANIC`, `SSLKIT_ERR_NULL_ARGUMENT`).
            #[deny(unreachable_patterns)]
            pub fn to_kind(self) -> Option<ErrorKind> {
                match self {
                    $(sslkit_result::$code => result_codes!(@kind $($kind)?),)+
                }
            }

            /// The constant's name, e.g. `"SSLKIT_ERR_PARSE"`.
            #[deny(unreachable_patterns)]
            pub fn name(self) -> &'static str {
                match self {
                    $(sslkit_result::$code => stringify!($code),)+
                }
            }
        }
    };
}

result_codes! {
    SSLKIT_OK,
    SSLKIT_ERR_INVALID_INPUT => InvalidInput,
    SSLKIT_ERR_PARSE => Parse,
    SSLKIT_ERR_PASSPHRASE_REQUIRED => PassphraseRequired,
    SSLKIT_ERR_WRONG_PASSPHRASE => WrongPassphrase,
    SSLKIT_ERR_UNSUPPORTED => Unsupported,
    SSLKIT_ERR_KEY_MISMATCH => KeyMismatch,
    SSLKIT_ERR_CHAIN_INCOMPLETE => ChainIncomplete,
    SSLKIT_ERR_VERIFICATION => Verification,
    SSLKIT_ERR_IO => Io,
    SSLKIT_ERR_INTERNAL => Internal,
    SSLKIT_ERR_PANIC,
    SSLKIT_ERR_NULL_ARGUMENT,
}

/// Bytes that sslkit allocated and the caller owns (PEM, DER, text). `data[len]` is always a
/// NUL byte that `len` does not count, so text outputs can be used as C strings. Release with
/// `sslkit_bytes_free`, never with `free()`. An empty value is `{NULL, 0}`.
#[repr(C)]
#[derive(Debug)]
pub struct sslkit_bytes {
    /// The bytes (NUL-terminated), or NULL when empty.
    pub data: *mut u8,
    /// The number of bytes, not counting the terminating NUL.
    pub len: usize,
}

impl sslkit_bytes {
    /// `{NULL, 0}`.
    pub const EMPTY: sslkit_bytes = sslkit_bytes {
        data: std::ptr::null_mut(),
        len: 0,
    };
}

/// The kinds of key sslkit makes and reads.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum sslkit_key_type {
    /// RSA, e = 65537 (2048 bits by default).
    SSLKIT_KEY_RSA = 0,
    /// ECDSA on NIST P-256.
    SSLKIT_KEY_EC_P256 = 1,
    /// ECDSA on NIST P-384.
    SSLKIT_KEY_EC_P384 = 2,
    /// Ed25519.
    SSLKIT_KEY_ED25519 = 3,
}

/// What a certificate signed by a CA is for (chooses keyUsage, extendedKeyUsage and
/// basicConstraints).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum sslkit_profile {
    /// TLS server: digitalSignature (+ keyEncipherment for RSA), serverAuth; the CN is also
    /// written as a SAN.
    SSLKIT_PROFILE_SERVER = 0,
    /// TLS client: digitalSignature, clientAuth.
    SSLKIT_PROFILE_CLIENT = 1,
    /// Both serverAuth and clientAuth.
    SSLKIT_PROFILE_SERVER_CLIENT = 2,
    /// An intermediate CA (CA:TRUE, keyCertSign, cRLSign).
    SSLKIT_PROFILE_INTERMEDIATE = 3,
}

/// How a private key is laid out when written.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum sslkit_key_format {
    /// PKCS#8 (`PRIVATE KEY` / `ENCRYPTED PRIVATE KEY`): the default, for every key type.
    SSLKIT_KEY_FORMAT_PKCS8 = 0,
    /// PKCS#1 (`RSA PRIVATE KEY`) or SEC1 (`EC PRIVATE KEY`); with a passphrase, the legacy
    /// `Proc-Type`/`DEK-Info` encryption (PEM only). Ed25519 keys have no traditional form.
    SSLKIT_KEY_FORMAT_TRADITIONAL = 1,
}

/// The cipher of an encrypted private key.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum sslkit_cipher {
    /// AES-256-CBC: the default.
    SSLKIT_CIPHER_AES_256_CBC = 0,
    /// DES-EDE3-CBC, for old software (what `openssl genrsa -des3` means).
    SSLKIT_CIPHER_DES_EDE3_CBC = 1,
}

/// The key derivation function of an encrypted PKCS#8 key (the legacy traditional scheme has
/// its own and ignores this).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum sslkit_kdf {
    /// scrypt (N = 2^14, r = 8, p = 1): the default; OpenSSL 1.1+ reads it.
    SSLKIT_KDF_SCRYPT = 0,
    /// PBKDF2-HMAC-SHA256, 600,000 iterations, for readers without scrypt.
    SSLKIT_KDF_PBKDF2 = 1,
}

/// The hash of a certificate fingerprint.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum sslkit_fingerprint_hash {
    /// SHA-1 (`openssl x509 -fingerprint -sha1`): identifies, never signs.
    SSLKIT_FINGERPRINT_SHA1 = 0,
    /// SHA-256 (`openssl x509 -fingerprint -sha256`).
    SSLKIT_FINGERPRINT_SHA256 = 1,
}

/// `path_len` value meaning "no pathLenConstraint" (any number of CAs may follow).
pub const SSLKIT_PATH_LEN_UNLIMITED: i32 = -1;

/// The default input size cap in bytes (16 MiB); see `sslkit_set_max_input_size`.
pub const SSLKIT_MAX_INPUT_SIZE: usize = 16 * 1024 * 1024;
/// The most PEM blocks read from one input.
pub const SSLKIT_MAX_PEM_BLOCKS: usize = 100_000;
/// The most certificates in a chain pool.
pub const SSLKIT_MAX_POOL_SIZE: usize = 100_000;
/// The longest chain (certificates, leaf and root included) that is assembled or verified.
pub const SSLKIT_MAX_CHAIN_DEPTH: usize = 10;
/// The largest RSA modulus read or generated, in bits.
pub const SSLKIT_MAX_RSA_BITS: u32 = 16_384;

// The header's constants are literals (cbindgen needs them so); these asserts keep them equal
// to the core's.
const _: () = assert!(SSLKIT_MAX_INPUT_SIZE == sslkit::limits::MAX_INPUT_SIZE);
const _: () = assert!(SSLKIT_MAX_PEM_BLOCKS == sslkit::limits::MAX_PEM_BLOCKS);
const _: () = assert!(SSLKIT_MAX_POOL_SIZE == sslkit::MAX_POOL_SIZE);
const _: () = assert!(SSLKIT_MAX_CHAIN_DEPTH == sslkit::MAX_CHAIN_DEPTH);
const _: () = assert!(SSLKIT_MAX_RSA_BITS == sslkit::MAX_RSA_BITS);

// Enum parameters arrive from C as plain integers (a C enum is an `int`-sized integer on every
// platform sslkit supports, i.e. without -fshort-enums, and C may pass any value). Receiving
// them as Rust enums would make an out-of-range value undefined behaviour, so the functions
// take these aliases and check the value; cbindgen.toml renames each alias to its enum's name
// (and does not emit the alias), so the header shows the enum. Enum *outputs* are written as
// the real `#[repr(C)]` enums, which always hold a valid value.

/// An `sslkit_result` received from C (any value).
pub type ResultArg = u32;
/// An `sslkit_key_type` received from C (any value).
pub type KeyTypeArg = u32;
/// An `sslkit_profile` received from C (any value).
pub type ProfileArg = u32;
/// An `sslkit_key_format` received from C (any value).
pub type KeyFormatArg = u32;
/// An `sslkit_cipher` received from C (any value).
pub type CipherArg = u32;
/// An `sslkit_kdf` received from C (any value).
pub type KdfArg = u32;
/// An `sslkit_fingerprint_hash` received from C (any value).
pub type FingerprintHashArg = u32;

/// A private key (RSA, ECDSA P-256/P-384 or Ed25519). Immutable; may be shared between threads.
pub struct sslkit_key {
    pub(crate) inner: PrivateKey,
}

/// A certificate signing request (PKCS#10). Immutable; may be shared between threads.
pub struct sslkit_csr {
    pub(crate) inner: CertificateSigningRequest,
}

/// An X.509 certificate. Immutable; may be shared between threads.
pub struct sslkit_cert {
    pub(crate) inner: Certificate,
}

/// An ordered list of certificates (a PEM bundle or a chain). Immutable; may be shared between
/// threads.
pub struct sslkit_certs {
    pub(crate) inner: Vec<Certificate>,
}

// Handles are read from several C threads at once: they must stay Send + Sync.
const _: () = {
    const fn send_sync<T: Send + Sync>() {}
    send_sync::<sslkit_key>();
    send_sync::<sslkit_csr>();
    send_sync::<sslkit_cert>();
    send_sync::<sslkit_certs>();
};

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn every_error_kind_has_its_code_and_back() {
        for kind in ErrorKind::ALL {
            let r = sslkit_result::from_kind(kind);
            assert_eq!(r as u32, kind.code(), "{kind}");
            assert_eq!(r.to_kind(), Some(kind), "{kind}");
            assert_eq!(ErrorKind::from_code(r as u32), Some(kind), "{kind}");
        }
    }

    #[test]
    fn the_result_codes_are_numbered_in_order_with_unique_names() {
        use sslkit_result::{SSLKIT_ERR_NULL_ARGUMENT, SSLKIT_ERR_PANIC, SSLKIT_OK};
        // The error kinds, then success and the boundary's two codes.
        assert_eq!(sslkit_result::ALL.len(), ErrorKind::ALL.len() + 3);
        let mut names = HashSet::new();
        for (i, &r) in sslkit_result::ALL.iter().enumerate() {
            assert_eq!(r as usize, i, "{r:?}");
            assert_eq!(r.name(), format!("{r:?}"));
            assert!(r.name().starts_with("SSLKIT_"), "{}", r.name());
            assert!(names.insert(r.name()), "{} twice", r.name());
            match r.to_kind() {
                Some(kind) => {
                    assert_eq!(kind.code(), r as u32, "{r:?}");
                    assert_eq!(sslkit_result::from_kind(kind), r);
                }
                None => assert!(
                    matches!(r, SSLKIT_OK | SSLKIT_ERR_PANIC | SSLKIT_ERR_NULL_ARGUMENT),
                    "{r:?} has no error kind"
                ),
            }
        }
        for r in [SSLKIT_OK, SSLKIT_ERR_PANIC, SSLKIT_ERR_NULL_ARGUMENT] {
            assert_eq!(r.to_kind(), None, "{r:?}");
        }
    }
}
