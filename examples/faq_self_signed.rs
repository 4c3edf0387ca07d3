//! FAQ: "How do I create a self-signed SSL Certificate for testing purposes?"
//!
//! openssl: `openssl req -new -x509 -nodes -out server.crt -keyout server.key`, then
//! `openssl rsa -des3 -in server.key -out server.key.new` to add a passphrase.
//! Run: `cargo run --example faq_self_signed [DIR]`.

use sslkit::{Certificate, EncodeOptions, KeyType, PrivateKey};

fn main() -> Result<(), sslkit::Error> {
    let dir = std::env::args()
        .nth(1)
        .map(std::path::PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    let key = PrivateKey::generate(KeyType::Rsa, Some(2048))?;
    let cert = Certificate::self_signed(&key, "/CN=www.foo.dom", &["www.foo.dom"], 365)?;
    let key_path = dir.join("faq_self_signed.key");
    let crt_path = dir.join("faq_self_signed.crt");
    // The key with a passphrase (the FAQ's step 3), written 0600 and atomically.
    let pem = key.to_pem_with(&EncodeOptions::new().passphrase(b"change me"))?;
    sslkit::fs::write_atomic(&key_path, pem.as_bytes(), 0o600, true)?;
    sslkit::fs::write_atomic(&crt_path, cert.to_pem().as_bytes(), 0o644, true)?;
    println!("SSLCertificateFile    \"{}\"", crt_path.display());
    println!("SSLCertificateKeyFile \"{}\"", key_path.display());
    println!(
        "subject {} valid until {}",
        cert.subject(),
        sslkit::text::format_time(cert.not_after())
    );
    Ok(())
}
