//! `sslkit verify`: `openssl verify -CAfile ca.crt -untrusted chain.pem server.crt`, with a host
//! name check (`-verify_hostname`), a purpose (`-purpose sslserver|sslclient`) and a pinned time
//! (`-attime`, here also RFC 3339).
//!
//! Trust comes only from `--cafile`: one or more files, and `system` for the system's roots
//! (repeat the option for both). On success prints `CERT: OK` and the verified chain (as
//! `openssl verify -show_chain`); on failure `sslkit: CERT: <rule, certificate and fix>` on
//! stderr and exit status 1. A file that cannot be read is exit status 2. `--json` prints the
//! verdict as one JSON object either way.

use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use clap::Args;
use sslkit::{ErrorKind, Purpose, VerifyOptions};

use crate::cmd_chain::load_certs;
use crate::cmd_check::json_str;
use crate::cmd_modulus::stdout;
use crate::error::{CliError, CliResult};
use crate::output::{self, Sensitivity};

/// The `--cafile` value that names the system's roots.
const SYSTEM: &str = "system";

/// Arguments of `sslkit verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Trusted root certificates (PEM bundle or DER), or "system" for the system's roots (a file
    /// named so is ./system); repeat for several, e.g. --cafile my-ca.pem --cafile system.
    #[arg(long, value_name = "FILE|system", required = true)]
    pub cafile: Vec<PathBuf>,
    /// Intermediate certificates that may complete the chain, not trusted (repeatable).
    #[arg(long, value_name = "FILE")]
    pub untrusted: Vec<PathBuf>,
    /// The host name or IP address the certificate must be valid for.
    #[arg(long, value_name = "NAME")]
    pub host: Option<String>,
    /// What the certificate must be good for: a TLS server (serverAuth) or a TLS client
    /// (clientAuth, as Apache's SSLVerifyClient checks it).
    #[arg(long, value_name = "PURPOSE", default_value = "server", value_parser = ["server", "client"])]
    pub purpose: String,
    /// Verify at TIME instead of now: RFC 3339 (2026-01-02T03:04:05Z) or Unix seconds.
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub at: Option<SystemTime>,
    /// Print the verdict as JSON (the chain, or the rule, certificate and fix of a refusal).
    #[arg(long)]
    pub json: bool,
    /// The certificate to verify (PEM or DER; the first one of a bundle, as openssl).
    #[arg(value_name = "CERT")]
    pub cert: PathBuf,
}

/// Runs `sslkit verify`.
pub fn run(args: &VerifyArgs) -> CliResult<()> {
    let leaf = load_certs(&args.cert)?
        .into_iter()
        .next()
        .ok_or_else(|| CliError::usage(format!("{}: no certificate", args.cert.display())))?;
    let purpose: Purpose = args.purpose.parse()?;
    let mut opts = VerifyOptions::new().purpose(purpose);
    let mut roots = Vec::new();
    for path in &args.cafile {
        if path.as_os_str() == SYSTEM {
            opts = opts.system_roots(true);
        } else {
            roots.extend(load_certs(path)?);
        }
    }
    let mut untrusted = Vec::new();
    for path in &args.untrusted {
        untrusted.extend(load_certs(path)?);
    }
    if let Some(t) = args.at {
        opts = opts.at(t);
    }
    if let Some(h) = &args.host {
        opts = opts.host(h.clone());
    }
    let result = sslkit::verify_chain(&leaf, &untrusted, &roots, &opts);
    if args.json {
        return print_json(args, &result);
    }
    let path = result.map_err(|e| {
        CliError::from_check(
            e.context(args.cert.display()),
            &[ErrorKind::Verification, ErrorKind::ChainIncomplete],
        )
    })?;
    let mut out = format!("{}: OK\nChain:\n", args.cert.display());
    for (depth, cert) in path.iter().enumerate() {
        let trust = if depth + 1 == path.len() {
            ""
        } else {
            " (untrusted)"
        };
        out.push_str(&format!("depth={depth}: {}{trust}\n", cert.subject()));
    }
    output::write(&stdout(), out.as_bytes(), Sensitivity::Public)
}

/// `--json`: `{"ok":true,"purpose":..,"chain":[{"depth":0,"subject":..,"trusted":false},..]}` or
/// `{"ok":false,"purpose":..,"error":{"kind":..,"rule":..,"depth":..,"subject":..,"problem":..,
/// "fix":..,"message":..}}`; exit status 1 on a refusal, as without `--json`.
fn print_json(
    args: &VerifyArgs,
    result: &sslkit::Result<Vec<sslkit::Certificate>>,
) -> CliResult<()> {
    let head = format!(
        "{{\"file\":{},\"purpose\":{}",
        json_str(&args.cert.display().to_string()),
        json_str(&args.purpose)
    );
    match result {
        Ok(path) => {
            let items: Vec<String> = path
                .iter()
                .enumerate()
                .map(|(d, c)| {
                    format!(
                        "{{\"depth\":{d},\"subject\":{},\"trusted\":{}}}",
                        json_str(&c.subject().to_string()),
                        d + 1 == path.len()
                    )
                })
                .collect();
            println!("{head},\"ok\":true,\"chain\":[{}]}}", items.join(","));
            Ok(())
        }
        Err(e)
            if matches!(
                e.kind(),
                ErrorKind::Verification | ErrorKind::ChainIncomplete
            ) =>
        {
            let detail = match e.violation() {
                Some(v) => format!(
                    ",\"rule\":{},\"depth\":{},\"subject\":{},\"problem\":{},\"fix\":{}",
                    json_str(v.rule),
                    v.depth,
                    json_str(&v.subject),
                    json_str(&v.problem),
                    json_str(&v.fix)
                ),
                None => String::new(),
            };
            println!(
                "{head},\"ok\":false,\"error\":{{\"kind\":{}{detail},\"message\":{}}}}}",
                json_str(e.kind().name()),
                json_str(e.message())
            );
            Err(CliError::check_failed(format!(
                "{}: verification failed",
                args.cert.display()
            )))
        }
        Err(e) => Err(CliError::from(e.clone())),
    }
}

/// Parses `--at`: Unix seconds, or an RFC 3339 date-time (`2026-01-02T03:04:05Z`, with `Z` or a
/// `±HH:MM` offset, optional fractional seconds).
fn parse_time(s: &str) -> Result<SystemTime, String> {
    let expected = "expected RFC 3339 (2026-01-02T03:04:05Z) or Unix seconds";
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        return s
            .parse::<u64>()
            .ok()
            .and_then(|secs| SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(secs)))
            .ok_or_else(|| "the time is out of range".to_string());
    }
    let secs = rfc3339_seconds(s).ok_or_else(|| expected.to_string())?;
    let time = if secs >= 0 {
        SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(secs.unsigned_abs()))
    } else {
        SystemTime::UNIX_EPOCH.checked_sub(Duration::from_secs(secs.unsigned_abs()))
    };
    time.ok_or_else(|| "the time is out of range".to_string())
}

/// Seconds since the Unix epoch of an RFC 3339 `date-time`, or None when `s` is not one.
/// Fractional seconds are dropped; a leap second (`:60`) counts as the next second.
fn rfc3339_seconds(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    // YYYY-MM-DDTHH:MM:SS is 19 bytes; then [.frac] and Z or ±HH:MM.
    if b.len() < 20 {
        return None;
    }
    let num = |range: std::ops::Range<usize>| -> Option<i64> {
        let digits = b.get(range)?;
        if !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        std::str::from_utf8(digits).ok()?.parse().ok()
    };
    let sep = |i: usize, allowed: &[u8]| b.get(i).is_some_and(|c| allowed.contains(c));
    if !(sep(4, b"-") && sep(7, b"-") && sep(10, b"Tt ") && sep(13, b":") && sep(16, b":")) {
        return None;
    }
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let mut rest = &b[19..];
    if let Some(frac) = rest.strip_prefix(b".") {
        let digits = frac.iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 {
            return None;
        }
        rest = &frac[digits..];
    }
    let offset = match rest {
        b"Z" | b"z" => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let digit = |c: &u8| c.is_ascii_digit().then(|| i64::from(c - b'0'));
            let hours = digit(h1)? * 10 + digit(h2)?;
            let minutes = digit(m1)? * 10 + digit(m2)?;
            if hours > 23 || minutes > 59 {
                return None;
            }
            let offset = hours * 3600 + minutes * 60;
            if *sign == b'-' { -offset } else { offset }
        }
        _ => return None,
    };
    let days = days_from_civil(year, month, day);
    Some(days * 86_400 + hour * 3600 + minute * 60 + second - offset)
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to the given proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unix(s: &str) -> Option<i64> {
        rfc3339_seconds(s)
    }

    #[test]
    fn rfc3339_utc_and_offsets() {
        // Reference values from `date -u -d ... +%s`.
        assert_eq!(unix("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(unix("2026-01-02T03:04:05Z"), Some(1_767_323_045));
        assert_eq!(unix("2026-01-02t03:04:05z"), Some(1_767_323_045));
        assert_eq!(unix("2026-01-02 03:04:05Z"), Some(1_767_323_045));
        assert_eq!(unix("2026-01-02T05:04:05+02:00"), Some(1_767_323_045));
        assert_eq!(unix("2026-01-01T22:34:05-04:30"), Some(1_767_323_045));
        assert_eq!(unix("2026-01-02T03:04:05.999Z"), Some(1_767_323_045));
        assert_eq!(unix("2000-02-29T00:00:00Z"), Some(951_782_400));
        assert_eq!(unix("2100-01-01T00:00:00Z"), Some(4_102_444_800));
        assert_eq!(unix("1969-12-31T23:59:59Z"), Some(-1));
        assert_eq!(unix("2016-12-31T23:59:60Z"), Some(1_483_228_800));
    }

    #[test]
    fn rfc3339_rejects_malformed() {
        for bad in [
            "",
            "2026-01-02",
            "2026-01-02T03:04:05",
            "2026-01-02T03:04:05+0200",
            "2026-13-02T03:04:05Z",
            "2026-02-29T03:04:05Z",
            "1900-02-29T03:04:05Z",
            "2026-01-32T03:04:05Z",
            "2026-01-02T24:04:05Z",
            "2026-01-02T03:60:05Z",
            "2026-01-02T03:04:61Z",
            "2026-01-02T03:04:05.Z",
            "2026-01-02T03:04:05+24:00",
            "2026/01/02T03:04:05Z",
            "+026-01-02T03:04:05Z",
            "2026-01-02T03:04:05ZZ",
        ] {
            assert_eq!(unix(bad), None, "{bad}");
        }
    }

    #[test]
    fn unix_seconds_and_errors() {
        assert_eq!(
            parse_time("4102444800").unwrap(),
            SystemTime::UNIX_EPOCH + Duration::from_secs(4_102_444_800)
        );
        assert_eq!(
            parse_time("2100-01-01T00:00:00Z").unwrap(),
            parse_time("4102444800").unwrap()
        );
        assert!(parse_time("-5").is_err());
        assert!(parse_time("12e3").is_err());
        assert!(parse_time("99999999999999999999999").is_err());
        assert!(parse_time("tomorrow").is_err());
    }
}
