//! The FAQ's troubleshooting in one call: does the key match, is the chain complete and in
//! order, is the certificate valid for the host and for long enough, is anything too weak.

use std::fmt;
use std::path::Path;
use std::time::{Duration, SystemTime};

use crate::error::{ErrorKind, Result};
use crate::san::SubjectAltName;
use crate::text::format_time;
use crate::verify::{VerifyOptions, check_host};
use crate::{Certificate, KeyType, PrivateKey, load_certificates};

/// How bad a finding is. `Error`s break clients; `Warning`s are worth fixing; `Info` explains.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// Clients will fail (or the server will not start).
    Error,
    /// Works today, but is wrong or fragile.
    Warning,
    /// Worth knowing.
    Info,
}

impl Severity {
    /// Every severity, worst first.
    pub const ALL: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

    /// `error`, `warning` or `info`.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One result of [`check`]: what is wrong and the one-line fix.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Finding {
    /// How bad it is.
    pub severity: Severity,
    /// A stable identifier (`key-mismatch`, `chain-missing-intermediate`, ...).
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub fix: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} (fix: {})", self.severity, self.message, self.fix)
    }
}

impl Finding {
    /// The finding as a JSON object: `{"severity":..,"code":..,"message":..,"fix":..}`.
    pub fn to_json(&self) -> String {
        use crate::text::json_string as j;
        format!(
            "{{\"severity\":{},\"code\":{},\"message\":{},\"fix\":{}}}",
            j(self.severity.name()),
            j(self.code),
            j(&self.message),
            j(&self.fix)
        )
    }

    /// The finding as one line `severity<TAB>code<TAB>message<TAB>fix` (a tab or newline inside
    /// the message or the fix becomes a space), for readers that split fields.
    pub fn to_tsv(&self) -> String {
        let clean = |s: &str| s.replace(['\t', '\n'], " ");
        format!(
            "{}\t{}\t{}\t{}",
            self.severity,
            self.code,
            clean(&self.message),
            clean(&self.fix)
        )
    }
}

/// The findings of [`check`] as one report: the counts and the renderings that every face shows
/// (the CLI's text and `--json`, the C report, Python's list), made here once.
///
/// ```
/// use sslkit::{check, CheckInput, Certificate, Findings, KeyType, PrivateKey};
/// let key = PrivateKey::generate(KeyType::EcP256, None)?;
/// let other = PrivateKey::generate(KeyType::EcP256, None)?;
/// let cert = Certificate::self_signed(&key, "/CN=www.foo.dom", &[], 365)?;
/// let report = Findings::from(check(&CheckInput::new(cert, Some(other))));
/// assert!(report.errors() >= 1 && !report.is_ok());
/// assert!(report.to_text().contains("[key-mismatch]"));
/// assert!(report.to_json().starts_with("{\"ok\":false,"));
/// # Ok::<(), sslkit::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Findings {
    /// The findings, errors first.
    pub findings: Vec<Finding>,
}

impl From<Vec<Finding>> for Findings {
    fn from(findings: Vec<Finding>) -> Self {
        Findings { findings }
    }
}

impl Findings {
    /// How many findings have this severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// How many errors (clients will fail).
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    /// True when there is no error (warnings and information may remain).
    pub fn is_ok(&self) -> bool {
        self.errors() == 0
    }

    /// Each finding as `severity: message [code]` with its fix on an indented line, or
    /// `all checks passed` when there is none.
    pub fn to_text(&self) -> String {
        if self.findings.is_empty() {
            return "all checks passed\n".to_string();
        }
        self.findings
            .iter()
            .map(|f| {
                format!(
                    "{}: {} [{}]\n    fix: {}\n",
                    f.severity, f.message, f.code, f.fix
                )
            })
            .collect()
    }

    /// `{"ok":..,"errors":N,"findings":[..]}` (each finding as [`Finding::to_json`]).
    pub fn to_json(&self) -> String {
        let items: Vec<String> = self.findings.iter().map(Finding::to_json).collect();
        format!(
            "{{\"ok\":{},\"errors\":{},\"findings\":[{}]}}",
            self.is_ok(),
            self.errors(),
            items.join(",")
        )
    }

    /// One [`Finding::to_tsv`] line per finding, each ending in a newline.
    pub fn to_tsv(&self) -> String {
        self.findings.iter().map(|f| f.to_tsv() + "\n").collect()
    }
}

/// What [`check`] looks at. Build it with [`CheckInput::new`] or read files with
/// [`check_files`].
#[derive(Debug, Clone)]
pub struct CheckInput {
    /// The server's private key, if it could be read.
    pub key: Option<PrivateKey>,
    /// Whether the key file is encrypted (Apache will ask for the passphrase).
    pub key_encrypted: bool,
    /// Unix permission bits of the key file, when known.
    pub key_mode: Option<u32>,
    /// The server certificate.
    pub cert: Certificate,
    /// The chain file's certificates, in file order (may include the leaf, as a full chain).
    pub chain: Vec<Certificate>,
    /// The host name clients use, when known.
    pub host: Option<String>,
    /// Trust anchors; None: the system store (a store that cannot be read is reported as the
    /// finding `system-roots-unreadable`, not taken as empty).
    pub roots: Option<Vec<Certificate>>,
    /// The time to check at (default now).
    pub at: Option<SystemTime>,
}

impl CheckInput {
    /// The minimum: a certificate (and its key).
    pub fn new(cert: Certificate, key: Option<PrivateKey>) -> Self {
        CheckInput {
            key,
            key_encrypted: false,
            key_mode: None,
            cert,
            chain: Vec::new(),
            host: None,
            roots: None,
            at: None,
        }
    }
}

/// Within this many days of expiry a certificate gets a warning.
pub const EXPIRY_WARNING_DAYS: u64 = 30;

fn finding(severity: Severity, code: &'static str, message: String, fix: &str) -> Finding {
    Finding {
        severity,
        code,
        message,
        fix: fix.to_string(),
    }
}

/// Runs every check and returns the findings, errors first. An empty list means all is well.
///
/// ```
/// use sslkit::{check, CheckInput, Certificate, KeyType, PrivateKey, Severity};
/// let key = PrivateKey::generate(KeyType::EcP256, None)?;
/// let other = PrivateKey::generate(KeyType::EcP256, None)?;
/// let cert = Certificate::self_signed(&key, "/CN=www.foo.dom", &[], 365)?;
/// let findings = check(&CheckInput::new(cert, Some(other)));
/// assert!(findings.iter().any(|f| f.code == "key-mismatch" && f.severity == Severity::Error));
/// # Ok::<(), sslkit::Error>(())
/// ```
pub fn check(input: &CheckInput) -> Vec<Finding> {
    let at = input.at.unwrap_or_else(SystemTime::now);
    let cert = &input.cert;
    let mut out = Vec::new();
    use Severity::*;

    // The key.
    if let Some(key) = &input.key
        && !key.matches(cert)
    {
        out.push(finding(
            Error,
            "key-mismatch",
            format!("the key does not belong to the certificate '{}'", cert.subject()),
            "use the key the CSR was made with (compare `sslkit modulus --md5` of key and certificate)",
        ));
    }
    if input.key_encrypted {
        out.push(finding(
            Info,
            "key-encrypted",
            "the key is encrypted: Apache asks for the passphrase at every start-up".into(),
            "for unattended starts use `SSLPassPhraseDialog exec:/path/to/script`, or remove the passphrase with `sslkit key --nopass` and chmod 400 the key",
        ));
    }
    if let Some(mode) = input.key_mode
        && mode & 0o077 != 0
    {
        out.push(finding(
            Warning,
            "key-readable",
            format!(
                "the key file is readable by other users (mode {:04o})",
                mode & 0o7777
            ),
            "chmod 400 the key file (only root, or the user the server starts as, should read it)",
        ));
    }
    let public = cert.public_key();
    if public.key_type() == KeyType::Rsa && public.bits() < 2048 {
        out.push(finding(
            Error,
            "rsa-too-small",
            format!(
                "the certificate's RSA key has {} bits; clients refuse less than 2048",
                public.bits()
            ),
            "make a new 2048-bit (or larger) key and get a new certificate for it",
        ));
    }

    // The certificate itself.
    if at > cert.not_after() {
        out.push(finding(
            Error,
            "expired",
            format!(
                "the certificate expired on {}",
                format_time(cert.not_after())
            ),
            "renew the certificate",
        ));
    } else if at < cert.not_before() {
        out.push(finding(
            Error,
            "not-yet-valid",
            format!(
                "the certificate is not valid before {}",
                format_time(cert.not_before())
            ),
            "check the server's clock, or wait",
        ));
    } else if cert.not_after() < at + Duration::from_secs(EXPIRY_WARNING_DAYS * 86_400) {
        out.push(finding(
            Warning,
            "expiring",
            format!(
                "the certificate expires on {}, within {EXPIRY_WARNING_DAYS} days",
                format_time(cert.not_after())
            ),
            "renew it now",
        ));
    }
    if cert.signature_algorithm().is_ok_and(|a| a.is_sha1()) {
        out.push(finding(
            Error,
            "sha1-signature",
            "the certificate is signed with SHA-1, which browsers reject".into(),
            "get it re-issued with SHA-256",
        ));
    }
    let has_names = cert
        .sans()
        .iter()
        .any(|s| matches!(s, SubjectAltName::Dns(_) | SubjectAltName::Ip(_)));
    if !has_names {
        out.push(finding(
            Error,
            "cn-only",
            format!(
                "the certificate has no subject alternative names; browsers ignore its CN ('{}')",
                cert.subject().common_name().unwrap_or("")
            ),
            "get a certificate with the host names as DNS SANs (sslkit csr --san)",
        ));
    } else if let Some(host) = &input.host
        && let Err(e) = check_host(cert, host)
    {
        out.push(finding(
            Error,
            "host-mismatch",
            e.message().to_string(),
            "get a certificate whose SANs include the host name clients use",
        ));
    }

    if public.key_type() == KeyType::Rsa
        && public.bits() >= 2048
        && !public.bits().is_multiple_of(8)
    {
        out.push(finding(
            Warning,
            "rsa-size",
            format!(
                "the certificate's RSA modulus has {} bits, not a whole number of bytes (the CA/Browser Forum requires that of public certificates)",
                public.bits()
            ),
            "make a 2048-, 3072- or 4096-bit key and get a new certificate for it",
        ));
    }
    if let Some(cn) = cert.subject().common_name()
        && has_names
        && !cert.sans().iter().any(|s| san_text(s) == cn)
    {
        out.push(finding(
            Warning,
            "cn-not-in-sans",
            format!(
                "the certificate's CN '{cn}' is not, character for character, one of its subjectAltNames; clients ignore the CN, but the CA/Browser Forum requires it to copy one"
            ),
            "get it re-issued with a CN equal to one of the names (sslkit adds the CN as a SAN)",
        ));
    }

    chain_findings(input, at, &mut out);
    verification_findings(input, at, &mut out);
    out.sort_by_key(|f| f.severity);
    out
}

/// A SAN as its value is written (no `DNS:` prefix), for the CN comparison.
fn san_text(s: &SubjectAltName) -> String {
    match s {
        SubjectAltName::Dns(d) => d.clone(),
        SubjectAltName::Ip(ip) => ip.to_string(),
        SubjectAltName::Email(e) => e.clone(),
        SubjectAltName::Uri(u) => u.clone(),
        SubjectAltName::Other(o) => o.clone(),
    }
}

/// The verdict of [`verify_chain`](crate::verify_chain) on the certificate and the chain file
/// (the roots: the given ones, else the system's), as a finding in the verifier's words, unless
/// a finding above already says the same thing.
fn verification_findings(input: &CheckInput, at: SystemTime, out: &mut Vec<Finding>) {
    let mut opts = VerifyOptions::new().at(at);
    if let Some(h) = &input.host {
        opts = opts.host(h.clone());
    }
    let roots = match &input.roots {
        Some(r) => r.clone(),
        None => {
            opts = opts.system_roots(true);
            Vec::new()
        }
    };
    let Err(err) = crate::verify_chain(&input.cert, &input.chain, &roots, &opts) else {
        return;
    };
    let Some(v) = err.violation() else {
        return;
    };
    // What the findings above already report, by the verifier's rule.
    let covered: &[&str] = match v.rule {
        "expired" => &["expired", "intermediate-expired"],
        "not-yet-valid" => &["not-yet-valid"],
        "host-mismatch" => &["host-mismatch"],
        "san-missing" => &["cn-only"],
        "sha1-signature" => &["sha1-signature", "sha1-intermediate"],
        "rsa-too-small" => &["rsa-too-small"],
        "issuer-missing" | "untrusted-root" => &[
            "chain-missing-intermediate",
            "chain-private-root",
            "self-signed",
        ],
        _ => &[],
    };
    if out.iter().any(|f| covered.contains(&f.code)) {
        return;
    }
    // Without given roots, a private CA is reported above as information, not as an error.
    if input.roots.is_none() && matches!(v.rule, "issuer-missing" | "untrusted-root") {
        return;
    }
    let who = if v.subject.is_empty() {
        format!("certificate {}", v.depth)
    } else {
        format!("certificate {} '{}'", v.depth, v.subject)
    };
    out.push(Finding {
        severity: Severity::Error,
        code: v.rule,
        message: format!("{who}: {}", v.problem),
        fix: v.fix.clone(),
    });
}

/// The chain: missing issuer, order, root included, unrelated certificates, short-lived or
/// expired or SHA-1 intermediates.
fn chain_findings(input: &CheckInput, at: SystemTime, out: &mut Vec<Finding>) {
    use Severity::*;
    let leaf = &input.cert;
    let given: Vec<&Certificate> = input.chain.iter().filter(|c| *c != leaf).collect();
    // Walk up from the leaf through the chain file.
    let mut path: Vec<&Certificate> = vec![leaf];
    loop {
        let top = path[path.len() - 1];
        if top.is_self_issued() && top.verify_signed_by(top.public_key()).is_ok() {
            break;
        }
        let next = given.iter().find(|c| {
            !path.contains(c)
                && c.subject().matches(top.issuer())
                && top.verify_signed_by(c.public_key()).is_ok()
        });
        match next {
            Some(c) => path.push(c),
            None => break,
        }
    }
    let top = path[path.len() - 1];
    let top_self_signed = top.is_self_issued() && top.verify_signed_by(top.public_key()).is_ok();
    let roots: Vec<Certificate> = match &input.roots {
        Some(r) => r.clone(),
        None => match crate::system_roots() {
            Ok(r) => r,
            Err(e) => {
                // Said, not swallowed: without the store, "untrusted" cannot be told apart.
                out.push(finding(
                    Warning,
                    "system-roots-unreadable",
                    format!("the system's trusted roots could not be read ({e}), so whether clients trust the chain was not checked"),
                    "install the system's CA certificates (Debian: ca-certificates), or give the trusted roots explicitly",
                ));
                Vec::new()
            }
        },
    };
    let issuer_trusted = roots
        .iter()
        .any(|r| r.subject().matches(top.issuer()) && top.verify_signed_by(r.public_key()).is_ok());
    if top_self_signed && path.len() == 1 {
        if !roots.iter().any(|r| r == top) {
            out.push(finding(
                Info,
                "self-signed",
                "the certificate is self-signed: every client must be told to trust it".into(),
                "fine for testing; for real use get it signed by a CA (or run your own: sslkit ca init)",
            ));
        }
    } else if top_self_signed {
        out.push(finding(
            Warning,
            "chain-has-root",
            format!(
                "the chain file holds the root '{}'; clients must already have it",
                top.subject()
            ),
            "leave the root out of the chain (sslkit chain without --include-root)",
        ));
    } else if !issuer_trusted {
        let urls = top.ca_issuers_urls();
        let where_ = urls
            .first()
            .map(|u| format!(" (it is published at {u})"))
            .unwrap_or_default();
        if path.len() == 1 || input.roots.is_some() {
            out.push(finding(
                Error,
                "chain-missing-intermediate",
                format!(
                    "the chain misses '{}', the issuer of '{}'{where_}",
                    top.issuer(),
                    top.subject()
                ),
                "put the CA's intermediate certificate into the chain file (sslkit chain --cert … --bundle … builds it)",
            ));
        } else {
            out.push(finding(
                Info,
                "chain-private-root",
                format!(
                    "the chain ends at '{}', issued by '{}', which is not in the system trust store",
                    top.subject(),
                    top.issuer()
                ),
                "fine when clients trust that root (a private CA); otherwise add the missing intermediate",
            ));
        }
    }
    // Order: the chain file's certificates that are on the path must come in path order.
    let on_path: Vec<&Certificate> = given.iter().copied().filter(|c| path.contains(c)).collect();
    let expected: Vec<&Certificate> = path[1..].to_vec();
    let positions: Vec<usize> = on_path
        .iter()
        .filter_map(|c| expected.iter().position(|e| e == c))
        .collect();
    if positions.windows(2).any(|w| w[0] > w[1]) {
        out.push(finding(
            Error,
            "chain-wrong-order",
            "the chain file is in the wrong order: each certificate must be followed by its issuer"
                .into(),
            "rewrite it with `sslkit chain --cert CERT --bundle CHAIN --out CHAIN`",
        ));
    }
    let unrelated: Vec<String> = given
        .iter()
        .filter(|c| !path.contains(c))
        .map(|c| format!("'{}'", c.subject()))
        .collect();
    if !unrelated.is_empty() {
        out.push(finding(
            Warning,
            "chain-unrelated",
            format!(
                "the chain file holds {} certificate(s) that are not in this certificate's chain: {}",
                unrelated.len(),
                unrelated.join(", ")
            ),
            "remove them (sslkit chain picks only what belongs)",
        ));
    }
    for inter in &path[1..] {
        if top_self_signed && std::ptr::eq(*inter, top) {
            continue;
        }
        if at > inter.not_after() {
            out.push(finding(
                Error,
                "intermediate-expired",
                format!(
                    "the intermediate '{}' expired on {}",
                    inter.subject(),
                    format_time(inter.not_after())
                ),
                "get the CA's current intermediate certificate",
            ));
        } else if inter.not_after() < leaf.not_after() {
            out.push(finding(
                Warning,
                "intermediate-expires-first",
                format!(
                    "the intermediate '{}' expires on {}, before the certificate ({})",
                    inter.subject(),
                    format_time(inter.not_after()),
                    format_time(leaf.not_after())
                ),
                "get the CA's newer intermediate (or cross-sign) before then",
            ));
        }
        if inter.signature_algorithm().is_ok_and(|a| a.is_sha1()) {
            out.push(finding(
                Warning,
                "sha1-intermediate",
                format!(
                    "the intermediate '{}' is signed with SHA-1",
                    inter.subject()
                ),
                "get the CA's SHA-256 intermediate",
            ));
        }
    }
}

/// [`check`] on files, as a server is configured: the key (encrypted keys need `passphrase`
/// to be matched), the certificate file (further certificates in it count as chain, as in a
/// full-chain file), an optional chain file, and the roots clients trust (None: the system
/// store). Unreadable inputs become findings where the rest can still be checked; a
/// certificate that cannot be read is an `Err`.
pub fn check_files(
    key_path: &Path,
    cert_path: &Path,
    chain_path: Option<&Path>,
    passphrase: Option<&[u8]>,
    host: Option<&str>,
    roots: Option<&[Certificate]>,
) -> Result<Vec<Finding>> {
    let certs = load_certificates(&crate::fs::read_input(cert_path)?)
        .map_err(|e| e.context(cert_path.display()))?;
    let mut input = CheckInput::new(certs[0].clone(), None);
    input.chain = certs[1..].to_vec();
    if let Some(p) = chain_path {
        let chain =
            load_certificates(&crate::fs::read_input(p)?).map_err(|e| e.context(p.display()))?;
        input.chain.extend(chain);
    }
    input.host = host.map(str::to_string);
    input.roots = roots.map(<[Certificate]>::to_vec);
    let mut extra = Vec::new();
    let key_data = zeroize::Zeroizing::new(crate::fs::read_input(key_path)?);
    {
        use std::os::unix::fs::PermissionsExt;
        input.key_mode = std::fs::metadata(key_path)
            .ok()
            .map(|m| m.permissions().mode());
    }
    input.key_encrypted = PrivateKey::is_encrypted(&key_data);
    match PrivateKey::from_bytes(&key_data, passphrase) {
        Ok(k) => input.key = Some(k),
        Err(e) if e.kind() == ErrorKind::PassphraseRequired => extra.push(finding(
            Severity::Info,
            "key-not-checked",
            "the key is encrypted and no passphrase was given: its match with the certificate is not checked".into(),
            "give the key's passphrase to check it",
        )),
        Err(e) => extra.push(finding(
            Severity::Error,
            "key-unreadable",
            format!("{}: {e}", key_path.display()),
            "point SSLCertificateKeyFile at the certificate's private key (PEM), with the right passphrase",
        )),
    }
    let mut findings = check(&input);
    findings.extend(extra);
    findings.sort_by_key(|f| f.severity);
    Ok(findings)
}
