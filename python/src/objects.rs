//! The four object classes, sslkit::Object's four kinds, as Rust types: `PrivateKey`,
//! `PublicKey`, `CertificateSigningRequest` and `Certificate`, and [`HasKey`], anything of them
//! that carries a public key.
//!
//! Their methods live in keys.rs, csr.rs and certificate.rs. The types are declared here, below
//! those files, because each needs the others' classes (a CSR is made with a PrivateKey and
//! gives a PublicKey; `PrivateKey.matches` takes a Certificate or a CSR): every file imports
//! this one, and none imports another class's file, so the modules have no import cycle.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;

/// A private key: RSA (2048–16384 bits), ECDSA P-256/P-384 or Ed25519. Immutable.
///
/// Make one with `PrivateKey.generate()`, read one with `from_pem()`, `from_der()`,
/// `from_bytes()` or `load()` (every common format, encrypted or not, with no format flag).
/// `repr()` shows the type and size only, never key material. Two keys are equal when their
/// public keys are.
#[pyclass(name = "PrivateKey", module = "sslkit", frozen, eq, hash)]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PyPrivateKey(pub sslkit::PrivateKey);

/// A public key (SubjectPublicKeyInfo). Immutable; equal when the SPKI is.
#[pyclass(name = "PublicKey", module = "sslkit", frozen, eq, hash)]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PyPublicKey(pub sslkit::PublicKey);

/// A PKCS#10 certificate signing request. Immutable; equal when the DER encodings are.
#[pyclass(
    name = "CertificateSigningRequest",
    module = "sslkit",
    frozen,
    eq,
    hash
)]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PyCsr(pub sslkit::CertificateSigningRequest);

/// An X.509 certificate. Immutable; equal when the DER encodings are.
#[pyclass(name = "Certificate", module = "sslkit", frozen, eq, hash)]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PyCertificate(pub sslkit::Certificate);

/// Anything that carries a public key.
#[derive(FromPyObject)]
pub enum HasKey<'py> {
    Private(Bound<'py, PyPrivateKey>),
    Public(Bound<'py, PyPublicKey>),
    Cert(Bound<'py, PyCertificate>),
    Csr(Bound<'py, PyCsr>),
}

impl HasKey<'_> {
    pub fn public_key(&self) -> sslkit::PublicKey {
        match self {
            HasKey::Private(k) => k.get().0.public_key(),
            HasKey::Public(k) => k.get().0.clone(),
            HasKey::Cert(c) => c.get().0.public_key().clone(),
            HasKey::Csr(c) => c.get().0.public_key().clone(),
        }
    }
}

/// `obj` as a [`HasKey`]; TypeError for anything else.
pub(crate) fn has_key<'py>(obj: &Bound<'py, PyAny>) -> PyResult<HasKey<'py>> {
    obj.extract::<HasKey<'py>>().map_err(|_| {
        PyTypeError::new_err(
            "expected a PrivateKey, PublicKey, Certificate or CertificateSigningRequest",
        )
    })
}
