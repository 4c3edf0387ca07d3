//! The core's name tables, for the tests: the stubs' `Literal` lists must say the same.

use pyo3::prelude::*;
use pyo3::types::PyDict;
use sslkit::{
    Cipher, FingerprintHash, HashAlg, Kdf, KeyFormat, KeyType, Profile, Purpose, Severity,
};

/// `{"key_type": ["rsa", ...], "profile": [...], ...}`: every name each core table accepts,
/// made from its `ALL` list, in that order.
#[pyfunction]
#[pyo3(name = "_names")]
fn names(py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("key_type", KeyType::ALL.map(KeyType::name))?;
    d.set_item("profile", Profile::ALL.map(Profile::name))?;
    d.set_item("key_format", KeyFormat::ALL.map(KeyFormat::name))?;
    d.set_item("cipher", Cipher::ALL.map(Cipher::name))?;
    d.set_item("kdf", Kdf::ALL.map(Kdf::name))?;
    d.set_item("hash_alg", HashAlg::ALL.map(HashAlg::name))?;
    d.set_item("purpose", Purpose::ALL.map(Purpose::name))?;
    d.set_item(
        "fingerprint_hash",
        FingerprintHash::ALL.map(FingerprintHash::name),
    )?;
    d.set_item("severity", Severity::ALL.map(Severity::name))?;
    Ok(d)
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    // Private: set as an attribute, not added (which would list it in `__all__`).
    m.setattr("_names", wrap_pyfunction!(names, m)?)
}
