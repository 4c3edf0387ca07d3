use sslkit::*;
use std::time::Instant;
#[test]
fn probe() {
    for (t, b) in [
        (KeyType::Rsa, 2048),
        (KeyType::Rsa, 3072),
        (KeyType::Rsa, 4096),
        (KeyType::EcP256, 0),
        (KeyType::Ed25519, 0),
    ] {
        let s = Instant::now();
        let k = PrivateKey::generate(t, if b > 0 { Some(b) } else { None }).unwrap();
        println!("{t:?} {b}: {:?}", s.elapsed());
        let s = Instant::now();
        let c = Certificate::self_signed(&k, "/CN=x", &[], 1).unwrap();
        println!("  sign: {:?}", s.elapsed());
        std::fs::write(format!("/tmp/probe/{t:?}{b}.pem"), c.to_pem()).unwrap();
        std::fs::write(
            format!("/tmp/probe/{t:?}{b}.key"),
            k.to_pem().unwrap().as_bytes(),
        )
        .unwrap();
    }
    for s in [
        "/CN",
        "/=foo",
        "/XYZ=foo",
        "/CN=",
        "CN=",
        "",
        "/CN=a/O=",
        "CN=a,,O=b",
        "foo",
        "/CN=a\\",
    ] {
        let k = PrivateKey::generate(KeyType::Ed25519, None).unwrap();
        println!(
            "{s:?} -> {:?}",
            CertificateSigningRequest::create(&k, s, &[]).map(|c| c.subject().to_string())
        );
    }
    for s in [
        "DNS:-bad-.com",
        "IP:300.1.1.1",
        "FOO:bar",
        "DNS:a b.com",
        "email:nope",
        "DNS:",
        "URI:",
        "a..b",
        "*.*.foo",
    ] {
        let k = PrivateKey::generate(KeyType::Ed25519, None).unwrap();
        println!(
            "{s:?} -> {:?}",
            CertificateSigningRequest::create(&k, "/CN=x", &[s]).map(|c| c.sans().to_vec())
        );
    }
}
