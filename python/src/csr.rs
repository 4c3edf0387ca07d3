//! The methods of `CertificateSigningRequest` (the type is in objects.rs).

use std::path::PathBuf;

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyTuple};
use sslkit::HashAlg;

use crate::convert::{BytesIn, guard, parse_opt, py_repr_str, run, str_list};
use crate::objects::{PyCsr, PyPrivateKey, PyPublicKey};
use crate::x509_common::{extensions_list, parse_sans, parse_subject, reduce_from_der, sans_list};

#[pymethods]
impl PyCsr {
    /// Builds and signs a request. `subject` in OpenSSL's `/C=US/O=Foo/CN=www.foo.dom` form or
    /// RFC 4514 (`CN=www.foo.dom,O=Foo,C=US`); `sans` a list of "DNS:name", "IP:addr",
    /// "email:addr", "URI:uri" or bare names/addresses; `hash` "sha256" (default), "sha384" or
    /// "sha512" for RSA keys.
    #[staticmethod]
    #[pyo3(signature = (key, subject, sans = None, hash = None))]
    fn create(
        py: Python<'_>,
        key: &Bound<'_, PyPrivateKey>,
        subject: &str,
        sans: Option<&Bound<'_, PyAny>>,
        hash: Option<&str>,
    ) -> PyResult<Self> {
        let subject = parse_subject(subject)?;
        let sans = parse_sans(&str_list(sans, "sans")?)?;
        let hash = parse_opt::<HashAlg>(hash)?;
        let key = &key.get().0;
        run(py, || {
            sslkit::CertificateSigningRequest::create_with(key, &subject, &sans, hash)
        })
        .map(Self)
    }

    /// Reads the first `CERTIFICATE REQUEST` PEM block.
    #[staticmethod]
    fn from_pem(data: BytesIn) -> PyResult<Self> {
        guard(|| sslkit::CertificateSigningRequest::from_pem(&data.0)).map(Self)
    }

    /// Reads a DER request.
    #[staticmethod]
    fn from_der(data: BytesIn) -> PyResult<Self> {
        guard(|| sslkit::CertificateSigningRequest::from_der(&data.0)).map(Self)
    }

    /// Reads a request from PEM or DER, whichever `data` is.
    #[staticmethod]
    fn from_bytes(data: BytesIn) -> PyResult<Self> {
        guard(|| sslkit::CertificateSigningRequest::from_bytes(&data.0)).map(Self)
    }

    /// Reads a request file (PEM or DER); `path` is a str or os.PathLike.
    #[staticmethod]
    fn load(path: PathBuf) -> PyResult<Self> {
        guard(|| sslkit::CertificateSigningRequest::load(&path)).map(Self)
    }

    /// The subject as an RFC 4514 string ("CN=www.foo.dom,O=Foo,C=US").
    #[getter]
    fn subject(&self) -> String {
        self.0.subject().to_rfc4514()
    }

    /// The subject's common name (None when it has none).
    #[getter]
    fn common_name(&self) -> Option<String> {
        self.0.subject().common_name().map(str::to_string)
    }

    /// The requested subject alternative names, typed: ["DNS:www.foo.dom", "IP:127.0.0.1"].
    #[getter]
    fn sans<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        sans_list(py, self.0.sans())
    }

    /// The requested extensions.
    #[getter]
    fn extensions<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        extensions_list(py, self.0.extensions())
    }

    /// The challengePassword attribute, if the request has one.
    #[getter]
    fn challenge_password(&self) -> Option<String> {
        self.0.challenge_password()
    }

    /// The signature algorithm by OpenSSL's name ("sha256WithRSAEncryption", ...).
    #[getter]
    fn signature_algorithm(&self) -> PyResult<&'static str> {
        guard(|| self.0.signature_algorithm()).map(|a| a.name())
    }

    /// The public key the request carries.
    fn public_key(&self) -> PyPublicKey {
        PyPublicKey(self.0.public_key().clone())
    }

    /// True when the request's self-signature is valid (its key signed it).
    fn verify(&self) -> PyResult<bool> {
        guard(|| Ok(self.0.verify()))
    }

    /// PEM bytes (`-----BEGIN CERTIFICATE REQUEST-----`).
    fn to_pem<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, self.0.to_pem().as_bytes())
    }

    /// DER bytes.
    fn to_der<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.0.to_der())
    }

    /// A human-readable dump, in the spirit of `openssl req -noout -text`.
    fn text(&self) -> PyResult<String> {
        guard(|| Ok(sslkit::text::csr_text(&self.0)))
    }

    fn __repr__(&self) -> String {
        format!(
            "<CertificateSigningRequest subject={}>",
            py_repr_str(&self.0.subject().to_rfc4514())
        )
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        reduce_from_der::<Self>(py, &self.0.to_der())
    }

    fn __copy__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __deepcopy__<'py>(slf: PyRef<'py, Self>, _memo: &Bound<'py, PyAny>) -> PyRef<'py, Self> {
        slf
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyCsr>()
}
