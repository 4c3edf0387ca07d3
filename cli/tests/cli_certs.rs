//! End-to-end tests of `sslkit csr`, `selfsign`, `ca init`, `ca sign` and `show` against the real
//! `openssl` command (3.x on PATH): what sslkit writes, openssl verifies and reads; CSRs, keys and
//! CAs that openssl makes, sslkit signs with; and bad input (always exit 2, one line on stderr,
//! never a panic, never an output file).

mod common;

use std::fs;
use std::io::Write;
use std::path::Path;

use common::{
    ca_init, ca_sign, genkey, mode, openssl, openssl_csr, openssl_key, openssl_ok, s, sslkit,
    sslkit_ok, tmp, umasked_0644,
};

// ---------------------------------------------------------------------------------------------
// Helpers

/// `openssl x509 -noout -text`.
fn x509_text(cert: &Path) -> String {
    openssl_ok(&["x509", "-in", s(cert), "-noout", "-text"])
}

/// `openssl req -noout -text`.
fn req_text(csr: &Path) -> String {
    openssl_ok(&["req", "-in", s(csr), "-noout", "-text"])
}

/// `openssl x509 -noout -enddate` (`notAfter=...`).
fn enddate(cert: &Path) -> String {
    openssl_ok(&["x509", "-in", s(cert), "-noout", "-enddate"])
}

/// `openssl x509 -noout -subject -nameopt RFC2253` without the `subject=` prefix.
fn x509_subject(cert: &Path) -> String {
    let out = openssl_ok(&[
        "x509",
        "-in",
        s(cert),
        "-noout",
        "-subject",
        "-nameopt",
        "RFC2253",
    ]);
    out.trim_end()
        .strip_prefix("subject=")
        .expect("subject= line")
        .to_string()
}

/// Asserts `openssl verify -CAfile ROOT [-untrusted INTER] CERT` says OK.
#[track_caller]
fn assert_openssl_verifies(root: &Path, untrusted: Option<&Path>, cert: &Path) {
    let mut args = vec!["verify", "-CAfile", s(root)];
    if let Some(u) = untrusted {
        args.extend(["-untrusted", s(u)]);
    }
    args.push(s(cert));
    let r = openssl(&args);
    assert_eq!(
        r.code,
        0,
        "openssl verify failed: {}{}",
        r.stdout_str(),
        r.stderr
    );
    assert_eq!(r.stdout_str().trim_end(), format!("{}: OK", s(cert)));
}

/// Wraps DER in a PEM block of `label` (base64 by openssl, so the encoding is not sslkit's).
fn der_to_pem(dir: &Path, der: &[u8], label: &str) -> String {
    let der_path = dir.join("tmp.der");
    fs::write(&der_path, der).unwrap();
    let b64 = openssl_ok(&["base64", "-in", s(&der_path)]);
    fs::remove_file(&der_path).unwrap();
    format!("-----BEGIN {label}-----\n{b64}-----END {label}-----\n")
}

// ---------------------------------------------------------------------------------------------
// csr

#[test]
fn csr_is_verified_and_read_by_openssl() {
    let dir = tmp();
    let key = genkey(dir.path(), "server.key", "ec-p256");
    let csr = dir.path().join("server.csr");
    sslkit_ok(&[
        "csr",
        "--key",
        s(&key),
        "--subject",
        "/C=US/ST=California/O=Foo Ltd/CN=www.foo.dom",
        "--san",
        "DNS:alt.foo.dom",
        "--san",
        "IP:127.0.0.1",
        "--san",
        "email:admin@foo.dom",
        "--san",
        "URI:https://foo.dom/",
        "--out",
        s(&csr),
    ]);
    assert_eq!(mode(&csr), umasked_0644(dir.path()));

    let r = openssl(&["req", "-in", s(&csr), "-verify", "-noout"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("verify OK"), "{}", r.stderr);

    let subject = openssl_ok(&[
        "req",
        "-in",
        s(&csr),
        "-noout",
        "-subject",
        "-nameopt",
        "RFC2253",
    ]);
    assert_eq!(
        subject.trim_end(),
        "subject=CN=www.foo.dom,O=Foo Ltd,ST=California,C=US"
    );

    let text = req_text(&csr);
    for want in [
        "DNS:alt.foo.dom",
        "IP Address:127.0.0.1",
        "email:admin@foo.dom",
        "URI:https://foo.dom/",
        "ecdsa-with-SHA256",
    ] {
        assert!(text.contains(want), "missing {want}:\n{text}");
    }

    // The key in the request is the key given: openssl's public key of both is the same.
    let req_pub = openssl_ok(&["req", "-in", s(&csr), "-noout", "-pubkey"]);
    let key_pub = openssl_ok(&["pkey", "-in", s(&key), "-pubout"]);
    assert_eq!(req_pub, key_pub);
}

#[test]
fn csr_cn_shorthand_rfc4514_and_stdout() {
    let dir = tmp();
    let key = genkey(dir.path(), "k.pem", "ed25519");
    let out = sslkit_ok(&["csr", "--key", s(&key), "--cn", "www.foo.dom"]);
    assert!(out.starts_with("-----BEGIN CERTIFICATE REQUEST-----\n"));
    let csr = dir.path().join("a.csr");
    fs::write(&csr, &out).unwrap();
    let subject = openssl_ok(&[
        "req",
        "-in",
        s(&csr),
        "-noout",
        "-subject",
        "-nameopt",
        "RFC2253",
    ]);
    assert_eq!(subject.trim_end(), "subject=CN=www.foo.dom");
    assert!(openssl(&["req", "-in", s(&csr), "-verify", "-noout"]).code == 0);

    // The RFC 4514 form names the same subject as the -subj form.
    let b = dir.path().join("b.csr");
    sslkit_ok(&[
        "csr",
        "--key",
        s(&key),
        "--subject",
        "CN=www.foo.dom,O=Foo,C=US",
        "--out",
        s(&b),
    ]);
    let subject = openssl_ok(&[
        "req",
        "-in",
        s(&b),
        "-noout",
        "-subject",
        "-nameopt",
        "RFC2253",
    ]);
    assert_eq!(subject.trim_end(), "subject=CN=www.foo.dom,O=Foo,C=US");
    let oneline = openssl_ok(&[
        "req",
        "-in",
        s(&b),
        "-noout",
        "-subject",
        "-nameopt",
        "compat",
    ]);
    assert_eq!(oneline.trim_end(), "subject=/C=US/O=Foo/CN=www.foo.dom");
}

#[test]
fn csr_sha384_with_an_openssl_rsa_key() {
    let dir = tmp();
    // openssl genrsa -des3 writes an encrypted key: read it with --passin.
    let key = dir.path().join("server.key");
    openssl_ok(&[
        "genrsa",
        "-aes256",
        "-passout",
        "pass:s3cret",
        "-out",
        s(&key),
        "2048",
    ]);
    let csr = dir.path().join("server.csr");
    sslkit_ok(&[
        "csr",
        "--key",
        s(&key),
        "--passin",
        "pass:s3cret",
        "--cn",
        "www.foo.dom",
        "--hash",
        "sha384",
        "--out",
        s(&csr),
    ]);
    assert_eq!(
        openssl(&["req", "-in", s(&csr), "-verify", "-noout"]).code,
        0
    );
    let text = req_text(&csr);
    assert!(
        text.contains("Signature Algorithm: sha384WithRSAEncryption"),
        "{text}"
    );
    assert!(text.contains("Public-Key: (2048 bit)"), "{text}");

    // Without --passin, or with the wrong one: exit 2, no file.
    let csr2 = dir.path().join("server2.csr");
    let err = sslkit(&["csr", "--key", s(&key), "--cn", "x", "--out", s(&csr2)]);
    assert!(err.usage_error().contains("--passin"));
    let err = sslkit(&[
        "csr",
        "--key",
        s(&key),
        "--passin",
        "pass:nope",
        "--cn",
        "x",
        "--out",
        s(&csr2),
    ]);
    assert!(err.usage_error().contains("passphrase"));
    assert!(!csr2.exists());
}

#[test]
fn csr_output_is_not_overwritten_without_force() {
    let dir = tmp();
    let key = genkey(dir.path(), "k.pem", "ec-p256");
    let csr = dir.path().join("r.csr");
    fs::write(&csr, "precious").unwrap();
    let err = sslkit(&[
        "csr",
        "--key",
        s(&key),
        "--cn",
        "a.foo.dom",
        "--out",
        s(&csr),
    ]);
    assert!(err.usage_error().contains("--force"));
    assert_eq!(fs::read_to_string(&csr).unwrap(), "precious");
    sslkit_ok(&[
        "csr",
        "--key",
        s(&key),
        "--cn",
        "a.foo.dom",
        "--out",
        s(&csr),
        "--force",
    ]);
    assert_eq!(
        openssl(&["req", "-in", s(&csr), "-verify", "-noout"]).code,
        0
    );
}

// ---------------------------------------------------------------------------------------------
// selfsign

#[test]
fn selfsign_server_profile_rsa() {
    let dir = tmp();
    let key = openssl_key(dir.path(), "server.key", "RSA");
    let cert = dir.path().join("server.crt");
    sslkit_ok(&[
        "selfsign",
        "--key",
        s(&key),
        "--subject",
        "/O=Foo/CN=www.foo.dom",
        "--san",
        "foo.dom",
        "--san",
        "IP:127.0.0.1",
        "--days",
        "10",
        "--out",
        s(&cert),
    ]);
    assert_eq!(mode(&cert), umasked_0644(dir.path()));
    let text = x509_text(&cert);
    for want in [
        "CA:FALSE",
        "Digital Signature, Key Encipherment",
        "TLS Web Server Authentication",
        "DNS:www.foo.dom, DNS:foo.dom, IP Address:127.0.0.1",
        "sha256WithRSAEncryption",
    ] {
        assert!(text.contains(want), "missing {want}:\n{text}");
    }
    assert!(!text.contains("TLS Web Client Authentication"), "{text}");
    assert_eq!(x509_subject(&cert), "CN=www.foo.dom,O=Foo");
    // The certificate holds the key's public half.
    assert_eq!(
        openssl_ok(&["x509", "-in", s(&cert), "-noout", "-pubkey"]),
        openssl_ok(&["pkey", "-in", s(&key), "-pubout"])
    );
    // --days 10: still valid in 9 days, not in 11.
    let in_days = |d: u64| (d * 86_400).to_string();
    assert_eq!(
        openssl(&["x509", "-in", s(&cert), "-noout", "-checkend", &in_days(9)]).code,
        0
    );
    assert_ne!(
        openssl(&["x509", "-in", s(&cert), "-noout", "-checkend", &in_days(11)]).code,
        0
    );
}

#[test]
fn selfsign_ec_client_and_root() {
    let dir = tmp();
    let key = genkey(dir.path(), "k.pem", "ec-p256");

    // server on an EC key: no keyEncipherment.
    let out = sslkit_ok(&["selfsign", "--key", s(&key), "--cn", "localhost"]);
    let server = dir.path().join("server.pem");
    fs::write(&server, out).unwrap();
    let text = x509_text(&server);
    assert!(text.contains("Digital Signature\n"), "{text}");
    assert!(!text.contains("Key Encipherment"), "{text}");
    assert!(text.contains("DNS:localhost"), "{text}");

    let client = dir.path().join("client.pem");
    sslkit_ok(&[
        "selfsign",
        "--key",
        s(&key),
        "--cn",
        "alice",
        "--profile",
        "client",
        "--out",
        s(&client),
    ]);
    let text = x509_text(&client);
    assert!(text.contains("TLS Web Client Authentication"), "{text}");
    assert!(!text.contains("TLS Web Server Authentication"), "{text}");

    // A P-384 key signs with SHA-384.
    let p384 = genkey(dir.path(), "p384.pem", "ec-p384");
    let root = dir.path().join("root.pem");
    sslkit_ok(&[
        "selfsign",
        "--key",
        s(&p384),
        "--subject",
        "/O=Foo/CN=Foo Root",
        "--profile",
        "root",
        "--hash",
        "sha384",
        "--out",
        s(&root),
    ]);
    assert_openssl_verifies(&root, None, &root);
    let text = x509_text(&root);
    assert!(text.contains("CA:TRUE"), "{text}");
    assert!(text.contains("Certificate Sign"), "{text}");
    assert!(text.contains("ecdsa-with-SHA384"), "{text}");
}

// ---------------------------------------------------------------------------------------------
// ca init + ca sign

#[test]
fn ca_faq_flow_with_an_openssl_csr() {
    let dir = tmp();
    let ca_dir = dir.path().join("myca");
    // Default CA key: RSA 3072.
    let (ca_crt, ca_key) = ca_init(&ca_dir, "/C=US/O=Foo/CN=Foo Root CA", &["--type", "rsa"]);
    assert_eq!(mode(&ca_dir), 0o700);
    assert_eq!(mode(&ca_key), 0o600);
    assert_eq!(mode(&ca_crt), umasked_0644(dir.path()));
    let key_text = openssl_ok(&["pkey", "-in", s(&ca_key), "-noout", "-text"]);
    assert!(key_text.contains("Private-Key: (3072 bit"), "{key_text}");
    assert_openssl_verifies(&ca_crt, None, &ca_crt);
    let ca_text = x509_text(&ca_crt);
    assert!(ca_text.contains("CA:TRUE"), "{ca_text}");
    assert_eq!(x509_subject(&ca_crt), "CN=Foo Root CA,O=Foo,C=US");

    // The FAQ: openssl genrsa + openssl req -new, then the CA signs.
    let key = openssl_key(dir.path(), "server.key", "RSA");
    let csr = dir.path().join("server.csr");
    openssl_ok(&[
        "req",
        "-new",
        "-key",
        s(&key),
        "-subj",
        "/C=US/O=Foo/CN=www.foo.dom",
        "-out",
        s(&csr),
    ]);
    let crt = dir.path().join("server.crt");
    ca_sign(&ca_crt, &ca_key, &csr, &crt, &[]).ok_quiet();
    assert_openssl_verifies(&ca_crt, None, &crt);
    let text = x509_text(&crt);
    for want in [
        "CA:FALSE",
        "TLS Web Server Authentication",
        "DNS:www.foo.dom",
        "Digital Signature, Key Encipherment",
    ] {
        assert!(text.contains(want), "missing {want}:\n{text}");
    }
    assert_eq!(x509_subject(&crt), "CN=www.foo.dom,O=Foo,C=US");
    assert_eq!(
        openssl_ok(&[
            "x509",
            "-in",
            s(&crt),
            "-noout",
            "-issuer",
            "-nameopt",
            "RFC2253"
        ])
        .trim_end(),
        "issuer=CN=Foo Root CA,O=Foo,C=US"
    );

    // A request that asks for CA:TRUE gets a leaf; its SANs are copied.
    let sneaky = dir.path().join("sneaky.csr");
    openssl_ok(&[
        "req",
        "-new",
        "-key",
        s(&key),
        "-subj",
        "/CN=sneaky.foo.dom",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "subjectAltName=DNS:alt.foo.dom,IP:10.0.0.1",
        "-out",
        s(&sneaky),
    ]);
    assert!(req_text(&sneaky).contains("CA:TRUE"));
    let sneaky_crt = dir.path().join("sneaky.crt");
    ca_sign(&ca_crt, &ca_key, &sneaky, &sneaky_crt, &[]).ok_quiet();
    let text = x509_text(&sneaky_crt);
    assert!(
        text.contains("CA:FALSE") && !text.contains("CA:TRUE"),
        "{text}"
    );
    assert!(text.contains("DNS:alt.foo.dom"), "{text}");
    assert!(text.contains("IP Address:10.0.0.1"), "{text}");

    // A second init does not clobber the CA; --force does.
    let before = (fs::read(&ca_key).unwrap(), fs::read(&ca_crt).unwrap());
    let err = sslkit(&[
        "ca",
        "init",
        "--dir",
        s(&ca_dir),
        "--subject",
        "/CN=Other",
        "--type",
        "ec-p256",
    ]);
    assert!(err.usage_error().contains("--force"));
    assert_eq!(
        before,
        (fs::read(&ca_key).unwrap(), fs::read(&ca_crt).unwrap())
    );
    ca_init(&ca_dir, "/CN=Other", &["--force"]);
    assert_ne!(before.0, fs::read(&ca_key).unwrap());
    assert_eq!(x509_subject(&ca_crt), "CN=Other");
    // The old leaf does not verify under the new CA.
    assert_ne!(openssl(&["verify", "-CAfile", s(&ca_crt), s(&crt)]).code, 0);

    // Only ca.crt present also blocks init.
    let half = dir.path().join("half");
    fs::create_dir(&half).unwrap();
    fs::write(half.join("ca.crt"), "x").unwrap();
    sslkit(&[
        "ca",
        "init",
        "--dir",
        s(&half),
        "--subject",
        "/CN=x",
        "--type",
        "ec-p256",
    ])
    .usage_error();
    assert!(!half.join("ca.key").exists());
}

#[test]
fn ca_intermediate_pathlen_0_then_leaf() {
    let dir = tmp();
    let (root_crt, root_key) = ca_init(&dir.path().join("root"), "/O=Foo/CN=Foo Root", &[]);

    let inter_key = genkey(dir.path(), "inter.key", "ec-p384");
    let inter_csr = dir.path().join("inter.csr");
    sslkit_ok(&[
        "csr",
        "--key",
        s(&inter_key),
        "--subject",
        "/O=Foo/CN=Foo Issuing CA",
        "--out",
        s(&inter_csr),
    ]);
    let inter_crt = dir.path().join("inter.crt");
    ca_sign(
        &root_crt,
        &root_key,
        &inter_csr,
        &inter_crt,
        &[
            "--profile",
            "intermediate",
            "--pathlen",
            "0",
            "--days",
            "1825",
        ],
    )
    .ok_quiet();
    assert_openssl_verifies(&root_crt, None, &inter_crt);
    let text = x509_text(&inter_crt);
    assert!(text.contains("CA:TRUE, pathlen:0"), "{text}");
    assert!(text.contains("Certificate Sign"), "{text}");

    let leaf_key = genkey(dir.path(), "leaf.key", "ed25519");
    let leaf_csr = dir.path().join("leaf.csr");
    sslkit_ok(&[
        "csr",
        "--key",
        s(&leaf_key),
        "--cn",
        "www.foo.dom",
        "--san",
        "foo.dom",
        "--out",
        s(&leaf_csr),
    ]);
    let leaf_crt = dir.path().join("leaf.crt");
    ca_sign(
        &inter_crt,
        &inter_key,
        &leaf_csr,
        &leaf_crt,
        &["--profile", "server-client"],
    )
    .ok_quiet();
    assert_openssl_verifies(&root_crt, Some(&inter_crt), &leaf_crt);
    let text = x509_text(&leaf_crt);
    assert!(text.contains("DNS:www.foo.dom, DNS:foo.dom"), "{text}");
    assert!(
        text.contains("TLS Web Server Authentication, TLS Web Client Authentication"),
        "{text}"
    );
    // Without the intermediate, openssl cannot build the chain.
    assert_ne!(
        openssl(&["verify", "-CAfile", s(&root_crt), s(&leaf_crt)]).code,
        0
    );

    // pathlen 0: the intermediate may not sign another CA.
    let sub = dir.path().join("sub.crt");
    let err = ca_sign(
        &inter_crt,
        &inter_key,
        &leaf_csr,
        &sub,
        &["--profile", "intermediate"],
    );
    assert!(err.usage_error().contains("pathlen"), "{}", err.stderr);
    assert!(!sub.exists());
}

#[test]
fn ca_init_encrypted_key() {
    let dir = tmp();
    let ca_dir = dir.path().join("ca");
    let (ca_crt, ca_key) = ca_init(&ca_dir, "/CN=Enc Root", &["--passout", "pass:x"]);
    assert_eq!(mode(&ca_key), 0o600);
    assert!(
        fs::read_to_string(&ca_key)
            .unwrap()
            .starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----\n")
    );
    openssl_ok(&["pkey", "-in", s(&ca_key), "-passin", "pass:x", "-noout"]);
    assert_ne!(
        openssl(&["pkey", "-in", s(&ca_key), "-passin", "pass:y", "-noout"]).code,
        0
    );
    let parsed = openssl_ok(&["asn1parse", "-in", s(&ca_key)]);
    assert!(parsed.contains(":scrypt"), "{parsed}");
    assert!(parsed.contains(":aes-256-cbc"), "{parsed}");

    let key = genkey(dir.path(), "k.pem", "ec-p256");
    let csr = dir.path().join("r.csr");
    sslkit_ok(&[
        "csr",
        "--key",
        s(&key),
        "--cn",
        "www.foo.dom",
        "--out",
        s(&csr),
    ]);
    let crt = dir.path().join("r.crt");
    let err = ca_sign(&ca_crt, &ca_key, &csr, &crt, &["--passin", "pass:wrong"]);
    assert!(
        err.usage_error().contains("wrong passphrase"),
        "{}",
        err.stderr
    );
    let err = ca_sign(&ca_crt, &ca_key, &csr, &crt, &[]);
    assert!(err.usage_error().contains("--passin"), "{}", err.stderr);
    assert!(!crt.exists());
    ca_sign(&ca_crt, &ca_key, &csr, &crt, &["--passin", "pass:x"]).ok_quiet();
    assert_openssl_verifies(&ca_crt, None, &crt);
}

#[test]
fn ca_made_by_openssl_signs_through_sslkit() {
    let dir = tmp();
    let d = dir.path();
    // A leaf request made by openssl.
    let key = openssl_key(d, "server.key", "EC");
    let csr = d.join("server.csr");
    openssl_csr(&key, "www.foo.dom", &csr, None);

    // 1. openssl req -x509 -newkey: the key is PKCS#8, PBES2 AES-256 (OpenSSL 3's default).
    let ca1_key = d.join("ca1.key");
    let ca1_crt = d.join("ca1.crt");
    openssl_ok(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-keyout",
        s(&ca1_key),
        "-passout",
        "pass:x",
        "-subj",
        "/O=OpenSSL/CN=OpenSSL Root",
        "-days",
        "100",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-out",
        s(&ca1_crt),
    ]);
    assert!(
        fs::read_to_string(&ca1_key)
            .unwrap()
            .starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----")
    );
    let crt1 = d.join("one.crt");
    // The leaf's default 365 days pass the CA's 100: clamped, with a note.
    let r = ca_sign(&ca1_crt, &ca1_key, &csr, &crt1, &["--passin", "pass:x"]);
    r.ok();
    assert!(r.stderr.contains("clamped"), "{}", r.stderr);
    assert_openssl_verifies(&ca1_crt, None, &crt1);

    // 2. openssl genrsa -des3 + req -x509 -key.
    let ca2_key = d.join("ca2.key");
    let ca2_crt = d.join("ca2.crt");
    openssl_ok(&[
        "genrsa",
        "-des3",
        "-passout",
        "pass:x",
        "-out",
        s(&ca2_key),
        "2048",
    ]);
    openssl_ok(&[
        "req",
        "-x509",
        "-key",
        s(&ca2_key),
        "-passin",
        "pass:x",
        "-subj",
        "/CN=DES Root",
        "-days",
        "800",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-out",
        s(&ca2_crt),
    ]);
    let crt2 = d.join("two.crt");
    ca_sign(
        &ca2_crt,
        &ca2_key,
        &csr,
        &crt2,
        &["--passin", "pass:x", "--hash", "sha512"],
    )
    .ok_quiet();
    assert_openssl_verifies(&ca2_crt, None, &crt2);
    assert!(x509_text(&crt2).contains("sha512WithRSAEncryption"));
    // A key of another CA does not sign for this one.
    let r = ca_sign(
        &ca2_crt,
        &ca1_key,
        &csr,
        &d.join("three.crt"),
        &["--passin", "pass:x"],
    );
    assert!(r.usage_error().contains("does not belong"), "{}", r.stderr);
}

#[test]
fn ca_refuses_a_request_whose_signature_does_not_verify() {
    let dir = tmp();
    let d = dir.path();
    let (ca_crt, ca_key) = ca_init(&d.join("ca"), "/CN=Root", &[]);
    let key = openssl_key(d, "k.pem", "RSA");
    let csr = d.join("good.csr");
    sslkit_ok(&[
        "csr",
        "--key",
        s(&key),
        "--cn",
        "www.foo.dom",
        "--out",
        s(&csr),
    ]);
    let der_path = d.join("good.der");
    openssl_ok(&[
        "req",
        "-in",
        s(&csr),
        "-outform",
        "DER",
        "-out",
        s(&der_path),
    ]);
    let mut der = fs::read(&der_path).unwrap();
    // The last bytes are the RSA signature value: flip one bit.
    let n = der.len();
    der[n - 3] ^= 0x01;
    let bad = d.join("bad.csr");
    fs::write(&bad, der_to_pem(d, &der, "CERTIFICATE REQUEST")).unwrap();
    // openssl agrees the request is well-formed but its signature is bad (OpenSSL 3.0 says so
    // on stderr and still exits 0).
    openssl_ok(&["req", "-in", s(&bad), "-noout", "-subject"]);
    let check = openssl(&["req", "-in", s(&bad), "-noout", "-verify"]);
    assert!(check.stderr.contains("verify failure"), "{}", check.stderr);
    assert!(!check.stderr.contains("verify OK"), "{}", check.stderr);

    let out = d.join("leaf.crt");
    let r = ca_sign(&ca_crt, &ca_key, &bad, &out, &[]);
    assert!(r.usage_error().contains("signature"), "{}", r.stderr);
    assert!(!out.exists());
    // The untouched request signs.
    ca_sign(&ca_crt, &ca_key, &csr, &out, &[]).ok_quiet();
    assert_openssl_verifies(&ca_crt, None, &out);
}

#[test]
fn validity_is_clamped_to_the_ca() {
    let dir = tmp();
    let d = dir.path();
    let (ca_crt, ca_key) = ca_init(&d.join("ca"), "/CN=Short Root", &["--days", "30"]);
    let key = genkey(d, "k.pem", "ec-p256");
    let csr = d.join("r.csr");
    sslkit_ok(&[
        "csr",
        "--key",
        s(&key),
        "--cn",
        "www.foo.dom",
        "--out",
        s(&csr),
    ]);

    let leaf = d.join("leaf.crt");
    let r = ca_sign(&ca_crt, &ca_key, &csr, &leaf, &["--days", "365"]);
    r.ok();
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(
        r.stderr
            .starts_with("sslkit: note: validity clamped to the CA's not-after ("),
        "{}",
        r.stderr
    );
    assert_eq!(enddate(&leaf), enddate(&ca_crt));
    assert_openssl_verifies(&ca_crt, None, &leaf);

    // Within the CA's life: no note, and an earlier not-after.
    let short = d.join("short.crt");
    ca_sign(&ca_crt, &ca_key, &csr, &short, &["--days", "10"]).ok_quiet();
    assert_ne!(enddate(&short), enddate(&ca_crt));
    assert_eq!(
        openssl(&[
            "x509",
            "-in",
            s(&short),
            "-noout",
            "-checkend",
            &(11 * 86_400).to_string()
        ])
        .code,
        1
    );
}

// ---------------------------------------------------------------------------------------------
// Bad input

#[test]
fn bad_names_and_options_exit_2_without_output() {
    let dir = tmp();
    let d = dir.path();
    let key = genkey(d, "k.pem", "ec-p256");
    let out = d.join("out.pem");
    // Arguments separated by '|' (so an empty one can be written); KEY, OUT and DIR/ stand for
    // the key, the output file and the temporary folder.
    let cases: &[(&str, &str)] = &[
        ("csr|--key|KEY|--subject|/XX=foo|--out|OUT", "XX"),
        ("csr|--key|KEY|--cn||--out|OUT", "empty"),
        ("csr|--key|KEY|--subject||--out|OUT", "empty"),
        ("csr|--key|KEY|--subject|/C=USA/CN=x|--out|OUT", "USA"),
        ("csr|--key|KEY|--subject|CN=x,Q=y|--out|OUT", "'Q'"),
        ("csr|--key|KEY|--cn|x|--san|DNS:-bad|--out|OUT", "-bad"),
        (
            "csr|--key|KEY|--cn|x|--san|IP:999.1.1.1|--out|OUT",
            "999.1.1.1",
        ),
        ("csr|--key|KEY|--cn|x|--san|ftp:x|--out|OUT", "ftp"),
        (
            "csr|--key|KEY|--cn|x|--subject|/CN=x|--out|OUT",
            "--subject",
        ),
        ("csr|--key|KEY|--out|OUT", "--cn"),
        ("csr|--key|KEY|--cn|x|--hash|sha1|--out|OUT", "sha1"),
        ("csr|--key|DIR/missing.key|--cn|x|--out|OUT", "missing.key"),
        ("csr|--key|OUT|--cn|x|--force", "--out"),
        ("selfsign|--key|KEY|--subject|/XX=foo|--out|OUT", "XX"),
        (
            "selfsign|--key|KEY|--cn|x|--san|IP:1.2.3|--out|OUT",
            "1.2.3",
        ),
        (
            "selfsign|--key|KEY|--cn|x|--profile|intermediate|--out|OUT",
            "intermediate",
        ),
        ("selfsign|--key|KEY|--cn|x|--days|0|--out|OUT", "0"),
        ("ca|init|--dir|DIR/ca1|--subject|/C=USA/CN=x", "USA"),
        (
            "ca|init|--dir|DIR/ca2|--subject|/CN=x|--type|rsa|--bits|1024",
            "1024",
        ),
        (
            "ca|init|--dir|DIR/ca3|--subject|/CN=x|--type|ed25519|--bits|3072",
            "3072",
        ),
        ("ca|init|--dir|DIR/ca4|--subject|/CN=x|--hash|md5", "md5"),
        ("ca|init|--dir|KEY|--subject|/CN=x", "not a folder"),
    ];
    for (line, needle) in cases {
        let args: Vec<String> = line
            .split('|')
            .map(|a| match a {
                "KEY" => s(&key).to_string(),
                "OUT" => s(&out).to_string(),
                _ => a.replace("DIR/", &format!("{}/", s(d))),
            })
            .collect();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let r = sslkit(&args);
        let msg = r.usage_error();
        assert!(msg.contains(needle), "{args:?}: {msg}");
        assert!(!out.exists(), "{args:?} wrote output");
    }
    // No CA folder is left behind by a failed init.
    for name in ["ca1", "ca2", "ca3", "ca4"] {
        assert!(!d.join(name).exists(), "{name}");
    }
}

#[test]
fn ca_sign_input_errors_exit_2() {
    let dir = tmp();
    let d = dir.path();
    let (ca_crt, ca_key) = ca_init(&d.join("ca"), "/CN=Root", &[]);
    let key = genkey(d, "leaf.key", "ec-p256");
    let csr = d.join("leaf.csr");
    sslkit_ok(&[
        "csr",
        "--key",
        s(&key),
        "--cn",
        "www.foo.dom",
        "--out",
        s(&csr),
    ]);
    let leaf = d.join("leaf.crt");
    ca_sign(&ca_crt, &ca_key, &csr, &leaf, &[]).ok_quiet();
    let out = d.join("out.crt");

    // --pathlen without --profile intermediate.
    let r = ca_sign(
        &ca_crt,
        &ca_key,
        &csr,
        &out,
        &["--pathlen", "1", "--profile", "server"],
    );
    assert!(r.usage_error().contains("--pathlen"));
    // A leaf is not a CA (even with its own key).
    let r = ca_sign(&leaf, &key, &csr, &out, &[]);
    assert!(r.usage_error().contains("not a CA"), "{}", r.stderr);
    // The CA key does not match the CA certificate.
    let r = ca_sign(&ca_crt, &key, &csr, &out, &[]);
    assert!(r.usage_error().contains("does not belong"), "{}", r.stderr);
    // A root profile is made by ca init, not by signing.
    ca_sign(&ca_crt, &ca_key, &csr, &out, &["--profile", "root"]).usage_error();
    // Missing files; a certificate where the request belongs; a key where the certificate does.
    ca_sign(&ca_crt, &ca_key, &d.join("nope.csr"), &out, &[]).usage_error();
    ca_sign(&d.join("nope.crt"), &ca_key, &csr, &out, &[]).usage_error();
    ca_sign(&ca_crt, &ca_key, &leaf, &out, &[]).usage_error();
    ca_sign(&ca_key, &ca_key, &csr, &out, &[]).usage_error();
    assert!(!out.exists());
    // An existing --out is kept without --force.
    let r = ca_sign(&ca_crt, &ca_key, &csr, &leaf, &[]);
    assert!(r.usage_error().contains("--force"));
    ca_sign(&ca_crt, &ca_key, &csr, &leaf, &["--force"]).ok_quiet();
    assert_openssl_verifies(&ca_crt, None, &leaf);
}

// ---------------------------------------------------------------------------------------------
// show

#[test]
fn show_keys_requests_certificates_and_bundles() {
    let dir = tmp();
    let d = dir.path();

    // A clear EC key, and an RSA key that openssl encrypted.
    let ec = genkey(d, "ec.pem", "ec-p256");
    let text = sslkit_ok(&["show", s(&ec)]);
    assert!(text.contains("256 bit"), "{text}");
    assert!(!text.contains("BEGIN"), "no key material: {text}");
    let rsa = d.join("rsa.pem");
    openssl_ok(&[
        "genrsa",
        "-aes128",
        "-passout",
        "pass:pw",
        "-out",
        s(&rsa),
        "2048",
    ]);
    let text = sslkit_ok(&["show", s(&rsa), "--passin", "pass:pw"]);
    assert!(text.contains("2048 bit"), "{text}");
    let openssl_modulus = openssl_ok(&[
        "rsa",
        "-in",
        s(&rsa),
        "-passin",
        "pass:pw",
        "-noout",
        "-modulus",
    ]);
    let hex = openssl_modulus.trim_end().strip_prefix("Modulus=").unwrap();
    assert!(
        text.replace([':', ' ', '\n'], "")
            .to_uppercase()
            .contains(hex),
        "the modulus openssl prints appears in the dump:\n{text}"
    );
    assert!(
        sslkit(&["show", s(&rsa)])
            .usage_error()
            .contains("--passin")
    );
    assert!(
        sslkit(&["show", s(&rsa), "--passin", "pass:nope"])
            .usage_error()
            .contains("wrong passphrase")
    );

    // A public key (written by openssl).
    let public = d.join("pub.pem");
    openssl_ok(&[
        "pkey",
        "-in",
        s(&rsa),
        "-passin",
        "pass:pw",
        "-pubout",
        "-out",
        s(&public),
    ]);
    let text = sslkit_ok(&["show", s(&public)]);
    assert!(text.contains("2048 bit"), "{text}");

    // A request made by openssl.
    let csr = d.join("r.csr");
    openssl_ok(&[
        "req",
        "-new",
        "-key",
        s(&ec),
        "-subj",
        "/O=Foo/CN=www.foo.dom",
        "-addext",
        "subjectAltName=DNS:alt.foo.dom",
        "-out",
        s(&csr),
    ]);
    let text = sslkit_ok(&["show", s(&csr)]);
    assert!(text.contains("www.foo.dom"), "{text}");
    assert!(text.contains("DNS:alt.foo.dom"), "{text}");
    assert!(text.contains("256 bit"), "{text}");

    // Two certificates made by openssl, alone and as a bundle; and one as DER.
    let a = d.join("a.crt");
    let b = d.join("b.crt");
    for (path, cn) in [(&a, "first.foo.dom"), (&b, "second.foo.dom")] {
        openssl_ok(&[
            "req",
            "-x509",
            "-key",
            s(&ec),
            "-subj",
            &format!("/CN={cn}"),
            "-days",
            "5",
            "-out",
            s(path),
        ]);
    }
    let text = sslkit_ok(&["show", s(&a)]);
    assert!(text.contains("first.foo.dom"), "{text}");
    let bundle = d.join("bundle.pem");
    fs::write(
        &bundle,
        format!(
            "{}{}",
            fs::read_to_string(&a).unwrap(),
            fs::read_to_string(&b).unwrap()
        ),
    )
    .unwrap();
    let text = sslkit_ok(&["show", s(&bundle)]);
    let first = text.find("first.foo.dom").expect("first certificate shown");
    let second = text
        .find("second.foo.dom")
        .expect("second certificate shown");
    assert!(first < second, "{text}");
    assert!(text.contains("1 of 2") && text.contains("2 of 2"), "{text}");
    let der = d.join("a.der");
    openssl_ok(&["x509", "-in", s(&a), "-outform", "DER", "-out", s(&der)]);
    assert!(sslkit_ok(&["show", s(&der)]).contains("first.foo.dom"));

    // Garbage, an empty file, a PEM block of another kind, a missing file: exit 2.
    let junk = d.join("junk");
    fs::write(&junk, b"this is not a certificate\n\x00\x01\x02").unwrap();
    sslkit(&["show", s(&junk)]).usage_error();
    let empty = d.join("empty");
    fs::write(&empty, b"").unwrap();
    sslkit(&["show", s(&empty)]).usage_error();
    let params = d.join("params.pem");
    openssl_ok(&["ecparam", "-name", "prime256v1", "-out", s(&params)]);
    sslkit(&["show", s(&params)]).usage_error();
    let mut truncated = fs::read(&a).unwrap();
    truncated.truncate(truncated.len() / 2);
    fs::File::create(d.join("trunc.pem"))
        .unwrap()
        .write_all(&truncated)
        .unwrap();
    sslkit(&["show", s(&d.join("trunc.pem"))]).usage_error();
    sslkit(&["show", s(&d.join("missing.pem"))]).usage_error();
}
