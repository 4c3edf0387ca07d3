//! `sslkit quickstart DOMAIN...`: everything a test or intranet HTTPS server needs in one go —
//! a root CA, an intermediate CA, a server key, a CSR, the certificate, the chain files, a
//! match check — and the lines to paste into Apache and nginx. Re-running reuses the CA.

use std::fs::DirBuilder;
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};

use clap::Args;
use sslkit::{
    Certificate, CertificateAuthority, CertificateSigningRequest, DistinguishedName, EncodeOptions,
    KeyType, PrivateKey, Profile, SubjectAltName,
};

use crate::error::{CliError, CliResult};
use crate::options::pass_spec_parser;
use crate::output::{PUBLIC_MODE, SECRET_MODE};
use crate::passphrase::{PassReader, PassSpec};

/// Arguments of `sslkit quickstart`.
#[derive(Debug, Args)]
pub struct QuickstartArgs {
    /// The server's names: the first is the CN, all become SANs (DNS names or IP addresses).
    #[arg(required = true, value_name = "DOMAIN")]
    pub domains: Vec<String>,
    /// Folder for everything (created if missing; the CA goes into DIR/ca).
    #[arg(long, value_name = "DIR", default_value = "sslkit-quickstart")]
    pub dir: PathBuf,
    /// Encrypt the server key with the passphrase from SRC (Apache will ask for it at start-up).
    #[arg(long, value_name = "SRC", value_parser = pass_spec_parser())]
    pub passout: Option<PassSpec>,
    /// Replace the server's existing key and certificate files for these names.
    #[arg(long)]
    pub force: bool,
}

fn write(path: &Path, data: &[u8], mode: u32, force: bool) -> CliResult<()> {
    sslkit::fs::write_atomic(path, data, mode, force).map_err(CliError::from)
}

fn mkdir(dir: &Path, mode: u32) -> CliResult<()> {
    if dir.is_dir() {
        return Ok(());
    }
    DirBuilder::new()
        .recursive(true)
        .mode(mode)
        .create(dir)
        .map_err(|e| CliError::usage(format!("{}: {e}", dir.display())))
}

/// The root and intermediate under DIR/ca: loaded when present, made otherwise.
fn ca(dir: &Path, out: &mut Vec<String>) -> CliResult<(Certificate, CertificateAuthority)> {
    let ca_dir = dir.join("ca");
    mkdir(&ca_dir, 0o700)?;
    let (root_crt, root_key) = (ca_dir.join("root.crt"), ca_dir.join("root.key"));
    let (int_crt, int_key) = (
        ca_dir.join("intermediate.crt"),
        ca_dir.join("intermediate.key"),
    );
    let root = if root_crt.exists() && root_key.exists() {
        out.push(format!("reusing the root CA in {}", root_crt.display()));
        CertificateAuthority::load(&root_crt, &root_key, None)?
    } else {
        let root = CertificateAuthority::create_root(
            "/O=sslkit quickstart/CN=sslkit quickstart Root CA",
            Some(PrivateKey::generate(KeyType::EcP384, None)?),
            None,
        )?;
        write(
            &root_key,
            root.key().to_pem()?.as_bytes(),
            SECRET_MODE,
            false,
        )?;
        write(
            &root_crt,
            root.certificate().to_pem().as_bytes(),
            PUBLIC_MODE,
            false,
        )?;
        out.push(format!("made a root CA: {}", root_crt.display()));
        root
    };
    let inter = if int_crt.exists() && int_key.exists() {
        out.push(format!(
            "reusing the intermediate CA in {}",
            int_crt.display()
        ));
        CertificateAuthority::load(&int_crt, &int_key, None)?
    } else {
        let inter = root.create_intermediate(
            "/O=sslkit quickstart/CN=sslkit quickstart Intermediate CA",
            Some(PrivateKey::generate(KeyType::EcP256, None)?),
            Some(0),
            None,
        )?;
        write(
            &int_key,
            inter.key().to_pem()?.as_bytes(),
            SECRET_MODE,
            false,
        )?;
        write(
            &int_crt,
            inter.certificate().to_pem().as_bytes(),
            PUBLIC_MODE,
            false,
        )?;
        out.push(format!("made an intermediate CA: {}", int_crt.display()));
        inter
    };
    Ok((root.certificate().clone(), inter))
}

/// Runs `sslkit quickstart`.
pub fn run(args: &QuickstartArgs) -> CliResult<()> {
    let sans = args
        .domains
        .iter()
        .map(|d| SubjectAltName::parse(d))
        .collect::<sslkit::Result<Vec<_>>>()?;
    let cn = &args.domains[0];
    let subject = DistinguishedName::from_common_name(cn)?;
    let passphrase = match &args.passout {
        Some(spec) => Some(PassReader::new().read(spec, "--passout")?),
        None => None,
    };
    mkdir(&args.dir, 0o755)?;
    let dir = std::fs::canonicalize(&args.dir)
        .map_err(|e| CliError::usage(format!("{}: {e}", args.dir.display())))?;
    let base = cn.replace(['/', '\\', ':'], "_").replace('*', "wildcard");
    let key_path = dir.join(format!("{base}.key"));
    let csr_path = dir.join(format!("{base}.csr"));
    let crt_path = dir.join(format!("{base}.crt"));
    let chain_path = dir.join(format!("{base}.chain.pem"));
    let full_path = dir.join(format!("{base}.fullchain.pem"));
    if !args.force {
        for p in [&key_path, &crt_path] {
            if p.exists() {
                return Err(CliError::usage(format!(
                    "{} exists; use --force to make a new key and certificate",
                    p.display()
                )));
            }
        }
    }
    let mut log = Vec::new();
    let (root_cert, inter) = ca(&dir, &mut log)?;

    // The server: key (the FAQ's RSA 2048), request, certificate.
    let key = PrivateKey::generate(KeyType::Rsa, Some(2048))?;
    let csr = CertificateSigningRequest::create_with(&key, &subject, &sans, None)?;
    let cert = inter.sign(&csr, Profile::Server, None)?;
    sslkit::check_match(&key, Some(&cert), Some(&csr))?;
    // The verdict a TLS client would give, for every name: the same verification as
    // `sslkit verify --cafile ca/root.crt --untrusted CHAIN --host NAME`.
    for domain in &args.domains {
        let opts = sslkit::VerifyOptions::new().host(domain.clone());
        sslkit::verify_chain(
            &cert,
            std::slice::from_ref(inter.certificate()),
            std::slice::from_ref(&root_cert),
            &opts,
        )?;
    }
    let mut opts = EncodeOptions::new();
    if let Some(p) = &passphrase {
        opts = opts.passphrase(p);
    }
    let chain = inter.certificate().to_pem();
    write(
        &key_path,
        key.to_pem_with(&opts)?.as_bytes(),
        SECRET_MODE,
        args.force,
    )?;
    write(&csr_path, csr.to_pem().as_bytes(), PUBLIC_MODE, true)?;
    write(&crt_path, cert.to_pem().as_bytes(), PUBLIC_MODE, args.force)?;
    write(&chain_path, chain.as_bytes(), PUBLIC_MODE, true)?;
    write(
        &full_path,
        format!("{}{chain}", cert.to_pem()).as_bytes(),
        PUBLIC_MODE,
        true,
    )?;
    let md5 = sslkit::modulus_md5(&key)?;

    let root_path = dir.join("ca").join("root.crt");
    let d = |p: &Path| p.display().to_string();
    let mut o = String::new();
    for l in &log {
        o.push_str(&format!("{l}\n"));
    }
    o.push_str(&format!(
        "server key      {}{}\nrequest         {}\ncertificate     {} (valid until {}; names: {})\n\
         chain           {} (the intermediate)\nfull chain      {} (certificate + intermediate)\n\
         key matches certificate and request (modulus MD5 {md5})\n\
         chain verified against the root for {} (as sslkit verify does)\n\n",
        d(&key_path),
        if passphrase.is_some() {
            " (encrypted)"
        } else {
            ""
        },
        d(&csr_path),
        d(&crt_path),
        sslkit::text::format_time(cert.not_after()),
        cert.sans()
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .join(", "),
        d(&chain_path),
        d(&full_path),
        args.domains.join(", "),
    ));
    o.push_str(&format!(
        "Apache httpd with mod_ssl, inside <VirtualHost *:443> for {cn}:\n\
         \x20   SSLEngine on\n\
         \x20   SSLCertificateFile      \"{}\"\n\
         \x20   SSLCertificateKeyFile   \"{}\"\n\
         \x20   SSLCertificateChainFile \"{}\"\n\
         Apache 2.4.8 and later (SSLCertificateChainFile is deprecated there): instead\n\
         \x20   SSLCertificateFile      \"{}\"\n\
         \x20   SSLCertificateKeyFile   \"{}\"\n\n",
        d(&crt_path),
        d(&key_path),
        d(&chain_path),
        d(&full_path),
        d(&key_path),
    ));
    o.push_str(&format!(
        "nginx, inside server {{ listen 443 ssl; server_name {}; }}:\n\
         \x20   ssl_certificate     {};\n\
         \x20   ssl_certificate_key {};\n",
        args.domains.join(" "),
        d(&full_path),
        d(&key_path),
    ));
    if passphrase.is_some() {
        o.push_str(
            "    ssl_password_file   /path/to/a/file/holding/the/passphrase;\n\n\
             The key is encrypted, so Apache asks for its passphrase at every start-up\n\
             (\"Enter pass phrase:\"). For unattended starts, point Apache at a program that\n\
             prints it:\n\
             \x20   SSLPassPhraseDialog exec:/usr/local/sbin/ssl-passphrase\n\
             (Apache runs it with two arguments, servername:port and the key type, and reads\n\
             the passphrase from its output; make it readable by root only.) Or remove the\n\
             passphrase: sslkit key --in KEY --passin stdin --nopass --out KEY --force\n",
        );
    }
    o.push_str(&format!(
        "\nTrust the root on this machine (Debian/Ubuntu):\n\
         \x20   sudo cp \"{}\" /usr/local/share/ca-certificates/sslkit-quickstart-root.crt\n\
         \x20   sudo update-ca-certificates\n\
         or test without installing it:\n\
         \x20   curl --cacert \"{}\" https://{cn}/\n\
         Browsers keep their own store: import the root there (Firefox: Settings, Certificates).\n",
        d(&root_path),
        d(&root_path),
    ));
    let _ = root_cert;
    print!("{o}");
    Ok(())
}
