//! Private keys: generate, read, write (clear or encrypted), inspect.

use sslkit::{EncodeOptions, PrivateKey};

use crate::boundary::{
    self, OutBytes, OutHandle, bytes_getter, guard, handle, input, optional_input, value_getter,
};
use crate::{
    CipherArg, KdfArg, KeyFormatArg, KeyTypeArg, sslkit_bytes, sslkit_key, sslkit_key_type,
    sslkit_result,
};

/// Generates a private key (`openssl genrsa 2048`, `openssl genpkey -algorithm ...`).
///
/// `bits` applies to RSA: 0 means 2048; 2048 to 16384 (even) is accepted, smaller sizes are
/// refused. For EC and Ed25519 keys `bits` must be 0 or the curve's size (256, 384, 256).
///
/// Returns `SSLKIT_OK`, `SSLKIT_ERR_INVALID_INPUT` (bad size, unknown type) or
/// `SSLKIT_ERR_NULL_ARGUMENT`.
///
/// # Safety
/// - `out`: receives a new key; the caller owns it and frees it with `sslkit_key_free`. Set to
///   NULL on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_key_generate(
    r#type: KeyTypeArg,
    bits: u32,
    out: *mut *mut sslkit_key,
) -> sslkit_result {
    guard("sslkit_key_generate", || {
        // SAFETY: `out` satisfies this function's safety contract.
        let out = unsafe { OutHandle::new(out, "out")? };
        let key_type = boundary::key_type(r#type)?;
        let bits = (bits != 0).then_some(bits);
        out.set(sslkit_key {
            inner: PrivateKey::generate(key_type, bits)?,
        });
        Ok(())
    })
}

/// Reads a private key from PEM, whatever its format (PKCS#8, PKCS#1, SEC1, encrypted PKCS#8,
/// legacy `Proc-Type: 4,ENCRYPTED`); text before the PEM block is skipped.
///
/// A passphrase given for a key that is not encrypted is ignored.
///
/// Returns `SSLKIT_OK`, `SSLKIT_ERR_PARSE`, `SSLKIT_ERR_PASSPHRASE_REQUIRED` (encrypted, no
/// passphrase), `SSLKIT_ERR_WRONG_PASSPHRASE`, `SSLKIT_ERR_UNSUPPORTED` or
/// `SSLKIT_ERR_NULL_ARGUMENT`.
///
/// # Safety
/// - `pem`, `pem_len`: the PEM text (need not be NUL-terminated); borrowed for the duration of
///   the call.
/// - `pass`, `pass_len`: the passphrase bytes, or NULL and 0 for none; borrowed for the
///   duration of the call (sslkit wipes its own copies).
/// - `out`: receives a new key; the caller owns it and frees it with `sslkit_key_free`. Set to
///   NULL on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_key_from_pem(
    pem: *const u8,
    pem_len: usize,
    pass: *const u8,
    pass_len: usize,
    out: *mut *mut sslkit_key,
) -> sslkit_result {
    guard("sslkit_key_from_pem", || {
        // SAFETY: every pointer argument satisfies this function's safety contract.
        let (out, pem, pass) = unsafe {
            (
                OutHandle::new(out, "out")?,
                input(pem, pem_len, "pem")?,
                optional_input(pass, pass_len, "pass")?,
            )
        };
        out.set(sslkit_key {
            inner: PrivateKey::from_pem(pem, pass)?,
        });
        Ok(())
    })
}

/// Reads a private key from DER (PKCS#8, encrypted PKCS#8, PKCS#1 or SEC1).
///
/// Returns as `sslkit_key_from_pem`.
///
/// # Safety
/// - `der`, `der_len`: the DER bytes; borrowed for the duration of the call.
/// - `pass`, `pass_len`: the passphrase, or NULL and 0 for none; borrowed for the call.
/// - `out`: receives a new key; the caller owns it and frees it with `sslkit_key_free`. Set to
///   NULL on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_key_from_der(
    der: *const u8,
    der_len: usize,
    pass: *const u8,
    pass_len: usize,
    out: *mut *mut sslkit_key,
) -> sslkit_result {
    guard("sslkit_key_from_der", || {
        // SAFETY: every pointer argument satisfies this function's safety contract.
        let (out, der, pass) = unsafe {
            (
                OutHandle::new(out, "out")?,
                input(der, der_len, "der")?,
                optional_input(pass, pass_len, "pass")?,
            )
        };
        out.set(sslkit_key {
            inner: PrivateKey::from_der(der, pass)?,
        });
        Ok(())
    })
}

/// Writes the key as PKCS#8 PEM: clear (`PRIVATE KEY`) without a passphrase, encrypted
/// (`ENCRYPTED PRIVATE KEY`: PBES2, scrypt, AES-256-CBC) with one. See `sslkit_key_to_pem_with`
/// for other layouts and ciphers.
///
/// Returns `SSLKIT_OK`, `SSLKIT_ERR_INVALID_INPUT` (an empty, non-NULL passphrase) or
/// `SSLKIT_ERR_NULL_ARGUMENT`.
///
/// # Safety
/// - `key`: borrowed for the duration of the call.
/// - `pass`, `pass_len`: the passphrase, or NULL and 0 to write the key in the clear; borrowed
///   for the duration of the call.
/// - `out`: receives the PEM text; the caller owns it and frees it with `sslkit_bytes_free`
///   (which wipes it). Set to `{NULL, 0}` on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_key_to_pem(
    key: *const sslkit_key,
    pass: *const u8,
    pass_len: usize,
    out: *mut sslkit_bytes,
) -> sslkit_result {
    guard("sslkit_key_to_pem", || {
        // SAFETY: every pointer argument satisfies this function's safety contract.
        let (out, key, pass) = unsafe {
            (
                OutBytes::new(out, "out")?,
                handle(key, "key")?,
                optional_input(pass, pass_len, "pass")?,
            )
        };
        let mut opts = EncodeOptions::new();
        opts.passphrase = pass;
        out.set(key.inner.to_pem_with(&opts)?.as_bytes());
        Ok(())
    })
}

fn encode_options<'a>(
    format: KeyFormatArg,
    cipher: CipherArg,
    kdf: KdfArg,
    pass: Option<&'a [u8]>,
) -> Result<EncodeOptions<'a>, boundary::Failure> {
    let mut opts = EncodeOptions::new()
        .format(boundary::key_format(format)?)
        .cipher(boundary::cipher(cipher)?)
        .kdf(boundary::kdf(kdf)?);
    opts.passphrase = pass;
    Ok(opts)
}

/// Writes the key as PEM with a chosen layout and encryption (`openssl genrsa -traditional
/// -des3`, `openssl pkcs8 -topk8 -v2 aes256`, ...).
///
/// - `format`: PKCS#8, or traditional (PKCS#1 / SEC1; with a passphrase, legacy `DEK-Info`
///   encryption; Ed25519 has no traditional form: `SSLKIT_ERR_UNSUPPORTED`).
/// - `cipher`: the cipher with a passphrase; without one it must be the default (0), since
///   nothing would be encrypted.
/// - `kdf`: the key derivation of encrypted PKCS#8; for a clear or a traditional key it must be
///   the default (0, scrypt): traditional encryption uses OpenSSL's legacy derivation.
///
/// Returns `SSLKIT_OK`, `SSLKIT_ERR_INVALID_INPUT` (unknown enum value, empty non-NULL
/// passphrase, a cipher or KDF that contradicts the rest), `SSLKIT_ERR_UNSUPPORTED` or `SSLKIT_ERR_NULL_ARGUMENT`.
///
/// # Safety
/// - `key`: borrowed for the duration of the call.
/// - `pass`, `pass_len`: the passphrase, or NULL and 0 for a clear key; borrowed for the call.
/// - `out`: receives the PEM text; the caller owns it and frees it with `sslkit_bytes_free`.
///   Set to `{NULL, 0}` on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_key_to_pem_with(
    key: *const sslkit_key,
    format: KeyFormatArg,
    cipher: CipherArg,
    kdf: KdfArg,
    pass: *const u8,
    pass_len: usize,
    out: *mut sslkit_bytes,
) -> sslkit_result {
    guard("sslkit_key_to_pem_with", || {
        // SAFETY: every pointer argument satisfies this function's safety contract.
        let (out, key, pass) = unsafe {
            (
                OutBytes::new(out, "out")?,
                handle(key, "key")?,
                optional_input(pass, pass_len, "pass")?,
            )
        };
        let opts = encode_options(format, cipher, kdf, pass)?;
        out.set(key.inner.to_pem_with(&opts)?.as_bytes());
        Ok(())
    })
}

/// Writes the key as DER with a chosen layout and encryption. Encryption in DER exists only for
/// PKCS#8: a traditional DER with a passphrase is `SSLKIT_ERR_INVALID_INPUT`.
///
/// Returns as `sslkit_key_to_pem_with`.
///
/// # Safety
/// - `key`: borrowed for the duration of the call.
/// - `pass`, `pass_len`: the passphrase, or NULL and 0 for a clear key; borrowed for the call.
/// - `out`: receives the DER bytes; the caller owns them and frees them with
///   `sslkit_bytes_free`. Set to `{NULL, 0}` on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_key_to_der_with(
    key: *const sslkit_key,
    format: KeyFormatArg,
    cipher: CipherArg,
    kdf: KdfArg,
    pass: *const u8,
    pass_len: usize,
    out: *mut sslkit_bytes,
) -> sslkit_result {
    guard("sslkit_key_to_der_with", || {
        // SAFETY: every pointer argument satisfies this function's safety contract.
        let (out, key, pass) = unsafe {
            (
                OutBytes::new(out, "out")?,
                handle(key, "key")?,
                optional_input(pass, pass_len, "pass")?,
            )
        };
        let opts = encode_options(format, cipher, kdf, pass)?;
        out.set(&key.inner.to_der_with(&opts)?);
        Ok(())
    })
}

/// The public half as SubjectPublicKeyInfo PEM (`-----BEGIN PUBLIC KEY-----`, what `openssl
/// pkey -pubout` writes).
///
/// # Safety
/// - `key`: borrowed for the duration of the call.
/// - `out`: receives the PEM text; the caller owns it and frees it with `sslkit_bytes_free`.
///   Set to `{NULL, 0}` on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_key_public_to_pem(
    key: *const sslkit_key,
    out: *mut sslkit_bytes,
) -> sslkit_result {
    // SAFETY: the arguments satisfy this function's contract, which is the getter's.
    unsafe {
        bytes_getter("sslkit_key_public_to_pem", key, "key", out, |k| {
            Ok(k.inner.public_key().to_pem())
        })
    }
}

/// The key's type.
///
/// # Safety
/// - `key`: borrowed for the duration of the call.
/// - `out`: receives the type (`SSLKIT_KEY_RSA` on failure).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_key_algorithm(
    key: *const sslkit_key,
    out: *mut sslkit_key_type,
) -> sslkit_result {
    // SAFETY: the arguments satisfy this function's contract, which is the getter's.
    unsafe {
        value_getter(
            "sslkit_key_algorithm",
            key,
            "key",
            out,
            sslkit_key_type::SSLKIT_KEY_RSA,
            |k| Ok(sslkit_key_type::from_core(k.inner.key_type())),
        )
    }
}

/// The key's size in bits: the RSA modulus size, the curve size, 256 for Ed25519.
///
/// # Safety
/// - `key`: borrowed for the duration of the call.
/// - `out`: receives the size (0 on failure).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_key_bits(key: *const sslkit_key, out: *mut u32) -> sslkit_result {
    // SAFETY: the arguments satisfy this function's contract, which is the getter's.
    unsafe {
        value_getter("sslkit_key_bits", key, "key", out, 0, |k| {
            Ok(k.inner.bits())
        })
    }
}

/// The SHA-256 fingerprint of the key's SubjectPublicKeyInfo as `AA:BB:...` (95 characters):
/// the same for the key, its CSR and its certificate, for every key type.
///
/// # Safety
/// - `key`: borrowed for the duration of the call.
/// - `out`: receives the text; the caller owns it and frees it with `sslkit_bytes_free`. Set to
///   `{NULL, 0}` on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_key_spki_fingerprint(
    key: *const sslkit_key,
    out: *mut sslkit_bytes,
) -> sslkit_result {
    // SAFETY: the arguments satisfy this function's contract, which is the getter's.
    unsafe {
        bytes_getter("sslkit_key_spki_fingerprint", key, "key", out, |k| {
            Ok(k.inner.public_key().spki_fingerprint())
        })
    }
}

/// The SPKI SHA-256 pin in base64 (44 characters), as HPKP's `pin-sha256` and `curl
/// --pinnedpubkey sha256//...` use it.
///
/// # Safety
/// - `key`: borrowed for the duration of the call.
/// - `out`: receives the text; the caller owns it and frees it with `sslkit_bytes_free`. Set to
///   `{NULL, 0}` on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_key_spki_pin(
    key: *const sslkit_key,
    out: *mut sslkit_bytes,
) -> sslkit_result {
    // SAFETY: the arguments satisfy this function's contract, which is the getter's.
    unsafe {
        bytes_getter("sslkit_key_spki_pin", key, "key", out, |k| {
            Ok(k.inner.public_key().spki_pin_sha256())
        })
    }
}

/// Frees a key. NULL is a no-op. No thread may use the key during or after this call.
///
/// # Safety
/// - `key`: NULL, or a key made by sslkit and not yet freed; ownership passes to this call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_key_free(key: *mut sslkit_key) {
    // SAFETY: the argument satisfies this function's contract, which is free_handle's.
    unsafe { boundary::free_handle(key) }
}
