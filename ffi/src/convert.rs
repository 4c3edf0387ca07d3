//! PEM ↔ DER conversion of one object (certificate, request, private or public key).

use sslkit::pem::{self, Encoding};

use crate::boundary::{OutBytes, guard, input};
use crate::{sslkit_bytes, sslkit_result};

/// The body of `sslkit_pem_to_der` and `sslkit_der_to_pem`, whose contract it has; `function`
/// names the caller in the messages.
unsafe fn convert(
    function: &'static str,
    data: *const u8,
    len: usize,
    out: *mut sslkit_bytes,
    to: Encoding,
) -> sslkit_result {
    guard(function, || {
        // SAFETY: the calling exported function passes its own arguments, whose contract is
        // this function's.
        let (out, data) = unsafe { (OutBytes::new(out, "out")?, input(data, len, "data")?) };
        // Wiped on drop: the input may be a private key.
        let converted = pem::convert(data, to)?;
        out.set(&converted);
        Ok(())
    })
}

/// Converts one PEM object (certificate, request, private or public key) to DER
/// (`openssl x509 -outform DER`). DER input is re-encoded as is. A bundle of several blocks, or
/// a legacy `DEK-Info` encrypted key, has no DER form: `SSLKIT_ERR_INVALID_INPUT`.
///
/// Returns `SSLKIT_OK`, `SSLKIT_ERR_PARSE`, `SSLKIT_ERR_INVALID_INPUT` or
/// `SSLKIT_ERR_NULL_ARGUMENT`.
///
/// # Safety
/// - `data`, `len`: the input; borrowed for the duration of the call.
/// - `out`: receives the DER bytes; the caller owns them and frees them with
///   `sslkit_bytes_free` (which wipes them). Set to `{NULL, 0}` on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_pem_to_der(
    data: *const u8,
    len: usize,
    out: *mut sslkit_bytes,
) -> sslkit_result {
    // SAFETY: the arguments satisfy this function's contract, which is convert's.
    unsafe { convert("sslkit_pem_to_der", data, len, out, Encoding::Der) }
}

/// Converts one DER object to PEM, the label (`CERTIFICATE`, `PRIVATE KEY`, ...) found from
/// its structure. PEM input is re-encoded canonically.
///
/// Returns as `sslkit_pem_to_der`.
///
/// # Safety
/// - `data`, `len`: the input; borrowed for the duration of the call.
/// - `out`: receives the PEM text; the caller owns it and frees it with `sslkit_bytes_free`.
///   Set to `{NULL, 0}` on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_der_to_pem(
    data: *const u8,
    len: usize,
    out: *mut sslkit_bytes,
) -> sslkit_result {
    // SAFETY: the arguments satisfy this function's contract, which is convert's.
    unsafe { convert("sslkit_der_to_pem", data, len, out, Encoding::Pem) }
}
