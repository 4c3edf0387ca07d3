//! Arguments from C, checked and turned into Rust values: byte buffers, strings and string
//! arrays, handles, and the small numeric conventions (`days` 0, `path_len` -1, SAN indexes,
//! Unix seconds). Enum values are in [`super::enums`].

use std::ffi::{CStr, c_char};

use super::Failure;

/// The bytes `ptr[0..len]`, borrowed. NULL is `SSLKIT_ERR_NULL_ARGUMENT` (even with `len` 0).
///
/// # Safety
/// `ptr` must be NULL or point to `len` readable bytes that stay valid and unchanged for `'a`.
pub unsafe fn input<'a>(ptr: *const u8, len: usize, name: &str) -> Result<&'a [u8], Failure> {
    if ptr.is_null() {
        return Err(Failure::null(name));
    }
    if len > isize::MAX as usize {
        return Err(Failure::invalid(format!(
            "`{name}`: length {len} is larger than any object"
        )));
    }
    // SAFETY: `ptr` is not NULL and, by this function's contract, points to `len` readable
    // bytes valid for 'a; `len` fits in isize.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// Optional bytes: `(NULL, 0)` is None; NULL with a length is `SSLKIT_ERR_NULL_ARGUMENT`; a
/// non-NULL pointer with length 0 is an empty slice.
///
/// # Safety
/// As [`input`].
pub unsafe fn optional_input<'a>(
    ptr: *const u8,
    len: usize,
    name: &str,
) -> Result<Option<&'a [u8]>, Failure> {
    if ptr.is_null() && len == 0 {
        return Ok(None);
    }
    // SAFETY: the contract is this function's own.
    unsafe { input(ptr, len, name) }.map(Some)
}

/// A NUL-terminated UTF-8 string, borrowed.
///
/// # Safety
/// `ptr` must be NULL or point to a NUL-terminated string valid and unchanged for `'a`.
pub unsafe fn c_str<'a>(ptr: *const c_char, name: &str) -> Result<&'a str, Failure> {
    if ptr.is_null() {
        return Err(Failure::null(name));
    }
    // SAFETY: `ptr` is not NULL and, by this function's contract, a valid C string for 'a.
    let s = unsafe { CStr::from_ptr(ptr) };
    s.to_str()
        .map_err(|_| Failure::invalid(format!("`{name}` is not valid UTF-8")))
}

/// An optional NUL-terminated UTF-8 string: NULL is None.
///
/// # Safety
/// As [`c_str`].
pub unsafe fn optional_c_str<'a>(
    ptr: *const c_char,
    name: &str,
) -> Result<Option<&'a str>, Failure> {
    if ptr.is_null() {
        return Ok(None);
    }
    // SAFETY: the contract is this function's own.
    unsafe { c_str(ptr, name) }.map(Some)
}

/// An array of `n` C strings. With `n` 0 the pointer may be NULL; a NULL element is
/// `SSLKIT_ERR_NULL_ARGUMENT` naming its index.
///
/// # Safety
/// `ptr` must be NULL or point to `n` readable pointers, each NULL or a valid C string, all
/// valid and unchanged for `'a`.
pub unsafe fn c_str_array<'a>(
    ptr: *const *const c_char,
    n: usize,
    name: &str,
) -> Result<Vec<&'a str>, Failure> {
    if n == 0 {
        return Ok(Vec::new());
    }
    if ptr.is_null() {
        return Err(Failure::null(name));
    }
    if n > isize::MAX as usize / size_of::<*const c_char>() {
        return Err(Failure::invalid(format!(
            "`{name}`: count {n} is too large"
        )));
    }
    // SAFETY: `ptr` is not NULL and, by this function's contract, points to `n` readable
    // pointers valid for 'a; the total size fits in isize.
    let items = unsafe { std::slice::from_raw_parts(ptr, n) };
    items
        .iter()
        .enumerate()
        .map(|(i, &p)| {
            // SAFETY: each element is NULL or a valid C string (this function's contract).
            unsafe { c_str(p, &format!("{name}[{i}]")) }
        })
        .collect()
}

/// A handle, borrowed.
///
/// # Safety
/// `ptr` must be NULL or a live handle of type `T` made by sslkit and not yet freed, which
/// stays alive for `'a`.
pub unsafe fn handle<'a, T>(ptr: *const T, name: &str) -> Result<&'a T, Failure> {
    // SAFETY: by this function's contract a non-NULL `ptr` is a live, properly aligned `T`;
    // handles are immutable, so a shared reference is sound even across threads.
    unsafe { ptr.as_ref() }.ok_or_else(|| Failure::null(name))
}

/// `days` as the core takes it: 0 is None (the profile's default).
pub fn days(days: u32) -> Option<u32> {
    (days != 0).then_some(days)
}

/// A `path_len` argument: `SSLKIT_PATH_LEN_UNLIMITED` (-1) is None, 0..=255 a limit.
pub fn path_len(raw: i32) -> Result<Option<u8>, Failure> {
    if raw == crate::SSLKIT_PATH_LEN_UNLIMITED {
        return Ok(None);
    }
    u8::try_from(raw).map(Some).map_err(|_| {
        Failure::invalid(format!(
            "path_len {raw} is out of range (0 to 255, or SSLKIT_PATH_LEN_UNLIMITED)"
        ))
    })
}

/// SAN number `index` as text (`DNS:www.foo.dom`); past the end is `InvalidInput`.
pub fn nth_san(sans: &[sslkit::SubjectAltName], index: usize) -> Result<String, Failure> {
    sans.get(index).map(|s| s.to_string()).ok_or_else(|| {
        Failure::invalid(format!(
            "SAN index {index} is out of range (there are {})",
            sans.len()
        ))
    })
}

/// The time of Unix seconds `secs`.
pub fn from_unix_seconds(secs: i64) -> Result<std::time::SystemTime, Failure> {
    let d = std::time::Duration::from_secs(secs.unsigned_abs());
    let t = if secs >= 0 {
        std::time::UNIX_EPOCH.checked_add(d)
    } else {
        std::time::UNIX_EPOCH.checked_sub(d)
    };
    t.ok_or_else(|| Failure::invalid(format!("time {secs} is out of range")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_len_range() {
        assert_eq!(path_len(-1).unwrap(), None);
        assert_eq!(path_len(0).unwrap(), Some(0));
        assert_eq!(path_len(255).unwrap(), Some(255));
        assert!(path_len(256).is_err());
        assert!(path_len(-2).is_err());
    }
}
