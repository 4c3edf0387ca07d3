//! Version, errors, and owned bytes.

use std::ffi::{CStr, CString, c_char};
use std::ptr;
use std::sync::OnceLock;

use crate::boundary::{self, guard_value, with_last_error};
use crate::{KeyTypeArg, ResultArg, sslkit_bytes, sslkit_key_type, sslkit_result};

const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), "\0");

/// The library's version, e.g. "0.1.0" (the same as `SSLKIT_VERSION_STRING` in the header the
/// program was compiled with, unless it runs with another libsslkit).
///
/// The string is static: do not free it.
#[unsafe(no_mangle)]
pub extern "C" fn sslkit_version() -> *const c_char {
    // Nothing here can panic; the boundary is kept so that every export has one.
    guard_value(VERSION.as_ptr().cast(), || VERSION.as_ptr().cast())
}

/// The input size cap in force, in bytes: `SSLKIT_MAX_INPUT_SIZE` (16 MiB) unless
/// `sslkit_set_max_input_size` changed it. Any PEM or DER input (buffer or file) larger than this
/// is `SSLKIT_ERR_INVALID_INPUT` before it is parsed.
#[unsafe(no_mangle)]
pub extern "C" fn sslkit_max_input_size() -> usize {
    guard_value(
        sslkit::limits::MAX_INPUT_SIZE,
        sslkit::limits::max_input_size,
    )
}

/// Sets the input size cap for the whole process (every thread) and returns the previous one;
/// 0 restores the default, `SSLKIT_MAX_INPUT_SIZE`. Set it once at start-up: calls already
/// running keep the cap they started with.
#[unsafe(no_mangle)]
pub extern "C" fn sslkit_set_max_input_size(size: usize) -> usize {
    guard_value(0, || sslkit::limits::set_max_input_size(size))
}

/// The message of the last failed call on the calling thread: what went wrong and, where one
/// exists, how to fix it (never a passphrase or key bytes). It is "" after a call that
/// succeeded; functions that return no `sslkit_result` (`_free`, `sslkit_version`, the `_name`
/// functions) leave it alone.
///
/// Copies the message into `buf`, truncated to at most `cap - 1` bytes (at a UTF-8 character
/// boundary) and NUL-terminated, when `cap > 0`. Returns the full length of the message in bytes
/// (not counting the NUL), so `sslkit_last_error_message(NULL, 0) + 1` is the buffer size that
/// holds it whole; a return value `>= cap` means the copy was truncated.
///
/// # Safety
/// `buf`: NULL (then nothing is written, whatever `cap` is) or writable for `cap` bytes;
/// borrowed for the duration of the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_last_error_message(buf: *mut c_char, cap: usize) -> usize {
    guard_value(0, || {
        with_last_error(|message| {
            if !buf.is_null() && cap > 0 {
                let mut n = message.len().min(cap - 1);
                while !message.is_char_boundary(n) {
                    n -= 1;
                }
                // SAFETY: `buf` is writable for `cap` bytes (contract) and `n + 1 <= cap`; the
                // message is a Rust string, distinct from the caller's buffer.
                unsafe { ptr::copy_nonoverlapping(message.as_ptr().cast::<c_char>(), buf, n) };
                // SAFETY: `n < cap`, inside the caller's buffer.
                unsafe { buf.add(n).write(0) };
            }
            message.len()
        })
    })
}

fn result_names() -> &'static [CString] {
    static NAMES: OnceLock<Vec<CString>> = OnceLock::new();
    NAMES.get_or_init(|| {
        sslkit_result::ALL
            .iter()
            .map(|r| CString::new(r.name()).unwrap_or_default())
            .collect()
    })
}

/// The name of a result code, e.g. "SSLKIT_ERR_PARSE"; "SSLKIT_UNKNOWN_RESULT" for a value
/// that is no `sslkit_result`. Never NULL.
///
/// The string is static: do not free it.
#[unsafe(no_mangle)]
pub extern "C" fn sslkit_result_name(result: ResultArg) -> *const c_char {
    const UNKNOWN: &CStr = c"SSLKIT_UNKNOWN_RESULT";
    guard_value(UNKNOWN.as_ptr(), || {
        usize::try_from(result)
            .ok()
            .and_then(|i| result_names().get(i))
            .map_or(UNKNOWN.as_ptr(), |name| name.as_ptr())
    })
}

fn key_type_names() -> &'static [CString] {
    static NAMES: OnceLock<Vec<CString>> = OnceLock::new();
    NAMES.get_or_init(|| {
        sslkit_key_type::ALL
            .iter()
            .map(|t| CString::new(t.to_core().name()).unwrap_or_default())
            .collect()
    })
}

/// The name sslkit uses for a key type in every face: "rsa", "ec-p256", "ec-p384" or
/// "ed25519"; NULL for a value that is no `sslkit_key_type`.
///
/// The string is static: do not free it.
#[unsafe(no_mangle)]
pub extern "C" fn sslkit_key_type_name(r#type: KeyTypeArg) -> *const c_char {
    guard_value(ptr::null(), || {
        sslkit_key_type::from_raw(r#type)
            .and_then(|t| key_type_names().get(t as usize))
            .map_or(ptr::null(), |name| name.as_ptr())
    })
}

/// Frees bytes that sslkit returned: overwrites them with zeros first (they may hold a private
/// key), then sets `bytes->data` to NULL and `bytes->len` to 0, so a second call does nothing.
/// `bytes` NULL, or `{NULL, 0}`, is a no-op.
///
/// # Safety
/// `bytes`: NULL, or a writable `sslkit_bytes` that is `{NULL, 0}` or holds exactly what an
/// sslkit function stored in it (not modified, not freed since). Its data must not be used
/// after this call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sslkit_bytes_free(bytes: *mut sslkit_bytes) {
    guard_value((), || {
        // SAFETY: a non-NULL `bytes` is a valid, writable sslkit_bytes (contract).
        if let Some(b) = unsafe { bytes.as_mut() } {
            // SAFETY: `b` holds what sslkit stored, or {NULL, 0} (contract).
            unsafe { boundary::free_bytes(b) };
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(p: *const c_char) -> Option<&'static str> {
        // SAFETY: the name functions return NULL or a static NUL-terminated string.
        unsafe { p.as_ref().map(|_| CStr::from_ptr(p).to_str().unwrap()) }
    }

    #[test]
    fn result_names_are_the_constants() {
        for &r in sslkit_result::ALL {
            assert_eq!(text(sslkit_result_name(r as ResultArg)), Some(r.name()));
        }
        let past = u32::try_from(sslkit_result::ALL.len()).unwrap();
        for raw in [past, u32::MAX] {
            assert_eq!(text(sslkit_result_name(raw)), Some("SSLKIT_UNKNOWN_RESULT"));
        }
    }

    #[test]
    fn key_type_names_are_the_core_names() {
        for t in sslkit::KeyType::ALL {
            let raw = sslkit_key_type::from_core(t) as KeyTypeArg;
            assert_eq!(text(sslkit_key_type_name(raw)), Some(t.name()));
        }
        let past = u32::try_from(sslkit_key_type::ALL.len()).unwrap();
        for raw in [past, u32::MAX] {
            assert_eq!(text(sslkit_key_type_name(raw)), None);
        }
    }
}
