//! FAQ: "How do I create and use my own Certificate Authority (CA)?" — a root, an
//! intermediate, and a server certificate signed from a CSR.
//!
//! openssl: `openssl req -new -x509 -days 3650 -key ca.key -out ca.crt`, `openssl x509 -req
//! -CA ca.crt -CAkey ca.key -in server.csr -out server.crt` (or CA.pl / sign.sh).
//! Run: `cargo run --example faq_own_ca`.

use sslkit::{CertificateAuthority, CertificateSigningRequest, KeyType, PrivateKey, Profile};

fn main() -> Result<(), sslkit::Error> {
    let root = CertificateAuthority::create_root("/O=Foo/CN=Foo Root CA", None, None)?;
    let inter = root.create_intermediate("/O=Foo/CN=Foo Intermediate CA", None, Some(0), None)?;
    let key = PrivateKey::generate(KeyType::Rsa, Some(2048))?;
    let csr = CertificateSigningRequest::create(&key, "/CN=www.foo.dom", &["foo.dom"])?;
    let cert = inter.sign(&csr, Profile::Server, Some(365))?;
    let chain = sslkit::verify_chain(
        &cert,
        &[inter.certificate().clone()],
        &[root.certificate().clone()],
        &sslkit::VerifyOptions::new().host("www.foo.dom"),
    )?;
    for (depth, c) in chain.iter().enumerate() {
        println!("depth={depth}: {}", c.subject());
    }
    Ok(())
}
