//! Certificate path validation: RFC 5280 with the CA/Browser Forum server profile where the
//! two differ, as rustls-webpki and pyca/cryptography apply it. README's "Verification
//! policy" lists every rule and each choice that differs from a mature verifier.
//!
//! - `options`: what is asked (purpose, time, host name, trust store);
//! - `profile`: what one certificate must be by itself, as the leaf or as an issuer;
//! - `constraints`: name constraints;
//! - `host`: host names against subjectAltNames;
//! - `path`: the search for a valid path, with the rules that need the chain;
//! - `violation`: what a refusal says.

mod constraints;
mod host;
mod options;
mod path;
mod profile;
mod violation;

pub use host::check_host;
pub use options::{Purpose, VerifyOptions};
pub use violation::Violation;

use std::time::SystemTime;

use crate::Certificate;
use crate::chain::MAX_POOL_SIZE;
use crate::error::{Error, Result};

/// Verifies `leaf` for `opts.purpose` against the trust anchors `roots` (and the system's
/// roots when [`VerifyOptions::system_roots`] is set), using `untrusted` intermediates, at
/// `opts.at`, for `opts.host` when given. Returns the verified path: leaf first, trust anchor
/// last (just the leaf when the leaf itself is trusted).
///
/// Every certificate on the path is checked against the policy (README, "Verification
/// policy"): signatures and allowed algorithms, key sizes, validity, basicConstraints and
/// pathLen (self-issued intermediates not counted), keyUsage and extendedKeyUsage for the
/// purpose (also in CAs), name constraints, key identifiers, subjectAltName rules, serial
/// numbers and unknown critical extensions. When one path fails, the others are tried.
///
/// Errors: `Verification` or `ChainIncomplete` (an issuer is missing), each carrying a
/// [`Violation`] ([`Error::violation`]) that names the rule, the certificate and the fix;
/// `InvalidInput` when there is no trust anchor at all.
///
/// ```
/// use sslkit::{CertificateAuthority, CertificateSigningRequest, KeyType, PrivateKey, Profile,
///              Purpose, VerifyOptions, verify_chain};
/// let k = || PrivateKey::generate(KeyType::EcP256, None);
/// let root = CertificateAuthority::create_root("/CN=Root", Some(k()?), None)?;
/// let inter = root.create_intermediate("/CN=Inter", Some(k()?), Some(0), None)?;
/// let csr = CertificateSigningRequest::create(&k()?, "/CN=www.foo.dom", &[])?;
/// let leaf = inter.sign(&csr, Profile::Server, None)?;
/// let roots = [root.certificate().clone()];
/// let opts = VerifyOptions::new().host("www.foo.dom");
/// let path = verify_chain(&leaf, &[inter.certificate().clone()], &roots, &opts)?;
/// assert_eq!(path.len(), 3);
/// // A server certificate is not a client certificate.
/// let client = VerifyOptions::new().purpose(Purpose::Client);
/// let err = verify_chain(&leaf, &[inter.certificate().clone()], &roots, &client).unwrap_err();
/// assert_eq!(err.violation().unwrap().rule, "eku-purpose");
/// # Ok::<(), sslkit::Error>(())
/// ```
pub fn verify_chain(
    leaf: &Certificate,
    untrusted: &[Certificate],
    roots: &[Certificate],
    opts: &VerifyOptions,
) -> Result<Vec<Certificate>> {
    if untrusted.len() > MAX_POOL_SIZE {
        return Err(Error::invalid(format!(
            "{} untrusted certificates given; sslkit takes at most {MAX_POOL_SIZE}",
            untrusted.len()
        )));
    }
    let system = if opts.system_roots {
        crate::system_roots()?
    } else {
        Vec::new()
    };
    let anchors: Vec<&Certificate> = roots.iter().chain(system.iter()).collect();
    if anchors.is_empty() {
        return Err(Error::invalid(
            "no trust anchors: give the roots to trust, or ask for the system's roots",
        ));
    }
    let at = crate::time::unix(opts.at.unwrap_or_else(SystemTime::now));
    path::Search::new(leaf, untrusted, &anchors, opts.purpose, at).run(opts.host.as_deref())
}
