//! Out-parameters: each is checked and reset when made (NULL, `{NULL, 0}`, the scalar's
//! initial value, ""), so it holds nothing on failure, and set once on success. Also the
//! getter bodies that most exported functions share, the freeing of handles and bytes, and
//! times as Unix seconds.

use std::ffi::c_char;
use std::ptr;

use super::{Failure, Outcome, guard, guard_value, handle};
use crate::{sslkit_bytes, sslkit_result};

/// A `T **out` parameter: set to NULL when made, to a new handle by [`OutHandle::set`].
pub struct OutHandle<T> {
    ptr: *mut *mut T,
}

impl<T> OutHandle<T> {
    /// Checks `ptr` and stores NULL through it.
    ///
    /// # Safety
    /// `ptr` must be NULL or valid for writing one pointer for as long as this value lives.
    pub unsafe fn new(ptr: *mut *mut T, name: &str) -> Result<Self, Failure> {
        if ptr.is_null() {
            return Err(Failure::null(name));
        }
        // SAFETY: not NULL, and valid for a write by this function's contract.
        unsafe { ptr.write(ptr::null_mut()) };
        Ok(OutHandle { ptr })
    }

    /// Stores a new handle owning `value`; the caller frees it with the type's `_free`.
    pub fn set(self, value: T) {
        let raw = Box::into_raw(Box::new(value));
        // SAFETY: `self.ptr` was checked and is writable (contract of `new`).
        unsafe { self.ptr.write(raw) };
    }
}

/// An `sslkit_bytes *out` parameter: set to `{NULL, 0}` when made, to a new allocation by
/// [`OutBytes::set`].
pub struct OutBytes {
    ptr: *mut sslkit_bytes,
}

impl OutBytes {
    /// Checks `ptr` and stores `{NULL, 0}` through it (what it held before is not freed).
    ///
    /// # Safety
    /// `ptr` must be NULL or valid for writing one `sslkit_bytes` for as long as this value
    /// lives.
    pub unsafe fn new(ptr: *mut sslkit_bytes, name: &str) -> Result<Self, Failure> {
        if ptr.is_null() {
            return Err(Failure::null(name));
        }
        // SAFETY: not NULL, and valid for a write by this function's contract.
        unsafe { ptr.write(sslkit_bytes::EMPTY) };
        Ok(OutBytes { ptr })
    }

    /// Stores a copy of `data`, followed by a NUL byte that `len` does not count.
    pub fn set(self, data: &[u8]) {
        let mut buf = Vec::with_capacity(data.len() + 1);
        buf.extend_from_slice(data);
        buf.push(0);
        let len = data.len();
        // `into_boxed_slice` keeps the exact length: `sslkit_bytes_free` rebuilds the box
        // from `data` and `len + 1`.
        let raw = Box::into_raw(buf.into_boxed_slice()).cast::<u8>();
        // SAFETY: `self.ptr` was checked and is writable (contract of `new`).
        unsafe { self.ptr.write(sslkit_bytes { data: raw, len }) };
    }
}

/// Frees what [`OutBytes::set`] allocated, zeroing it first, and resets `bytes` to `{NULL, 0}`.
///
/// # Safety
/// `bytes` must be `{NULL, 0}` or hold exactly what `OutBytes::set` stored, not yet freed.
pub unsafe fn free_bytes(bytes: &mut sslkit_bytes) {
    if !bytes.data.is_null() {
        let slice = ptr::slice_from_raw_parts_mut(bytes.data, bytes.len + 1);
        // SAFETY: `data` and `len + 1` are the pointer and length of the boxed slice that
        // `OutBytes::set` leaked (this function's contract), so the box is rebuilt exactly.
        let mut boxed = unsafe { Box::from_raw(slice) };
        zeroize::Zeroize::zeroize(&mut *boxed);
        drop(boxed);
    }
    *bytes = sslkit_bytes::EMPTY;
}

/// A scalar `T *out` parameter: set to `initial` when made.
pub struct Out<T: Copy> {
    ptr: *mut T,
}

impl<T: Copy> Out<T> {
    /// Checks `ptr` and stores `initial` through it.
    ///
    /// # Safety
    /// `ptr` must be NULL or valid for writing one `T` for as long as this value lives.
    pub unsafe fn new(ptr: *mut T, name: &str, initial: T) -> Result<Self, Failure> {
        if ptr.is_null() {
            return Err(Failure::null(name));
        }
        // SAFETY: not NULL, and valid for a write by this function's contract.
        unsafe { ptr.write(initial) };
        Ok(Out { ptr })
    }

    /// Stores `value`.
    pub fn set(self, value: T) {
        // SAFETY: `self.ptr` was checked and is writable (contract of `new`).
        unsafe { self.ptr.write(value) };
    }
}

/// A `char out[N]` parameter that receives a NUL-terminated string of fewer than `N` bytes:
/// `out[0]` is set to NUL when made.
pub struct OutText<const N: usize> {
    ptr: *mut c_char,
}

impl<const N: usize> OutText<N> {
    /// Checks `ptr` and stores an empty string through it.
    ///
    /// # Safety
    /// `ptr` must be NULL or valid for writing `N` bytes for as long as this value lives.
    pub unsafe fn new(ptr: *mut c_char, name: &str) -> Result<Self, Failure> {
        if ptr.is_null() {
            return Err(Failure::null(name));
        }
        // SAFETY: not NULL, and valid for writing N >= 1 bytes by this function's contract.
        unsafe { ptr.write(0) };
        Ok(OutText { ptr })
    }

    /// Stores `text` and a NUL. `text` must be shorter than `N` bytes (else `Internal`).
    pub fn set(self, text: &str) -> Outcome {
        if text.len() >= N {
            return Err(sslkit::Error::new(
                sslkit::ErrorKind::Internal,
                format!("{} bytes do not fit in a buffer of {N}", text.len()),
            )
            .into());
        }
        // SAFETY: `self.ptr` is valid for N bytes (contract of `new`) and the text plus its NUL
        // take at most N; the source is a distinct Rust string, so the ranges do not overlap.
        unsafe { ptr::copy_nonoverlapping(text.as_ptr().cast::<c_char>(), self.ptr, text.len()) };
        // SAFETY: `text.len() < N`, so this byte is inside the buffer.
        unsafe { self.ptr.add(text.len()).write(0) };
        Ok(())
    }
}

/// The body of the many functions that read one handle and return bytes (`_to_pem`, names,
/// fingerprints): checks `out` and `h`, runs `f`, stores its bytes.
///
/// # Safety
/// `h`: NULL or a live handle of type `T` for the duration of the call; `out`: NULL or a
/// writable `sslkit_bytes`.
pub unsafe fn bytes_getter<T, B: AsRef<[u8]>>(
    function: &'static str,
    h: *const T,
    handle_name: &str,
    out: *mut sslkit_bytes,
    f: impl FnOnce(&T) -> Result<B, Failure>,
) -> sslkit_result {
    guard(function, || {
        // SAFETY: both pointers satisfy this function's contract.
        let (out, h) = unsafe { (OutBytes::new(out, "out")?, handle(h, handle_name)?) };
        out.set(f(h)?.as_ref());
        Ok(())
    })
}

/// The body of functions that read one handle and return a scalar: checks `out` (set to
/// `initial` first) and `h`, runs `f`, stores its value.
///
/// # Safety
/// `h`: NULL or a live handle of type `T` for the duration of the call; `out`: NULL or
/// writable for one `V`.
pub unsafe fn value_getter<T, V: Copy>(
    function: &'static str,
    h: *const T,
    handle_name: &str,
    out: *mut V,
    initial: V,
    f: impl FnOnce(&T) -> Result<V, Failure>,
) -> sslkit_result {
    guard(function, || {
        // SAFETY: both pointers satisfy this function's contract.
        let (out, h) = unsafe { (Out::new(out, "out", initial)?, handle(h, handle_name)?) };
        out.set(f(h)?);
        Ok(())
    })
}

/// Frees a handle made by [`OutHandle::set`]; NULL is a no-op.
///
/// # Safety
/// `h`: NULL, or a handle of type `T` made by sslkit and not yet freed; no other thread may
/// use it any more.
pub unsafe fn free_handle<T>(h: *mut T) {
    if !h.is_null() {
        // SAFETY: a non-NULL `h` came from Box::into_raw in OutHandle::set and is freed once
        // (contract).
        let boxed = unsafe { Box::from_raw(h) };
        guard_value((), move || drop(boxed));
    }
}

/// Unix seconds of a time (negative before 1970; saturating far outside the i64 range).
pub fn unix_seconds(t: std::time::SystemTime) -> i64 {
    match t.duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(e) => i64::try_from(e.duration().as_secs())
            .map(|s| -s)
            .unwrap_or(i64::MIN),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::boundary::from_unix_seconds;

    #[test]
    fn times_round_trip_around_the_epoch() {
        for s in [-86_400_i64, -1, 0, 1, 1_700_000_000] {
            assert_eq!(unix_seconds(from_unix_seconds(s).unwrap()), s);
        }
    }
}
