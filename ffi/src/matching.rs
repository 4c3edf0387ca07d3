//! Which key belongs to which certificate or request: the FAQ's modulus (and its MD5) and the
//! key matching checks.

use std::ffi::c_char;

use sslkit::Object;

use crate::boundary::{OutBytes, OutText, guard, handle, input, optional_input};
use crate::{sslkit_bytes, sslkit_cert, sslkit_csr, sslkit_key, sslkit_result};

/// The FAQ's check, `openssl x509 -noout -modulus -in server.crt | openssl md5` (and `rsa`,
/// `req`): the MD5 of the line `Modulus=<HEX>\n`, as 32 lowercase hex characters and a NUL.
/// Equal values mean the key, certificate and request belong together.
///
/// The input is an RSA private key (any format, possibly encrypted), public key, certificate
/// or request, in PEM (the first such block counts) or DER. Keys that are not RSA have no
/// modulus: `SSLKIT_ERR_UNSUPPORTED` (compare SPKI fingerprints instead, or use
/// `sslkit_key_matches_cert`).
///
/// Returns `SSLKIT_OK`, `SSLKIT_ERR_PARSE`, `SSLKIT_ERR_PASSPHRASE_REQUIRED`,
/// `SSLKIT_ERR_WRONG_PASSPHRASE`, `SSLKIT_ERR_UNSUPPORTED` or `SSLKIT_ERR_NULL_ARGUMENT`.
///
/// # Safety
/// - `pem`, `pem_len`: the input; borrowed for the duration of the call.
/// - `pass`, `pass_len`: the passphrase of an encrypted key, or NULL and 0 for none; borrowed
///   for the duration of the call.
/// - `out_hex`: a caller buffer of at least 33 bytes; receives 32 hex digits and a NUL (an
///   empty string on failure).
///
/// cbindgen:ptrs-as-arrays=[[out_hex; 33]]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_modulus_md5(
    pem: *const u8,
    pem_len: usize,
    pass: *const u8,
    pass_len: usize,
    out_hex: *mut c_char,
) -> sslkit_result {
    guard("sslkit_modulus_md5", || {
        // SAFETY: every pointer argument satisfies this function's safety contract.
        let (out, data, pass) = unsafe {
            (
                OutText::<33>::new(out_hex, "out_hex")?,
                input(pem, pem_len, "pem")?,
                optional_input(pass, pass_len, "pass")?,
            )
        };
        let object = Object::from_bytes(data, pass)?;
        out.set(&sslkit::modulus_md5(&object)?)
    })
}

/// The modulus line itself, `Modulus=<UPPERCASE HEX>\n`, exactly as `openssl x509|rsa|req
/// -noout -modulus` prints it. Inputs and errors as `sslkit_modulus_md5`.
///
/// # Safety
/// - `pem`, `pem_len`: the input; borrowed for the duration of the call.
/// - `pass`, `pass_len`: the passphrase, or NULL and 0 for none; borrowed for the call.
/// - `out`: receives the line (NUL-terminated); the caller owns it and frees it with
///   `sslkit_bytes_free`. Set to `{NULL, 0}` on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_modulus(
    pem: *const u8,
    pem_len: usize,
    pass: *const u8,
    pass_len: usize,
    out: *mut sslkit_bytes,
) -> sslkit_result {
    guard("sslkit_modulus", || {
        // SAFETY: every pointer argument satisfies this function's safety contract.
        let (out, data, pass) = unsafe {
            (
                OutBytes::new(out, "out")?,
                input(pem, pem_len, "pem")?,
                optional_input(pass, pass_len, "pass")?,
            )
        };
        let object = Object::from_bytes(data, pass)?;
        out.set(sslkit::modulus(&object)?.as_bytes());
        Ok(())
    })
}

/// Checks that the key belongs to the certificate (their SubjectPublicKeyInfo are equal; for
/// RSA, modulus and exponent), for every key type.
///
/// Returns `SSLKIT_OK` when it does, `SSLKIT_ERR_KEY_MISMATCH` when it does not (the message
/// names the certificate), or `SSLKIT_ERR_NULL_ARGUMENT`.
///
/// # Safety
/// - `key`, `cert`: borrowed for the duration of the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_key_matches_cert(
    key: *const sslkit_key,
    cert: *const sslkit_cert,
) -> sslkit_result {
    guard("sslkit_key_matches_cert", || {
        // SAFETY: every pointer argument satisfies this function's safety contract.
        let (key, cert) = unsafe { (handle(key, "key")?, handle(cert, "cert")?) };
        sslkit::check_match(&key.inner, Some(&cert.inner), None)?;
        Ok(())
    })
}

/// Checks that the key belongs to the request. Returns `SSLKIT_OK`, `SSLKIT_ERR_KEY_MISMATCH`
/// or `SSLKIT_ERR_NULL_ARGUMENT`.
///
/// # Safety
/// - `key`, `csr`: borrowed for the duration of the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_key_matches_csr(
    key: *const sslkit_key,
    csr: *const sslkit_csr,
) -> sslkit_result {
    guard("sslkit_key_matches_csr", || {
        // SAFETY: every pointer argument satisfies this function's safety contract.
        let (key, csr) = unsafe { (handle(key, "key")?, handle(csr, "csr")?) };
        sslkit::check_match(&key.inner, None, Some(&csr.inner))?;
        Ok(())
    })
}
