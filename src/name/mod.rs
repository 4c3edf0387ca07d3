//! Distinguished names: OpenSSL's `-subj` form (`/C=US/O=Foo/CN=www.foo.dom`), RFC 4514
//! (`CN=www.foo.dom,O=Foo,C=US`), and their DER encoding, exactly as `openssl req -subj` writes it.
//!
//! ```
//! use sslkit::name::DistinguishedName;
//! let a: DistinguishedName = "/C=US/O=Foo, Inc./CN=www.foo.dom".parse()?;
//! let b: DistinguishedName = "CN=www.foo.dom,O=Foo\\, Inc.,C=US".parse()?;
//! assert_eq!(a, b);
//! assert_eq!(a.to_der()?, b.to_der()?);
//! assert_eq!(a.common_name(), Some("www.foo.dom"));
//! assert_eq!(a.to_string(), "CN=www.foo.dom,O=Foo\\, Inc.,C=US");
//! # Ok::<(), sslkit::Error>(())
//! ```

use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use der::asn1::ObjectIdentifier;
use der::{Decode, Encode};
use x509_cert::name::Name;

use crate::error::{Error, Result};
use crate::tlv::{der_tlv, read_tlv};

mod attributes;
#[allow(unused_imports)] // for the child module
use self::attributes::*;

/// One attribute type and value.
#[derive(Clone)]
struct Atv {
    oid: ObjectIdentifier,
    /// The value as text, or `#` and the hex of its DER when it is not a character string.
    value: String,
    /// `value` is `#hex`.
    hex: bool,
    /// The DER of the AttributeValue (the whole TLV).
    der: Vec<u8>,
}

impl Atv {
    /// DER of the AttributeTypeAndValue SEQUENCE.
    fn encode(&self) -> Vec<u8> {
        let mut content = der_tlv(0x06, self.oid.as_bytes());
        content.extend_from_slice(&self.der);
        der_tlv(0x30, &content)
    }

    fn key(&self) -> (&ObjectIdentifier, &str, bool) {
        (&self.oid, &self.value, self.hex)
    }
}

/// A distinguished name (the subject or issuer of a certificate or CSR): a sequence of relative
/// distinguished names (RDNs), most significant first (`C` … `CN`), each one or more attribute
/// type and value pairs (several when written with `+`).
///
/// Built from OpenSSL's `-subj` form or from RFC 4514; both give the same name and the same DER,
/// byte for byte what `openssl req -subj` writes (OpenSSL 3, `string_mask = utf8only`):
/// `C`, `serialNumber` and `dnQualifier` as PrintableString, `emailAddress` and `DC` as
/// IA5String, everything else as UTF8String.
///
/// Equality and hashing compare attribute types and values exactly (case matters), not the
/// ASN.1 string types a decoded name used; [`DistinguishedName::matches`] compares as RFC 5280
/// does, and [`DistinguishedName::to_der`] gives the exact bytes.
///
/// ```
/// use sslkit::name::DistinguishedName;
/// let dn = DistinguishedName::parse("/C=US/ST=California/O=Foo/CN=www.foo.dom")?;
/// assert_eq!(dn.get("O"), vec!["Foo"]);
/// assert_eq!(dn.to_rfc4514(), "CN=www.foo.dom,O=Foo,ST=California,C=US");
/// assert_eq!(dn.to_openssl(), "/C=US/ST=California/O=Foo/CN=www.foo.dom");
/// let der = dn.to_der()?;
/// assert_eq!(DistinguishedName::from_der(&der)?, dn);
/// assert!(dn.matches(&"cn=WWW.FOO.DOM, o=foo, st=california, c=us".parse()?));
/// # Ok::<(), sslkit::Error>(())
/// ```
#[derive(Clone, Default)]
pub struct DistinguishedName {
    rdns: Vec<Vec<Atv>>,
}

impl PartialEq for DistinguishedName {
    fn eq(&self, other: &Self) -> bool {
        self.rdns.len() == other.rdns.len()
            && self.rdns.iter().zip(&other.rdns).all(|(a, b)| {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.key() == y.key())
            })
    }
}

impl Eq for DistinguishedName {}

impl Hash for DistinguishedName {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.rdns.len().hash(state);
        for rdn in &self.rdns {
            rdn.len().hash(state);
            for atv in rdn {
                atv.key().hash(state);
            }
        }
    }
}

impl fmt::Debug for DistinguishedName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DistinguishedName({:?})", self.to_rfc4514())
    }
}

impl fmt::Display for DistinguishedName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rfc4514())
    }
}

impl FromStr for DistinguishedName {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        DistinguishedName::parse(s)
    }
}

impl DistinguishedName {
    /// Parses either form: a string starting with `/` is OpenSSL's `-subj` form
    /// ([`from_openssl`](Self::from_openssl)), anything else RFC 4514
    /// ([`from_rfc4514`](Self::from_rfc4514)).
    ///
    /// ```
    /// use sslkit::name::DistinguishedName;
    /// let a = DistinguishedName::parse("/O=Foo/CN=x")?;
    /// assert_eq!(a, DistinguishedName::parse("CN=x,O=Foo")?);
    /// # Ok::<(), sslkit::Error>(())
    /// ```
    pub fn parse(s: &str) -> Result<Self> {
        let t = s.trim_start();
        if t.starts_with('/') {
            Self::from_openssl(t)
        } else {
            Self::from_rfc4514(s)
        }
    }

    /// Parses OpenSSL's `-subj` form: `/C=US/ST=CA/O=Foo/CN=www.foo.dom`, RDNs in the order
    /// written. `\` escapes the next character (`\/`, `\+`, `\\`); an unescaped `+` adds another
    /// attribute to the same RDN (`/CN=a+OU=b`, as OpenSSL 3 does). Attribute names are
    /// case-insensitive; values are taken as written (no trimming). A single trailing `/` is
    /// allowed, as in OpenSSL.
    pub fn from_openssl(s: &str) -> Result<Self> {
        let chars: Vec<char> = s.chars().collect();
        if chars.first() != Some(&'/') {
            return Err(Error::invalid(format!(
                "'{s}' is not an OpenSSL-style name: it must start with '/' (like /C=US/O=Foo/CN=www.foo.dom)"
            )));
        }
        let mut rdns: Vec<Vec<(usize, ObjectIdentifier, String)>> = Vec::new();
        let mut current = Vec::new();
        let mut i = 1;
        if chars.len() == 1 {
            return Err(Error::invalid(
                "empty name '/': give at least one attribute, like /CN=www.foo.dom",
            ));
        }
        loop {
            // Attribute type.
            let start = i;
            while i < chars.len() && !matches!(chars[i], '=' | '/' | '+') {
                i += 1;
            }
            let ty: String = chars[start..i].iter().collect();
            let ty = ty.trim();
            if ty.is_empty() {
                return Err(at(start, "expected an attribute (TYPE=value)"));
            }
            if i >= chars.len() || chars[i] != '=' {
                return Err(at(start, &format!("missing '=' after '{ty}'")));
            }
            let oid = lookup(ty).ok_or_else(|| unknown_attr(start, ty))?;
            i += 1;
            // Value.
            let vstart = i;
            let mut value = String::new();
            while i < chars.len() && !matches!(chars[i], '/' | '+') {
                if chars[i] == '\\' {
                    i += 1;
                    if i >= chars.len() {
                        return Err(at(
                            i,
                            "unterminated escape: '\\' at the end (write '\\\\' for a backslash)",
                        ));
                    }
                }
                value.push(chars[i]);
                i += 1;
            }
            current.push((vstart, oid, value));
            if i >= chars.len() {
                rdns.push(std::mem::take(&mut current));
                break;
            }
            let sep = chars[i];
            i += 1;
            if sep == '/' {
                rdns.push(std::mem::take(&mut current));
                if i == chars.len() {
                    break; // one trailing '/', as OpenSSL allows
                }
            } else if i == chars.len() {
                return Err(at(i, "expected an attribute after '+'"));
            }
        }
        Self::from_parts(rdns)
    }

    /// Parses RFC 4514: `CN=www.foo.dom,O=Foo,C=US`, the *last* RDN first (so this example is
    /// the same name as `/C=US/O=Foo/CN=www.foo.dom`). Escapes: `\,` `\+` `\"` `\\` `\<` `\>`
    /// `\;` `\=` `\#` `\ ` and `\XX` hex pairs (UTF-8 bytes); a value starting with `#` is the
    /// hex of a DER value; `+` joins attributes into one RDN. Attribute names are
    /// case-insensitive, and unescaped spaces around `,`, `+` and `=` are ignored (as RFC 2253
    /// readers do); escape a space (`\ `) to keep it.
    pub fn from_rfc4514(s: &str) -> Result<Self> {
        let chars: Vec<char> = s.chars().collect();
        let skip_spaces = |i: &mut usize| {
            while *i < chars.len() && chars[*i] == ' ' {
                *i += 1;
            }
        };
        let mut i = 0;
        skip_spaces(&mut i);
        if i == chars.len() {
            return Err(Error::invalid(
                "empty name: give at least one attribute, like CN=www.foo.dom",
            ));
        }
        let mut rdns: Vec<Vec<(usize, ObjectIdentifier, Value)>> = Vec::new();
        let mut current = Vec::new();
        loop {
            skip_spaces(&mut i);
            let start = i;
            while i < chars.len() && !matches!(chars[i], '=' | ',' | '+') {
                i += 1;
            }
            let ty: String = chars[start..i].iter().collect();
            let ty = ty.trim_end();
            if ty.is_empty() {
                return Err(at(start, "expected an attribute (TYPE=value)"));
            }
            if i >= chars.len() || chars[i] != '=' {
                return Err(at(start, &format!("missing '=' after '{ty}'")));
            }
            let oid = lookup(ty).ok_or_else(|| unknown_attr(start, ty))?;
            i += 1;
            skip_spaces(&mut i);
            let vstart = i;
            let value = if i < chars.len() && chars[i] == '#' {
                i += 1;
                let hstart = i;
                while i < chars.len() && chars[i].is_ascii_hexdigit() {
                    i += 1;
                }
                let hex: String = chars[hstart..i].iter().collect();
                skip_spaces(&mut i);
                if i < chars.len() && !matches!(chars[i], ',' | '+') {
                    return Err(at(
                        i,
                        "a value starting with '#' must be hex digits only (escape a literal '#' as '\\#')",
                    ));
                }
                let bytes = from_hex(&hex)
                    .ok_or_else(|| at(vstart, "a '#' value needs an even number of hex digits"))?;
                Value::Der(bytes)
            } else {
                // (byte, escaped) so that escaped trailing spaces survive trimming.
                let mut bytes: Vec<(u8, bool)> = Vec::new();
                while i < chars.len() && !matches!(chars[i], ',' | '+') {
                    let c = chars[i];
                    if c == '\\' {
                        let n = chars.get(i + 1).copied();
                        match n {
                            None => {
                                return Err(at(
                                    i,
                                    "unterminated escape: '\\' at the end (write '\\\\' for a backslash)",
                                ));
                            }
                            Some(h) if h.is_ascii_hexdigit() => {
                                let l = chars.get(i + 2).copied().filter(char::is_ascii_hexdigit);
                                let Some(l) = l else {
                                    return Err(at(
                                        i,
                                        "'\\' followed by one hex digit: hex escapes are two digits (\\C3)",
                                    ));
                                };
                                let byte = (hex_val(h) << 4) | hex_val(l);
                                bytes.push((byte, true));
                                i += 3;
                            }
                            Some(
                                n @ (',' | '+' | '"' | '\\' | '<' | '>' | ';' | '=' | '#' | ' '),
                            ) => {
                                bytes.push((n as u8, true));
                                i += 2;
                            }
                            Some(n) => {
                                return Err(at(
                                    i,
                                    &format!(
                                        "invalid escape '\\{n}' (RFC 4514 escapes are \\, \\+ \\\" \\\\ \\< \\> \\; \\= \\# \\<space> and \\XX hex pairs)"
                                    ),
                                ));
                            }
                        }
                        continue;
                    }
                    if matches!(c, '"' | ';' | '<' | '>') {
                        return Err(at(
                            i,
                            &format!("'{c}' must be escaped as '\\{c}' in an RFC 4514 name"),
                        ));
                    }
                    let mut buf = [0u8; 4];
                    for b in c.encode_utf8(&mut buf).bytes() {
                        bytes.push((b, false));
                    }
                    i += 1;
                }
                while bytes.last() == Some(&(b' ', false)) {
                    bytes.pop();
                }
                let raw: Vec<u8> = bytes.into_iter().map(|(b, _)| b).collect();
                let text = String::from_utf8(raw)
                    .map_err(|_| at(vstart, "the hex escapes do not form valid UTF-8"))?;
                Value::Text(text)
            };
            current.push((vstart, oid, value));
            if i >= chars.len() {
                rdns.push(std::mem::take(&mut current));
                break;
            }
            let sep = chars[i];
            i += 1;
            if sep == ',' {
                rdns.push(std::mem::take(&mut current));
            }
            skip_spaces(&mut i);
            if i == chars.len() {
                return Err(at(i, &format!("expected an attribute after '{sep}'")));
            }
        }
        rdns.reverse();
        let mut out = Vec::with_capacity(rdns.len());
        for rdn in rdns {
            let mut atvs = Vec::with_capacity(rdn.len());
            for (pos, oid, value) in rdn {
                let atv = match value {
                    Value::Text(text) => {
                        make_atv(oid, text).map_err(|e| e.context(pos_msg(pos)))?
                    }
                    Value::Der(bytes) => atv_from_value_der(oid, &bytes)
                        .ok_or_else(|| at(pos, "the '#' value is not one DER element"))?,
                };
                atvs.push(atv);
            }
            sort_rdn(&mut atvs);
            out.push(atvs);
        }
        Ok(DistinguishedName { rdns: out })
    }

    /// A name holding only a common name (`/CN=<cn>`), the value taken literally (no escapes),
    /// checked as [`parse`](Self::parse) checks it (not empty, at most 64 characters).
    ///
    /// ```
    /// use sslkit::name::DistinguishedName;
    /// let dn = DistinguishedName::from_common_name("www.foo.dom")?;
    /// assert_eq!(dn.to_openssl(), "/CN=www.foo.dom");
    /// # Ok::<(), sslkit::Error>(())
    /// ```
    pub fn from_common_name(cn: &str) -> Result<Self> {
        Ok(DistinguishedName {
            rdns: vec![vec![make_atv(crate::oid::COMMON_NAME, cn.to_string())?]],
        })
    }

    fn from_parts(rdns: Vec<Vec<(usize, ObjectIdentifier, String)>>) -> Result<Self> {
        let mut out = Vec::with_capacity(rdns.len());
        for rdn in rdns {
            let mut atvs = Vec::with_capacity(rdn.len());
            for (pos, oid, value) in rdn {
                atvs.push(make_atv(oid, value).map_err(|e| e.context(pos_msg(pos)))?);
            }
            sort_rdn(&mut atvs);
            out.push(atvs);
        }
        Ok(DistinguishedName { rdns: out })
    }

    /// The name as an `x509_cert` [`Name`], encoded as described on the type.
    pub fn to_x509(&self) -> Result<Name> {
        Name::from_der(&self.to_der()?)
            .map_err(|e| Error::internal(format!("re-reading an encoded name: {e}")))
    }

    /// The DER encoding of the name (an RDNSequence).
    pub fn to_der(&self) -> Result<Vec<u8>> {
        let mut content = Vec::new();
        for rdn in &self.rdns {
            let mut set = Vec::new();
            for atv in rdn {
                set.extend_from_slice(&atv.encode());
            }
            content.extend_from_slice(&der_tlv(0x31, &set));
        }
        Ok(der_tlv(0x30, &content))
    }

    /// Reads an `x509_cert` [`Name`] (from a certificate or CSR). Values in any directory
    /// string type are decoded (UTF8String, PrintableString, IA5String, TeletexString as
    /// Latin-1, BMPString, UniversalString, also VisibleString and NumericString); other values
    /// are kept as `#` and the hex of their DER, as RFC 4514 does. The original encoding is
    /// kept, so [`to_der`](Self::to_der) gives back the same bytes.
    pub fn from_x509(name: &Name) -> Result<Self> {
        Self::from_der(&name.to_der().map_err(Error::der)?)
    }

    /// Reads the DER of a name (an RDNSequence), as [`from_x509`](Self::from_x509) does; a
    /// malformed one is a `Parse` error.
    pub fn from_der(der: &[u8]) -> Result<Self> {
        let bad = |what: &str| Error::parse(format!("malformed name: {what}"));
        let (tag, mut seq, rest) = read_tlv(der).ok_or_else(|| bad("not DER"))?;
        if tag != 0x30 || !rest.is_empty() {
            return Err(bad("not one SEQUENCE"));
        }
        let mut rdns = Vec::new();
        while !seq.is_empty() {
            let (tag, mut set, rest) = read_tlv(seq).ok_or_else(|| bad("truncated RDN"))?;
            seq = rest;
            if tag != 0x31 || set.is_empty() {
                return Err(bad("an RDN is not a non-empty SET"));
            }
            let mut atvs = Vec::new();
            while !set.is_empty() {
                let (tag, atv, rest) = read_tlv(set).ok_or_else(|| bad("truncated attribute"))?;
                set = rest;
                let (otag, oid, value) = read_tlv(atv).ok_or_else(|| bad("truncated attribute"))?;
                if tag != 0x30 || otag != 0x06 {
                    return Err(bad("an attribute is not SEQUENCE { OID, value }"));
                }
                let oid = ObjectIdentifier::from_bytes(oid)
                    .map_err(|_| bad("invalid attribute type OID"))?;
                let (_, _, after) = read_tlv(value).ok_or_else(|| bad("truncated value"))?;
                if !after.is_empty() {
                    return Err(bad("trailing data in an attribute"));
                }
                atvs.push(decode_atv(oid, value.to_vec()));
            }
            rdns.push(atvs);
        }
        Ok(DistinguishedName { rdns })
    }

    /// The most specific (last) common name, if there is one.
    pub fn common_name(&self) -> Option<&str> {
        self.iter()
            .filter(|a| a.oid == crate::oid::COMMON_NAME)
            .last()
            .map(|a| a.value.as_str())
    }

    /// The values of an attribute, given by name (`"O"`, `"organizationName"`, any case) or
    /// dotted OID (`"2.5.4.10"`), in encoding order. Unknown names give an empty list.
    /// Values that are not character strings are given as `#` and the hex of their DER.
    pub fn get(&self, attr: &str) -> Vec<&str> {
        match lookup(attr.trim()) {
            Some(oid) => self
                .iter()
                .filter(|a| a.oid == oid)
                .map(|a| a.value.as_str())
                .collect(),
            None => Vec::new(),
        }
    }

    /// `true` for the empty name (no RDNs), which only a decoded certificate can have.
    pub fn is_empty(&self) -> bool {
        self.rdns.is_empty()
    }

    /// The number of RDNs.
    pub fn len(&self) -> usize {
        self.rdns.len()
    }

    /// The RDNs in encoding order (most significant first), each a list of
    /// (attribute type OID, value) pairs.
    pub fn rdns(&self) -> Vec<Vec<(ObjectIdentifier, &str)>> {
        self.rdns
            .iter()
            .map(|rdn| rdn.iter().map(|a| (a.oid, a.value.as_str())).collect())
            .collect()
    }

    fn iter(&self) -> impl Iterator<Item = &Atv> {
        self.rdns.iter().flatten()
    }

    /// The RFC 4514 string (also [`Display`](fmt::Display)): the last RDN first, escaped as
    /// RFC 4514 §2.4 says, non-ASCII characters written as they are. Types are written as
    /// `CN`, `L`, `ST`, `O`, `OU`, `C`, `STREET`, `DC`, `UID`, or as OpenSSL names them
    /// (`emailAddress`, `serialNumber`, `GN`, ...); other types as a dotted OID with a `#hex`
    /// value, as RFC 4514 requires. Within a multi-valued RDN the attributes are written in
    /// reverse encoding order, as `openssl -nameopt RFC2253` does.
    pub fn to_rfc4514(&self) -> String {
        let mut out = String::new();
        for (i, rdn) in self.rdns.iter().rev().enumerate() {
            if i > 0 {
                out.push(',');
            }
            for (j, atv) in rdn.iter().rev().enumerate() {
                if j > 0 {
                    out.push('+');
                }
                match known_by_oid(&atv.oid) {
                    Some(t) => {
                        out.push_str(t.rfc4514);
                        out.push('=');
                        if atv.hex {
                            out.push_str(&atv.value);
                        } else {
                            escape_rfc4514(&atv.value, &mut out);
                        }
                    }
                    None => {
                        out.push_str(&atv.oid.to_string());
                        out.push('=');
                        out.push('#');
                        out.push_str(&to_hex(&atv.der));
                    }
                }
            }
        }
        out
    }

    /// OpenSSL's `-subj` form, `/C=US/O=Foo/CN=x`, with `/`, `+` and `\` escaped by `\`.
    /// Types are written with OpenSSL's short names, unknown ones as dotted OIDs.
    /// (Values that are not character strings come out as `#hex`, which `-subj` would read as
    /// text.)
    pub fn to_openssl(&self) -> String {
        let mut out = String::new();
        for rdn in &self.rdns {
            out.push('/');
            for (j, atv) in rdn.iter().enumerate() {
                if j > 0 {
                    out.push('+');
                }
                match known_by_oid(&atv.oid) {
                    Some(t) => out.push_str(t.openssl),
                    None => out.push_str(&atv.oid.to_string()),
                }
                out.push('=');
                for c in atv.value.chars() {
                    if matches!(c, '/' | '+' | '\\') {
                        out.push('\\');
                    }
                    out.push(c);
                }
            }
        }
        out
    }

    /// Compares two names as RFC 5280 §7.1 does: the same number of RDNs, each with the same
    /// attributes (in any order within an RDN), attribute types equal, and character-string
    /// values equal after removing leading and trailing white space, folding runs of inner
    /// white space to one space and ignoring case. Non-string values compare exactly.
    ///
    /// ```
    /// use sslkit::name::DistinguishedName;
    /// let a = DistinguishedName::parse("/O=Foo  Inc/CN=www.FOO.dom")?;
    /// let b = DistinguishedName::parse("CN=www.foo.dom,O=foo inc")?;
    /// assert!(a.matches(&b));
    /// assert_ne!(a, b);
    /// # Ok::<(), sslkit::Error>(())
    /// ```
    pub fn matches(&self, other: &DistinguishedName) -> bool {
        self.rdns.len() == other.rdns.len() && self.has_prefix(other)
    }

    /// True when `prefix`'s RDNs are the first RDNs of this name, compared as
    /// [`matches`](Self::matches) does: the test of a directoryName name constraint
    /// (RFC 5280 4.2.1.10). Every name has the empty name as a prefix.
    pub(crate) fn has_prefix(&self, prefix: &DistinguishedName) -> bool {
        prefix.rdns.len() <= self.rdns.len()
            && self
                .rdns
                .iter()
                .zip(&prefix.rdns)
                .all(|(a, b)| a.len() == b.len() && prepared_rdn(a) == prepared_rdn(b))
    }

    /// A string that two names share exactly when they [`match`](Self::matches): for
    /// looking issuers up by name.
    pub(crate) fn comparison_key(&self) -> String {
        let mut out = String::new();
        for rdn in &self.rdns {
            for (oid, value, hex) in prepared_rdn(rdn) {
                out.push_str(&oid.to_string());
                out.push(if hex { '#' } else { '=' });
                out.push_str(&value);
                out.push('\u{1}');
            }
            out.push('\u{2}');
        }
        out
    }
}

/// An RDN's attributes in comparison form, sorted, so that order within the RDN does not
/// matter.
fn prepared_rdn(rdn: &[Atv]) -> Vec<(ObjectIdentifier, String, bool)> {
    let mut v: Vec<(ObjectIdentifier, String, bool)> = rdn.iter().map(prepared).collect();
    v.sort_by(|x, y| (x.0.as_bytes(), &x.1, x.2).cmp(&(y.0.as_bytes(), &y.1, y.2)));
    v
}

/// The value of an attribute in comparison form (RFC 5280 §7.1, RFC 4518 simplified).
fn prepared(a: &Atv) -> (ObjectIdentifier, String, bool) {
    if a.hex {
        return (a.oid, a.value.clone(), true);
    }
    let folded: Vec<String> = a
        .value
        .split_whitespace()
        .map(|w| w.to_lowercase())
        .collect();
    (a.oid, folded.join(" "), false)
}

enum Value {
    Text(String),
    Der(Vec<u8>),
}

fn pos_msg(pos: usize) -> String {
    format!("at character {}", pos + 1)
}

fn at(pos: usize, msg: &str) -> Error {
    Error::invalid(format!("{}: {msg}", pos_msg(pos)))
}

fn unknown_attr(pos: usize, ty: &str) -> Error {
    at(
        pos,
        &format!(
            "attribute '{ty}' is not known (use C, ST, L, O, OU, CN, emailAddress, serialNumber, DC, UID, street, title, GN, SN, ... or a dotted OID)"
        ),
    )
}

/// Sorts a multi-valued RDN in DER SET OF order (what OpenSSL and `der` write).
fn sort_rdn(atvs: &mut [Atv]) {
    atvs.sort_by_cached_key(Atv::encode);
}

/// Builds an attribute from text, checking it the way OpenSSL's `ASN1_STRING_set_by_NID` does.
fn make_atv(oid: ObjectIdentifier, value: String) -> Result<Atv> {
    let name = label(&oid);
    if value.is_empty() {
        return Err(Error::invalid(format!("empty value for {name}")));
    }
    if value.contains('\0') {
        return Err(Error::invalid(format!(
            "the value of {name} contains a NUL character"
        )));
    }
    let known = known_by_oid(&oid);
    let kind = known.map_or(StringKind::Utf8, |t| t.kind);
    if let Some(t) = known {
        if t.country && !(value.len() == 2 && value.chars().all(|c| c.is_ascii_alphabetic())) {
            return Err(Error::invalid(format!(
                "{name} must be a two-letter country code (like US), not '{value}'"
            )));
        }
        if let Some(max) = t.max {
            let n = value.chars().count();
            if n > max {
                return Err(Error::invalid(format!(
                    "{name} is longer than {max} characters ({n})"
                )));
            }
        }
    }
    let tag = match kind {
        StringKind::Utf8 => 0x0c,
        StringKind::Printable => {
            if let Some(c) = value.chars().find(|c| !is_printable(*c)) {
                return Err(Error::invalid(format!(
                    "{name} may only hold letters, digits, space and '()+,-./:=? (not {c:?})"
                )));
            }
            0x13
        }
        StringKind::Ia5 => {
            if !value.is_ascii() {
                return Err(Error::invalid(format!("{name} must be ASCII")));
            }
            0x16
        }
    };
    let der = der_tlv(tag, value.as_bytes());
    Ok(Atv {
        oid,
        value,
        hex: false,
        der,
    })
}

fn is_printable(c: char) -> bool {
    c.is_ascii_alphanumeric() || " '()+,-./:=?".contains(c)
}

/// An attribute from the DER of its value (an RFC 4514 `#hex` value): exactly one element.
fn atv_from_value_der(oid: ObjectIdentifier, der: &[u8]) -> Option<Atv> {
    let (_, _, rest) = read_tlv(der)?;
    rest.is_empty().then(|| decode_atv(oid, der.to_vec()))
}

/// An attribute from the DER of its value, which the caller has checked is one element.
fn decode_atv(oid: ObjectIdentifier, der: Vec<u8>) -> Atv {
    let text = read_tlv(&der).and_then(|(tag, bytes, _)| decode_text(tag, bytes));
    match text {
        Some(text) => Atv {
            oid,
            value: text,
            hex: false,
            der,
        },
        None => Atv {
            oid,
            value: format!("#{}", to_hex(&der)),
            hex: true,
            der,
        },
    }
}

/// The text of a character-string value (by its tag byte), or `None` for other types or
/// malformed contents.
fn decode_text(tag: u8, bytes: &[u8]) -> Option<String> {
    match tag {
        // UTF8String
        0x0c => String::from_utf8(bytes.to_vec()).ok(),
        // NumericString, PrintableString, IA5String, VisibleString
        0x12 | 0x13 | 0x16 | 0x1a => bytes
            .is_ascii()
            .then(|| String::from_utf8_lossy(bytes).into_owned()),
        // TeletexString (T61), read as Latin-1 as OpenSSL does
        0x14 => Some(bytes.iter().map(|&b| char::from(b)).collect()),
        // BMPString
        0x1e => {
            if !bytes.len().is_multiple_of(2) {
                return None;
            }
            let units: Vec<u16> = bytes
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16(&units).ok()
        }
        // UniversalString
        0x1c => {
            if !bytes.len().is_multiple_of(4) {
                return None;
            }
            bytes
                .chunks_exact(4)
                .map(|c| char::from_u32(u32::from_be_bytes([c[0], c[1], c[2], c[3]])))
                .collect()
        }
        _ => None,
    }
}

fn escape_rfc4514(value: &str, out: &mut String) {
    let n = value.chars().count();
    for (i, c) in value.chars().enumerate() {
        match c {
            '"' | '+' | ',' | ';' | '<' | '>' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '#' if i == 0 => out.push_str("\\#"),
            ' ' if i == 0 || i + 1 == n => out.push_str("\\ "),
            c if c.is_ascii_control() => out.push_str(&format!("\\{:02X}", c as u32)),
            c => out.push(c),
        }
    }
}

fn hex_val(c: char) -> u8 {
    c.to_digit(16).unwrap_or(0) as u8
}

fn from_hex(s: &str) -> Option<Vec<u8>> {
    if s.is_empty() || !s.len().is_multiple_of(2) {
        return None;
    }
    let chars: Vec<char> = s.chars().collect();
    chars
        .chunks(2)
        .map(|p| Some((p[0].to_digit(16)? as u8) << 4 | p[1].to_digit(16)? as u8))
        .collect()
}

fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn der_lengths() {
        assert_eq!(der_tlv(4, &[]), vec![4, 0]);
        assert_eq!(der_tlv(4, &[0; 127])[..2], [4, 127]);
        assert_eq!(der_tlv(4, &[0; 128])[..3], [4, 0x81, 128]);
        assert_eq!(der_tlv(4, &[0; 256])[..4], [4, 0x82, 1, 0]);
    }

    #[test]
    fn both_forms_agree() {
        let a = DistinguishedName::parse("/C=US/O=Foo/CN=www.foo.dom").unwrap();
        let b = DistinguishedName::parse("CN=www.foo.dom,O=Foo,C=US").unwrap();
        assert_eq!(a, b);
        assert_eq!(a.to_der().unwrap(), b.to_der().unwrap());
        assert_eq!(a.to_rfc4514(), "CN=www.foo.dom,O=Foo,C=US");
        assert_eq!(b.to_openssl(), "/C=US/O=Foo/CN=www.foo.dom");
    }

    #[test]
    fn escapes_round_trip() {
        let dn = DistinguishedName::parse(r#"/O=a\/b\\c\+d/CN= #x, y;<>" "#).unwrap();
        assert_eq!(dn.get("O"), vec![r"a/b\c+d"]);
        let s = dn.to_rfc4514();
        assert_eq!(DistinguishedName::parse(&s).unwrap(), dn, "{s}");
        let o = dn.to_openssl();
        assert_eq!(DistinguishedName::parse(&o).unwrap(), dn, "{o}");
    }

    #[test]
    fn hex_values() {
        let dn = DistinguishedName::from_rfc4514("CN=#0C03666F6F,1.2.3.4=#020105").unwrap();
        assert_eq!(dn.common_name(), Some("foo"));
        assert_eq!(dn.get("1.2.3.4"), vec!["#020105"]);
        assert_eq!(dn.to_rfc4514(), "CN=foo,1.2.3.4=#020105");
        assert!(DistinguishedName::from_rfc4514("CN=#0C04666F6F").is_err());
    }

    #[test]
    fn errors_say_where() {
        let e = DistinguishedName::parse("/C=US/XX=y").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput);
        assert!(e.message().starts_with("at character 7:"), "{e}");
        assert!(e.message().contains("'XX'"), "{e}");
    }
}
