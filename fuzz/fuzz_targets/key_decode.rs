//! Private and public key decoding: PEM and DER, every format and encryption, with and without a
//! passphrase (the first byte picks one of the test-data passphrases, or none). A key that
//! decodes must re-encode and decode to the same key.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sslkit::pem::{Encoding, convert};
use sslkit::{EncodeOptions, KeyFormat, Object, PrivateKey, PublicKey};

/// The passphrases of ../shared/testdata/keys (MANIFEST.json), so encrypted seeds decrypt.
const PASSPHRASES: [&[u8]; 10] = [
    b"PolarSSLTest",
    b"hunter42",
    b"123456",
    b"password",
    b"testkey",
    b"foobar",
    b"hunter2",
    b"baz",
    b"a123456",
    b"",
];

fuzz_target!(|data: &[u8]| {
    let Some((&sel, body)) = data.split_first() else {
        return;
    };
    let pass = (sel & 0x80 != 0).then(|| PASSPHRASES[usize::from(sel >> 3 & 0x0f) % 10]);
    let key = match sel & 3 {
        0 => PrivateKey::from_bytes(body, pass),
        1 => PrivateKey::from_pem(body, pass),
        _ => PrivateKey::from_der(body, pass),
    };
    if let Ok(key) = key {
        let der = key.to_der().expect("a decoded key re-encodes as PKCS#8");
        let back = PrivateKey::from_der(&der, None).expect("re-encoded PKCS#8 decodes");
        assert!(back == key, "PKCS#8 round trip changed the key");
        if let Ok(trad) = key.to_der_with(&EncodeOptions::new().format(KeyFormat::Traditional)) {
            let back = PrivateKey::from_der(&trad, None).expect("traditional form decodes");
            assert!(back == key, "traditional round trip changed the key");
        }
        let public = key.public_key();
        let spki = public.to_der();
        assert!(PublicKey::from_der(&spki).expect("SPKI decodes") == public);
        let _ = sslkit::text::key_text(&key);
        let _ = sslkit::modulus(&key);
    }
    if let Ok(public) = PublicKey::from_bytes(body) {
        assert!(PublicKey::from_der(&public.to_der()).expect("SPKI decodes") == public);
        let _ = sslkit::text::public_key_text(&public);
        let _ = public.spki_pin_sha256();
    }
    let _ = Object::from_bytes(body, pass);
    if let Ok(der) = convert(body, Encoding::Der) {
        let _ = convert(&der, Encoding::Pem);
    }
});
