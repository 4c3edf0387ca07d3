//! Subject alternative names: `DNS:name`, `IP:addr`, `email:addr`, `URI:uri`, their validation
//! (host names as LDH labels, internationalised names as A-labels), and their DER encoding as
//! the value of a subjectAltName extension.
//!
//! ```
//! use sslkit::san::SubjectAltName;
//! let san: SubjectAltName = "DNS:Bücher.Example.".parse()?;
//! assert_eq!(san, SubjectAltName::Dns("xn--bcher-kva.example".into()));
//! assert_eq!(san.to_string(), "DNS:xn--bcher-kva.example");
//! assert_eq!("127.0.0.1".parse::<SubjectAltName>()?.to_string(), "IP:127.0.0.1");
//! assert!("DNS:foo..bar".parse::<SubjectAltName>().is_err());
//! # Ok::<(), sslkit::Error>(())
//! ```

use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;

use der::asn1::{AnyRef, ObjectIdentifier};
use der::{Decode, Tag, TagNumber, Tagged};
use x509_cert::name::Name;

use crate::error::{Error, ErrorKind, Result};
use crate::name::DistinguishedName;
use crate::tlv::der_tlv;

/// Longest host name (RFC 1035: 253 characters in text form).
const MAX_DNS_LEN: usize = 253;
/// Longest label (RFC 1035).
const MAX_LABEL_LEN: usize = 63;

/// One subject alternative name.
///
/// Built with [`SubjectAltName::parse`] (or `str::parse`), which validates: DNS names are
/// lowercased LDH host names (internationalised names become `xn--` A-labels, a single leading
/// `*.` wildcard label is allowed), e-mail addresses need one `@` and a valid domain, URIs need a
/// scheme. Names read from a certificate are kept as they are written there.
///
/// ```
/// use sslkit::san::SubjectAltName;
/// use std::net::IpAddr;
/// let sans: Vec<SubjectAltName> = ["www.foo.dom", "*.foo.dom", "::1", "email:a@foo.dom", "URI:https://foo.dom/"]
///     .iter()
///     .map(|s| s.parse())
///     .collect::<Result<_, _>>()?;
/// assert_eq!(sans[1], SubjectAltName::Dns("*.foo.dom".into()));
/// assert_eq!(sans[2], SubjectAltName::Ip("::1".parse::<IpAddr>().unwrap()));
/// assert_eq!(sans[2].to_string(), "IP:::1");
/// assert_eq!(sans[3].to_string(), "email:a@foo.dom");
/// # Ok::<(), sslkit::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum SubjectAltName {
    /// A host name (dNSName), possibly a `*.` wildcard: `DNS:www.foo.dom`.
    Dns(String),
    /// An IPv4 or IPv6 address (iPAddress): `IP:127.0.0.1`, `IP:::1`.
    Ip(IpAddr),
    /// An e-mail address (rfc822Name): `email:admin@foo.dom`.
    Email(String),
    /// A URI (uniformResourceIdentifier): `URI:https://foo.dom/`.
    Uri(String),
    /// Another kind, only ever read from a certificate or CSR (otherName, directoryName,
    /// registeredID, ...), shown as OpenSSL shows it: `othername:<unsupported>`,
    /// `DirName:/CN=...`, `Registered ID:1.2.3.4`. sslkit does not write these.
    Other(String),
}

impl fmt::Display for SubjectAltName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SubjectAltName::Dns(d) => write!(f, "DNS:{d}"),
            SubjectAltName::Ip(ip) => write!(f, "IP:{ip}"),
            SubjectAltName::Email(e) => write!(f, "email:{e}"),
            SubjectAltName::Uri(u) => write!(f, "URI:{u}"),
            SubjectAltName::Other(o) => f.write_str(o),
        }
    }
}

impl FromStr for SubjectAltName {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        SubjectAltName::parse(s)
    }
}

impl SubjectAltName {
    /// Parses `DNS:name`, `IP:addr` (IPv4 or IPv6), `email:addr` or `URI:uri` (the prefix in any
    /// case; spaces around the whole and after the `:` are ignored). A string without a prefix
    /// is an IP address if it parses as one, else a DNS name.
    pub fn parse(s: &str) -> Result<Self> {
        let s = s.trim();
        if let Ok(ip) = s.parse::<IpAddr>() {
            return Ok(SubjectAltName::Ip(ip));
        }
        let Some((prefix, rest)) = s.split_once(':') else {
            return Self::dns(s);
        };
        let rest = rest.trim();
        match prefix.trim().to_ascii_lowercase().as_str() {
            "dns" => Self::dns(rest),
            "ip" | "ip address" => Self::ip(rest),
            "email" => Self::email(rest),
            "uri" => Self::uri(rest),
            _ => Err(Error::invalid(format!(
                "'{s}': unknown subject alternative name type '{prefix}' (use DNS:, IP:, email: or URI:)"
            ))),
        }
    }

    /// A DNS name, validated and normalised: letters, digits and `-` in labels of 1 to 63
    /// characters, not starting or ending with `-`, at most 253 characters in all, the last
    /// label not all digits; a single leading `*.` wildcard label is allowed; a trailing dot is
    /// removed; the name is lowercased. Internationalised labels are lowercased and converted to
    /// A-labels (`xn--`, RFC 3492 punycode). Full IDNA 2008 checks (normalisation, disallowed
    /// code points, bidi) are not made.
    ///
    /// ```
    /// use sslkit::san::SubjectAltName;
    /// assert_eq!(SubjectAltName::dns("WWW.Foo.Dom.")?.to_string(), "DNS:www.foo.dom");
    /// assert_eq!(SubjectAltName::dns("münchen.de")?.to_string(), "DNS:xn--mnchen-3ya.de");
    /// assert!(SubjectAltName::dns("a*.b.com").is_err());
    /// # Ok::<(), sslkit::Error>(())
    /// ```
    pub fn dns(name: &str) -> Result<Self> {
        host_name(name, true)
            .map(SubjectAltName::Dns)
            .map_err(|why| Error::invalid(format!("invalid DNS name '{name}': {why}")))
    }

    fn ip(addr: &str) -> Result<Self> {
        addr.parse::<IpAddr>()
            .map(SubjectAltName::Ip)
            .map_err(|_| Error::invalid(format!("invalid IP address '{addr}'")))
    }

    fn email(addr: &str) -> Result<Self> {
        let bad = |why: &str| Error::invalid(format!("invalid email address '{addr}': {why}"));
        let Some((local, domain)) = addr.split_once('@') else {
            return Err(bad("there is no '@'"));
        };
        if domain.contains('@') {
            return Err(bad("more than one '@'"));
        }
        if local.is_empty() {
            return Err(bad("nothing before the '@'"));
        }
        if !local.chars().all(|c| c.is_ascii_graphic()) {
            return Err(bad(
                "the part before the '@' must be printable ASCII without spaces",
            ));
        }
        let domain = host_name(domain, false).map_err(|why| bad(&format!("domain: {why}")))?;
        Ok(SubjectAltName::Email(format!("{local}@{domain}")))
    }

    fn uri(uri: &str) -> Result<Self> {
        let bad = |why: &str| Error::invalid(format!("invalid URI '{uri}': {why}"));
        if !uri.chars().all(|c| c.is_ascii_graphic()) {
            return Err(bad(
                "only printable ASCII without spaces is allowed (percent-encode the rest)",
            ));
        }
        let Some((scheme, rest)) = uri.split_once(':') else {
            return Err(bad("no scheme (like https:)"));
        };
        let mut chars = scheme.chars();
        let scheme_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
            && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
        if !scheme_ok {
            return Err(bad("no valid scheme (like https:)"));
        }
        if rest.is_empty() {
            return Err(bad("nothing after the scheme"));
        }
        Ok(SubjectAltName::Uri(uri.to_string()))
    }
}

/// Validates and normalises a host name; the error says why it is not one.
fn host_name(name: &str, allow_wildcard: bool) -> std::result::Result<String, String> {
    if name.len() > 4 * MAX_DNS_LEN {
        return Err("too long".into());
    }
    // IDNA label separators (RFC 3490 §3.1).
    let name: String = name
        .chars()
        .map(|c| match c {
            '\u{3002}' | '\u{ff0e}' | '\u{ff61}' => '.',
            c => c,
        })
        .collect();
    let name = name.strip_suffix('.').unwrap_or(&name);
    if name.is_empty() {
        return Err("empty".into());
    }
    let labels: Vec<&str> = name.split('.').collect();
    let mut out = Vec::with_capacity(labels.len());
    for (i, label) in labels.iter().enumerate() {
        if label.is_empty() {
            return Err("empty label (two dots in a row, or a leading dot)".into());
        }
        if label.contains('*') {
            if !allow_wildcard {
                return Err("'*' is not allowed here".into());
            }
            if *label != "*" || i != 0 {
                return Err(
                    "a wildcard '*' must be the whole leftmost label, once (like *.example.com)"
                        .into(),
                );
            }
            if labels.len() < 2 {
                return Err("a wildcard needs a domain after it (like *.example.com)".into());
            }
            out.push("*".to_string());
            continue;
        }
        let lower = label.to_lowercase();
        let alabel = if lower.is_ascii() {
            lower
        } else {
            if let Some(c) = lower.chars().find(|c| c.is_whitespace() || c.is_control()) {
                return Err(format!("label '{label}' contains {c:?}"));
            }
            let chars: Vec<char> = lower.chars().collect();
            let encoded = punycode_encode(&chars)
                .ok_or_else(|| format!("label '{label}' cannot be encoded"))?;
            format!("xn--{encoded}")
        };
        check_ldh(label, &alabel)?;
        out.push(alabel);
    }
    if out
        .last()
        .is_some_and(|l| l.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(
            "the last label is all digits, so this is not a host name (an IP address? use IP:)"
                .into(),
        );
    }
    let joined = out.join(".");
    if joined.len() > MAX_DNS_LEN {
        return Err(format!(
            "longer than {MAX_DNS_LEN} characters ({})",
            joined.len()
        ));
    }
    Ok(joined)
}

/// Letters, digits, hyphen; 1..63; no hyphen at either end.
fn check_ldh(original: &str, alabel: &str) -> std::result::Result<(), String> {
    if alabel.len() > MAX_LABEL_LEN {
        return Err(format!(
            "label '{original}' is longer than {MAX_LABEL_LEN} characters ({})",
            alabel.len()
        ));
    }
    if let Some(c) = alabel
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-'))
    {
        let hint = if c == '@' {
            " (an e-mail address? use email:)"
        } else {
            ""
        };
        return Err(format!(
            "label '{original}' contains {c:?}: only letters, digits and '-' are allowed{hint}"
        ));
    }
    if alabel.starts_with('-') || alabel.ends_with('-') {
        return Err(format!("label '{original}' starts or ends with '-'"));
    }
    Ok(())
}

/// RFC 3492 punycode encoding of one label (without the `xn--` prefix).
fn punycode_encode(input: &[char]) -> Option<String> {
    const BASE: u32 = 36;
    const TMIN: u32 = 1;
    const TMAX: u32 = 26;
    const INITIAL_BIAS: u32 = 72;
    const INITIAL_N: u32 = 128;

    fn digit(d: u32) -> char {
        // 0..25 => a..z, 26..35 => 0..9
        if d < 26 {
            char::from(b'a' + d as u8)
        } else {
            char::from(b'0' + (d - 26) as u8)
        }
    }

    fn adapt(delta: u32, num_points: u32, first_time: bool) -> u32 {
        const SKEW: u32 = 38;
        const DAMP: u32 = 700;
        let mut delta = if first_time { delta / DAMP } else { delta / 2 };
        delta += delta / num_points;
        let mut k = 0;
        while delta > ((BASE - TMIN) * TMAX) / 2 {
            delta /= BASE - TMIN;
            k += BASE;
        }
        k + (BASE - TMIN + 1) * delta / (delta + SKEW)
    }

    let mut output: String = input.iter().filter(|c| c.is_ascii()).collect();
    let basic = output.len() as u32;
    let mut handled = basic;
    if basic > 0 {
        output.push('-');
    }
    let total = u32::try_from(input.len()).ok()?;
    let mut n = INITIAL_N;
    let mut delta: u32 = 0;
    let mut bias = INITIAL_BIAS;
    while handled < total {
        let m = input.iter().map(|&c| c as u32).filter(|&c| c >= n).min()?;
        delta = delta.checked_add((m - n).checked_mul(handled + 1)?)?;
        n = m;
        for &c in input {
            let c = c as u32;
            if c < n {
                delta = delta.checked_add(1)?;
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = if k <= bias {
                        TMIN
                    } else if k >= bias + TMAX {
                        TMAX
                    } else {
                        k - bias
                    };
                    if q < t {
                        break;
                    }
                    output.push(digit(t + (q - t) % (BASE - t)));
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                output.push(digit(q));
                bias = adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta = delta.checked_add(1)?;
        n += 1;
    }
    Some(output)
}

/// The DER of a GeneralNames (the value of a subjectAltName extension): dNSName, rfc822Name
/// and URI as IA5String, IP addresses as 4 or 16 octets, in the order given.
pub(crate) fn encode_general_names(sans: &[SubjectAltName]) -> Result<Vec<u8>> {
    if sans.is_empty() {
        return Err(Error::invalid(
            "a subjectAltName extension needs at least one name",
        ));
    }
    let ia5 = |tag: u8, s: &str| -> Result<Vec<u8>> {
        if s.is_empty() || !s.is_ascii() {
            return Err(Error::invalid(format!(
                "subject alternative name '{s}' must be non-empty ASCII"
            )));
        }
        Ok(der_tlv(tag, s.as_bytes()))
    };
    let mut content = Vec::new();
    for san in sans {
        let item = match san {
            SubjectAltName::Email(e) => ia5(0x81, e)?,
            SubjectAltName::Dns(d) => ia5(0x82, d)?,
            SubjectAltName::Uri(u) => ia5(0x86, u)?,
            SubjectAltName::Ip(IpAddr::V4(v4)) => der_tlv(0x87, &v4.octets()),
            SubjectAltName::Ip(IpAddr::V6(v6)) => der_tlv(0x87, &v6.octets()),
            SubjectAltName::Other(o) => {
                return Err(Error::new(
                    ErrorKind::Unsupported,
                    format!(
                        "cannot write subject alternative name '{o}': sslkit writes only DNS, IP, email and URI names"
                    ),
                ));
            }
        };
        content.extend_from_slice(&item);
    }
    Ok(der_tlv(0x30, &content))
}

/// Reads the DER of a GeneralNames; kinds other than DNS, IP, email and URI become
/// [`SubjectAltName::Other`]. Malformed DER is a `Parse` error.
pub(crate) fn decode_general_names(der: &[u8]) -> Result<Vec<SubjectAltName>> {
    let items = Vec::<AnyRef<'_>>::from_der(der)
        .map_err(|e| Error::parse(format!("malformed subjectAltName: {e}")))?;
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let (constructed, number) = match item.tag() {
            Tag::ContextSpecific {
                constructed,
                number: TagNumber(n),
            } => (constructed, n),
            other => {
                return Err(Error::parse(format!(
                    "malformed subjectAltName: unexpected {other} in GeneralNames"
                )));
            }
        };
        let bytes = item.value();
        let ia5 = |what: &str| -> Result<String> {
            if constructed || !bytes.is_ascii() {
                return Err(Error::parse(format!(
                    "malformed subjectAltName: a {what} that is not an IA5String"
                )));
            }
            Ok(String::from_utf8_lossy(bytes).into_owned())
        };
        let san = match number {
            0 => SubjectAltName::Other("othername:<unsupported>".into()),
            1 => SubjectAltName::Email(ia5("rfc822Name")?),
            2 => SubjectAltName::Dns(ia5("dNSName")?),
            3 => SubjectAltName::Other("X400Name:<unsupported>".into()),
            4 => {
                let name = Name::from_der(bytes)
                    .map_err(|e| Error::parse(format!("malformed directoryName: {e}")))?;
                let dn = DistinguishedName::from_x509(&name)?;
                SubjectAltName::Other(format!("DirName:{}", dn.to_openssl()))
            }
            5 => SubjectAltName::Other("EdiPartyName:<unsupported>".into()),
            6 => SubjectAltName::Uri(ia5("URI")?),
            7 => match bytes.len() {
                4 => {
                    SubjectAltName::Ip(IpAddr::from(<[u8; 4]>::try_from(bytes).unwrap_or_default()))
                }
                16 => SubjectAltName::Ip(IpAddr::from(
                    <[u8; 16]>::try_from(bytes).unwrap_or_default(),
                )),
                _ => SubjectAltName::Other("IP Address:<invalid>".into()),
            },
            8 => match ObjectIdentifier::from_bytes(bytes) {
                Ok(oid) => SubjectAltName::Other(format!("Registered ID:{oid}")),
                Err(_) => SubjectAltName::Other("Registered ID:<invalid>".into()),
            },
            n => {
                return Err(Error::parse(format!(
                    "malformed subjectAltName: unknown GeneralName tag [{n}]"
                )));
            }
        };
        out.push(san);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> SubjectAltName {
        SubjectAltName::parse(s).unwrap()
    }

    /// RFC 3492 §7.1 sample strings (lowercase results of the encoder).
    #[test]
    fn punycode_rfc3492_samples() {
        let cases: &[(&str, &str)] = &[
            // (A) Arabic (Egyptian)
            (
                "\u{0644}\u{064A}\u{0647}\u{0645}\u{0627}\u{0628}\u{062A}\u{0643}\u{0644}\u{0645}\u{0648}\u{0634}\u{0639}\u{0631}\u{0628}\u{064A}\u{061F}",
                "egbpdaj6bu4bxfgehfvwxn",
            ),
            // (B) Chinese (simplified)
            (
                "\u{4ED6}\u{4EEC}\u{4E3A}\u{4EC0}\u{4E48}\u{4E0D}\u{8BF4}\u{4E2D}\u{6587}",
                "ihqwcrb4cv8a8dqg056pqjye",
            ),
            // (L) 3<nen>B<gumi><kinpachi><sensei>
            (
                "3\u{5E74}B\u{7D44}\u{91D1}\u{516B}\u{5148}\u{751F}",
                "3B-ww4c5e180e575a65lsy2b",
            ),
            // (M) <amuro><namie>-with-SUPER-MONKEYS
            (
                "\u{5B89}\u{5BA4}\u{5948}\u{7F8E}\u{6075}-with-SUPER-MONKEYS",
                "-with-SUPER-MONKEYS-pc58ag80a8qai00g7n9n",
            ),
            // (R) <sono><supiido><de>
            (
                "\u{305D}\u{306E}\u{30B9}\u{30D4}\u{30FC}\u{30C9}\u{3067}",
                "d9juau41awczczp",
            ),
        ];
        for (input, expected) in cases {
            let chars: Vec<char> = input.chars().collect();
            assert_eq!(punycode_encode(&chars).unwrap(), *expected, "{input}");
        }
    }

    #[test]
    fn parse_kinds() {
        assert_eq!(
            p("dns:WWW.foo.dom"),
            SubjectAltName::Dns("www.foo.dom".into())
        );
        assert_eq!(p("::1"), SubjectAltName::Ip("::1".parse().unwrap()));
        assert_eq!(p("IP:10.0.0.1").to_string(), "IP:10.0.0.1");
        assert_eq!(
            p("Email:a@Foo.Dom"),
            SubjectAltName::Email("a@foo.dom".into())
        );
        assert_eq!(p("uri:urn:x"), SubjectAltName::Uri("urn:x".into()));
        assert!(SubjectAltName::parse("RID:1.2.3").is_err());
    }

    /// The extension value the real `openssl req -addext` writes, byte for byte.
    #[test]
    fn encoding_matches_openssl() {
        use der::Encode;
        use x509_cert::ext::Extensions;
        use x509_cert::request::CertReq;

        let dir = tempfile::tempdir().unwrap();
        let key = dir.path().join("k.pem");
        let csr = dir.path().join("csr.der");
        let run = |args: &[&str]| {
            let out = std::process::Command::new("openssl")
                .args(args)
                .output()
                .expect("openssl is installed");
            assert!(
                out.status.success(),
                "openssl {args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        };
        let list = "DNS:www.foo.dom,DNS:*.foo.dom,IP:127.0.0.1,IP:::1,email:a@foo.dom,URI:https://foo.dom/";
        run(&[
            "genpkey",
            "-algorithm",
            "ED25519",
            "-out",
            key.to_str().unwrap(),
        ]);
        run(&[
            "req",
            "-new",
            "-key",
            key.to_str().unwrap(),
            "-subj",
            "/CN=www.foo.dom",
            "-addext",
            &format!("subjectAltName={list}"),
            "-outform",
            "DER",
            "-out",
            csr.to_str().unwrap(),
        ]);
        let req = CertReq::from_der(&std::fs::read(&csr).unwrap()).unwrap();
        let ext_req = req
            .info
            .attributes
            .iter()
            .find(|a| a.oid == crate::oid::EXTENSION_REQUEST)
            .expect("an extensionRequest attribute");
        let exts = Extensions::from_der(&ext_req.values.get(0).unwrap().to_der().unwrap()).unwrap();
        let san_ext = exts
            .iter()
            .find(|e| e.extn_id == crate::oid::SAN)
            .expect("a subjectAltName extension");
        let expected = san_ext.extn_value.as_bytes();

        let sans: Vec<SubjectAltName> = list.split(',').map(p).collect();
        assert_eq!(encode_general_names(&sans).unwrap(), expected);
        assert_eq!(decode_general_names(expected).unwrap(), sans);
        let shown: Vec<String> = sans.iter().map(ToString::to_string).collect();
        assert_eq!(shown.join(","), list);
    }

    #[test]
    fn encode_refuses_nothing_and_non_ascii() {
        assert_eq!(
            encode_general_names(&[]).unwrap_err().kind(),
            ErrorKind::InvalidInput
        );
        let raw = SubjectAltName::Dns("bücher.example".into());
        assert_eq!(
            encode_general_names(&[raw]).unwrap_err().kind(),
            ErrorKind::InvalidInput
        );
    }

    #[test]
    fn decode_others() {
        // otherName, directoryName (CN=x), registeredID 1.2.3, 8-byte IP
        let mut content = Vec::new();
        content.extend(der_tlv(0xa0, &[0x06, 0x01, 0x2a, 0xa0, 0x02, 0x05, 0x00]));
        let dn = DistinguishedName::parse("/CN=x").unwrap().to_der().unwrap();
        content.extend(der_tlv(0xa4, &dn));
        content.extend(der_tlv(0x88, &[0x2a, 0x03]));
        content.extend(der_tlv(0x87, &[0; 8]));
        let got = decode_general_names(&der_tlv(0x30, &content)).unwrap();
        let shown: Vec<String> = got.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "othername:<unsupported>",
                "DirName:/CN=x",
                "Registered ID:1.2.3",
                "IP Address:<invalid>"
            ]
        );
        assert_eq!(
            encode_general_names(&got).unwrap_err().kind(),
            ErrorKind::Unsupported
        );
        assert_eq!(
            decode_general_names(&[0x30, 0x03, 0x82])
                .unwrap_err()
                .kind(),
            ErrorKind::Parse
        );
    }
}
