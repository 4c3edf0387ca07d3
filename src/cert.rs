//! Certificates: parsing (PEM, DER, bundles), every field a server administrator looks at,
//! signature checks, and self-signed certificates (the FAQ's testing certificate).

use std::fmt;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use der::asn1::BitString;
use der::{Decode, Encode, Sequence};
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};
use x509_cert::certificate::Version;
use x509_cert::ext::Extensions;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::{
    AuthorityInfoAccessSyntax, AuthorityKeyIdentifier, BasicConstraints, ExtendedKeyUsage,
    KeyUsage, KeyUsages, SubjectKeyIdentifier,
};
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;

use crate::error::{Error, Result};
use crate::issue::{self, IssueOptions, Profile};
use crate::name::DistinguishedName;
use crate::oid;
use crate::pem;
use crate::san::SubjectAltName;
use crate::sign::{SignatureAlgorithm, split_signed};
use crate::time::X509Time;
use crate::{PrivateKey, PublicKey};

/// basicConstraints of a certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Constraints {
    /// CA:TRUE.
    pub ca: bool,
    /// pathLenConstraint.
    pub path_len: Option<u8>,
    /// Whether the extension is marked critical.
    pub critical: bool,
}

/// One extension of a certificate or request.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ExtensionInfo {
    /// Dotted OID.
    pub oid: String,
    /// Short name where known (`subjectAltName`), else the OID.
    pub name: String,
    /// The critical flag.
    pub critical: bool,
    /// The extension's value (DER).
    pub value: Vec<u8>,
}

pub(crate) fn extension_infos(exts: Option<&Vec<x509_cert::ext::Extension>>) -> Vec<ExtensionInfo> {
    exts.map(|v| {
        v.iter()
            .map(|e| ExtensionInfo {
                oid: e.extn_id.to_string(),
                name: extension_name(&e.extn_id),
                critical: e.critical,
                value: e.extn_value.as_bytes().to_vec(),
            })
            .collect()
    })
    .unwrap_or_default()
}

fn extension_name(oid: &der::asn1::ObjectIdentifier) -> String {
    const_oid::db::DB
        .by_oid(oid)
        .map(|s| match s {
            "id-ce-subjectAltName" => "subjectAltName".to_string(),
            other => other
                .trim_start_matches("id-ce-")
                .trim_start_matches("id-pe-")
                .to_string(),
        })
        .unwrap_or_else(|| oid.to_string())
}

/// `Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }`, decoded
/// with sslkit's own validity times (see [`crate::time`]); x509-cert's only read 1970 onwards.
#[derive(Clone, Debug, Sequence)]
pub(crate) struct RawCertificate {
    pub(crate) tbs: RawTbs,
    pub(crate) signature_algorithm: AlgorithmIdentifierOwned,
    pub(crate) signature: BitString,
}

/// `TBSCertificate` (RFC 5280 4.1).
#[derive(Clone, Debug, Sequence)]
pub(crate) struct RawTbs {
    #[asn1(context_specific = "0", default = "Default::default")]
    pub(crate) version: Version,
    pub(crate) serial_number: SerialNumber,
    pub(crate) signature: AlgorithmIdentifierOwned,
    pub(crate) issuer: Name,
    pub(crate) validity: RawValidity,
    pub(crate) subject: Name,
    pub(crate) subject_public_key_info: SubjectPublicKeyInfoOwned,
    #[asn1(context_specific = "1", tag_mode = "IMPLICIT", optional = "true")]
    pub(crate) issuer_unique_id: Option<BitString>,
    #[asn1(context_specific = "2", tag_mode = "IMPLICIT", optional = "true")]
    pub(crate) subject_unique_id: Option<BitString>,
    #[asn1(context_specific = "3", tag_mode = "EXPLICIT", optional = "true")]
    pub(crate) extensions: Option<Extensions>,
}

/// `Validity ::= SEQUENCE { notBefore Time, notAfter Time }`.
#[derive(Clone, Debug, Sequence)]
pub(crate) struct RawValidity {
    pub(crate) not_before: X509Time,
    pub(crate) not_after: X509Time,
}

struct CertInner {
    der: Vec<u8>,
    cert: RawCertificate,
    subject: DistinguishedName,
    issuer: DistinguishedName,
    public_key: PublicKey,
    sans: Vec<SubjectAltName>,
}

/// An X.509 certificate. Immutable, cheap to clone, `Send + Sync`; equality is equality of the
/// DER encoding.
///
/// ```
/// use sslkit::{Certificate, KeyType, PrivateKey};
/// let key = PrivateKey::generate(KeyType::EcP256, None)?;
/// let cert = Certificate::self_signed(&key, "/CN=localhost", &["localhost", "127.0.0.1"], 365)?;
/// assert_eq!(cert.subject().to_string(), "CN=localhost");
/// assert_eq!(cert.sans()[1].to_string(), "IP:127.0.0.1");
/// assert!(!cert.is_ca());
/// # Ok::<(), sslkit::Error>(())
/// ```
#[derive(Clone)]
pub struct Certificate {
    inner: Arc<CertInner>,
}

const CERT_LABELS: &[&str] = &["CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE"];

impl Certificate {
    /// Parses DER.
    pub fn from_der(der: &[u8]) -> Result<Self> {
        pem::check_size(der)?;
        let cert = RawCertificate::from_der(der)
            .map_err(|e| Error::parse(format!("malformed certificate: {e}")))?;
        let tbs = &cert.tbs;
        let subject = DistinguishedName::from_x509(&tbs.subject)?;
        let issuer = DistinguishedName::from_x509(&tbs.issuer)?;
        let spki_der = tbs.subject_public_key_info.to_der().map_err(Error::der)?;
        let public_key = PublicKey::from_der(&spki_der)?;
        let mut sans = Vec::new();
        if let Some(exts) = &tbs.extensions {
            // RFC 5280 4.2: an extension appears at most once. Two subjectAltNames would let
            // one program check the first and another the second.
            for (i, e) in exts.iter().enumerate() {
                if exts[..i].iter().any(|o| o.extn_id == e.extn_id) {
                    return Err(Error::parse(format!(
                        "malformed certificate: extension {} appears twice",
                        crate::oid::describe(&e.extn_id)
                    )));
                }
            }
            if let Some(e) = exts.iter().find(|e| e.extn_id == oid::SAN) {
                sans = crate::san::decode_general_names(e.extn_value.as_bytes())?;
            }
        }
        Ok(Certificate {
            inner: Arc::new(CertInner {
                der: der.to_vec(),
                cert,
                subject,
                issuer,
                public_key,
                sans,
            }),
        })
    }

    /// Parses the first certificate of a PEM text (text before it is skipped).
    pub fn from_pem(data: &[u8]) -> Result<Self> {
        let blocks = pem::parse_blocks(data)?;
        let block = pem::find_block(&blocks, CERT_LABELS, "certificate")?;
        Self::from_block(block)
    }

    /// A certificate from a PEM block; `TRUSTED CERTIFICATE` blocks (`openssl x509 -trustout`)
    /// hold the certificate followed by OpenSSL's trust settings, which are dropped.
    fn from_block(block: &pem::PemBlock) -> Result<Self> {
        if block.label() == "TRUSTED CERTIFICATE" {
            use der::Reader;
            let mut reader = der::SliceReader::new(block.contents()).map_err(Error::der)?;
            let first = reader
                .tlv_bytes()
                .map_err(|e| Error::parse(format!("malformed trusted certificate: {e}")))?;
            return Self::from_der(first);
        }
        Self::from_der(block.contents())
    }

    /// Parses PEM or DER, whichever `data` is.
    pub fn from_bytes(data: &[u8]) -> Result<Self> {
        if pem::is_pem(data) {
            Self::from_pem(data)
        } else {
            Self::from_der(data)
        }
    }

    /// Reads a certificate file (PEM or DER).
    pub fn load(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let data = crate::fs::read_input(path)?;
        Self::from_bytes(&data).map_err(|e| e.context(path.display()))
    }

    /// A self-signed certificate with the `server` profile (the FAQ's test certificate): the
    /// subject in either DN form, SANs as `DNS:`/`IP:`/`email:`/`URI:` or bare names.
    pub fn self_signed(key: &PrivateKey, subject: &str, sans: &[&str], days: u32) -> Result<Self> {
        let subject = DistinguishedName::parse(subject)?;
        let sans = sans
            .iter()
            .map(|s| SubjectAltName::parse(s))
            .collect::<Result<Vec<_>>>()?;
        Self::self_signed_with(
            key,
            &subject,
            &sans,
            &IssueOptions::new(Profile::Server).days(days),
        )
    }

    /// A self-signed certificate with full control over the profile, validity, hash and time.
    pub fn self_signed_with(
        key: &PrivateKey,
        subject: &DistinguishedName,
        sans: &[SubjectAltName],
        opts: &IssueOptions,
    ) -> Result<Self> {
        if let Profile::Intermediate { .. } = opts.profile {
            return Err(Error::invalid(
                "an intermediate CA is signed by its parent, not self-signed",
            ));
        }
        let public = key.public_key();
        let key_id = issue::key_identifier(&public)?;
        let (not_before, not_after) = validity(opts, None)?;
        let der = issue::build_certificate(issue::CertParams {
            subject: subject.to_x509()?,
            subject_key: &public,
            issuer: subject.to_x509()?,
            issuer_key: key,
            issuer_key_id: key_id,
            not_before,
            not_after,
            profile: opts.profile,
            san_der: san_extension(subject, sans, opts.profile)?,
            hash: opts.hash,
        })?;
        Self::from_der(&der)
    }

    pub(crate) fn raw(&self) -> &RawCertificate {
        &self.inner.cert
    }

    /// The subject.
    pub fn subject(&self) -> &DistinguishedName {
        &self.inner.subject
    }

    /// The issuer.
    pub fn issuer(&self) -> &DistinguishedName {
        &self.inner.issuer
    }

    /// The serial number's bytes (big-endian, as encoded).
    pub fn serial(&self) -> &[u8] {
        self.inner.cert.tbs.serial_number.as_bytes()
    }

    /// The serial number in uppercase hex, as `openssl x509 -noout -serial` prints it.
    pub fn serial_hex(&self) -> String {
        let s = self.serial();
        let s = if s.len() > 1 && s[0] == 0 { &s[1..] } else { s };
        s.iter().map(|b| format!("{b:02X}")).collect()
    }

    /// Start of validity.
    pub fn not_before(&self) -> SystemTime {
        crate::time::from_unix(self.inner.cert.tbs.validity.not_before.unix())
    }

    /// End of validity.
    pub fn not_after(&self) -> SystemTime {
        crate::time::from_unix(self.inner.cert.tbs.validity.not_after.unix())
    }

    /// True when `at` lies within the validity period.
    pub fn is_valid_at(&self, at: SystemTime) -> bool {
        self.not_before() <= at && at <= self.not_after()
    }

    /// The subject alternative names.
    pub fn sans(&self) -> &[SubjectAltName] {
        &self.inner.sans
    }

    /// The public key.
    pub fn public_key(&self) -> &PublicKey {
        &self.inner.public_key
    }

    /// The signature algorithm (Err: `Unsupported` for algorithms sslkit does not know).
    pub fn signature_algorithm(&self) -> Result<SignatureAlgorithm> {
        let alg = &self.inner.cert.signature_algorithm;
        let der = alg.to_der().map_err(Error::der)?;
        SignatureAlgorithm::from_identifier(
            &spki::AlgorithmIdentifierRef::from_der(&der).map_err(Error::der)?,
        )
    }

    /// Every extension, in order.
    pub fn extensions(&self) -> Vec<ExtensionInfo> {
        extension_infos(self.inner.cert.tbs.extensions.as_ref())
    }

    /// The raw value of the extension with dotted OID `oid`, if present.
    pub(crate) fn extension_value(&self, oid: &str) -> Option<&[u8]> {
        let exts = self.inner.cert.tbs.extensions.as_ref()?;
        exts.iter()
            .find(|e| e.extn_id.to_string() == oid)
            .map(|e| e.extn_value.as_bytes())
    }

    fn find_ext<T: for<'a> Decode<'a>>(
        &self,
        oid: der::asn1::ObjectIdentifier,
    ) -> Option<(T, bool)> {
        let exts = self.inner.cert.tbs.extensions.as_ref()?;
        let e = exts.iter().find(|e| e.extn_id == oid)?;
        T::from_der(e.extn_value.as_bytes())
            .ok()
            .map(|v| (v, e.critical))
    }

    /// basicConstraints, if present.
    pub fn basic_constraints(&self) -> Option<Constraints> {
        self.find_ext::<BasicConstraints>(oid::BASIC_CONSTRAINTS)
            .map(|(bc, critical)| Constraints {
                ca: bc.ca,
                path_len: bc.path_len_constraint,
                critical,
            })
    }

    /// True when basicConstraints says CA:TRUE.
    pub fn is_ca(&self) -> bool {
        self.basic_constraints().is_some_and(|c| c.ca)
    }

    /// keyUsage bits by their OpenSSL names (`digitalSignature`, `keyCertSign`, ...); None when
    /// the extension is absent.
    pub fn key_usage(&self) -> Option<Vec<&'static str>> {
        let (ku, _) = self.find_ext::<KeyUsage>(oid::KEY_USAGE)?;
        let names = [
            (KeyUsages::DigitalSignature, "digitalSignature"),
            (KeyUsages::NonRepudiation, "nonRepudiation"),
            (KeyUsages::KeyEncipherment, "keyEncipherment"),
            (KeyUsages::DataEncipherment, "dataEncipherment"),
            (KeyUsages::KeyAgreement, "keyAgreement"),
            (KeyUsages::KeyCertSign, "keyCertSign"),
            (KeyUsages::CRLSign, "cRLSign"),
            (KeyUsages::EncipherOnly, "encipherOnly"),
            (KeyUsages::DecipherOnly, "decipherOnly"),
        ];
        Some(
            names
                .iter()
                .filter(|(bit, _)| ku.0.contains(*bit))
                .map(|(_, n)| *n)
                .collect(),
        )
    }

    /// extendedKeyUsage purposes (`serverAuth`, `clientAuth`, ... or dotted OIDs); None when
    /// absent.
    pub fn extended_key_usage(&self) -> Option<Vec<String>> {
        let (eku, _) = self.find_ext::<ExtendedKeyUsage>(oid::EXT_KEY_USAGE)?;
        Some(
            eku.0
                .iter()
                .map(|o| match o.to_string().as_str() {
                    "1.3.6.1.5.5.7.3.1" => "serverAuth".to_string(),
                    "1.3.6.1.5.5.7.3.2" => "clientAuth".to_string(),
                    "1.3.6.1.5.5.7.3.3" => "codeSigning".to_string(),
                    "1.3.6.1.5.5.7.3.4" => "emailProtection".to_string(),
                    "1.3.6.1.5.5.7.3.8" => "timeStamping".to_string(),
                    "1.3.6.1.5.5.7.3.9" => "OCSPSigning".to_string(),
                    "2.5.29.37.0" => "anyExtendedKeyUsage".to_string(),
                    other => other.to_string(),
                })
                .collect(),
        )
    }

    /// subjectKeyIdentifier.
    pub fn subject_key_id(&self) -> Option<Vec<u8>> {
        self.find_ext::<SubjectKeyIdentifier>(oid::SKI)
            .map(|(s, _)| s.0.as_bytes().to_vec())
    }

    /// authorityKeyIdentifier's keyIdentifier.
    pub fn authority_key_id(&self) -> Option<Vec<u8>> {
        self.find_ext::<AuthorityKeyIdentifier>(oid::AKI)
            .and_then(|(a, _)| a.key_identifier.map(|k| k.as_bytes().to_vec()))
    }

    fn aia(&self, method: der::asn1::ObjectIdentifier) -> Vec<String> {
        let Some((aia, _)) = self.find_ext::<AuthorityInfoAccessSyntax>(oid::AIA) else {
            return Vec::new();
        };
        aia.0
            .iter()
            .filter(|d| d.access_method == method)
            .filter_map(|d| match &d.access_location {
                GeneralName::UniformResourceIdentifier(u) => Some(u.to_string()),
                _ => None,
            })
            .collect()
    }

    /// authorityInfoAccess caIssuers URLs: where the issuer's certificate can be fetched.
    pub fn ca_issuers_urls(&self) -> Vec<String> {
        self.aia(oid::CA_ISSUERS)
    }

    /// authorityInfoAccess OCSP responder URLs.
    pub fn ocsp_urls(&self) -> Vec<String> {
        self.aia(oid::OCSP)
    }

    /// True when subject and issuer are the same name.
    pub fn is_self_issued(&self) -> bool {
        self.subject().matches(self.issuer())
    }

    /// Checks that `issuer`'s key signed this certificate. `Verification` when it did not.
    pub fn verify_signed_by(&self, issuer: &PublicKey) -> Result<()> {
        let (tbs, alg, sig) = split_signed(&self.inner.der)?;
        issuer.verify(alg, tbs, sig)
    }

    /// DER.
    pub fn to_der(&self) -> Vec<u8> {
        self.inner.der.clone()
    }

    /// DER, borrowed.
    pub fn der(&self) -> &[u8] {
        &self.inner.der
    }

    /// PEM (`-----BEGIN CERTIFICATE-----`).
    pub fn to_pem(&self) -> String {
        pem::encode("CERTIFICATE", &self.inner.der).to_string()
    }
}

/// Every certificate in `data`: a PEM bundle (other blocks, such as keys, are skipped) or one
/// DER certificate.
///
/// ```
/// let key = sslkit::PrivateKey::generate(sslkit::KeyType::Ed25519, None)?;
/// let a = sslkit::Certificate::self_signed(&key, "/CN=a", &[], 1)?;
/// let b = sslkit::Certificate::self_signed(&key, "/CN=b", &[], 1)?;
/// let bundle = format!("{}{}", a.to_pem(), b.to_pem());
/// assert_eq!(sslkit::load_certificates(bundle.as_bytes())?, vec![a, b]);
/// # Ok::<(), sslkit::Error>(())
/// ```
pub fn load_certificates(data: &[u8]) -> Result<Vec<Certificate>> {
    pem::check_size(data)?;
    if !pem::is_pem(data) {
        return Ok(vec![Certificate::from_der(data)?]);
    }
    let blocks = pem::parse_blocks(data)?;
    let certs = blocks
        .iter()
        .filter(|b| CERT_LABELS.contains(&b.label()))
        .map(Certificate::from_block)
        .collect::<Result<Vec<_>>>()?;
    if certs.is_empty() {
        return Err(Error::parse(format!(
            "no certificate in the input (found a PEM '{}' block)",
            blocks[0].label()
        )));
    }
    Ok(certs)
}

/// Not-before (backdated) and not-after for `opts`, the latter clamped to `issuer_not_after`.
pub(crate) fn validity(
    opts: &IssueOptions,
    issuer_not_after: Option<SystemTime>,
) -> Result<(SystemTime, SystemTime)> {
    validity_clamped(opts, issuer_not_after).map(|(b, a, _)| (b, a))
}

/// [`validity`], and whether the notAfter was cut to the issuer's.
pub(crate) fn validity_clamped(
    opts: &IssueOptions,
    issuer_not_after: Option<SystemTime>,
) -> Result<(SystemTime, SystemTime, bool)> {
    let days = opts.days.unwrap_or_else(|| opts.profile.default_days());
    if days == 0 || days > issue::MAX_DAYS {
        return Err(Error::invalid(format!(
            "validity of {days} days: give 1 to {} days",
            issue::MAX_DAYS
        )));
    }
    let now = opts.now.unwrap_or_else(SystemTime::now);
    let not_before = now.checked_sub(issue::BACKDATE).unwrap_or(now);
    let mut not_after = now + Duration::from_secs(u64::from(days) * 86_400);
    let mut clamped = false;
    if let Some(limit) = issuer_not_after
        && not_after > limit
    {
        not_after = limit;
        clamped = true;
    }
    if not_after <= not_before {
        return Err(Error::invalid(
            "the issuer has expired: nothing can be issued under it",
        ));
    }
    Ok((not_before, not_after, clamped))
}

/// The SAN extension value for a new certificate: the given SANs, plus the CN for server
/// profiles (browsers ignore the CN).
pub(crate) fn san_extension(
    subject: &DistinguishedName,
    sans: &[SubjectAltName],
    profile: Profile,
) -> Result<Option<Vec<u8>>> {
    let mut all: Vec<SubjectAltName> = sans.to_vec();
    if matches!(profile, Profile::Server | Profile::ServerClient)
        && let Some(cn) = subject.common_name()
        && let Ok(san) = SubjectAltName::parse(cn)
        && !all
            .iter()
            .any(|s| s.to_string().eq_ignore_ascii_case(&san.to_string()))
    {
        all.insert(0, san);
    }
    if all.is_empty() {
        return Ok(None);
    }
    Ok(Some(crate::san::encode_general_names(&all)?))
}

impl PartialEq for Certificate {
    fn eq(&self, other: &Self) -> bool {
        self.inner.der == other.inner.der
    }
}

impl Eq for Certificate {}

impl std::hash::Hash for Certificate {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.inner.der.hash(state)
    }
}

impl fmt::Debug for Certificate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Certificate")
            .field("subject", &self.subject().to_string())
            .field("issuer", &self.issuer().to_string())
            .field("serial", &self.serial_hex())
            .finish()
    }
}
