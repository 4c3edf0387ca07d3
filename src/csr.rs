//! Certificate signing requests (PKCS#10): build, parse, verify, inspect.

use std::fmt;
use std::path::Path;
use std::sync::Arc;

use der::asn1::{Any, OctetString, SetOfVec};
use der::{Decode, Encode};
use x509_cert::attr::Attribute;
use x509_cert::ext::Extension;
use x509_cert::request::{CertReq, CertReqInfo, ExtensionReq, Version};

use crate::cert::{ExtensionInfo, extension_infos};
use crate::error::{Error, Result};
use crate::issue;
use crate::name::DistinguishedName;
use crate::oid;
use crate::pem;
use crate::san::SubjectAltName;
use crate::sign::split_signed;
use crate::{HashAlg, PrivateKey, PublicKey, SignatureAlgorithm};

struct CsrInner {
    der: Vec<u8>,
    req: CertReq,
    subject: DistinguishedName,
    public_key: PublicKey,
    sans: Vec<SubjectAltName>,
    extensions: Vec<Extension>,
}

/// A PKCS#10 certificate signing request. Immutable, cheap to clone, `Send + Sync`.
///
/// ```
/// use sslkit::{CertificateSigningRequest, KeyType, PrivateKey};
/// let key = PrivateKey::generate(KeyType::EcP256, None)?;
/// // openssl req -new -key server.key -subj /CN=www.foo.dom -addext subjectAltName=DNS:www.foo.dom
/// let csr = CertificateSigningRequest::create(&key, "/CN=www.foo.dom", &["www.foo.dom"])?;
/// assert!(csr.verify());
/// assert_eq!(csr.sans()[0].to_string(), "DNS:www.foo.dom");
/// assert!(csr.to_pem().starts_with("-----BEGIN CERTIFICATE REQUEST-----"));
/// # Ok::<(), sslkit::Error>(())
/// ```
#[derive(Clone)]
pub struct CertificateSigningRequest {
    inner: Arc<CsrInner>,
}

impl CertificateSigningRequest {
    /// Builds and signs a request: `subject` in `/C=../CN=..` or RFC 4514 form, SANs as
    /// `DNS:`/`IP:`/`email:`/`URI:` or bare names. Signed with SHA-256 (RSA) or the curve's hash.
    /// An empty `subject` makes a request identified by its SANs alone.
    pub fn create(key: &PrivateKey, subject: &str, sans: &[&str]) -> Result<Self> {
        let subject = if subject.trim().is_empty() {
            DistinguishedName::default()
        } else {
            DistinguishedName::parse(subject)?
        };
        let sans = sans
            .iter()
            .map(|s| SubjectAltName::parse(s))
            .collect::<Result<Vec<_>>>()?;
        Self::create_with(key, &subject, &sans, None)
    }

    /// Builds and signs a request with typed names and an optional hash (SHA-384/512 for RSA).
    pub fn create_with(
        key: &PrivateKey,
        subject: &DistinguishedName,
        sans: &[SubjectAltName],
        hash: Option<HashAlg>,
    ) -> Result<Self> {
        if subject.is_empty() && sans.is_empty() {
            return Err(Error::invalid(
                "a request needs a subject or at least one SAN",
            ));
        }
        let mut attributes: SetOfVec<Attribute> = SetOfVec::new();
        if !sans.is_empty() {
            let ext = Extension {
                extn_id: oid::SAN,
                critical: false,
                extn_value: OctetString::new(crate::san::encode_general_names(sans)?)
                    .map_err(Error::der)?,
            };
            let req = ExtensionReq(vec![ext]);
            let mut values = SetOfVec::new();
            values
                .insert(Any::from_der(&req.to_der().map_err(Error::der)?).map_err(Error::der)?)
                .map_err(Error::der)?;
            attributes
                .insert(Attribute {
                    oid: oid::EXTENSION_REQUEST,
                    values,
                })
                .map_err(Error::der)?;
        }
        let info = CertReqInfo {
            version: Version::V1,
            subject: subject.to_x509()?,
            public_key: spki::SubjectPublicKeyInfoOwned::from_der(key.public_key().spki_der())
                .map_err(Error::der)?,
            attributes,
        };
        let alg = key.signature_algorithm(hash)?.identifier()?;
        let der = issue::sign_wrap(&info.to_der().map_err(Error::der)?, alg, key, hash)?;
        Self::from_der(&der)
    }

    /// Parses DER.
    pub fn from_der(der: &[u8]) -> Result<Self> {
        pem::check_size(der)?;
        let req = CertReq::from_der(der)
            .map_err(|e| Error::parse(format!("malformed certificate request: {e}")))?;
        let subject = DistinguishedName::from_x509(&req.info.subject)?;
        let public_key = PublicKey::from_der(&req.info.public_key.to_der().map_err(Error::der)?)?;
        let mut extensions = Vec::new();
        for attr in req.info.attributes.iter() {
            if attr.oid == oid::EXTENSION_REQUEST {
                for v in attr.values.iter() {
                    let r =
                        ExtensionReq::from_der(&v.to_der().map_err(Error::der)?).map_err(|e| {
                            Error::parse(format!("malformed extensionRequest attribute: {e}"))
                        })?;
                    extensions.extend(r.0);
                }
            }
        }
        for (i, e) in extensions.iter().enumerate() {
            if extensions[..i].iter().any(|o| o.extn_id == e.extn_id) {
                return Err(Error::parse(format!(
                    "malformed certificate request: extension {} is requested twice",
                    crate::oid::describe(&e.extn_id)
                )));
            }
        }
        let mut sans = Vec::new();
        if let Some(e) = extensions.iter().find(|e| e.extn_id == oid::SAN) {
            sans = crate::san::decode_general_names(e.extn_value.as_bytes())?;
        }
        Ok(CertificateSigningRequest {
            inner: Arc::new(CsrInner {
                der: der.to_vec(),
                req,
                subject,
                public_key,
                sans,
                extensions,
            }),
        })
    }

    /// Parses the first `CERTIFICATE REQUEST` (or `NEW CERTIFICATE REQUEST`) PEM block.
    pub fn from_pem(data: &[u8]) -> Result<Self> {
        let blocks = pem::parse_blocks(data)?;
        let block = pem::find_block(
            &blocks,
            &["CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST"],
            "certificate request",
        )?;
        Self::from_der(block.contents())
    }

    /// Parses PEM or DER.
    pub fn from_bytes(data: &[u8]) -> Result<Self> {
        if pem::is_pem(data) {
            Self::from_pem(data)
        } else {
            Self::from_der(data)
        }
    }

    /// Reads a request file (PEM or DER).
    pub fn load(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let data = crate::fs::read_input(path)?;
        Self::from_bytes(&data).map_err(|e| e.context(path.display()))
    }

    /// The requested subject.
    pub fn subject(&self) -> &DistinguishedName {
        &self.inner.subject
    }

    /// The requested subject alternative names.
    pub fn sans(&self) -> &[SubjectAltName] {
        &self.inner.sans
    }

    /// The public key.
    pub fn public_key(&self) -> &PublicKey {
        &self.inner.public_key
    }

    /// The requested extensions (from the extensionRequest attribute).
    pub fn extensions(&self) -> Vec<ExtensionInfo> {
        extension_infos(Some(&self.inner.extensions))
    }

    /// The challengePassword attribute, if any (old CAs used it; it protects nothing).
    pub fn challenge_password(&self) -> Option<String> {
        let attr = self
            .inner
            .req
            .info
            .attributes
            .iter()
            .find(|a| a.oid == oid::CHALLENGE_PASSWORD)?;
        let v = attr.values.iter().next()?;
        std::str::from_utf8(v.value()).ok().map(str::to_string)
    }

    /// The signature algorithm.
    pub fn signature_algorithm(&self) -> Result<SignatureAlgorithm> {
        split_signed(&self.inner.der).map(|(_, alg, _)| alg)
    }

    /// Checks the request's self-signature: `Verification` when it does not verify.
    pub fn verify_signature(&self) -> Result<()> {
        let (tbs, alg, sig) = split_signed(&self.inner.der)?;
        self.inner.public_key.verify(alg, tbs, sig)
    }

    /// True when the self-signature verifies.
    pub fn verify(&self) -> bool {
        self.verify_signature().is_ok()
    }

    /// DER.
    pub fn to_der(&self) -> Vec<u8> {
        self.inner.der.clone()
    }

    /// PEM (`-----BEGIN CERTIFICATE REQUEST-----`).
    pub fn to_pem(&self) -> String {
        pem::encode("CERTIFICATE REQUEST", &self.inner.der).to_string()
    }
}

impl PartialEq for CertificateSigningRequest {
    fn eq(&self, other: &Self) -> bool {
        self.inner.der == other.inner.der
    }
}

impl Eq for CertificateSigningRequest {}

impl std::hash::Hash for CertificateSigningRequest {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.inner.der.hash(state)
    }
}

impl fmt::Debug for CertificateSigningRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CertificateSigningRequest")
            .field("subject", &self.subject().to_string())
            .field(
                "sans",
                &self
                    .sans()
                    .iter()
                    .map(|s| s.to_string())
                    .collect::<Vec<_>>(),
            )
            .finish()
    }
}
