//! `sslkit chain`: put a server's chain in order for `SSLCertificateChainFile` (Apache) or
//! `ssl_certificate` (nginx). The leaf comes from `--cert` (certificates after the first one in
//! that file join the pile), the pile from every `--bundle` file in any order (duplicates,
//! unrelated certificates and roots are fine); the core finds each issuer and checks every
//! signature. Output: the leaf, then its intermediates, then the root only with
//! `--include-root`, as PEM; stderr gets a one-line summary of the order.
//!
//! Exit status 1 when an issuer is missing (the message names it), 2 when a file cannot be read.

use std::path::PathBuf;
use std::time::SystemTime;

use clap::Args;
use sslkit::{Certificate, ErrorKind, Roots};

use crate::error::{CliError, CliResult};
use crate::inputs::load_certs;
use crate::options::OutputArgs;
use crate::output::{self, Sensitivity};

/// Arguments of `sslkit chain`.
#[derive(Debug, Args)]
pub struct ChainArgs {
    /// The server (leaf) certificate: the first certificate in FILE (PEM or DER).
    #[arg(long, value_name = "FILE")]
    pub cert: PathBuf,
    /// Files of intermediate (and root) certificates in any order (repeatable; several files
    /// may follow one --bundle).
    #[arg(long = "bundle", value_name = "FILE", required = true, num_args = 1..)]
    pub bundles: Vec<PathBuf>,
    /// Trusted roots: a chain that ends at one of these is preferred [default: a self-signed
    /// root from the bundles, or the system's roots].
    #[arg(long, value_name = "FILE")]
    pub roots: Option<PathBuf>,
    /// Write the root too (browsers have it; most servers should not send it).
    #[arg(long)]
    pub include_root: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Runs `sslkit chain`.
pub fn run(args: &ChainArgs) -> CliResult<()> {
    let mut leaf_file = load_certs(&args.cert)?.into_iter();
    let leaf = leaf_file
        .next()
        .ok_or_else(|| CliError::usage(format!("{}: no certificate", args.cert.display())))?;
    let mut pool: Vec<Certificate> = leaf_file.collect();
    for bundle in &args.bundles {
        pool.extend(load_certs(bundle)?);
    }
    let roots = match args.roots.as_deref() {
        Some(path) => Roots::Given(load_certs(path)?),
        None => Roots::System,
    };
    let found = sslkit::assemble(&leaf, &pool, &roots, SystemTime::now()).map_err(|e| {
        CliError::from_check(
            e.context(args.cert.display()),
            &[ErrorKind::ChainIncomplete],
        )
    })?;
    let chain = if args.include_root {
        found.with_root()
    } else {
        found.chain.clone()
    };

    let pem: String = chain.iter().map(Certificate::to_pem).collect();
    output::write(&args.output, pem.as_bytes(), Sensitivity::Public)?;
    eprintln!(
        "sslkit: chain: {}",
        summary(&found.chain, found.root.as_ref(), args.include_root)
    );
    Ok(())
}

/// `CN=leaf <- CN=Inter <- (root CN=Root not included)`: each certificate, then its issuer.
fn summary(path: &[Certificate], root: Option<&Certificate>, root_included: bool) -> String {
    let mut parts: Vec<String> = path.iter().map(|c| c.subject().to_string()).collect();
    match root {
        Some(root) if root_included => parts.push(format!("root {}", root.subject())),
        Some(root) => parts.push(format!("(root {} not included)", root.subject())),
        None if parts.len() == 1 => parts[0].push_str(" (self-signed)"),
        None => {}
    }
    parts.join(" <- ")
}
