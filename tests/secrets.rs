//! The secrets audit, checked: nothing that holds a private key or a passphrase prints secret
//! material through `Debug`, `Display`, an error or the text dump. The secret fragments looked
//! for are taken from the key's own encodings as the `pkcs1`/`sec1`/`pkcs8` crates decode them
//! (the RSA private exponent and primes, the EC scalar, the Ed25519 seed), in hex (both cases)
//! and base64, plus the passphrase itself. Zeroization on drop is checked at compile time in the
//! core's unit tests (`key::secret_audit::secret_types_zeroize_on_drop`).

use base64ct::{Base64, Encoding as _};
use der::Decode;
use sslkit::pem::parse_blocks;
use sslkit::{
    CertificateAuthority, CheckInput, EncodeOptions, KeyFormat, KeyType, Object, PrivateKey,
};

const PASS: &[u8] = b"Tr0ub4dor&3-not-in-any-output";

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Fragments of `key`'s private material that must never appear in output.
fn secrets(key: &PrivateKey) -> Vec<String> {
    let trad = key
        .to_der_with(&EncodeOptions::new().format(KeyFormat::Traditional))
        .ok();
    let pkcs8 = key.to_der().unwrap();
    let mut raw: Vec<Vec<u8>> = Vec::new();
    match key.key_type() {
        KeyType::Rsa => {
            let k = pkcs1::RsaPrivateKeyRef::from_der(trad.as_ref().unwrap()).unwrap();
            for part in [
                k.private_exponent,
                k.prime1,
                k.prime2,
                k.exponent1,
                k.coefficient,
            ] {
                raw.push(part.as_bytes().to_vec());
            }
        }
        KeyType::EcP256 | KeyType::EcP384 => {
            let k = sec1::EcPrivateKey::from_der(trad.as_ref().unwrap()).unwrap();
            raw.push(k.private_key.to_vec());
        }
        KeyType::Ed25519 => {
            let info = pkcs8::PrivateKeyInfoRef::from_der(&pkcs8).unwrap();
            raw.push(info.private_key.as_bytes()[2..].to_vec());
        }
    }
    let mut out = vec![String::from_utf8_lossy(PASS).into_owned()];
    for r in raw {
        // 12 bytes are enough to recognise: no accidental match in 24 hex digits.
        let piece = &r[r.len() / 2 - 6..r.len() / 2 + 6];
        // The fragment is real key material: it is in the key's own PKCS#8 encoding.
        assert!(hex(&pkcs8).contains(&hex(piece)));
        out.push(hex(piece));
        out.push(hex(piece).to_uppercase());
        out.push(
            piece
                .iter()
                .map(|x| format!("{x:02x}"))
                .collect::<Vec<_>>()
                .join(":"),
        );
        out.push(Base64::encode_string(piece)[..12].to_string());
    }
    out
}

fn assert_clean(what: &str, text: &str, secrets: &[String]) {
    for s in secrets {
        assert!(
            !text.contains(s.as_str()),
            "{what} shows secret material ({s}): {text}"
        );
    }
}

#[test]
fn nothing_prints_key_material_or_passphrases() {
    for kind in [
        KeyType::Rsa,
        KeyType::EcP256,
        KeyType::EcP384,
        KeyType::Ed25519,
    ] {
        let key = PrivateKey::generate(kind, None).unwrap();
        let s = secrets(&key);
        assert!(s.len() >= 5);
        let opts = EncodeOptions::new().passphrase(PASS);
        assert_clean("PrivateKey Debug", &format!("{key:?} {key:#?}"), &s);
        assert_clean("EncodeOptions Debug", &format!("{opts:?}"), &s);
        assert_clean("key_text", &sslkit::text::key_text(&key), &s);
        let pem = key.to_pem().unwrap();
        let blocks = parse_blocks(pem.as_bytes()).unwrap();
        assert_clean("PemBlock Debug", &format!("{blocks:?}"), &s);
        let obj = Object::from_bytes(pem.as_bytes(), None).unwrap();
        assert_clean("Object Debug", &format!("{obj:?}"), &s);
        let cert = sslkit::Certificate::self_signed(&key, "/CN=secrets.test", &[], 1).unwrap();
        let input = CheckInput::new(cert.clone(), Some(key.clone()));
        assert_clean("CheckInput Debug", &format!("{input:?}"), &s);
        for f in sslkit::check(&input) {
            assert_clean("Finding", &format!("{f} {f:?}"), &s);
        }
        // Errors around the key: a wrong passphrase, a damaged encrypted key, a damaged clear
        // key (its bytes mostly intact), a mismatch.
        let enc = key
            .to_pem_with(
                &EncodeOptions::new()
                    .passphrase(PASS)
                    .kdf(sslkit::Kdf::Pbkdf2),
            )
            .unwrap();
        let wrong = [PASS, b"!"].concat();
        for err in [
            PrivateKey::from_pem(enc.as_bytes(), Some(&wrong)).unwrap_err(),
            PrivateKey::from_pem(enc.as_bytes(), None).unwrap_err(),
            PrivateKey::from_pem(&enc.as_bytes()[..enc.len() - 80], Some(PASS)).unwrap_err(),
        ] {
            assert_clean("error", &format!("{err} {err:?}"), &s);
            assert_clean(
                "error (wrong passphrase)",
                &format!("{err}"),
                &[String::from_utf8_lossy(&wrong).into_owned()],
            );
        }
        let der = key.to_der().unwrap();
        let mut damaged = der.to_vec();
        let last = damaged.len() - 1;
        damaged[last] ^= 0x55;
        if let Err(err) = PrivateKey::from_der(&damaged, None) {
            assert_clean("error (damaged key)", &format!("{err} {err:?}"), &s);
        }
        let other = PrivateKey::generate(KeyType::Ed25519, None).unwrap();
        let err = sslkit::check_match(&other, Some(&cert), None).unwrap_err();
        assert_clean("mismatch error", &format!("{err} {err:?}"), &s);
        if kind != KeyType::Rsa {
            let ca = CertificateAuthority::create_root("/CN=Secret CA", Some(key.clone()), None)
                .unwrap();
            assert_clean("CertificateAuthority Debug", &format!("{ca:?}"), &s);
        }
    }
}
