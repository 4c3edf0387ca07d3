//! CSR parsing (PEM or DER), every accessor, the self-signature check and the text dump. A
//! request that parses must parse again from its own DER, identically.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sslkit::CertificateSigningRequest;

fuzz_target!(|data: &[u8]| {
    let Ok(csr) = CertificateSigningRequest::from_bytes(data) else {
        return;
    };
    let again = CertificateSigningRequest::from_der(&csr.to_der()).expect("re-parses");
    assert!(again == csr);
    let _ = csr.subject().to_rfc4514();
    for san in csr.sans() {
        let _ = san.to_string();
    }
    let _ = (
        csr.extensions(),
        csr.challenge_password(),
        csr.signature_algorithm(),
    );
    let _ = csr.verify_signature();
    let _ = sslkit::text::csr_text(&csr);
    let _ = sslkit::modulus(&csr);
});
