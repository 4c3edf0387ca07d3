//! Crossing the boundary: running core calls (panics caught, the GIL released for long work)
//! and turning Python arguments into core arguments (bytes, passphrases, ints, lists of str,
//! names), plus the few Python values made for results (big ints, `repr` of a str).

use std::panic::{AssertUnwindSafe, catch_unwind};

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyString};
use sslkit::{Error, ErrorKind};
use zeroize::Zeroizing;

use crate::errors::{invalid, to_py_err};

// --- running core calls -------------------------------------------------------------------

/// Calls the core, turning a panic into an `Internal` error.
pub(crate) fn guard<T>(f: impl FnOnce() -> sslkit::Result<T>) -> PyResult<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r.map_err(to_py_err),
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string());
            Err(to_py_err(Error::new(
                ErrorKind::Internal,
                format!("internal error in sslkit (please report it): {what}"),
            )))
        }
    }
}

/// [`guard`] with the GIL released: for key generation, KDFs, signing, chains and bundles.
pub(crate) fn run<T: Send>(
    py: Python<'_>,
    f: impl FnOnce() -> sslkit::Result<T> + Send,
) -> PyResult<T> {
    py.detach(|| guard(f))
}

// --- arguments ----------------------------------------------------------------------------

/// Bytes from Python: `bytes`, `bytearray` or `memoryview` (anything with `tobytes()` /
/// the buffer protocol through `bytes(obj)`), never `str`.
pub(crate) fn bytes_arg(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<u8>> {
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Ok(b.as_bytes().to_vec());
    }
    if let Ok(b) = obj.cast::<PyByteArray>() {
        return Ok(b.to_vec());
    }
    if obj.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(format!(
            "{what} must be bytes, not str (use .encode())"
        )));
    }
    let type_name = obj
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".to_string());
    if type_name == "memoryview" {
        let b = obj.call_method0("tobytes")?;
        if let Ok(b) = b.cast::<PyBytes>() {
            return Ok(b.as_bytes().to_vec());
        }
    }
    Err(PyTypeError::new_err(format!(
        "{what} must be bytes, bytearray or memoryview, not {type_name}"
    )))
}

/// `bytes`-like input as a function argument; the copy is wiped when dropped (it may be a
/// private key).
pub(crate) struct BytesIn(pub Zeroizing<Vec<u8>>);

impl<'a, 'py> FromPyObject<'a, 'py> for BytesIn {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        bytes_arg(&obj, "data").map(|v| BytesIn(Zeroizing::new(v)))
    }
}

/// A passphrase: bytes-like, wiped when dropped.
pub(crate) struct Passphrase(pub Zeroizing<Vec<u8>>);

impl<'a, 'py> FromPyObject<'a, 'py> for Passphrase {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        bytes_arg(&obj, "passphrase").map(|v| Passphrase(Zeroizing::new(v)))
    }
}

pub(crate) fn pass_ref(p: &Option<Passphrase>) -> Option<&[u8]> {
    p.as_ref().map(|p| p.0.as_slice())
}

/// A list of strings from any iterable of `str` (a bare `str` is refused: it would be
/// iterated character by character).
pub(crate) fn str_list(obj: Option<&Bound<'_, PyAny>>, what: &str) -> PyResult<Vec<String>> {
    let Some(obj) = obj else {
        return Ok(Vec::new());
    };
    if obj.is_none() {
        return Ok(Vec::new());
    }
    if obj.is_instance_of::<PyString>() || obj.is_instance_of::<PyBytes>() {
        return Err(PyTypeError::new_err(format!(
            "{what} must be a list of str, not a single string (wrap it: [{what}])"
        )));
    }
    let mut out = Vec::new();
    for item in obj.try_iter()? {
        let item = item?;
        if !item.is_instance_of::<PyString>() {
            return Err(PyTypeError::new_err(format!(
                "{what}: every item must be a str"
            )));
        }
        out.push(item.extract::<String>()?);
    }
    Ok(out)
}

/// An integer argument, range-checked later so that any out-of-range value (however large) is
/// `InvalidInput` rather than `OverflowError`.
pub(crate) struct Int {
    value: Option<i64>,
    shown: String,
}

impl Int {
    pub(crate) const fn new(v: i64) -> Self {
        Int {
            value: Some(v),
            shown: String::new(),
        }
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for Int {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        if obj.is_instance_of::<pyo3::types::PyBool>()
            || !obj.is_instance_of::<pyo3::types::PyInt>()
        {
            let type_name = obj
                .get_type()
                .name()
                .map(|n| n.to_string())
                .unwrap_or_else(|_| "?".to_string());
            return Err(PyTypeError::new_err(format!(
                "expected an int, not {type_name}"
            )));
        }
        let shown = obj.str().map(|s| s.to_string()).unwrap_or_default();
        Ok(Int {
            value: obj.extract::<i64>().ok(),
            shown,
        })
    }
}

/// An optional integer argument in `min..=max`.
pub(crate) fn int_in(v: Option<Int>, what: &str, min: i64, max: i64) -> PyResult<Option<i64>> {
    match v {
        None => Ok(None),
        Some(Int { value: Some(x), .. }) if (min..=max).contains(&x) => Ok(Some(x)),
        Some(Int { value, shown }) => {
            let shown = if shown.is_empty() {
                value.map(|x| x.to_string()).unwrap_or_default()
            } else {
                shown
            };
            Err(invalid(format!(
                "{what} must be between {min} and {max}, not {shown}"
            )))
        }
    }
}

/// An optional `u32` argument (days, bits) of at least `min`.
pub(crate) fn opt_u32(v: Option<Int>, what: &str, min: i64) -> PyResult<Option<u32>> {
    Ok(int_in(v, what, min, i64::from(u32::MAX))?.map(|x| x as u32))
}

/// An optional name (hash, ...) parsed by the core, whose error lists the names it knows.
pub(crate) fn parse_opt<T: std::str::FromStr<Err = Error>>(s: Option<&str>) -> PyResult<Option<T>> {
    s.map(|s| s.parse::<T>().map_err(to_py_err)).transpose()
}

// --- results ------------------------------------------------------------------------------

/// A big-endian unsigned integer as a Python int.
pub(crate) fn big_int<'py>(py: Python<'py>, bytes: &[u8]) -> PyResult<Bound<'py, PyAny>> {
    py.get_type::<pyo3::types::PyInt>()
        .call_method1("from_bytes", (PyBytes::new(py, bytes), "big"))
}

/// Python's `repr()` of a string, for `__repr__`s.
pub(crate) fn py_repr_str(s: &str) -> String {
    Python::attach(|py| {
        PyString::new(py, s)
            .repr()
            .map(|r| r.to_string())
            .unwrap_or_else(|_| format!("'{s}'"))
    })
}
