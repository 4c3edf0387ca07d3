//! Chains: assembly for `SSLCertificateChainFile`, verification, and certificate lists.

use std::ffi::c_char;

use sslkit::{Certificate, VerifyOptions};

use crate::boundary::{
    self, Failure, Out, OutBytes, OutHandle, bytes_getter, guard, handle, input, optional_c_str,
    optional_input, value_getter,
};
use crate::{sslkit_bytes, sslkit_cert, sslkit_certs, sslkit_result};

/// Certificates from optional PEM/DER input: none for `(NULL, 0)` or an empty buffer.
pub(crate) fn certificates(data: Option<&[u8]>) -> Result<Vec<Certificate>, Failure> {
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

/// What the leaf certificate must be good for, in `sslkit_chain_verify_with`.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum sslkit_purpose {
    /// A TLS server certificate, as browsers check it: the leaf's extendedKeyUsage, when it has
    /// one, lists serverAuth; a host name, when given, is matched against its names.
    SSLKIT_PURPOSE_SERVER = 0,
    /// A TLS client certificate, as a server checks it (mod_ssl's `SSLVerifyClient require`):
    /// clientAuth instead of serverAuth; usually verified without a host name.
    SSLKIT_PURPOSE_CLIENT = 1,
}

/// An `sslkit_purpose` received from C (any value); see the note in lib.rs on enum arguments.
pub type PurposeArg = u32;

/// `trust` bit of `sslkit_chain_verify_with`: trust the roots given in `roots_pem`.
pub const SSLKIT_TRUST_GIVEN: u32 = 1;
/// `trust` bit of `sslkit_chain_verify_with`: trust the system's roots
/// (`/etc/ssl/certs/ca-certificates.crt`, or the file named by `SSL_CERT_FILE`).
pub const SSLKIT_TRUST_SYSTEM: u32 = 2;

/// Which anchors a `trust` bit set asks for: (the given roots, the system's roots).
fn trust_anchors(trust: u32) -> Result<(bool, bool), Failure> {
    const KNOWN: u32 = SSLKIT_TRUST_GIVEN | SSLKIT_TRUST_SYSTEM;
    if trust == 0 {
        return Err(Failure::invalid(
            "trust is 0: nothing would be trusted (use SSLKIT_TRUST_GIVEN, SSLKIT_TRUST_SYSTEM \
             or both)",
        ));
    }
    if trust & !KNOWN != 0 {
        return Err(Failure::invalid(format!(
            "trust {trust:#x} has unknown bits {:#x} (known: SSLKIT_TRUST_GIVEN = 1, \
             SSLKIT_TRUST_SYSTEM = 2)",
            trust & !KNOWN
        )));
    }
    Ok((
        trust & SSLKIT_TRUST_GIVEN != 0,
        trust & SSLKIT_TRUST_SYSTEM != 0,
    ))
}

/// The body of `sslkit_chain_verify` and `sslkit_chain_verify_with`, whose contract it has;
/// `function` names the caller in the messages.
#[allow(clippy::too_many_arguments)]
unsafe fn verify(
    function: &'static str,
    leaf: *const sslkit_cert,
    untrusted_pem: *const u8,
    untrusted_len: usize,
    roots_pem: *const u8,
    roots_len: usize,
    trust: u32,
    purpose_raw: PurposeArg,
    host: *const c_char,
    at: i64,
    out_pem: *mut sslkit_bytes,
) -> sslkit_result {
    guard(function, || {
        // SAFETY: every pointer argument satisfies the caller's safety contract, which is
        // `sslkit_chain_verify_with`'s.
        let (out, leaf, untrusted) = unsafe {
            (
                OutBytes::new(out_pem, "out_pem")?,
                handle(leaf, "leaf")?,
                optional_input(untrusted_pem, untrusted_len, "untrusted_pem")?,
            )
        };
        let (given, system) = trust_anchors(trust)?;
        let purpose = boundary::purpose(purpose_raw)?;
        let roots = if given {
            // SAFETY: with SSLKIT_TRUST_GIVEN, `roots_pem` is NULL or `roots_len` readable
            // bytes (the caller's contract); without it, `roots_pem` is not read.
            Some(unsafe { input(roots_pem, roots_len, "roots_pem")? })
        } else {
            None
        };
        // SAFETY: `host` is NULL or a NUL-terminated string (the caller's contract).
        let host = unsafe { optional_c_str(host, "host")? };
        let untrusted = certificates(untrusted)?;
        let roots = certificates(roots)?;
        let mut opts = VerifyOptions::new().purpose(purpose).system_roots(system);
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

/// Verifies `leaf` as a TLS server certificate against trusted roots (`openssl verify -CAfile
/// roots -untrusted chain -purpose sslserver [-verify_hostname host] [-attime at]`): every
/// signature, validity periods, basicConstraints and path length, keyUsage keyCertSign of
/// issuers, name constraints, no unknown critical extension, the leaf's extendedKeyUsage
/// (serverAuth, when it has the extension), and the host name when given.
///
/// It is `sslkit_chain_verify_with(leaf, untrusted_pem, untrusted_len, roots_pem, roots_len,
/// SSLKIT_TRUST_GIVEN, SSLKIT_PURPOSE_SERVER, host, at, out_pem)`, and keeps its signature and
/// behaviour: only the given roots are trusted. For a client certificate or the system's roots,
/// use `sslkit_chain_verify_with`.
///
/// `at` is the time to verify at in Unix seconds; 0 means now.
///
/// Returns `SSLKIT_OK`, `SSLKIT_ERR_VERIFICATION` (what failed: expired, wrong host, untrusted
/// self-signed, bad signature, ...), `SSLKIT_ERR_CHAIN_INCOMPLETE` (no path to a root; the
/// missing issuer is named), `SSLKIT_ERR_INVALID_INPUT` (no roots), `SSLKIT_ERR_PARSE` or
/// `SSLKIT_ERR_NULL_ARGUMENT`. A refusal's message names the certificate, the problem, the rule
/// and the fix (see `sslkit_chain_verify_with`).
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
#[allow(clippy::too_many_arguments)]
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
    // SAFETY: the arguments satisfy this function's contract, which is `verify`'s with
    // SSLKIT_TRUST_GIVEN.
    unsafe {
        verify(
            "sslkit_chain_verify",
            leaf,
            untrusted_pem,
            untrusted_len,
            roots_pem,
            roots_len,
            SSLKIT_TRUST_GIVEN,
            sslkit_purpose::SSLKIT_PURPOSE_SERVER as PurposeArg,
            host,
            at,
            out_pem,
        )
    }
}

/// Verifies `leaf` for a purpose against the roots that `trust` selects: the checks of
/// `sslkit_chain_verify`, with the leaf's extendedKeyUsage checked for `purpose`. A server
/// checking a client certificate (mod_ssl's `SSLVerifyClient require` with
/// `SSLCACertificateFile`) calls
/// `sslkit_chain_verify_with(client, chain, chain_len, ca, ca_len, SSLKIT_TRUST_GIVEN,
/// SSLKIT_PURPOSE_CLIENT, NULL, 0, &path)`.
///
/// `trust` is a bit set: `SSLKIT_TRUST_GIVEN` (the roots in `roots_pem`), `SSLKIT_TRUST_SYSTEM`
/// (the system's roots), or both (`SSLKIT_TRUST_GIVEN | SSLKIT_TRUST_SYSTEM`). 0, or a bit that
/// is neither, is `SSLKIT_ERR_INVALID_INPUT`; so is a `purpose` that is no `sslkit_purpose`.
/// `at` is the time to verify at in Unix seconds; 0 means now.
///
/// A refusal's message (`sslkit_last_error_message`) is `certificate DEPTH 'SUBJECT': PROBLEM
/// [rule RULE]; fix: FIX`, DEPTH counting from the leaf (0); RULE is a stable identifier such as
/// `eku-purpose` (a server certificate verified for SSLKIT_PURPOSE_CLIENT, or the reverse),
/// `host-mismatch` or `expired`.
///
/// Returns `SSLKIT_OK`, `SSLKIT_ERR_VERIFICATION` (a rule is broken: wrong purpose, expired,
/// wrong host, untrusted self-signed, bad signature, ...), `SSLKIT_ERR_CHAIN_INCOMPLETE` (no
/// path to a trusted root; the missing issuer is named), `SSLKIT_ERR_INVALID_INPUT` (bad `trust`
/// or `purpose`, or no root at all: `SSLKIT_TRUST_GIVEN` alone with an empty `roots_pem`),
/// `SSLKIT_ERR_IO` (`SSLKIT_TRUST_SYSTEM` and the system's roots cannot be read),
/// `SSLKIT_ERR_PARSE` or `SSLKIT_ERR_NULL_ARGUMENT`.
///
/// # Safety
/// - `leaf`: borrowed for the duration of the call.
/// - `untrusted_pem`, `untrusted_len`: intermediates, PEM or one DER certificate; NULL and 0 for
///   none. A root among them is not trusted. Borrowed for the duration of the call.
/// - `roots_pem`, `roots_len`: the trust anchors, PEM or one DER certificate; borrowed for the
///   duration of the call. With `SSLKIT_TRUST_GIVEN` they are required: NULL is
///   `SSLKIT_ERR_NULL_ARGUMENT`. Without it they are ignored (not read) and may be NULL and 0.
/// - `host`: NUL-terminated host name or IP address the leaf must be valid for, or NULL for no
///   host check (the usual choice with `SSLKIT_PURPOSE_CLIENT`); borrowed for the duration of
///   the call.
/// - `out_pem`: receives the verified path as concatenated PEM, leaf first, trusted root last;
///   the caller owns it and frees it with `sslkit_bytes_free`. Set to `{NULL, 0}` on failure.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn sslkit_chain_verify_with(
    leaf: *const sslkit_cert,
    untrusted_pem: *const u8,
    untrusted_len: usize,
    roots_pem: *const u8,
    roots_len: usize,
    trust: u32,
    purpose: PurposeArg,
    host: *const c_char,
    at: i64,
    out_pem: *mut sslkit_bytes,
) -> sslkit_result {
    // SAFETY: the arguments satisfy this function's contract, which is `verify`'s.
    unsafe {
        verify(
            "sslkit_chain_verify_with",
            leaf,
            untrusted_pem,
            untrusted_len,
            roots_pem,
            roots_len,
            trust,
            purpose,
            host,
            at,
            out_pem,
        )
    }
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
