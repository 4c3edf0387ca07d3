//! Chains: assembly for `SSLCertificateChainFile`, verification, and certificate lists.

use std::ffi::c_char;

use sslkit::{Certificate, VerifyOptions};

use crate::boundary::{
    self, Failure, Out, OutBytes, OutHandle, bytes_getter, guard, handle, input, optional_c_str,
    optional_input, value_getter,
};
use crate::{sslkit_bytes, sslkit_cert, sslkit_certs, sslkit_key, sslkit_result};

/// Certificates from optional PEM/DER input: none for `(NULL, 0)` or an empty buffer.
fn certificates(data: Option<&[u8]>) -> Result<Vec<Certificate>, Failure> {
    match data {
        Some(d) if !d.is_empty() => Ok(sslkit::load_certificates(d)?),
        _ => Ok(Vec::new()),
    }
}

fn pem_of(certs: &[Certificate]) -> String {
    certs.iter().map(Certificate::to_pem).collect()
}

/// Puts a server's chain in order (what goes into `SSLCertificateChainFile`, or nginx's
/// `ssl_certificate`): from an unordered pool of certificates (several files concatenated,
/// duplicates, unrelated certificates and roots mixed in) returns leaf → intermediates → root
/// (the root only when `include_root`), matching issuer to subject and AKI to SKI and checking
/// every signature. Without a root in the pool, the path may end at a root of the system store.
///
/// Returns `SSLKIT_OK`, `SSLKIT_ERR_CHAIN_INCOMPLETE` (the message names the missing issuer and,
/// if the certificate has one, its caIssuers URL), `SSLKIT_ERR_PARSE` (bad pool),
/// `SSLKIT_ERR_INVALID_INPUT` or `SSLKIT_ERR_NULL_ARGUMENT`.
///
/// # Safety
/// - `leaf`: borrowed for the duration of the call.
/// - `pool_pem`, `pool_len`: certificates in PEM (any number of blocks; other blocks are
///   skipped) or one DER certificate; NULL and 0 (or any pointer and 0) is an empty pool.
///   Borrowed for the duration of the call.
/// - `out_pem`: receives the chain as concatenated PEM, leaf first; the caller owns it and
///   frees it with `sslkit_bytes_free`. Set to `{NULL, 0}` on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_chain_assemble(
    leaf: *const sslkit_cert,
    pool_pem: *const u8,
    pool_len: usize,
    include_root: bool,
    out_pem: *mut sslkit_bytes,
) -> sslkit_result {
    guard("sslkit_chain_assemble", || {
        // SAFETY: every pointer argument satisfies this function's safety contract.
        let (out, leaf, pool) = unsafe {
            (
                OutBytes::new(out_pem, "out_pem")?,
                handle(leaf, "leaf")?,
                optional_input(pool_pem, pool_len, "pool_pem")?,
            )
        };
        let pool = certificates(pool)?;
        let chain = sslkit::assemble_chain(&leaf.inner, &pool, None, include_root)?;
        out.set(pem_of(&chain).as_bytes());
        Ok(())
    })
}

/// `sslkit_chain_assemble` with explicit trust anchors: a path ending at one of `roots` is
/// preferred, and the system store is not consulted.
///
/// Returns as `sslkit_chain_assemble`.
///
/// # Safety
/// - `leaf`: borrowed for the duration of the call.
/// - `pool_pem`, `pool_len`: as for `sslkit_chain_assemble` (may be empty).
/// - `roots_pem`, `roots_len`: the trusted roots, PEM or one DER certificate; borrowed for the
///   duration of the call. NULL and 0 is an empty list.
/// - `out_pem`: receives the chain as concatenated PEM, leaf first; the caller owns it and
///   frees it with `sslkit_bytes_free`. Set to `{NULL, 0}` on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_chain_assemble_with_roots(
    leaf: *const sslkit_cert,
    pool_pem: *const u8,
    pool_len: usize,
    roots_pem: *const u8,
    roots_len: usize,
    include_root: bool,
    out_pem: *mut sslkit_bytes,
) -> sslkit_result {
    guard("sslkit_chain_assemble_with_roots", || {
        // SAFETY: every pointer argument satisfies this function's safety contract.
        let (out, leaf, pool, roots) = unsafe {
            (
                OutBytes::new(out_pem, "out_pem")?,
                handle(leaf, "leaf")?,
                optional_input(pool_pem, pool_len, "pool_pem")?,
                optional_input(roots_pem, roots_len, "roots_pem")?,
            )
        };
        let pool = certificates(pool)?;
        let roots = certificates(roots)?;
        let chain = sslkit::assemble_chain(&leaf.inner, &pool, Some(&roots), include_root)?;
        out.set(pem_of(&chain).as_bytes());
        Ok(())
    })
}

/// Verifies `leaf` against trusted roots (`openssl verify -CAfile roots -untrusted chain
/// [-verify_hostname host] [-attime at]`): every signature, validity periods, basicConstraints
/// and path length, keyUsage keyCertSign of issuers, no unknown critical extension, and the
/// host name when given.
///
/// `at` is the time to verify at in Unix seconds; 0 means now.
///
/// Returns `SSLKIT_OK`, `SSLKIT_ERR_VERIFICATION` (what failed: expired, wrong host, untrusted
/// self-signed, bad signature, ...), `SSLKIT_ERR_CHAIN_INCOMPLETE` (no path to a root; the
/// missing issuer is named), `SSLKIT_ERR_INVALID_INPUT` (no roots), `SSLKIT_ERR_PARSE` or
/// `SSLKIT_ERR_NULL_ARGUMENT`.
///
/// # Safety
/// - `leaf`: borrowed for the duration of the call.
/// - `untrusted_pem`, `untrusted_len`: intermediates, PEM or one DER certificate; NULL and 0 for
///   none. Borrowed for the duration of the call.
/// - `roots_pem`, `roots_len`: the trust anchors, PEM or one DER certificate; borrowed for the
///   duration of the call.
/// - `host`: NUL-terminated host name or IP address, or NULL for no host check; borrowed for
///   the duration of the call.
/// - `out_pem`: receives the verified path as concatenated PEM, leaf first, root last; the
///   caller owns it and frees it with `sslkit_bytes_free`. Set to `{NULL, 0}` on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_chain_verify(
    leaf: *const sslkit_cert,
    untrusted_pem: *const u8,
    untrusted_len: usize,
    roots_pem: *const u8,
    roots_len: usize,
    host: *const c_char,
    at: i64,
    out_pem: *mut sslkit_bytes,
) -> sslkit_result {
    guard("sslkit_chain_verify", || {
        // SAFETY: every pointer argument satisfies this function's safety contract.
        let (out, leaf, untrusted, roots, host) = unsafe {
            (
                OutBytes::new(out_pem, "out_pem")?,
                handle(leaf, "leaf")?,
                optional_input(untrusted_pem, untrusted_len, "untrusted_pem")?,
                input(roots_pem, roots_len, "roots_pem")?,
                optional_c_str(host, "host")?,
            )
        };
        let untrusted = certificates(untrusted)?;
        let roots = certificates(Some(roots))?;
        let mut opts = VerifyOptions::new();
        if at != 0 {
            opts = opts.at(boundary::from_unix_seconds(at)?);
        }
        if let Some(h) = host {
            opts = opts.host(h);
        }
        let path = sslkit::verify_chain(&leaf.inner, &untrusted, &roots, &opts)?;
        out.set(pem_of(&path).as_bytes());
        Ok(())
    })
}

/// Reads every certificate of a PEM bundle (blocks of other kinds are skipped), or one DER
/// certificate, in order.
///
/// Returns `SSLKIT_OK`, `SSLKIT_ERR_PARSE` (no certificate, or a bad one) or
/// `SSLKIT_ERR_NULL_ARGUMENT`.
///
/// # Safety
/// - `data`, `len`: the input; borrowed for the duration of the call.
/// - `out`: receives a new list; the caller owns it and frees it with `sslkit_certs_free`.
///   Set to NULL on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_certs_from_pem(
    data: *const u8,
    len: usize,
    out: *mut *mut sslkit_certs,
) -> sslkit_result {
    guard("sslkit_certs_from_pem", || {
        // SAFETY: every pointer argument satisfies this function's safety contract.
        let (out, data) = unsafe { (OutHandle::new(out, "out")?, input(data, len, "data")?) };
        out.set(sslkit_certs {
            inner: sslkit::load_certificates(data)?,
        });
        Ok(())
    })
}

/// The number of certificates in the list.
///
/// # Safety
/// - `certs`: borrowed for the duration of the call.
/// - `out`: receives the count (0 on failure).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_certs_count(
    certs: *const sslkit_certs,
    out: *mut usize,
) -> sslkit_result {
    // SAFETY: the arguments satisfy this function's contract, which is the getter's.
    unsafe {
        value_getter("sslkit_certs_count", certs, "certs", out, 0, |c| {
            Ok(c.inner.len())
        })
    }
}

/// Certificate number `index` (from 0) of the list, as a new handle that stays valid after the
/// list is freed. An index at or past the count is `SSLKIT_ERR_INVALID_INPUT`.
///
/// # Safety
/// - `certs`: borrowed for the duration of the call.
/// - `out`: receives a new certificate; the caller owns it and frees it with
///   `sslkit_cert_free`. Set to NULL on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_certs_get(
    certs: *const sslkit_certs,
    index: usize,
    out: *mut *mut sslkit_cert,
) -> sslkit_result {
    guard("sslkit_certs_get", || {
        // SAFETY: every pointer argument satisfies this function's safety contract.
        let (out, certs) = unsafe {
            (
                Out::new(out, "out", std::ptr::null_mut())?,
                handle(certs, "certs")?,
            )
        };
        let cert = certs.inner.get(index).ok_or_else(|| {
            Failure::invalid(format!(
                "index {index} is out of range (the list holds {})",
                certs.inner.len()
            ))
        })?;
        out.set(Box::into_raw(Box::new(sslkit_cert {
            inner: cert.clone(),
        })));
        Ok(())
    })
}

/// The list as concatenated PEM, in order.
///
/// # Safety
/// - `certs`: borrowed for the duration of the call.
/// - `out`: receives the PEM text; the caller owns it and frees it with `sslkit_bytes_free`.
///   Set to `{NULL, 0}` on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_certs_to_pem(
    certs: *const sslkit_certs,
    out: *mut sslkit_bytes,
) -> sslkit_result {
    // SAFETY: the arguments satisfy this function's contract, which is the getter's.
    unsafe {
        bytes_getter("sslkit_certs_to_pem", certs, "certs", out, |c| {
            Ok(pem_of(&c.inner))
        })
    }
}

/// Frees a certificate list (certificates taken from it with `sslkit_certs_get` stay valid).
/// NULL is a no-op. No thread may use the list during or after this call.
///
/// # Safety
/// - `certs`: NULL, or a list made by sslkit and not yet freed; ownership passes to this call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_certs_free(certs: *mut sslkit_certs) {
    // SAFETY: the argument satisfies this function's contract, which is free_handle's.
    unsafe { boundary::free_handle(certs) }
}

/// The FAQ's troubleshooting in one call, as `sslkit check` does it: whether the key belongs
/// to the certificate, whether the chain is complete, in order and free of the root and of
/// unrelated certificates, whether the certificate (and its intermediates) are valid and not
/// about to expire, whether it covers `host`, whether it is CN-only, signed with SHA-1 or has an
/// RSA key below 2048 bits.
///
/// Returns `SSLKIT_OK` when the check ran, whatever it found; the findings are in `out_report`
/// and `*out_errors` counts those of severity `error` (0: the set is fine). Other results:
/// `SSLKIT_ERR_PARSE` (bad chain or roots), `SSLKIT_ERR_INVALID_INPUT` or
/// `SSLKIT_ERR_NULL_ARGUMENT`.
///
/// # Safety
/// - `key`: the server's key, or NULL not to check the match; borrowed for the call.
/// - `cert`: the server certificate; borrowed for the duration of the call.
/// - `chain_pem`, `chain_len`: the chain file (PEM), or NULL and 0 for none; borrowed.
/// - `roots_pem`, `roots_len`: the roots clients trust, or NULL and 0 for the system store;
///   borrowed for the duration of the call.
/// - `host`: NUL-terminated host name, or NULL for no host check; borrowed.
/// - `at`: the time to check at in Unix seconds; 0 means now.
/// - `out_report`: receives the findings as text, one per line,
///   `severity<TAB>code<TAB>message<TAB>fix` (severity is `error`, `warning` or `info`); the
///   caller owns it and frees it with `sslkit_bytes_free`. `{NULL, 0}` on failure.
/// - `out_errors`: receives the number of `error` findings.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn sslkit_check(
    key: *const sslkit_key,
    cert: *const sslkit_cert,
    chain_pem: *const u8,
    chain_len: usize,
    roots_pem: *const u8,
    roots_len: usize,
    host: *const c_char,
    at: i64,
    out_report: *mut sslkit_bytes,
    out_errors: *mut usize,
) -> sslkit_result {
    guard("sslkit_check", || {
        // SAFETY: every pointer argument satisfies this function's safety contract.
        let (out, errors, cert, chain, roots, host) = unsafe {
            (
                OutBytes::new(out_report, "out_report")?,
                Out::new(out_errors, "out_errors", 0usize)?,
                handle(cert, "cert")?,
                optional_input(chain_pem, chain_len, "chain_pem")?,
                optional_input(roots_pem, roots_len, "roots_pem")?,
                optional_c_str(host, "host")?,
            )
        };
        let key = if key.is_null() {
            None
        } else {
            // SAFETY: not NULL, and a live handle by this function's contract.
            Some(unsafe { handle(key, "key")? }.inner.clone())
        };
        let mut input = sslkit::CheckInput::new(cert.inner.clone(), key);
        input.chain = certificates(chain)?;
        input.roots = roots
            .filter(|r| !r.is_empty())
            .map(|r| certificates(Some(r)))
            .transpose()?;
        input.host = host.map(str::to_string);
        input.at = if at == 0 {
            None
        } else {
            Some(boundary::from_unix_seconds(at)?)
        };
        let findings = sslkit::check(&input);
        let clean = |s: &str| s.replace(['\t', '\n'], " ");
        let report: String = findings
            .iter()
            .map(|f| {
                format!(
                    "{}\t{}\t{}\t{}\n",
                    f.severity,
                    f.code,
                    clean(&f.message),
                    clean(&f.fix)
                )
            })
            .collect();
        errors.set(
            findings
                .iter()
                .filter(|f| f.severity == sslkit::Severity::Error)
                .count(),
        );
        out.set(report.as_bytes());
        Ok(())
    })
}
