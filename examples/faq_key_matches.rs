//! FAQ: "How do I verify that a private key matches its Certificate?"
//!
//! openssl: `openssl x509 -noout -modulus -in server.crt | openssl md5`, the same with
//! `openssl rsa ... -in server.key` and `openssl req ... -in server.csr`, compared by eye.
//! Run: `cargo run --example faq_key_matches`.

use sslkit::{Certificate, CertificateSigningRequest, KeyType, PrivateKey};

fn main() -> Result<(), sslkit::Error> {
    let key = PrivateKey::generate(KeyType::Rsa, Some(2048))?;
    let csr = CertificateSigningRequest::create(&key, "/CN=www.foo.dom", &[])?;
    let cert = Certificate::self_signed(&key, "/CN=www.foo.dom", &[], 30)?;
    println!("certificate (stdin)= {}", sslkit::modulus_md5(&cert)?);
    println!("key         (stdin)= {}", sslkit::modulus_md5(&key)?);
    println!("request     (stdin)= {}", sslkit::modulus_md5(&csr)?);
    // Or without eyes, for every key type:
    sslkit::check_match(&key, Some(&cert), Some(&csr))?;
    let other = PrivateKey::generate(KeyType::Ed25519, None)?;
    println!("another key matches: {}", other.matches(&cert));
    Ok(())
}
