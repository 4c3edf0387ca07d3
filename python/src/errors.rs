//! Core errors as Python exceptions.
//!
//! The classes are defined in Python (python/sslkit/_errors.py, pyca/cryptography's way); this
//! module imports that module once and picks the class for each `sslkit::ErrorKind` by an
//! exhaustive match ([`class_name`]): a kind added to the core does not compile here until it
//! has a class. [`to_py_err`] is the one place where a core error becomes a Python exception.
//! The table is described in the repository's README.md ("Errors").

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyList, PyType};
use sslkit::{Error, ErrorKind};

/// The Python module that defines the exception classes.
const ERRORS_MODULE: &str = "sslkit._errors";

static ERRORS: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

/// The name of the class (in `sslkit._errors`, re-exported by `sslkit`) raised for `kind`.
pub(crate) fn class_name(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::InvalidInput => "InvalidInput",
        ErrorKind::Parse => "ParseError",
        ErrorKind::PassphraseRequired => "PassphraseRequired",
        ErrorKind::WrongPassphrase => "WrongPassphrase",
        ErrorKind::Unsupported => "Unsupported",
        ErrorKind::KeyMismatch => "KeyMismatch",
        ErrorKind::ChainIncomplete => "ChainIncomplete",
        ErrorKind::Verification => "VerificationError",
        ErrorKind::Io => "IoError",
        // A bug in sslkit: the base class, which every other class derives from.
        ErrorKind::Internal => "Error",
    }
}

/// The exception class raised for `kind`.
pub(crate) fn exception_class(py: Python<'_>, kind: ErrorKind) -> PyResult<Bound<'_, PyType>> {
    let module = ERRORS.get_or_try_init(py, || py.import(ERRORS_MODULE).map(Bound::unbind))?;
    Ok(module
        .bind(py)
        .getattr(class_name(kind))?
        .cast_into::<PyType>()?)
}

/// The one conversion from a core error to a Python exception. A chain error that breaks a
/// rule carries it as the exception's `rule`, `depth`, `subject` and `fix` (the class defaults,
/// None, otherwise).
pub(crate) fn to_py_err(e: Error) -> PyErr {
    Python::attach(|py| {
        let made = exception_class(py, e.kind()).and_then(|cls| {
            let Some(v) = e.violation() else {
                return Ok(PyErr::from_type(cls, e.message().to_string()));
            };
            let obj = cls.call1((e.message().to_string(),))?;
            obj.setattr("rule", v.rule)?;
            obj.setattr("depth", v.depth)?;
            obj.setattr("subject", v.subject.as_str())?;
            obj.setattr("fix", v.fix.as_str())?;
            Ok(PyErr::from_value(obj))
        });
        made.unwrap_or_else(|err| err)
    })
}

/// An `InvalidInput` error made by the bindings (for argument values the core never sees, such
/// as a negative number of days).
pub(crate) fn invalid(msg: impl Into<String>) -> PyErr {
    to_py_err(Error::new(ErrorKind::InvalidInput, msg))
}

/// The error table, for the tests: `(kind name, code, exception class)` for every core kind, in
/// the order of `ErrorKind::ALL`.
#[pyfunction]
#[pyo3(name = "_error_table")]
fn error_table(py: Python<'_>) -> PyResult<Bound<'_, PyList>> {
    let rows = ErrorKind::ALL
        .into_iter()
        .map(|kind| Ok((kind.name(), kind.code(), exception_class(py, kind)?)))
        .collect::<PyResult<Vec<_>>>()?;
    PyList::new(py, rows)
}

/// Raises, through [`to_py_err`], the exception for the core kind named `name` ("Parse",
/// "Io", ...; `ErrorKind::name`) with `message`, for the tests. An unknown name is
/// InvalidInput.
#[pyfunction]
#[pyo3(name = "_raise_kind")]
fn raise_kind(name: &str, message: &str) -> PyResult<()> {
    let Some(kind) = ErrorKind::from_name(name) else {
        return Err(invalid(format!("no error kind is named '{name}'")));
    };
    Err(to_py_err(Error::new(kind, message)))
}

/// Adds the exception classes (so that `sslkit._sslkit` keeps offering them) and the table's
/// test hooks.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    for kind in ErrorKind::ALL {
        m.add(class_name(kind), exception_class(py, kind)?)?;
    }
    // Private: set as attributes, not added (which would list them in `__all__`).
    m.setattr("_error_table", wrap_pyfunction!(error_table, m)?)?;
    m.setattr("_raise_kind", wrap_pyfunction!(raise_kind, m)?)?;
    Ok(())
}
