//! Bad input gets the error kind of the error table (README, "Errors"), never a panic: truncated, corrupted,
//! wrong-label, wrong-passphrase and hostile inputs.

mod common;

use common::with_kdf;
use der::Decode;
use sslkit::{EncodeOptions, ErrorKind, Kdf, KeyFormat, KeyType, PrivateKey, PublicKey};

fn kind(r: Result<PrivateKey, sslkit::Error>) -> ErrorKind {
    match r {
        Ok(_) => panic!("bad input was accepted"),
        Err(e) => e.kind(),
    }
}

#[test]
fn truncated_pem_and_der_at_every_length() {
    let key = PrivateKey::generate(KeyType::EcP256, None).unwrap();
    for opts in [
        EncodeOptions::new(),
        EncodeOptions::new().format(KeyFormat::Traditional),
        EncodeOptions::new().passphrase(b"pw").kdf(Kdf::Pbkdf2),
    ] {
        let pem = key.to_pem_with(&opts).unwrap();
        let bytes = pem.as_bytes();
        for cut in 0..bytes.len() - 1 {
            // The final newline after END is optional, so cut anywhere before it.
            let k = kind(PrivateKey::from_bytes(&bytes[..cut], Some(b"pw")));
            assert_eq!(k, ErrorKind::Parse, "PEM cut at {cut} of {}", bytes.len());
        }
    }
    let der = key.to_der().unwrap();
    for cut in 0..der.len() {
        assert_eq!(
            kind(PrivateKey::from_der(&der[..cut], None)),
            ErrorKind::Parse,
            "DER cut {cut}"
        );
    }
    let enc = key
        .to_der_with(&EncodeOptions::new().passphrase(b"pw").kdf(Kdf::Pbkdf2))
        .unwrap();
    for cut in (0..enc.len()).step_by(7) {
        assert_eq!(
            kind(PrivateKey::from_der(&enc[..cut], Some(b"pw"))),
            ErrorKind::Parse,
            "enc DER cut {cut}"
        );
    }
}

#[test]
fn bad_base64_and_mixed_line_endings() {
    let key = PrivateKey::generate(KeyType::Ed25519, None).unwrap();
    let pem = key.to_pem().unwrap().to_string();
    let bad = pem.replacen("MC", "M*", 1);
    assert_eq!(
        kind(PrivateKey::from_pem(bad.as_bytes(), None)),
        ErrorKind::Parse
    );
    // CRLF line ends and leading text are fine (Windows editors, FAQ pastes).
    let crlf = format!("Here is my key:\r\n{}", pem.replace('\n', "\r\n"));
    assert_eq!(PrivateKey::from_pem(crlf.as_bytes(), None).unwrap(), key);
    // END label that does not match BEGIN
    let mismatched = pem.replace("END PRIVATE KEY", "END RSA PRIVATE KEY");
    assert_eq!(
        kind(PrivateKey::from_pem(mismatched.as_bytes(), None)),
        ErrorKind::Parse
    );
}

#[test]
fn wrong_label_is_parse_error_naming_what_was_found() {
    let dir = tempfile::tempdir().unwrap();
    let cert = dir.path().join("c.pem");
    let key = dir.path().join("k.pem");
    common::openssl(&[
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        key.to_str().unwrap(),
        "-out",
        cert.to_str().unwrap(),
        "-subj",
        "/CN=x",
        "-days",
        "1",
    ]);
    let data = std::fs::read(&cert).unwrap();
    let err = PrivateKey::from_bytes(&data, None).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Parse);
    assert!(err.message().contains("CERTIFICATE"), "{err}");
    let err = PublicKey::from_bytes(&data).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Parse);
    // a certificate's DER given as a key
    let der = common::openssl(&["x509", "-in", cert.to_str().unwrap(), "-outform", "DER"]);
    assert_eq!(kind(PrivateKey::from_der(&der, None)), ErrorKind::Parse);
}

#[test]
fn corrupted_ciphertext_is_wrong_passphrase_not_parse() {
    let key = PrivateKey::generate(KeyType::EcP384, None).unwrap();
    for opts in [
        EncodeOptions::new().passphrase(b"pw").kdf(Kdf::Pbkdf2),
        EncodeOptions::new()
            .passphrase(b"pw")
            .format(KeyFormat::Traditional),
    ] {
        let pem = key.to_pem_with(&opts).unwrap();
        let block = &sslkit::pem::parse_blocks(pem.as_bytes()).unwrap()[0];
        let mut der = block.contents().to_vec();
        // the ciphertext is the last bytes of both layouts
        for i in [der.len() - 1, der.len() - 20, der.len() - 60] {
            let mut d = der.clone();
            d[i] ^= 0x5a;
            let mut pem2 = sslkit::pem::encode(block.label(), &d).to_string();
            if !block.headers().is_empty() {
                let hdr: String = block
                    .headers()
                    .iter()
                    .map(|(k, v)| format!("{k}: {v}\n"))
                    .collect();
                pem2 = pem2.replacen("-----\n", &format!("-----\n{hdr}\n"), 1);
            }
            let err = PrivateKey::from_pem(pem2.as_bytes(), Some(b"pw")).unwrap_err();
            assert_eq!(
                err.kind(),
                ErrorKind::WrongPassphrase,
                "{opts:?} byte {i}: {err}"
            );
        }
        der.clear();
    }
}

#[test]
fn random_bytes_and_huge_files() {
    let mut junk = vec![0u8; 4096];
    getrandom::fill(&mut junk).unwrap();
    junk[0] = 0x30; // even starting like a SEQUENCE
    assert_eq!(kind(PrivateKey::from_bytes(&junk, None)), ErrorKind::Parse);
    assert_eq!(kind(PrivateKey::from_bytes(b"", None)), ErrorKind::Parse);
    assert_eq!(
        PublicKey::from_bytes(&junk).unwrap_err().kind(),
        ErrorKind::Parse
    );
    let big = vec![b'A'; 50 * 1024 * 1024];
    assert_eq!(
        kind(PrivateKey::from_bytes(&big, None)),
        ErrorKind::InvalidInput
    );
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("big");
    std::fs::write(&p, &big).unwrap();
    assert_eq!(kind(PrivateKey::load(&p, None)), ErrorKind::InvalidInput);
    assert_eq!(
        kind(PrivateKey::load(dir.path().join("missing"), None)),
        ErrorKind::Io
    );
}

#[test]
fn empty_passphrase_is_refused_for_writing() {
    let key = PrivateKey::generate(KeyType::Ed25519, None).unwrap();
    let err = key
        .to_pem_with(&EncodeOptions::new().passphrase(b""))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    let err = key
        .to_der_with(&EncodeOptions::new().format(KeyFormat::Traditional))
        .unwrap_err();
    assert_eq!(
        err.kind(),
        ErrorKind::Unsupported,
        "Ed25519 has no traditional form"
    );
}

#[test]
fn hostile_kdf_parameters_are_refused_before_any_work() {
    let key = PrivateKey::generate(KeyType::EcP256, None).unwrap();
    let der = key
        .to_der_with(&EncodeOptions::new().passphrase(b"pw"))
        .unwrap();
    let info = pkcs8::EncryptedPrivateKeyInfoOwned::from_der(&der).unwrap();
    let pkcs5::EncryptionScheme::Pbes2(params) = &info.encryption_algorithm else {
        panic!()
    };
    let pkcs5::pbes2::Kdf::Scrypt(sp) = params.kdf.clone() else {
        panic!("scrypt is the default")
    };
    assert_eq!(sp.cost_parameter, 1 << 14);
    assert_eq!((sp.block_size, sp.parallelization), (8, 1));
    // N = 2^30 would need 128 GiB: refused at once.
    let mut huge = sp;
    huge.cost_parameter = 1 << 30;
    let t = std::time::Instant::now();
    let err = PrivateKey::from_der(
        &with_kdf(&der, pkcs5::pbes2::Kdf::Scrypt(huge)),
        Some(b"pw"),
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported, "{err}");
    assert!(t.elapsed().as_millis() < 500);
    // Just under the 256 MiB cap still works (2^17 * 8 * 128 = 128 MiB) - the wrong key, but
    // the KDF runs: WrongPassphrase, not a limit error.
    let mut under = sp;
    under.cost_parameter = 1 << 17;
    let err = PrivateKey::from_der(
        &with_kdf(&der, pkcs5::pbes2::Kdf::Scrypt(under)),
        Some(b"pw"),
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::WrongPassphrase);
    let mut over = sp;
    over.cost_parameter = 1 << 19; // 512 MiB
    let err = PrivateKey::from_der(
        &with_kdf(&der, pkcs5::pbes2::Kdf::Scrypt(over)),
        Some(b"pw"),
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported);
    // PBKDF2: 0 iterations is malformed; above the cap is refused without running.
    let salt = [7u8; 16];
    let zero = pkcs5::pbes2::Pbkdf2Params::hmac_sha256(1, &salt).map(|mut p| {
        p.iteration_count = 0;
        p
    });
    let err = PrivateKey::from_der(
        &with_kdf(&der, pkcs5::pbes2::Kdf::Pbkdf2(zero.unwrap())),
        Some(b"pw"),
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Parse);
    let many =
        pkcs5::pbes2::Pbkdf2Params::hmac_sha256(sslkit::MAX_PBKDF2_ITERATIONS + 1, &salt).unwrap();
    let t = std::time::Instant::now();
    let err = PrivateKey::from_der(
        &with_kdf(&der, pkcs5::pbes2::Kdf::Pbkdf2(many)),
        Some(b"pw"),
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported);
    assert!(t.elapsed().as_millis() < 500);
}

#[test]
fn small_rsa_is_refused_for_generation_but_read() {
    let err = PrivateKey::generate(KeyType::Rsa, Some(1024)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(err.message().contains("2048"), "{err}");
    assert_eq!(
        PrivateKey::generate(KeyType::Rsa, Some(16386))
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidInput
    );
    assert_eq!(
        PrivateKey::generate(KeyType::EcP256, Some(384))
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidInput
    );
    let pem = common::openssl(&["genrsa", "1024"]);
    let key = PrivateKey::from_pem(&pem, None).unwrap();
    assert_eq!(key.bits(), 1024);
}

#[test]
fn debug_never_prints_key_material() {
    let key = PrivateKey::generate(KeyType::Ed25519, None).unwrap();
    let dbg = format!("{key:?}");
    assert_eq!(dbg, "PrivateKey { type: \"ed25519\", bits: 256, .. }");
    let opts = EncodeOptions::new().passphrase(b"hunter2");
    assert!(!format!("{opts:?}").contains("hunter2"));
}

/// ring never looks at an RSA key's private exponent d (nor, it turns out, at every CRT value),
/// so a key whose d or CRT coefficient is damaged must be caught separately: `Parse` in the
/// clear, `WrongPassphrase` when it came out of decryption.
#[test]
fn rsa_key_with_damaged_private_exponent_is_refused() {
    let pem = common::openssl(&["genrsa", "-traditional", "2048"]);
    let key = PrivateKey::from_pem(&pem, None).unwrap();
    let der = key.to_traditional_der().unwrap().to_vec();
    let parsed = pkcs1::RsaPrivateKeyRef::from_der(&der).unwrap();
    let qinv = parsed.coefficient.as_bytes();
    let at = der.windows(qinv.len()).position(|w| w == qinv).unwrap() + qinv.len() / 2;
    let mut bad_qinv = der.clone();
    bad_qinv[at] ^= 0x10;
    assert_eq!(
        kind(PrivateKey::from_der(&bad_qinv, None)),
        ErrorKind::Parse
    );
    let d = parsed.private_exponent.as_bytes();
    let pos = der.windows(d.len()).position(|w| w == d).unwrap() + d.len() / 2;
    let mut bad = der.clone();
    bad[pos] ^= 0x01;
    assert_eq!(kind(PrivateKey::from_der(&bad, None)), ErrorKind::Parse);
    // The same damage inside a legacy-encrypted PEM made by openssl.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bad.der");
    std::fs::write(&p, &bad).unwrap();
    let enc = common::openssl(&[
        "rsa",
        "-inform",
        "DER",
        "-in",
        p.to_str().unwrap(),
        "-traditional",
        "-aes256",
        "-passout",
        "pass:pw",
    ]);
    assert_eq!(
        kind(PrivateKey::from_pem(&enc, Some(b"pw"))),
        ErrorKind::WrongPassphrase
    );
}
