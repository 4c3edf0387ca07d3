//! FAQ: "Why do browsers complain that they cannot verify my server certificate?" — the
//! intermediates go into SSLCertificateChainFile, in order; sslkit finds and orders them.
//!
//! openssl: none (by hand); `openssl verify -untrusted chain.pem server.crt` checks the result.
//! Run: `cargo run --example faq_chain`.

use sslkit::{CertificateAuthority, CertificateSigningRequest, KeyType, PrivateKey, Profile};

fn main() -> Result<(), sslkit::Error> {
    let k = || PrivateKey::generate(KeyType::EcP256, None);
    let root = CertificateAuthority::create_root("/CN=Example Root", Some(k()?), None)?;
    let i1 = root.create_intermediate("/CN=Example Intermediate 1", Some(k()?), Some(1), None)?;
    let i2 = i1.create_intermediate("/CN=Example Intermediate 2", Some(k()?), Some(0), None)?;
    let leaf = i2.sign(
        &CertificateSigningRequest::create(&k()?, "/CN=www.foo.dom", &[])?,
        Profile::Server,
        None,
    )?;
    // The CA's bundle arrives in any order, with the root in it.
    let pile = vec![
        root.certificate().clone(),
        i1.certificate().clone(),
        i2.certificate().clone(),
    ];
    let chain = sslkit::assemble_chain(&leaf, &pile, None, false)?;
    let chain_file: String = chain[1..].iter().map(|c| c.to_pem()).collect();
    println!("SSLCertificateChainFile holds, in order:");
    for c in &chain[1..] {
        println!("  {}", c.subject());
    }
    assert_eq!(chain_file.matches("BEGIN CERTIFICATE").count(), 2);
    Ok(())
}
