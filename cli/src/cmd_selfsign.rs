//! `sslkit selfsign`: make a self-signed certificate (the FAQ's test certificate,
//! `openssl req -new -x509 -key server.key -out server.crt`).
//!
//! The `server` profile by default (the CN is added as a DNS SAN); `client`, `server-client` or
//! `root` on request. 365 days by default (3650 for `root`).

use clap::Args;
use sslkit::{Certificate, HashAlg, IssueOptions, Profile};

use crate::error::CliResult;
use crate::options::{
    KeyInputArgs, OutputArgs, SubjectArgs, days_parser, hash_parser, profile_parser,
};
use crate::output::{self, Sensitivity};

/// The profiles a self-signed certificate can have (an intermediate is signed by its parent).
/// What `selfsign` makes: every profile but the intermediate (which needs an issuer).
fn selfsign_profile(p: Profile) -> bool {
    !matches!(p, Profile::Intermediate { .. })
}

/// Arguments of `sslkit selfsign`.
#[derive(Debug, Args)]
pub struct SelfsignArgs {
    #[command(flatten)]
    pub key: KeyInputArgs,
    #[command(flatten)]
    pub subject: SubjectArgs,
    /// Validity in days [default: 365, or 3650 for root].
    #[arg(long, value_name = "N", value_parser = days_parser())]
    pub days: Option<u32>,
    /// What the certificate is for.
    #[arg(long, value_name = "server|client|server-client|root", value_parser = profile_parser(selfsign_profile), default_value = "server")]
    pub profile: Profile,
    /// Signature hash [default: sha256; ECDSA keys use their curve's].
    #[arg(long, value_name = "sha256|sha384|sha512", value_parser = hash_parser())]
    pub hash: Option<HashAlg>,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Runs `sslkit selfsign`.
pub fn run(args: &SelfsignArgs) -> CliResult<()> {
    let (subject, sans) = args.subject.parse()?;
    let key = args.key.load()?;
    let mut opts = IssueOptions::new(args.profile);
    opts.days = args.days;
    opts.hash = args.hash;
    let cert = Certificate::self_signed_with(&key, &subject, &sans, &opts)?;
    output::write(&args.output, cert.to_pem().as_bytes(), Sensitivity::Public)
}
