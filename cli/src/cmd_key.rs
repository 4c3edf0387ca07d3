//! `sslkit key`: add, change or remove a key's passphrase, convert its format, or write its public
//! key (the FAQ's `openssl rsa -in server.key -out server.key.unsecure` and friends).
//!
//! An encrypted key is never silently written in the clear: the user says `--passout SRC` to keep
//! it encrypted or `--nopass` to drop the passphrase.

use std::path::PathBuf;

use clap::Args;
use sslkit::PrivateKey;
use zeroize::Zeroizing;

use crate::error::{CliError, CliResult};
use crate::options::{KeyEncodingArgs, OutForm, OutputArgs, pass_spec_parser};
use crate::output::{self, Sensitivity};
use crate::passphrase::{PassReader, PassSpec};

/// Arguments of `sslkit key`.
#[derive(Debug, Args)]
pub struct KeyArgs {
    /// The private key to read (PEM or DER; PKCS#8, PKCS#1, SEC1, clear or encrypted).
    #[arg(long = "in", value_name = "FILE")]
    pub input: PathBuf,
    /// Passphrase of the input key, from SRC (pass:TEXT, env:VAR, file:PATH, fd:N, stdin).
    #[arg(long, value_name = "SRC", value_parser = pass_spec_parser())]
    pub passin: Option<PassSpec>,
    #[command(flatten)]
    pub output: OutputArgs,
    /// Encrypt the output with the passphrase from SRC.
    #[arg(long, value_name = "SRC", value_parser = pass_spec_parser(), conflicts_with = "nopass")]
    pub passout: Option<PassSpec>,
    /// Write the private key without a passphrase.
    #[arg(long)]
    pub nopass: bool,
    #[command(flatten)]
    pub encoding: KeyEncodingArgs,
    /// Write the public key (SubjectPublicKeyInfo) instead of the private key.
    #[arg(long, conflicts_with_all = ["passout", "nopass", "format", "cipher", "kdf"])]
    pub pubout: bool,
}

/// Runs `sslkit key`.
pub fn run(args: &KeyArgs) -> CliResult<()> {
    args.encoding.check(args.passout.is_some())?;
    let data = Zeroizing::new(sslkit::fs::read_input(&args.input)?);
    if PrivateKey::is_encrypted(&data) && args.passout.is_none() && !args.nopass && !args.pubout {
        let mut hint = String::from(
            "say --passout SRC to keep it encrypted or --nopass to write it in the clear",
        );
        if args.passin.is_none() {
            hint.push_str(" (and --passin SRC to decrypt it)");
        }
        return Err(CliError::usage(format!(
            "{}: the key is encrypted; sslkit does not silently write it decrypted",
            args.input.display()
        ))
        .hint(hint));
    }

    // Read --passin before --passout: with the same file, fd or stdin, the first line is the
    // input passphrase and the second the output one (as openssl does).
    let mut reader = PassReader::new();
    let passin = match &args.passin {
        Some(spec) => Some(reader.read(spec, "--passin")?),
        None => None,
    };
    let passout = match &args.passout {
        Some(spec) => Some(reader.read(spec, "--passout")?),
        None => None,
    };

    let key = PrivateKey::from_bytes(&data, passin.as_ref().map(|p| p.as_slice()))
        .map_err(|e| e.context(args.input.display()))?;
    drop(passin);

    if args.pubout {
        let public = key.public_key();
        let out = match args.encoding.outform {
            OutForm::Pem => public.to_pem().into_bytes(),
            OutForm::Der => public.to_der(),
        };
        return output::write(&args.output, &out, Sensitivity::Public);
    }
    let out = args
        .encoding
        .encode(&key, passout.as_ref().map(|p| p.as_slice()))?;
    output::write(&args.output, &out, Sensitivity::Secret)
}
