//! `sslkit fingerprint`: a certificate's fingerprint as `openssl x509 -noout -fingerprint
//! -sha256` (or `-sha1`) prints it, or with `--spki` the base64 SHA-256 pin of the public key
//! (HPKP's `pin-sha256`, `curl --pinnedpubkey`) of a certificate, request, private or public key:
//! the same text as `openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | openssl
//! base64`.

use std::path::PathBuf;

use clap::Args;
use sslkit::{Certificate, FingerprintHash, HasPublicKey};

use crate::error::{CliError, CliResult};
use crate::inputs::read_object;
use crate::options::pass_spec_parser;
use crate::output::stdout;
use crate::output::{self, Sensitivity};
use crate::passphrase::PassSpec;

/// Arguments of `sslkit fingerprint`.
#[derive(Debug, Args)]
pub struct FingerprintArgs {
    /// A certificate; with --spki also a request, private key (clear or encrypted) or public key.
    #[arg(long = "in", value_name = "FILE")]
    pub input: PathBuf,
    #[command(flatten)]
    pub what: FingerprintKind,
    /// Passphrase of an encrypted private key (--spki), from SRC (pass:TEXT, env:VAR, file:PATH,
    /// fd:N, stdin).
    #[arg(long, value_name = "SRC", value_parser = pass_spec_parser())]
    pub passin: Option<PassSpec>,
}

/// Which fingerprint: at most one of `--sha1`, `--sha256` (the default) and `--spki`.
#[derive(Debug, Args)]
#[group(required = false, multiple = false)]
pub struct FingerprintKind {
    /// SHA-1 fingerprint of the certificate (what many tools still show).
    #[arg(long)]
    pub sha1: bool,
    /// SHA-256 fingerprint of the certificate [default].
    #[arg(long)]
    pub sha256: bool,
    /// Base64 SHA-256 pin of the SubjectPublicKeyInfo.
    #[arg(long)]
    pub spki: bool,
}

/// Runs `sslkit fingerprint`.
pub fn run(args: &FingerprintArgs) -> CliResult<()> {
    let line = if args.what.spki {
        let object = read_object(&args.input, args.passin.as_ref())?;
        format!("{}\n", object.subject_public_key().spki_pin_sha256())
    } else {
        let hash = if args.what.sha1 {
            FingerprintHash::Sha1
        } else {
            FingerprintHash::Sha256
        };
        // The first certificate of the file, as `openssl x509` takes it (a key before it, as in
        // a combined key + certificate file, is skipped).
        let cert = Certificate::load(&args.input).map_err(|e| {
            CliError::from(e).hint(
                "--sha1 and --sha256 fingerprint a certificate; --spki gives the SHA-256 pin of \
                 the public key of a key, request or certificate",
            )
        })?;
        // OpenSSL 3 names the digest as it was asked for on its command line (`-sha256` →
        // "sha256 Fingerprint="), in lower case.
        format!(
            "{} Fingerprint={}\n",
            hash.to_string().to_ascii_lowercase(),
            cert.fingerprint(hash)
        )
    };
    output::write(&stdout(), line.as_bytes(), Sensitivity::Public)
}
