//! FAQ: "How can I convert a certificate from PEM to DER format?"
//!
//! openssl: `openssl x509 -in cert.pem -out cert.der -outform DER`.
//! Run: `cargo run --example faq_pem_to_der`.

use sslkit::pem::{Encoding, convert};
use sslkit::{Certificate, KeyType, PrivateKey};

fn main() -> Result<(), sslkit::Error> {
    let key = PrivateKey::generate(KeyType::EcP256, None)?;
    let pem = Certificate::self_signed(&key, "/CN=www.foo.dom", &[], 30)?.to_pem();
    let der = convert(pem.as_bytes(), Encoding::Der)?;
    println!(
        "{} bytes of PEM became {} bytes of DER ({})",
        pem.len(),
        der.len(),
        sslkit::pem::detect_label(&der)?
    );
    assert_eq!(&convert(&der, Encoding::Pem)?[..], pem.as_bytes());
    Ok(())
}
