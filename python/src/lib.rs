//! Python bindings for sslkit: the native module `sslkit._sslkit`, re-exported by the `sslkit`
//! package (python/sslkit/__init__.py).
//!
//! This crate only translates: Python arguments become core arguments, core results become
//! Python objects, and every core error goes through [`to_py_err`], the one place where
//! `sslkit::ErrorKind` becomes a Python exception class. There is no cryptography and no parsing
//! here. Long operations (key generation, passphrase KDFs, chain assembly, bundle parsing) run
//! with the GIL released ([`run`]), and a panic in the core surfaces as `sslkit.Error`, never as
//! `pyo3_runtime.PanicException`.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use pyo3::exceptions::{PyException, PyOSError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyString, PyTuple, PyType};
use sslkit::{Error, ErrorKind};
use zeroize::Zeroizing;

mod funcs;
mod keys;
mod x509;

// ------------------------------------------------------------------------------------------
// Exceptions: created once, with the hierarchy of DESIGN.md's error table.
// ------------------------------------------------------------------------------------------

/// The exception classes, in the order of [`EXCEPTIONS`].
struct Exceptions {
    classes: Vec<Py<PyType>>,
}

/// (Python name, extra standard base, docstring, the kinds that raise it). `Error` comes first
/// and is the base of all others.
const EXCEPTIONS: &[(&str, Option<&str>, &str)] = &[
    (
        "Error",
        None,
        "Base class of every sslkit error. Raised as such for internal errors (a bug in sslkit).",
    ),
    (
        "InvalidInput",
        Some("ValueError"),
        "The caller asked for something invalid: a bad key size, name, SAN, profile, an empty passphrase, ...",
    ),
    (
        "ParseError",
        Some("ValueError"),
        "The input bytes are not a well-formed object of the expected kind (truncated, corrupted, wrong label).",
    ),
    (
        "PassphraseRequired",
        None,
        "The key is encrypted and no passphrase was given.",
    ),
    (
        "WrongPassphrase",
        None,
        "The passphrase does not decrypt the key (or the encrypted key is corrupted).",
    ),
    (
        "Unsupported",
        None,
        "A known algorithm or format that sslkit does not implement (e.g. the modulus of a non-RSA key).",
    ),
    (
        "KeyMismatch",
        None,
        "A private key does not belong to a certificate or request.",
    ),
    (
        "ChainIncomplete",
        None,
        "A certificate's issuer could not be found; the message names it (and its AIA URL).",
    ),
    (
        "VerificationError",
        None,
        "A signature or certificate check failed (expired, not a CA, wrong host, bad signature, ...).",
    ),
    (
        "IoError",
        Some("OSError"),
        "Reading or writing a file failed.",
    ),
];

static EXCEPTION_TYPES: PyOnceLock<Exceptions> = PyOnceLock::new();

fn exceptions(py: Python<'_>) -> PyResult<&Exceptions> {
    EXCEPTION_TYPES.get_or_try_init(py, || {
        let builtins = py.import("builtins")?;
        let type_fn = builtins.getattr("type")?;
        let mut classes: Vec<Py<PyType>> = Vec::with_capacity(EXCEPTIONS.len());
        for (name, extra, doc) in EXCEPTIONS {
            let mut bases: Vec<Bound<'_, PyAny>> = Vec::new();
            match classes.first() {
                Some(error) => bases.push(error.bind(py).clone().into_any()),
                None => bases.push(py.get_type::<PyException>().into_any()),
            }
            match *extra {
                Some("ValueError") => bases.push(py.get_type::<PyValueError>().into_any()),
                Some(_) => bases.push(py.get_type::<PyOSError>().into_any()),
                None => {}
            }
            let dict = PyDict::new(py);
            dict.set_item("__doc__", *doc)?;
            dict.set_item("__module__", "sslkit")?;
            if matches!(*name, "ChainIncomplete" | "VerificationError") {
                // Filled in on each raised instance from the core's Violation.
                for attr in VIOLATION_ATTRIBUTES {
                    dict.set_item(*attr, py.None())?;
                }
            }
            let cls = type_fn.call1((*name, PyTuple::new(py, bases)?, dict))?;
            classes.push(cls.cast_into::<PyType>()?.unbind());
        }
        Ok(Exceptions { classes })
    })
}

fn kind_index(kind: ErrorKind) -> usize {
    match kind {
        ErrorKind::InvalidInput => 1,
        ErrorKind::Parse => 2,
        ErrorKind::PassphraseRequired => 3,
        ErrorKind::WrongPassphrase => 4,
        ErrorKind::Unsupported => 5,
        ErrorKind::KeyMismatch => 6,
        ErrorKind::ChainIncomplete => 7,
        ErrorKind::Verification => 8,
        ErrorKind::Io => 9,
        // Internal, and any kind added to the core later: the base class.
        _ => 0,
    }
}

/// Attributes of `ChainIncomplete` and `VerificationError` that say which rule a refused chain
/// breaks (None when the error is not about a rule): the rule's id, the certificate's depth
/// (0 = leaf) and subject, and the fix.
const VIOLATION_ATTRIBUTES: &[&str] = &["rule", "depth", "subject", "fix"];

/// The one conversion from a core error to a Python exception (the error table).
pub(crate) fn to_py_err(e: Error) -> PyErr {
    Python::attach(|py| match exceptions(py) {
        Ok(ex) => {
            let cls = ex.classes[kind_index(e.kind())].bind(py).clone();
            let Some(v) = e.violation() else {
                return PyErr::from_type(cls, e.message().to_string());
            };
            let made = cls.call1((e.message().to_string(),)).and_then(|obj| {
                obj.setattr("rule", v.rule)?;
                obj.setattr("depth", v.depth)?;
                obj.setattr("subject", v.subject.as_str())?;
                obj.setattr("fix", v.fix.as_str())?;
                Ok(obj)
            });
            match made {
                Ok(obj) => PyErr::from_value(obj),
                Err(err) => err,
            }
        }
        Err(err) => err,
    })
}

/// An `InvalidInput` error made by the bindings (for argument values the core never sees, such
/// as a negative number of days).
pub(crate) fn invalid(msg: impl Into<String>) -> PyErr {
    to_py_err(Error::new(ErrorKind::InvalidInput, msg))
}

// ------------------------------------------------------------------------------------------
// Running core calls: panics caught, the GIL released for long work.
// ------------------------------------------------------------------------------------------

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

// ------------------------------------------------------------------------------------------
// Argument conversion.
// ------------------------------------------------------------------------------------------

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

pub(crate) fn parse_opt<T: std::str::FromStr<Err = Error>>(s: Option<&str>) -> PyResult<Option<T>> {
    s.map(|s| s.parse::<T>().map_err(to_py_err)).transpose()
}

// ------------------------------------------------------------------------------------------
// Times: aware UTC datetimes out; aware (any zone) or naive-as-UTC datetimes in.
// ------------------------------------------------------------------------------------------

struct DateTimeApi {
    epoch: Py<PyAny>,
    timedelta: Py<PyAny>,
    datetime: Py<PyAny>,
    utc: Py<PyAny>,
}

static DATETIME: PyOnceLock<DateTimeApi> = PyOnceLock::new();

fn datetime_api(py: Python<'_>) -> PyResult<&DateTimeApi> {
    DATETIME.get_or_try_init(py, || {
        let m = py.import("datetime")?;
        let utc = m.getattr("timezone")?.getattr("utc")?;
        let datetime = m.getattr("datetime")?;
        let kwargs = PyDict::new(py);
        kwargs.set_item("tzinfo", &utc)?;
        let epoch = datetime.call((1970, 1, 1), Some(&kwargs))?;
        Ok(DateTimeApi {
            epoch: epoch.unbind(),
            timedelta: m.getattr("timedelta")?.unbind(),
            datetime: datetime.unbind(),
            utc: utc.unbind(),
        })
    })
}

/// A `SystemTime` as an aware `datetime` in UTC.
pub(crate) fn to_datetime<'py>(py: Python<'py>, t: SystemTime) -> PyResult<Bound<'py, PyAny>> {
    let api = datetime_api(py)?;
    let (secs, micros): (i64, i64) = match t.duration_since(UNIX_EPOCH) {
        Ok(d) => (d.as_secs() as i64, i64::from(d.subsec_micros())),
        Err(e) => {
            let d = e.duration();
            (-(d.as_secs() as i64), -i64::from(d.subsec_micros()))
        }
    };
    let kwargs = PyDict::new(py);
    kwargs.set_item("seconds", secs)?;
    kwargs.set_item("microseconds", micros)?;
    let delta = api.timedelta.bind(py).call((), Some(&kwargs))?;
    api.epoch.bind(py).call_method1("__add__", (delta,))
}

/// A `datetime` as a `SystemTime`. Naive datetimes are taken as UTC (as pyca/cryptography
/// does); aware ones may be in any zone.
pub(crate) fn from_datetime(obj: &Bound<'_, PyAny>) -> PyResult<SystemTime> {
    let py = obj.py();
    let api = datetime_api(py)?;
    if !obj.is_instance(api.datetime.bind(py))? {
        return Err(PyTypeError::new_err(
            "a time must be a datetime.datetime (UTC, timezone-aware)",
        ));
    }
    let dt = if obj.getattr("tzinfo")?.is_none() {
        let kwargs = PyDict::new(py);
        kwargs.set_item("tzinfo", api.utc.bind(py))?;
        obj.call_method("replace", (), Some(&kwargs))?
    } else {
        obj.clone()
    };
    let delta = dt.call_method1("__sub__", (api.epoch.bind(py),))?;
    let days: i64 = delta.getattr("days")?.extract()?;
    let seconds: i64 = delta.getattr("seconds")?.extract()?;
    let micros: i64 = delta.getattr("microseconds")?.extract()?;
    let total_micros = (days * 86_400 + seconds) as i128 * 1_000_000 + micros as i128;
    let magnitude = Duration::from_micros(total_micros.unsigned_abs() as u64);
    let t = if total_micros >= 0 {
        UNIX_EPOCH.checked_add(magnitude)
    } else {
        UNIX_EPOCH.checked_sub(magnitude)
    };
    t.ok_or_else(|| invalid("the time is out of range"))
}

pub(crate) fn opt_time(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<SystemTime>> {
    match obj {
        None => Ok(None),
        Some(o) if o.is_none() => Ok(None),
        Some(o) => from_datetime(o).map(Some),
    }
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

// ------------------------------------------------------------------------------------------
// The module.
// ------------------------------------------------------------------------------------------

/// The native part of sslkit; use it through the `sslkit` package.
#[pymodule]
fn _sslkit(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    let ex = exceptions(py)?;
    for ((name, _, _), cls) in EXCEPTIONS.iter().zip(&ex.classes) {
        m.add(*name, cls.bind(py))?;
    }
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("MIN_RSA_BITS", sslkit::MIN_RSA_BITS)?;
    m.add("MAX_RSA_BITS", sslkit::MAX_RSA_BITS)?;
    m.add("MAX_DAYS", sslkit::MAX_DAYS)?;
    m.add("MAX_CHAIN_DEPTH", sslkit::MAX_CHAIN_DEPTH)?;
    m.add("MAX_POOL_SIZE", sslkit::MAX_POOL_SIZE)?;
    m.add("MAX_INPUT_SIZE", sslkit::limits::MAX_INPUT_SIZE)?;
    m.add("MAX_PEM_BLOCKS", sslkit::limits::MAX_PEM_BLOCKS)?;
    m.add("MAX_PBKDF2_ITERATIONS", sslkit::MAX_PBKDF2_ITERATIONS)?;
    m.add("MAX_SCRYPT_MEMORY", sslkit::MAX_SCRYPT_MEMORY)?;
    m.add("PBKDF2_ITERATIONS", sslkit::PBKDF2_ITERATIONS)?;
    m.add("SYSTEM_ROOTS", sslkit::SYSTEM_ROOTS)?;
    m.add("EXPIRY_WARNING_DAYS", sslkit::EXPIRY_WARNING_DAYS)?;
    keys::register(m)?;
    x509::register(m)?;
    funcs::register(m)?;
    Ok(())
}
