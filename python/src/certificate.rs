//! The methods of `Certificate` (the type is in objects.rs).

use std::path::PathBuf;

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyTuple};
use sslkit::{FingerprintHash, Profile};

use crate::convert::{BytesIn, Int, big_int, guard, py_repr_str, run, str_list};
use crate::errors::to_py_err;
use crate::extension::PyBasicConstraints;
use crate::objects::{PyCertificate, PyPrivateKey, PyPublicKey};
use crate::times::{opt_time, to_datetime};
use crate::x509_common::{
    extensions_list, issue_options, parse_sans, parse_subject, reduce_from_der, sans_list,
};

/// An issuer given as a Certificate or a PublicKey.
#[derive(FromPyObject)]
enum IssuerKey<'py> {
    Cert(Bound<'py, PyCertificate>),
    Key(Bound<'py, PyPublicKey>),
}

#[pymethods]
impl PyCertificate {
    /// A self-signed certificate (the FAQ's test certificate). `subject` and `sans` as for
    /// `CertificateSigningRequest.create` (the CN is added as a DNS SAN for server profiles);
    /// `days` of validity (default 365); `profile` "server" (default), "client",
    /// "server-client" or "root"; `hash` for RSA keys; `now` (a datetime) pins the issuing time.
    #[staticmethod]
    #[pyo3(signature = (key, subject, sans = None, days = None, profile = "server", hash = None, now = None))]
    #[allow(clippy::too_many_arguments)]
    fn self_signed(
        py: Python<'_>,
        key: &Bound<'_, PyPrivateKey>,
        subject: &str,
        sans: Option<&Bound<'_, PyAny>>,
        days: Option<Int>,
        profile: &str,
        hash: Option<&str>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let subject = parse_subject(subject)?;
        let sans = parse_sans(&str_list(sans, "sans")?)?;
        let profile: Profile = profile.parse().map_err(to_py_err)?;
        let opts = issue_options(profile, days, hash, now)?;
        let key = &key.get().0;
        run(py, || {
            sslkit::Certificate::self_signed_with(key, &subject, &sans, &opts)
        })
        .map(Self)
    }

    /// Reads the first certificate PEM block (`CERTIFICATE`, also `TRUSTED CERTIFICATE`).
    #[staticmethod]
    fn from_pem(data: BytesIn) -> PyResult<Self> {
        guard(|| sslkit::Certificate::from_pem(&data.0)).map(Self)
    }

    /// Reads a DER certificate.
    #[staticmethod]
    fn from_der(data: BytesIn) -> PyResult<Self> {
        guard(|| sslkit::Certificate::from_der(&data.0)).map(Self)
    }

    /// Reads a certificate from PEM or DER, whichever `data` is.
    #[staticmethod]
    fn from_bytes(data: BytesIn) -> PyResult<Self> {
        guard(|| sslkit::Certificate::from_bytes(&data.0)).map(Self)
    }

    /// Reads a certificate file (PEM or DER); `path` is a str or os.PathLike.
    #[staticmethod]
    fn load(path: PathBuf) -> PyResult<Self> {
        guard(|| sslkit::Certificate::load(&path)).map(Self)
    }

    /// The subject as an RFC 4514 string.
    #[getter]
    fn subject(&self) -> String {
        self.0.subject().to_rfc4514()
    }

    /// The issuer as an RFC 4514 string.
    #[getter]
    fn issuer(&self) -> String {
        self.0.issuer().to_rfc4514()
    }

    /// The subject's common name (None when it has none).
    #[getter]
    fn common_name(&self) -> Option<String> {
        self.0.subject().common_name().map(str::to_string)
    }

    /// The serial number as an int.
    #[getter]
    fn serial<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let bytes = self.0.serial();
        let n = big_int(py, bytes)?;
        // DER INTEGERs are two's complement: a set top bit means a (non-conforming) negative.
        if bytes.first().is_some_and(|b| b & 0x80 != 0) {
            let modulus = big_int(py, &[1])?.call_method1("__lshift__", (bytes.len() * 8,))?;
            return n.call_method1("__sub__", (modulus,));
        }
        Ok(n)
    }

    /// The serial number in uppercase hex, as `openssl x509 -noout -serial` prints it.
    #[getter]
    fn serial_hex(&self) -> String {
        self.0.serial_hex()
    }

    /// Start of validity, an aware datetime in UTC.
    #[getter]
    fn not_before<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_datetime(py, self.0.not_before())
    }

    /// End of validity, an aware datetime in UTC.
    #[getter]
    fn not_after<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_datetime(py, self.0.not_after())
    }

    /// True when `at` (a datetime; default now) lies within the validity period.
    #[pyo3(signature = (at = None))]
    fn is_valid_at(&self, at: Option<&Bound<'_, PyAny>>) -> PyResult<bool> {
        let at = opt_time(at)?.unwrap_or_else(std::time::SystemTime::now);
        Ok(self.0.is_valid_at(at))
    }

    /// The subject alternative names, typed: ["DNS:localhost", "IP:127.0.0.1"].
    #[getter]
    fn sans<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        sans_list(py, self.0.sans())
    }

    /// True when basicConstraints says CA:TRUE.
    #[getter]
    fn is_ca(&self) -> bool {
        self.0.is_ca()
    }

    /// basicConstraints, or None when the extension is absent.
    #[getter]
    fn basic_constraints(&self) -> Option<PyBasicConstraints> {
        self.0.basic_constraints().map(PyBasicConstraints)
    }

    /// keyUsage bit names ("digitalSignature", "keyCertSign", ...), None when absent.
    #[getter]
    fn key_usage(&self) -> Option<Vec<&'static str>> {
        self.0.key_usage()
    }

    /// extendedKeyUsage purposes ("serverAuth", "clientAuth", or dotted OIDs), None when absent.
    #[getter]
    fn extended_key_usage(&self) -> Option<Vec<String>> {
        self.0.extended_key_usage()
    }

    /// subjectKeyIdentifier bytes, None when absent.
    #[getter]
    fn subject_key_id<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyBytes>> {
        self.0.subject_key_id().map(|v| PyBytes::new(py, &v))
    }

    /// authorityKeyIdentifier's keyIdentifier bytes, None when absent.
    #[getter]
    fn authority_key_id<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyBytes>> {
        self.0.authority_key_id().map(|v| PyBytes::new(py, &v))
    }

    /// authorityInfoAccess caIssuers URLs (where the issuer's certificate can be fetched).
    #[getter]
    fn ca_issuers_urls(&self) -> Vec<String> {
        self.0.ca_issuers_urls()
    }

    /// authorityInfoAccess OCSP responder URLs.
    #[getter]
    fn ocsp_urls(&self) -> Vec<String> {
        self.0.ocsp_urls()
    }

    /// Every extension, in order.
    #[getter]
    fn extensions<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        extensions_list(py, self.0.extensions())
    }

    /// True when subject and issuer are the same name.
    #[getter]
    fn is_self_issued(&self) -> bool {
        self.0.is_self_issued()
    }

    /// The signature algorithm by OpenSSL's name; Unsupported for algorithms sslkit does not
    /// know.
    #[getter]
    fn signature_algorithm(&self) -> PyResult<&'static str> {
        guard(|| self.0.signature_algorithm()).map(|a| a.name())
    }

    /// The certificate's public key.
    fn public_key(&self) -> PyPublicKey {
        PyPublicKey(self.0.public_key().clone())
    }

    /// Checks that `issuer` (a Certificate or PublicKey) signed this certificate; raises
    /// VerificationError when it did not.
    fn verify_signed_by(&self, issuer: &Bound<'_, PyAny>) -> PyResult<()> {
        let key = match issuer.extract::<IssuerKey<'_>>() {
            Ok(IssuerKey::Cert(c)) => c.get().0.public_key().clone(),
            Ok(IssuerKey::Key(k)) => k.get().0.clone(),
            Err(_) => {
                return Err(PyTypeError::new_err(
                    "issuer must be a Certificate or a PublicKey",
                ));
            }
        };
        guard(|| self.0.verify_signed_by(&key))
    }

    /// The fingerprint as `AA:BB:...` (`openssl x509 -fingerprint`); `hash` "sha256"
    /// (default) or "sha1".
    #[pyo3(signature = (hash = "sha256"))]
    fn fingerprint(&self, hash: &str) -> PyResult<String> {
        let h: FingerprintHash = hash.parse().map_err(to_py_err)?;
        Ok(self.0.fingerprint(h))
    }

    /// PEM bytes (`-----BEGIN CERTIFICATE-----`).
    fn to_pem<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, self.0.to_pem().as_bytes())
    }

    /// DER bytes.
    fn to_der<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, self.0.der())
    }

    /// A human-readable dump, in the spirit of `openssl x509 -noout -text`.
    fn text(&self) -> PyResult<String> {
        guard(|| Ok(sslkit::text::certificate_text(&self.0)))
    }

    fn __repr__(&self) -> String {
        format!(
            "<Certificate subject={} serial={}>",
            py_repr_str(&self.0.subject().to_rfc4514()),
            self.0.serial_hex()
        )
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        reduce_from_der::<Self>(py, self.0.der())
    }

    fn __copy__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __deepcopy__<'py>(slf: PyRef<'py, Self>, _memo: &Bound<'py, PyAny>) -> PyRef<'py, Self> {
        slf
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyCertificate>()
}
