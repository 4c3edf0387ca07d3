//! `sslkit`: the mod_ssl FAQ's `openssl` jobs from a shell.
//!
//! Each subcommand lives in its own `cmd_*` module and only translates between the command line
//! and the `sslkit` core. Exit status: 0 success, 1 a check said no, 2 usage or input error.
//! Errors are printed to stderr as one line, `sslkit: <what went wrong>; <hint>`.
#![forbid(unsafe_code)]

mod cmd_ca;
mod cmd_chain;
mod cmd_check;
mod cmd_convert;
mod cmd_csr;
mod cmd_fingerprint;
mod cmd_genkey;
mod cmd_key;
mod cmd_match;
mod cmd_modulus;
mod cmd_quickstart;
mod cmd_selfsign;
mod cmd_show;
mod cmd_verify;
mod error;
mod inputs;
mod options;
mod output;
mod passphrase;

use std::process::ExitCode;

use clap::error::ErrorKind as ClapErrorKind;
use clap::{Parser, Subcommand};

use crate::error::{CliError, EXIT_USAGE};

/// Keys, CSRs, certificates and a small CA for TLS servers.
#[derive(Debug, Parser)]
#[command(
    name = "sslkit",
    version,
    about,
    long_about = None,
    after_help = "Environment: SSLKIT_MAX_INPUT_SIZE=BYTES changes the input size cap (16 MiB by default).\nExit status: 0 success, 1 a check said no, 2 usage or input error."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Make a private key (RSA, ECDSA P-256/P-384 or Ed25519), clear or encrypted.
    Genkey(cmd_genkey::GenkeyArgs),
    /// Add, change or remove a key's passphrase, convert its format, or write its public key.
    Key(cmd_key::KeyArgs),
    /// Make a certificate signing request for a key.
    Csr(cmd_csr::CsrArgs),
    /// Make a self-signed certificate (a test server certificate, or a root).
    Selfsign(cmd_selfsign::SelfsignArgs),
    /// A small CA: make a root, sign requests and intermediates.
    Ca(cmd_ca::CaArgs),
    /// Print a key, public key, request, certificate or bundle as text.
    Show(cmd_show::ShowArgs),
    /// Print an RSA modulus (or its MD5) as openssl -noout -modulus (| openssl md5) does.
    Modulus(cmd_modulus::ModulusArgs),
    /// Check that a key belongs to a certificate and/or request (exit 1 when it does not).
    Match(cmd_match::MatchArgs),
    /// Print a certificate's SHA-256/SHA-1 fingerprint, or the SPKI SHA-256 pin of any key.
    Fingerprint(cmd_fingerprint::FingerprintArgs),
    /// Convert a certificate, request or key between PEM and DER.
    Convert(cmd_convert::ConvertArgs),
    /// Put a leaf and a pile of certificates in chain order (for SSLCertificateChainFile).
    Chain(cmd_chain::ChainArgs),
    /// Verify a certificate against trusted roots (exit 1 when it does not verify).
    Verify(cmd_verify::VerifyArgs),
    /// Make a root CA, an intermediate, a server key and certificate, and print the Apache and
    /// nginx lines to use them.
    Quickstart(cmd_quickstart::QuickstartArgs),
    /// Check a server's key, certificate and chain the way the FAQ troubleshoots them (exit 1
    /// on errors).
    Check(cmd_check::CheckArgs),
}

/// `SSLKIT_MAX_INPUT_SIZE=BYTES` changes the input size cap (16 MiB by default), e.g. for a
/// CA bundle larger than that.
fn input_cap_from_env() -> Result<(), CliError> {
    let Some(value) = std::env::var_os("SSLKIT_MAX_INPUT_SIZE") else {
        return Ok(());
    };
    let bytes = value
        .to_str()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
        .ok_or_else(|| {
            CliError::usage(format!(
                "SSLKIT_MAX_INPUT_SIZE={} is not a positive number of bytes",
                value.to_string_lossy()
            ))
        })?;
    sslkit::limits::set_max_input_size(bytes);
    Ok(())
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return clap_error(err),
    };
    if let Err(err) = input_cap_from_env() {
        err.report();
        return ExitCode::from(err.code());
    }
    let result = match &cli.command {
        Command::Genkey(args) => cmd_genkey::run(args),
        Command::Key(args) => cmd_key::run(args),
        Command::Csr(args) => cmd_csr::run(args),
        Command::Selfsign(args) => cmd_selfsign::run(args),
        Command::Ca(args) => cmd_ca::run(args),
        Command::Show(args) => cmd_show::run(args),
        Command::Modulus(args) => cmd_modulus::run(args),
        Command::Match(args) => cmd_match::run(args),
        Command::Fingerprint(args) => cmd_fingerprint::run(args),
        Command::Convert(args) => cmd_convert::run(args),
        Command::Chain(args) => cmd_chain::run(args),
        Command::Verify(args) => cmd_verify::run(args),
        Command::Quickstart(args) => cmd_quickstart::run(args),
        Command::Check(args) => cmd_check::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            err.report();
            ExitCode::from(err.code())
        }
    }
}

/// Help and version go to stdout with status 0, as clap prints them. A usage error is printed
/// as one line, like every other error, with status 2.
fn clap_error(err: clap::Error) -> ExitCode {
    match err.kind() {
        ClapErrorKind::DisplayHelp
        | ClapErrorKind::DisplayVersion
        | ClapErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = err.print();
            if err.use_stderr() {
                ExitCode::from(EXIT_USAGE)
            } else {
                ExitCode::SUCCESS
            }
        }
        _ => {
            let err = CliError::usage(one_line_usage_error(&err.render().to_string()));
            err.report();
            ExitCode::from(err.code())
        }
    }
}

/// Folds clap's multi-line error text into one line: the error and its tips, then a pointer to
/// the help of the subcommand named in the usage line.
fn one_line_usage_error(rendered: &str) -> String {
    let mut message = String::new();
    let mut command = String::from("sslkit");
    for line in rendered.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if let Some(usage) = line.strip_prefix("Usage:") {
            command = usage
                .split_whitespace()
                .take_while(|w| !w.starts_with(['[', '-', '<']))
                .collect::<Vec<_>>()
                .join(" ");
            break;
        }
        if line.starts_with("For more information") {
            continue;
        }
        let line = line.strip_prefix("error: ").unwrap_or(line);
        if !message.is_empty() {
            message.push_str(if message.ends_with(':') { " " } else { "; " });
        }
        message.push_str(line);
    }
    if command.is_empty() {
        command = String::from("sslkit");
    }
    format!("{message}; see '{command} --help'")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clap_errors_fold_into_one_line() {
        let text = "error: the following required arguments were not provided:\n  --passout <SRC>\n\n\
                    Usage: sslkit genkey --cipher <aes256|des3> --passout <SRC>\n\n\
                    For more information, try '--help'.\n";
        assert_eq!(
            one_line_usage_error(text),
            "the following required arguments were not provided: --passout <SRC>; \
             see 'sslkit genkey --help'"
        );
    }

    #[test]
    fn command_line_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }

    /// Every `a|b|c` value name in `--help` shows exactly the choices the parser takes, and
    /// those come from the core's lists (`KeyType::ALL`, `Profile::ALL`, ...): a name added to
    /// the core appears here or this test fails.
    #[test]
    fn value_names_are_the_core_choices() {
        use clap::CommandFactory;
        fn walk(cmd: &clap::Command, checked: &mut Vec<String>) {
            for arg in cmd.get_arguments() {
                let Some(shown) = arg.get_value_names().map(|n| n.join(" ")) else {
                    continue;
                };
                if !shown.contains('|') {
                    continue;
                }
                let values: Vec<String> = arg
                    .get_possible_values()
                    .iter()
                    .map(|v| v.get_name().to_string())
                    .collect();
                let expected = if arg.get_long() == Some("hash") {
                    // --hash takes any string, so that sha1 gets the core's own message.
                    sslkit::HashAlg::ALL.map(sslkit::HashAlg::name).join("|")
                } else if values.is_empty() {
                    continue; // FILE|system and the like: not a name table
                } else {
                    values.join("|")
                };
                assert_eq!(shown, expected, "{} --{:?}", cmd.get_name(), arg.get_long());
                // The other way: every value offered is a name one of the core's tables parses.
                for value in expected.split('|') {
                    let core_takes = value.parse::<sslkit::KeyType>().is_ok()
                        || value.parse::<sslkit::KeyFormat>().is_ok()
                        || value.parse::<sslkit::Cipher>().is_ok()
                        || value.parse::<sslkit::Kdf>().is_ok()
                        || value.parse::<sslkit::HashAlg>().is_ok()
                        || value.parse::<sslkit::Purpose>().is_ok()
                        || value.parse::<sslkit::Profile>().is_ok()
                        || value.parse::<sslkit::pem::Encoding>().is_ok();
                    assert!(
                        core_takes,
                        "{} --{:?} {value}",
                        cmd.get_name(),
                        arg.get_long()
                    );
                }
                checked.push(format!("{} {shown}", cmd.get_name()));
            }
            for sub in cmd.get_subcommands() {
                walk(sub, checked);
            }
        }
        let mut checked = Vec::new();
        walk(&Cli::command(), &mut checked);
        assert!(checked.len() >= 8, "{checked:?}");
        let all = |names: Vec<&str>| names.join("|");
        let listed = checked.join("\n");
        let profiles_but = |skip: &str| {
            sslkit::Profile::ALL
                .map(sslkit::Profile::name)
                .into_iter()
                .filter(|n| *n != skip)
                .collect::<Vec<_>>()
        };
        for table in [
            all(sslkit::KeyType::ALL.map(sslkit::KeyType::name).to_vec()),
            all(sslkit::KeyFormat::ALL.map(sslkit::KeyFormat::name).to_vec()),
            all(sslkit::Cipher::ALL.map(sslkit::Cipher::name).to_vec()),
            all(sslkit::Kdf::ALL.map(sslkit::Kdf::name).to_vec()),
            all(sslkit::HashAlg::ALL.map(sslkit::HashAlg::name).to_vec()),
            all(sslkit::Purpose::ALL.map(sslkit::Purpose::name).to_vec()),
            all(sslkit::pem::Encoding::ALL
                .map(sslkit::pem::Encoding::name)
                .to_vec()),
            all(profiles_but("root")),         // ca sign
            all(profiles_but("intermediate")), // selfsign
        ] {
            assert!(listed.contains(&table), "{table} not offered: {listed}");
        }
    }
}
