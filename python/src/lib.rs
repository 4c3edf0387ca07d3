//! Python bindings for sslkit: the native module `sslkit._sslkit`, re-exported by the `sslkit`
//! package (python/sslkit/__init__.py).
//!
//! This crate only translates: Python arguments become core arguments, core results become
//! Python objects, and every core error goes through [`errors::to_py_err`], the one place where
//! `sslkit::ErrorKind` becomes a Python exception class (the classes are defined in Python,
//! python/sslkit/_errors.py). There is no cryptography and no parsing here. Long operations
//! (key generation, passphrase KDFs, chain assembly, bundle parsing) run with the GIL released
//! ([`convert::run`]), and a panic in the core surfaces as `sslkit.Error`, never as
//! `pyo3_runtime.PanicException`.
//!
//! The modules, each importing only those listed before it:
//! - errors: exception classes and the conversion of core errors;
//! - convert: running core calls, arguments in, plain values out; times: datetimes;
//! - names: the core's name tables (for the tests);
//! - objects: the types of the four object classes and `HasKey`; extension: `Extension`,
//!   `BasicConstraints`; x509_common: what the X.509 classes share;
//! - keys, csr, certificate, ca: the classes' methods; funcs: the module-level functions.

use pyo3::prelude::*;

mod errors;

mod convert;
mod names;
mod times;

mod extension;
mod objects;
mod x509_common;

mod ca;
mod certificate;
mod csr;
mod funcs;
mod keys;

/// The native part of sslkit; use it through the `sslkit` package.
#[pymodule]
fn _sslkit(m: &Bound<'_, PyModule>) -> PyResult<()> {
    errors::register(m)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("MIN_RSA_BITS", sslkit::MIN_RSA_BITS)?;
    m.add("MAX_RSA_BITS", sslkit::MAX_RSA_BITS)?;
    m.add("MAX_DAYS", sslkit::MAX_DAYS)?;
    m.add("MAX_CHAIN_DEPTH", sslkit::MAX_CHAIN_DEPTH)?;
    m.add("MAX_POOL_SIZE", sslkit::MAX_POOL_SIZE)?;
    m.add("MAX_INPUT_SIZE", sslkit::limits::MAX_INPUT_SIZE)?;
    m.add("MAX_PEM_BLOCKS", sslkit::limits::MAX_PEM_BLOCKS)?;
    m.add("MAX_PBKDF2_ITERATIONS", sslkit::MAX_PBKDF2_ITERATIONS)?;
    m.add("MAX_SCRYPT_MEMORY", sslkit::MAX_SCRYPT_MEMORY)?;
    m.add("PBKDF2_ITERATIONS", sslkit::PBKDF2_ITERATIONS)?;
    m.add("SYSTEM_ROOTS", sslkit::SYSTEM_ROOTS)?;
    m.add("EXPIRY_WARNING_DAYS", sslkit::EXPIRY_WARNING_DAYS)?;
    names::register(m)?;
    keys::register(m)?;
    csr::register(m)?;
    certificate::register(m)?;
    ca::register(m)?;
    extension::register(m)?;
    funcs::register(m)?;
    Ok(())
}
