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
use std::time::SystemTime;

use clap::Args;
use sslkit::{ErrorKind, Purpose, VerifyOptions};

use crate::error::{CliError, CliResult};
use crate::inputs::load_certs;
use crate::options::purpose_parser;
use crate::output::stdout;
use crate::output::{self, Sensitivity};
use sslkit::text::json_string as json_str;

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
    #[arg(long, value_name = "server|client", default_value = "server", value_parser = purpose_parser())]
    pub purpose: Purpose,
    /// Verify at TIME instead of now: RFC 3339 (2026-01-02T03:04:05Z), YYYYMMDDHHMMSSZ or Unix
    /// seconds.
    #[arg(long, value_name = "TIME", value_parser = parse_at)]
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
    let purpose = args.purpose;
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
        json_str(args.purpose.name())
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

/// `--at`: any form [`sslkit::parse_time`] reads (Unix seconds, RFC 3339, YYYYMMDDHHMMSSZ).
fn parse_at(s: &str) -> Result<SystemTime, String> {
    sslkit::parse_time(s).map_err(|e| e.message().to_string())
}
