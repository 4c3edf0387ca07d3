//! The FAQ's "does this key belong to this certificate" checks against the real `openssl`
//! command: the modulus line and its MD5 byte for byte, key/cert/CSR matching for every key type,
//! fingerprints and SPKI pins, and PEM <-> DER conversion compared with openssl's own output.
//! Every expected value comes from openssl (or from the shared test vectors), never from sslkit.

mod common;

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use common::{Workdir, openssl, openssl_str};
use sslkit::pem::{Encoding, convert};
use sslkit::{
    Certificate, CertificateAuthority, CertificateSigningRequest, Cipher, EncodeOptions, ErrorKind,
    FingerprintHash, Kdf, KeyFormat, KeyType, PrivateKey, Profile, check_match, modulus,
    modulus_md5,
};

const PASS: &str = "modulus test pass";

/// `../shared/testdata` next to the workspace, or None (after printing SKIPPED).
fn testdata() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/testdata");
    if p.is_dir() {
        Some(p)
    } else {
        common::skipped(
            "modulus_match: the shared test vectors",
            &format!("{} is absent", p.display()),
        );
        None
    }
}

/// Runs a shell pipeline with `$1` set to `arg`, as the FAQ's commands are typed.
fn sh(script: &str, arg: &str) -> String {
    let out = Command::new("sh")
        .args(["-c", script, "sh", arg])
        .output()
        .expect("sh runs");
    assert!(
        out.status.success(),
        "`{script}` with $1={arg} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// Runs openssl with `input` on its stdin.
fn openssl_stdin(args: &[&str], input: &[u8]) -> Vec<u8> {
    let mut child = Command::new("openssl")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("openssl runs");
    child.stdin.take().unwrap().write_all(input).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "openssl {} failed: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// What `openssl md5` prints after "= " for `line` on stdin.
fn openssl_md5_of(line: &str) -> String {
    let out = String::from_utf8(openssl_stdin(&["md5"], line.as_bytes())).unwrap();
    after_eq(&out)
}

fn after_eq(out: &str) -> String {
    out.trim_end()
        .rsplit_once("= ")
        .unwrap_or_else(|| panic!("no '= ' in {out:?}"))
        .1
        .to_string()
}

/// `openssl <cmd> -noout -modulus -in path [-passin pass:..]`: the whole stdout.
fn openssl_modulus(cmd: &str, path: &str, pass: Option<&str>) -> String {
    let passarg = format!("pass:{}", pass.unwrap_or(""));
    let mut args = vec![cmd, "-noout", "-modulus", "-in", path];
    if pass.is_some() {
        args.extend(["-passin", &passarg]);
    }
    openssl_str(&args)
}

/// The FAQ's pipeline for one file: `openssl <cmd> -noout -modulus -in F | openssl md5`.
fn faq_md5(cmd: &str, path: &str, pass: Option<&str>) -> String {
    let script = match pass {
        Some(p) => {
            format!("openssl {cmd} -noout -modulus -in \"$1\" -passin 'pass:{p}' | openssl md5")
        }
        None => format!("openssl {cmd} -noout -modulus -in \"$1\" | openssl md5"),
    };
    after_eq(&sh(&script, path))
}

/// Asserts sslkit's modulus line and MD5 equal openssl's for `obj`, stored at `path`.
fn assert_modulus(
    what: &str,
    obj: &impl sslkit::HasPublicKey,
    cmd: &str,
    path: &str,
    pass: Option<&str>,
) -> String {
    let want = openssl_modulus(cmd, path, pass);
    let got = modulus(obj).unwrap();
    assert_eq!(got, want, "{what}: modulus differs from `openssl {cmd}`");
    let want_md5 = faq_md5(cmd, path, pass);
    assert_eq!(
        want_md5.len(),
        32,
        "{what}: openssl md5 printed {want_md5:?}"
    );
    assert_eq!(
        modulus_md5(obj).unwrap(),
        want_md5,
        "{what}: modulus_md5 differs from `openssl {cmd} -noout -modulus | openssl md5`"
    );
    want
}

/// sslkit makes an RSA key, a self-signed certificate, a CSR and a certificate issued by an
/// Ed25519 CA (so the issuer's key is not RSA); openssl prints the moduli.
fn sslkit_made(bits: u32) {
    let w = Workdir::new();
    let t = std::time::Instant::now();
    let key = PrivateKey::generate(KeyType::Rsa, Some(bits)).unwrap();
    eprintln!("sslkit RSA {bits} key generated in {:?}", t.elapsed());
    let clear = w.write("key.pem", key.to_pem().unwrap().as_bytes());
    let pkcs8_enc = w.write(
        "key.p8.enc.pem",
        key.to_pem_with(&EncodeOptions::new().passphrase(PASS.as_bytes()))
            .unwrap()
            .as_bytes(),
    );
    let pbkdf2_enc = w.write(
        "key.pbkdf2.enc.pem",
        key.to_pem_with(
            &EncodeOptions::new()
                .passphrase(PASS.as_bytes())
                .kdf(Kdf::Pbkdf2),
        )
        .unwrap()
        .as_bytes(),
    );
    let legacy_enc = w.write(
        "key.legacy.enc.pem",
        key.to_pem_with(
            &EncodeOptions::new()
                .format(KeyFormat::Traditional)
                .passphrase(PASS.as_bytes())
                .cipher(Cipher::DesEde3Cbc),
        )
        .unwrap()
        .as_bytes(),
    );
    let cert = Certificate::self_signed(&key, "/CN=modulus.test", &[], 2).unwrap();
    let cert_path = w.write("cert.pem", cert.to_pem());
    let csr = CertificateSigningRequest::create(&key, "/O=Foo/CN=modulus.test", &[]).unwrap();
    let csr_path = w.write("csr.pem", csr.to_pem());
    let ca = CertificateAuthority::create_root(
        "/CN=Ed25519 CA",
        Some(PrivateKey::generate(KeyType::Ed25519, None).unwrap()),
        Some(2),
    )
    .unwrap();
    let issued = ca.sign(&csr, Profile::Server, Some(1)).unwrap();
    let issued_path = w.write("issued.pem", issued.to_pem());

    let m = assert_modulus("sslkit key", &key, "rsa", &clear, None);
    for enc in [&pkcs8_enc, &pbkdf2_enc, &legacy_enc] {
        let again = PrivateKey::load(enc, Some(PASS.as_bytes())).unwrap();
        assert_eq!(
            assert_modulus("encrypted sslkit key", &again, "rsa", enc, Some(PASS)),
            m
        );
    }
    assert_eq!(
        assert_modulus("sslkit cert", &cert, "x509", &cert_path, None),
        m
    );
    assert_eq!(
        assert_modulus("sslkit csr", &csr, "req", &csr_path, None),
        m
    );
    assert_eq!(
        assert_modulus("issued cert", &issued, "x509", &issued_path, None),
        m
    );
    assert!(m.len() > bits as usize / 4, "{m}");
}

#[test]
fn modulus_of_sslkit_made_rsa_2048() {
    sslkit_made(2048);
}

#[test]
fn modulus_of_sslkit_made_rsa_3072() {
    sslkit_made(3072);
}

#[test]
fn modulus_of_sslkit_made_rsa_4096() {
    sslkit_made(4096);
}

/// openssl makes the key (clear and encrypted), a self-signed certificate and a CSR; sslkit
/// reads them and prints the same lines.
fn openssl_made(bits: u32) {
    let w = Workdir::new();
    let key_path = w.path("key.pem");
    let enc_path = w.path("key.enc.pem");
    let cert_path = w.path("cert.pem");
    let csr_path = w.path("csr.pem");
    let newkey = format!("rsa:{bits}");
    openssl(&[
        "req",
        "-x509",
        "-newkey",
        &newkey,
        "-keyout",
        &key_path,
        "-out",
        &cert_path,
        "-subj",
        "/CN=openssl.test",
        "-days",
        "1",
        "-noenc",
    ]);
    openssl(&[
        "req",
        "-new",
        "-key",
        &key_path,
        "-out",
        &csr_path,
        "-subj",
        "/CN=openssl.test",
    ]);
    let passout = format!("pass:{PASS}");
    // `openssl rsa -aes256` writes encrypted PKCS#8 in 3.x; `-traditional` the DEK-Info form.
    openssl(&[
        "rsa", "-in", &key_path, "-aes256", "-passout", &passout, "-out", &enc_path,
    ]);
    let legacy_path = w.path("key.legacy.pem");
    openssl(&[
        "rsa",
        "-in",
        &key_path,
        "-traditional",
        "-des3",
        "-passout",
        &passout,
        "-out",
        &legacy_path,
    ]);

    let key = PrivateKey::load(&key_path, None).unwrap();
    let m = assert_modulus("openssl key", &key, "rsa", &key_path, None);
    for p in [&enc_path, &legacy_path] {
        let k = PrivateKey::load(p, Some(PASS.as_bytes())).unwrap();
        assert_eq!(
            assert_modulus("openssl enc key", &k, "rsa", p, Some(PASS)),
            m
        );
    }
    let cert = Certificate::load(&cert_path).unwrap();
    assert_eq!(
        assert_modulus("openssl cert", &cert, "x509", &cert_path, None),
        m
    );
    let csr = CertificateSigningRequest::load(&csr_path).unwrap();
    assert_eq!(
        assert_modulus("openssl csr", &csr, "req", &csr_path, None),
        m
    );
    // The modulus also goes through openssl md5 when given as a line.
    assert_eq!(openssl_md5_of(&m), modulus_md5(&cert).unwrap());
}

#[test]
fn modulus_of_openssl_made_rsa_2048() {
    openssl_made(2048);
}

#[test]
fn modulus_of_openssl_made_rsa_3072() {
    openssl_made(3072);
}

#[test]
fn modulus_of_openssl_made_rsa_4096() {
    openssl_made(4096);
}

/// The mbed TLS files: which pairs match is decided by openssl's moduli.
#[test]
fn shared_vectors_match_as_openssl_says() {
    let Some(td) = testdata() else { return };
    let dir = td.join("keys/mbedtls");
    let p = |n: &str| dir.join(n).to_str().unwrap().to_string();
    let ca_pass = "PolarSSLTest";

    let server8_key = PrivateKey::load(p("server8.key"), None).unwrap();
    let server8_crt = Certificate::load(p("server8.crt")).unwrap();
    let server2_crt = Certificate::load(p("server2.crt")).unwrap();
    let test_ca_key = PrivateKey::load(p("test-ca.key"), Some(ca_pass.as_bytes())).unwrap();
    let test_ca_crt = Certificate::load(p("test-ca.crt")).unwrap();
    let test_ca_req = CertificateSigningRequest::load(p("test-ca.req.sha256")).unwrap();

    let m8k = assert_modulus("server8.key", &server8_key, "rsa", &p("server8.key"), None);
    let m8c = assert_modulus("server8.crt", &server8_crt, "x509", &p("server8.crt"), None);
    let m2c = assert_modulus("server2.crt", &server2_crt, "x509", &p("server2.crt"), None);
    let mcak = assert_modulus(
        "test-ca.key",
        &test_ca_key,
        "rsa",
        &p("test-ca.key"),
        Some(ca_pass),
    );
    let mcac = assert_modulus("test-ca.crt", &test_ca_crt, "x509", &p("test-ca.crt"), None);
    let mcar = assert_modulus(
        "test-ca.req.sha256",
        &test_ca_req,
        "req",
        &p("test-ca.req.sha256"),
        None,
    );

    // The brief's expectations, confirmed by openssl's own output.
    assert_eq!(m8k, m8c, "openssl: server8.key belongs to server8.crt");
    assert_ne!(m2c, mcak, "openssl: server2.crt is not test-ca.key's");
    assert_eq!(mcar, mcak, "openssl: test-ca.req.sha256 is test-ca.key's");

    assert!(server8_key.matches(&server8_crt));
    assert!(!test_ca_key.matches(&server2_crt));
    assert!(test_ca_key.matches(&test_ca_req));
    assert_eq!(test_ca_key.matches(&test_ca_crt), mcak == mcac);
    assert!(check_match(&server8_key, Some(&server8_crt), None).is_ok());
    assert!(check_match(&test_ca_key, Some(&test_ca_crt), Some(&test_ca_req)).is_ok());
    let err = check_match(&test_ca_key, Some(&server2_crt), Some(&test_ca_req)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::KeyMismatch);
    assert!(err.message().contains("certificate"), "{err}");
    let err = check_match(&server8_key, None, Some(&test_ca_req)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::KeyMismatch);
    assert!(err.message().contains("request"), "{err}");
}

/// The public key openssl sees in a key, certificate or request file (SPKI PEM).
fn openssl_pub(kind: &str, path: &str) -> String {
    match kind {
        "key" => openssl_str(&["pkey", "-in", path, "-pubout"]),
        "cert" => openssl_str(&["x509", "-in", path, "-noout", "-pubkey"]),
        "csr" => openssl_str(&["req", "-in", path, "-noout", "-pubkey"]),
        _ => unreachable!(),
    }
}

struct Made {
    key: PrivateKey,
    cert: Certificate,
    csr: CertificateSigningRequest,
    key_path: String,
    cert_path: String,
    csr_path: String,
}

/// A key, its self-signed certificate and its CSR, made by openssl (`newkey` as given to
/// `openssl req -newkey`) or by sslkit.
fn make(w: &Workdir, tag: &str, key_type: KeyType, by_openssl: bool) -> Made {
    let key_path = w.path(&format!("{tag}.key"));
    let cert_path = w.path(&format!("{tag}.crt"));
    let csr_path = w.path(&format!("{tag}.csr"));
    let subj = format!("/CN={tag}.match.test");
    if by_openssl {
        let mut args = vec!["req", "-x509", "-newkey"];
        match key_type {
            KeyType::Rsa => args.push("rsa:2048"),
            KeyType::EcP256 => args.extend(["ec", "-pkeyopt", "ec_paramgen_curve:P-256"]),
            KeyType::EcP384 => args.extend(["ec", "-pkeyopt", "ec_paramgen_curve:P-384"]),
            KeyType::Ed25519 => args.push("ed25519"),
        }
        args.extend([
            "-keyout", &key_path, "-out", &cert_path, "-subj", &subj, "-days", "1", "-noenc",
        ]);
        openssl(&args);
        openssl(&[
            "req", "-new", "-key", &key_path, "-out", &csr_path, "-subj", &subj,
        ]);
    } else {
        let key = PrivateKey::generate(key_type, None).unwrap();
        std::fs::write(&key_path, key.to_pem().unwrap().as_bytes()).unwrap();
        let cert = Certificate::self_signed(&key, &subj, &[], 1).unwrap();
        std::fs::write(&cert_path, cert.to_pem()).unwrap();
        let csr = CertificateSigningRequest::create(&key, &subj, &[]).unwrap();
        std::fs::write(&csr_path, csr.to_pem()).unwrap();
    }
    Made {
        key: PrivateKey::load(&key_path, None).unwrap(),
        cert: Certificate::load(&cert_path).unwrap(),
        csr: CertificateSigningRequest::load(&csr_path).unwrap(),
        key_path,
        cert_path,
        csr_path,
    }
}

#[test]
fn non_rsa_has_no_modulus_and_matching_follows_openssl() {
    let w = Workdir::new();
    let mut all: Vec<(String, KeyType, Made)> = Vec::new();
    for (kt, name) in [
        (KeyType::Rsa, "rsa"),
        (KeyType::EcP256, "p256"),
        (KeyType::EcP384, "p384"),
        (KeyType::Ed25519, "ed25519"),
    ] {
        for by_openssl in [false, true] {
            let tag = format!("{name}-{}", if by_openssl { "openssl" } else { "sslkit" });
            // Two of each origin, so each key has "another key's" certificate of its own kind.
            for n in 0..2 {
                let t = format!("{tag}-{n}");
                all.push((t.clone(), kt, make(&w, &t, kt, by_openssl)));
            }
        }
    }
    for (tag, kt, m) in &all {
        if *kt != KeyType::Rsa {
            for err in [
                modulus(&m.key).unwrap_err(),
                modulus(&m.cert).unwrap_err(),
                modulus(&m.csr).unwrap_err(),
                modulus_md5(&m.cert).unwrap_err(),
            ] {
                assert_eq!(err.kind(), ErrorKind::Unsupported, "{tag}: {err}");
            }
            // openssl has no modulus for these either.
            let (ok, text) =
                common::openssl_try(&["x509", "-in", &m.cert_path, "-noout", "-modulus"]);
            assert!(
                !ok || text.contains("No modulus"),
                "{tag}: openssl printed a modulus: {text}"
            );
        }
    }
    // Every key against every certificate and request: sslkit's verdict is openssl's (same
    // public key printed), and the brief's ground truth holds.
    let pubs: Vec<(String, String, String)> = all
        .iter()
        .map(|(_, _, m)| {
            (
                openssl_pub("key", &m.key_path),
                openssl_pub("cert", &m.cert_path),
                openssl_pub("csr", &m.csr_path),
            )
        })
        .collect();
    let mut checked = 0;
    for (i, (ti, _, mi)) in all.iter().enumerate() {
        for (j, (tj, _, mj)) in all.iter().enumerate() {
            let want_cert = pubs[i].0 == pubs[j].1;
            let want_csr = pubs[i].0 == pubs[j].2;
            assert_eq!(want_cert, i == j, "openssl: key {ti} vs cert {tj}");
            assert_eq!(want_csr, i == j, "openssl: key {ti} vs csr {tj}");
            assert_eq!(mi.key.matches(&mj.cert), want_cert, "key {ti} vs cert {tj}");
            assert_eq!(mi.key.matches(&mj.csr), want_csr, "key {ti} vs csr {tj}");
            let r = check_match(&mi.key, Some(&mj.cert), Some(&mj.csr));
            if i == j {
                r.unwrap();
            } else {
                let e = r.unwrap_err();
                assert_eq!(e.kind(), ErrorKind::KeyMismatch);
                assert!(e.message().contains("certificate"), "{e}");
                let e = check_match(&mi.key, Some(&mi.cert), Some(&mj.csr)).unwrap_err();
                assert_eq!(e.kind(), ErrorKind::KeyMismatch);
                assert!(e.message().contains("request"), "{e}");
            }
            checked += 1;
        }
    }
    eprintln!("{checked} key/cert/csr pairs checked against openssl");
    let e = check_match(&all[0].2.key, None, None).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
}

/// `openssl x509 -fingerprint` (after "Fingerprint=") and the SPKI pin pipeline.
#[test]
fn fingerprints_and_spki_pins_equal_openssl() {
    let w = Workdir::new();
    let mut n = 0;
    for (kt, name) in [
        (KeyType::Rsa, "rsa"),
        (KeyType::EcP256, "p256"),
        (KeyType::EcP384, "p384"),
        (KeyType::Ed25519, "ed25519"),
    ] {
        for by_openssl in [false, true] {
            let tag = format!("fp-{name}-{by_openssl}");
            let m = make(&w, &tag, kt, by_openssl);
            for (hash, flag) in [
                (FingerprintHash::Sha1, "-sha1"),
                (FingerprintHash::Sha256, "-sha256"),
            ] {
                let out =
                    openssl_str(&["x509", "-in", &m.cert_path, "-noout", "-fingerprint", flag]);
                let want = out
                    .trim_end()
                    .split_once("Fingerprint=")
                    .unwrap_or_else(|| panic!("{out}"))
                    .1;
                assert_eq!(m.cert.fingerprint(hash), want, "{tag} {flag}");
            }
            let pin = sh(
                "openssl x509 -pubkey -noout -in \"$1\" | openssl pkey -pubin -outform der \
                 | openssl dgst -sha256 -binary | openssl base64",
                &m.cert_path,
            );
            let pin = pin.trim();
            assert_eq!(pin.len(), 44, "{pin}");
            assert_eq!(m.cert.public_key().spki_pin_sha256(), pin, "{tag} cert pin");
            assert_eq!(m.key.public_key().spki_pin_sha256(), pin, "{tag} key pin");
            assert_eq!(m.csr.public_key().spki_pin_sha256(), pin, "{tag} csr pin");
            let hex = sh(
                "openssl pkey -in \"$1\" -pubout -outform der | openssl dgst -sha256 -c",
                &m.key_path,
            );
            assert!(
                m.key
                    .public_key()
                    .spki_fingerprint()
                    .eq_ignore_ascii_case(&after_eq(&hex)),
                "{tag}: spki_fingerprint vs {hex}"
            );
            n += 1;
        }
    }
    // The shared vectors too (certificates made by mbed TLS's scripts).
    if let Some(td) = testdata() {
        for f in ["server8.crt", "server2.crt", "test-ca.crt"] {
            let path = td.join("keys/mbedtls").join(f);
            let path = path.to_str().unwrap();
            let cert = Certificate::load(path).unwrap();
            let out = openssl_str(&["x509", "-in", path, "-noout", "-fingerprint", "-sha256"]);
            assert_eq!(
                cert.fingerprint(FingerprintHash::Sha256),
                out.trim_end().split_once("Fingerprint=").unwrap().1,
                "{f}"
            );
            n += 1;
        }
    }
    assert!(n >= 8);
}

/// What, the PEM file, openssl args printing DER from PEM, args printing PEM from DER, label.
type ConvertCase<'a> = (&'a str, &'a str, Vec<&'a str>, Vec<&'a str>, &'a str);

/// `convert` against `openssl x509|req|pkey|rsa -outform DER` and back.
#[test]
fn convert_matches_openssl_both_ways() {
    let w = Workdir::new();
    let key_path = w.path("key.pem");
    let cert_path = w.path("cert.pem");
    let csr_path = w.path("csr.pem");
    openssl(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-keyout",
        &key_path,
        "-out",
        &cert_path,
        "-subj",
        "/CN=convert.test",
        "-days",
        "1",
        "-noenc",
    ]);
    openssl(&[
        "req",
        "-new",
        "-key",
        &key_path,
        "-out",
        &csr_path,
        "-subj",
        "/CN=convert.test",
    ]);
    let pub_path = w.write("pub.pem", openssl(&["pkey", "-in", &key_path, "-pubout"]));
    let pkcs1_path = w.write(
        "key.pkcs1.pem",
        openssl(&["rsa", "-in", &key_path, "-traditional"]),
    );
    let ec_path = w.write(
        "ec.pem",
        openssl(&[
            "genpkey",
            "-algorithm",
            "EC",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
        ]),
    );
    let sec1_path = w.write("ec.sec1.pem", openssl(&["ec", "-in", &ec_path]));

    let cases: Vec<ConvertCase> = vec![
        (
            "certificate",
            &cert_path,
            vec!["x509", "-outform", "DER", "-in"],
            vec!["x509", "-inform", "DER", "-in"],
            "CERTIFICATE",
        ),
        (
            "request",
            &csr_path,
            vec!["req", "-outform", "DER", "-in"],
            vec!["req", "-inform", "DER", "-in"],
            "CERTIFICATE REQUEST",
        ),
        (
            "PKCS#8 key",
            &key_path,
            // `openssl pkey -outform DER` writes PKCS#1 for RSA keys in OpenSSL 3.0, so the
            // PKCS#8 DER comes from `pkcs8 -topk8 -nocrypt`.
            vec!["pkcs8", "-topk8", "-nocrypt", "-outform", "DER", "-in"],
            vec!["pkey", "-inform", "DER", "-in"],
            "PRIVATE KEY",
        ),
        (
            "public key",
            &pub_path,
            vec!["pkey", "-pubin", "-outform", "DER", "-in"],
            vec!["pkey", "-pubin", "-inform", "DER", "-in"],
            "PUBLIC KEY",
        ),
        (
            "PKCS#1 key",
            &pkcs1_path,
            vec!["rsa", "-traditional", "-outform", "DER", "-in"],
            vec!["rsa", "-traditional", "-inform", "DER", "-in"],
            "RSA PRIVATE KEY",
        ),
        (
            "SEC1 key",
            &sec1_path,
            vec!["ec", "-outform", "DER", "-in"],
            vec!["ec", "-inform", "DER", "-in"],
            "EC PRIVATE KEY",
        ),
    ];
    for (what, pem_path, to_der, to_pem, label) in cases {
        let pem = std::fs::read(pem_path).unwrap();
        let mut args = to_der.clone();
        args.push(pem_path);
        let want_der = openssl(&args);
        let der = convert(&pem, Encoding::Der).unwrap().to_vec();
        assert_eq!(der, want_der, "{what}: PEM -> DER differs from openssl");
        let der_path = w.write(&format!("{label}.der"), &der);
        let mut args = to_pem.clone();
        args.push(&der_path);
        let want_pem = openssl(&args);
        let back = convert(&der, Encoding::Pem).unwrap().to_vec();
        assert_eq!(
            String::from_utf8_lossy(&back),
            String::from_utf8_lossy(&want_pem),
            "{what}: DER -> PEM differs from openssl"
        );
        assert!(
            back.starts_with(format!("-----BEGIN {label}-----\n").as_bytes()),
            "{what}"
        );
        // PEM -> PEM and DER -> DER are canonical re-encodings.
        assert_eq!(
            convert(&want_pem, Encoding::Pem).unwrap().to_vec(),
            want_pem,
            "{what}"
        );
        assert_eq!(
            convert(&der, Encoding::Der).unwrap().to_vec(),
            der,
            "{what}"
        );
    }

    // Encrypted PKCS#8 made by `openssl pkcs8 -topk8 -v2 aes256`: DER -> PEM is an
    // ENCRYPTED PRIVATE KEY that openssl decrypts with the passphrase to the same key.
    let passout = format!("pass:{PASS}");
    let enc_der_path = w.path("enc.der");
    openssl(&[
        "pkcs8",
        "-topk8",
        "-v2",
        "aes256",
        "-in",
        &key_path,
        "-passout",
        &passout,
        "-outform",
        "DER",
        "-out",
        &enc_der_path,
    ]);
    let enc_der = std::fs::read(&enc_der_path).unwrap();
    let enc_pem = convert(&enc_der, Encoding::Pem).unwrap().to_vec();
    assert!(enc_pem.starts_with(b"-----BEGIN ENCRYPTED PRIVATE KEY-----\n"));
    let enc_pem_path = w.write("enc.pem", &enc_pem);
    let dec = openssl(&["pkey", "-in", &enc_pem_path, "-passin", &passout]);
    assert_eq!(dec, openssl(&["pkey", "-in", &key_path]));
    assert_eq!(convert(&enc_pem, Encoding::Der).unwrap().to_vec(), enc_der);
    // openssl's own PEM of the same bytes is what sslkit wrote.
    let openssl_enc_pem = sh(
        "printf -- '-----BEGIN ENCRYPTED PRIVATE KEY-----\\n'; openssl base64 -in \"$1\"; \
         printf -- '-----END ENCRYPTED PRIVATE KEY-----\\n'",
        &enc_der_path,
    );
    assert_eq!(String::from_utf8_lossy(&enc_pem), openssl_enc_pem);
    let k = PrivateKey::from_pem(&enc_pem, Some(PASS.as_bytes())).unwrap();
    assert!(k.matches(&Certificate::load(&cert_path).unwrap()));
}

#[test]
fn convert_refuses_bundles_legacy_keys_and_garbage() {
    let w = Workdir::new();
    let a = w.path("a.pem");
    let b = w.path("b.pem");
    for p in [&a, &b] {
        openssl(&[
            "req",
            "-x509",
            "-newkey",
            "ed25519",
            "-keyout",
            "/dev/null",
            "-out",
            p,
            "-subj",
            "/CN=bundle.test",
            "-days",
            "1",
            "-noenc",
        ]);
    }
    let mut bundle = std::fs::read(&a).unwrap();
    bundle.extend(std::fs::read(&b).unwrap());
    let e = convert(&bundle, Encoding::Der).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput, "{e}");
    assert!(e.message().contains('2'), "{e}");

    // A DEK-Info key written by openssl itself.
    let legacy = openssl(&[
        "genpkey",
        "-algorithm",
        "EC",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
    ]);
    let legacy_path = w.write("legacy-in.pem", &legacy);
    let legacy = openssl(&["ec", "-in", &legacy_path, "-aes256", "-passout", "pass:pw"]);
    assert!(String::from_utf8_lossy(&legacy).contains("DEK-Info"));
    for to in [Encoding::Der, Encoding::Pem] {
        let e = convert(&legacy, to).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput, "{to:?}: {e}");
    }
    if let Some(td) = testdata() {
        let f = std::fs::read(td.join("keys/mbedtls/rsa_pkcs1_2048_aes256.pem")).unwrap();
        assert_eq!(
            convert(&f, Encoding::Der).unwrap_err().kind(),
            ErrorKind::InvalidInput
        );
    }

    for garbage in [
        &b"this is not a certificate"[..],
        &[0x30, 0x03, 0x02, 0x01, 0x05][..],
        b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
    ] {
        for to in [Encoding::Der, Encoding::Pem] {
            let e = convert(garbage, to).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Parse, "{garbage:?} -> {to:?}: {e}");
        }
    }
}

/// Moduli whose length is not a whole number of bytes: openssl's BN_print drops a leading zero
/// nibble (1020 and 2044 bits print an odd number of hex digits). Sizes that are not a multiple
/// of 512 bits (2052, 2560, 3000: `openssl genrsa 3000` is common enough) are within sslkit's
/// "RSA 2048-16384 bits" and must be read. Keys below 2048 bits are read and inspected, never
/// generated.
#[test]
fn odd_sized_moduli_print_like_openssl() {
    let w = Workdir::new();
    let mut unreadable = Vec::new();
    for bits in [1020u32, 1024, 2044, 2047, 2052, 2560, 3000] {
        let path = w.path(&format!("rsa{bits}.pem"));
        openssl(&["genrsa", "-out", &path, &bits.to_string()]);
        openssl(&["rsa", "-in", &path, "-check", "-noout"]);
        let cert_path = w.path(&format!("rsa{bits}.crt"));
        openssl(&[
            "req",
            "-x509",
            "-key",
            &path,
            "-out",
            &cert_path,
            "-subj",
            "/CN=odd.test",
            "-days",
            "1",
        ]);
        // The certificate holds only the public key: always readable.
        let cert = Certificate::load(&cert_path).unwrap();
        let m = assert_modulus(&format!("RSA {bits} cert"), &cert, "x509", &cert_path, None);
        let key = match PrivateKey::load(&path, None) {
            Ok(k) => k,
            Err(e) => {
                unreadable.push(format!("{bits} bits: {}: {}", e.kind(), e.message()));
                continue;
            }
        };
        assert_eq!(key.bits(), bits);
        assert_eq!(
            assert_modulus(&format!("RSA {bits}"), &key, "rsa", &path, None),
            m
        );
        assert!(key.matches(&cert));
    }
    assert!(
        unreadable.is_empty(),
        "openssl-made RSA keys sslkit cannot read (openssl rsa -check accepts them):\n{}",
        unreadable.join("\n")
    );
}
