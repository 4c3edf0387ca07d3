//! Host names against a certificate's subjectAltNames (RFC 6125 / RFC 9525 as browsers apply
//! them): DNS names case-insensitively, a wildcard only as the whole leftmost label of a name
//! with at least two labels after it, IP addresses only against iPAddress entries, and never
//! the subject CN.

use std::net::IpAddr;

use crate::Certificate;
use crate::error::{ErrorKind, Result};
use crate::san::SubjectAltName;

use super::violation::Violation;

/// What a client asks for: an IP address or a DNS name (lowercase A-labels).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Host {
    Ip(IpAddr),
    Dns(String),
}

/// Reads a host name as a client would use it: an IP address (IPv6 also in brackets), or a DNS
/// name, where internationalised labels become A-labels (`bücher.example` is
/// `xn--bcher-kva.example`) and a trailing dot is dropped. Err says why it is neither.
pub(crate) fn parse_host(host: &str) -> std::result::Result<Host, String> {
    let h = host.trim();
    let bare = h
        .strip_prefix('[')
        .and_then(|x| x.strip_suffix(']'))
        .unwrap_or(h);
    if let Ok(ip) = bare.parse::<IpAddr>() {
        return Ok(Host::Ip(ip));
    }
    if h.contains('*') {
        return Err("a host name cannot contain '*'".into());
    }
    match SubjectAltName::dns(h) {
        Ok(SubjectAltName::Dns(d)) => Ok(Host::Dns(d)),
        Ok(_) => Err("not a host name".into()),
        Err(e) => Err(e.message().to_string()),
    }
}

/// True when `name` is a dNSName in preferred name syntax (RFC 1034 3.5, RFC 5280 4.2.1.6) as
/// a certificate may carry it: ASCII letters, digits and hyphens in labels of 1 to 63
/// characters that do not start or end with a hyphen, at most 253 characters, no trailing dot,
/// a last label that is not all digits, and optionally `*` as the whole first label.
pub(crate) fn valid_dns_pattern(name: &str) -> bool {
    let body = name.strip_prefix("*.").unwrap_or(name);
    valid_dns_name(body)
}

/// [`valid_dns_pattern`] without the wildcard.
pub(crate) fn valid_dns_name(name: &str) -> bool {
    if name.is_empty() || name.len() > 253 {
        return false;
    }
    let labels: Vec<&str> = name.split('.').collect();
    let ldh = |l: &&str| {
        !l.is_empty()
            && l.len() <= 63
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    labels.iter().all(ldh)
        && !labels
            .last()
            .is_some_and(|l| l.bytes().all(|b| b.is_ascii_digit()))
}

/// Does the dNSName `pattern` (from a certificate) cover the lowercase host name `host`?
fn dns_matches(pattern: &str, host: &str) -> bool {
    if !valid_dns_pattern(pattern) {
        return false;
    }
    let p = pattern.to_ascii_lowercase();
    match p.strip_prefix("*.") {
        // The wildcard stands for exactly one whole label, and needs two labels after it
        // (`*.com` covers nothing).
        Some(rest) => {
            rest.contains('.')
                && host
                    .split_once('.')
                    .is_some_and(|(label, tail)| !label.is_empty() && tail == rest)
        }
        None => p == host,
    }
}

/// The violation when `cert` (at `depth`) is not valid for `host`, else None.
pub(crate) fn host_violation(cert: &Certificate, host: &str, depth: usize) -> Option<Violation> {
    let parsed = match parse_host(host) {
        Ok(h) => h,
        Err(why) => {
            return Some(Violation::new(
                "host-invalid",
                depth,
                cert,
                format!("'{host}' is neither a host name nor an IP address ({why})"),
                "ask for the name clients connect to, such as www.example.com or 192.0.2.1",
            ));
        }
    };
    let sans = cert.sans();
    let has_names = sans
        .iter()
        .any(|s| matches!(s, SubjectAltName::Dns(_) | SubjectAltName::Ip(_)));
    if !has_names {
        return Some(Violation::new(
            "san-missing",
            depth,
            cert,
            format!(
                "it has no DNS or IP subject alternative names, so it is valid for no host (browsers ignore the CN{})",
                cert.subject()
                    .common_name()
                    .map(|cn| format!(" '{cn}'"))
                    .unwrap_or_default()
            ),
            "get a certificate that lists the host names as DNS subjectAltNames",
        ));
    }
    let ok = match &parsed {
        Host::Ip(ip) => sans
            .iter()
            .any(|s| matches!(s, SubjectAltName::Ip(a) if a == ip)),
        Host::Dns(h) => sans.iter().any(|s| match s {
            SubjectAltName::Dns(d) => dns_matches(d, h),
            _ => false,
        }),
    };
    if ok {
        return None;
    }
    let names: Vec<String> = sans.iter().map(|s| s.to_string()).collect();
    Some(Violation::new(
        "host-mismatch",
        depth,
        cert,
        format!(
            "'{host}' is not among its names ({}){}",
            names.join(", "),
            if matches!(parsed, Host::Ip(_)) {
                "; an IP address matches only an IP entry"
            } else {
                ""
            }
        ),
        "connect with one of the certificate's names, or get a certificate whose subjectAltNames include this one",
    ))
}

/// Checks that `cert` is valid for `host` (RFC 6125): DNS SANs, a wildcard only as the whole
/// leftmost label, IP SANs for addresses; the CN is ignored, as browsers do. Internationalised
/// host names are compared as A-labels.
///
/// Errors: `Verification`, naming the certificate's names.
///
/// ```
/// let key = sslkit::PrivateKey::generate(sslkit::KeyType::EcP256, None)?;
/// let cert = sslkit::Certificate::self_signed(&key, "/CN=foo.dom", &["*.foo.dom", "::1"], 1)?;
/// sslkit::check_host(&cert, "www.foo.dom")?;
/// sslkit::check_host(&cert, "[::1]")?;
/// assert!(sslkit::check_host(&cert, "a.b.foo.dom").is_err());
/// # Ok::<(), sslkit::Error>(())
/// ```
pub fn check_host(cert: &Certificate, host: &str) -> Result<()> {
    match host_violation(cert, host, 0) {
        None => Ok(()),
        Some(v) => Err(v.into_error(ErrorKind::Verification)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_follow_rfc6125() {
        assert!(dns_matches("*.foo.com", "www.foo.com"));
        assert!(!dns_matches("*.foo.com", "foo.com"));
        assert!(!dns_matches("*.foo.com", "a.b.foo.com"));
        assert!(!dns_matches("*.com", "foo.com"));
        assert!(dns_matches("WWW.Foo.com", "www.foo.com"));
        assert!(!dns_matches("ba*.foo.com", "bar.foo.com"));
        assert!(!dns_matches("foo.*.com", "foo.bar.com"));
        assert!(!dns_matches("*", "com"));
        assert!(!dns_matches("foo.com.", "foo.com"));
        assert!(!dns_matches("_x.foo.com", "_x.foo.com"));
        assert!(!dns_matches("127.0.0.1", "127.0.0.1"));
    }

    #[test]
    fn hosts_parse_as_clients_use_them() {
        assert_eq!(parse_host("[::1]"), Ok(Host::Ip("::1".parse().unwrap())));
        assert_eq!(
            parse_host("Bücher.Example."),
            Ok(Host::Dns("xn--bcher-kva.example".into()))
        );
        assert!(parse_host("*.example.com").is_err());
        assert!(parse_host("a..b").is_err());
    }
}
