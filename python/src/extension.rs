//! The small value classes of certificates and requests: `Extension` and `BasicConstraints`.

use pyo3::prelude::*;
use pyo3::types::PyBytes;

/// One extension of a certificate or request: `oid` (dotted), `name` (short name where known,
/// e.g. "subjectAltName"), `critical`, and `value` (the DER inside the extension).
#[pyclass(name = "Extension", module = "sslkit", frozen, eq, hash)]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PyExtension(pub(crate) sslkit::ExtensionInfo);

/// A certificate's basicConstraints: `ca` (CA:TRUE), `path_len` (None: unlimited or absent),
/// `critical`.
#[pyclass(name = "BasicConstraints", module = "sslkit", frozen, eq, hash)]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PyBasicConstraints(pub(crate) sslkit::Constraints);

#[pymethods]
impl PyExtension {
    /// The extension's dotted OID ("2.5.29.17").
    #[getter]
    fn oid(&self) -> &str {
        &self.0.oid
    }

    /// The short name where known ("subjectAltName"), else the OID.
    #[getter]
    fn name(&self) -> &str {
        &self.0.name
    }

    /// The critical flag.
    #[getter]
    fn critical(&self) -> bool {
        self.0.critical
    }

    /// The extension's value (DER).
    #[getter]
    fn value<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.0.value)
    }

    fn __repr__(&self) -> String {
        format!(
            "<Extension {} critical={}>",
            self.0.name,
            if self.0.critical { "True" } else { "False" }
        )
    }
}

#[pymethods]
impl PyBasicConstraints {
    /// CA:TRUE.
    #[getter]
    fn ca(&self) -> bool {
        self.0.ca
    }

    /// pathLenConstraint (None when absent).
    #[getter]
    fn path_len(&self) -> Option<u8> {
        self.0.path_len
    }

    /// Whether the extension is marked critical.
    #[getter]
    fn critical(&self) -> bool {
        self.0.critical
    }

    fn __repr__(&self) -> String {
        let b = |v: bool| if v { "True" } else { "False" };
        let p = self
            .0
            .path_len
            .map(|p| p.to_string())
            .unwrap_or_else(|| "None".to_string());
        format!(
            "<BasicConstraints ca={} path_len={p} critical={}>",
            b(self.0.ca),
            b(self.0.critical)
        )
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyExtension>()?;
    m.add_class::<PyBasicConstraints>()?;
    Ok(())
}
