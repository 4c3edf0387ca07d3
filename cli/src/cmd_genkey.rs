//! `sslkit genkey`: make a private key (the FAQ's `openssl genrsa -des3 -out server.key 2048`).
//!
//! RSA (2048 bits by default), ECDSA P-256/P-384 or Ed25519; PKCS#8 or traditional; clear, or
//! encrypted with `--passout`; PEM or DER; to standard output or, with mode 0600, to `--out`.

use clap::Args;
use sslkit::{KeyType, PrivateKey};

use crate::error::CliResult;
use crate::options::{KeyEncodingArgs, OutputArgs, key_type_parser, pass_spec_parser};
use crate::output::{self, Sensitivity};
use crate::passphrase::{PassReader, PassSpec};

/// Arguments of `sslkit genkey`.
#[derive(Debug, Args)]
pub struct GenkeyArgs {
    /// Key type.
    #[arg(long = "type", value_name = "rsa|ec-p256|ec-p384|ed25519", value_parser = key_type_parser(), default_value = "rsa")]
    pub key_type: KeyType,
    /// RSA key size in bits (2048-16384) [default: 2048].
    #[arg(long, value_name = "N")]
    pub bits: Option<u32>,
    #[command(flatten)]
    pub output: OutputArgs,
    /// Encrypt the key with the passphrase from SRC (pass:TEXT, env:VAR, file:PATH, fd:N, stdin).
    #[arg(long, value_name = "SRC", value_parser = pass_spec_parser())]
    pub passout: Option<PassSpec>,
    #[command(flatten)]
    pub encoding: KeyEncodingArgs,
}

/// Runs `sslkit genkey`.
pub fn run(args: &GenkeyArgs) -> CliResult<()> {
    args.encoding.check(args.passout.is_some())?;
    let passout = match &args.passout {
        Some(spec) => Some(PassReader::new().read(spec, "--passout")?),
        None => None,
    };
    let key = PrivateKey::generate(args.key_type, args.bits)?;
    let data = args
        .encoding
        .encode(&key, passout.as_ref().map(|p| p.as_slice()))?;
    output::write(&args.output, &data, Sensitivity::Secret)
}
