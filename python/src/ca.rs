//! `CertificateAuthority`: a CA certificate and its key, issuing intermediates and leaves.

use std::path::PathBuf;

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use sslkit::Profile;

use crate::convert::{Int, Passphrase, guard, int_in, pass_ref, py_repr_str, run};
use crate::errors::to_py_err;
use crate::objects::{PyCertificate, PyCsr, PyPrivateKey};
use crate::x509_common::{issue_options, parse_subject};

/// A certificate authority: a CA certificate and its private key. Immutable.
///
/// `CertificateAuthority(certificate, key)` wraps an existing CA (KeyMismatch when the key is not
/// the certificate's, InvalidInput when the certificate is not a CA); `create_root()` makes a new
/// one. `repr()` shows the subject, never the key.
#[pyclass(name = "CertificateAuthority", module = "sslkit", frozen, eq, hash)]
#[derive(Clone)]
pub struct PyCa(pub sslkit::CertificateAuthority);

impl PartialEq for PyCa {
    fn eq(&self, other: &Self) -> bool {
        self.0.certificate() == other.0.certificate() && self.0.key() == other.0.key()
    }
}
impl Eq for PyCa {}
impl std::hash::Hash for PyCa {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.certificate().hash(state)
    }
}

/// A `path_len` argument: None (unlimited) or 0 to 255.
fn path_len_arg(v: Option<Int>) -> PyResult<Option<u8>> {
    Ok(int_in(v, "path_len", 0, 255)?.map(|x| x as u8))
}

/// An optional `key` argument: a PrivateKey, or None (the core generates one).
fn key_arg(key: Option<&Bound<'_, PyAny>>) -> PyResult<Option<sslkit::PrivateKey>> {
    match key {
        None => Ok(None),
        Some(k) if k.is_none() => Ok(None),
        Some(k) => match k.cast::<PyPrivateKey>() {
            Ok(k) => Ok(Some(k.get().0.clone())),
            Err(_) => Err(PyTypeError::new_err("key must be a PrivateKey or None")),
        },
    }
}

#[pymethods]
impl PyCa {
    /// Wraps an existing CA (made by sslkit or by openssl). KeyMismatch when `key` is not the
    /// certificate's, InvalidInput when `certificate` is not a CA.
    #[new]
    fn new(
        certificate: &Bound<'_, PyCertificate>,
        key: &Bound<'_, PyPrivateKey>,
    ) -> PyResult<Self> {
        let cert = certificate.get().0.clone();
        let key = key.get().0.clone();
        guard(|| sslkit::CertificateAuthority::new(cert, key)).map(Self)
    }

    /// Loads a CA from a certificate file and a (possibly encrypted) key file.
    #[staticmethod]
    #[pyo3(signature = (cert_path, key_path, passphrase = None))]
    fn load(
        py: Python<'_>,
        cert_path: PathBuf,
        key_path: PathBuf,
        passphrase: Option<Passphrase>,
    ) -> PyResult<Self> {
        run(py, || {
            sslkit::CertificateAuthority::load(&cert_path, &key_path, pass_ref(&passphrase))
        })
        .map(Self)
    }

    /// A new self-signed root CA. `key` None generates an RSA 3072 key (GIL released);
    /// `days` defaults to 3650; `hash` and `now` as for `Certificate.self_signed`.
    #[staticmethod]
    #[pyo3(signature = (subject, key = None, days = None, hash = None, now = None))]
    fn create_root(
        py: Python<'_>,
        subject: &str,
        key: Option<&Bound<'_, PyAny>>,
        days: Option<Int>,
        hash: Option<&str>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let subject = parse_subject(subject)?;
        let key = key_arg(key)?;
        let opts = issue_options(Profile::Root, days, hash, now)?;
        run(py, || {
            sslkit::CertificateAuthority::create_root_with(&subject, key, &opts)
        })
        .map(Self)
    }

    /// A new intermediate CA signed by this CA. `path_len` limits how many CAs may follow it
    /// (default 0: it signs only leaves; None: unlimited); `key` None generates RSA 3072;
    /// `days` defaults to 1825 (clamped to this CA's end of validity).
    #[pyo3(signature = (subject, key = None, path_len = Some(Int::new(0)), days = None, hash = None, now = None))]
    #[pyo3(
        text_signature = "($self, subject, key=None, path_len=0, days=None, hash=None, now=None)"
    )]
    #[allow(clippy::too_many_arguments)]
    fn create_intermediate(
        &self,
        py: Python<'_>,
        subject: &str,
        key: Option<&Bound<'_, PyAny>>,
        path_len: Option<Int>,
        days: Option<Int>,
        hash: Option<&str>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let subject = parse_subject(subject)?;
        let key = key_arg(key)?;
        let path_len = path_len_arg(path_len)?;
        let opts = issue_options(Profile::Intermediate { path_len }, days, hash, now)?;
        let ca = &self.0;
        run(py, || ca.create_intermediate_with(&subject, key, &opts)).map(Self)
    }

    /// Signs a request after checking its signature (VerificationError if bad). `profile`
    /// "server" (default), "client", "server-client" or "intermediate" (with `path_len`);
    /// `days` defaults to 365 for leaves, clamped to this CA's end of validity. The request's
    /// SANs are copied (and the CN for server profiles); nothing else, never CA:TRUE.
    #[pyo3(signature = (csr, days = None, profile = "server", path_len = None, hash = None, now = None))]
    #[allow(clippy::too_many_arguments)]
    fn sign(
        &self,
        py: Python<'_>,
        csr: &Bound<'_, PyCsr>,
        days: Option<Int>,
        profile: &str,
        path_len: Option<Int>,
        hash: Option<&str>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyCertificate> {
        let path_len = path_len_arg(path_len)?;
        let profile = profile
            .parse::<Profile>()
            .and_then(|p| p.with_path_len(path_len))
            .map_err(to_py_err)?;
        let opts = issue_options(profile, days, hash, now)?;
        let ca = &self.0;
        let csr = &csr.get().0;
        run(py, || ca.sign_with(csr, &opts)).map(PyCertificate)
    }

    /// The CA's certificate.
    #[getter]
    fn certificate(&self) -> PyCertificate {
        PyCertificate(self.0.certificate().clone())
    }

    /// The CA's private key.
    #[getter]
    fn key(&self) -> PyPrivateKey {
        PyPrivateKey(self.0.key().clone())
    }

    fn __repr__(&self) -> String {
        format!(
            "<CertificateAuthority subject={}>",
            py_repr_str(&self.0.certificate().subject().to_rfc4514())
        )
    }

    fn __copy__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __deepcopy__<'py>(slf: PyRef<'py, Self>, _memo: &Bound<'py, PyAny>) -> PyRef<'py, Self> {
        slf
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyCa>()
}
