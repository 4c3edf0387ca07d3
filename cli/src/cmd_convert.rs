//! `sslkit convert`: PEM to DER and back (the FAQ's `openssl x509 -in cert.pem -out cert.der
//! -outform DER`), for certificates, requests, private and public keys; the content says what
//! the file holds. A file that holds a private key is written with mode 0600.
//!
//! A DER file holds one object: a PEM bundle is refused (the core says how many blocks it
//! holds), and so is a legacy encrypted (DEK-Info) key, which has no DER form.

use std::path::PathBuf;

use clap::Args;
use sslkit::pem::{self, Encoding};
use zeroize::Zeroizing;

use crate::error::{CliError, CliResult};
use crate::options::{OutputArgs, encoding_parser};
use crate::output::{self, Sensitivity};

/// Arguments of `sslkit convert`.
#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// The file to convert (PEM or DER): a certificate, request, private or public key.
    #[arg(long = "in", value_name = "FILE")]
    pub input: PathBuf,
    /// Where to write the result (atomically; private keys with mode 0600).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// The encoding to write.
    #[arg(long, value_name = "pem|der", value_parser = encoding_parser())]
    pub to: Encoding,
    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,
}

/// Runs `sslkit convert`.
pub fn run(args: &ConvertArgs) -> CliResult<()> {
    let data = Zeroizing::new(sslkit::fs::read_input(&args.input)?);
    let context = |e: sslkit::Error| CliError::from(e.context(args.input.display()));
    let converted = pem::convert(&data, args.to).map_err(context)?;
    let label = match args.to {
        Encoding::Der => pem::detect_label(&converted).map_err(context)?.to_string(),
        Encoding::Pem => pem::parse_blocks(&converted)
            .map_err(context)?
            .first()
            .map(|b| b.label().to_string())
            .unwrap_or_default(),
    };
    // Anything that is not known to be public is written as a secret.
    let sensitivity = match label.as_str() {
        "CERTIFICATE"
        | "X509 CERTIFICATE"
        | "TRUSTED CERTIFICATE"
        | "CERTIFICATE REQUEST"
        | "NEW CERTIFICATE REQUEST"
        | "PUBLIC KEY"
        | "RSA PUBLIC KEY" => Sensitivity::Public,
        _ => Sensitivity::Secret,
    };
    let out = OutputArgs {
        out: Some(args.out.clone()),
        force: args.force,
    };
    output::write(&out, &converted, sensitivity)
}
