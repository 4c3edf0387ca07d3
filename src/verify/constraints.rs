//! Name constraints (RFC 5280 4.2.1.10), as a CA's nameConstraints extension limits the names of
//! every certificate below it: dNSName (with the CA/Browser Forum reading of wildcard SANs),
//! iPAddress, rfc822Name, uniformResourceIdentifier and directoryName subtrees. A constraint
//! of another form (otherName, x400Address, ediPartyName, registeredID) is refused only when a
//! certificate below has a name of that form, the only case where it could change the verdict.

use std::fmt;

use crate::Certificate;
use crate::name::DistinguishedName;
use crate::tlv::read_tlv;

use super::host::{valid_dns_name, valid_dns_pattern};

/// GeneralName tags ([n], RFC 5280 4.2.1.6).
const OTHER: u8 = 0;
const EMAIL: u8 = 1;
const DNS: u8 = 2;
const DIR: u8 = 4;
const URI: u8 = 6;
const IP: u8 = 7;

/// How many (name, subtree) comparisons one verification may make: a hostile chain with
/// thousands of names and subtrees is refused instead of taking minutes.
pub(crate) const MAX_COMPARISONS: usize = 1 << 18;

/// One GeneralName as encoded: its form ([n]) and its contents (for directoryName, the Name's
/// DER).
#[derive(Clone, Copy, Debug)]
pub(crate) struct RawName<'a> {
    pub form: u8,
    pub value: &'a [u8],
}

fn form_name(form: u8) -> &'static str {
    match form {
        0 => "otherName",
        1 => "rfc822Name",
        2 => "dNSName",
        3 => "x400Address",
        4 => "directoryName",
        5 => "ediPartyName",
        6 => "URI",
        7 => "iPAddress",
        8 => "registeredID",
        _ => "GeneralName",
    }
}

fn general_name(tag: u8, value: &[u8]) -> Option<RawName<'_>> {
    if tag & 0xc0 != 0x80 {
        return None;
    }
    let form = tag & 0x1f;
    let constructed = tag & 0x20 != 0;
    let value = match form {
        0 | 3 | 5 if constructed => value,
        // directoryName is EXPLICIT: the contents are one Name.
        4 if constructed => {
            let (t, _, rest) = read_tlv(value)?;
            if t != 0x30 || !rest.is_empty() {
                return None;
            }
            value
        }
        1 | 2 | 6 | 7 | 8 if !constructed => value,
        _ => return None,
    };
    Some(RawName { form, value })
}

/// The entries of a `GeneralNames` (the value of a subjectAltName extension).
pub(crate) fn general_names(der: &[u8]) -> Option<Vec<RawName<'_>>> {
    let (tag, mut content, rest) = read_tlv(der)?;
    if tag != 0x30 || !rest.is_empty() || content.is_empty() {
        return None;
    }
    let mut out = Vec::new();
    while !content.is_empty() {
        let (t, v, r) = read_tlv(content)?;
        out.push(general_name(t, v)?);
        content = r;
    }
    Some(out)
}

/// A decoded nameConstraints extension.
#[derive(Debug)]
pub(crate) struct NameConstraints<'a> {
    pub permitted: Vec<RawName<'a>>,
    pub excluded: Vec<RawName<'a>>,
}

/// Reads a nameConstraints value. Err says why it is malformed: bad DER, an empty list of
/// subtrees (`GeneralSubtrees` has at least one), or neither list present (RFC 5280: "either
/// the permittedSubtrees field or the excludedSubtrees field MUST be present").
pub(crate) fn parse(der: &[u8]) -> Result<NameConstraints<'_>, String> {
    let bad = |why: &str| format!("its nameConstraints extension is malformed ({why})");
    let (tag, mut content, rest) = read_tlv(der).ok_or_else(|| bad("not DER"))?;
    if tag != 0x30 || !rest.is_empty() {
        return Err(bad("not one SEQUENCE"));
    }
    let mut nc = NameConstraints {
        permitted: Vec::new(),
        excluded: Vec::new(),
    };
    let mut seen = 0u8;
    while !content.is_empty() {
        let (t, mut subtrees, r) = read_tlv(content).ok_or_else(|| bad("truncated"))?;
        content = r;
        let (list, bit) = match t {
            0xa0 if seen == 0 => (&mut nc.permitted, 1),
            0xa1 if seen < 2 => (&mut nc.excluded, 2),
            _ => return Err(bad("unexpected element")),
        };
        seen = bit;
        if subtrees.is_empty() {
            return Err(bad(if bit == 1 {
                "permittedSubtrees is an empty list"
            } else {
                "excludedSubtrees is an empty list"
            }));
        }
        while !subtrees.is_empty() {
            let (st, subtree, r) = read_tlv(subtrees).ok_or_else(|| bad("truncated subtree"))?;
            subtrees = r;
            if st != 0x30 {
                return Err(bad("a subtree is not a SEQUENCE"));
            }
            // base GeneralName, then minimum [0] and maximum [1], which RFC 5280 fixes at
            // 0 and absent; they are read over and not used.
            let (bt, bv, mut after) = read_tlv(subtree).ok_or_else(|| bad("truncated base"))?;
            let base = general_name(bt, bv).ok_or_else(|| bad("malformed base name"))?;
            while !after.is_empty() {
                let (at, _, r) = read_tlv(after).ok_or_else(|| bad("truncated subtree"))?;
                if at != 0x80 && at != 0x81 {
                    return Err(bad("unexpected element in a subtree"));
                }
                after = r;
            }
            list.push(base);
        }
    }
    if seen == 0 {
        return Err(bad(
            "neither permittedSubtrees nor excludedSubtrees is present",
        ));
    }
    Ok(nc)
}

/// A name of a certificate below a constraining CA, decoded for comparison.
#[derive(Debug, Clone)]
pub(crate) enum Name {
    Dns(String),
    Ip(Vec<u8>),
    Email(String),
    Uri(String),
    Dir(DistinguishedName),
    /// A form sslkit does not compare (its tag).
    Other(u8),
    /// A name whose encoding is not a valid name of its form (its tag and why).
    Malformed(u8, String),
}

impl Name {
    fn form(&self) -> u8 {
        match self {
            Name::Dns(_) => DNS,
            Name::Ip(_) => IP,
            Name::Email(_) => EMAIL,
            Name::Uri(_) => URI,
            Name::Dir(_) => DIR,
            Name::Other(f) | Name::Malformed(f, _) => *f,
        }
    }

    fn from_raw(raw: RawName<'_>) -> Name {
        let text = || {
            String::from_utf8(raw.value.to_vec())
                .ok()
                .filter(|s| s.is_ascii())
        };
        match raw.form {
            DNS => match text() {
                Some(s) if valid_dns_pattern(&s) => Name::Dns(s.to_ascii_lowercase()),
                Some(s) => Name::Malformed(DNS, format!("'{s}' is not a valid DNS name")),
                None => Name::Malformed(DNS, "a dNSName that is not ASCII".into()),
            },
            IP => match raw.value.len() {
                4 | 16 => Name::Ip(raw.value.to_vec()),
                n => Name::Malformed(IP, format!("an iPAddress of {n} bytes (4 or 16 expected)")),
            },
            EMAIL => match text() {
                Some(s) if mailbox(&s).is_some() => Name::Email(s),
                Some(s) => Name::Malformed(EMAIL, format!("'{s}' is not a valid e-mail address")),
                None => Name::Malformed(EMAIL, "an rfc822Name that is not ASCII".into()),
            },
            URI => match text() {
                Some(s) => Name::Uri(s),
                None => Name::Malformed(URI, "a URI that is not ASCII".into()),
            },
            DIR => match DistinguishedName::from_der(raw.value) {
                Ok(dn) => Name::Dir(dn),
                Err(_) => Name::Malformed(DIR, "a malformed directoryName".into()),
            },
            f => Name::Other(f),
        }
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Name::Dns(d) => write!(f, "DNS:{d}"),
            Name::Ip(b) => write!(f, "IP:{}", ip_text(b)),
            Name::Email(e) => write!(f, "email:{e}"),
            Name::Uri(u) => write!(f, "URI:{u}"),
            Name::Dir(d) => write!(f, "DirName:{d}"),
            Name::Other(t) => f.write_str(form_name(*t)),
            Name::Malformed(_, why) => f.write_str(why),
        }
    }
}

fn ip_text(b: &[u8]) -> String {
    match b.len() {
        4 => std::net::Ipv4Addr::from(<[u8; 4]>::try_from(b).unwrap_or_default()).to_string(),
        16 => std::net::Ipv6Addr::from(<[u8; 16]>::try_from(b).unwrap_or_default()).to_string(),
        _ => b.iter().map(|x| format!("{x:02x}")).collect(),
    }
}

/// The names constraints apply to in `cert`: every subjectAltName entry, the subject as a
/// directoryName when it is not empty, and the subject's emailAddress values as rfc822Names
/// when there is no subjectAltName extension (RFC 5280 4.2.1.10). The CN is not a DNS name
/// here, as in browsers and pyca.
pub(crate) fn names_of(cert: &Certificate) -> Vec<Name> {
    let mut out = Vec::new();
    let san = cert.extension_value("2.5.29.17");
    if let Some(der) = san {
        match general_names(der) {
            Some(list) => out.extend(list.into_iter().map(Name::from_raw)),
            None => out.push(Name::Malformed(OTHER, "a malformed subjectAltName".into())),
        }
    }
    if !cert.subject().is_empty() {
        out.push(Name::Dir(cert.subject().clone()));
    }
    if san.is_none() {
        for e in cert.subject().get("emailAddress") {
            out.push(if mailbox(e).is_some() {
                Name::Email(e.to_string())
            } else {
                Name::Malformed(EMAIL, format!("'{e}' is not a valid e-mail address"))
            });
        }
    }
    out
}

/// `local@domain` with one `@`, a local part of printable ASCII without spaces, a valid
/// domain: (local, domain).
fn mailbox(s: &str) -> Option<(&str, &str)> {
    let (local, domain) = s.split_once('@')?;
    let local_ok = !local.is_empty()
        && local
            .bytes()
            .all(|b| b.is_ascii_graphic() && !b"@\"(),:;<>[\\]".contains(&b));
    (local_ok && valid_dns_name(domain)).then_some((local, domain))
}

/// Why a comparison could not be made.
pub(crate) enum Undecidable {
    /// The constraint is not a valid subtree of its form.
    BadConstraint(String),
    /// The name is not a valid name of its form.
    BadName(String),
    /// sslkit does not compare this form (or this URI has no host name to compare).
    Unsupported(String),
}

/// `name` is `base` or below it, label-wise (`a.b` is within `b`, `ab` is not).
fn dns_within(name: &str, base: &str) -> bool {
    base.is_empty() || name == base || name.strip_suffix(base).is_some_and(|p| p.ends_with('.'))
}

fn dns_base(value: &[u8]) -> Result<String, Undecidable> {
    let s = String::from_utf8(value.to_vec())
        .ok()
        .filter(|s| s.is_empty() || valid_dns_name(s))
        .ok_or_else(|| {
            Undecidable::BadConstraint(format!(
                "the dNSName constraint '{}' is not a DNS name (a leading dot or a wildcard is not allowed in this form)",
                String::from_utf8_lossy(value)
            ))
        })?;
    Ok(s.to_ascii_lowercase())
}

/// The host of a URI (`scheme://[userinfo@]host[:port]/...`), lowercased; Err when it has no
/// authority or its host is not a DNS name (RFC 5280: such a URI is refused under a URI
/// constraint).
fn uri_host(uri: &str) -> Result<String, Undecidable> {
    let no_host = || {
        Undecidable::Unsupported(format!(
            "the URI '{uri}' has no host name to compare with the CA's URI name constraints"
        ))
    };
    let (_, rest) = uri.split_once(':').ok_or_else(no_host)?;
    let authority = rest.strip_prefix("//").ok_or_else(no_host)?;
    let authority = authority.split(['/', '?', '#']).next().unwrap_or_default();
    let hostport = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if hostport.starts_with('[') {
        return Err(no_host());
    }
    let host = hostport.split(':').next().unwrap_or_default();
    if !valid_dns_name(host) {
        return Err(no_host());
    }
    Ok(host.to_ascii_lowercase())
}

/// Is `name` inside the subtree `base` (same form)? For `excluded`, a wildcard dNSName counts
/// as inside when any name it stands for is.
fn within(name: &Name, base: RawName<'_>, excluded: bool) -> Result<bool, Undecidable> {
    match name {
        Name::Malformed(_, why) => Err(Undecidable::BadName(why.clone())),
        Name::Other(f) => Err(Undecidable::Unsupported(format!(
            "sslkit does not check {} name constraints, and a certificate below has a name of that form",
            form_name(*f)
        ))),
        Name::Dns(n) => {
            let c = dns_base(base.value)?;
            Ok(match n.strip_prefix("*.") {
                // `*.X` is permitted only when X is inside the subtree (every expansion is),
                // and excluded when X is, or when the excluded name is one expansion.
                Some(x) => {
                    dns_within(x, &c)
                        || (excluded && c.split_once('.').is_some_and(|(_, parent)| parent == x))
                }
                None => dns_within(n, &c),
            })
        }
        Name::Ip(addr) => {
            let c = base.value;
            let valid_mask = |m: &[u8]| {
                let bits: Vec<bool> = m
                    .iter()
                    .flat_map(|b| (0..8).rev().map(move |i| b >> i & 1 == 1))
                    .collect();
                bits.windows(2).all(|w| w[0] || !w[1])
            };
            if !(c.len() == 8 || c.len() == 32) || !valid_mask(&c[c.len() / 2..]) {
                return Err(Undecidable::BadConstraint(format!(
                    "the iPAddress constraint ({} bytes) is not an address and a contiguous mask",
                    c.len()
                )));
            }
            if c.len() != 2 * addr.len() {
                return Ok(false);
            }
            let (net, mask) = c.split_at(addr.len());
            Ok(addr
                .iter()
                .zip(net)
                .zip(mask)
                .all(|((a, n), m)| a & m == n & m))
        }
        Name::Email(e) => {
            let c = String::from_utf8(base.value.to_vec()).unwrap_or_default();
            let bad = || {
                Undecidable::BadConstraint(format!(
                    "the rfc822Name constraint '{}' is not a mailbox, a host or a domain",
                    String::from_utf8_lossy(base.value)
                ))
            };
            let (local, domain) = mailbox(e).ok_or_else(|| Undecidable::BadName(e.clone()))?;
            if c.contains('@') {
                let (cl, cd) = mailbox(&c).ok_or_else(bad)?;
                Ok(local == cl && domain.eq_ignore_ascii_case(cd))
            } else if let Some(d) = c.strip_prefix('.') {
                if !valid_dns_name(d) {
                    return Err(bad());
                }
                let domain = domain.to_ascii_lowercase();
                Ok(domain.len() > d.len() && dns_within(&domain, &d.to_ascii_lowercase()))
            } else {
                if !valid_dns_name(&c) {
                    return Err(bad());
                }
                Ok(domain.eq_ignore_ascii_case(&c))
            }
        }
        Name::Uri(u) => {
            let c = String::from_utf8(base.value.to_vec()).unwrap_or_default();
            let host = uri_host(u)?;
            let bad = || {
                Undecidable::BadConstraint(format!(
                    "the URI constraint '{}' is not a host or a domain",
                    String::from_utf8_lossy(base.value)
                ))
            };
            if let Some(d) = c.strip_prefix('.') {
                if !valid_dns_name(d) {
                    return Err(bad());
                }
                let d = d.to_ascii_lowercase();
                Ok(host.len() > d.len() && dns_within(&host, &d))
            } else {
                if !valid_dns_name(&c) {
                    return Err(bad());
                }
                Ok(host.eq_ignore_ascii_case(&c))
            }
        }
        Name::Dir(dn) => {
            let c = DistinguishedName::from_der(base.value).map_err(|_| {
                Undecidable::BadConstraint("a malformed directoryName constraint".into())
            })?;
            Ok(dn.has_prefix(&c))
        }
    }
}

/// The outcome of checking one certificate's names against one CA's constraints.
pub(crate) enum Outcome {
    Fits,
    Excluded { name: String, subtree: String },
    NotPermitted { name: String, permitted: String },
    Undecidable(Undecidable),
    OverBudget,
}

fn subtree_text(base: RawName<'_>) -> String {
    let name = Name::from_raw(base);
    match (&name, base.form) {
        (_, DNS) | (_, EMAIL) | (_, URI) => {
            format!(
                "{}:{}",
                match base.form {
                    DNS => "DNS",
                    EMAIL => "email",
                    _ => "URI",
                },
                String::from_utf8_lossy(base.value)
            )
        }
        (_, IP) if base.value.len() == 8 || base.value.len() == 32 => {
            let (a, m) = base.value.split_at(base.value.len() / 2);
            let prefix: u32 = m.iter().map(|b| b.count_ones()).sum();
            format!("IP:{}/{prefix}", ip_text(a))
        }
        _ => name.to_string(),
    }
}

/// Checks `names` against `nc`, spending at most `budget` comparisons.
pub(crate) fn check(nc: &NameConstraints<'_>, names: &[Name], budget: &mut usize) -> Outcome {
    for name in names {
        let form = name.form();
        let mut permitted_of_form = Vec::new();
        let mut any_permitted = false;
        for (bases, excluded) in [(&nc.excluded, true), (&nc.permitted, false)] {
            for base in bases.iter().filter(|b| b.form == form) {
                if *budget == 0 {
                    return Outcome::OverBudget;
                }
                *budget -= 1;
                match within(name, *base, excluded) {
                    Err(u) => return Outcome::Undecidable(u),
                    Ok(true) if excluded => {
                        return Outcome::Excluded {
                            name: name.to_string(),
                            subtree: subtree_text(*base),
                        };
                    }
                    Ok(inside) if !excluded => {
                        any_permitted |= inside;
                        permitted_of_form.push(subtree_text(*base));
                    }
                    Ok(_) => {}
                }
            }
        }
        if !permitted_of_form.is_empty() && !any_permitted {
            return Outcome::NotPermitted {
                name: name.to_string(),
                permitted: permitted_of_form.join(", "),
            };
        }
    }
    Outcome::Fits
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(form: u8, v: &[u8]) -> RawName<'_> {
        RawName { form, value: v }
    }

    fn dns(n: &str, c: &str, excluded: bool) -> bool {
        within(&Name::Dns(n.into()), raw(DNS, c.as_bytes()), excluded).unwrap_or(false)
    }

    #[test]
    fn dns_subtrees_are_label_wise() {
        assert!(dns("example.com", "example.com", false));
        assert!(dns("a.b.example.com", "Example.com", false));
        assert!(!dns("badexample.com", "example.com", false));
        assert!(dns("anything.test", "", false));
        // A wildcard is permitted only when all of it is inside.
        assert!(dns("*.example.com", "example.com", false));
        assert!(!dns("*.example.com", "foo.example.com", false));
        // ... and excluded when any expansion is.
        assert!(dns("*.example.com", "bar.example.com", true));
        assert!(!dns("*.example.com", "a.bar.example.com", true));
        assert!(
            within(&Name::Dns("a.test".into()), raw(DNS, b".test"), false).is_err(),
            "a leading dot is malformed for dNSName"
        );
    }

    #[test]
    fn ip_email_and_uri_subtrees() {
        let net = [192, 0, 2, 0, 255, 255, 255, 0];
        let ip = |a: [u8; 4]| within(&Name::Ip(a.to_vec()), raw(IP, &net), false).ok();
        assert_eq!(ip([192, 0, 2, 7]), Some(true));
        assert_eq!(ip([192, 0, 3, 7]), Some(false));
        assert!(matches!(
            within(&Name::Ip(vec![0; 16]), raw(IP, &net), false),
            Ok(false)
        ));
        assert!(within(&Name::Ip(vec![1, 2, 3, 4]), raw(IP, &[1, 2, 3, 4]), false).is_err());
        assert!(
            within(
                &Name::Ip(vec![1, 2, 3, 4]),
                raw(IP, &[1, 2, 3, 4, 255, 0, 255, 0]),
                false
            )
            .is_err()
        );
        let mail =
            |e: &str, c: &str| within(&Name::Email(e.into()), raw(EMAIL, c.as_bytes()), false).ok();
        assert_eq!(mail("a@example.com", "a@EXAMPLE.com"), Some(true));
        assert_eq!(mail("A@example.com", "a@example.com"), Some(false));
        assert_eq!(mail("a@example.com", "example.com"), Some(true));
        assert_eq!(mail("a@x.example.com", "example.com"), Some(false));
        assert_eq!(mail("a@x.example.com", ".example.com"), Some(true));
        assert_eq!(mail("a@example.com", ".example.com"), Some(false));
        assert_eq!(mail("*@example.com", "*@example.com"), Some(true));
        assert_eq!(mail("user@example.com", "*@example.com"), Some(false));
        assert!(
            within(
                &Name::Email("a@example.com".into()),
                raw(EMAIL, b"x@y@example.com"),
                false
            )
            .is_err()
        );
        let uri =
            |u: &str, c: &str| within(&Name::Uri(u.into()), raw(URI, c.as_bytes()), false).ok();
        assert_eq!(
            uri("https://user@Example.com:8443/x", "example.com"),
            Some(true)
        );
        assert_eq!(uri("https://a.example.com/", "example.com"), Some(false));
        assert_eq!(uri("https://a.example.com/", ".example.com"), Some(true));
        assert_eq!(uri("urn:isbn:123", "example.com"), None);
    }
}
