//! Argument groups shared by several commands: where the output goes (`--out`, `--force`), how a
//! private key is written (`--format`, `--cipher`, `--kdf`, `--outform`), whom a certificate or
//! request names (`--cn`, `--subject`, `--san`), and value parsers for the core's enums.

use std::path::{Path, PathBuf};

use clap::builder::{
    OsStringValueParser, PossibleValuesParser, StringValueParser, TypedValueParser,
};
use clap::{Args, ValueEnum};
use sslkit::{
    Cipher, DistinguishedName, EncodeOptions, HashAlg, Kdf, KeyFormat, KeyType, PrivateKey,
    Profile, SubjectAltName,
};
use zeroize::Zeroizing;

use crate::error::{CliError, CliResult};
use crate::passphrase::{PassReader, PassSpec};

/// The choices of a name table, from the core's `ALL` list (the one list of each table).
fn choices<T: Copy>(all: &[T], name: fn(T) -> &'static str) -> PossibleValuesParser {
    PossibleValuesParser::new(all.iter().map(|&t| name(t)))
}

/// Parses `--type`.
pub fn key_type_parser() -> impl TypedValueParser<Value = KeyType> {
    choices(&KeyType::ALL, KeyType::name).try_map(|s| s.parse::<KeyType>())
}

/// Parses `--format`.
pub fn key_format_parser() -> impl TypedValueParser<Value = KeyFormat> {
    choices(&KeyFormat::ALL, KeyFormat::name).try_map(|s| s.parse::<KeyFormat>())
}

/// Parses `--cipher`.
pub fn cipher_parser() -> impl TypedValueParser<Value = Cipher> {
    choices(&Cipher::ALL, Cipher::name).try_map(|s| s.parse::<Cipher>())
}

/// Parses `--kdf`.
pub fn kdf_parser() -> impl TypedValueParser<Value = Kdf> {
    choices(&Kdf::ALL, Kdf::name).try_map(|s| s.parse::<Kdf>())
}

/// Parses `--purpose`.
pub fn purpose_parser() -> impl TypedValueParser<Value = sslkit::Purpose> {
    choices(&sslkit::Purpose::ALL, sslkit::Purpose::name).try_map(|s| s.parse::<sslkit::Purpose>())
}

/// Parses `--inform`/`--outform` of `convert`.
pub fn encoding_parser() -> impl TypedValueParser<Value = sslkit::pem::Encoding> {
    choices(&sslkit::pem::Encoding::ALL, sslkit::pem::Encoding::name)
        .try_map(|s| s.parse::<sslkit::pem::Encoding>())
}

/// Parses `--hash`. Any string reaches the core's parser, so `sha1` gets its own message (it is
/// never used to sign) rather than a bare "invalid value".
pub fn hash_parser() -> impl TypedValueParser<Value = HashAlg> {
    StringValueParser::new().try_map(|s| s.parse::<HashAlg>())
}

/// Parses `--profile`, offering the core's profiles that `keep` allows (each command offers
/// the profiles it can issue).
pub fn profile_parser(keep: fn(Profile) -> bool) -> impl TypedValueParser<Value = Profile> {
    PossibleValuesParser::new(
        Profile::ALL
            .into_iter()
            .filter(|&p| keep(p))
            .map(Profile::name),
    )
    .try_map(|s| s.parse::<Profile>())
}

/// Parses `--days`: 1 to [`sslkit::MAX_DAYS`], checked before any slow work.
pub fn days_parser() -> impl TypedValueParser<Value = u32> {
    clap::value_parser!(u32).range(1..=i64::from(sslkit::MAX_DAYS))
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

/// The subject of a request or certificate: `--cn NAME` or `--subject DN` (exactly one), and
/// any number of `--san`.
#[derive(Debug, Args)]
pub struct SubjectArgs {
    #[command(flatten)]
    pub name: SubjectName,
    /// Subject alternative name: DNS:NAME, IP:ADDR, email:ADDR, URI:URI, or a bare host name or
    /// IP address (repeatable).
    #[arg(long = "san", value_name = "SAN")]
    pub sans: Vec<String>,
}

/// `--cn NAME` or `--subject DN`: one is required, both is a usage error.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct SubjectName {
    /// Subject common name, taken literally: shorthand for --subject /CN=NAME.
    #[arg(long, value_name = "NAME")]
    pub cn: Option<String>,
    /// Subject name, as /C=US/O=Foo/CN=www.foo.dom or CN=www.foo.dom,O=Foo,C=US.
    #[arg(long, value_name = "DN")]
    pub subject: Option<String>,
}

impl SubjectArgs {
    /// Parses the subject and the SANs through the core (`InvalidInput` becomes exit 2).
    pub fn parse(&self) -> CliResult<(DistinguishedName, Vec<SubjectAltName>)> {
        let subject = match (&self.name.cn, &self.name.subject) {
            (Some(cn), None) => DistinguishedName::from_common_name(cn)
                .map_err(|e| CliError::from(e.context(format!("invalid --cn '{cn}'"))))?,
            (None, Some(dn)) => parse_subject(dn)?,
            _ => return Err(CliError::usage("give one of --cn NAME and --subject DN")),
        };
        let sans = parse_sans(&self.sans)?;
        Ok((subject, sans))
    }
}

/// Parses a `--subject` value.
pub fn parse_subject(dn: &str) -> CliResult<DistinguishedName> {
    DistinguishedName::parse(dn)
        .map_err(|e| CliError::from(e.context(format!("invalid --subject '{dn}'"))))
}

/// Parses `--san` values.
pub fn parse_sans(sans: &[String]) -> CliResult<Vec<SubjectAltName>> {
    sans.iter()
        .map(|s| SubjectAltName::parse(s).map_err(|e| CliError::from(e.context("--san"))))
        .collect()
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

/// `--key FILE` and `--passin SRC`: the private key a request or certificate is made with.
#[derive(Debug, Args)]
pub struct KeyInputArgs {
    /// The private key (PEM or DER; PKCS#8, PKCS#1, SEC1, clear or encrypted).
    #[arg(long, value_name = "FILE")]
    pub key: PathBuf,
    /// Passphrase of the key, from SRC (pass:TEXT, env:VAR, file:PATH, fd:N, stdin).
    #[arg(long, value_name = "SRC", value_parser = pass_spec_parser())]
    pub passin: Option<PassSpec>,
}

impl KeyInputArgs {
    /// Reads and, with `--passin`, decrypts the key.
    pub fn load(&self) -> CliResult<PrivateKey> {
        read_private_key(&self.key, self.passin.as_ref())
    }
}

/// Reads the private key at `path`, decrypting it with the passphrase from `passin` (read only
/// when given). A missing passphrase or a wrong one is exit 2 with a hint at `--passin`.
pub fn read_private_key(path: &Path, passin: Option<&PassSpec>) -> CliResult<PrivateKey> {
    let passphrase = match passin {
        Some(spec) => Some(PassReader::new().read(spec, "--passin")?),
        None => None,
    };
    PrivateKey::load(path, passphrase.as_ref().map(|p| p.as_slice())).map_err(CliError::from)
}
