//! `sslkit csr`: make a certificate signing request (the FAQ's
//! `openssl req -new -key server.key -out server.csr`).
//!
//! The subject is `--cn NAME` or `--subject DN` (either DN form); `--san` adds subject
//! alternative names (requested through an extensionRequest attribute). SHA-256 by default,
//! `--hash sha384|sha512` on request (RSA; ECDSA keys sign with their curve's hash).

use clap::Args;
use sslkit::{CertificateSigningRequest, HashAlg};

use crate::error::CliResult;
use crate::options::{KeyInputArgs, OutputArgs, SubjectArgs, hash_parser};
use crate::output::{self, Sensitivity};

/// Arguments of `sslkit csr`.
#[derive(Debug, Args)]
pub struct CsrArgs {
    #[command(flatten)]
    pub key: KeyInputArgs,
    #[command(flatten)]
    pub subject: SubjectArgs,
    /// Signature hash [default: sha256; ECDSA keys use their curve's].
    #[arg(long, value_name = "sha256|sha384|sha512", value_parser = hash_parser())]
    pub hash: Option<HashAlg>,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Runs `sslkit csr`.
pub fn run(args: &CsrArgs) -> CliResult<()> {
    let (subject, sans) = args.subject.parse()?;
    let key = args.key.load()?;
    let csr = CertificateSigningRequest::create_with(&key, &subject, &sans, args.hash)?;
    output::write(&args.output, csr.to_pem().as_bytes(), Sensitivity::Public)
}
