//! End-to-end tests of the check commands `sslkit modulus`, `match`, `fingerprint`, `convert`,
//! `chain` and `verify` against the real `openssl` command (3.x on PATH). Every expected value
//! comes from openssl (or from the files the test made), never from sslkit itself: the modulus
//! lines and their MD5 as the FAQ's `openssl x509 -noout -modulus | openssl md5` prints them,
//! fingerprints and SPKI pins, DER as `openssl x509|req|pkey -outform DER` writes it, and chains
//! that `openssl verify` accepts or refuses.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

use common::{
    ca_init, ca_sign, genkey, mode, openssl, openssl_bytes, openssl_csr, openssl_key, openssl_ok,
    run, s, sslkit, sslkit_ok, tmp, umasked_0644,
};

// ---------------------------------------------------------------------------------------------
// Helpers

const PASS: &str = "pass:s3cret pass";

/// Runs a shell pipeline with `args` as `$1`, `$2`, ... (no quoting of paths needed) and asserts
/// success; returns stdout.
#[track_caller]
fn sh(script: &str, args: &[&str]) -> String {
    let r = run(
        Command::new("sh")
            .arg("-c")
            .arg(script)
            .arg("sh")
            .args(args),
        None,
    );
    assert_eq!(r.code, 0, "sh -c {script:?} failed: {}", r.stderr);
    r.stdout_str()
}

/// `openssl req -x509 -key KEY -subj /CN=CN -days 30 -out OUT`.
fn openssl_selfsigned(key: &Path, cn: &str, out: &Path) {
    let subj = format!("/CN={cn}");
    openssl_ok(&[
        "req",
        "-x509",
        "-key",
        s(key),
        "-subj",
        &subj,
        "-days",
        "30",
        "-out",
        s(out),
    ]);
}

/// SHA-256 fingerprint of a certificate as openssl prints it, without the label.
fn openssl_fingerprint(cert: &Path) -> String {
    let out = openssl_ok(&["x509", "-in", s(cert), "-noout", "-fingerprint", "-sha256"]);
    out.trim_end()
        .split_once('=')
        .expect("Fingerprint= line")
        .1
        .to_string()
}

/// Splits a PEM bundle into its certificates, each written to DIR/NAME.N.pem.
fn split_pem(dir: &Path, name: &str, pem: &str) -> Vec<PathBuf> {
    const END: &str = "-----END CERTIFICATE-----\n";
    let mut files = Vec::new();
    let mut rest = pem;
    while let Some(pos) = rest.find(END) {
        let block = &rest[..pos + END.len()];
        let path = dir.join(format!("{name}.{}.pem", files.len()));
        fs::write(&path, block).unwrap();
        files.push(path);
        rest = &rest[pos + END.len()..];
    }
    assert!(
        rest.trim().is_empty(),
        "text after the last block: {rest:?}"
    );
    files
}

/// An sslkit CA hierarchy: a root, an intermediate it signed, and a leaf for www.example.test
/// the intermediate signed (all ECDSA P-256, for speed); and an unrelated self-signed
/// certificate made by openssl.
struct Hierarchy {
    _dir: TempDir,
    root: PathBuf,
    inter: PathBuf,
    leaf: PathBuf,
    unrelated: PathBuf,
}

fn hierarchy() -> Hierarchy {
    let dir = tmp();
    let d = dir.path();
    let (root, root_key) = ca_init(&d.join("ca"), "/O=Example/CN=Example Root", &[]);

    let inter_key = genkey(d, "inter.key", "ec-p256");
    let inter_csr = d.join("inter.csr");
    let inter = d.join("inter.crt");
    sslkit_ok(&[
        "csr",
        "--key",
        s(&inter_key),
        "--subject",
        "/O=Example/CN=Example Inter",
        "--out",
        s(&inter_csr),
    ]);
    ca_sign(
        &root,
        &root_key,
        &inter_csr,
        &inter,
        &["--profile", "intermediate"],
    )
    .ok_quiet();

    let leaf_key = genkey(d, "leaf.key", "ec-p256");
    let leaf_csr = d.join("leaf.csr");
    let leaf = d.join("leaf.crt");
    sslkit_ok(&[
        "csr",
        "--key",
        s(&leaf_key),
        "--cn",
        "www.example.test",
        "--out",
        s(&leaf_csr),
    ]);
    ca_sign(&inter, &inter_key, &leaf_csr, &leaf, &[]).ok_quiet();

    let unrelated_key = openssl_key(d, "unrelated.key", "EC");
    let unrelated = d.join("unrelated.crt");
    openssl_selfsigned(&unrelated_key, "Unrelated Root", &unrelated);

    // Ground truth: openssl agrees that this is a chain.
    let r = openssl(&[
        "verify",
        "-CAfile",
        s(&root),
        "-untrusted",
        s(&inter),
        s(&leaf),
    ]);
    assert_eq!(r.code, 0, "openssl verify: {}{}", r.stdout_str(), r.stderr);
    Hierarchy {
        _dir: dir,
        root,
        inter,
        leaf,
        unrelated,
    }
}

// ---------------------------------------------------------------------------------------------
// modulus

/// Asserts that `sslkit modulus --in FILE` (with `--passin` when given) prints exactly what
/// `openssl CMD -noout -modulus -in FILE` prints, and `--md5` exactly what that piped through
/// `openssl md5` prints. `cmd` is x509, rsa or req (plus `-pubin` / `-inform DER`).
#[track_caller]
fn assert_modulus_like_openssl(cmd: &[&str], file: &Path, passin: Option<&str>) {
    let mut ossl: Vec<&str> = cmd.to_vec();
    ossl.extend(["-noout", "-modulus", "-in", s(file)]);
    let mut mine = vec!["modulus", "--in", s(file)];
    if let Some(p) = passin {
        ossl.extend(["-passin", p]);
        mine.extend(["--passin", p]);
    }
    let expected = openssl_ok(&ossl);
    assert!(expected.starts_with("Modulus="), "{expected}");
    assert_eq!(sslkit_ok(&mine), expected, "modulus of {}", s(file));

    // The FAQ's pipeline. The passphrase (it holds a space) reaches openssl through the
    // environment.
    let mut script = format!("openssl {} -noout -modulus -in \"$1\"", cmd.join(" "));
    if passin.is_some() {
        script.push_str(" -passin env:SSLKIT_TEST_PASS");
    }
    script.push_str(" | openssl md5");
    let pass = passin.and_then(|p| p.strip_prefix("pass:")).unwrap_or("");
    let r = run(
        Command::new("sh")
            .arg("-c")
            .arg(&script)
            .arg("sh")
            .arg(s(file))
            .env("SSLKIT_TEST_PASS", pass),
        None,
    );
    assert_eq!(r.code, 0, "{script}: {}", r.stderr);
    let expected_md5 = r.stdout_str();
    assert!(expected_md5.starts_with("MD5(stdin)= "), "{expected_md5}");
    mine.push("--md5");
    assert_eq!(sslkit_ok(&mine), expected_md5, "modulus MD5 of {}", s(file));
}

#[test]
fn modulus_of_openssl_keys_certificates_and_requests() {
    let dir = tmp();
    let d = dir.path();
    for bits in ["2048", "3072", "4096"] {
        // The FAQ's key, encrypted (genrsa -aes256), and the same key in the clear.
        let enc = d.join(format!("enc{bits}.key"));
        let clear = d.join(format!("clear{bits}.key"));
        openssl_ok(&["genrsa", "-aes256", "-passout", PASS, "-out", s(&enc), bits]);
        openssl_ok(&["rsa", "-in", s(&enc), "-passin", PASS, "-out", s(&clear)]);
        let csr = d.join(format!("{bits}.csr"));
        let crt = d.join(format!("{bits}.crt"));
        openssl_csr(&clear, "www.foo.dom", &csr, None);
        openssl_selfsigned(&clear, "www.foo.dom", &crt);

        assert_modulus_like_openssl(&["rsa"], &clear, None);
        assert_modulus_like_openssl(&["rsa"], &enc, Some(PASS));
        assert_modulus_like_openssl(&["x509"], &crt, None);
        assert_modulus_like_openssl(&["req"], &csr, None);
    }

    // req -x509 -newkey and req -new -newkey, as in the FAQ; a public key; DER files.
    let key = d.join("new.key");
    let crt = d.join("new.crt");
    openssl_ok(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        s(&key),
        "-subj",
        "/CN=new",
        "-days",
        "1",
        "-out",
        s(&crt),
    ]);
    assert_modulus_like_openssl(&["x509"], &crt, None);
    assert_modulus_like_openssl(&["rsa"], &key, None);
    let key2 = d.join("new2.key");
    let csr2 = d.join("new2.csr");
    openssl_ok(&[
        "req",
        "-new",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        s(&key2),
        "-subj",
        "/CN=new2",
        "-out",
        s(&csr2),
    ]);
    assert_modulus_like_openssl(&["req"], &csr2, None);

    let pubkey = d.join("new.pub");
    openssl_ok(&["rsa", "-in", s(&key), "-pubout", "-out", s(&pubkey)]);
    assert_modulus_like_openssl(&["rsa", "-pubin"], &pubkey, None);
    let crt_der = d.join("new.der");
    openssl_ok(&[
        "x509",
        "-in",
        s(&crt),
        "-outform",
        "DER",
        "-out",
        s(&crt_der),
    ]);
    assert_modulus_like_openssl(&["x509", "-inform", "DER"], &crt_der, None);
    let key_der = d.join("new.key.der");
    openssl_ok(&[
        "rsa",
        "-in",
        s(&key),
        "-outform",
        "DER",
        "-out",
        s(&key_der),
    ]);
    assert_modulus_like_openssl(&["rsa", "-inform", "DER"], &key_der, None);
    // A legacy (DEK-Info) encrypted key, as OpenSSL 1.x wrote them.
    let legacy = d.join("legacy.key");
    openssl_ok(&[
        "rsa",
        "-in",
        s(&key),
        "-traditional",
        "-des3",
        "-passout",
        PASS,
        "-out",
        s(&legacy),
    ]);
    assert!(fs::read_to_string(&legacy).unwrap().contains("DEK-Info"));
    assert_modulus_like_openssl(&["rsa"], &legacy, Some(PASS));
}

#[test]
fn modulus_of_sslkit_keys_certificates_and_requests() {
    let dir = tmp();
    let d = dir.path();
    for (bits, encrypt) in [("2048", false), ("3072", true), ("4096", false)] {
        let key = d.join(format!("{bits}.key"));
        let mut args = vec!["genkey", "--bits", bits, "--out", s(&key)];
        if encrypt {
            args.extend(["--passout", PASS]);
        }
        sslkit_ok(&args);
        let passin = encrypt.then_some(PASS);
        let with_pass = |mut v: Vec<String>| {
            if let Some(p) = passin {
                v.extend(["--passin".to_string(), p.to_string()]);
            }
            v
        };
        let csr = d.join(format!("{bits}.csr"));
        let crt = d.join(format!("{bits}.crt"));
        let csr_args = with_pass(
            [
                "csr",
                "--key",
                s(&key),
                "--cn",
                "www.foo.dom",
                "--out",
                s(&csr),
            ]
            .map(String::from)
            .to_vec(),
        );
        sslkit_ok(&csr_args.iter().map(String::as_str).collect::<Vec<_>>());
        let crt_args = with_pass(
            [
                "selfsign",
                "--key",
                s(&key),
                "--cn",
                "www.foo.dom",
                "--out",
                s(&crt),
            ]
            .map(String::from)
            .to_vec(),
        );
        sslkit_ok(&crt_args.iter().map(String::as_str).collect::<Vec<_>>());

        assert_modulus_like_openssl(&["rsa"], &key, passin);
        assert_modulus_like_openssl(&["x509"], &crt, None);
        assert_modulus_like_openssl(&["req"], &csr, None);
    }
    // A traditional key with legacy encryption, written by sslkit.
    let key = d.join("trad.key");
    sslkit_ok(&[
        "genkey",
        "--format",
        "traditional",
        "--cipher",
        "des3",
        "--passout",
        PASS,
        "--out",
        s(&key),
    ]);
    assert_modulus_like_openssl(&["rsa"], &key, Some(PASS));
}

#[test]
fn modulus_input_errors_exit_2() {
    let dir = tmp();
    let d = dir.path();
    // Non-RSA keys have no modulus: exit 2, pointing at the SPKI fingerprint.
    for alg in ["EC", "ED25519"] {
        let key = openssl_key(d, &format!("{alg}.key"), alg);
        let crt = d.join(format!("{alg}.crt"));
        openssl_selfsigned(&key, "x", &crt);
        for f in [&key, &crt] {
            let r = sslkit(&["modulus", "--in", s(f)]);
            assert!(
                r.usage_error().contains("fingerprint --spki"),
                "{}",
                r.stderr
            );
        }
    }
    // An encrypted key without --passin, with a wrong one; garbage; a missing file.
    let enc = d.join("enc.key");
    openssl_ok(&[
        "genrsa",
        "-aes256",
        "-passout",
        PASS,
        "-out",
        s(&enc),
        "2048",
    ]);
    let r = sslkit(&["modulus", "--in", s(&enc)]);
    assert!(r.usage_error().contains("--passin"), "{}", r.stderr);
    let r = sslkit(&[
        "modulus",
        "--in",
        s(&enc),
        "--passin",
        "pass:wrong",
        "--md5",
    ]);
    assert!(r.usage_error().contains("passphrase"), "{}", r.stderr);
    let junk = d.join("junk.pem");
    fs::write(&junk, "this is not a certificate\n").unwrap();
    sslkit(&["modulus", "--in", s(&junk)]).usage_error();
    let dh = d.join("dh.pem");
    fs::write(
        &dh,
        "-----BEGIN DH PARAMETERS-----\nAQID\n-----END DH PARAMETERS-----\n",
    )
    .unwrap();
    sslkit(&["modulus", "--in", s(&dh)]).usage_error();
    sslkit(&["modulus", "--in", s(&d.join("missing.pem"))]).usage_error();
    sslkit(&["modulus"]).usage_error();
}

// ---------------------------------------------------------------------------------------------
// match

#[test]
fn match_keys_with_certificates_and_requests_of_every_type() {
    let dir = tmp();
    let d = dir.path();
    for alg in ["RSA", "EC", "ED25519"] {
        let key_a = openssl_key(d, &format!("{alg}-a.key"), alg);
        let key_b = openssl_key(d, &format!("{alg}-b.key"), alg);
        let (crt_a, csr_a) = (
            d.join(format!("{alg}-a.crt")),
            d.join(format!("{alg}-a.csr")),
        );
        let (crt_b, csr_b) = (
            d.join(format!("{alg}-b.crt")),
            d.join(format!("{alg}-b.csr")),
        );
        openssl_selfsigned(&key_a, "a.test", &crt_a);
        openssl_csr(&key_a, "a.test", &csr_a, None);
        openssl_selfsigned(&key_b, "b.test", &crt_b);
        openssl_csr(&key_b, "b.test", &csr_b, None);
        // Ground truth: openssl's public keys differ between a and b.
        let pub_of = |args: &[&str]| openssl_ok(args);
        assert_eq!(
            pub_of(&["pkey", "-in", s(&key_a), "-pubout"]),
            pub_of(&["x509", "-in", s(&crt_a), "-noout", "-pubkey"])
        );
        assert_ne!(
            pub_of(&["pkey", "-in", s(&key_a), "-pubout"]),
            pub_of(&["x509", "-in", s(&crt_b), "-noout", "-pubkey"])
        );

        let out = sslkit_ok(&[
            "match",
            "--key",
            s(&key_a),
            "--cert",
            s(&crt_a),
            "--csr",
            s(&csr_a),
        ]);
        assert!(out.contains("key matches certificate"), "{out}");
        assert!(out.contains("key matches request"), "{out}");
        if alg == "RSA" {
            // The FAQ's numbers, side by side: the modulus MD5 as openssl computes it.
            let md5 = sh(
                "openssl x509 -noout -modulus -in \"$1\" | openssl md5",
                &[s(&crt_a)],
            );
            let md5 = md5.trim_end().strip_prefix("MD5(stdin)= ").unwrap();
            assert_eq!(out.matches(md5).count(), 3, "{out}");
        }
        sslkit_ok(&["match", "--key", s(&key_a), "--cert", s(&crt_a)]);
        sslkit_ok(&["match", "--key", s(&key_a), "--csr", s(&csr_a)]);

        // Another key's certificate or request: exit 1, stderr names the file that differs.
        let r = sslkit(&[
            "match",
            "--key",
            s(&key_a),
            "--cert",
            s(&crt_b),
            "--csr",
            s(&csr_a),
        ]);
        let err = r.fails(1);
        assert!(err.contains(s(&crt_b)) && !err.contains(s(&csr_a)), "{err}");
        assert!(r.stdout_str().contains("key matches request"));
        let r = sslkit(&[
            "match",
            "--key",
            s(&key_a),
            "--cert",
            s(&crt_a),
            "--csr",
            s(&csr_b),
        ]);
        let err = r.fails(1);
        assert!(err.contains(s(&csr_b)) && !err.contains(s(&crt_a)), "{err}");
        let r = sslkit(&["match", "--key", s(&key_b), "--cert", s(&crt_a)]);
        assert!(r.fails(1).contains(s(&crt_a)));
        let r = sslkit(&["match", "--key", s(&key_b), "--csr", s(&csr_a)]);
        assert!(r.fails(1).contains(s(&csr_a)));
    }
}

#[test]
fn match_usage_and_input_errors_exit_2() {
    let dir = tmp();
    let d = dir.path();
    let enc = d.join("enc.key");
    openssl_ok(&[
        "genrsa",
        "-aes256",
        "-passout",
        PASS,
        "-out",
        s(&enc),
        "2048",
    ]);
    let crt = d.join("enc.crt");
    openssl_ok(&[
        "req",
        "-x509",
        "-key",
        s(&enc),
        "-passin",
        PASS,
        "-subj",
        "/CN=x",
        "-out",
        s(&crt),
    ]);
    // The encrypted key matches with its passphrase.
    sslkit_ok(&[
        "match",
        "--key",
        s(&enc),
        "--passin",
        PASS,
        "--cert",
        s(&crt),
    ]);
    // Neither --cert nor --csr; no passphrase; a wrong one; a certificate that is garbage.
    sslkit(&["match", "--key", s(&enc), "--passin", PASS]).usage_error();
    sslkit(&["match", "--key", s(&enc), "--cert", s(&crt)]).usage_error();
    sslkit(&[
        "match",
        "--key",
        s(&enc),
        "--passin",
        "pass:nope",
        "--cert",
        s(&crt),
    ])
    .usage_error();
    let junk = d.join("junk.crt");
    fs::write(&junk, b"\x30\x03\x02\x01\x01").unwrap();
    sslkit(&[
        "match",
        "--key",
        s(&enc),
        "--passin",
        PASS,
        "--cert",
        s(&junk),
    ])
    .usage_error();
    // A key given as the certificate.
    sslkit(&[
        "match",
        "--key",
        s(&enc),
        "--passin",
        PASS,
        "--cert",
        s(&enc),
    ])
    .usage_error();
}

// ---------------------------------------------------------------------------------------------
// fingerprint

/// `... | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | openssl base64`,
/// where `...` prints the PEM public key of `file` ($1).
fn openssl_pin(extract: &str, file: &Path) -> String {
    sh(
        &format!(
            "{extract} | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | openssl base64"
        ),
        &[s(file)],
    )
}

#[test]
fn fingerprints_and_pins_equal_openssl() {
    let dir = tmp();
    let d = dir.path();
    let mut certs = Vec::new();
    // Certificates made by openssl (RSA) and by sslkit (EC, Ed25519), PEM and DER.
    let rsa = openssl_key(d, "rsa.key", "RSA");
    let rsa_crt = d.join("rsa.crt");
    openssl_selfsigned(&rsa, "rsa.test", &rsa_crt);
    certs.push(rsa_crt.clone());
    for t in ["ec-p256", "ed25519"] {
        let key = genkey(d, &format!("{t}.key"), t);
        let crt = d.join(format!("{t}.crt"));
        sslkit_ok(&[
            "selfsign",
            "--key",
            s(&key),
            "--cn",
            "x.test",
            "--out",
            s(&crt),
        ]);
        certs.push(crt);
    }
    for crt in &certs {
        let sha1 = openssl_ok(&["x509", "-in", s(crt), "-noout", "-fingerprint", "-sha1"]);
        let sha256 = openssl_ok(&["x509", "-in", s(crt), "-noout", "-fingerprint", "-sha256"]);
        assert_eq!(sslkit_ok(&["fingerprint", "--in", s(crt), "--sha1"]), sha1);
        assert_eq!(
            sslkit_ok(&["fingerprint", "--in", s(crt), "--sha256"]),
            sha256
        );
        assert_eq!(sslkit_ok(&["fingerprint", "--in", s(crt)]), sha256);
        let pin = openssl_pin("openssl x509 -pubkey -noout -in \"$1\"", crt);
        assert_eq!(sslkit_ok(&["fingerprint", "--in", s(crt), "--spki"]), pin);
        // DER in, same answers.
        let der = crt.with_extension("der");
        openssl_ok(&["x509", "-in", s(crt), "-outform", "DER", "-out", s(&der)]);
        assert_eq!(sslkit_ok(&["fingerprint", "--in", s(&der)]), sha256);
        assert_eq!(sslkit_ok(&["fingerprint", "--in", s(&der), "--spki"]), pin);
    }

    // --spki of a request, a key (clear and encrypted), a public key: the certificate's pin.
    let csr = d.join("rsa.csr");
    openssl_csr(&rsa, "rsa.test", &csr, None);
    let pin = openssl_pin("openssl req -pubkey -noout -in \"$1\"", &csr);
    assert_eq!(
        pin,
        openssl_pin("openssl x509 -pubkey -noout -in \"$1\"", &rsa_crt)
    );
    let enc = d.join("rsa-enc.key");
    openssl_ok(&[
        "pkey",
        "-in",
        s(&rsa),
        "-aes256",
        "-passout",
        PASS,
        "-out",
        s(&enc),
    ]);
    let public = d.join("rsa.pub");
    openssl_ok(&["pkey", "-in", s(&rsa), "-pubout", "-out", s(&public)]);
    assert_eq!(sslkit_ok(&["fingerprint", "--in", s(&csr), "--spki"]), pin);
    assert_eq!(sslkit_ok(&["fingerprint", "--in", s(&rsa), "--spki"]), pin);
    assert_eq!(
        sslkit_ok(&["fingerprint", "--in", s(&public), "--spki"]),
        pin
    );
    assert_eq!(
        sslkit_ok(&["fingerprint", "--in", s(&enc), "--spki", "--passin", PASS]),
        pin
    );

    // A certificate fingerprint of something that is not a certificate; an encrypted key
    // without its passphrase; two hashes at once; garbage.
    for f in [&csr, &rsa, &public] {
        let r = sslkit(&["fingerprint", "--in", s(f)]);
        assert!(r.usage_error().contains("--spki"), "{}", r.stderr);
    }
    sslkit(&["fingerprint", "--in", s(&enc), "--spki"]).usage_error();
    sslkit(&["fingerprint", "--in", s(&rsa_crt), "--sha1", "--sha256"]).usage_error();
    sslkit(&["fingerprint", "--in", s(&rsa_crt), "--sha1", "--spki"]).usage_error();
    let junk = d.join("junk");
    fs::write(&junk, [0u8, 1, 2, 3]).unwrap();
    sslkit(&["fingerprint", "--in", s(&junk), "--spki"]).usage_error();
}

// ---------------------------------------------------------------------------------------------
// convert

#[test]
fn convert_pem_der_like_openssl() {
    let dir = tmp();
    let d = dir.path();
    let public_mode = umasked_0644(d);
    let rsa = openssl_key(d, "rsa8.key", "RSA"); // PKCS#8, as OpenSSL 3 writes it
    let ec = openssl_key(d, "ec8.key", "EC");
    let rsa_trad = d.join("rsa1.key");
    openssl_ok(&["pkey", "-in", s(&rsa), "-traditional", "-out", s(&rsa_trad)]);
    let ec_trad = d.join("ec1.key");
    openssl_ok(&["pkey", "-in", s(&ec), "-traditional", "-out", s(&ec_trad)]);
    let crt = d.join("rsa.crt");
    openssl_selfsigned(&rsa, "rsa.test", &crt);
    let csr = d.join("rsa.csr");
    openssl_csr(&rsa, "rsa.test", &csr, None);
    let public = d.join("ec.pub");
    openssl_ok(&["pkey", "-in", s(&ec), "-pubout", "-out", s(&public)]);
    let enc = d.join("enc8.key");
    openssl_ok(&[
        "pkcs8",
        "-topk8",
        "-in",
        s(&rsa),
        "-v2",
        "aes-256-cbc",
        "-passout",
        PASS,
        "-out",
        s(&enc),
    ]);

    // (PEM file, how openssl writes its DER, whether it is a private key)
    let cases: Vec<(&Path, Vec<&str>, bool)> = vec![
        (&crt, vec!["x509", "-outform", "DER"], false),
        (&csr, vec!["req", "-outform", "DER"], false),
        // OpenSSL 3's pkey writes the traditional form in DER: compare traditional keys with
        // it, PKCS#8 keys with pkcs8 -topk8 -nocrypt.
        (&rsa_trad, vec!["pkey", "-outform", "DER"], true),
        (&ec_trad, vec!["pkey", "-outform", "DER"], true),
        (
            &rsa,
            vec!["pkcs8", "-topk8", "-nocrypt", "-outform", "DER"],
            true,
        ),
        (
            &ec,
            vec!["pkcs8", "-topk8", "-nocrypt", "-outform", "DER"],
            true,
        ),
        (&public, vec!["pkey", "-pubin", "-outform", "DER"], false),
        // An encrypted PKCS#8 key: its DER is the PEM body, as asn1parse extracts it.
        (
            &enc,
            vec!["asn1parse", "-noout", "-out", "/dev/stdout"],
            true,
        ),
    ];
    for (i, (pem, ossl, secret)) in cases.iter().enumerate() {
        let mut args = ossl.clone();
        args.extend(["-in", s(pem)]);
        let expected = openssl_bytes(&args);
        assert!(!expected.is_empty());
        let der = d.join(format!("{i}.der"));
        sslkit_ok(&["convert", "--in", s(pem), "--out", s(&der), "--to", "der"]);
        assert_eq!(fs::read(&der).unwrap(), expected, "DER of {}", s(pem));
        let want_mode = if *secret { 0o600 } else { public_mode };
        assert_eq!(mode(&der), want_mode, "mode of {}", s(&der));

        let back = d.join(format!("{i}.pem"));
        sslkit_ok(&["convert", "--in", s(&der), "--out", s(&back), "--to", "pem"]);
        assert_eq!(
            fs::read_to_string(&back).unwrap(),
            fs::read_to_string(pem).unwrap(),
            "PEM of {}",
            s(&der)
        );
        assert_eq!(mode(&back), want_mode, "mode of {}", s(&back));
    }
    // The encrypted key converted back still opens with its passphrase, in openssl.
    openssl_ok(&[
        "pkey",
        "-in",
        s(&d.join("7.pem")),
        "-passin",
        PASS,
        "-noout",
    ]);

    // An existing output needs --force; then it is replaced.
    let der = d.join("0.der");
    let r = sslkit(&["convert", "--in", s(&csr), "--out", s(&der), "--to", "der"]);
    assert!(r.usage_error().contains("--force"));
    sslkit_ok(&[
        "convert",
        "--in",
        s(&csr),
        "--out",
        s(&der),
        "--to",
        "der",
        "--force",
    ]);
    assert_eq!(
        fs::read(&der).unwrap(),
        openssl_bytes(&["req", "-in", s(&csr), "-outform", "DER"])
    );

    // A two-certificate bundle has no DER form: exit 2 saying how many, no output file.
    let bundle = d.join("bundle.pem");
    fs::write(
        &bundle,
        fs::read_to_string(&crt).unwrap() + &fs::read_to_string(&crt).unwrap(),
    )
    .unwrap();
    let out = d.join("bundle.der");
    let r = sslkit(&[
        "convert",
        "--in",
        s(&bundle),
        "--out",
        s(&out),
        "--to",
        "der",
    ]);
    assert!(r.usage_error().contains('2'), "{}", r.stderr);
    assert!(!out.exists());
    // A legacy encrypted key, garbage, a missing --to or a bad one: exit 2, no file.
    let legacy = d.join("legacy.key");
    openssl_ok(&[
        "rsa",
        "-in",
        s(&rsa),
        "-traditional",
        "-aes256",
        "-passout",
        PASS,
        "-out",
        s(&legacy),
    ]);
    sslkit(&[
        "convert",
        "--in",
        s(&legacy),
        "--out",
        s(&out),
        "--to",
        "der",
    ])
    .usage_error();
    let junk = d.join("junk");
    fs::write(&junk, b"\x30\x03\x02\x01\x01").unwrap();
    sslkit(&["convert", "--in", s(&junk), "--out", s(&out), "--to", "pem"]).usage_error();
    sslkit(&["convert", "--in", s(&crt), "--out", s(&out)]).usage_error();
    sslkit(&["convert", "--in", s(&crt), "--out", s(&out), "--to", "p12"]).usage_error();
    assert!(!out.exists());
}

// ---------------------------------------------------------------------------------------------
// chain

#[test]
fn chain_orders_a_shuffled_bundle() {
    let h = hierarchy();
    let dir = tmp();
    let d = dir.path();
    let read = |p: &Path| fs::read_to_string(p).unwrap();
    // Two files: unrelated + intermediate; root + intermediate again + unrelated again.
    let b1 = d.join("b1.pem");
    let b2 = d.join("b2.pem");
    fs::write(&b1, read(&h.unrelated) + &read(&h.inter)).unwrap();
    fs::write(&b2, read(&h.root) + &read(&h.inter) + &read(&h.unrelated)).unwrap();

    let out = d.join("chain.pem");
    let r = sslkit(&[
        "chain",
        "--cert",
        s(&h.leaf),
        "--bundle",
        s(&b1),
        s(&b2),
        "--out",
        s(&out),
    ]);
    r.ok_str();
    assert!(r.stdout.is_empty());
    // The one-line summary names the leaf, the intermediate and the root left out.
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    for name in ["www.example.test", "Example Inter", "Example Root"] {
        assert!(r.stderr.contains(name), "{}", r.stderr);
    }
    let parts = split_pem(d, "chain", &read(&out));
    let fps: Vec<String> = parts.iter().map(|p| openssl_fingerprint(p)).collect();
    assert_eq!(
        fps,
        vec![openssl_fingerprint(&h.leaf), openssl_fingerprint(&h.inter)]
    );
    // openssl completes the chain from the output alone (plus the trusted root).
    let r = openssl(&[
        "verify",
        "-CAfile",
        s(&h.root),
        "-untrusted",
        s(&out),
        s(&h.leaf),
    ]);
    assert_eq!(r.code, 0, "{}{}", r.stdout_str(), r.stderr);

    // --include-root, to stdout, --bundle repeated.
    let r = sslkit(&[
        "chain",
        "--cert",
        s(&h.leaf),
        "--bundle",
        s(&b2),
        "--bundle",
        s(&b1),
        "--include-root",
    ]);
    let pem = r.ok_str();
    let parts = split_pem(d, "full", &pem);
    let fps: Vec<String> = parts.iter().map(|p| openssl_fingerprint(p)).collect();
    assert_eq!(
        fps,
        vec![
            openssl_fingerprint(&h.leaf),
            openssl_fingerprint(&h.inter),
            openssl_fingerprint(&h.root)
        ]
    );

    // The root given as --roots rather than in a bundle.
    let r = sslkit(&[
        "chain",
        "--cert",
        s(&h.leaf),
        "--bundle",
        s(&b1),
        "--roots",
        s(&h.root),
    ]);
    let parts = split_pem(d, "roots", &r.ok_str());
    assert_eq!(parts.len(), 2);
    assert_eq!(
        openssl_fingerprint(&parts[1]),
        openssl_fingerprint(&h.inter)
    );

    // An existing --out needs --force.
    let r = sslkit(&[
        "chain",
        "--cert",
        s(&h.leaf),
        "--bundle",
        s(&b2),
        "--out",
        s(&out),
    ]);
    assert!(r.usage_error().contains("--force"));
    sslkit(&[
        "chain",
        "--cert",
        s(&h.leaf),
        "--bundle",
        s(&b2),
        "--out",
        s(&out),
        "--force",
    ])
    .ok_str();
}

#[test]
fn chain_with_a_missing_intermediate_exits_1_naming_it() {
    let h = hierarchy();
    let dir = tmp();
    let d = dir.path();
    let bundle = d.join("bundle.pem");
    fs::write(
        &bundle,
        fs::read_to_string(&h.root).unwrap() + &fs::read_to_string(&h.unrelated).unwrap(),
    )
    .unwrap();
    // Ground truth: openssl cannot build the chain either.
    assert_ne!(
        openssl(&[
            "verify",
            "-CAfile",
            s(&h.root),
            "-untrusted",
            s(&bundle),
            s(&h.leaf)
        ])
        .code,
        0
    );
    let out = d.join("chain.pem");
    let r = sslkit(&[
        "chain",
        "--cert",
        s(&h.leaf),
        "--bundle",
        s(&bundle),
        "--out",
        s(&out),
    ]);
    let err = r.fails(1);
    assert!(err.contains("Example Inter"), "{err}");
    assert!(!out.exists());
    assert!(r.stdout.is_empty());

    // Input errors are exit 2: no --bundle, a bundle that is not certificates, a missing file.
    sslkit(&["chain", "--cert", s(&h.leaf)]).usage_error();
    let junk = d.join("junk.pem");
    fs::write(&junk, "junk\n").unwrap();
    sslkit(&["chain", "--cert", s(&h.leaf), "--bundle", s(&junk)]).usage_error();
    sslkit(&["chain", "--cert", s(&junk), "--bundle", s(&bundle)]).usage_error();
    sslkit(&[
        "chain",
        "--cert",
        s(&h.leaf),
        "--bundle",
        s(&d.join("nope.pem")),
    ])
    .usage_error();
}

// ---------------------------------------------------------------------------------------------
// verify

/// `date -u -d @SECS +FORMAT`: an RFC 3339 rendering made outside sslkit.
fn date(secs: u64, format: &str) -> String {
    let r = run(
        Command::new("date").args(["-u", "-d", &format!("@{secs}"), format]),
        None,
    );
    assert_eq!(r.code, 0, "date: {}", r.stderr);
    r.stdout_str().trim_end().to_string()
}

fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

#[test]
fn verify_agrees_with_openssl() {
    let h = hierarchy();
    let (root, inter, leaf) = (s(&h.root), s(&h.inter), s(&h.leaf));

    // Success: the first line is openssl's.
    let expected = openssl_ok(&["verify", "-CAfile", root, "-untrusted", inter, leaf]);
    let out = sslkit_ok(&["verify", "--cafile", root, "--untrusted", inter, leaf]);
    assert_eq!(out.lines().next(), expected.lines().next());
    assert!(
        out.contains("Example Inter") && out.contains("Example Root"),
        "{out}"
    );

    // Host names, checked by openssl too.
    let host_ok = openssl(&[
        "verify",
        "-CAfile",
        root,
        "-untrusted",
        inter,
        "-verify_hostname",
        "www.example.test",
        leaf,
    ]);
    assert_eq!(host_ok.code, 0);
    sslkit_ok(&[
        "verify",
        "--cafile",
        root,
        "--untrusted",
        inter,
        "--host",
        "www.example.test",
        leaf,
    ]);
    let host_bad = openssl(&[
        "verify",
        "-CAfile",
        root,
        "-untrusted",
        inter,
        "-verify_hostname",
        "other.test",
        leaf,
    ]);
    assert_ne!(host_bad.code, 0);
    let r = sslkit(&[
        "verify",
        "--cafile",
        root,
        "--untrusted",
        inter,
        "--host",
        "other.test",
        leaf,
    ]);
    assert!(r.fails(1).contains(leaf));

    // Times: far in the future (expired), before the certificates (not yet valid), tomorrow.
    let future = 4_102_444_800u64; // 2100-01-01
    let past = now_secs() - 30 * 86_400;
    let tomorrow = now_secs() + 86_400;
    for (secs, valid) in [(future, false), (past, false), (tomorrow, true)] {
        let attime = secs.to_string();
        let ossl = openssl(&[
            "verify",
            "-CAfile",
            root,
            "-untrusted",
            inter,
            "-attime",
            &attime,
            leaf,
        ]);
        assert_eq!(
            ossl.code == 0,
            valid,
            "openssl -attime {attime}: {}",
            ossl.stderr
        );
        let rfc3339_z = date(secs, "+%Y-%m-%dT%H:%M:%SZ");
        // The same instant at +05:30.
        let rfc3339_offset = date(secs + 19_800, "+%Y-%m-%dT%H:%M:%S+05:30");
        for at in [attime.as_str(), &rfc3339_z, &rfc3339_offset] {
            let r = sslkit(&[
                "verify",
                "--cafile",
                root,
                "--untrusted",
                inter,
                "--at",
                at,
                leaf,
            ]);
            if valid {
                r.ok_quiet();
            } else {
                let err = r.fails(1);
                assert!(err.starts_with(&format!("sslkit: {leaf}: ")), "{err}");
            }
        }
    }
    let r = sslkit(&[
        "verify",
        "--cafile",
        root,
        "--untrusted",
        inter,
        "--at",
        &future.to_string(),
        leaf,
    ]);
    assert!(r.stderr.contains("expired"), "{}", r.stderr);

    // Not trusted: another root; no intermediate; the unrelated root only.
    let unrelated = s(&h.unrelated);
    assert_ne!(
        openssl(&["verify", "-CAfile", unrelated, "-untrusted", inter, leaf]).code,
        0
    );
    sslkit(&["verify", "--cafile", unrelated, "--untrusted", inter, leaf]).fails(1);
    assert_ne!(openssl(&["verify", "-CAfile", root, leaf]).code, 0);
    let r = sslkit(&["verify", "--cafile", root, leaf]);
    assert!(r.fails(1).contains("Example Inter"), "{}", r.stderr);
    // The root offered as untrusted is still not trusted.
    let dir = tmp();
    let pile = dir.path().join("pile.pem");
    fs::write(
        &pile,
        fs::read_to_string(&h.inter).unwrap() + &fs::read_to_string(&h.root).unwrap(),
    )
    .unwrap();
    assert_ne!(
        openssl(&["verify", "-CAfile", unrelated, "-untrusted", s(&pile), leaf]).code,
        0
    );
    sslkit(&[
        "verify",
        "--cafile",
        unrelated,
        "--untrusted",
        s(&pile),
        leaf,
    ])
    .fails(1);
    // The system's roots do not know this private CA.
    if Path::new("/etc/ssl/certs/ca-certificates.crt").exists() {
        sslkit(&[
            "verify",
            "--cafile",
            "system",
            "--untrusted",
            s(&pile),
            leaf,
        ])
        .fails(1);
    }
}

#[test]
fn verify_input_errors_exit_2() {
    let h = hierarchy();
    let dir = tmp();
    let junk = dir.path().join("junk.pem");
    fs::write(
        &junk,
        "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n",
    )
    .unwrap();
    let (root, inter, leaf) = (s(&h.root), s(&h.inter), s(&h.leaf));
    sslkit(&["verify", "--cafile", root, s(&junk)]).usage_error();
    sslkit(&["verify", "--cafile", s(&junk), leaf]).usage_error();
    sslkit(&["verify", "--cafile", root, "--untrusted", s(&junk), leaf]).usage_error();
    sslkit(&[
        "verify",
        "--cafile",
        root,
        s(&dir.path().join("missing.pem")),
    ])
    .usage_error();
    for bad in [
        "tomorrow",
        "2026-01-02",
        "2026-13-01T00:00:00Z",
        "-5",
        "1e9",
    ] {
        let r = sslkit(&[
            "verify",
            "--cafile",
            root,
            "--untrusted",
            inter,
            "--at",
            bad,
            leaf,
        ]);
        r.usage_error();
    }
    sslkit(&["verify", "--cafile", root]).usage_error();
    sslkit(&["verify", leaf]).usage_error();
}

/// `--purpose`: a client certificate (clientAuth only) is refused for a server and accepted for a
/// client, as `openssl verify -purpose sslserver|sslclient` says; the refusal names the rule, the
/// certificate and the fix; `--json` gives the same verdict; trust comes only from `--cafile`.
#[test]
fn verify_purposes_trust_and_json() {
    let h = hierarchy();
    let d = h._dir.path();
    let (root, inter) = (s(&h.root), s(&h.inter));
    let key = genkey(d, "alice.key", "ec-p256");
    let csr = d.join("alice.csr");
    let alice = d.join("alice.crt");
    sslkit_ok(&[
        "csr",
        "--key",
        s(&key),
        "--cn",
        "alice",
        "--san",
        "email:alice@example.test",
        "--out",
        s(&csr),
    ]);
    let ca_key = d.join("ca").join("ca.key");
    ca_sign(&h.root, &ca_key, &csr, &alice, &["--profile", "client"]).ok_quiet();
    let alice = s(&alice);
    for (purpose, ossl_purpose, ok) in [
        ("server", "sslserver", false),
        ("client", "sslclient", true),
    ] {
        let ossl = openssl(&["verify", "-purpose", ossl_purpose, "-CAfile", root, alice]);
        assert_eq!(ossl.code == 0, ok, "openssl: {}", ossl.stderr);
        let r = sslkit(&["verify", "--purpose", purpose, "--cafile", root, alice]);
        if ok {
            assert_eq!(r.code, 0, "{}", r.stderr);
            assert!(r.stdout_str().contains("depth=0: CN=alice"));
        } else {
            let err = r.fails(1);
            for word in [
                "serverAuth",
                "clientAuth",
                "[rule eku-purpose]",
                "certificate 0",
                "fix:",
            ] {
                assert!(err.contains(word), "{word} missing: {err}");
            }
        }
        let j = sslkit(&[
            "verify",
            "--json",
            "--purpose",
            purpose,
            "--cafile",
            root,
            alice,
        ]);
        assert_eq!(j.code, if ok { 0 } else { 1 });
        let v: serde_json::Value = serde_json::from_str(j.stdout_str().trim()).unwrap();
        assert_eq!(v["ok"], ok);
        if !ok {
            assert_eq!(v["error"]["rule"], "eku-purpose");
            assert_eq!(v["error"]["depth"], 0);
        }
    }
    // The default purpose is server; the server leaf passes it, with the system roots too.
    sslkit_ok(&[
        "verify",
        "--cafile",
        root,
        "--cafile",
        "system",
        "--untrusted",
        inter,
        s(&h.leaf),
    ]);
    // The system store alone does not trust a private root.
    let r = sslkit(&[
        "verify",
        "--cafile",
        "system",
        "--untrusted",
        inter,
        s(&h.leaf),
    ]);
    assert!(r.fails(1).contains("Example Root"));
    // No --cafile: usage error, never an implicit trust store.
    sslkit(&["verify", s(&h.leaf)]).usage_error();
}
