//! `CertificateSigningRequest`, `Certificate`, `CertificateAuthority`, and the small value
//! classes `Extension` and `BasicConstraints`.

use std::path::PathBuf;

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyTuple};
use sslkit::{DistinguishedName, FingerprintHash, HashAlg, IssueOptions, Profile, SubjectAltName};

use crate::keys::{PyPrivateKey, PyPublicKey, big_int};
use crate::{
    BytesIn, Int, Passphrase, guard, int_in, invalid, opt_time, opt_u32, parse_opt, pass_ref,
    py_repr_str, run, str_list, to_datetime,
};

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

/// One extension of a certificate or request: `oid` (dotted), `name` (short name where known,
/// e.g. "subjectAltName"), `critical`, and `value` (the DER inside the extension).
#[pyclass(name = "Extension", module = "sslkit", frozen, eq, hash)]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PyExtension(sslkit::ExtensionInfo);

/// A certificate's basicConstraints: `ca` (CA:TRUE), `path_len` (None: unlimited or absent),
/// `critical`.
#[pyclass(name = "BasicConstraints", module = "sslkit", frozen, eq, hash)]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PyBasicConstraints(sslkit::Constraints);

fn parse_subject(subject: &str) -> PyResult<DistinguishedName> {
    guard(|| DistinguishedName::parse(subject))
}

fn parse_sans(sans: &[String]) -> PyResult<Vec<SubjectAltName>> {
    guard(|| sans.iter().map(|s| SubjectAltName::parse(s)).collect())
}

fn sans_list<'py>(py: Python<'py>, sans: &[SubjectAltName]) -> PyResult<Bound<'py, PyList>> {
    PyList::new(py, sans.iter().map(|s| s.to_string()))
}

fn extensions_list(
    py: Python<'_>,
    exts: Vec<sslkit::ExtensionInfo>,
) -> PyResult<Bound<'_, PyList>> {
    PyList::new(py, exts.into_iter().map(PyExtension))
}

fn issue_options(
    profile: Profile,
    days: Option<Int>,
    hash: Option<&str>,
    now: Option<&Bound<'_, PyAny>>,
) -> PyResult<IssueOptions> {
    let mut opts = IssueOptions::new(profile);
    opts.days = opt_u32(days, "days", 1)?;
    opts.hash = parse_opt::<HashAlg>(hash)?;
    opts.now = opt_time(now)?;
    Ok(opts)
}

fn path_len_arg(v: Option<Int>) -> PyResult<Option<u8>> {
    Ok(int_in(v, "path_len", 0, 255)?.map(|x| x as u8))
}

fn reduce_from_der<'py, T: pyo3::PyTypeInfo>(
    py: Python<'py>,
    der: &[u8],
) -> PyResult<Bound<'py, PyTuple>> {
    let from_der = py.get_type::<T>().getattr("from_der")?;
    let args = PyTuple::new(py, [PyBytes::new(py, der)])?;
    PyTuple::new(py, [from_der, args.into_any()])
}

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
        let profile: Profile = profile.parse().map_err(crate::to_py_err)?;
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
        let h: FingerprintHash = hash.parse().map_err(crate::to_py_err)?;
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
        let mut profile: Profile = profile.parse().map_err(crate::to_py_err)?;
        let path_len = path_len_arg(path_len)?;
        match (&mut profile, path_len) {
            (Profile::Intermediate { path_len: p }, n) => *p = n,
            (_, Some(_)) => {
                return Err(invalid("path_len applies only to the intermediate profile"));
            }
            _ => {}
        }
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
    m.add_class::<PyCsr>()?;
    m.add_class::<PyCertificate>()?;
    m.add_class::<PyCa>()?;
    m.add_class::<PyExtension>()?;
    m.add_class::<PyBasicConstraints>()?;
    Ok(())
}
