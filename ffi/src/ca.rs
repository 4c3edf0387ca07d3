//! A small CA: roots, intermediates, and signing requests. The CA is given as its certificate
//! and key handles on each call (the caller keeps them); nothing is stored between calls.

use std::ffi::c_char;

use sslkit::{CertificateAuthority, Profile};

use crate::boundary::{self, Failure, OutHandle, c_str, guard, handle};
use crate::{ProfileArg, sslkit_cert, sslkit_csr, sslkit_key, sslkit_result};

fn authority(ca_cert: &sslkit_cert, ca_key: &sslkit_key) -> Result<CertificateAuthority, Failure> {
    Ok(CertificateAuthority::new(
        ca_cert.inner.clone(),
        ca_key.inner.clone(),
    )?)
}

/// Makes a self-signed root CA certificate (CA:TRUE, keyCertSign, cRLSign) for `key`, as `openssl
/// req -new -x509 -key ca.key -days 3650` does for the FAQ's own CA. Only the certificate is
/// returned: the caller keeps the key (when sslkit makes a CA's key itself, it is RSA 3072 bits).
///
/// `subject` is in `/CN=...` or RFC 4514 form; `days` 0 means 3650.
///
/// Returns `SSLKIT_OK`, `SSLKIT_ERR_INVALID_INPUT` (empty or bad subject) or
/// `SSLKIT_ERR_NULL_ARGUMENT`.
///
/// # Safety
/// - `key`: the CA's key; borrowed for the duration of the call.
/// - `subject`: NUL-terminated UTF-8; borrowed for the duration of the call.
/// - `out`: receives a new certificate; the caller owns it and frees it with
///   `sslkit_cert_free`. Set to NULL on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_ca_create_root(
    key: *const sslkit_key,
    subject: *const c_char,
    days: u32,
    out: *mut *mut sslkit_cert,
) -> sslkit_result {
    guard("sslkit_ca_create_root", || {
        // SAFETY: every pointer argument satisfies this function's safety contract.
        let (out, key, subject) = unsafe {
            (
                OutHandle::new(out, "out")?,
                handle(key, "key")?,
                c_str(subject, "subject")?,
            )
        };
        let ca = CertificateAuthority::create_root(
            subject,
            Some(key.inner.clone()),
            boundary::days(days),
        )?;
        out.set(sslkit_cert {
            inner: ca.certificate().clone(),
        });
        Ok(())
    })
}

/// Makes an intermediate CA certificate for `key`, signed by the CA (`ca_cert`, `ca_key`).
///
/// `path_len` is the pathLenConstraint: 0 (the intermediate signs only leaves) to 255, or
/// `SSLKIT_PATH_LEN_UNLIMITED`. `days` 0 means 1825; the validity never ends after the CA's.
///
/// Returns `SSLKIT_OK`, `SSLKIT_ERR_KEY_MISMATCH` (`ca_key` is not the key of `ca_cert`),
/// `SSLKIT_ERR_INVALID_INPUT` (`ca_cert` is not a CA, or has pathlen 0; bad subject or
/// `path_len`) or `SSLKIT_ERR_NULL_ARGUMENT`.
///
/// # Safety
/// - `ca_cert`, `ca_key`: the signing CA; borrowed for the duration of the call.
/// - `key`: the intermediate's own key; borrowed for the duration of the call.
/// - `subject`: NUL-terminated UTF-8; borrowed for the duration of the call.
/// - `out`: receives a new certificate; the caller owns it and frees it with
///   `sslkit_cert_free`. Set to NULL on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_ca_create_intermediate(
    ca_cert: *const sslkit_cert,
    ca_key: *const sslkit_key,
    key: *const sslkit_key,
    subject: *const c_char,
    path_len: i32,
    days: u32,
    out: *mut *mut sslkit_cert,
) -> sslkit_result {
    guard("sslkit_ca_create_intermediate", || {
        // SAFETY: every pointer argument satisfies this function's safety contract.
        let (out, ca_cert, ca_key, key, subject) = unsafe {
            (
                OutHandle::new(out, "out")?,
                handle(ca_cert, "ca_cert")?,
                handle(ca_key, "ca_key")?,
                handle(key, "key")?,
                c_str(subject, "subject")?,
            )
        };
        let path_len = boundary::path_len(path_len)?;
        let inter = authority(ca_cert, ca_key)?.create_intermediate(
            subject,
            Some(key.inner.clone()),
            path_len,
            boundary::days(days),
        )?;
        out.set(sslkit_cert {
            inner: inter.certificate().clone(),
        });
        Ok(())
    })
}

/// Signs a request with the CA (`openssl x509 -req -CA ca.crt -CAkey ca.key -in server.csr`).
///
/// The request's own signature is checked first. Its SANs are copied (for the server profiles
/// the CN is added as a SAN); nothing else of the request is copied, in particular never
/// CA:TRUE. `days` 0 means 365 for leaves and 1825 for `SSLKIT_PROFILE_INTERMEDIATE` (which
/// gets no path length limit; see `sslkit_ca_sign_intermediate_csr`); the validity never ends
/// after the CA's.
///
/// Returns `SSLKIT_OK`, `SSLKIT_ERR_VERIFICATION` (the request's signature is bad),
/// `SSLKIT_ERR_KEY_MISMATCH` (`ca_key` is not the key of `ca_cert`),
/// `SSLKIT_ERR_INVALID_INPUT` (`ca_cert` is not a CA, unknown profile, ...),
/// `SSLKIT_ERR_UNSUPPORTED` or `SSLKIT_ERR_NULL_ARGUMENT`.
///
/// # Safety
/// - `ca_cert`, `ca_key`: the signing CA; borrowed for the duration of the call.
/// - `csr`: borrowed for the duration of the call.
/// - `out`: receives a new certificate; the caller owns it and frees it with
///   `sslkit_cert_free`. Set to NULL on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_ca_sign_csr(
    ca_cert: *const sslkit_cert,
    ca_key: *const sslkit_key,
    csr: *const sslkit_csr,
    days: u32,
    profile: ProfileArg,
    out: *mut *mut sslkit_cert,
) -> sslkit_result {
    guard("sslkit_ca_sign_csr", || {
        // SAFETY: every pointer argument satisfies this function's safety contract.
        let (out, ca_cert, ca_key, csr) = unsafe {
            (
                OutHandle::new(out, "out")?,
                handle(ca_cert, "ca_cert")?,
                handle(ca_key, "ca_key")?,
                handle(csr, "csr")?,
            )
        };
        let profile = boundary::profile(profile)?;
        let cert = authority(ca_cert, ca_key)?.sign(&csr.inner, profile, boundary::days(days))?;
        out.set(sslkit_cert { inner: cert });
        Ok(())
    })
}

/// Signs a request for an intermediate CA with a pathLenConstraint (`sslkit ca sign --profile
/// intermediate --pathlen N`). `path_len` is 0 to 255 or `SSLKIT_PATH_LEN_UNLIMITED`; `days`
/// 0 means 1825.
///
/// Returns as `sslkit_ca_sign_csr` (also `SSLKIT_ERR_INVALID_INPUT` when the CA has pathlen 0).
///
/// # Safety
/// - `ca_cert`, `ca_key`: the signing CA; borrowed for the duration of the call.
/// - `csr`: borrowed for the duration of the call.
/// - `out`: receives a new certificate; the caller owns it and frees it with
///   `sslkit_cert_free`. Set to NULL on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_ca_sign_intermediate_csr(
    ca_cert: *const sslkit_cert,
    ca_key: *const sslkit_key,
    csr: *const sslkit_csr,
    path_len: i32,
    days: u32,
    out: *mut *mut sslkit_cert,
) -> sslkit_result {
    guard("sslkit_ca_sign_intermediate_csr", || {
        // SAFETY: every pointer argument satisfies this function's safety contract.
        let (out, ca_cert, ca_key, csr) = unsafe {
            (
                OutHandle::new(out, "out")?,
                handle(ca_cert, "ca_cert")?,
                handle(ca_key, "ca_key")?,
                handle(csr, "csr")?,
            )
        };
        let profile = Profile::Intermediate {
            path_len: boundary::path_len(path_len)?,
        };
        let cert = authority(ca_cert, ca_key)?.sign(&csr.inner, profile, boundary::days(days))?;
        out.set(sslkit_cert { inner: cert });
        Ok(())
    })
}
