//! A small certificate authority: a root, intermediates, and signing requests under a profile.

use std::fmt;
use std::path::Path;

use crate::cert::{Certificate, san_extension, validity};
use crate::csr::CertificateSigningRequest;
use crate::error::{Error, ErrorKind, Result};
use crate::issue::{self, IssueOptions, Profile};
use crate::name::DistinguishedName;
use crate::{KeyType, PrivateKey};

/// A certificate just issued by [`CertificateAuthority::sign_reporting`], with what the
/// issuance changed from the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issued {
    /// The certificate.
    pub certificate: Certificate,
    /// True when the validity asked for ran past the CA's notAfter and was cut to it.
    pub clamped: bool,
}

/// A CA: its certificate and private key.
///
/// ```
/// use sslkit::{CertificateAuthority, CertificateSigningRequest, KeyType, PrivateKey, Profile};
/// let ec = || PrivateKey::generate(KeyType::EcP256, None);
/// let root = CertificateAuthority::create_root("/CN=Example Root CA", Some(ec()?), None)?;
/// let inter = root.create_intermediate("/CN=Example Intermediate CA", Some(ec()?), Some(0), None)?;
/// let key = ec()?;
/// let csr = CertificateSigningRequest::create(&key, "/CN=www.foo.dom", &[])?;
/// let leaf = inter.sign(&csr, Profile::Server, None)?;
/// assert_eq!(leaf.sans()[0].to_string(), "DNS:www.foo.dom");   // the CN became a SAN
/// leaf.verify_signed_by(inter.certificate().public_key())?;
/// # Ok::<(), sslkit::Error>(())
/// ```
#[derive(Clone)]
pub struct CertificateAuthority {
    certificate: Certificate,
    key: PrivateKey,
}

impl fmt::Debug for CertificateAuthority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CertificateAuthority")
            .field("subject", &self.certificate.subject().to_string())
            .finish_non_exhaustive()
    }
}

fn ca_key(key: Option<PrivateKey>) -> Result<PrivateKey> {
    match key {
        Some(k) => Ok(k),
        None => PrivateKey::generate(KeyType::Rsa, Some(3072)),
    }
}

impl CertificateAuthority {
    /// An existing CA (made by sslkit or by openssl). `KeyMismatch` when the key does not
    /// belong to the certificate, `InvalidInput` when the certificate is not a CA.
    pub fn new(certificate: Certificate, key: PrivateKey) -> Result<Self> {
        if certificate.public_key() != &key.public_key() {
            return Err(Error::new(
                ErrorKind::KeyMismatch,
                "the CA key does not belong to the CA certificate",
            ));
        }
        if !certificate.is_ca() {
            return Err(Error::invalid(format!(
                "'{}' is not a CA certificate (basicConstraints CA:TRUE is missing)",
                certificate.subject()
            )));
        }
        Ok(CertificateAuthority { certificate, key })
    }

    /// Loads a CA from a certificate file and a (possibly encrypted) key file.
    pub fn load(
        cert_path: impl AsRef<Path>,
        key_path: impl AsRef<Path>,
        passphrase: Option<&[u8]>,
    ) -> Result<Self> {
        let cert = Certificate::load(cert_path)?;
        let key = PrivateKey::load(key_path, passphrase)?;
        Self::new(cert, key)
    }

    /// A new self-signed root CA. `key` None generates RSA 3072; `days` None is 3650.
    pub fn create_root(subject: &str, key: Option<PrivateKey>, days: Option<u32>) -> Result<Self> {
        let subject = DistinguishedName::parse(subject)?;
        let mut opts = IssueOptions::new(Profile::Root);
        opts.days = days;
        Self::create_root_with(&subject, key, &opts)
    }

    /// A new root CA with full options (the profile is forced to `root`).
    pub fn create_root_with(
        subject: &DistinguishedName,
        key: Option<PrivateKey>,
        opts: &IssueOptions,
    ) -> Result<Self> {
        if subject.is_empty() {
            return Err(Error::invalid("a CA needs a subject name"));
        }
        let key = ca_key(key)?;
        let mut o = *opts;
        o.profile = Profile::Root;
        let cert = Certificate::self_signed_with(&key, subject, &[], &o)?;
        Ok(CertificateAuthority {
            certificate: cert,
            key,
        })
    }

    /// A new intermediate CA signed by this CA. `path_len` limits how many CAs may follow it
    /// (0: it signs only leaves).
    pub fn create_intermediate(
        &self,
        subject: &str,
        key: Option<PrivateKey>,
        path_len: Option<u8>,
        days: Option<u32>,
    ) -> Result<Self> {
        let subject = DistinguishedName::parse(subject)?;
        let mut opts = IssueOptions::new(Profile::Intermediate { path_len });
        opts.days = days;
        self.create_intermediate_with(&subject, key, &opts)
    }

    /// A new intermediate CA with full options.
    pub fn create_intermediate_with(
        &self,
        subject: &DistinguishedName,
        key: Option<PrivateKey>,
        opts: &IssueOptions,
    ) -> Result<Self> {
        if !matches!(opts.profile, Profile::Intermediate { .. }) {
            return Err(Error::invalid(
                "create_intermediate needs the intermediate profile",
            ));
        }
        let key = ca_key(key)?;
        let public = key.public_key();
        let cert = self.issue(subject, &public, &[], opts)?;
        Ok(CertificateAuthority {
            certificate: cert,
            key,
        })
    }

    /// Signs a request under `profile` (default validity: 365 days for leaves, 1825 for an
    /// intermediate). The request's own signature is checked first (`Verification` if bad); its
    /// SANs are copied, the CN is added as a SAN for server profiles, and nothing else of the
    /// request (in particular no CA:TRUE) is copied.
    pub fn sign(
        &self,
        csr: &CertificateSigningRequest,
        profile: Profile,
        days: Option<u32>,
    ) -> Result<Certificate> {
        let mut opts = IssueOptions::new(profile);
        opts.days = days;
        self.sign_with(csr, &opts)
    }

    /// Signs a request with full options.
    pub fn sign_with(
        &self,
        csr: &CertificateSigningRequest,
        opts: &IssueOptions,
    ) -> Result<Certificate> {
        csr.verify_signature().map_err(|e| {
            let kind = if e.kind() == ErrorKind::Unsupported {
                ErrorKind::Unsupported
            } else {
                ErrorKind::Verification
            };
            Error::new(
                kind,
                format!("the request's signature cannot be checked ({e}); refusing to sign it"),
            )
        })?;
        if opts.profile == Profile::Root {
            return Err(Error::invalid("a root is self-signed: use create_root"));
        }
        self.issue(csr.subject(), csr.public_key(), csr.sans(), opts)
    }

    /// [`sign_with`](Self::sign_with), also saying whether the validity asked for was cut to
    /// the CA's own notAfter (sslkit never issues a certificate that outlives its issuer), so
    /// that every face can tell its user.
    ///
    /// ```
    /// use sslkit::{CertificateAuthority, CertificateSigningRequest, IssueOptions, KeyType, PrivateKey, Profile};
    /// let k = || PrivateKey::generate(KeyType::Ed25519, None);
    /// let ca = CertificateAuthority::create_root("/CN=Root", Some(k()?), Some(30))?;
    /// let csr = CertificateSigningRequest::create(&k()?, "/CN=a.test", &[])?;
    /// let issued = ca.sign_reporting(&csr, &IssueOptions::new(Profile::Server).days(365))?;
    /// assert!(issued.clamped);
    /// assert_eq!(issued.certificate.not_after(), ca.certificate().not_after());
    /// # Ok::<(), sslkit::Error>(())
    /// ```
    pub fn sign_reporting(
        &self,
        csr: &CertificateSigningRequest,
        opts: &IssueOptions,
    ) -> Result<Issued> {
        // One instant for the certificate and the report.
        let opts = opts.now(opts.now.unwrap_or_else(std::time::SystemTime::now));
        let certificate = self.sign_with(csr, &opts)?;
        let (_, _, clamped) =
            crate::cert::validity_clamped(&opts, Some(self.certificate.not_after()))?;
        Ok(Issued {
            certificate,
            clamped,
        })
    }

    fn issue(
        &self,
        subject: &DistinguishedName,
        public: &crate::PublicKey,
        sans: &[crate::SubjectAltName],
        opts: &IssueOptions,
    ) -> Result<Certificate> {
        if subject.is_empty() && sans.is_empty() {
            return Err(Error::invalid(
                "the certificate would have no subject and no SAN",
            ));
        }
        if let Profile::Intermediate { .. } = opts.profile
            && self
                .certificate
                .basic_constraints()
                .and_then(|c| c.path_len)
                == Some(0)
        {
            return Err(Error::invalid(format!(
                "'{}' has pathlen 0: it may sign only leaf certificates",
                self.certificate.subject()
            )));
        }
        let (not_before, not_after) = validity(opts, Some(self.certificate.not_after()))?;
        let issuer_key_id = match self.certificate.subject_key_id() {
            Some(id) => id,
            None => issue::key_identifier(self.certificate.public_key())?,
        };
        let der = issue::build_certificate(issue::CertParams {
            subject: subject.to_x509()?,
            subject_key: public,
            issuer: self.certificate.raw().tbs.subject.clone(),
            issuer_key: &self.key,
            issuer_key_id,
            not_before,
            not_after,
            profile: opts.profile,
            san_der: san_extension(subject, sans, opts.profile)?,
            hash: opts.hash,
        })?;
        Certificate::from_der(&der)
    }

    /// The CA's certificate.
    pub fn certificate(&self) -> &Certificate {
        &self.certificate
    }

    /// The CA's private key.
    pub fn key(&self) -> &PrivateKey {
        &self.key
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, SystemTime};

    /// The report says "clamped" exactly when the days asked for run past the CA's notAfter:
    /// one day more than the CA has left is cut, the CA's own span or less is not.
    #[test]
    fn clamping_is_reported_at_the_boundary() -> Result<()> {
        let k = || PrivateKey::generate(KeyType::Ed25519, None);
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        let day = Duration::from_secs(86_400);
        let root = CertificateAuthority::create_root_with(
            &"/CN=Root".parse()?,
            Some(k()?),
            &IssueOptions::new(Profile::Root).days(30).now(now),
        )?;
        let csr = CertificateSigningRequest::create(&k()?, "/CN=a.test", &[])?;
        for (days, clamped) in [(31, true), (30, false), (1, false)] {
            let opts = IssueOptions::new(Profile::Server).days(days).now(now);
            let issued = root.sign_reporting(&csr, &opts)?;
            assert_eq!(issued.clamped, clamped, "{days} days");
            let want = if clamped {
                now + 30 * day
            } else {
                now + days * day
            };
            assert_eq!(issued.certificate.not_after(), want, "{days} days");
        }
        Ok(())
    }
}
