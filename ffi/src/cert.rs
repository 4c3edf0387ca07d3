//! Certificates: self-signed, read, write, inspect.

use std::ffi::c_char;

use sslkit::{Certificate, Profile};

use crate::boundary::{
    self, OutHandle, bytes_getter, c_str, c_str_array, guard, handle, input, value_getter,
};
use crate::{
    FingerprintHashArg, sslkit_bytes, sslkit_cert, sslkit_key, sslkit_key_type, sslkit_result,
};

/// Makes a self-signed certificate with the server profile, the FAQ's test certificate
/// (`openssl req -new -x509 -key server.key -days 365`). The CN is also written as a SAN.
///
/// `subject` and `sans` are as for `sslkit_csr_create`; `days` 0 means 365.
///
/// Returns `SSLKIT_OK`, `SSLKIT_ERR_INVALID_INPUT` or `SSLKIT_ERR_NULL_ARGUMENT`.
///
/// # Safety
/// - `key`: the certificate's key, which also signs it; borrowed for the duration of the call.
/// - `subject`: NUL-terminated UTF-8; borrowed for the duration of the call.
/// - `sans`, `n_sans`: `n_sans` NUL-terminated UTF-8 strings, none NULL; `sans` may be NULL
///   when `n_sans` is 0. Borrowed for the duration of the call.
/// - `out`: receives a new certificate; the caller owns it and frees it with
///   `sslkit_cert_free`. Set to NULL on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_cert_self_signed(
    key: *const sslkit_key,
    subject: *const c_char,
    sans: *const *const c_char,
    n_sans: usize,
    days: u32,
    out: *mut *mut sslkit_cert,
) -> sslkit_result {
    guard("sslkit_cert_self_signed", || {
        // SAFETY: every pointer argument satisfies this function's safety contract.
        let (out, key, subject, sans) = unsafe {
            (
                OutHandle::new(out, "out")?,
                handle(key, "key")?,
                c_str(subject, "subject")?,
                c_str_array(sans, n_sans, "sans")?,
            )
        };
        let days = boundary::days(days).unwrap_or(Profile::Server.default_days());
        out.set(sslkit_cert {
            inner: Certificate::self_signed(&key.inner, subject, &sans, days)?,
        });
        Ok(())
    })
}

/// Reads the first certificate of a PEM text (`CERTIFICATE`, `X509 CERTIFICATE` or `TRUSTED
/// CERTIFICATE`); text before it is skipped. See `sslkit_certs_from_pem` for whole bundles.
///
/// Returns `SSLKIT_OK`, `SSLKIT_ERR_PARSE`, `SSLKIT_ERR_UNSUPPORTED` or
/// `SSLKIT_ERR_NULL_ARGUMENT`.
///
/// # Safety
/// - `pem`, `pem_len`: the PEM text; borrowed for the duration of the call.
/// - `out`: receives a new certificate; the caller owns it and frees it with
///   `sslkit_cert_free`. Set to NULL on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_cert_from_pem(
    pem: *const u8,
    pem_len: usize,
    out: *mut *mut sslkit_cert,
) -> sslkit_result {
    guard("sslkit_cert_from_pem", || {
        // SAFETY: every pointer argument satisfies this function's safety contract.
        let (out, pem) = unsafe { (OutHandle::new(out, "out")?, input(pem, pem_len, "pem")?) };
        out.set(sslkit_cert {
            inner: Certificate::from_pem(pem)?,
        });
        Ok(())
    })
}

/// Reads a certificate from DER.
///
/// Returns as `sslkit_cert_from_pem`.
///
/// # Safety
/// - `der`, `der_len`: the DER bytes; borrowed for the duration of the call.
/// - `out`: receives a new certificate; the caller owns it and frees it with
///   `sslkit_cert_free`. Set to NULL on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_cert_from_der(
    der: *const u8,
    der_len: usize,
    out: *mut *mut sslkit_cert,
) -> sslkit_result {
    guard("sslkit_cert_from_der", || {
        // SAFETY: every pointer argument satisfies this function's safety contract.
        let (out, der) = unsafe { (OutHandle::new(out, "out")?, input(der, der_len, "der")?) };
        out.set(sslkit_cert {
            inner: Certificate::from_der(der)?,
        });
        Ok(())
    })
}

/// The certificate as PEM (`-----BEGIN CERTIFICATE-----`).
///
/// # Safety
/// - `cert`: borrowed for the duration of the call.
/// - `out`: receives the PEM text; the caller owns it and frees it with `sslkit_bytes_free`.
///   Set to `{NULL, 0}` on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_cert_to_pem(
    cert: *const sslkit_cert,
    out: *mut sslkit_bytes,
) -> sslkit_result {
    // SAFETY: the arguments satisfy this function's contract, which is the getter's.
    unsafe {
        bytes_getter("sslkit_cert_to_pem", cert, "cert", out, |c| {
            Ok(c.inner.to_pem())
        })
    }
}

/// The certificate as DER.
///
/// # Safety
/// - `cert`: borrowed for the duration of the call.
/// - `out`: receives the DER bytes; the caller owns them and frees them with
///   `sslkit_bytes_free`. Set to `{NULL, 0}` on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_cert_to_der(
    cert: *const sslkit_cert,
    out: *mut sslkit_bytes,
) -> sslkit_result {
    // SAFETY: the arguments satisfy this function's contract, which is the getter's.
    unsafe {
        bytes_getter("sslkit_cert_to_der", cert, "cert", out, |c| {
            Ok(c.inner.to_der())
        })
    }
}

/// The subject in RFC 4514 form (`CN=www.foo.dom,O=Foo,C=US`).
///
/// # Safety
/// - `cert`: borrowed for the duration of the call.
/// - `out`: receives the text (NUL-terminated); the caller owns it and frees it with
///   `sslkit_bytes_free`. Set to `{NULL, 0}` on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_cert_subject(
    cert: *const sslkit_cert,
    out: *mut sslkit_bytes,
) -> sslkit_result {
    // SAFETY: the arguments satisfy this function's contract, which is the getter's.
    unsafe {
        bytes_getter("sslkit_cert_subject", cert, "cert", out, |c| {
            Ok(c.inner.subject().to_string())
        })
    }
}

/// The issuer in RFC 4514 form.
///
/// # Safety
/// - `cert`: borrowed for the duration of the call.
/// - `out`: receives the text (NUL-terminated); the caller owns it and frees it with
///   `sslkit_bytes_free`. Set to `{NULL, 0}` on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_cert_issuer(
    cert: *const sslkit_cert,
    out: *mut sslkit_bytes,
) -> sslkit_result {
    // SAFETY: the arguments satisfy this function's contract, which is the getter's.
    unsafe {
        bytes_getter("sslkit_cert_issuer", cert, "cert", out, |c| {
            Ok(c.inner.issuer().to_string())
        })
    }
}

/// The serial number in uppercase hex, as `openssl x509 -noout -serial` prints it (after
/// `serial=`).
///
/// # Safety
/// - `cert`: borrowed for the duration of the call.
/// - `out`: receives the text (NUL-terminated); the caller owns it and frees it with
///   `sslkit_bytes_free`. Set to `{NULL, 0}` on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_cert_serial(
    cert: *const sslkit_cert,
    out: *mut sslkit_bytes,
) -> sslkit_result {
    // SAFETY: the arguments satisfy this function's contract, which is the getter's.
    unsafe {
        bytes_getter("sslkit_cert_serial", cert, "cert", out, |c| {
            Ok(c.inner.serial_hex())
        })
    }
}

/// The start of validity (notBefore) in Unix seconds.
///
/// # Safety
/// - `cert`: borrowed for the duration of the call.
/// - `out`: receives the time (0 on failure).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_cert_not_before(
    cert: *const sslkit_cert,
    out: *mut i64,
) -> sslkit_result {
    // SAFETY: the arguments satisfy this function's contract, which is the getter's.
    unsafe {
        value_getter("sslkit_cert_not_before", cert, "cert", out, 0, |c| {
            Ok(boundary::unix_seconds(c.inner.not_before()))
        })
    }
}

/// The end of validity (notAfter) in Unix seconds.
///
/// # Safety
/// - `cert`: borrowed for the duration of the call.
/// - `out`: receives the time (0 on failure).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_cert_not_after(
    cert: *const sslkit_cert,
    out: *mut i64,
) -> sslkit_result {
    // SAFETY: the arguments satisfy this function's contract, which is the getter's.
    unsafe {
        value_getter("sslkit_cert_not_after", cert, "cert", out, 0, |c| {
            Ok(boundary::unix_seconds(c.inner.not_after()))
        })
    }
}

/// The number of subject alternative names.
///
/// # Safety
/// - `cert`: borrowed for the duration of the call.
/// - `out`: receives the count (0 on failure).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_cert_san_count(
    cert: *const sslkit_cert,
    out: *mut usize,
) -> sslkit_result {
    // SAFETY: the arguments satisfy this function's contract, which is the getter's.
    unsafe {
        value_getter("sslkit_cert_san_count", cert, "cert", out, 0, |c| {
            Ok(c.inner.sans().len())
        })
    }
}

/// SAN number `index` (from 0) as OpenSSL shows it: `DNS:www.foo.dom`, `IP:127.0.0.1`,
/// `email:...`, `URI:...`. An index at or past the count is `SSLKIT_ERR_INVALID_INPUT`.
///
/// # Safety
/// - `cert`: borrowed for the duration of the call.
/// - `out`: receives the text (NUL-terminated); the caller owns it and frees it with
///   `sslkit_bytes_free`. Set to `{NULL, 0}` on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_cert_san(
    cert: *const sslkit_cert,
    index: usize,
    out: *mut sslkit_bytes,
) -> sslkit_result {
    // SAFETY: the arguments satisfy this function's contract, which is the getter's.
    unsafe {
        bytes_getter("sslkit_cert_san", cert, "cert", out, |c| {
            boundary::nth_san(c.inner.sans(), index)
        })
    }
}

/// Whether the certificate is a CA (basicConstraints CA:TRUE).
///
/// # Safety
/// - `cert`: borrowed for the duration of the call.
/// - `out`: receives the answer (false on failure).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_cert_is_ca(
    cert: *const sslkit_cert,
    out: *mut bool,
) -> sslkit_result {
    // SAFETY: the arguments satisfy this function's contract, which is the getter's.
    unsafe {
        value_getter("sslkit_cert_is_ca", cert, "cert", out, false, |c| {
            Ok(c.inner.is_ca())
        })
    }
}

/// The type of the certificate's public key.
///
/// # Safety
/// - `cert`: borrowed for the duration of the call.
/// - `out`: receives the type (`SSLKIT_KEY_RSA` on failure).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_cert_key_algorithm(
    cert: *const sslkit_cert,
    out: *mut sslkit_key_type,
) -> sslkit_result {
    // SAFETY: the arguments satisfy this function's contract, which is the getter's.
    unsafe {
        value_getter(
            "sslkit_cert_key_algorithm",
            cert,
            "cert",
            out,
            sslkit_key_type::SSLKIT_KEY_RSA,
            |c| Ok(sslkit_key_type::from_core(c.inner.public_key().key_type())),
        )
    }
}

/// The size in bits of the certificate's public key.
///
/// # Safety
/// - `cert`: borrowed for the duration of the call.
/// - `out`: receives the size (0 on failure).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_cert_key_bits(
    cert: *const sslkit_cert,
    out: *mut u32,
) -> sslkit_result {
    // SAFETY: the arguments satisfy this function's contract, which is the getter's.
    unsafe {
        value_getter("sslkit_cert_key_bits", cert, "cert", out, 0, |c| {
            Ok(c.inner.public_key().bits())
        })
    }
}

/// The certificate's fingerprint as `openssl x509 -noout -fingerprint -sha256` (or `-sha1`)
/// prints it after `=`: uppercase hex pairs joined by `:`.
///
/// Returns `SSLKIT_OK`, `SSLKIT_ERR_INVALID_INPUT` (unknown hash) or
/// `SSLKIT_ERR_NULL_ARGUMENT`.
///
/// # Safety
/// - `cert`: borrowed for the duration of the call.
/// - `out`: receives the text (NUL-terminated); the caller owns it and frees it with
///   `sslkit_bytes_free`. Set to `{NULL, 0}` on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_cert_fingerprint(
    cert: *const sslkit_cert,
    hash: FingerprintHashArg,
    out: *mut sslkit_bytes,
) -> sslkit_result {
    // SAFETY: the arguments satisfy this function's contract, which is the getter's.
    unsafe {
        bytes_getter("sslkit_cert_fingerprint", cert, "cert", out, |c| {
            Ok(c.inner.fingerprint(boundary::fingerprint_hash(hash)?))
        })
    }
}

/// The SHA-256 fingerprint of the certificate's SubjectPublicKeyInfo as `AA:BB:...`: equal to
/// `sslkit_key_spki_fingerprint` of its key.
///
/// # Safety
/// - `cert`: borrowed for the duration of the call.
/// - `out`: receives the text (NUL-terminated); the caller owns it and frees it with
///   `sslkit_bytes_free`. Set to `{NULL, 0}` on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_cert_spki_fingerprint(
    cert: *const sslkit_cert,
    out: *mut sslkit_bytes,
) -> sslkit_result {
    // SAFETY: the arguments satisfy this function's contract, which is the getter's.
    unsafe {
        bytes_getter("sslkit_cert_spki_fingerprint", cert, "cert", out, |c| {
            Ok(c.inner.public_key().spki_fingerprint())
        })
    }
}

/// The SPKI SHA-256 pin of the certificate's key in base64 (`curl --pinnedpubkey`).
///
/// # Safety
/// - `cert`: borrowed for the duration of the call.
/// - `out`: receives the text (NUL-terminated); the caller owns it and frees it with
///   `sslkit_bytes_free`. Set to `{NULL, 0}` on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_cert_spki_pin(
    cert: *const sslkit_cert,
    out: *mut sslkit_bytes,
) -> sslkit_result {
    // SAFETY: the arguments satisfy this function's contract, which is the getter's.
    unsafe {
        bytes_getter("sslkit_cert_spki_pin", cert, "cert", out, |c| {
            Ok(c.inner.public_key().spki_pin_sha256())
        })
    }
}

/// Checks that the certificate is valid for a host name or IP address (RFC 6125: DNS and IP
/// SANs, a wildcard only as the whole leftmost label; the CN is ignored, as browsers do).
///
/// Returns `SSLKIT_OK`, `SSLKIT_ERR_VERIFICATION` (the message lists the certificate's names),
/// `SSLKIT_ERR_INVALID_INPUT` (not UTF-8) or `SSLKIT_ERR_NULL_ARGUMENT`.
///
/// # Safety
/// - `cert`: borrowed for the duration of the call.
/// - `host`: NUL-terminated; borrowed for the duration of the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_cert_check_host(
    cert: *const sslkit_cert,
    host: *const c_char,
) -> sslkit_result {
    guard("sslkit_cert_check_host", || {
        // SAFETY: every pointer argument satisfies this function's safety contract.
        let (cert, host) = unsafe { (handle(cert, "cert")?, c_str(host, "host")?) };
        sslkit::check_host(&cert.inner, host)?;
        Ok(())
    })
}

/// The certificate as text, in the spirit of `openssl x509 -noout -text`.
///
/// # Safety
/// - `cert`: borrowed for the duration of the call.
/// - `out`: receives the text (NUL-terminated); the caller owns it and frees it with
///   `sslkit_bytes_free`. Set to `{NULL, 0}` on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_cert_text(
    cert: *const sslkit_cert,
    out: *mut sslkit_bytes,
) -> sslkit_result {
    // SAFETY: the arguments satisfy this function's contract, which is the getter's.
    unsafe {
        bytes_getter("sslkit_cert_text", cert, "cert", out, |c| {
            Ok(sslkit::text::certificate_text(&c.inner))
        })
    }
}

/// Frees a certificate. NULL is a no-op. No thread may use the certificate during or after
/// this call.
///
/// # Safety
/// - `cert`: NULL, or a certificate made by sslkit and not yet freed; ownership passes to this
///   call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_cert_free(cert: *mut sslkit_cert) {
    // SAFETY: the argument satisfies this function's contract, which is free_handle's.
    unsafe { boundary::free_handle(cert) }
}
