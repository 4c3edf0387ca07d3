//! `sslkit show`: print a key, public key, request, certificate or bundle as text (the FAQ's
//! `openssl x509 -noout -text`, `openssl req -noout -text`, `openssl rsa -noout -text`).
//!
//! The content decides what the file is, PEM or DER; a PEM file may hold several blocks (a
//! bundle, or a key next to its certificate), each shown in turn and numbered. An encrypted
//! private key needs `--passin`. Private key material is never printed.

use std::path::{Path, PathBuf};

use clap::Args;
use sslkit::pem::{self, PemBlock};
use sslkit::{Certificate, CertificateSigningRequest, PrivateKey, PublicKey};
use zeroize::Zeroizing;

use crate::error::{CliError, CliResult};
use crate::options::pass_spec_parser;
use crate::output::{self, Sensitivity};
use crate::passphrase::{PassReader, PassSpec};

/// Arguments of `sslkit show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The file (PEM or DER): a private or public key, a CSR, a certificate or a bundle.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Passphrase of an encrypted private key, from SRC (pass:TEXT, env:VAR, file:PATH, fd:N, stdin).
    #[arg(long, value_name = "SRC", value_parser = pass_spec_parser())]
    pub passin: Option<PassSpec>,
}

/// One object found in the file, as text.
struct Item {
    kind: &'static str,
    text: String,
}

/// Runs `sslkit show`.
pub fn run(args: &ShowArgs) -> CliResult<()> {
    let data = Zeroizing::new(sslkit::fs::read_input(&args.file)?);
    // The passphrase is read only when an encrypted key needs it (and then once).
    let pass = match &args.passin {
        Some(spec) if PrivateKey::is_encrypted(&data) => {
            Some(PassReader::new().read(spec, "--passin")?)
        }
        _ => None,
    };
    let pass = pass.as_ref().map(|p| p.as_slice());
    let items = if pem::is_pem(&data) {
        pem_items(&args.file, &data, pass)?
    } else {
        vec![der_item(&args.file, &data, pass)?]
    };
    let mut out = String::new();
    let count = items.len();
    for (i, item) in items.iter().enumerate() {
        if count > 1 {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(&format!("--- {} of {count}: {} ---\n", i + 1, item.kind));
        }
        out.push_str(&item.text);
    }
    let out_args = crate::options::OutputArgs {
        out: None,
        force: false,
    };
    output::write(&out_args, out.as_bytes(), Sensitivity::Public)
}

/// Every block of a PEM file that sslkit reads, in order.
fn pem_items(path: &Path, data: &[u8], pass: Option<&[u8]>) -> CliResult<Vec<Item>> {
    let blocks = pem::parse_blocks(data).map_err(|e| e.context(path.display()))?;
    let many = blocks.len() > 1;
    let mut items = Vec::new();
    let mut skipped = Vec::new();
    for (i, block) in blocks.iter().enumerate() {
        let item = pem_item(block, pass).map_err(|e| {
            let where_ = if many {
                format!(
                    "{} (PEM block {} of {})",
                    path.display(),
                    i + 1,
                    blocks.len()
                )
            } else {
                path.display().to_string()
            };
            e.context(where_)
        })?;
        match item {
            Some(item) => items.push(item),
            None => skipped.push(block.label().to_string()),
        }
    }
    if items.is_empty() {
        return Err(CliError::usage(format!(
            "{}: no key, certificate request or certificate (found a PEM '{}' block)",
            path.display(),
            skipped.first().map(String::as_str).unwrap_or("?")
        )));
    }
    for label in skipped {
        items.push(Item {
            kind: "skipped",
            text: format!("(a PEM '{label}' block: not a key, request or certificate)\n"),
        });
    }
    Ok(items)
}

/// One PEM block as text, or None for a label that sslkit does not show.
fn pem_item(block: &PemBlock, pass: Option<&[u8]>) -> sslkit::Result<Option<Item>> {
    let der = block.contents();
    Ok(Some(match block.label() {
        "CERTIFICATE" | "X509 CERTIFICATE" | "TRUSTED CERTIFICATE" => {
            certificate_item(&Certificate::from_der(der)?)
        }
        "CERTIFICATE REQUEST" | "NEW CERTIFICATE REQUEST" => {
            csr_item(&CertificateSigningRequest::from_der(der)?)
        }
        "PRIVATE KEY"
        | "RSA PRIVATE KEY"
        | "EC PRIVATE KEY"
        | "ENCRYPTED PRIVATE KEY"
        | "ANY PRIVATE KEY" => {
            // Through PEM again: legacy encrypted keys keep their DEK-Info header.
            private_key_item(&PrivateKey::from_pem(block.to_pem().as_bytes(), pass)?)
        }
        "PUBLIC KEY" | "RSA PUBLIC KEY" => public_key_item(&PublicKey::from_der(der)?),
        _ => return Ok(None),
    }))
}

/// A DER file: a certificate, request, private key or public key, whichever parses.
fn der_item(path: &Path, data: &[u8], pass: Option<&[u8]>) -> CliResult<Item> {
    let context = |e: sslkit::Error| CliError::from(e.context(path.display()));
    if PrivateKey::is_encrypted(data) {
        return PrivateKey::from_der(data, pass)
            .map(|k| private_key_item(&k))
            .map_err(context);
    }
    if let Ok(cert) = Certificate::from_der(data) {
        return Ok(certificate_item(&cert));
    }
    if let Ok(csr) = CertificateSigningRequest::from_der(data) {
        return Ok(csr_item(&csr));
    }
    if let Ok(key) = PrivateKey::from_der(data, None) {
        return Ok(private_key_item(&key));
    }
    if let Ok(key) = PublicKey::from_der(data) {
        return Ok(public_key_item(&key));
    }
    Err(CliError::usage(format!(
        "{}: not a key, certificate request or certificate (neither PEM nor DER of one)",
        path.display()
    )))
}

fn certificate_item(cert: &Certificate) -> Item {
    Item {
        kind: "certificate",
        text: sslkit::text::certificate_text(cert),
    }
}

fn csr_item(csr: &CertificateSigningRequest) -> Item {
    Item {
        kind: "certificate request",
        text: sslkit::text::csr_text(csr),
    }
}

fn private_key_item(key: &PrivateKey) -> Item {
    Item {
        kind: "private key",
        text: sslkit::text::key_text(key),
    }
}

/// A public key: algorithm, size, RSA modulus and exponent, SPKI fingerprint.
fn public_key_item(key: &PublicKey) -> Item {
    let text = sslkit::text::public_key_text(key);
    Item {
        kind: "public key",
        text,
    }
}
