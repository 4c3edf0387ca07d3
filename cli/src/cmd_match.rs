//! `sslkit match`: does this key belong to this certificate and/or this request? The FAQ's
//! `openssl x509 -noout -modulus -in server.crt | openssl md5` (and `rsa`, `req`) comparison in
//! one call, for every key type: the core compares SubjectPublicKeyInfos.
//!
//! Standard output shows, side by side, what the FAQ has you compare by eye (the modulus MD5 of
//! RSA keys, the SPKI SHA-256 pin of other keys), then one line per match. Exit status 0 when
//! everything matches, 1 when anything does not (stderr names which), 2 when a file cannot be
//! read.

use std::path::{Path, PathBuf};

use clap::Args;
use sslkit::{Certificate, CertificateSigningRequest, ErrorKind, PublicKey};

use crate::error::{CliError, CliResult};
use crate::options::KeyInputArgs;
use crate::output::stdout;
use crate::output::{self, Sensitivity};

/// Arguments of `sslkit match`.
#[derive(Debug, Args)]
pub struct MatchArgs {
    #[command(flatten)]
    pub key: KeyInputArgs,
    #[command(flatten)]
    pub with: MatchWith,
}

/// What the key is matched with: a certificate, a request, or both (at least one).
#[derive(Debug, Args)]
#[group(required = true, multiple = true)]
pub struct MatchWith {
    /// The certificate (PEM or DER; the first one of a bundle).
    #[arg(long, value_name = "FILE")]
    pub cert: Option<PathBuf>,
    /// The certificate signing request (PEM or DER).
    #[arg(long, value_name = "FILE")]
    pub csr: Option<PathBuf>,
}

/// Runs `sslkit match`.
pub fn run(args: &MatchArgs) -> CliResult<()> {
    // Read the public files first: a bad one fails before any passphrase is asked for.
    let cert = match &args.with.cert {
        Some(path) => Some((Certificate::load(path)?, path.as_path())),
        None => None,
    };
    let csr = match &args.with.csr {
        Some(path) => Some((CertificateSigningRequest::load(path)?, path.as_path())),
        None => None,
    };
    if cert.is_none() && csr.is_none() {
        return Err(CliError::usage(
            "give --cert FILE and/or --csr FILE to match the key with",
        ));
    }
    let key = args.key.load()?;

    let mut out = digest_line("key", &args.key.key, &key.public_key());
    if let Some((c, path)) = &cert {
        out.push_str(&digest_line("certificate", path, c.public_key()));
    }
    if let Some((r, path)) = &csr {
        out.push_str(&digest_line("request", path, r.public_key()));
    }

    let mut mismatches = Vec::new();
    if let Some((c, path)) = &cert {
        match sslkit::check_match(&key, Some(c), None) {
            Ok(()) => out.push_str(&format!(
                "key matches certificate '{}' ({})\n",
                c.subject(),
                path.display()
            )),
            Err(e) => mismatches.push(said_no(e, path)?),
        }
    }
    if let Some((r, path)) = &csr {
        match sslkit::check_match(&key, None, Some(r)) {
            Ok(()) => out.push_str(&format!(
                "key matches request '{}' ({})\n",
                r.subject(),
                path.display()
            )),
            Err(e) => mismatches.push(said_no(e, path)?),
        }
    }
    output::write(&stdout(), out.as_bytes(), Sensitivity::Public)?;
    if mismatches.is_empty() {
        Ok(())
    } else {
        Err(CliError::check_failed(format!(
            "{}: {}",
            args.key.key.display(),
            mismatches.join(", and ")
        )))
    }
}

/// The message of a `KeyMismatch` with the file it is about; any other error ends the command.
fn said_no(err: sslkit::Error, path: &Path) -> CliResult<String> {
    if err.kind() == ErrorKind::KeyMismatch {
        Ok(format!("{} ({})", err.message(), path.display()))
    } else {
        Err(CliError::from_check(err, &[ErrorKind::KeyMismatch]))
    }
}

/// One line of the side-by-side comparison: the RSA modulus MD5 as `openssl md5` prints it
/// (the FAQ's check), or the SPKI SHA-256 pin of keys that have no modulus.
fn digest_line(what: &str, path: &Path, key: &PublicKey) -> String {
    match sslkit::modulus_md5(key) {
        Ok(md5) => format!("modulus MD5  {md5}  {what} {}\n", path.display()),
        Err(_) => format!(
            "SPKI SHA-256 {}  {what} {}\n",
            key.spki_pin_sha256(),
            path.display()
        ),
    }
}
