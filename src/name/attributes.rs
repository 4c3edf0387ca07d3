//! The attribute types sslkit knows by name (`CN`, `O`, `emailAddress`, ...): their OIDs,
//! labels, string types and size limits.

#[allow(unused_imports)]
use super::*;

/// How a value of an attribute type is encoded when the name is built from text.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum StringKind {
    Utf8,
    Printable,
    Ia5,
}

/// An attribute type sslkit knows by name.
pub(super) struct AttrType {
    pub(super) oid: &'static str,
    /// The name printed in RFC 4514 strings.
    pub(super) rfc4514: &'static str,
    /// The name printed in OpenSSL `-subj` strings (OpenSSL's short name).
    pub(super) openssl: &'static str,
    /// Names accepted on input (compared case-insensitively), besides the two above.
    pub(super) aliases: &'static [&'static str],
    pub(super) kind: StringKind,
    /// Upper bound in characters, as OpenSSL enforces it (`a_strnid.c`).
    pub(super) max: Option<usize>,
    /// Exactly two letters (countryName and friends).
    pub(super) country: bool,
}

pub(super) const fn attr(
    oid: &'static str,
    rfc4514: &'static str,
    openssl: &'static str,
    aliases: &'static [&'static str],
    kind: StringKind,
    max: Option<usize>,
) -> AttrType {
    AttrType {
        oid,
        rfc4514,
        openssl,
        aliases,
        kind,
        max,
        country: false,
    }
}

pub(super) const UB_NAME: Option<usize> = Some(32768);

pub(super) static ATTRS: &[AttrType] = &[
    AttrType {
        country: true,
        ..attr(
            "2.5.4.6",
            "C",
            "C",
            &["countryName"],
            StringKind::Printable,
            Some(2),
        )
    },
    attr(
        "2.5.4.8",
        "ST",
        "ST",
        &["S", "stateOrProvinceName"],
        StringKind::Utf8,
        Some(128),
    ),
    attr(
        "2.5.4.7",
        "L",
        "L",
        &["localityName"],
        StringKind::Utf8,
        Some(128),
    ),
    attr(
        "2.5.4.10",
        "O",
        "O",
        &["organizationName"],
        StringKind::Utf8,
        Some(64),
    ),
    attr(
        "2.5.4.11",
        "OU",
        "OU",
        &["organizationalUnitName"],
        StringKind::Utf8,
        Some(64),
    ),
    attr(
        "2.5.4.3",
        "CN",
        "CN",
        &["commonName"],
        StringKind::Utf8,
        Some(64),
    ),
    attr(
        "1.2.840.113549.1.9.1",
        "emailAddress",
        "emailAddress",
        &["E", "email"],
        StringKind::Ia5,
        Some(128),
    ),
    attr(
        "2.5.4.5",
        "serialNumber",
        "serialNumber",
        &[],
        StringKind::Printable,
        Some(64),
    ),
    attr(
        "0.9.2342.19200300.100.1.25",
        "DC",
        "DC",
        &["domainComponent"],
        StringKind::Ia5,
        None,
    ),
    attr(
        "0.9.2342.19200300.100.1.1",
        "UID",
        "UID",
        &["userId"],
        StringKind::Utf8,
        None,
    ),
    attr(
        "2.5.4.9",
        "STREET",
        "street",
        &["streetAddress"],
        StringKind::Utf8,
        None,
    ),
    attr("2.5.4.12", "title", "title", &[], StringKind::Utf8, None),
    attr(
        "2.5.4.42",
        "GN",
        "GN",
        &["givenName"],
        StringKind::Utf8,
        UB_NAME,
    ),
    attr(
        "2.5.4.4",
        "SN",
        "SN",
        &["surname"],
        StringKind::Utf8,
        UB_NAME,
    ),
    attr(
        "2.5.4.43",
        "initials",
        "initials",
        &[],
        StringKind::Utf8,
        UB_NAME,
    ),
    attr(
        "2.5.4.65",
        "pseudonym",
        "pseudonym",
        &[],
        StringKind::Utf8,
        None,
    ),
    attr(
        "2.5.4.44",
        "generationQualifier",
        "generationQualifier",
        &[],
        StringKind::Utf8,
        None,
    ),
    attr(
        "2.5.4.17",
        "postalCode",
        "postalCode",
        &[],
        StringKind::Utf8,
        None,
    ),
    attr(
        "2.5.4.15",
        "businessCategory",
        "businessCategory",
        &[],
        StringKind::Utf8,
        None,
    ),
    attr(
        "2.5.4.46",
        "dnQualifier",
        "dnQualifier",
        &[],
        StringKind::Printable,
        None,
    ),
    attr(
        "2.5.4.97",
        "organizationIdentifier",
        "organizationIdentifier",
        &[],
        StringKind::Utf8,
        None,
    ),
    AttrType {
        country: true,
        ..attr(
            "1.3.6.1.4.1.311.60.2.1.3",
            "jurisdictionC",
            "jurisdictionC",
            &["jurisdictionCountryName"],
            StringKind::Printable,
            Some(2),
        )
    },
    attr(
        "1.3.6.1.4.1.311.60.2.1.2",
        "jurisdictionST",
        "jurisdictionST",
        &["jurisdictionStateOrProvinceName"],
        StringKind::Utf8,
        None,
    ),
    attr(
        "1.3.6.1.4.1.311.60.2.1.1",
        "jurisdictionL",
        "jurisdictionL",
        &["jurisdictionLocalityName"],
        StringKind::Utf8,
        None,
    ),
];

pub(super) fn known_by_oid(oid: &ObjectIdentifier) -> Option<&'static AttrType> {
    ATTRS.iter().find(|a| {
        ObjectIdentifier::new(a.oid)
            .map(|o| &o == oid)
            .unwrap_or(false)
    })
}

/// Finds an attribute type by name (case-insensitive) or dotted OID.
pub(super) fn lookup(name: &str) -> Option<ObjectIdentifier> {
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        return ObjectIdentifier::new(name).ok();
    }
    ATTRS
        .iter()
        .find(|a| {
            a.rfc4514.eq_ignore_ascii_case(name)
                || a.openssl.eq_ignore_ascii_case(name)
                || a.aliases.iter().any(|n| n.eq_ignore_ascii_case(name))
        })
        .map(|a| ObjectIdentifier::new_unwrap(a.oid))
}

/// A name for messages: the RFC 4514 name of a known type, else the dotted OID.
pub(super) fn label(oid: &ObjectIdentifier) -> String {
    known_by_oid(oid).map_or_else(|| oid.to_string(), |a| a.rfc4514.to_string())
}
