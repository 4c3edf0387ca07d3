//! FAQ: "How do I create a real SSL Certificate?" — a key with a passphrase, its details, a
//! decrypted copy, and a CSR to send to a CA.
//!
//! openssl: `openssl genrsa -des3 -out server.key 2048`, `openssl rsa -noout -text -in
//! server.key`, `openssl rsa -in server.key -out server.key.unsecure`, `openssl req -new -key
//! server.key -out server.csr`, `openssl req -noout -text -in server.csr`.
//! Run: `cargo run --example faq_real_certificate`.

use sslkit::{CertificateSigningRequest, EncodeOptions, KeyType, PrivateKey};

fn main() -> Result<(), sslkit::Error> {
    let key = PrivateKey::generate(KeyType::Rsa, Some(2048))?;
    let encrypted = key.to_pem_with(&EncodeOptions::new().passphrase(b"s3cret"))?;
    let key = PrivateKey::from_pem(encrypted.as_bytes(), Some(b"s3cret"))?;
    print!(
        "{}",
        sslkit::text::key_text(&key)
            .lines()
            .next()
            .unwrap_or_default()
    );
    println!();
    let unsecure = key.to_pem()?; // the decrypted copy (not recommended)
    assert!(unsecure.starts_with("-----BEGIN PRIVATE KEY-----"));
    let csr =
        CertificateSigningRequest::create(&key, "/C=US/O=Foo/CN=www.foo.dom", &["www.foo.dom"])?;
    assert!(csr.verify());
    print!("{}", sslkit::text::csr_text(&csr));
    Ok(())
}
