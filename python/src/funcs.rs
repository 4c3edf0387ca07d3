//! Module-level functions: bundles, the FAQ's modulus check, matching, chains, PEM/DER.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyList, PyString, PyTuple};
use sslkit::pem::Encoding;
use sslkit::{Error, ErrorKind, VerifyOptions};

use crate::convert::{BytesIn, Passphrase, bytes_arg, guard, pass_ref, run};
use crate::errors::to_py_err;
use crate::objects::{PyCertificate, PyCsr, PyPrivateKey, PyPublicKey, has_key};
use crate::times::opt_time;

fn cert_list(py: Python<'_>, certs: Vec<sslkit::Certificate>) -> PyResult<Bound<'_, PyList>> {
    PyList::new(py, certs.into_iter().map(PyCertificate))
}

/// Certificates given as a PEM/DER bundle (bytes) or any iterable of Certificate objects.
fn certs_arg(
    py: Python<'_>,
    obj: &Bound<'_, PyAny>,
    what: &str,
) -> PyResult<Vec<sslkit::Certificate>> {
    if obj.is_instance_of::<PyBytes>() || obj.is_instance_of::<PyByteArray>() {
        let data = bytes_arg(obj, what)?;
        return run(py, || sslkit::load_certificates(&data));
    }
    if obj.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(format!(
            "{what} must be bytes (a PEM bundle) or an iterable of Certificate, not str"
        )));
    }
    let iter = obj.try_iter().map_err(|_| {
        PyTypeError::new_err(format!(
            "{what} must be bytes (a PEM bundle) or an iterable of Certificate"
        ))
    })?;
    let mut out = Vec::new();
    for item in iter {
        let item = item?;
        let cert = item.cast::<PyCertificate>().map_err(|_| {
            PyTypeError::new_err(format!("{what}: every item must be a Certificate"))
        })?;
        out.push(cert.get().0.clone());
    }
    Ok(out)
}

/// Every certificate in `data`: a PEM bundle (other blocks, such as keys, are skipped) or one
/// DER certificate. The GIL is released while the bundle is parsed.
#[pyfunction]
fn load_certificates(py: Python<'_>, data: BytesIn) -> PyResult<Bound<'_, PyList>> {
    let certs = run(py, || sslkit::load_certificates(&data.0))?;
    cert_list(py, certs)
}

/// `Modulus=<UPPERCASE HEX>\n`, exactly as `openssl x509|rsa|req -noout -modulus` prints it, for
/// a PrivateKey, PublicKey, Certificate or CertificateSigningRequest. Unsupported for non-RSA
/// keys (compare `public_key().spki_fingerprint()` instead).
#[pyfunction]
fn modulus(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    let public = has_key(obj)?.public_key();
    guard(|| sslkit::modulus(&public))
}

/// The FAQ's key/certificate match check: the MD5 of the `modulus()` line as 32 lowercase hex
/// characters, what `openssl x509 -noout -modulus -in server.crt | openssl md5` prints.
#[pyfunction]
fn modulus_md5(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    let public = has_key(obj)?.public_key();
    guard(|| sslkit::modulus_md5(&public))
}

/// Checks that `key` belongs to `cert` and/or `csr`; raises KeyMismatch naming the first that
/// does not (InvalidInput when neither is given).
#[pyfunction]
#[pyo3(signature = (key, cert = None, csr = None))]
fn check_match(
    key: &Bound<'_, PyPrivateKey>,
    cert: Option<&Bound<'_, PyCertificate>>,
    csr: Option<&Bound<'_, PyCsr>>,
) -> PyResult<()> {
    let key = &key.get().0;
    let cert = cert.map(|c| &c.get().0);
    let csr = csr.map(|c| &c.get().0);
    guard(|| sslkit::check_match(key, cert, csr))
}

/// Puts a server's chain in order for `SSLCertificateChainFile`: `leaf`, then its
/// intermediates, then the root only if `include_root`. `pool` is an unordered pile (bytes of a
/// PEM bundle, or an iterable of Certificate) with duplicates and unrelated certificates
/// allowed; `roots` are trust anchors (None: a self-signed root in the pool or the system
/// store). Every signature is checked. Raises ChainIncomplete naming the missing issuer. `at`
/// (a datetime, default now) is the time "valid" refers to. The GIL is released.
#[pyfunction]
#[pyo3(signature = (leaf, pool, roots = None, include_root = false, at = None))]
fn assemble_chain<'py>(
    py: Python<'py>,
    leaf: &Bound<'py, PyCertificate>,
    pool: &Bound<'py, PyAny>,
    roots: Option<&Bound<'py, PyAny>>,
    include_root: bool,
    at: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyList>> {
    let leaf = &leaf.get().0;
    let pool = certs_arg(py, pool, "pool")?;
    let roots = match roots {
        Some(r) if !r.is_none() => Some(certs_arg(py, r, "roots")?),
        _ => None,
    };
    let at = opt_time(at)?.unwrap_or_else(std::time::SystemTime::now);
    let chain = run(py, || {
        sslkit::assemble_at(leaf, &pool, roots.as_deref(), include_root, at)
    })?;
    cert_list(py, chain)
}

/// Verifies `leaf` for `purpose` ("server" or "client") against the trust anchors: `roots`
/// (bytes of a PEM bundle or an iterable of Certificate) and, when `system_roots` is true, the
/// system's roots; with neither, InvalidInput (trust is never implied). `untrusted`
/// intermediates may complete the chain; `at` (a datetime, default now) is the time; `host`
/// the name clients use (server purpose). Returns the verified path, leaf first, anchor last.
/// Raises ChainIncomplete or VerificationError, whose `rule`, `depth`, `subject` and `fix` say
/// which rule which certificate breaks. The GIL is released.
#[pyfunction]
#[pyo3(signature = (leaf, untrusted = None, roots = None, at = None, host = None, purpose = "server", system_roots = false))]
#[allow(clippy::too_many_arguments)]
fn verify_chain<'py>(
    py: Python<'py>,
    leaf: &Bound<'py, PyCertificate>,
    untrusted: Option<&Bound<'py, PyAny>>,
    roots: Option<&Bound<'py, PyAny>>,
    at: Option<&Bound<'py, PyAny>>,
    host: Option<String>,
    purpose: &str,
    system_roots: bool,
) -> PyResult<Bound<'py, PyList>> {
    let leaf = &leaf.get().0;
    let untrusted = match untrusted {
        Some(u) if !u.is_none() => certs_arg(py, u, "untrusted")?,
        _ => Vec::new(),
    };
    let roots = match roots {
        Some(r) if !r.is_none() => certs_arg(py, r, "roots")?,
        _ => Vec::new(),
    };
    let purpose: sslkit::Purpose = guard(|| purpose.parse())?;
    let mut opts = VerifyOptions::new()
        .purpose(purpose)
        .system_roots(system_roots);
    if let Some(t) = opt_time(at)? {
        opts = opts.at(t);
    }
    if let Some(h) = host {
        opts = opts.host(h);
    }
    let path = run(py, || sslkit::verify_chain(leaf, &untrusted, &roots, &opts))?;
    cert_list(py, path)
}

/// Checks that `cert` is valid for `host` (a DNS name or IP address; RFC 6125 wildcards; the CN
/// is ignored, as browsers do). Raises VerificationError when it is not.
#[pyfunction]
fn check_host(cert: &Bound<'_, PyCertificate>, host: &str) -> PyResult<()> {
    guard(|| sslkit::check_host(&cert.get().0, host))
}

/// The system's trusted root certificates (`SSL_CERT_FILE`, or SYSTEM_ROOTS).
#[pyfunction]
fn system_roots(py: Python<'_>) -> PyResult<Bound<'_, PyList>> {
    let certs = run(py, sslkit::system_roots)?;
    cert_list(py, certs)
}

/// PEM to DER: the one block's content (a certificate, request or key; the type is detected).
/// A bundle of several blocks raises InvalidInput (a DER file holds one object).
#[pyfunction]
fn pem_to_der(py: Python<'_>, data: BytesIn) -> PyResult<Bound<'_, PyBytes>> {
    let der = guard(|| sslkit::pem::convert(&data.0, Encoding::Der))?;
    Ok(PyBytes::new(py, &der))
}

/// DER to PEM with `label` (default "CERTIFICATE"); the DER must be an object of that kind
/// (ParseError otherwise). `label=None` takes the label from the content.
#[pyfunction]
#[pyo3(signature = (data, label = Some("CERTIFICATE")))]
#[pyo3(text_signature = "(data, label='CERTIFICATE')")]
fn der_to_pem<'py>(
    py: Python<'py>,
    data: BytesIn,
    label: Option<&str>,
) -> PyResult<Bound<'py, PyBytes>> {
    let detected = guard(|| sslkit::pem::detect_label(&data.0))?;
    if let Some(label) = label
        && label != detected
    {
        return Err(to_py_err(Error::new(
            ErrorKind::Parse,
            format!("the DER holds a {detected}, not a {label}"),
        )));
    }
    let pem = guard(|| Ok(sslkit::pem::encode(detected, &data.0)))?;
    Ok(PyBytes::new(py, pem.as_bytes()))
}

/// The PEM label that fits a DER object: "CERTIFICATE", "CERTIFICATE REQUEST", "PRIVATE KEY",
/// "ENCRYPTED PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "PUBLIC KEY" or
/// "RSA PUBLIC KEY". ParseError for anything else.
#[pyfunction]
fn detect_label(data: BytesIn) -> PyResult<&'static str> {
    guard(|| sslkit::pem::detect_label(&data.0))
}

/// Every PEM block in `data` as (label, DER bytes) pairs, in order.
#[pyfunction]
fn pem_blocks(py: Python<'_>, data: BytesIn) -> PyResult<Bound<'_, PyList>> {
    let blocks = guard(|| sslkit::pem::parse_blocks(&data.0))?;
    let items = blocks
        .iter()
        .map(|b| {
            PyTuple::new(
                py,
                [
                    PyString::new(py, b.label()).into_any(),
                    PyBytes::new(py, b.contents()).into_any(),
                ],
            )
        })
        .collect::<PyResult<Vec<_>>>()?;
    PyList::new(py, items)
}

/// Reads whatever `data` holds: the first private key, public key, certificate or request (PEM:
/// the first block of a known kind; DER: the kind found from the structure). `passphrase` is
/// used only for an encrypted private key. The GIL is released (decryption may stretch it).
#[pyfunction]
#[pyo3(signature = (data, passphrase = None))]
fn load_object<'py>(
    py: Python<'py>,
    data: BytesIn,
    passphrase: Option<Passphrase>,
) -> PyResult<Bound<'py, PyAny>> {
    let obj = run(py, || {
        sslkit::Object::from_bytes(&data.0, pass_ref(&passphrase))
    })?;
    object_to_py(py, obj)
}

fn object_to_py(py: Python<'_>, obj: sslkit::Object) -> PyResult<Bound<'_, PyAny>> {
    Ok(match obj {
        sslkit::Object::PrivateKey(k) => Bound::new(py, PyPrivateKey(k))?.into_any(),
        sslkit::Object::PublicKey(k) => Bound::new(py, PyPublicKey(k))?.into_any(),
        sslkit::Object::Certificate(c) => Bound::new(py, PyCertificate(c))?.into_any(),
        sslkit::Object::Request(r) => Bound::new(py, PyCsr(r))?.into_any(),
    })
}

/// One result of `check()`: `severity` ("error", "warning" or "info"), a stable `code`
/// ("key-mismatch", "chain-missing-intermediate", ...), the `message` and the one-line `fix`.
#[pyclass(name = "Finding", module = "sslkit", frozen, eq, hash)]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PyFinding(sslkit::Finding);

#[pymethods]
impl PyFinding {
    /// "error" (clients will fail), "warning" (works, but wrong or fragile) or "info".
    #[getter]
    fn severity(&self) -> &'static str {
        self.0.severity.name()
    }

    /// A stable identifier, e.g. "key-mismatch".
    #[getter]
    fn code(&self) -> &'static str {
        self.0.code
    }

    /// What is wrong.
    #[getter]
    fn message(&self) -> &str {
        &self.0.message
    }

    /// How to fix it.
    #[getter]
    fn fix(&self) -> &str {
        &self.0.fix
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __repr__(&self) -> String {
        format!("<Finding {} {}>", self.0.severity.name(), self.0.code)
    }
}

fn findings_list(py: Python<'_>, findings: Vec<sslkit::Finding>) -> PyResult<Bound<'_, PyList>> {
    PyList::new(py, findings.into_iter().map(PyFinding))
}

/// The FAQ's troubleshooting in one call: does `key` match `cert`, is `chain` (the chain file's
/// certificates, in file order) complete and in order, is `cert` valid for `host` and for long
/// enough at `at` (a datetime, default now), is anything too weak. `roots` are the anchors
/// clients trust (bytes of a PEM bundle or an iterable of Certificate; None: the system store);
/// `key_encrypted` says the key file needs a passphrase. Returns the findings, errors first; an
/// empty list means all is well. The GIL is released.
#[pyfunction]
#[pyo3(signature = (cert, key = None, chain = None, host = None, roots = None, at = None, key_encrypted = false))]
#[allow(clippy::too_many_arguments)]
fn check<'py>(
    py: Python<'py>,
    cert: &Bound<'py, PyCertificate>,
    key: Option<&Bound<'py, PyPrivateKey>>,
    chain: Option<&Bound<'py, PyAny>>,
    host: Option<String>,
    roots: Option<&Bound<'py, PyAny>>,
    at: Option<&Bound<'py, PyAny>>,
    key_encrypted: bool,
) -> PyResult<Bound<'py, PyList>> {
    let mut input = sslkit::CheckInput::new(cert.get().0.clone(), key.map(|k| k.get().0.clone()));
    input.chain = match chain {
        Some(c) if !c.is_none() => certs_arg(py, c, "chain")?,
        _ => Vec::new(),
    };
    input.roots = match roots {
        Some(r) if !r.is_none() => Some(certs_arg(py, r, "roots")?),
        _ => None,
    };
    input.host = host;
    input.at = opt_time(at)?;
    input.key_encrypted = key_encrypted;
    let findings = run(py, || Ok(sslkit::check(&input)))?;
    findings_list(py, findings)
}

/// `check()` on files, as a server is configured: the key file (an encrypted one needs
/// `passphrase` to be matched), the certificate file (further certificates in it count as
/// chain, as in a full-chain file), an optional chain file, the `host` clients use and the
/// `roots` they trust (None: the system store). Unreadable key files become findings; a
/// certificate file that cannot be read raises. The GIL is released.
#[pyfunction]
#[pyo3(signature = (key_path, cert_path, chain_path = None, passphrase = None, host = None, roots = None))]
fn check_files<'py>(
    py: Python<'py>,
    key_path: std::path::PathBuf,
    cert_path: std::path::PathBuf,
    chain_path: Option<std::path::PathBuf>,
    passphrase: Option<Passphrase>,
    host: Option<String>,
    roots: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyList>> {
    let roots = match roots {
        Some(r) if !r.is_none() => Some(certs_arg(py, r, "roots")?),
        _ => None,
    };
    let findings = run(py, || {
        sslkit::check_files(
            &key_path,
            &cert_path,
            chain_path.as_deref(),
            pass_ref(&passphrase),
            host.as_deref(),
            roots.as_deref(),
        )
    })?;
    findings_list(py, findings)
}

/// The input size cap in force (bytes): 16 MiB unless set_max_input_size() changed it. A file or
/// buffer larger than this raises InvalidInput before it is parsed.
#[pyfunction]
fn max_input_size() -> usize {
    sslkit::limits::max_input_size()
}

/// Sets the input size cap for the whole process (every thread) and returns the previous one;
/// 0 restores the default (MAX_INPUT_SIZE, 16 MiB).
#[pyfunction]
fn set_max_input_size(size: usize) -> usize {
    sslkit::limits::set_max_input_size(size)
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(max_input_size, m)?)?;
    m.add_function(wrap_pyfunction!(set_max_input_size, m)?)?;
    m.add_class::<PyFinding>()?;
    m.add_function(wrap_pyfunction!(load_object, m)?)?;
    m.add_function(wrap_pyfunction!(check, m)?)?;
    m.add_function(wrap_pyfunction!(check_files, m)?)?;
    m.add_function(wrap_pyfunction!(load_certificates, m)?)?;
    m.add_function(wrap_pyfunction!(modulus, m)?)?;
    m.add_function(wrap_pyfunction!(modulus_md5, m)?)?;
    m.add_function(wrap_pyfunction!(check_match, m)?)?;
    m.add_function(wrap_pyfunction!(assemble_chain, m)?)?;
    m.add_function(wrap_pyfunction!(verify_chain, m)?)?;
    m.add_function(wrap_pyfunction!(check_host, m)?)?;
    m.add_function(wrap_pyfunction!(system_roots, m)?)?;
    m.add_function(wrap_pyfunction!(pem_to_der, m)?)?;
    m.add_function(wrap_pyfunction!(der_to_pem, m)?)?;
    m.add_function(wrap_pyfunction!(detect_label, m)?)?;
    m.add_function(wrap_pyfunction!(pem_blocks, m)?)?;
    Ok(())
}
