//! Every object identifier sslkit uses, in one table, and their names for messages.

use der::asn1::ObjectIdentifier as Oid;

// Key algorithms and curves.
pub(crate) const RSA_ENCRYPTION: Oid = Oid::new_unwrap("1.2.840.113549.1.1.1");
pub(crate) const EC_PUBLIC_KEY: Oid = Oid::new_unwrap("1.2.840.10045.2.1");
pub(crate) const ED25519: Oid = Oid::new_unwrap("1.3.101.112");
pub(crate) const SECP256R1: Oid = Oid::new_unwrap("1.2.840.10045.3.1.7");
pub(crate) const SECP384R1: Oid = Oid::new_unwrap("1.3.132.0.34");

// Signature and hash algorithms.
pub(crate) const SHA1_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.5");
pub(crate) const SHA256_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.11");
pub(crate) const SHA384_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.12");
pub(crate) const SHA512_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.13");
pub(crate) const RSA_PSS: Oid = Oid::new_unwrap("1.2.840.113549.1.1.10");
pub(crate) const ECDSA_SHA256: Oid = Oid::new_unwrap("1.2.840.10045.4.3.2");
pub(crate) const ECDSA_SHA384: Oid = Oid::new_unwrap("1.2.840.10045.4.3.3");
pub(crate) const ECDSA_SHA512: Oid = Oid::new_unwrap("1.2.840.10045.4.3.4");
pub(crate) const SHA256: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.1");
pub(crate) const SHA384: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.2");
pub(crate) const SHA512: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.3");

// Key encryption (PKCS#5, PKCS#12).
pub(crate) const PBE_SHA1_3DES: Oid = Oid::new_unwrap("1.2.840.113549.1.12.1.3");
pub(crate) const PBES2: Oid = Oid::new_unwrap("1.2.840.113549.1.5.13");

// Names and requests.
pub(crate) const COMMON_NAME: Oid = Oid::new_unwrap("2.5.4.3");
pub(crate) const CHALLENGE_PASSWORD: Oid = Oid::new_unwrap("1.2.840.113549.1.9.7");
pub(crate) const EXTENSION_REQUEST: Oid = Oid::new_unwrap("1.2.840.113549.1.9.14");

// Certificate extensions (RFC 5280 4.2).
pub(crate) const BASIC_CONSTRAINTS: Oid = Oid::new_unwrap("2.5.29.19");
pub(crate) const KEY_USAGE: Oid = Oid::new_unwrap("2.5.29.15");
pub(crate) const EXT_KEY_USAGE: Oid = Oid::new_unwrap("2.5.29.37");
pub(crate) const SAN: Oid = Oid::new_unwrap("2.5.29.17");
pub(crate) const NAME_CONSTRAINTS: Oid = Oid::new_unwrap("2.5.29.30");
pub(crate) const SKI: Oid = Oid::new_unwrap("2.5.29.14");
pub(crate) const AKI: Oid = Oid::new_unwrap("2.5.29.35");
pub(crate) const AIA: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.1.1");
pub(crate) const CERT_POLICIES: Oid = Oid::new_unwrap("2.5.29.32");
pub(crate) const POLICY_CONSTRAINTS: Oid = Oid::new_unwrap("2.5.29.36");
pub(crate) const POLICY_MAPPINGS: Oid = Oid::new_unwrap("2.5.29.33");
pub(crate) const INHIBIT_ANY_POLICY: Oid = Oid::new_unwrap("2.5.29.54");

// Extended key usages and access methods.
pub(crate) const ANY_EKU: Oid = Oid::new_unwrap("2.5.29.37.0");
pub(crate) const SERVER_AUTH: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.3.1");
pub(crate) const CLIENT_AUTH: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.3.2");
pub(crate) const CA_ISSUERS: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.48.2");
pub(crate) const OCSP: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.48.1");

/// "name (dotted)" when the OID is in const-oid's database, else the dotted form.
pub(crate) fn describe(oid: &Oid) -> String {
    match const_oid::db::DB.by_oid(oid) {
        Some(name) => format!("{name} ({oid})"),
        None => oid.to_string(),
    }
}
