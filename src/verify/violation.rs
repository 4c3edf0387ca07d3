//! What a refusal says: the rule that was broken, the certificate that broke it (its depth in
//! the chain and its subject), and what would fix it.

use std::fmt;

use crate::error::{Error, ErrorKind};

/// A rule of sslkit's verification policy that a certificate breaks.
///
/// Every refusal from [`verify_chain`](crate::verify_chain) carries one
/// ([`Error::violation`]); its text is the error message in every face (the CLI line, the C
/// last-error message, the Python exception), and `sslkit check` reports the same words.
/// `rule` is a stable identifier (README lists them all); `depth` counts from the leaf (0) to
/// the trust anchor.
///
/// ```
/// use sslkit::{CertificateAuthority, CertificateSigningRequest, KeyType, PrivateKey, Profile,
///              VerifyOptions, verify_chain};
/// let k = || PrivateKey::generate(KeyType::EcP256, None);
/// let root = CertificateAuthority::create_root("/CN=Root", Some(k()?), None)?;
/// let csr = CertificateSigningRequest::create(&k()?, "/CN=alice", &["email:alice@foo.dom"])?;
/// let client = root.sign(&csr, Profile::Client, None)?;
/// let err = verify_chain(&client, &[], &[root.certificate().clone()], &VerifyOptions::new())
///     .unwrap_err();
/// let v = err.violation().unwrap();
/// assert_eq!((v.rule, v.depth), ("eku-purpose", 0));
/// assert!(err.to_string().contains("serverAuth"));
/// # Ok::<(), sslkit::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Violation {
    /// The rule's stable identifier, such as `eku-purpose` or `path-length`.
    pub rule: &'static str,
    /// Where the certificate sits: 0 is the leaf, the trust anchor is last.
    pub depth: usize,
    /// The certificate's subject (RFC 4514).
    pub subject: String,
    /// What is wrong, in a sentence.
    pub problem: String,
    /// What would fix it.
    pub fix: String,
}

impl Violation {
    pub(crate) fn new(
        rule: &'static str,
        depth: usize,
        cert: &crate::Certificate,
        problem: impl Into<String>,
        fix: impl Into<String>,
    ) -> Self {
        Violation {
            rule,
            depth,
            subject: cert.subject().to_string(),
            problem: problem.into(),
            fix: fix.into(),
        }
    }

    /// The error that carries this violation, of `kind` (`Verification`, or `ChainIncomplete`
    /// when an issuer is missing).
    pub(crate) fn into_error(self, kind: ErrorKind) -> Error {
        Error::with_violation(kind, self)
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let who = if self.subject.is_empty() {
            "(empty subject)".to_string()
        } else {
            format!("'{}'", self.subject)
        };
        write!(
            f,
            "certificate {} {who}: {} [rule {}]; fix: {}",
            self.depth, self.problem, self.rule, self.fix
        )
    }
}
