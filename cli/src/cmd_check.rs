//! `sslkit check`: the FAQ's troubleshooting in one call — key/certificate match, chain
//! completeness and order, validity, host names, weak algorithms, key file permissions. Exit 0
//! when there is no error, 1 when there is.

use std::path::PathBuf;

use clap::Args;

use crate::error::{CliError, CliResult};
use crate::options::pass_spec_parser;
use crate::passphrase::{PassReader, PassSpec};

/// Arguments of `sslkit check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The server's private key (SSLCertificateKeyFile / ssl_certificate_key).
    #[arg(long, value_name = "FILE")]
    pub key: PathBuf,
    /// The server's certificate (SSLCertificateFile / ssl_certificate; a full chain is fine).
    #[arg(long, value_name = "FILE")]
    pub cert: PathBuf,
    /// The chain file (SSLCertificateChainFile).
    #[arg(long, value_name = "FILE")]
    pub chain: Option<PathBuf>,
    /// The host name clients use.
    #[arg(long, value_name = "NAME")]
    pub host: Option<String>,
    /// The root(s) clients trust (PEM bundle) [default: the system store].
    #[arg(long, value_name = "FILE")]
    pub cafile: Option<PathBuf>,
    /// Passphrase of an encrypted key, from SRC (pass:TEXT, env:VAR, file:PATH, fd:N, stdin).
    #[arg(long, value_name = "SRC", value_parser = pass_spec_parser())]
    pub passin: Option<PassSpec>,
    /// Print the findings as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Runs `sslkit check`.
pub fn run(args: &CheckArgs) -> CliResult<()> {
    let passphrase = match &args.passin {
        Some(spec) => Some(PassReader::new().read(spec, "--passin")?),
        None => None,
    };
    let roots = match &args.cafile {
        Some(p) => Some(
            sslkit::load_certificates(&sslkit::fs::read_input(p)?)
                .map_err(|e| e.context(p.display()))?,
        ),
        None => None,
    };
    let findings = sslkit::check_files(
        &args.key,
        &args.cert,
        args.chain.as_deref(),
        passphrase.as_ref().map(|p| p.as_slice()),
        args.host.as_deref(),
        roots.as_deref(),
    )?;
    let report = sslkit::Findings::from(findings);
    let errors = report.errors();
    if args.json {
        println!("{}", report.to_json());
    } else {
        print!("{}", report.to_text());
    }
    if errors > 0 {
        return Err(CliError::check_failed(format!(
            "{errors} error(s) found in {}",
            args.cert.display()
        )));
    }
    Ok(())
}
