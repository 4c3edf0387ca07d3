//! PEM and DER: finding PEM blocks in text (leading text skipped, as OpenSSL does), RFC 1421
//! headers for legacy encrypted keys, multi-block bundles, and writing PEM.

use crate::error::{Error, Result};
use base64ct::{Base64, Encoding as _};
use zeroize::Zeroizing;

/// The largest input sslkit reads by default (16 MiB): a key, certificate or bundle is far
/// smaller, and the cap keeps hostile input from exhausting memory. See
/// [`limits::set_max_input_size`](crate::limits::set_max_input_size) to change it.
pub const MAX_INPUT_SIZE: usize = 16 * 1024 * 1024;

/// One `-----BEGIN LABEL-----` … `-----END LABEL-----` block.
///
/// ```
/// let pem = b"junk before\n-----BEGIN CERTIFICATE-----\nAQID\n-----END CERTIFICATE-----\n";
/// let blocks = sslkit::pem::parse_blocks(pem).unwrap();
/// assert_eq!(blocks[0].label(), "CERTIFICATE");
/// assert_eq!(blocks[0].contents(), &[1, 2, 3]);
/// ```
#[derive(Clone, PartialEq, Eq, zeroize::ZeroizeOnDrop)]
pub struct PemBlock {
    #[zeroize(skip)]
    label: String,
    #[zeroize(skip)]
    headers: Vec<(String, String)>,
    contents: Zeroizing<Vec<u8>>,
}

impl std::fmt::Debug for PemBlock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PemBlock")
            .field("label", &self.label)
            .field("headers", &self.headers)
            .field("len", &self.contents.len())
            .finish()
    }
}

impl PemBlock {
    /// Makes a block from a label and its DER contents.
    pub fn new(label: impl Into<String>, contents: Vec<u8>) -> Self {
        PemBlock {
            label: label.into(),
            headers: Vec::new(),
            contents: Zeroizing::new(contents),
        }
    }

    /// The label, e.g. `CERTIFICATE` or `RSA PRIVATE KEY`.
    pub fn label(&self) -> &str {
        &self.label
    }

    /// RFC 1421 headers (`Proc-Type`, `DEK-Info`), in order.
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// The value of header `name` (case-insensitive), if present.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The decoded (DER) contents.
    pub fn contents(&self) -> &[u8] {
        &self.contents
    }

    /// Encodes the block as PEM text (64-column base64, `\n` line ends).
    pub fn to_pem(&self) -> Zeroizing<String> {
        encode_with_headers(&self.label, &self.headers, &self.contents)
    }
}

/// The first block whose label is one of `labels`; `Parse` naming what was found instead.
pub(crate) fn find_block<'a>(
    blocks: &'a [PemBlock],
    labels: &[&str],
    what: &str,
) -> Result<&'a PemBlock> {
    blocks
        .iter()
        .find(|b| labels.contains(&b.label()))
        .ok_or_else(|| {
            let found = blocks.first().map(|b| b.label()).unwrap_or("nothing");
            Error::parse(format!("expected a {what} but found a PEM '{found}' block"))
        })
}

/// True when `data` holds a PEM `-----BEGIN` line anywhere (so it is text, not DER).
pub fn is_pem(data: &[u8]) -> bool {
    find(data, b"-----BEGIN ").is_some()
}

/// Checks an input's size against the cap in force
/// ([`limits::max_input_size`](crate::limits::max_input_size), 16 MiB by default).
pub fn check_size(data: &[u8]) -> Result<()> {
    let cap = crate::limits::max_input_size();
    if data.len() > cap {
        return Err(Error::invalid(format!(
            "input is {} bytes; sslkit reads at most {}",
            data.len(),
            crate::limits::describe(cap)
        )));
    }
    Ok(())
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Parses every PEM block in `data`, skipping text between and before blocks.
///
/// Errors: `Parse` when there is no block at all, a block has no END line (truncated), the END
/// label differs, or the base64 is bad.
pub fn parse_blocks(data: &[u8]) -> Result<Vec<PemBlock>> {
    check_size(data)?;
    let mut blocks = Vec::new();
    let mut rest = data;
    while let Some(start) = find(rest, b"-----BEGIN ") {
        let after = &rest[start + 11..];
        let label_end = find(after, b"-----")
            .ok_or_else(|| Error::parse("PEM BEGIN line is not closed with -----"))?;
        let label = std::str::from_utf8(&after[..label_end])
            .ok()
            .filter(|l| !l.contains('\n') && !l.contains('\r') && l.len() <= 64)
            .ok_or_else(|| Error::parse("PEM BEGIN line has a malformed label"))?
            .to_string();
        let body_start = &after[label_end + 5..];
        let end_marker = format!("-----END {label}-----");
        let body_len = match find(body_start, b"-----END ") {
            Some(pos) => {
                if !body_start[pos..].starts_with(end_marker.as_bytes()) {
                    return Err(Error::parse(format!(
                        "PEM block '{label}' ends with a different END label"
                    )));
                }
                pos
            }
            None => {
                return Err(Error::parse(format!(
                    "PEM block '{label}' has no END line (truncated file?)"
                )));
            }
        };
        let body = &body_start[..body_len];
        if blocks.len() == crate::limits::MAX_PEM_BLOCKS {
            return Err(Error::invalid(format!(
                "more than {} PEM blocks in one input; sslkit reads at most that many",
                crate::limits::MAX_PEM_BLOCKS
            )));
        }
        blocks.push(parse_body(label, body)?);
        rest = &body_start[body_len + end_marker.len()..];
    }
    if blocks.is_empty() {
        return Err(Error::parse(
            "no PEM block found (expected -----BEGIN ...-----)",
        ));
    }
    Ok(blocks)
}

fn parse_body(label: String, body: &[u8]) -> Result<PemBlock> {
    let text = std::str::from_utf8(body)
        .map_err(|_| Error::parse(format!("PEM block '{label}' holds non-text bytes")))?;
    let lines: Vec<&str> = text.split('\n').map(|l| l.trim_end_matches('\r')).collect();
    // RFC 1421 headers: "Name: value" lines up to a blank line, continuation lines start with
    // whitespace. Base64 never holds ':'.
    let mut headers: Vec<(String, String)> = Vec::new();
    let mut idx = 0;
    // Skip the rest of the BEGIN line (normally empty).
    if lines.first().is_some_and(|l| l.trim().is_empty()) {
        idx = 1;
    }
    if lines.get(idx).is_some_and(|l| l.contains(':')) {
        while idx < lines.len() {
            let line = lines[idx];
            if line.trim().is_empty() {
                idx += 1;
                break;
            }
            if line.starts_with([' ', '\t'])
                && let Some(last) = headers.last_mut()
            {
                last.1.push_str(line.trim());
                idx += 1;
                continue;
            }
            let (k, v) = line.split_once(':').ok_or_else(|| {
                Error::parse(format!(
                    "PEM block '{label}': header line without ':' (missing blank line after headers?)"
                ))
            })?;
            headers.push((k.trim().to_string(), v.trim().to_string()));
            idx += 1;
        }
    }
    let mut b64 = Zeroizing::new(String::with_capacity(body.len()));
    for line in &lines[idx..] {
        b64.extend(line.chars().filter(|c| !c.is_ascii_whitespace()));
    }
    let contents = Base64::decode_vec(&b64)
        .map_err(|_| Error::parse(format!("PEM block '{label}' has bad base64")))?;
    if contents.is_empty() {
        return Err(Error::parse(format!("PEM block '{label}' is empty")));
    }
    Ok(PemBlock {
        label,
        headers,
        contents: Zeroizing::new(contents),
    })
}

/// Encodes `der` as one PEM block with `label`.
///
/// ```
/// let pem = sslkit::pem::encode("CERTIFICATE", &[1, 2, 3]);
/// assert_eq!(&*pem, "-----BEGIN CERTIFICATE-----\nAQID\n-----END CERTIFICATE-----\n");
/// ```
pub fn encode(label: &str, der: &[u8]) -> Zeroizing<String> {
    encode_with_headers(label, &[], der)
}

pub(crate) fn encode_with_headers(
    label: &str,
    headers: &[(String, String)],
    der: &[u8],
) -> Zeroizing<String> {
    let b64 = Zeroizing::new(Base64::encode_string(der));
    let mut out = Zeroizing::new(String::with_capacity(b64.len() + b64.len() / 64 + 80));
    out.push_str("-----BEGIN ");
    out.push_str(label);
    out.push_str("-----\n");
    if !headers.is_empty() {
        for (k, v) in headers {
            out.push_str(k);
            out.push_str(": ");
            out.push_str(v);
            out.push('\n');
        }
        out.push('\n');
    }
    for chunk in b64.as_bytes().chunks(64) {
        // base64 output is ASCII
        out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        out.push('\n');
    }
    out.push_str("-----END ");
    out.push_str(label);
    out.push_str("-----\n");
    out
}

/// PEM or DER: the two encodings [`convert`] moves between.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// Base64 text between `-----BEGIN …-----` lines.
    Pem,
    /// Binary DER.
    Der,
}

impl Encoding {
    /// Both encodings.
    pub const ALL: [Encoding; 2] = [Encoding::Pem, Encoding::Der];

    /// `pem` or `der`.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Pem => "pem",
            Encoding::Der => "der",
        }
    }
}

impl std::str::FromStr for Encoding {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.to_ascii_lowercase().as_str() {
            "pem" => Ok(Encoding::Pem),
            "der" => Ok(Encoding::Der),
            _ => Err(Error::invalid(format!(
                "unknown encoding '{s}' (expected {})",
                crate::error::one_of(&Encoding::ALL, Encoding::name)
            ))),
        }
    }
}

/// The PEM label for a DER object, found from its structure: `CERTIFICATE`,
/// `CERTIFICATE REQUEST`, `PRIVATE KEY`, `ENCRYPTED PRIVATE KEY`, `RSA PRIVATE KEY`,
/// `EC PRIVATE KEY`, `PUBLIC KEY` or `RSA PUBLIC KEY`.
///
/// ```
/// let key = sslkit::PrivateKey::generate(sslkit::KeyType::Ed25519, None)?;
/// assert_eq!(sslkit::pem::detect_label(&key.to_der()?)?, "PRIVATE KEY");
/// # Ok::<(), sslkit::Error>(())
/// ```
pub fn detect_label(der: &[u8]) -> Result<&'static str> {
    use der::Decode;
    check_size(der)?;
    if x509_cert::Certificate::from_der(der).is_ok() {
        return Ok("CERTIFICATE");
    }
    if x509_cert::request::CertReq::from_der(der).is_ok() {
        return Ok("CERTIFICATE REQUEST");
    }
    if pkcs8::PrivateKeyInfoRef::from_der(der).is_ok() {
        return Ok("PRIVATE KEY");
    }
    if crate::encrypt::looks_like_encrypted_pkcs8(der) {
        return Ok("ENCRYPTED PRIVATE KEY");
    }
    if pkcs1::RsaPrivateKeyRef::from_der(der).is_ok() {
        return Ok("RSA PRIVATE KEY");
    }
    if sec1::EcPrivateKey::from_der(der).is_ok() {
        return Ok("EC PRIVATE KEY");
    }
    if spki::SubjectPublicKeyInfoRef::from_der(der).is_ok() {
        return Ok("PUBLIC KEY");
    }
    if pkcs1::RsaPublicKeyRef::from_der(der).is_ok() {
        return Ok("RSA PUBLIC KEY");
    }
    Err(Error::parse(
        "not a certificate, request, private key or public key in DER",
    ))
}

/// Converts between PEM and DER, the type found from the content. PEM → DER takes the one
/// block (text around it is dropped); a bundle of several certificates cannot be one DER file
/// (`InvalidInput` saying how many there are), nor can a legacy encrypted (`DEK-Info`) key.
/// Input already in the target encoding is re-encoded canonically. The output is wiped on
/// drop: it may hold a private key.
///
/// ```
/// use sslkit::pem::{convert, Encoding};
/// let key = sslkit::PrivateKey::generate(sslkit::KeyType::EcP256, None)?;
/// let der = convert(key.to_pem()?.as_bytes(), Encoding::Der)?;
/// assert_eq!(&der[..], &key.to_der()?[..]);
/// # Ok::<(), sslkit::Error>(())
/// ```
pub fn convert(data: &[u8], to: Encoding) -> Result<Zeroizing<Vec<u8>>> {
    check_size(data)?;
    let der: Zeroizing<Vec<u8>> = if is_pem(data) {
        let blocks = parse_blocks(data)?;
        let certs = blocks
            .iter()
            .filter(|b| b.label().contains("CERTIFICATE"))
            .count();
        if blocks.len() > 1 {
            return Err(Error::invalid(format!(
                "the input holds {} PEM blocks ({certs} certificates); a DER file holds one: split the bundle first",
                blocks.len()
            )));
        }
        let block = &blocks[0];
        if crate::encrypt::is_legacy_encrypted(block) {
            return Err(Error::invalid(
                "a legacy encrypted (DEK-Info) key has no DER form; convert it to encrypted PKCS#8 first (decrypt it and encrypt it again)",
            ));
        }
        if to == Encoding::Pem {
            detect_label(block.contents())?;
            return Ok(Zeroizing::new(block.to_pem().as_bytes().to_vec()));
        }
        Zeroizing::new(block.contents().to_vec())
    } else {
        Zeroizing::new(data.to_vec())
    };
    let label = detect_label(&der)?;
    match to {
        Encoding::Der => Ok(der),
        Encoding::Pem => Ok(Zeroizing::new(encode(label, &der).as_bytes().to_vec())),
    }
}
