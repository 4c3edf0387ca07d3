//! Certificate signing requests: create, read, write, inspect, verify.

use std::ffi::c_char;

use sslkit::CertificateSigningRequest;

use crate::boundary::{
    self, OutHandle, bytes_getter, c_str, c_str_array, guard, handle, input, value_getter,
};
use crate::{sslkit_bytes, sslkit_csr, sslkit_key, sslkit_result};

/// Makes and signs a request (`openssl req -new -key server.key -subj ...`).
///
/// `subject` is OpenSSL's `-subj` form (`/C=US/O=Foo/CN=www.foo.dom`) or RFC 4514
/// (`CN=www.foo.dom,O=Foo,C=US`). Each SAN is `DNS:name`, `IP:addr`, `email:addr`, `URI:uri`,
/// or a bare name (an IP address if it parses as one, else a DNS name).
///
/// Returns `SSLKIT_OK`, `SSLKIT_ERR_INVALID_INPUT` (bad name or SAN, no subject and no SAN,
/// not UTF-8) or `SSLKIT_ERR_NULL_ARGUMENT`.
///
/// # Safety
/// - `key`: the key that signs the request; borrowed for the duration of the call.
/// - `subject`: NUL-terminated UTF-8; borrowed for the duration of the call.
/// - `sans`, `n_sans`: `n_sans` NUL-terminated UTF-8 strings, none NULL; `sans` may be NULL
///   when `n_sans` is 0. Borrowed for the duration of the call.
/// - `out`: receives a new request; the caller owns it and frees it with `sslkit_csr_free`.
///   Set to NULL on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_csr_create(
    key: *const sslkit_key,
    subject: *const c_char,
    sans: *const *const c_char,
    n_sans: usize,
    out: *mut *mut sslkit_csr,
) -> sslkit_result {
    guard("sslkit_csr_create", || {
        // SAFETY: every pointer argument satisfies this function's safety contract.
        let (out, key, subject, sans) = unsafe {
            (
                OutHandle::new(out, "out")?,
                handle(key, "key")?,
                c_str(subject, "subject")?,
                c_str_array(sans, n_sans, "sans")?,
            )
        };
        out.set(sslkit_csr {
            inner: CertificateSigningRequest::create(&key.inner, subject, &sans)?,
        });
        Ok(())
    })
}

/// Reads a request from PEM (`CERTIFICATE REQUEST` or `NEW CERTIFICATE REQUEST`); text before
/// the block is skipped. The signature is not checked here: see `sslkit_csr_verify`.
///
/// Returns `SSLKIT_OK`, `SSLKIT_ERR_PARSE`, `SSLKIT_ERR_UNSUPPORTED` or
/// `SSLKIT_ERR_NULL_ARGUMENT`.
///
/// # Safety
/// - `pem`, `pem_len`: the PEM text; borrowed for the duration of the call.
/// - `out`: receives a new request; the caller owns it and frees it with `sslkit_csr_free`.
///   Set to NULL on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_csr_from_pem(
    pem: *const u8,
    pem_len: usize,
    out: *mut *mut sslkit_csr,
) -> sslkit_result {
    guard("sslkit_csr_from_pem", || {
        // SAFETY: every pointer argument satisfies this function's safety contract.
        let (out, pem) = unsafe { (OutHandle::new(out, "out")?, input(pem, pem_len, "pem")?) };
        out.set(sslkit_csr {
            inner: CertificateSigningRequest::from_pem(pem)?,
        });
        Ok(())
    })
}

/// Reads a request from DER.
///
/// Returns as `sslkit_csr_from_pem`.
///
/// # Safety
/// - `der`, `der_len`: the DER bytes; borrowed for the duration of the call.
/// - `out`: receives a new request; the caller owns it and frees it with `sslkit_csr_free`.
///   Set to NULL on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_csr_from_der(
    der: *const u8,
    der_len: usize,
    out: *mut *mut sslkit_csr,
) -> sslkit_result {
    guard("sslkit_csr_from_der", || {
        // SAFETY: every pointer argument satisfies this function's safety contract.
        let (out, der) = unsafe { (OutHandle::new(out, "out")?, input(der, der_len, "der")?) };
        out.set(sslkit_csr {
            inner: CertificateSigningRequest::from_der(der)?,
        });
        Ok(())
    })
}

/// The request as PEM (`-----BEGIN CERTIFICATE REQUEST-----`).
///
/// # Safety
/// - `csr`: borrowed for the duration of the call.
/// - `out`: receives the PEM text; the caller owns it and frees it with `sslkit_bytes_free`.
///   Set to `{NULL, 0}` on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_csr_to_pem(
    csr: *const sslkit_csr,
    out: *mut sslkit_bytes,
) -> sslkit_result {
    // SAFETY: the arguments satisfy this function's contract, which is the getter's.
    unsafe {
        bytes_getter("sslkit_csr_to_pem", csr, "csr", out, |c| {
            Ok(c.inner.to_pem())
        })
    }
}

/// The request as DER.
///
/// # Safety
/// - `csr`: borrowed for the duration of the call.
/// - `out`: receives the DER bytes; the caller owns them and frees them with
///   `sslkit_bytes_free`. Set to `{NULL, 0}` on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_csr_to_der(
    csr: *const sslkit_csr,
    out: *mut sslkit_bytes,
) -> sslkit_result {
    // SAFETY: the arguments satisfy this function's contract, which is the getter's.
    unsafe {
        bytes_getter("sslkit_csr_to_der", csr, "csr", out, |c| {
            Ok(c.inner.to_der())
        })
    }
}

/// The request's subject in RFC 4514 form (`CN=www.foo.dom,O=Foo,C=US`).
///
/// # Safety
/// - `csr`: borrowed for the duration of the call.
/// - `out`: receives the text (NUL-terminated); the caller owns it and frees it with
///   `sslkit_bytes_free`. Set to `{NULL, 0}` on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_csr_subject(
    csr: *const sslkit_csr,
    out: *mut sslkit_bytes,
) -> sslkit_result {
    // SAFETY: the arguments satisfy this function's contract, which is the getter's.
    unsafe {
        bytes_getter("sslkit_csr_subject", csr, "csr", out, |c| {
            Ok(c.inner.subject().to_string())
        })
    }
}

/// The number of subject alternative names the request asks for.
///
/// # Safety
/// - `csr`: borrowed for the duration of the call.
/// - `out`: receives the count (0 on failure).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_csr_san_count(
    csr: *const sslkit_csr,
    out: *mut usize,
) -> sslkit_result {
    // SAFETY: the arguments satisfy this function's contract, which is the getter's.
    unsafe {
        value_getter("sslkit_csr_san_count", csr, "csr", out, 0, |c| {
            Ok(c.inner.sans().len())
        })
    }
}

/// The request's SAN number `index` (from 0), typed as given: `DNS:www.foo.dom`,
/// `IP:127.0.0.1`, `email:...`, `URI:...`. An index at or past the count is
/// `SSLKIT_ERR_INVALID_INPUT`.
///
/// # Safety
/// - `csr`: borrowed for the duration of the call.
/// - `out`: receives the text (NUL-terminated); the caller owns it and frees it with
///   `sslkit_bytes_free`. Set to `{NULL, 0}` on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_csr_san(
    csr: *const sslkit_csr,
    index: usize,
    out: *mut sslkit_bytes,
) -> sslkit_result {
    // SAFETY: the arguments satisfy this function's contract, which is the getter's.
    unsafe {
        bytes_getter("sslkit_csr_san", csr, "csr", out, |c| {
            boundary::nth_san(c.inner.sans(), index)
        })
    }
}

/// Checks the request's own signature (`openssl req -verify`): `SSLKIT_OK` when it verifies,
/// `SSLKIT_ERR_VERIFICATION` when it does not, `SSLKIT_ERR_UNSUPPORTED` for a signature
/// algorithm sslkit does not know.
///
/// # Safety
/// - `csr`: borrowed for the duration of the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_csr_verify(csr: *const sslkit_csr) -> sslkit_result {
    guard("sslkit_csr_verify", || {
        // SAFETY: `csr` satisfies this function's safety contract.
        let csr = unsafe { handle(csr, "csr")? };
        csr.inner.verify_signature()?;
        Ok(())
    })
}

/// The request as text, in the spirit of `openssl req -noout -text`.
///
/// # Safety
/// - `csr`: borrowed for the duration of the call.
/// - `out`: receives the text (NUL-terminated); the caller owns it and frees it with
///   `sslkit_bytes_free`. Set to `{NULL, 0}` on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_csr_text(
    csr: *const sslkit_csr,
    out: *mut sslkit_bytes,
) -> sslkit_result {
    // SAFETY: the arguments satisfy this function's contract, which is the getter's.
    unsafe {
        bytes_getter("sslkit_csr_text", csr, "csr", out, |c| {
            Ok(sslkit::text::csr_text(&c.inner))
        })
    }
}

/// Frees a request. NULL is a no-op. No thread may use the request during or after this call.
///
/// # Safety
/// - `csr`: NULL, or a request made by sslkit and not yet freed; ownership passes to this call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_csr_free(csr: *mut sslkit_csr) {
    // SAFETY: the argument satisfies this function's contract, which is free_handle's.
    unsafe { boundary::free_handle(csr) }
}
