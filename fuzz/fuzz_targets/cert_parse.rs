//! Certificate parsing (PEM or DER) and every accessor, the text dump, fingerprints and the
//! host name check. A certificate that parses must parse again from its own DER, identically.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sslkit::{Certificate, FingerprintHash};

fuzz_target!(|data: &[u8]| {
    let Ok(cert) = Certificate::from_bytes(data) else {
        return;
    };
    let again = Certificate::from_der(cert.der()).expect("a parsed certificate re-parses");
    assert!(again == cert);
    assert_eq!(
        Certificate::from_pem(cert.to_pem().as_bytes())
            .expect("PEM form parses")
            .der(),
        cert.der()
    );
    let _ = cert.subject().to_rfc4514();
    let _ = cert.issuer().to_openssl();
    let _ = cert.serial_hex();
    let _ = (cert.not_before(), cert.not_after());
    for san in cert.sans() {
        let _ = san.to_string();
    }
    let _ = cert.signature_algorithm();
    let _ = cert.extensions();
    let _ = (cert.basic_constraints(), cert.is_ca(), cert.key_usage());
    let _ = (
        cert.extended_key_usage(),
        cert.subject_key_id(),
        cert.authority_key_id(),
    );
    let _ = (
        cert.ca_issuers_urls(),
        cert.ocsp_urls(),
        cert.is_self_issued(),
    );
    let _ = cert.verify_signed_by(cert.public_key());
    let _ = sslkit::text::certificate_text(&cert);
    let _ = cert.fingerprint(FingerprintHash::Sha1);
    let _ = cert.public_key().spki_pin_sha256();
    let _ = sslkit::modulus(&cert);
    let _ = sslkit::check_host(&cert, "www.example.com");
    let _ = sslkit::check_host(&cert, "192.0.2.1");
});
