//! Argument groups shared by several commands: where the output goes (`--out`, `--force`), how a
//! private key is written (`--format`, `--cipher`, `--kdf`, `--outform`), and value parsers for
//! the core's enums.

use std::path::PathBuf;

use clap::builder::{OsStringValueParser, PossibleValuesParser, TypedValueParser};
use clap::{Args, ValueEnum};
use sslkit::{Cipher, EncodeOptions, Kdf, KeyFormat, KeyType, PrivateKey};
use zeroize::Zeroizing;

use crate::error::{CliError, CliResult};
use crate::passphrase::PassSpec;

/// Parses `--type`.
pub fn key_type_parser() -> impl TypedValueParser<Value = KeyType> {
    PossibleValuesParser::new(["rsa", "ec-p256", "ec-p384", "ed25519"])
        .try_map(|s| s.parse::<KeyType>())
}

/// Parses `--format`.
pub fn key_format_parser() -> impl TypedValueParser<Value = KeyFormat> {
    PossibleValuesParser::new(["pkcs8", "traditional"]).try_map(|s| s.parse::<KeyFormat>())
}

/// Parses `--cipher`.
pub fn cipher_parser() -> impl TypedValueParser<Value = Cipher> {
    PossibleValuesParser::new(["aes256", "des3"]).try_map(|s| s.parse::<Cipher>())
}

/// Parses `--kdf`.
pub fn kdf_parser() -> impl TypedValueParser<Value = Kdf> {
    PossibleValuesParser::new(["scrypt", "pbkdf2"]).try_map(|s| s.parse::<Kdf>())
}

/// Parses `--passin` / `--passout` without ever rejecting (and so echoing) the value: the
/// source is checked when it is read.
pub fn pass_spec_parser() -> impl TypedValueParser<Value = PassSpec> {
    OsStringValueParser::new().map(PassSpec::from_os)
}

/// PEM or DER output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum OutForm {
    /// Base64 text with -----BEGIN/END----- lines.
    #[default]
    Pem,
    /// Binary DER.
    Der,
}

/// `--out FILE` and `--force`.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Write to FILE (atomically; private keys with mode 0600) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace FILE if it exists.
    #[arg(long, requires = "out")]
    pub force: bool,
}

/// How a private key is written. `--cipher` and `--kdf` need `--passout`.
#[derive(Debug, Args)]
pub struct KeyEncodingArgs {
    /// Key layout: PKCS#8, or PKCS#1/SEC1 (with legacy DEK-Info encryption when --passout is given).
    #[arg(long, value_name = "pkcs8|traditional", value_parser = key_format_parser())]
    pub format: Option<KeyFormat>,
    /// Cipher that protects an encrypted key [default: aes256].
    #[arg(long, value_name = "aes256|des3", value_parser = cipher_parser(), requires = "passout")]
    pub cipher: Option<Cipher>,
    /// Key derivation of an encrypted PKCS#8 key [default: scrypt].
    #[arg(long, value_name = "scrypt|pbkdf2", value_parser = kdf_parser(), requires = "passout")]
    pub kdf: Option<Kdf>,
    /// Output encoding.
    #[arg(long, value_enum, value_name = "pem|der", default_value_t = OutForm::Pem)]
    pub outform: OutForm,
}

impl KeyEncodingArgs {
    /// Refuses combinations the options cannot express, before any slow work. `encrypting`
    /// says whether a `--passout` was given.
    pub fn check(&self, encrypting: bool) -> CliResult<()> {
        if !encrypting && (self.cipher.is_some() || self.kdf.is_some()) {
            return Err(CliError::usage(
                "--cipher and --kdf choose how the key is encrypted; they need --passout SRC",
            ));
        }
        if self.format == Some(KeyFormat::Traditional) && self.kdf.is_some() {
            return Err(CliError::usage(
                "--kdf applies to PKCS#8 encryption only; traditional keys use OpenSSL's legacy key derivation",
            )
            .hint("drop --kdf, or use --format pkcs8"));
        }
        Ok(())
    }

    /// Encodes `key` as asked, encrypted with `passphrase` when given.
    pub fn encode(
        &self,
        key: &PrivateKey,
        passphrase: Option<&[u8]>,
    ) -> CliResult<Zeroizing<Vec<u8>>> {
        let mut opts = EncodeOptions::new().format(self.format.unwrap_or_default());
        if let Some(pass) = passphrase {
            opts = opts.passphrase(pass);
        }
        if let Some(cipher) = self.cipher {
            opts = opts.cipher(cipher);
        }
        if let Some(kdf) = self.kdf {
            opts = opts.kdf(kdf);
        }
        Ok(match self.outform {
            OutForm::Pem => Zeroizing::new(key.to_pem_with(&opts)?.as_bytes().to_vec()),
            OutForm::Der => key.to_der_with(&opts)?,
        })
    }
}
