//! Human-readable dumps of certificates, requests and keys, in the spirit of
//! `openssl x509 -text`.

use std::fmt::Write;
use std::time::SystemTime;

use crate::{Certificate, CertificateSigningRequest, PrivateKey, PublicKey};

/// `Mon DD HH:MM:SS YYYY GMT`, as OpenSSL prints times.
pub fn format_time(t: SystemTime) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (year, month, day, hour, minute, second) = crate::time::civil(crate::time::unix(t));
    format!(
        "{} {:2} {:02}:{:02}:{:02} {} GMT",
        MONTHS[usize::try_from(month - 1).unwrap_or(0).min(11)],
        day,
        hour,
        minute,
        second,
        year
    )
}

/// `AA:BB:CC`, OpenSSL's form for identifiers and fingerprints.
pub fn colon_hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

fn wrap_hex(out: &mut String, bytes: &[u8], indent: &str) {
    for chunk in bytes.chunks(15) {
        let line: Vec<String> = chunk.iter().map(|b| format!("{b:02x}")).collect();
        let _ = writeln!(out, "{indent}{}:", line.join(":"));
    }
    if out.ends_with(":\n") {
        out.truncate(out.len() - 2);
        out.push('\n');
    }
}

fn write_public_key(out: &mut String, key: &PublicKey, indent: &str) {
    let _ = writeln!(out, "{indent}Public Key Algorithm: {}", key.algorithm());
    let _ = writeln!(out, "{indent}    Public-Key: ({} bit)", key.bits());
    if let (Some(n), Some(e)) = (key.rsa_modulus(), key.rsa_exponent()) {
        let _ = writeln!(out, "{indent}    Modulus:");
        let mut m = vec![0u8];
        m.extend_from_slice(n);
        let m = if n.first().is_some_and(|b| b & 0x80 != 0) {
            &m[..]
        } else {
            n
        };
        wrap_hex(out, m, &format!("{indent}        "));
        let ev = e.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
        let _ = writeln!(out, "{indent}    Exponent: {ev} (0x{ev:x})");
    }
}

/// A certificate as text: version, serial, algorithms, names, validity, key and extensions.
pub fn certificate_text(cert: &Certificate) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Certificate:");
    let _ = writeln!(out, "    Data:");
    let _ = writeln!(out, "        Version: 3 (0x2)");
    let _ = writeln!(out, "        Serial Number:");
    let _ = writeln!(
        out,
        "            {}",
        colon_hex(cert.serial()).to_lowercase()
    );
    let alg = cert
        .signature_algorithm()
        .map(|a| a.name().to_string())
        .unwrap_or_else(|e| e.to_string());
    let _ = writeln!(out, "        Signature Algorithm: {alg}");
    let _ = writeln!(out, "        Issuer: {}", cert.issuer());
    let _ = writeln!(out, "        Validity");
    let _ = writeln!(
        out,
        "            Not Before: {}",
        format_time(cert.not_before())
    );
    let _ = writeln!(
        out,
        "            Not After : {}",
        format_time(cert.not_after())
    );
    let _ = writeln!(out, "        Subject: {}", cert.subject());
    let _ = writeln!(out, "        Subject Public Key Info:");
    write_public_key(&mut out, cert.public_key(), "            ");
    let _ = writeln!(out, "        X509v3 extensions:");
    for ext in cert.extensions() {
        let crit = if ext.critical { " critical" } else { "" };
        let _ = writeln!(out, "            {}:{crit}", ext_title(&ext.name));
        let value = match ext.name.as_str() {
            "basicConstraints" => cert.basic_constraints().map(|c| {
                let mut s = format!("CA:{}", if c.ca { "TRUE" } else { "FALSE" });
                if let Some(p) = c.path_len {
                    let _ = write!(s, ", pathlen:{p}");
                }
                s
            }),
            "keyUsage" => cert.key_usage().map(|v| v.join(", ")),
            "extKeyUsage" => cert.extended_key_usage().map(|v| v.join(", ")),
            "subjectKeyIdentifier" => cert.subject_key_id().map(|k| colon_hex(&k)),
            "authorityKeyIdentifier" => cert.authority_key_id().map(|k| colon_hex(&k)),
            "subjectAltName" => Some(
                cert.sans()
                    .iter()
                    .map(|s| s.to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            "authorityInfoAccess" => Some(
                cert.ca_issuers_urls()
                    .iter()
                    .map(|u| format!("CA Issuers - URI:{u}"))
                    .chain(cert.ocsp_urls().iter().map(|u| format!("OCSP - URI:{u}")))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            _ => None,
        };
        match value {
            Some(v) => {
                let _ = writeln!(out, "                {v}");
            }
            None => wrap_hex(&mut out, &ext.value, "                "),
        }
    }
    out
}

fn ext_title(name: &str) -> String {
    match name {
        "basicConstraints" => "X509v3 Basic Constraints".into(),
        "keyUsage" => "X509v3 Key Usage".into(),
        "extKeyUsage" => "X509v3 Extended Key Usage".into(),
        "subjectKeyIdentifier" => "X509v3 Subject Key Identifier".into(),
        "authorityKeyIdentifier" => "X509v3 Authority Key Identifier".into(),
        "subjectAltName" => "X509v3 Subject Alternative Name".into(),
        "authorityInfoAccess" => "Authority Information Access".into(),
        other => other.to_string(),
    }
}

/// A certificate request as text.
pub fn csr_text(csr: &CertificateSigningRequest) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Certificate Request:");
    let _ = writeln!(out, "    Data:");
    let _ = writeln!(out, "        Version: 1 (0x0)");
    let _ = writeln!(out, "        Subject: {}", csr.subject());
    let _ = writeln!(out, "        Subject Public Key Info:");
    write_public_key(&mut out, csr.public_key(), "            ");
    let _ = writeln!(out, "        Attributes:");
    if let Some(p) = csr.challenge_password() {
        let _ = writeln!(out, "            challengePassword        :{p}");
    }
    let exts = csr.extensions();
    if !exts.is_empty() {
        let _ = writeln!(out, "            Requested Extensions:");
        for ext in exts {
            let crit = if ext.critical { " critical" } else { "" };
            let _ = writeln!(out, "                {}:{crit}", ext_title(&ext.name));
            if ext.name == "subjectAltName" {
                let sans: Vec<String> = csr.sans().iter().map(|s| s.to_string()).collect();
                let _ = writeln!(out, "                    {}", sans.join(", "));
            } else {
                wrap_hex(&mut out, &ext.value, "                    ");
            }
        }
    }
    let alg = csr
        .signature_algorithm()
        .map(|a| a.name().to_string())
        .unwrap_or_else(|e| e.to_string());
    let _ = writeln!(out, "    Signature Algorithm: {alg}");
    let _ = writeln!(
        out,
        "    Signature: {}",
        if csr.verify() {
            "verifies"
        } else {
            "DOES NOT VERIFY"
        }
    );
    out
}

/// A private key as text: type and size, and the public half (never the private parts).
pub fn key_text(key: &PrivateKey) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Private-Key: ({} bit, {})",
        key.bits(),
        key.algorithm()
    );
    write_public_key(&mut out, &key.public_key(), "    ");
    out
}

/// A public key as text: algorithm, size, and for RSA the modulus and exponent.
pub fn public_key_text(key: &PublicKey) -> String {
    let mut out = String::new();
    write_public_key(&mut out, key, "");
    let _ = writeln!(out, "SPKI SHA-256: {}", key.spki_fingerprint());
    out
}

/// `s` as a JSON string literal (quotes, backslashes and control characters escaped), for the
/// JSON reports every face prints.
///
/// ```
/// assert_eq!(sslkit::text::json_string("a \"b\"\n"), r#""a \"b\"\n""#);
/// ```
pub fn json_string(s: &str) -> String {
    use std::fmt::Write;
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
