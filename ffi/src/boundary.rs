//! The C boundary: the panic guard, the per-thread last error, and the checked conversion of C
//! arguments (pointers, lengths, strings, enum values) into Rust values and back.

use std::any::Any;
use std::cell::RefCell;
use std::ffi::{CStr, c_char};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::ptr;

use sslkit::{Cipher, FingerprintHash, Kdf, KeyFormat, KeyType, Profile};

use crate::{
    CipherArg, FingerprintHashArg, KdfArg, KeyFormatArg, KeyTypeArg, ProfileArg, sslkit_bytes,
    sslkit_cipher, sslkit_fingerprint_hash, sslkit_kdf, sslkit_key_format, sslkit_key_type,
    sslkit_profile, sslkit_result,
};

/// Why a call failed: the code returned to C and the message kept for
/// `sslkit_last_error_message`.
#[derive(Debug)]
pub struct Failure {
    code: sslkit_result,
    message: String,
    /// Messages made at the boundary (NULL arguments) name the function; core messages stand
    /// alone, the same in every face.
    name_function: bool,
}

impl Failure {
    /// `SSLKIT_ERR_NULL_ARGUMENT` for the argument `name`.
    pub fn null(name: &str) -> Self {
        Failure {
            code: sslkit_result::SSLKIT_ERR_NULL_ARGUMENT,
            message: format!("argument `{name}` is NULL"),
            name_function: true,
        }
    }

    /// `SSLKIT_ERR_INVALID_INPUT` with a message.
    pub fn invalid(message: impl Into<String>) -> Self {
        Failure {
            code: sslkit_result::SSLKIT_ERR_INVALID_INPUT,
            message: message.into(),
            name_function: true,
        }
    }

    /// The code returned to C.
    pub fn code(&self) -> sslkit_result {
        self.code
    }
}

impl From<sslkit::Error> for Failure {
    fn from(err: sslkit::Error) -> Self {
        Failure {
            code: sslkit_result::from_kind(err.kind()),
            message: err.message().to_string(),
            name_function: false,
        }
    }
}

/// What the body of an exported function returns.
pub type Outcome = Result<(), Failure>;

thread_local! {
    static LAST_ERROR: RefCell<String> = const { RefCell::new(String::new()) };
}

fn set_last_error(message: String) {
    // try_with: during thread teardown the slot may be gone; then there is no one to tell.
    let _ = LAST_ERROR.try_with(|slot| {
        if let Ok(mut s) = slot.try_borrow_mut() {
            *s = message;
        }
    });
}

/// Runs `f` with the calling thread's last error message ("" when the last call succeeded).
pub fn with_last_error<R>(f: impl FnOnce(&str) -> R) -> R {
    let message = LAST_ERROR
        .try_with(|slot| slot.try_borrow().map(|s| s.clone()).unwrap_or_default())
        .unwrap_or_default();
    f(&message)
}

fn panic_message(payload: &(dyn Any + Send)) -> &str {
    if let Some(s) = payload.downcast_ref::<&str>() {
        s
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s
    } else {
        "(no message)"
    }
}

/// The panic boundary of every fallible function: runs `body`, turns its failure (or a panic)
/// into a result code, and records the message for `sslkit_last_error_message` (cleared on
/// success). Nothing unwinds out of this function.
pub fn guard(function: &'static str, body: impl FnOnce() -> Outcome) -> sslkit_result {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => {
            set_last_error(String::new());
            sslkit_result::SSLKIT_OK
        }
        Ok(Err(failure)) => {
            let code = failure.code;
            set_last_error(if failure.name_function {
                format!("{function}: {}", failure.message)
            } else {
                failure.message
            });
            code
        }
        Err(payload) => {
            set_last_error(format!(
                "{function}: internal error (panic: {}); please report this bug",
                panic_message(&*payload)
            ));
            // The payload's own destructor could panic in theory; keep that inside too.
            let _ = catch_unwind(AssertUnwindSafe(move || drop(payload)));
            sslkit_result::SSLKIT_ERR_PANIC
        }
    }
}

/// The panic boundary of functions that cannot fail and return a value (`_free`, names):
/// a panic gives `fallback`.
pub fn guard_value<T>(fallback: T, body: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or(fallback)
}

// ---------------------------------------------------------------------------------------------
// Inputs

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

// ---------------------------------------------------------------------------------------------
// Outputs

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

// ---------------------------------------------------------------------------------------------
// Enum values and small conversions

fn unknown(what: &str, raw: u32) -> Failure {
    Failure::invalid(format!("unknown {what} value {raw}"))
}

macro_rules! enum_arg {
    ($raw:expr, $what:literal, $($variant:path => $value:expr),+ $(,)?) => {{
        let raw = $raw;
        $(if raw == $variant as u32 { return Ok($value); })+
        Err(unknown($what, raw))
    }};
}

/// The core key type for an `sslkit_key_type`.
pub fn key_type(raw: KeyTypeArg) -> Result<KeyType, Failure> {
    enum_arg!(raw, "sslkit_key_type",
        sslkit_key_type::SSLKIT_KEY_RSA => KeyType::Rsa,
        sslkit_key_type::SSLKIT_KEY_EC_P256 => KeyType::EcP256,
        sslkit_key_type::SSLKIT_KEY_EC_P384 => KeyType::EcP384,
        sslkit_key_type::SSLKIT_KEY_ED25519 => KeyType::Ed25519,
    )
}

/// The `sslkit_key_type` of a core key type.
pub fn key_type_out(t: KeyType) -> sslkit_key_type {
    match t {
        KeyType::Rsa => sslkit_key_type::SSLKIT_KEY_RSA,
        KeyType::EcP256 => sslkit_key_type::SSLKIT_KEY_EC_P256,
        KeyType::EcP384 => sslkit_key_type::SSLKIT_KEY_EC_P384,
        KeyType::Ed25519 => sslkit_key_type::SSLKIT_KEY_ED25519,
    }
}

/// The core profile for an `sslkit_profile` (intermediates without a path length limit).
pub fn profile(raw: ProfileArg) -> Result<Profile, Failure> {
    enum_arg!(raw, "sslkit_profile",
        sslkit_profile::SSLKIT_PROFILE_SERVER => Profile::Server,
        sslkit_profile::SSLKIT_PROFILE_CLIENT => Profile::Client,
        sslkit_profile::SSLKIT_PROFILE_SERVER_CLIENT => Profile::ServerClient,
        sslkit_profile::SSLKIT_PROFILE_INTERMEDIATE => Profile::Intermediate { path_len: None },
    )
}

/// The core key format for an `sslkit_key_format`.
pub fn key_format(raw: KeyFormatArg) -> Result<KeyFormat, Failure> {
    enum_arg!(raw, "sslkit_key_format",
        sslkit_key_format::SSLKIT_KEY_FORMAT_PKCS8 => KeyFormat::Pkcs8,
        sslkit_key_format::SSLKIT_KEY_FORMAT_TRADITIONAL => KeyFormat::Traditional,
    )
}

/// The core cipher for an `sslkit_cipher`.
pub fn cipher(raw: CipherArg) -> Result<Cipher, Failure> {
    enum_arg!(raw, "sslkit_cipher",
        sslkit_cipher::SSLKIT_CIPHER_AES_256_CBC => Cipher::Aes256Cbc,
        sslkit_cipher::SSLKIT_CIPHER_DES_EDE3_CBC => Cipher::DesEde3Cbc,
    )
}

/// The core KDF for an `sslkit_kdf`.
pub fn kdf(raw: KdfArg) -> Result<Kdf, Failure> {
    enum_arg!(raw, "sslkit_kdf",
        sslkit_kdf::SSLKIT_KDF_SCRYPT => Kdf::Scrypt,
        sslkit_kdf::SSLKIT_KDF_PBKDF2 => Kdf::Pbkdf2,
    )
}

/// The core fingerprint hash for an `sslkit_fingerprint_hash`.
pub fn fingerprint_hash(raw: FingerprintHashArg) -> Result<FingerprintHash, Failure> {
    enum_arg!(raw, "sslkit_fingerprint_hash",
        sslkit_fingerprint_hash::SSLKIT_FINGERPRINT_SHA1 => FingerprintHash::Sha1,
        sslkit_fingerprint_hash::SSLKIT_FINGERPRINT_SHA256 => FingerprintHash::Sha256,
    )
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

/// Unix seconds of a time (negative before 1970; saturating far outside the i64 range).
pub fn unix_seconds(t: std::time::SystemTime) -> i64 {
    match t.duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(e) => i64::try_from(e.duration().as_secs())
            .map(|s| -s)
            .unwrap_or(i64::MIN),
    }
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
    fn a_panic_becomes_a_code_and_a_message() {
        let r = guard("sslkit_test", || panic!("boom"));
        assert_eq!(r, sslkit_result::SSLKIT_ERR_PANIC);
        with_last_error(|m| {
            assert!(
                m.starts_with("sslkit_test: internal error (panic: boom)"),
                "{m}"
            )
        });
        let r = guard("sslkit_test", || std::panic::panic_any(42_u8));
        assert_eq!(r, sslkit_result::SSLKIT_ERR_PANIC);
        with_last_error(|m| assert!(m.contains("(no message)"), "{m}"));
        assert_eq!(guard_value(7, || panic!("x")), 7);
    }

    #[test]
    fn success_clears_the_message_and_failures_set_it() {
        let r = guard("sslkit_test", || Err(Failure::null("pem")));
        assert_eq!(r, sslkit_result::SSLKIT_ERR_NULL_ARGUMENT);
        with_last_error(|m| assert_eq!(m, "sslkit_test: argument `pem` is NULL"));
        let r = guard("sslkit_test", || {
            Err(sslkit::Error::new(sslkit::ErrorKind::WrongPassphrase, "wrong").into())
        });
        assert_eq!(r, sslkit_result::SSLKIT_ERR_WRONG_PASSPHRASE);
        with_last_error(|m| assert_eq!(m, "wrong"));
        assert_eq!(guard("sslkit_test", || Ok(())), sslkit_result::SSLKIT_OK);
        with_last_error(|m| assert_eq!(m, ""));
    }

    #[test]
    fn every_error_kind_has_its_code() {
        use sslkit::ErrorKind as K;
        let pairs = [
            (K::InvalidInput, 1),
            (K::Parse, 2),
            (K::PassphraseRequired, 3),
            (K::WrongPassphrase, 4),
            (K::Unsupported, 5),
            (K::KeyMismatch, 6),
            (K::ChainIncomplete, 7),
            (K::Verification, 8),
            (K::Io, 9),
            (K::Internal, 10),
        ];
        for (kind, code) in pairs {
            assert_eq!(sslkit_result::from_kind(kind) as u32, code, "{kind}");
        }
        for (i, r) in sslkit_result::ALL.iter().enumerate() {
            assert_eq!(*r as usize, i);
        }
    }

    #[test]
    fn times_round_trip_around_the_epoch() {
        for s in [-86_400_i64, -1, 0, 1, 1_700_000_000] {
            assert_eq!(unix_seconds(from_unix_seconds(s).unwrap()), s);
        }
    }

    #[test]
    fn path_len_range() {
        assert_eq!(path_len(-1).unwrap(), None);
        assert_eq!(path_len(0).unwrap(), Some(0));
        assert_eq!(path_len(255).unwrap(), Some(255));
        assert!(path_len(256).is_err());
        assert!(path_len(-2).is_err());
    }
}
