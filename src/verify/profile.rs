//! The rules one certificate must meet by itself, whatever the rest of the chain: as the leaf
//! (the end-entity profile) or as an issuer (the CA profile, trust anchors included). The
//! rules that need the chain (signatures, path length, name constraints) are in `path`.

use der::asn1::ObjectIdentifier as Oid;
use der::{Decode, Tagged};
use x509_cert::ext::pkix::{
    AuthorityInfoAccessSyntax, AuthorityKeyIdentifier, BasicConstraints, CertificatePolicies,
    ExtendedKeyUsage, KeyUsage, KeyUsages, PolicyConstraints, SubjectKeyIdentifier,
};

use crate::Certificate;
use crate::KeyType;
use crate::oid::{
    AIA, AKI, ANY_EKU, BASIC_CONSTRAINTS, CERT_POLICIES, CLIENT_AUTH, EXT_KEY_USAGE,
    INHIBIT_ANY_POLICY, KEY_USAGE, NAME_CONSTRAINTS, POLICY_CONSTRAINTS, POLICY_MAPPINGS, SAN,
    SERVER_AUTH, SKI,
};

use super::Purpose;
use super::constraints;
use super::violation::Violation;

/// The extensions of one certificate that the policy reads, decoded and checked for form:
/// known extensions must decode, those that must not be critical are not, and no unknown
/// extension is critical.
pub(crate) struct Facts {
    /// basicConstraints: (cA, pathLenConstraint, critical).
    pub bc: Option<(bool, Option<u8>, bool)>,
    pub ku: Option<KeyUsage>,
    pub eku: Option<(Vec<Oid>, bool)>,
    /// subjectAltName present: its criticality.
    pub san_critical: Option<bool>,
    pub has_nc: bool,
    pub ski: Option<Vec<u8>>,
    pub aki: Option<AuthorityKeyIdentifier>,
}

fn names_of_oid(oid: &Oid) -> String {
    crate::oid::describe(oid)
}

/// Reads the extensions of `cert` (at `depth`), refusing malformed known ones, criticality
/// the profile forbids, and critical extensions sslkit does not process.
pub(crate) fn facts(cert: &Certificate, depth: usize) -> Result<Facts, Violation> {
    let mut f = Facts {
        bc: None,
        ku: None,
        eku: None,
        san_critical: None,
        has_nc: false,
        ski: None,
        aki: None,
    };
    let Some(exts) = cert.raw().tbs.extensions.as_ref() else {
        return Ok(f);
    };
    let malformed = |oid: &Oid, why: String| {
        Violation::new(
            "malformed-extension",
            depth,
            cert,
            format!("its {} extension is malformed ({why})", names_of_oid(oid)),
            "have the certificate re-issued by software that encodes it correctly",
        )
    };
    let must_not_be_critical = |oid: &Oid, rule: &'static str| {
        Violation::new(
            rule,
            depth,
            cert,
            format!(
                "its {} extension is marked critical, which RFC 5280 forbids",
                names_of_oid(oid)
            ),
            "have the certificate re-issued with the extension non-critical",
        )
    };
    for e in exts {
        let v = e.extn_value.as_bytes();
        let oid = &e.extn_id;
        if *oid == BASIC_CONSTRAINTS {
            let bc = BasicConstraints::from_der(v).map_err(|x| malformed(oid, x.to_string()))?;
            f.bc = Some((bc.ca, bc.path_len_constraint, e.critical));
        } else if *oid == KEY_USAGE {
            f.ku = Some(KeyUsage::from_der(v).map_err(|x| malformed(oid, x.to_string()))?);
        } else if *oid == EXT_KEY_USAGE {
            let eku = ExtendedKeyUsage::from_der(v).map_err(|x| malformed(oid, x.to_string()))?;
            if eku.0.is_empty() {
                return Err(malformed(oid, "it lists no purpose".into()));
            }
            f.eku = Some((eku.0, e.critical));
        } else if *oid == SAN {
            if constraints::general_names(v).is_none() {
                return Err(malformed(oid, "not a non-empty list of names".into()));
            }
            f.san_critical = Some(e.critical);
        } else if *oid == NAME_CONSTRAINTS {
            constraints::parse(v).map_err(|why| {
                Violation::new(
                    "name-constraints-malformed",
                    depth,
                    cert,
                    why,
                    "have the CA re-issued with a permittedSubtrees or excludedSubtrees list that holds at least one name",
                )
            })?;
            f.has_nc = true;
        } else if *oid == SKI {
            if e.critical {
                return Err(must_not_be_critical(oid, "ski-critical"));
            }
            let ski =
                SubjectKeyIdentifier::from_der(v).map_err(|x| malformed(oid, x.to_string()))?;
            f.ski = Some(ski.0.as_bytes().to_vec());
        } else if *oid == AKI {
            if e.critical {
                return Err(must_not_be_critical(oid, "aki-critical"));
            }
            f.aki = Some(
                AuthorityKeyIdentifier::from_der(v).map_err(|x| malformed(oid, x.to_string()))?,
            );
        } else if *oid == AIA {
            if e.critical {
                return Err(must_not_be_critical(oid, "aia-critical"));
            }
            AuthorityInfoAccessSyntax::from_der(v).map_err(|x| malformed(oid, x.to_string()))?;
        } else if *oid == CERT_POLICIES {
            CertificatePolicies::from_der(v).map_err(|x| malformed(oid, x.to_string()))?;
        } else if *oid == POLICY_CONSTRAINTS {
            let pc = PolicyConstraints::from_der(v).map_err(|x| malformed(oid, x.to_string()))?;
            if !e.critical {
                return Err(Violation::new(
                    "policy-constraints-not-critical",
                    depth,
                    cert,
                    "its policyConstraints extension is not marked critical, which RFC 5280 requires",
                    "have the CA re-issued with policyConstraints critical",
                ));
            }
            if pc.require_explicit_policy.is_some() {
                return Err(Violation::new(
                    "explicit-policy",
                    depth,
                    cert,
                    "its policyConstraints require an explicit certificate policy; sslkit does not process certificate policies, so it cannot confirm one and refuses the chain",
                    "verify this chain with a policy-aware verifier (openssl verify -policy_check), or use a CA without requireExplicitPolicy",
                ));
            }
        } else if *oid == POLICY_MAPPINGS || *oid == INHIBIT_ANY_POLICY {
            // Only matter when an explicit policy is required, which is refused above.
            der::asn1::AnyRef::from_der(v).map_err(|x| malformed(oid, x.to_string()))?;
        } else if e.critical {
            return Err(Violation::new(
                "unknown-critical-extension",
                depth,
                cert,
                format!(
                    "it has a critical extension sslkit does not process ({})",
                    names_of_oid(oid)
                ),
                "a client that does not know the extension must refuse the certificate: have it re-issued without it, or with it non-critical",
            ));
        }
    }
    Ok(f)
}

/// The rules for every certificate on the path: version 3, the outer signature algorithm equal
/// to the one signed inside, a non-empty issuer, and validity at `at` (Unix seconds,
/// inclusive at both ends).
pub(crate) fn common(cert: &Certificate, depth: usize, at: i64) -> Result<(), Violation> {
    let raw = cert.raw();
    let version = raw.tbs.version as u8 + 1;
    if version != 3 {
        return Err(Violation::new(
            "version",
            depth,
            cert,
            format!(
                "it is an X.509 version {version} certificate; only version 3 carries the extensions that say what a certificate may do"
            ),
            "have it re-issued as a version 3 certificate with the extensions its profile needs",
        ));
    }
    if raw.signature_algorithm != raw.tbs.signature {
        return Err(Violation::new(
            "signature-algorithm-mismatch",
            depth,
            cert,
            "the signature algorithm outside the signed part differs from the one inside it",
            "the certificate was altered or badly made: get a fresh copy from its CA",
        ));
    }
    if cert.issuer().is_empty() {
        return Err(Violation::new(
            "empty-issuer",
            depth,
            cert,
            "its issuer name is empty",
            "have it re-issued by a CA with a non-empty subject name",
        ));
    }
    let nb = raw.tbs.validity.not_before.unix();
    let na = raw.tbs.validity.not_after.unix();
    if at < nb {
        return Err(Violation::new(
            "not-yet-valid",
            depth,
            cert,
            format!(
                "it is not valid before {}",
                crate::text::format_time(cert.not_before())
            ),
            "check the clock of the machine that verifies, or wait until it is valid",
        ));
    }
    if at > na {
        return Err(Violation::new(
            "expired",
            depth,
            cert,
            format!(
                "it expired on {}",
                crate::text::format_time(cert.not_after())
            ),
            "renew it (for a CA certificate: get the CA's current one)",
        ));
    }
    Ok(())
}

/// RFC 5280 4.1.2.2: a positive integer of at most 20 octets. Not applied to trust anchors,
/// which are trusted as a name and a key (several roots in public stores have serial 0).
pub(crate) fn serial(cert: &Certificate, depth: usize) -> Result<(), Violation> {
    let s = cert.serial();
    let negative = s.first().is_some_and(|b| b & 0x80 != 0);
    let magnitude: &[u8] = {
        let first_nonzero = s.iter().position(|&b| b != 0).unwrap_or(s.len());
        &s[first_nonzero..]
    };
    let why = if negative {
        "its serial number is negative"
    } else if magnitude.is_empty() {
        "its serial number is zero"
    } else if magnitude.len() > 20 {
        "its serial number is longer than 20 octets"
    } else {
        return Ok(());
    };
    Err(Violation::new(
        "serial-number",
        depth,
        cert,
        format!("{why}; RFC 5280 requires a positive number of at most 20 octets"),
        "have it re-issued with a random positive serial number (sslkit uses 16 random bytes)",
    ))
}

/// The allowed signature algorithms, as their exact AlgorithmIdentifier DER: RSA PKCS#1 v1.5
/// and RSA-PSS with SHA-256/384/512 (PSS with MGF1 over the same hash and a salt of the hash's
/// length), ECDSA with SHA-256/384, Ed25519.
const ALLOWED_ALGORITHMS: &[(&str, &str)] = &[
    ("sha256WithRSAEncryption", "300d06092a864886f70d01010b0500"),
    ("sha384WithRSAEncryption", "300d06092a864886f70d01010c0500"),
    ("sha512WithRSAEncryption", "300d06092a864886f70d01010d0500"),
    ("ecdsa-with-SHA256", "300a06082a8648ce3d040302"),
    ("ecdsa-with-SHA384", "300a06082a8648ce3d040303"),
    ("Ed25519", "300506032b6570"),
    (
        "RSASSA-PSS SHA-256",
        "304106092a864886f70d01010a3034a00f300d06096086480165030402010500a11c301a06092a864886f70d010108300d06096086480165030402010500a203020120",
    ),
    (
        "RSASSA-PSS SHA-384",
        "304106092a864886f70d01010a3034a00f300d06096086480165030402020500a11c301a06092a864886f70d010108300d06096086480165030402020500a203020130",
    ),
    (
        "RSASSA-PSS SHA-512",
        "304106092a864886f70d01010a3034a00f300d06096086480165030402030500a11c301a06092a864886f70d010108300d06096086480165030402030500a203020140",
    ),
];

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The algorithm `cert` is signed with must be one the CA/Browser Forum allows (and sslkit can
/// check): no SHA-1, MD5, DSA or unusual parameters.
pub(crate) fn signature_algorithm(cert: &Certificate, depth: usize) -> Result<(), Violation> {
    use der::Encode;
    let alg = &cert.raw().signature_algorithm;
    let der = alg.to_der().unwrap_or_default();
    if ALLOWED_ALGORITHMS.iter().any(|(_, h)| *h == hex(&der)) {
        return Ok(());
    }
    let name = names_of_oid(&alg.oid);
    let sha1 = [
        "1.2.840.113549.1.1.5",
        "1.2.840.10045.4.1",
        "1.2.840.10040.4.3",
    ]
    .contains(&alg.oid.to_string().as_str());
    if sha1 {
        return Err(Violation::new(
            "sha1-signature",
            depth,
            cert,
            format!("it is signed with SHA-1 ({name}), which browsers and TLS libraries refuse"),
            "have it re-issued with SHA-256",
        ));
    }
    Err(Violation::new(
        "signature-algorithm",
        depth,
        cert,
        format!(
            "it is signed with {name}{}, which sslkit does not accept (allowed: RSA PKCS#1 v1.5 or RSA-PSS with SHA-256/384/512, ECDSA with SHA-256/384, Ed25519)",
            if alg.oid.to_string() == "1.2.840.10045.4.3.4" {
                ""
            } else {
                " (or with unusual parameters)"
            }
        ),
        "have it re-issued with SHA-256 (RSA or ECDSA)",
    ))
}

/// The public key: RSA (rsaEncryption with NULL parameters) of at least 2048 bits, for a CA a
/// whole number of bytes; ECDSA P-256 or P-384 on a named curve; Ed25519.
pub(crate) fn key(cert: &Certificate, depth: usize, is_ca: bool) -> Result<(), Violation> {
    let public = cert.public_key();
    let alg = &cert.raw().tbs.subject_public_key_info.algorithm;
    if public.key_type() == KeyType::Rsa {
        let null = alg
            .parameters
            .as_ref()
            .is_some_and(|p| p.tag() == der::Tag::Null && p.value().is_empty());
        if !null {
            return Err(Violation::new(
                "key-algorithm",
                depth,
                cert,
                "its RSA key's algorithm identifier lacks the NULL parameters RFC 3279 requires",
                "have it re-issued by software that encodes RSA keys correctly",
            ));
        }
        let bits = public.bits();
        if bits < 2048 {
            return Err(Violation::new(
                "rsa-too-small",
                depth,
                cert,
                format!("its RSA key has {bits} bits; clients refuse less than 2048"),
                "make a new key of 2048 bits or more and get a new certificate for it",
            ));
        }
        if is_ca && !bits.is_multiple_of(8) {
            return Err(Violation::new(
                "rsa-size",
                depth,
                cert,
                format!(
                    "its RSA modulus has {bits} bits, not a whole number of bytes, which the CA/Browser Forum requirements forbid for CA keys"
                ),
                "use a CA key of 2048, 3072 or 4096 bits",
            ));
        }
    }
    Ok(())
}

fn has(ku: &KeyUsage, bit: KeyUsages) -> bool {
    ku.0.contains(bit)
}

fn eku_text(ekus: &[Oid]) -> String {
    ekus.iter()
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
        .collect::<Vec<_>>()
        .join(", ")
}

fn purpose_oid(purpose: Purpose) -> Oid {
    match purpose {
        Purpose::Server => SERVER_AUTH,
        Purpose::Client => CLIENT_AUTH,
    }
}

/// The end-entity profile (the leaf), for `purpose`.
pub(crate) fn leaf(
    cert: &Certificate,
    f: &Facts,
    purpose: Purpose,
    self_issued: bool,
) -> Result<(), Violation> {
    let v = |rule: &'static str, problem: String, fix: &str| {
        Violation::new(rule, 0, cert, problem, fix)
    };
    if let Some((true, _, _)) = f.bc {
        return Err(v(
            "leaf-is-ca",
            "it is a CA certificate (basicConstraints CA:TRUE); a CA certificate is not accepted as a TLS leaf".into(),
            "use a certificate issued for the server or client itself (sslkit ca sign with the server or client profile)",
        ));
    }
    if let Some(ku) = &f.ku {
        if has(ku, KeyUsages::KeyCertSign) {
            return Err(v(
                "leaf-key-cert-sign",
                "its keyUsage allows signing certificates (keyCertSign), which only CA certificates may".into(),
                "have it re-issued without keyCertSign",
            ));
        }
        let (ok, wanted) = match purpose {
            Purpose::Server => (
                has(ku, KeyUsages::DigitalSignature)
                    || has(ku, KeyUsages::KeyEncipherment)
                    || has(ku, KeyUsages::KeyAgreement),
                "digitalSignature, keyEncipherment or keyAgreement",
            ),
            Purpose::Client => (
                has(ku, KeyUsages::DigitalSignature) || has(ku, KeyUsages::KeyAgreement),
                "digitalSignature or keyAgreement",
            ),
        };
        if !ok {
            return Err(v(
                "leaf-key-usage",
                format!(
                    "its keyUsage allows none of {wanted}, so its key cannot be used for a TLS {}",
                    purpose.name()
                ),
                "have it re-issued with digitalSignature in keyUsage",
            ));
        }
    }
    if let Some((ekus, _)) = &f.eku
        && !ekus.contains(&purpose_oid(purpose))
    {
        let other = match purpose {
            Purpose::Server => "client",
            Purpose::Client => "server",
        };
        let also = if ekus.contains(&purpose_oid(match purpose {
            Purpose::Server => Purpose::Client,
            Purpose::Client => Purpose::Server,
        })) {
            format!(": it is a TLS {other} certificate")
        } else {
            String::new()
        };
        return Err(v(
            "eku-purpose",
            format!(
                "its extendedKeyUsage ({}) does not include {}, so it is not for TLS {} use{also}",
                eku_text(ekus),
                purpose.eku_name(),
                purpose.name()
            ),
            &format!(
                "use a certificate issued with {} (sslkit's {} profile), or verify it for the purpose it has",
                purpose.eku_name(),
                purpose.name()
            ),
        ));
    }
    if f.has_nc {
        return Err(v(
            "leaf-name-constraints",
            "it carries nameConstraints, which only CA certificates may".into(),
            "have it re-issued without nameConstraints",
        ));
    }
    match (cert.subject().is_empty(), f.san_critical) {
        (true, None) => {
            return Err(v(
                "san-missing",
                "its subject is empty and it has no subjectAltName, so it names nobody".into(),
                "have it re-issued with its names as subjectAltNames",
            ));
        }
        (true, Some(false)) => {
            return Err(v(
                "san-not-critical",
                "its subject is empty, so its subjectAltName must be critical (RFC 5280 4.2.1.6), and it is not".into(),
                "have it re-issued with a critical subjectAltName, or with a subject",
            ));
        }
        (false, Some(true)) => {
            return Err(v(
                "san-critical",
                "its subjectAltName is critical although its subject is not empty (the CA/Browser Forum requires it non-critical)".into(),
                "have it re-issued with a non-critical subjectAltName",
            ));
        }
        _ => {}
    }
    if f.san_critical.is_none() && purpose == Purpose::Server {
        return Err(v(
            "san-missing",
            format!(
                "it has no subjectAltName, so it is valid for no host (browsers ignore the CN{})",
                cert.subject()
                    .common_name()
                    .map(|cn| format!(" '{cn}'"))
                    .unwrap_or_default()
            ),
            "get a certificate that lists the host names as DNS subjectAltNames",
        ));
    }
    if f.aki.is_none() && !self_issued {
        return Err(v(
            "aki-missing",
            "it has no authorityKeyIdentifier, which RFC 5280 requires in every certificate a CA issues".into(),
            "have it re-issued by a CA that writes authorityKeyIdentifier",
        ));
    }
    Ok(())
}

/// The CA profile: for every issuer on the path, the trust anchor included.
pub(crate) fn ca(
    cert: &Certificate,
    f: &Facts,
    depth: usize,
    purpose: Purpose,
    self_signed: impl FnOnce() -> bool,
    self_issued: bool,
    anchor: bool,
) -> Result<(), Violation> {
    let v = |rule: &'static str, problem: String, fix: &str| {
        Violation::new(rule, depth, cert, problem, fix)
    };
    match f.bc {
        Some((true, _, true)) => {}
        Some((true, _, false)) => {
            return Err(v(
                "ca-basic-constraints-not-critical",
                "its basicConstraints extension is not marked critical, which RFC 5280 and the CA/Browser Forum require of CA certificates".into(),
                "use a CA certificate with critical basicConstraints (re-issue the CA, or get its current certificate)",
            ));
        }
        _ => {
            return Err(v(
                "not-a-ca",
                format!(
                    "it issued a certificate but is not a CA ({})",
                    if f.bc.is_some() {
                        "basicConstraints CA:FALSE"
                    } else {
                        "no basicConstraints"
                    }
                ),
                "the issuer must be a CA certificate (basicConstraints CA:TRUE); put the right intermediate in the chain",
            ));
        }
    }
    if let Some(ku) = &f.ku
        && !has(ku, KeyUsages::KeyCertSign)
    {
        return Err(v(
            "ca-key-usage",
            "its keyUsage does not allow signing certificates (keyCertSign)".into(),
            "use a CA certificate whose keyUsage includes keyCertSign",
        ));
    }
    if cert.subject().is_empty() {
        return Err(v(
            "ca-empty-subject",
            "it is a CA with an empty subject name".into(),
            "use a CA certificate with a subject name",
        ));
    }
    if f.ski.is_none() {
        return Err(v(
            "ski-missing",
            "it is a CA certificate without subjectKeyIdentifier, which RFC 5280 requires of CAs"
                .into(),
            "re-issue the CA certificate with subjectKeyIdentifier (sslkit always writes one)",
        ));
    }
    match &f.aki {
        // A trust anchor is trusted as it is: one that is cross-signed (not self-issued) may
        // lack the identifier of a key the chain never reaches.
        None if !self_issued && !anchor => {
            return Err(v(
                "aki-missing",
                "it has no authorityKeyIdentifier, which RFC 5280 requires in every certificate a CA issues".into(),
                "have it re-issued by a CA that writes authorityKeyIdentifier",
            ));
        }
        Some(aki) if aki.key_identifier.is_none() => {
            return Err(v(
                "aki-no-key-id",
                "its authorityKeyIdentifier has no keyIdentifier".into(),
                "have it re-issued with authorityKeyIdentifier keyid",
            ));
        }
        Some(aki)
            if self_issued
                && aki.key_identifier.as_ref().map(|k| k.as_bytes()) != f.ski.as_deref()
                && self_signed() =>
        {
            return Err(v(
                "aki-ski-mismatch",
                "it is self-signed but its authorityKeyIdentifier names another key than its subjectKeyIdentifier".into(),
                "re-issue the root with authorityKeyIdentifier equal to its subjectKeyIdentifier",
            ));
        }
        _ => {}
    }
    if let Some((ekus, _)) = &f.eku
        && !ekus.contains(&purpose_oid(purpose))
        && !ekus.contains(&ANY_EKU)
    {
        return Err(v(
            "ca-eku",
            format!(
                "its extendedKeyUsage ({}) does not include {}, so it may not issue TLS {} certificates",
                eku_text(ekus),
                purpose.eku_name(),
                purpose.name()
            ),
            &format!(
                "use a CA whose extendedKeyUsage includes {} (or has none)",
                purpose.eku_name()
            ),
        ));
    }
    Ok(())
}

/// pathLenConstraint of `f` (None: unlimited).
pub(crate) fn path_len(f: &Facts) -> Option<u8> {
    f.bc.and_then(|(_, p, _)| p)
}
