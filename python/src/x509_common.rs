//! What the X.509 classes (csr.rs, certificate.rs, ca.rs) share: subjects, SANs and issuing
//! options from Python arguments, SAN and extension lists back, and pickling by DER.

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyTuple};
use sslkit::{DistinguishedName, HashAlg, IssueOptions, Profile, SubjectAltName};

use crate::convert::{Int, guard, opt_u32, parse_opt};
use crate::extension::PyExtension;
use crate::times::opt_time;

/// A subject in OpenSSL's `/C=US/O=Foo/CN=www.foo.dom` form or RFC 4514, parsed by the core.
pub(crate) fn parse_subject(subject: &str) -> PyResult<DistinguishedName> {
    guard(|| DistinguishedName::parse(subject))
}

/// SANs ("DNS:name", "IP:addr", bare names, ...), parsed by the core.
pub(crate) fn parse_sans(sans: &[String]) -> PyResult<Vec<SubjectAltName>> {
    guard(|| sans.iter().map(|s| SubjectAltName::parse(s)).collect())
}

/// SANs as a list of typed strings: ["DNS:localhost", "IP:127.0.0.1"].
pub(crate) fn sans_list<'py>(
    py: Python<'py>,
    sans: &[SubjectAltName],
) -> PyResult<Bound<'py, PyList>> {
    PyList::new(py, sans.iter().map(|s| s.to_string()))
}

/// Extensions as a list of `Extension`.
pub(crate) fn extensions_list(
    py: Python<'_>,
    exts: Vec<sslkit::ExtensionInfo>,
) -> PyResult<Bound<'_, PyList>> {
    PyList::new(py, exts.into_iter().map(PyExtension))
}

/// The core's issuing options from the Python arguments `days`, `hash` and `now`.
pub(crate) fn issue_options(
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

/// `__reduce__` for a class that is rebuilt from its DER by `T.from_der`.
pub(crate) fn reduce_from_der<'py, T: pyo3::PyTypeInfo>(
    py: Python<'py>,
    der: &[u8],
) -> PyResult<Bound<'py, PyTuple>> {
    let from_der = py.get_type::<T>().getattr("from_der")?;
    let args = PyTuple::new(py, [PyBytes::new(py, der)])?;
    PyTuple::new(py, [from_der, args.into_any()])
}
