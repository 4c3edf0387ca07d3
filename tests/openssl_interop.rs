//! Keys cross the boundary with the real `openssl` command (3.x) in both directions: whatever
//! sslkit writes, openssl reads (and `-check`s) and derives the same public key; whatever the
//! FAQ's and modern openssl commands write, sslkit reads.

mod common;

use common::{openssl, openssl_pubout};
use sslkit::{Cipher, EncodeOptions, Kdf, KeyFormat, KeyType, PrivateKey};

const PASS: &str = "sslkit test passphrase";

struct Variant {
    name: &'static str,
    format: KeyFormat,
    pass: bool,
    cipher: Cipher,
    kdf: Kdf,
    der: bool,
}

fn variants() -> Vec<Variant> {
    let v = |name, format, pass, cipher, kdf, der| Variant {
        name,
        format,
        pass,
        cipher,
        kdf,
        der,
    };
    use Cipher::*;
    use Kdf::*;
    use KeyFormat::*;
    vec![
        v("pkcs8-pem", Pkcs8, false, Aes256Cbc, Scrypt, false),
        v("pkcs8-der", Pkcs8, false, Aes256Cbc, Scrypt, true),
        v(
            "traditional-pem",
            Traditional,
            false,
            Aes256Cbc,
            Scrypt,
            false,
        ),
        v(
            "traditional-der",
            Traditional,
            false,
            Aes256Cbc,
            Scrypt,
            true,
        ),
        v("pkcs8-scrypt-aes256", Pkcs8, true, Aes256Cbc, Scrypt, false),
        v("pkcs8-pbkdf2-aes256", Pkcs8, true, Aes256Cbc, Pbkdf2, false),
        v("pkcs8-scrypt-des3", Pkcs8, true, DesEde3Cbc, Scrypt, false),
        v("pkcs8-pbkdf2-des3", Pkcs8, true, DesEde3Cbc, Pbkdf2, false),
        v(
            "pkcs8-scrypt-aes256-der",
            Pkcs8,
            true,
            Aes256Cbc,
            Scrypt,
            true,
        ),
        v("legacy-aes256", Traditional, true, Aes256Cbc, Scrypt, false),
        v("legacy-des3", Traditional, true, DesEde3Cbc, Scrypt, false),
    ]
}

fn check_type(key_type: KeyType, bits: Option<u32>, all_variants: bool) {
    let dir = tempfile::tempdir().unwrap();
    let key = PrivateKey::generate(key_type, bits).unwrap();
    let want_pub = key.public_key().to_pem();
    for v in variants() {
        if !all_variants
            && !matches!(
                v.name,
                "pkcs8-pem" | "traditional-pem" | "pkcs8-scrypt-aes256" | "legacy-des3"
            )
        {
            continue;
        }
        let mut opts = EncodeOptions::new()
            .format(v.format)
            .cipher(v.cipher)
            .kdf(v.kdf);
        if v.pass {
            opts = opts.passphrase(PASS.as_bytes());
        }
        let bytes: Vec<u8> = if v.der {
            key.to_der_with(&opts).map(|d| d.to_vec())
        } else {
            key.to_pem_with(&opts).map(|p| p.as_bytes().to_vec())
        }
        .unwrap_or_else(|e| {
            if key_type == KeyType::Ed25519 && v.format == KeyFormat::Traditional {
                assert_eq!(e.kind(), sslkit::ErrorKind::Unsupported);
                return Vec::new();
            }
            panic!("{key_type} {}: {e}", v.name)
        });
        if bytes.is_empty() {
            continue;
        }
        let path = dir.path().join(format!("{}.key", v.name));
        std::fs::write(&path, &bytes).unwrap();
        let pass = v.pass.then_some(PASS);
        let got = openssl_pubout(&path, v.der, pass);
        assert_eq!(
            got, want_pub,
            "{key_type} {}: openssl derives another public key",
            v.name
        );
        if key_type != KeyType::Ed25519 {
            let p = path.to_str().unwrap();
            let passarg = format!("pass:{PASS}");
            let mut args = vec!["pkey", "-in", p, "-check", "-noout", "-passin", &passarg];
            if v.der {
                args.extend(["-inform", "DER"]);
            }
            openssl(&args);
        }
        // and sslkit reads back what it wrote
        let again = PrivateKey::from_bytes(&bytes, pass.map(str::as_bytes)).unwrap();
        assert_eq!(again.public_key(), key.public_key(), "{}", v.name);
    }
}

#[test]
fn openssl_reads_sslkit_rsa_2048() {
    check_type(KeyType::Rsa, Some(2048), true);
}

#[test]
fn openssl_reads_sslkit_rsa_3072_and_4096() {
    check_type(KeyType::Rsa, Some(3072), false);
    check_type(KeyType::Rsa, Some(4096), false);
}

#[test]
fn openssl_reads_sslkit_ec() {
    check_type(KeyType::EcP256, None, true);
    check_type(KeyType::EcP384, None, true);
}

#[test]
fn openssl_reads_sslkit_ed25519() {
    check_type(KeyType::Ed25519, None, true);
}

#[test]
fn openssl_agrees_on_generated_rsa_sizes() {
    let dir = tempfile::tempdir().unwrap();
    for bits in [2048u32, 3072, 4096] {
        let key = PrivateKey::generate_rsa(bits).unwrap();
        assert_eq!(key.bits(), bits);
        let path = dir.path().join("k.pem");
        std::fs::write(&path, key.to_pem().unwrap().as_bytes()).unwrap();
        let text = String::from_utf8(openssl(&[
            "pkey",
            "-in",
            path.to_str().unwrap(),
            "-noout",
            "-text",
        ]))
        .unwrap();
        assert!(
            text.contains(&format!("Private-Key: ({bits} bit, 2 primes)")),
            "{text}"
        );
        assert!(text.contains("publicExponent: 65537 (0x10001)"), "{text}");
    }
}

/// What openssl writes, sslkit reads: each command's output, clear key's public half compared.
#[test]
fn sslkit_reads_what_openssl_writes() {
    let dir = tempfile::tempdir().unwrap();
    let d = |n: &str| dir.path().join(n).to_str().unwrap().to_string();
    let pw = format!("pass:{PASS}");
    let rsa = d("rsa.pem");
    openssl(&["genrsa", "-out", &rsa, "2048"]);
    let p256 = d("p256.pem");
    openssl(&[
        "genpkey",
        "-algorithm",
        "EC",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-out",
        &p256,
    ]);
    let p384 = d("p384.pem");
    openssl(&[
        "genpkey",
        "-algorithm",
        "EC",
        "-pkeyopt",
        "ec_paramgen_curve:P-384",
        "-out",
        &p384,
    ]);
    let ed = d("ed.pem");
    openssl(&["genpkey", "-algorithm", "ED25519", "-out", &ed]);
    let ecparam = d("ecparam.pem");
    openssl(&[
        "ecparam",
        "-name",
        "prime256v1",
        "-genkey",
        "-out",
        &ecparam,
    ]);
    let mut files: Vec<(String, bool, bool)> = vec![
        (rsa.clone(), false, false),
        (p256.clone(), false, false),
        (p384.clone(), false, false),
        (ed.clone(), false, false),
        (ecparam.clone(), false, false),
    ];
    let mut run = |name: &str, args: &[&str], enc: bool, der: bool| {
        let out = d(name);
        let mut a: Vec<&str> = vec![args[0], "-out", &out];
        a.extend(&args[1..]);
        openssl(&a);
        files.push((out, enc, der));
    };
    // The FAQ's and OpenSSL 3's key commands.
    run(
        "genrsa-des3.pem",
        &["genrsa", "-des3", "-passout", &pw, "2048"],
        true,
        false,
    );
    run(
        "genrsa-trad-des3.pem",
        &["genrsa", "-traditional", "-des3", "-passout", &pw, "2048"],
        true,
        false,
    );
    run(
        "genrsa-trad-aes128.pem",
        &["genrsa", "-traditional", "-aes128", "-passout", &pw, "2048"],
        true,
        false,
    );
    run(
        "genrsa-trad-aes256.pem",
        &["genrsa", "-traditional", "-aes256", "-passout", &pw, "2048"],
        true,
        false,
    );
    run(
        "rsa-des3.pem",
        &["rsa", "-in", &rsa, "-des3", "-traditional", "-passout", &pw],
        true,
        false,
    );
    run(
        "pk8-v2-aes256.pem",
        &[
            "pkcs8", "-topk8", "-v2", "aes256", "-in", &rsa, "-passout", &pw,
        ],
        true,
        false,
    );
    run(
        "pk8-v2-des3.pem",
        &[
            "pkcs8", "-topk8", "-v2", "des3", "-in", &rsa, "-passout", &pw,
        ],
        true,
        false,
    );
    run(
        "pk8-v2prf-sha512.pem",
        &[
            "pkcs8",
            "-topk8",
            "-v2",
            "aes128",
            "-v2prf",
            "hmacWithSHA512",
            "-in",
            &rsa,
            "-passout",
            &pw,
        ],
        true,
        false,
    );
    run(
        "pk8-scrypt.pem",
        &["pkcs8", "-topk8", "-scrypt", "-in", &rsa, "-passout", &pw],
        true,
        false,
    );
    run(
        "pk8-v1-sha1-3des.pem",
        &[
            "pkcs8",
            "-topk8",
            "-v1",
            "PBE-SHA1-3DES",
            "-in",
            &rsa,
            "-passout",
            &pw,
        ],
        true,
        false,
    );
    run(
        "pk8-ec-scrypt.pem",
        &["pkcs8", "-topk8", "-scrypt", "-in", &p256, "-passout", &pw],
        true,
        false,
    );
    run(
        "pk8-ed-aes.pem",
        &[
            "pkcs8", "-topk8", "-v2", "aes256", "-in", &ed, "-passout", &pw,
        ],
        true,
        false,
    );
    run(
        "ec-trad-aes.pem",
        &["ec", "-in", &p384, "-aes256", "-passout", &pw],
        true,
        false,
    );
    run(
        "pk8-nocrypt.der",
        &[
            "pkcs8", "-topk8", "-nocrypt", "-in", &rsa, "-outform", "DER",
        ],
        false,
        true,
    );
    run(
        "pk8-enc.der",
        &[
            "pkcs8", "-topk8", "-v2", "aes256", "-in", &p256, "-outform", "DER", "-passout", &pw,
        ],
        true,
        true,
    );
    run(
        "rsa-trad.der",
        &["rsa", "-in", &rsa, "-traditional", "-outform", "DER"],
        false,
        true,
    );
    run(
        "ec-trad.der",
        &["ec", "-in", &p256, "-outform", "DER"],
        false,
        true,
    );
    for (path, enc, der) in &files {
        let data = std::fs::read(path).unwrap();
        let pass = enc.then_some(PASS.as_bytes());
        let key = PrivateKey::from_bytes(&data, pass).unwrap_or_else(|e| panic!("{path}: {e}"));
        let want = openssl_pubout(std::path::Path::new(path), *der, enc.then_some(PASS));
        assert_eq!(key.public_key().to_pem(), want, "{path}");
        if *enc {
            let err = PrivateKey::from_bytes(&data, Some(b"wrong")).unwrap_err();
            assert_eq!(err.kind(), sslkit::ErrorKind::WrongPassphrase, "{path}");
            let err = PrivateKey::from_bytes(&data, None).unwrap_err();
            assert_eq!(err.kind(), sslkit::ErrorKind::PassphraseRequired, "{path}");
        }
    }
    // Public keys as openssl writes them: SPKI and PKCS#1.
    let spki = openssl(&["pkey", "-in", &rsa, "-pubout"]);
    let pkcs1 = openssl(&["rsa", "-in", &rsa, "-RSAPublicKey_out"]);
    let a = sslkit::PublicKey::from_bytes(&spki).unwrap();
    let b = sslkit::PublicKey::from_bytes(&pkcs1).unwrap();
    assert_eq!(a, b);
    assert_eq!(b.to_pkcs1_pem().unwrap().as_bytes(), &pkcs1[..]);
}

/// RSA keys ring does not take (size not a multiple of 512 bits, e = 3) are read, checked and
/// signed through the rsa crate; openssl verifies what they sign.
#[test]
fn rsa_keys_outside_rings_range_read_and_sign() {
    let dir = tempfile::tempdir().unwrap();
    for (name, args) in [
        ("k3000", vec!["genrsa", "3000"]),
        ("e3", vec!["genrsa", "-3", "2048"]),
        ("k1024", vec!["genrsa", "1024"]),
    ] {
        let pem = openssl(&args);
        let key = PrivateKey::from_pem(&pem, None).unwrap_or_else(|e| panic!("{name}: {e}"));
        let csr = sslkit::CertificateSigningRequest::create(&key, "/CN=x.test", &[]).unwrap();
        let path = dir.path().join(format!("{name}.csr"));
        std::fs::write(&path, csr.to_pem()).unwrap();
        let out = common::openssl_raw(&["req", "-in", path.to_str().unwrap(), "-verify", "-noout"]);
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("verify OK"),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(csr.verify(), "{name}");
    }
}
