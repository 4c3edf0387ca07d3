//! `sslkit ca`: a small CA. `ca init` makes a root (DIR/ca.key, DIR/ca.crt); `ca sign` signs a
//! request under a profile (the FAQ's `openssl x509 -req -CA ca.crt -CAkey ca.key`), with a CA
//! made by sslkit or by openssl.

use std::fs::DirBuilder;
use std::os::unix::fs::DirBuilderExt;
use std::path::PathBuf;
use std::time::SystemTime;

use clap::{Args, Subcommand};
use sslkit::{
    Certificate, CertificateAuthority, CertificateSigningRequest, EncodeOptions, ErrorKind,
    HashAlg, IssueOptions, KeyType, PrivateKey, Profile,
};
use zeroize::Zeroizing;

use crate::error::{CliError, CliResult};
use crate::options::{
    OutputArgs, days_parser, hash_parser, key_type_parser, parse_subject, pass_spec_parser,
    profile_parser, read_private_key,
};
use crate::output::{self, PUBLIC_MODE, SECRET_MODE, Sensitivity};
use crate::passphrase::{PassReader, PassSpec};

/// Default RSA size of a CA key: 3072 bits (a CA outlives its leaves; NIST SP 800-57 puts
/// RSA-3072 at 128-bit strength, good past 2030).
const CA_RSA_BITS: u32 = 3072;
/// Mode of a CA folder that `ca init` creates.
const CA_DIR_MODE: u32 = 0o700;
/// The profiles a CA signs requests under (a root is made by `ca init`).
/// What `ca sign` issues: every profile but the self-signed root.
fn sign_profile(p: Profile) -> bool {
    p != Profile::Root
}

/// Arguments of `sslkit ca`.
#[derive(Debug, Args)]
pub struct CaArgs {
    #[command(subcommand)]
    pub command: CaCommand,
}

/// The `ca` subcommands.
#[derive(Debug, Subcommand)]
pub enum CaCommand {
    /// Make a root CA: DIR/ca.key (mode 0600) and DIR/ca.crt.
    Init(InitArgs),
    /// Sign a certificate request with a CA's certificate and key.
    Sign(SignArgs),
}

/// Arguments of `sslkit ca init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder for ca.key and ca.crt (created with mode 0700 if missing).
    #[arg(long, value_name = "DIR")]
    pub dir: PathBuf,
    /// The CA's name, as /C=US/O=Foo/CN=Foo Root CA or CN=Foo Root CA,O=Foo,C=US.
    #[arg(long, value_name = "DN")]
    pub subject: String,
    /// Validity in days [default: 3650].
    #[arg(long, value_name = "N", value_parser = days_parser())]
    pub days: Option<u32>,
    /// Key type.
    #[arg(long = "type", value_name = "rsa|ec-p256|ec-p384|ed25519", value_parser = key_type_parser(), default_value = "rsa")]
    pub key_type: KeyType,
    /// RSA key size in bits (2048-16384) [default: 3072].
    #[arg(long, value_name = "N")]
    pub bits: Option<u32>,
    /// Encrypt ca.key with the passphrase from SRC (PKCS#8, scrypt, AES-256-CBC).
    #[arg(long, value_name = "SRC", value_parser = pass_spec_parser())]
    pub passout: Option<PassSpec>,
    /// Signature hash [default: sha256; ECDSA keys use their curve's].
    #[arg(long, value_name = "sha256|sha384|sha512", value_parser = hash_parser())]
    pub hash: Option<HashAlg>,
    /// Replace an existing ca.key and ca.crt.
    #[arg(long)]
    pub force: bool,
}

/// Arguments of `sslkit ca sign`.
#[derive(Debug, Args)]
pub struct SignArgs {
    /// The CA's certificate (PEM or DER; CA:TRUE).
    #[arg(long, value_name = "FILE")]
    pub ca_cert: PathBuf,
    /// The CA's private key (clear or encrypted).
    #[arg(long, value_name = "FILE")]
    pub ca_key: PathBuf,
    /// Passphrase of the CA key, from SRC (pass:TEXT, env:VAR, file:PATH, fd:N, stdin).
    #[arg(long, value_name = "SRC", value_parser = pass_spec_parser())]
    pub passin: Option<PassSpec>,
    /// The certificate signing request (PEM or DER); its signature must verify.
    #[arg(long, value_name = "FILE")]
    pub csr: PathBuf,
    /// Validity in days [default: 365, or 3650 for intermediate]; never past the CA's not-after.
    #[arg(long, value_name = "N", value_parser = days_parser())]
    pub days: Option<u32>,
    /// What the certificate is for.
    #[arg(long, value_name = "server|client|server-client|intermediate", value_parser = profile_parser(sign_profile), default_value = "server")]
    pub profile: Profile,
    /// How many CAs may follow an intermediate (0: it signs only leaves); --profile intermediate only.
    #[arg(long, value_name = "N")]
    pub pathlen: Option<u8>,
    /// Signature hash [default: sha256; ECDSA keys use their curve's].
    #[arg(long, value_name = "sha256|sha384|sha512", value_parser = hash_parser())]
    pub hash: Option<HashAlg>,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Runs `sslkit ca`.
pub fn run(args: &CaArgs) -> CliResult<()> {
    match &args.command {
        CaCommand::Init(a) => init(a),
        CaCommand::Sign(a) => sign(a),
    }
}

fn init(args: &InitArgs) -> CliResult<()> {
    let subject = parse_subject(&args.subject)?;
    if args.dir.exists() && !args.dir.is_dir() {
        return Err(CliError::usage(format!(
            "{} exists and is not a folder",
            args.dir.display()
        )));
    }
    let key_path = args.dir.join("ca.key");
    let cert_path = args.dir.join("ca.crt");
    if !args.force {
        for path in [&key_path, &cert_path] {
            if std::fs::symlink_metadata(path).is_ok() {
                return Err(CliError::usage(format!(
                    "{} exists; refusing to replace a CA",
                    path.display()
                ))
                .hint("use --force to overwrite it, or choose another --dir"));
            }
        }
    }
    let passout = match &args.passout {
        Some(spec) => Some(PassReader::new().read(spec, "--passout")?),
        None => None,
    };

    let bits = match (args.key_type, args.bits) {
        (KeyType::Rsa, None) => Some(CA_RSA_BITS),
        (_, bits) => bits,
    };
    let key = PrivateKey::generate(args.key_type, bits)?;
    let mut opts = IssueOptions::new(Profile::Root);
    opts.days = args.days;
    opts.hash = args.hash;
    let ca = CertificateAuthority::create_root_with(&subject, Some(key), &opts)?;
    let mut encode = EncodeOptions::new();
    if let Some(pass) = &passout {
        encode = encode.passphrase(pass.as_slice());
    }
    let key_pem: Zeroizing<String> = ca.key().to_pem_with(&encode)?;
    drop(passout);

    if !args.dir.exists() {
        DirBuilder::new()
            .recursive(true)
            .mode(CA_DIR_MODE)
            .create(&args.dir)
            .map_err(|e| CliError::usage(format!("creating {}: {e}", args.dir.display())))?;
    }
    let key_existed = std::fs::symlink_metadata(&key_path).is_ok();
    sslkit::fs::write_atomic(&key_path, key_pem.as_bytes(), SECRET_MODE, args.force)?;
    if let Err(e) = sslkit::fs::write_atomic(
        &cert_path,
        ca.certificate().to_pem().as_bytes(),
        PUBLIC_MODE,
        args.force,
    ) {
        // No key without its certificate: remove the key this run created.
        if !key_existed {
            let _ = std::fs::remove_file(&key_path);
        }
        return Err(e.into());
    }
    Ok(())
}

fn sign(args: &SignArgs) -> CliResult<()> {
    let profile = args.profile.with_path_len(args.pathlen).map_err(|e| {
        CliError::usage(format!("--pathlen: {}", e.message()))
            .hint("drop --pathlen, or add --profile intermediate")
    })?;
    let ca_cert = Certificate::load(&args.ca_cert)?;
    let csr = CertificateSigningRequest::load(&args.csr)?;
    let ca_key = read_private_key(&args.ca_key, args.passin.as_ref())?;
    let ca = CertificateAuthority::new(ca_cert, ca_key).map_err(|e| {
        let kind = e.kind();
        let err = CliError::from(e);
        if kind == ErrorKind::KeyMismatch {
            err.hint(format!(
                "{} is not the key of {}",
                args.ca_key.display(),
                args.ca_cert.display()
            ))
        } else {
            err
        }
    })?;

    let now = SystemTime::now();
    let mut opts = IssueOptions::new(profile).now(now);
    opts.days = args.days;
    opts.hash = args.hash;
    let issued = ca
        .sign_reporting(&csr, &opts)
        .map_err(|e| CliError::from(e.context(args.csr.display())))?;
    let cert = &issued.certificate;
    output::write(&args.output, cert.to_pem().as_bytes(), Sensitivity::Public)?;
    if issued.clamped {
        eprintln!(
            "sslkit: note: validity clamped to the CA's not-after ({})",
            sslkit::text::format_time(cert.not_after())
        );
    }
    Ok(())
}
