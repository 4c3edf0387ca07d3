//! Encoding certificates and their extensions: the TBSCertificate, times, serial numbers, key
//! identifiers, and the extensions each [`Profile`] chooses.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use der::asn1::{
    AnyRef, BitString, GeneralizedTime, ObjectIdentifier as Oid, OctetString, UtcTime,
};
use der::{Decode, Encode, Sequence};
use sha1::{Digest, Sha1};
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};
use x509_cert::ext::Extension;
use x509_cert::ext::pkix::{
    AuthorityKeyIdentifier, BasicConstraints, ExtendedKeyUsage, KeyUsage, KeyUsages,
    SubjectKeyIdentifier,
};
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::{Time, Validity};

use crate::error::{Error, Result};
use crate::oid;
use crate::{HashAlg, KeyType, PrivateKey, PublicKey};

/// What a certificate is for: chooses basicConstraints, keyUsage and extendedKeyUsage.
///
/// ```
/// assert_eq!("server-client".parse::<sslkit::Profile>().unwrap(), sslkit::Profile::ServerClient);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Profile {
    /// TLS server: digitalSignature (+ keyEncipherment for RSA), serverAuth; the CN is added
    /// as a SAN.
    #[default]
    Server,
    /// TLS client: digitalSignature, clientAuth.
    Client,
    /// Both serverAuth and clientAuth.
    ServerClient,
    /// An intermediate CA: CA:TRUE with an optional pathLenConstraint, keyCertSign, cRLSign.
    Intermediate {
        /// pathLenConstraint (None: unlimited).
        path_len: Option<u8>,
    },
    /// A self-signed root CA: CA:TRUE, keyCertSign, cRLSign.
    Root,
}

impl Profile {
    /// Every profile, in the order of the C enum (the intermediate without a path length; see
    /// [`Profile::with_path_len`]).
    ///
    /// ```
    /// for p in sslkit::Profile::ALL {
    ///     assert_eq!(p.name().parse::<sslkit::Profile>().unwrap(), p);
    /// }
    /// ```
    pub const ALL: [Profile; 5] = [
        Profile::Server,
        Profile::Client,
        Profile::ServerClient,
        Profile::Intermediate { path_len: None },
        Profile::Root,
    ];

    /// This profile with a pathLenConstraint: an intermediate gets `path_len`; other profiles
    /// refuse one (a leaf has no path length, and a root's would constrain nothing sslkit
    /// issues under it that its intermediates do not already say).
    ///
    /// ```
    /// use sslkit::Profile;
    /// let p = Profile::Intermediate { path_len: None }.with_path_len(Some(0))?;
    /// assert_eq!(p, Profile::Intermediate { path_len: Some(0) });
    /// assert!(Profile::Server.with_path_len(Some(0)).is_err());
    /// # Ok::<(), sslkit::Error>(())
    /// ```
    pub fn with_path_len(self, path_len: Option<u8>) -> Result<Profile> {
        match (self, path_len) {
            (Profile::Intermediate { .. }, _) => Ok(Profile::Intermediate { path_len }),
            (p, None) => Ok(p),
            (p, Some(_)) => Err(Error::invalid(format!(
                "a path length applies to the intermediate profile only, not to {}",
                p.name()
            ))),
        }
    }

    /// True for the CA profiles.
    pub fn is_ca(self) -> bool {
        matches!(self, Profile::Intermediate { .. } | Profile::Root)
    }

    /// The default validity: 365 days for leaves, 1825 for intermediates (so that they end
    /// well before the root that signed them, instead of being clamped to it), 3650 for roots.
    pub fn default_days(self) -> u32 {
        match self {
            Profile::Root => 3650,
            Profile::Intermediate { .. } => 1825,
            _ => 365,
        }
    }

    /// The profile's name (`server`, `client`, `server-client`, `intermediate`, `root`).
    pub fn name(self) -> &'static str {
        match self {
            Profile::Server => "server",
            Profile::Client => "client",
            Profile::ServerClient => "server-client",
            Profile::Intermediate { .. } => "intermediate",
            Profile::Root => "root",
        }
    }
}

impl std::str::FromStr for Profile {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.to_ascii_lowercase().as_str() {
            "server" => Ok(Profile::Server),
            "client" => Ok(Profile::Client),
            "server-client" | "client-server" => Ok(Profile::ServerClient),
            "intermediate" => Ok(Profile::Intermediate { path_len: None }),
            "root" => Ok(Profile::Root),
            _ => Err(Error::invalid(format!(
                "unknown profile '{s}' (expected {})",
                crate::error::one_of(&Profile::ALL, Profile::name)
            ))),
        }
    }
}

impl std::fmt::Display for Profile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Choices for issuing a certificate. `now` pins the time (tests); validity starts 5 minutes
/// before it, for clock skew.
///
/// ```
/// let opts = sslkit::IssueOptions::new(sslkit::Profile::Client).days(30);
/// assert_eq!(opts.days, Some(30));
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct IssueOptions {
    /// What the certificate is for.
    pub profile: Profile,
    /// Validity in days (default: the profile's).
    pub days: Option<u32>,
    /// Signature hash (default SHA-256 for RSA; ECDSA keys use their curve's).
    pub hash: Option<HashAlg>,
    /// The time to issue at (default: now).
    pub now: Option<SystemTime>,
}

impl IssueOptions {
    /// Options for `profile` with every default.
    pub fn new(profile: Profile) -> Self {
        IssueOptions {
            profile,
            ..Default::default()
        }
    }
    /// Sets the validity in days.
    pub fn days(mut self, days: u32) -> Self {
        self.days = Some(days);
        self
    }
    /// Sets the signature hash.
    pub fn hash(mut self, hash: HashAlg) -> Self {
        self.hash = Some(hash);
        self
    }
    /// Pins the issuing time.
    pub fn now(mut self, now: SystemTime) -> Self {
        self.now = Some(now);
        self
    }
}

/// Clock skew allowance: not-before is set this far before the issuing time.
pub const BACKDATE: Duration = Duration::from_secs(300);
/// The longest validity sslkit issues (about 100 years).
pub const MAX_DAYS: u32 = 36_500;

/// An X.509 time: UTCTime before 2050, GeneralizedTime after (RFC 5280 4.1.2.5), whole seconds.
pub(crate) fn x509_time(t: SystemTime) -> Result<Time> {
    let secs = t
        .duration_since(UNIX_EPOCH)
        .map_err(|_| Error::invalid("times before 1970 are not supported"))?
        .as_secs();
    let dt = der::DateTime::from_unix_duration(Duration::from_secs(secs))
        .map_err(|e| Error::invalid(format!("time out of range: {e}")))?;
    if dt.year() < 2050 {
        Ok(Time::UtcTime(UtcTime::from_date_time(dt).map_err(|e| {
            Error::invalid(format!("time out of range: {e}"))
        })?))
    } else {
        Ok(Time::GeneralTime(GeneralizedTime::from_date_time(dt)))
    }
}

/// A random positive serial of 16 bytes (at most 127 random bits, top bit clear).
pub(crate) fn random_serial() -> Result<SerialNumber> {
    let mut b: [u8; 16] = crate::encrypt::random_bytes()?;
    b[0] &= 0x7f;
    if b[0] == 0 {
        b[0] = 0x01;
    }
    SerialNumber::new(&b).map_err(|e| Error::internal(format!("serial: {e}")))
}

/// The key identifier OpenSSL uses: SHA-1 of the subjectPublicKey BIT STRING's contents
/// (RFC 5280 4.2.1.2, method 1).
pub(crate) fn key_identifier(public: &PublicKey) -> Result<Vec<u8>> {
    let spki = spki::SubjectPublicKeyInfoRef::from_der(public.spki_der()).map_err(Error::der)?;
    let bits = spki.subject_public_key.raw_bytes();
    Ok(Sha1::digest(bits).to_vec())
}

fn ext<T: Encode>(oid: Oid, critical: bool, value: &T) -> Result<Extension> {
    Ok(Extension {
        extn_id: oid,
        critical,
        extn_value: OctetString::new(value.to_der().map_err(Error::der)?).map_err(Error::der)?,
    })
}

/// The extensions for `profile`: basicConstraints, keyUsage, extendedKeyUsage, SKI, AKI, SAN.
pub(crate) fn profile_extensions(
    profile: Profile,
    subject_key: &PublicKey,
    issuer_key_id: &[u8],
    san_der: Option<Vec<u8>>,
    subject_empty: bool,
) -> Result<Vec<Extension>> {
    let mut exts = Vec::new();
    let bc = match profile {
        Profile::Root => BasicConstraints {
            ca: true,
            path_len_constraint: None,
        },
        Profile::Intermediate { path_len } => BasicConstraints {
            ca: true,
            path_len_constraint: path_len,
        },
        _ => BasicConstraints {
            ca: false,
            path_len_constraint: None,
        },
    };
    exts.push(ext(oid::BASIC_CONSTRAINTS, true, &bc)?);
    let rsa = subject_key.key_type() == KeyType::Rsa;
    let ku = if profile.is_ca() {
        KeyUsages::KeyCertSign | KeyUsages::CRLSign
    } else if rsa && profile != Profile::Client {
        KeyUsages::DigitalSignature | KeyUsages::KeyEncipherment
    } else {
        KeyUsages::DigitalSignature.into()
    };
    exts.push(ext(oid::KEY_USAGE, true, &KeyUsage(ku))?);
    let eku = match profile {
        Profile::Server => vec![oid::SERVER_AUTH],
        Profile::Client => vec![oid::CLIENT_AUTH],
        Profile::ServerClient => vec![oid::SERVER_AUTH, oid::CLIENT_AUTH],
        _ => vec![],
    };
    if !eku.is_empty() {
        exts.push(ext(oid::EXT_KEY_USAGE, false, &ExtendedKeyUsage(eku))?);
    }
    let ski = key_identifier(subject_key)?;
    exts.push(ext(
        oid::SKI,
        false,
        &SubjectKeyIdentifier(OctetString::new(ski).map_err(Error::der)?),
    )?);
    exts.push(ext(
        oid::AKI,
        false,
        &AuthorityKeyIdentifier {
            key_identifier: Some(OctetString::new(issuer_key_id.to_vec()).map_err(Error::der)?),
            authority_cert_issuer: None,
            authority_cert_serial_number: None,
        },
    )?);
    if let Some(san) = san_der {
        exts.push(Extension {
            extn_id: oid::SAN,
            // RFC 5280 4.2.1.6: with an empty subject, the SANs identify it and are critical.
            critical: subject_empty,
            extn_value: OctetString::new(san).map_err(Error::der)?,
        });
    }
    Ok(exts)
}

/// TBSCertificate as sslkit writes it (always v3).
#[derive(Sequence)]
struct Tbs {
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT")]
    version: x509_cert::certificate::Version,
    serial_number: SerialNumber,
    signature: AlgorithmIdentifierOwned,
    issuer: Name,
    validity: Validity,
    subject: Name,
    subject_public_key_info: SubjectPublicKeyInfoOwned,
    #[asn1(context_specific = "3", tag_mode = "EXPLICIT", optional = "true")]
    extensions: Option<Vec<Extension>>,
}

/// `SEQUENCE { tbs, AlgorithmIdentifier, BIT STRING }` around already-encoded `tbs`.
#[derive(Sequence)]
struct Signed<'a> {
    tbs: AnyRef<'a>,
    algorithm: AlgorithmIdentifierOwned,
    signature: BitString,
}

/// Signs `tbs_der` with `key` and wraps it with the algorithm and signature.
pub(crate) fn sign_wrap(
    tbs_der: &[u8],
    alg: AlgorithmIdentifierOwned,
    key: &PrivateKey,
    hash: Option<HashAlg>,
) -> Result<Vec<u8>> {
    let sig = key.sign(tbs_der, hash)?;
    let signed = Signed {
        tbs: AnyRef::from_der(tbs_der).map_err(Error::der)?,
        algorithm: alg,
        signature: BitString::from_bytes(&sig).map_err(Error::der)?,
    };
    signed.to_der().map_err(Error::der)
}

/// Everything a new certificate needs.
pub(crate) struct CertParams<'a> {
    pub subject: Name,
    pub subject_key: &'a PublicKey,
    pub issuer: Name,
    pub issuer_key: &'a PrivateKey,
    pub issuer_key_id: Vec<u8>,
    pub not_before: SystemTime,
    pub not_after: SystemTime,
    pub profile: Profile,
    pub san_der: Option<Vec<u8>>,
    pub hash: Option<HashAlg>,
}

/// Builds and signs a certificate; returns its DER.
pub(crate) fn build_certificate(p: CertParams<'_>) -> Result<Vec<u8>> {
    let alg = p.issuer_key.signature_algorithm(p.hash)?.identifier()?;
    let subject_empty = p.subject.is_empty();
    let extensions = profile_extensions(
        p.profile,
        p.subject_key,
        &p.issuer_key_id,
        p.san_der,
        subject_empty,
    )?;
    let tbs = Tbs {
        version: x509_cert::certificate::Version::V3,
        serial_number: random_serial()?,
        signature: alg.clone(),
        issuer: p.issuer,
        validity: Validity::new(x509_time(p.not_before)?, x509_time(p.not_after)?),
        subject: p.subject,
        subject_public_key_info: SubjectPublicKeyInfoOwned::from_der(p.subject_key.spki_der())
            .map_err(Error::der)?,
        extensions: Some(extensions),
    };
    sign_wrap(
        &tbs.to_der().map_err(Error::der)?,
        alg,
        p.issuer_key,
        p.hash,
    )
}
