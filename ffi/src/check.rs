//! `sslkit check`'s troubleshooting in one call: the key, the chain, the validity, the names.

use std::ffi::c_char;

use crate::boundary::{self, Out, OutBytes, guard, handle, optional_c_str, optional_input};
use crate::chain::certificates;
use crate::{sslkit_bytes, sslkit_cert, sslkit_key, sslkit_result};

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
        // The core's report: its tab-separated rendering and its count of errors.
        let report = sslkit::Findings::from(sslkit::check(&input));
        errors.set(report.errors());
        out.set(report.to_tsv().as_bytes());
        Ok(())
    })
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_report_line_has_four_fields() {
        let f = sslkit::Finding {
            severity: sslkit::Severity::Warning,
            code: "some-code",
            message: "two\tlines\nhere".into(),
            fix: "do\tthis".into(),
        };
        assert_eq!(
            sslkit::Findings::from(vec![f]).to_tsv(),
            "warning\tsome-code\ttwo lines here\tdo this\n"
        );
    }
}
