//! `sslkit modulus`: the FAQ's key/certificate check, `openssl x509|rsa|req -noout -modulus`
//! (and `| openssl md5` with `--md5`), printed byte for byte as OpenSSL 3 prints it so the two
//! can be compared by eye.
//!
//! The input is a private key (clear or encrypted), a certificate, a request or a public key,
//! PEM or DER; the content decides which. Only RSA keys have a modulus: other keys are refused
//! (exit 2) with a pointer to the SPKI fingerprint and `sslkit match`.

use std::path::PathBuf;

use clap::Args;

use crate::error::{CliError, CliResult};
use crate::inputs::read_object;
use crate::options::pass_spec_parser;
use crate::output::stdout;
use crate::output::{self, Sensitivity};
use crate::passphrase::PassSpec;

/// Arguments of `sslkit modulus`.
#[derive(Debug, Args)]
pub struct ModulusArgs {
    /// A private key (clear or encrypted), certificate, request or public key (PEM or DER).
    #[arg(long = "in", value_name = "FILE")]
    pub input: PathBuf,
    /// Passphrase of an encrypted private key, from SRC (pass:TEXT, env:VAR, file:PATH, fd:N, stdin).
    #[arg(long, value_name = "SRC", value_parser = pass_spec_parser())]
    pub passin: Option<PassSpec>,
    /// Print the MD5 of the Modulus= line, as `... -noout -modulus | openssl md5` prints it.
    #[arg(long)]
    pub md5: bool,
}

/// Runs `sslkit modulus`.
pub fn run(args: &ModulusArgs) -> CliResult<()> {
    let object = read_object(&args.input, args.passin.as_ref())?;
    let line = if args.md5 {
        // OpenSSL 3's `openssl md5` names its input "stdin" when it reads a pipe.
        sslkit::modulus_md5(&object).map(|hex| format!("MD5(stdin)= {hex}\n"))
    } else {
        sslkit::modulus(&object)
    }
    .map_err(|e| {
        let hint = if e.kind() == sslkit::ErrorKind::Unsupported {
            "compare `sslkit fingerprint --spki` of both; to check that a key belongs to a certificate or request, use sslkit match"
        } else {
            "to check that a key belongs to a certificate or request, use sslkit match"
        };
        CliError::from(e.context(args.input.display())).hint(hint)
    })?;
    output::write(&stdout(), line.as_bytes(), Sensitivity::Public)
}
