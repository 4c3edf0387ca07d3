//! End-to-end tests of the `sslkit` binary against the real `openssl` command (3.x on PATH):
//! what `sslkit genkey` / `sslkit key` write, openssl reads and checks; what openssl writes,
//! `sslkit key` reads; passphrase sources; file handling; and bad input (always exit 2, one line
//! on stderr, never a panic, never an output file).

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::os::unix::fs::{FileTypeExt, PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{
    SSLKIT, mode, openssl, openssl_bytes, openssl_key, openssl_ok, run, s, sslkit, sslkit_with,
    tmp, umasked_0644,
};

// ---------------------------------------------------------------------------------------------
// Helpers

/// The names of the files in `dir`.
fn listing(dir: &Path) -> BTreeSet<String> {
    fs::read_dir(dir)
        .expect("read_dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect()
}

fn names(list: &[&str]) -> BTreeSet<String> {
    list.iter().map(|n| n.to_string()).collect()
}

/// `openssl pkey -pubout` of a key file (with `-passin pass:PASS` when given).
#[track_caller]
fn openssl_pub(key: &Path, pass: Option<&str>, der: bool) -> Vec<u8> {
    let passin = pass.map(|p| format!("pass:{p}"));
    let mut args = vec!["pkey", "-in", s(key), "-pubout"];
    if der {
        args.extend(["-inform", "DER"]);
    }
    if let Some(p) = &passin {
        args.extend(["-passin", p.as_str()]);
    }
    let out = openssl_bytes(&args);
    assert!(out.starts_with(b"-----BEGIN PUBLIC KEY-----\n"));
    out
}

/// `sslkit key --in KEY --pubout` (with `--passin pass:PASS` when given).
#[track_caller]
fn sslkit_pub(key: &Path, pass: Option<&str>) -> Vec<u8> {
    let passin = pass.map(|p| format!("pass:{p}"));
    let mut args = vec!["key", "--in", s(key), "--pubout"];
    if let Some(p) = &passin {
        args.extend(["--passin", p.as_str()]);
    }
    sslkit(&args).ok().to_vec()
}

/// `openssl pkey -check` (or, for Ed25519, a plain read) with an optional passphrase; asserts it
/// succeeds.
#[track_caller]
fn openssl_check(key: &Path, pass: Option<&str>, der: bool, check: bool) {
    let passin = pass.map(|p| format!("pass:{p}"));
    let mut args = vec!["pkey", "-in", s(key), "-noout"];
    if check {
        args.push("-check");
    }
    if der {
        args.extend(["-inform", "DER"]);
    }
    if let Some(p) = &passin {
        args.extend(["-passin", p.as_str()]);
    }
    let r = openssl(&args);
    assert_eq!(r.code, 0, "openssl {args:?}: {}", r.stderr);
    if check {
        assert!(
            r.stdout_str().contains("Key is valid"),
            "{}",
            r.stdout_str()
        );
    }
}

/// Asserts openssl cannot read `key` with passphrase `pass` (so the file really is encrypted).
#[track_caller]
fn openssl_refuses(key: &Path, pass: &str, der: bool) {
    let passin = format!("pass:{pass}");
    let mut args = vec!["pkey", "-in", s(key), "-noout", "-passin", passin.as_str()];
    if der {
        args.extend(["-inform", "DER"]);
    }
    assert_ne!(
        openssl(&args).code,
        0,
        "openssl read {key:?} with the wrong passphrase"
    );
}

/// openssl's text dump of a key (to learn its type and size independently of sslkit).
fn openssl_text(key: &Path, pass: Option<&str>) -> String {
    let passin = pass.map(|p| format!("pass:{p}"));
    let mut args = vec!["pkey", "-in", s(key), "-noout", "-text"];
    if let Some(p) = &passin {
        args.extend(["-passin", p.as_str()]);
    }
    openssl_ok(&args)
}

/// The line of `openssl pkey -text` that proves the key type (and size).
fn type_marker(key_type: &str) -> &'static str {
    match key_type {
        "rsa" => "Private-Key: (2048 bit, 2 primes)",
        "ec-p256" => "NIST CURVE: P-256",
        "ec-p384" => "NIST CURVE: P-384",
        "ed25519" => "ED25519 Private-Key:",
        _ => unreachable!(),
    }
}

/// `openssl asn1parse` of a PEM or DER file.
fn asn1parse(path: &Path, der: bool) -> String {
    let mut args = vec!["asn1parse", "-in", s(path)];
    if der {
        args.extend(["-inform", "DER"]);
    }
    openssl_ok(&args)
}

fn read_string(p: &Path) -> String {
    fs::read_to_string(p).expect("read")
}

// ---------------------------------------------------------------------------------------------
// genkey: every key type, clear

#[test]
fn genkey_every_type_is_read_and_checked_by_openssl() {
    let dir = tmp();
    for key_type in ["rsa", "ec-p256", "ec-p384", "ed25519"] {
        let path = dir.path().join(format!("{key_type}.key"));
        let r = sslkit(&["genkey", "--type", key_type, "--out", s(&path)]);
        r.ok();
        assert!(r.stdout.is_empty(), "with --out nothing goes to stdout");
        assert_eq!(mode(&path), 0o600, "{key_type}: private key mode");
        let pem = read_string(&path);
        assert!(
            pem.starts_with("-----BEGIN PRIVATE KEY-----\n"),
            "{key_type}: PKCS#8 by default"
        );

        openssl_check(&path, None, false, key_type != "ed25519");
        assert!(
            openssl_text(&path, None).contains(type_marker(key_type)),
            "{key_type}: type"
        );
        // The public key sslkit derives is the one openssl derives.
        assert_eq!(
            sslkit_pub(&path, None),
            openssl_pub(&path, None, false),
            "{key_type}"
        );

        // --pubout to a file: public, so not 0600.
        let pubfile = dir.path().join(format!("{key_type}.pub"));
        sslkit(&["key", "--in", s(&path), "--pubout", "--out", s(&pubfile)]).ok();
        assert_eq!(fs::read(&pubfile).unwrap(), openssl_pub(&path, None, false));
        assert_eq!(
            mode(&pubfile),
            umasked_0644(dir.path()),
            "{key_type}: public file mode"
        );
    }
}

#[test]
fn genkey_writes_to_stdout_without_out() {
    let dir = tmp();
    let r = sslkit(&["genkey", "--type", "ec-p256"]);
    let pem = r.ok();
    assert!(pem.starts_with(b"-----BEGIN PRIVATE KEY-----\n"));
    let path = dir.path().join("k.pem");
    fs::write(&path, pem).unwrap();
    openssl_check(&path, None, false, true);
    // Nothing else was created anywhere near.
    assert_eq!(listing(dir.path()), names(&["k.pem"]));
    // The default type is RSA 2048.
    let r = sslkit(&["genkey"]);
    let path = dir.path().join("default.pem");
    fs::write(&path, r.ok()).unwrap();
    assert!(openssl_text(&path, None).contains("Private-Key: (2048 bit, 2 primes)"));
}

#[test]
fn genkey_rsa_3072_and_4096() {
    let dir = tmp();
    for bits in ["3072", "4096"] {
        let path = dir.path().join(format!("rsa{bits}.key"));
        sslkit(&["genkey", "--bits", bits, "--out", s(&path)]).ok();
        openssl_check(&path, None, false, true);
        let text = openssl_text(&path, None);
        assert!(
            text.contains(&format!("Private-Key: ({bits} bit, 2 primes)")),
            "{text}"
        );
        assert!(text.contains("publicExponent: 65537 (0x10001)"));
    }
}

#[test]
fn genkey_refuses_bad_sizes() {
    let dir = tmp();
    let out = dir.path().join("k.key");
    let r = sslkit(&["genkey", "--bits", "1024", "--out", s(&out)]);
    assert!(r.usage_error().contains("2048"), "{}", r.stderr);
    let r = sslkit(&[
        "genkey",
        "--type",
        "ec-p256",
        "--bits",
        "384",
        "--out",
        s(&out),
    ]);
    r.usage_error();
    let r = sslkit(&["genkey", "--type", "dsa", "--out", s(&out)]);
    r.usage_error();
    assert!(
        listing(dir.path()).is_empty(),
        "no file after refused generation"
    );
}

// ---------------------------------------------------------------------------------------------
// genkey: encrypted variants

/// Generates a key with `extra` arguments and passphrase `x`, checks it with openssl (also that
/// openssl refuses a wrong passphrase) and that sslkit and openssl agree on its public key.
/// Returns the file's bytes.
#[track_caller]
fn genkey_encrypted(dir: &Path, key_type: &str, extra: &[&str], der: bool) -> (PathBuf, Vec<u8>) {
    let path = dir.join(format!(
        "{key_type}{}.key",
        extra.join("").replace('-', "_")
    ));
    let mut args = vec![
        "genkey",
        "--type",
        key_type,
        "--passout",
        "pass:x",
        "--out",
        s(&path),
    ];
    args.extend_from_slice(extra);
    sslkit(&args).ok();
    assert_eq!(mode(&path), 0o600);
    openssl_check(&path, Some("x"), der, key_type != "ed25519");
    openssl_refuses(&path, "y", der);
    assert_eq!(
        sslkit_pub(&path, Some("x")),
        openssl_pub(&path, Some("x"), der),
        "{key_type} {extra:?}"
    );
    // sslkit without the passphrase: PassphraseRequired, exit 2, with a hint.
    let r = sslkit(&["key", "--in", s(&path), "--pubout"]);
    assert!(r.usage_error().contains("--passin"), "{}", r.stderr);
    let data = fs::read(&path).unwrap();
    (path, data)
}

#[test]
fn genkey_encrypted_pkcs8_default_is_scrypt_aes256() {
    let dir = tmp();
    for key_type in ["rsa", "ec-p256", "ec-p384", "ed25519"] {
        let (path, pem) = genkey_encrypted(dir.path(), key_type, &[], false);
        assert!(pem.starts_with(b"-----BEGIN ENCRYPTED PRIVATE KEY-----\n"));
        let asn = asn1parse(&path, false);
        assert!(
            asn.contains(":PBES2") && asn.contains(":scrypt") && asn.contains(":aes-256-cbc"),
            "{asn}"
        );
        assert!(openssl_text(&path, Some("x")).contains(type_marker(key_type)));
    }
}

#[test]
fn genkey_encrypted_pbkdf2_and_des3() {
    let dir = tmp();
    let (path, _) = genkey_encrypted(dir.path(), "ec-p256", &["--kdf", "pbkdf2"], false);
    let asn = asn1parse(&path, false);
    assert!(
        asn.contains(":PBKDF2") && asn.contains(":hmacWithSHA256"),
        "{asn}"
    );
    assert!(asn.contains(":0927C0"), "600,000 iterations: {asn}");
    assert!(asn.contains(":aes-256-cbc"), "{asn}");

    let (path, _) = genkey_encrypted(dir.path(), "rsa", &["--cipher", "des3"], false);
    let asn = asn1parse(&path, false);
    assert!(
        asn.contains(":scrypt") && asn.contains(":des-ede3-cbc"),
        "{asn}"
    );

    let (path, _) = genkey_encrypted(
        dir.path(),
        "ed25519",
        &["--cipher", "des3", "--kdf", "pbkdf2"],
        false,
    );
    let asn = asn1parse(&path, false);
    assert!(
        asn.contains(":PBKDF2") && asn.contains(":des-ede3-cbc"),
        "{asn}"
    );
}

#[test]
fn genkey_traditional_encrypted_is_legacy_dek_info() {
    let dir = tmp();
    for (key_type, label) in [
        ("rsa", "RSA PRIVATE KEY"),
        ("ec-p256", "EC PRIVATE KEY"),
        ("ec-p384", "EC PRIVATE KEY"),
    ] {
        let (_, pem) = genkey_encrypted(dir.path(), key_type, &["--format", "traditional"], false);
        let pem = String::from_utf8(pem).unwrap();
        assert!(
            pem.starts_with(&format!(
                "-----BEGIN {label}-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,"
            )),
            "{pem}"
        );

        let (_, pem) = genkey_encrypted(
            dir.path(),
            key_type,
            &["--format", "traditional", "--cipher", "des3"],
            false,
        );
        let pem = String::from_utf8(pem).unwrap();
        assert!(
            pem.starts_with(&format!(
                "-----BEGIN {label}-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: DES-EDE3-CBC,"
            )),
            "{pem}"
        );
    }
    // Clear traditional: PKCS#1 / SEC1.
    for (key_type, label) in [("rsa", "RSA PRIVATE KEY"), ("ec-p384", "EC PRIVATE KEY")] {
        let path = dir.path().join(format!("{key_type}-clear-trad.key"));
        sslkit(&[
            "genkey",
            "--type",
            key_type,
            "--format",
            "traditional",
            "--out",
            s(&path),
        ])
        .ok();
        assert!(read_string(&path).starts_with(&format!("-----BEGIN {label}-----\n")));
        openssl_check(&path, None, false, true);
    }
    // Ed25519 has no traditional form, and a traditional key cannot take --kdf.
    let out = dir.path().join("ed.key");
    let r = sslkit(&[
        "genkey",
        "--type",
        "ed25519",
        "--format",
        "traditional",
        "--out",
        s(&out),
    ]);
    assert!(r.usage_error().contains("PKCS#8"), "{}", r.stderr);
    let r = sslkit(&[
        "genkey",
        "--format",
        "traditional",
        "--passout",
        "pass:x",
        "--kdf",
        "pbkdf2",
        "--out",
        s(&out),
    ]);
    r.usage_error();
    assert!(!out.exists());
}

#[test]
fn genkey_der_output() {
    let dir = tmp();
    // Encrypted DER (PKCS#8 PBES2).
    for key_type in ["rsa", "ec-p256", "ed25519"] {
        let (path, der) = genkey_encrypted(dir.path(), key_type, &["--outform", "der"], true);
        assert_eq!(der[0], 0x30, "DER SEQUENCE");
        assert!(asn1parse(&path, true).contains(":PBES2"));
    }
    // Clear DER, PKCS#8 and traditional.
    for (key_type, format) in [
        ("rsa", "pkcs8"),
        ("ec-p384", "pkcs8"),
        ("rsa", "traditional"),
        ("ec-p256", "traditional"),
    ] {
        let path = dir.path().join(format!("{key_type}-{format}.der"));
        sslkit(&[
            "genkey",
            "--type",
            key_type,
            "--format",
            format,
            "--outform",
            "der",
            "--out",
            s(&path),
        ])
        .ok();
        assert_eq!(mode(&path), 0o600);
        openssl_check(&path, None, true, true);
        assert_eq!(sslkit_pub(&path, None), openssl_pub(&path, None, true));
    }
    // Legacy encryption exists only in PEM.
    let out = dir.path().join("x.der");
    let r = sslkit(&[
        "genkey",
        "--format",
        "traditional",
        "--outform",
        "der",
        "--passout",
        "pass:x",
        "--out",
        s(&out),
    ]);
    assert!(r.usage_error().contains("PEM"), "{}", r.stderr);
    assert!(!out.exists());
    // DER to stdout is binary, and openssl reads it.
    let r = sslkit(&["genkey", "--type", "ec-p256", "--outform", "der"]);
    let path = dir.path().join("stdout.der");
    fs::write(&path, r.ok()).unwrap();
    openssl_check(&path, None, true, true);
}

// ---------------------------------------------------------------------------------------------
// key: the FAQ's passphrase flows

/// Add a passphrase, change it, remove it; after each step openssl reads the result with the
/// new passphrase (and not the old one), and the public key stays the original's.
fn passphrase_flow(dir: &Path, original: &Path, tag: &str) {
    let expected = openssl_pub(original, None, false);

    // Add: sslkit key --in clear --passout pass:a
    let a = dir.join(format!("{tag}-a.key"));
    sslkit(&[
        "key",
        "--in",
        s(original),
        "--passout",
        "pass:a",
        "--out",
        s(&a),
    ])
    .ok();
    assert_eq!(mode(&a), 0o600);
    assert!(read_string(&a).starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----\n"));
    assert_eq!(openssl_pub(&a, Some("a"), false), expected, "{tag}: add");
    openssl_refuses(&a, "b", false);

    // Change: --passin pass:a --passout pass:b
    let b = dir.join(format!("{tag}-b.key"));
    sslkit(&[
        "key",
        "--in",
        s(&a),
        "--passin",
        "pass:a",
        "--passout",
        "pass:b",
        "--out",
        s(&b),
    ])
    .ok();
    assert_eq!(openssl_pub(&b, Some("b"), false), expected, "{tag}: change");
    openssl_refuses(&b, "a", false);

    // Remove: --passin pass:b --nopass
    let c = dir.join(format!("{tag}-c.key"));
    sslkit(&[
        "key",
        "--in",
        s(&b),
        "--passin",
        "pass:b",
        "--nopass",
        "--out",
        s(&c),
    ])
    .ok();
    let clear = read_string(&c);
    assert!(clear.starts_with("-----BEGIN PRIVATE KEY-----\n") && !clear.contains("ENCRYPTED"));
    assert_eq!(mode(&c), 0o600);
    openssl_check(&c, None, false, true);
    assert_eq!(openssl_pub(&c, None, false), expected, "{tag}: remove");

    // In place, as the FAQ does (`-in server.key -out server.key`), needs --force.
    let r = sslkit(&["key", "--in", s(&c), "--passout", "pass:d", "--out", s(&c)]);
    assert!(r.usage_error().contains("--force"), "{}", r.stderr);
    assert_eq!(read_string(&c), clear, "unchanged without --force");
    sslkit(&[
        "key",
        "--in",
        s(&c),
        "--passout",
        "pass:d",
        "--out",
        s(&c),
        "--force",
    ])
    .ok();
    assert_eq!(
        openssl_pub(&c, Some("d"), false),
        expected,
        "{tag}: in place"
    );
}

#[test]
fn faq_add_change_remove_passphrase_rsa() {
    let dir = tmp();
    // The FAQ's key, made by openssl: PKCS#1 (traditional) RSA 2048.
    let original = dir.path().join("server.key");
    openssl_bytes(&["genrsa", "-traditional", "-out", s(&original), "2048"]);
    assert!(read_string(&original).starts_with("-----BEGIN RSA PRIVATE KEY-----\n"));
    passphrase_flow(dir.path(), &original, "rsa");
}

#[test]
fn faq_add_change_remove_passphrase_ec() {
    let dir = tmp();
    // SEC1 EC key made by openssl.
    let original = dir.path().join("ec.key");
    openssl_bytes(&[
        "ecparam",
        "-genkey",
        "-name",
        "prime256v1",
        "-noout",
        "-out",
        s(&original),
    ]);
    assert!(read_string(&original).starts_with("-----BEGIN EC PRIVATE KEY-----\n"));
    passphrase_flow(dir.path(), &original, "ec");
    // And Ed25519 made by openssl.
    let ed = openssl_key(dir.path(), "ed.key", "ed25519");
    passphrase_flow(dir.path(), &ed, "ed25519");
}

#[test]
fn key_converts_formats() {
    let dir = tmp();
    let pkcs8 = dir.path().join("k.pem");
    openssl_bytes(&[
        "genpkey",
        "-algorithm",
        "EC",
        "-pkeyopt",
        "ec_paramgen_curve:P-384",
        "-out",
        s(&pkcs8),
    ]);
    let expected = openssl_pub(&pkcs8, None, false);

    // PKCS#8 -> SEC1 PEM
    let trad = dir.path().join("k.trad");
    sslkit(&[
        "key",
        "--in",
        s(&pkcs8),
        "--format",
        "traditional",
        "--out",
        s(&trad),
    ])
    .ok();
    assert!(read_string(&trad).starts_with("-----BEGIN EC PRIVATE KEY-----\n"));
    assert_eq!(openssl_pub(&trad, None, false), expected);
    // -> DER (stdout)
    let der = dir.path().join("k.der");
    fs::write(
        &der,
        sslkit(&["key", "--in", s(&trad), "--outform", "der"]).ok(),
    )
    .unwrap();
    assert_eq!(openssl_pub(&der, None, true), expected);
    // DER input -> PEM, byte-identical to what openssl writes for PKCS#8.
    let back = sslkit(&["key", "--in", s(&der)]).ok().to_vec();
    let openssl_pkcs8 = openssl_bytes(&["pkey", "-in", s(&pkcs8)]);
    assert_eq!(back, openssl_pkcs8);
    // Public key as DER equals openssl's.
    let pub_der = sslkit(&["key", "--in", s(&pkcs8), "--pubout", "--outform", "der"])
        .ok()
        .to_vec();
    assert_eq!(
        pub_der,
        openssl_bytes(&["pkey", "-in", s(&pkcs8), "-pubout", "-outform", "DER"])
    );
    // Encrypted traditional (legacy DEK-Info) from an encrypted PKCS#8 input.
    let enc = dir.path().join("k.enc");
    sslkit(&[
        "key",
        "--in",
        s(&pkcs8),
        "--passout",
        "pass:pw",
        "--out",
        s(&enc),
    ])
    .ok();
    let legacy = dir.path().join("k.legacy");
    sslkit(&[
        "key",
        "--in",
        s(&enc),
        "--passin",
        "pass:pw",
        "--passout",
        "pass:pw2",
        "--format",
        "traditional",
        "--cipher",
        "des3",
        "--out",
        s(&legacy),
    ])
    .ok();
    assert!(read_string(&legacy).contains("DEK-Info: DES-EDE3-CBC,"));
    assert_eq!(openssl_pub(&legacy, Some("pw2"), false), expected);
}

// ---------------------------------------------------------------------------------------------
// key: what openssl writes, sslkit reads

/// sslkit reads the encrypted `key` with `pass`: same public key as openssl, and the clear key
/// it writes with --nopass is read by openssl as the same key.
#[track_caller]
fn sslkit_reads_openssl(dir: &Path, key: &Path, pass: &str, der: bool) {
    let expected = openssl_pub(key, Some(pass), der);
    assert_eq!(sslkit_pub(key, Some(pass)), expected, "{key:?}");
    let passin = format!("pass:{pass}");
    let clear = dir.join(format!(
        "{}.clear",
        key.file_name().unwrap().to_string_lossy()
    ));
    sslkit(&[
        "key",
        "--in",
        s(key),
        "--passin",
        &passin,
        "--nopass",
        "--out",
        s(&clear),
    ])
    .ok();
    assert_eq!(openssl_pub(&clear, None, false), expected);
    // A wrong passphrase is WrongPassphrase (exit 2, hint), never a parse error.
    let r = sslkit(&["key", "--in", s(key), "--passin", "pass:not-it", "--pubout"]);
    let err = r.usage_error();
    assert!(
        err.contains("wrong passphrase") && err.contains("check --passin"),
        "{err}"
    );
}

#[test]
fn openssl_genrsa_encrypted_keys_are_read() {
    let dir = tmp();
    let d = dir.path();
    // OpenSSL 3: genrsa -des3 writes PBES2 PKCS#8 with DES-EDE3-CBC.
    let des3 = d.join("des3.key");
    openssl_bytes(&[
        "genrsa",
        "-des3",
        "-passout",
        "pass:pw",
        "-out",
        s(&des3),
        "2048",
    ]);
    assert!(read_string(&des3).starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
    sslkit_reads_openssl(d, &des3, "pw", false);

    // genrsa -traditional -aes256: legacy DEK-Info.
    let trad = d.join("trad-aes.key");
    openssl_bytes(&[
        "genrsa",
        "-traditional",
        "-aes256",
        "-passout",
        "pass:pw",
        "-out",
        s(&trad),
        "2048",
    ]);
    assert!(read_string(&trad).contains("DEK-Info: AES-256-CBC,"));
    sslkit_reads_openssl(d, &trad, "pw", false);

    // Re-encrypt the same key the other ways openssl can: legacy DES3 and AES-128, PKCS#8 with
    // scrypt, PBKDF2-SHA1 AES-128 (OpenSSL 1.1 style), and encrypted PKCS#8 DER.
    let variants: [(&str, &[&str], bool); 5] = [
        ("trad-des3.key", &["rsa", "-traditional", "-des3"], false),
        (
            "trad-aes128.key",
            &["rsa", "-traditional", "-aes128"],
            false,
        ),
        ("p8-scrypt.key", &["pkcs8", "-topk8", "-scrypt"], false),
        (
            "p8-sha1.key",
            &[
                "pkcs8",
                "-topk8",
                "-v2",
                "aes-128-cbc",
                "-v2prf",
                "hmacWithSHA1",
            ],
            false,
        ),
        (
            "p8.der",
            &["pkcs8", "-topk8", "-v2", "aes-256-cbc", "-outform", "DER"],
            true,
        ),
    ];
    for (name, cmd, der) in variants {
        let out = d.join(name);
        let mut args = cmd.to_vec();
        args.extend([
            "-in",
            s(&trad),
            "-passin",
            "pass:pw",
            "-passout",
            "pass:pw2",
            "-out",
            s(&out),
        ]);
        openssl_bytes(&args);
        sslkit_reads_openssl(d, &out, "pw2", der);
    }

    // A legacy EC key (openssl ec -aes256 writes DEK-Info SEC1).
    let ec = d.join("ec.key");
    openssl_bytes(&[
        "ecparam",
        "-genkey",
        "-name",
        "secp384r1",
        "-noout",
        "-out",
        s(&ec),
    ]);
    let ec_enc = d.join("ec-enc.key");
    openssl_bytes(&[
        "ec",
        "-in",
        s(&ec),
        "-aes256",
        "-passout",
        "pass:pw",
        "-out",
        s(&ec_enc),
    ]);
    assert!(
        read_string(&ec_enc).starts_with("-----BEGIN EC PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED")
    );
    sslkit_reads_openssl(d, &ec_enc, "pw", false);
}

// ---------------------------------------------------------------------------------------------
// Passphrase sources

/// An encrypted EC key with passphrase `s3cret`, and its public key as openssl sees it.
fn encrypted_fixture(dir: &Path) -> (PathBuf, Vec<u8>) {
    let key = dir.join("enc.key");
    sslkit(&[
        "genkey",
        "--type",
        "ec-p256",
        "--passout",
        "pass:s3cret",
        "--out",
        s(&key),
    ])
    .ok();
    let expected = openssl_pub(&key, Some("s3cret"), false);
    (key, expected)
}

#[test]
fn passphrase_source_pass_env_file() {
    let dir = tmp();
    let (key, expected) = encrypted_fixture(dir.path());
    let k = s(&key);

    // pass:
    assert_eq!(
        sslkit(&["key", "--in", k, "--passin", "pass:s3cret", "--pubout"]).ok(),
        expected
    );

    // env:
    let r = sslkit_with(
        &[
            "key",
            "--in",
            k,
            "--passin",
            "env:SSLKIT_TEST_PW",
            "--pubout",
        ],
        None,
        &[("SSLKIT_TEST_PW", "s3cret")],
    );
    assert_eq!(r.ok(), expected);
    let r = sslkit(&[
        "key",
        "--in",
        k,
        "--passin",
        "env:SSLKIT_TEST_SURELY_UNSET",
        "--pubout",
    ]);
    assert!(
        r.usage_error().contains("SSLKIT_TEST_SURELY_UNSET"),
        "{}",
        r.stderr
    );

    // file: first line only, without \n or \r\n.
    for (name, content) in [
        ("pw-lf", "s3cret\nsecond line\n"),
        ("pw-crlf", "s3cret\r\n"),
        ("pw-noeol", "s3cret"),
    ] {
        let pw = dir.path().join(name);
        fs::write(&pw, content).unwrap();
        let src = format!("file:{}", s(&pw));
        assert_eq!(
            sslkit(&["key", "--in", k, "--passin", &src, "--pubout"]).ok(),
            expected,
            "{name}"
        );
    }
    let missing = format!("file:{}", s(&dir.path().join("nope")));
    sslkit(&["key", "--in", k, "--passin", &missing, "--pubout"]).usage_error();
    let empty = dir.path().join("empty");
    fs::write(&empty, "").unwrap();
    let empty_src = format!("file:{}", s(&empty));
    sslkit(&["key", "--in", k, "--passin", &empty_src, "--pubout"]).usage_error();

    // The same file for --passin and --passout: line 1 is passin, line 2 passout (as openssl).
    let both = dir.path().join("both");
    fs::write(&both, "s3cret\nnewpass\n").unwrap();
    let both_src = format!("file:{}", s(&both));
    let out = dir.path().join("re.key");
    sslkit(&[
        "key",
        "--in",
        k,
        "--passin",
        &both_src,
        "--passout",
        &both_src,
        "--out",
        s(&out),
    ])
    .ok();
    assert_eq!(openssl_pub(&out, Some("newpass"), false), expected);

    // genkey --passout from env: openssl reads the key with that passphrase.
    let g = dir.path().join("g.key");
    sslkit_with(
        &[
            "genkey",
            "--type",
            "ec-p256",
            "--passout",
            "env:PW",
            "--out",
            s(&g),
        ],
        None,
        &[("PW", "from env")],
    )
    .ok();
    openssl_check(&g, Some("from env"), false, true);
}

#[test]
fn passphrase_source_fd_and_stdin() {
    let dir = tmp();
    let (key, expected) = encrypted_fixture(dir.path());
    let k = s(&key);

    // fd:0 (stdin as a descriptor)
    let r = sslkit_with(
        &["key", "--in", k, "--passin", "fd:0", "--pubout"],
        Some(b"s3cret\n"),
        &[],
    );
    assert_eq!(r.ok(), expected);

    // fd:3, an extra descriptor opened by the shell on a file and on a pipe.
    let pw = dir.path().join("pw");
    fs::write(&pw, "s3cret\n").unwrap();
    let r = run(
        Command::new("sh").args([
            "-c",
            r#"exec "$0" key --in "$1" --passin fd:3 --pubout 3<"$2""#,
            SSLKIT,
            k,
            s(&pw),
        ]),
        None,
    );
    assert_eq!(r.ok(), expected, "fd:3 on a file");
    let r = run(
        Command::new("sh").args(["-c", r#"printf 's3cret\n' | { "$0" key --in "$1" --passin fd:3 --pubout 3<&0 0</dev/null; }"#, SSLKIT, k]),
        None,
    );
    assert_eq!(r.ok(), expected, "fd:3 on a pipe");
    let r = sslkit(&["key", "--in", k, "--passin", "fd:987", "--pubout"]);
    r.usage_error();
    sslkit(&["key", "--in", k, "--passin", "fd:three", "--pubout"]).usage_error();

    // stdin, one line
    let r = sslkit_with(
        &["key", "--in", k, "--passin", "stdin", "--pubout"],
        Some(b"s3cret\n"),
        &[],
    );
    assert_eq!(r.ok(), expected);
    // stdin for both: first line passin, second passout.
    let out = dir.path().join("re.key");
    let r = sslkit_with(
        &[
            "key",
            "--in",
            k,
            "--passin",
            "stdin",
            "--passout",
            "stdin",
            "--out",
            s(&out),
        ],
        Some(b"s3cret\nline two\n"),
        &[],
    );
    r.ok();
    assert_eq!(openssl_pub(&out, Some("line two"), false), expected);
    openssl_refuses(&out, "s3cret", false);
    // stdin with no line at all
    let r = sslkit_with(
        &["key", "--in", k, "--passin", "stdin", "--pubout"],
        Some(b""),
        &[],
    );
    r.usage_error();
    // genkey --passout stdin
    let g = dir.path().join("g.key");
    sslkit_with(
        &[
            "genkey",
            "--type",
            "ed25519",
            "--passout",
            "stdin",
            "--out",
            s(&g),
        ],
        Some(b"typed\n"),
        &[],
    )
    .ok();
    openssl_check(&g, Some("typed"), false, false);
}

#[test]
fn passphrases_are_never_printed() {
    let dir = tmp();
    let (key, _) = encrypted_fixture(dir.path());
    let k = s(&key);
    // A passphrase typed without "pass:" is not echoed back.
    let r = sslkit(&["key", "--in", k, "--passin", "hunter2", "--pubout"]);
    let err = r.usage_error();
    assert!(
        !err.contains("hunter2") && err.contains("pass:TEXT"),
        "{err}"
    );
    let r = sslkit(&["genkey", "--passout", "hunter2"]);
    assert!(!r.usage_error().contains("hunter2"));
    // Nor is a wrong one.
    let r = sslkit(&["key", "--in", k, "--passin", "pass:hunter2", "--nopass"]);
    assert!(!r.usage_error().contains("hunter2"));
}

// ---------------------------------------------------------------------------------------------
// Files

#[test]
fn existing_output_is_kept_without_force_and_replaced_with_it() {
    let dir = tmp();
    let out = dir.path().join("server.key");
    fs::write(&out, "precious\n").unwrap();
    fs::set_permissions(&out, fs::Permissions::from_mode(0o644)).unwrap();

    let r = sslkit(&["genkey", "--type", "ec-p256", "--out", s(&out)]);
    assert!(r.usage_error().contains("--force"), "{}", r.stderr);
    assert_eq!(read_string(&out), "precious\n", "file unchanged");
    assert_eq!(
        listing(dir.path()),
        names(&["server.key"]),
        "no temp file left"
    );

    sslkit(&["genkey", "--type", "ec-p256", "--out", s(&out), "--force"]).ok();
    assert_ne!(read_string(&out), "precious\n");
    assert_eq!(mode(&out), 0o600, "a replaced key file is 0600 too");
    openssl_check(&out, None, false, true);
    assert_eq!(listing(dir.path()), names(&["server.key"]));

    // --force needs --out.
    sslkit(&["genkey", "--force"]).usage_error();

    // --force replaces files, not FIFOs (or devices).
    let fifo = dir.path().join("fifo");
    let r = run(Command::new("mkfifo").arg(&fifo), None);
    assert_eq!(r.code, 0, "mkfifo: {}", r.stderr);
    let r = sslkit(&["genkey", "--type", "ec-p256", "--out", s(&fifo), "--force"]);
    assert!(
        r.usage_error().contains("not a regular file"),
        "{}",
        r.stderr
    );
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    fs::remove_file(&fifo).unwrap();

    // A symbolic link is not written through, even with --force.
    let target = dir.path().join("target");
    fs::write(&target, "target\n").unwrap();
    let link = dir.path().join("link.key");
    symlink(&target, &link).unwrap();
    for force in [false, true] {
        let mut args = vec!["genkey", "--type", "ec-p256", "--out", s(&link)];
        if force {
            args.push("--force");
        }
        sslkit(&args).usage_error();
        assert_eq!(read_string(&target), "target\n");
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
    }
}

#[test]
fn wrong_passphrase_leaves_no_file() {
    let dir = tmp();
    let (key, _) = encrypted_fixture(dir.path());
    let out = dir.path().join("out.key");
    for args in [
        vec![
            "key",
            "--in",
            s(&key),
            "--passin",
            "pass:wrong",
            "--nopass",
            "--out",
            s(&out),
        ],
        vec![
            "key",
            "--in",
            s(&key),
            "--passin",
            "pass:wrong",
            "--passout",
            "pass:new",
            "--out",
            s(&out),
        ],
        vec![
            "key",
            "--in",
            s(&key),
            "--passin",
            "pass:wrong",
            "--pubout",
            "--out",
            s(&out),
        ],
    ] {
        let r = sslkit(&args);
        let err = r.usage_error();
        assert!(
            err.contains("wrong passphrase") && err.contains("--passin"),
            "{err}"
        );
        assert_eq!(
            listing(dir.path()),
            names(&["enc.key"]),
            "no output, no temp file"
        );
    }
}

#[test]
fn encrypted_input_is_not_silently_decrypted() {
    let dir = tmp();
    let (key, _) = encrypted_fixture(dir.path());
    let out = dir.path().join("out.key");
    // Neither --passout nor --nopass: refused, even with the right --passin.
    let r = sslkit(&[
        "key",
        "--in",
        s(&key),
        "--passin",
        "pass:s3cret",
        "--out",
        s(&out),
    ]);
    let err = r.usage_error();
    assert!(
        err.contains("say --passout SRC to keep it encrypted or --nopass to write it in the clear"),
        "{err}"
    );
    assert!(!err.contains("--passin SRC"), "passin was given: {err}");
    // Without --passin either: the hint mentions it too.
    let r = sslkit(&["key", "--in", s(&key), "--out", s(&out)]);
    assert!(r.usage_error().contains("--passin"), "{}", r.stderr);
    // --nopass without --passin: the core's PassphraseRequired, with a hint.
    let r = sslkit(&["key", "--in", s(&key), "--nopass", "--out", s(&out)]);
    let err = r.usage_error();
    assert!(
        err.contains("passphrase is required") && err.contains("--passin"),
        "{err}"
    );
    assert!(!out.exists());
}

#[test]
fn usage_errors_exit_2() {
    let dir = tmp();
    let (key, _) = encrypted_fixture(dir.path());
    let k = s(&key);
    let base = format!("key --in {k} --passin pass:s3cret");
    // (arguments, separated by spaces; what the one-line message must say)
    let cases = [
        (
            format!("{base} --passout pass:a --nopass"),
            "cannot be used with",
        ),
        (
            format!("{base} --pubout --passout pass:a"),
            "cannot be used with",
        ),
        (
            format!("{base} --pubout --format traditional"),
            "cannot be used with",
        ),
        (format!("{base} --nopass --cipher des3"), "need --passout"),
        (format!("{base} --kdf pbkdf2"), "--passout"),
        (
            "key --passin pass:s3cret --nopass".to_string(),
            "--in <FILE>",
        ),
        ("genkey --kdf pbkdf2".to_string(), "--passout"),
        ("genkey --outform txt".to_string(), "invalid value 'txt'"),
        (
            "genkey --unknown".to_string(),
            "unexpected argument '--unknown'",
        ),
        ("frobnicate".to_string(), "unrecognized subcommand"),
    ];
    for (args, mention) in &cases {
        let args: Vec<&str> = args.split_whitespace().collect();
        let r = sslkit(&args);
        let err = r.usage_error();
        assert!(err.contains(mention), "{args:?}: {err}");
    }
    assert_eq!(listing(dir.path()), names(&["enc.key"]));
    // Help is not an error.
    let r = sslkit(&["key", "--help"]);
    assert!(r.ok().starts_with(b"Add, change or remove"));
}

// ---------------------------------------------------------------------------------------------
// Bad input

/// Replaces the base64 character at `pos` of `pem` with another valid one.
fn flip_b64(pem: &str, pos: usize) -> String {
    let mut bytes = pem.as_bytes().to_vec();
    bytes[pos] = if bytes[pos] == b'A' { b'B' } else { b'A' };
    String::from_utf8(bytes).unwrap()
}

/// The byte offset of the middle of the second-to-last base64 line (in the ciphertext).
fn ciphertext_pos(pem: &str) -> usize {
    let lines: Vec<&str> = pem.lines().collect();
    let end = lines
        .iter()
        .position(|l| l.starts_with("-----END"))
        .unwrap();
    let line = end - 2;
    let offset: usize = lines[..line].iter().map(|l| l.len() + 1).sum();
    offset + lines[line].len() / 2
}

#[test]
fn bad_input_exits_2_without_output() {
    let dir = tmp();
    let d = dir.path();
    let bad = d.join("bad");
    fs::create_dir(&bad).unwrap();

    let clear = d.join("clear.key");
    sslkit(&["genkey", "--type", "ec-p256", "--out", s(&clear)]).ok();
    let clear_pem = read_string(&clear);
    let enc = d.join("enc.key");
    sslkit(&[
        "genkey",
        "--type",
        "ec-p256",
        "--passout",
        "pass:x",
        "--out",
        s(&enc),
    ])
    .ok();
    let enc_pem = read_string(&enc);
    let legacy = d.join("legacy.key");
    sslkit(&[
        "genkey",
        "--format",
        "traditional",
        "--passout",
        "pass:x",
        "--out",
        s(&legacy),
    ])
    .ok();
    let legacy_pem = read_string(&legacy);
    let cert = d.join("cert.pem");
    openssl_bytes(&[
        "req",
        "-x509",
        "-key",
        s(&clear),
        "-subj",
        "/CN=www.foo.dom",
        "-days",
        "1",
        "-out",
        s(&cert),
    ]);
    let pubkey = d.join("pub.pem");
    fs::write(&pubkey, sslkit_pub(&clear, None)).unwrap();

    let mut random = Vec::with_capacity(4096);
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..4096 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        random.push((state >> 24) as u8);
    }

    // (file name, contents, passin, what the message must mention)
    let cases: Vec<(&str, Vec<u8>, &str, &str)> = vec![
        (
            "truncated.pem",
            clear_pem.as_bytes()[..clear_pem.len() / 2].to_vec(),
            "pass:x",
            "truncated",
        ),
        (
            "no-end.pem",
            clear_pem
                .replace("-----END PRIVATE KEY-----\n", "")
                .into_bytes(),
            "pass:x",
            "END",
        ),
        (
            "bad-base64.pem",
            clear_pem.replacen("M", "!", 1).into_bytes(),
            "pass:x",
            "base64",
        ),
        (
            "cut-der.pem",
            {
                // valid base64, but the DER inside is cut short
                let mut lines: Vec<&str> = clear_pem.lines().collect();
                lines.remove(2);
                (lines.join("\n") + "\n").into_bytes()
            },
            "pass:x",
            "",
        ),
        (
            "certificate.pem",
            fs::read(&cert).unwrap(),
            "pass:x",
            "CERTIFICATE",
        ),
        (
            "public.pem",
            fs::read(&pubkey).unwrap(),
            "pass:x",
            "PUBLIC KEY",
        ),
        (
            "corrupt-pkcs8.pem",
            flip_b64(&enc_pem, ciphertext_pos(&enc_pem)).into_bytes(),
            "pass:x",
            "wrong passphrase",
        ),
        (
            "corrupt-legacy.pem",
            flip_b64(&legacy_pem, ciphertext_pos(&legacy_pem)).into_bytes(),
            "pass:x",
            "wrong passphrase",
        ),
        (
            "wrong-pass.pem",
            enc_pem.clone().into_bytes(),
            "pass:y",
            "wrong passphrase",
        ),
        (
            "wrong-pass-legacy.pem",
            legacy_pem.clone().into_bytes(),
            "pass:y",
            "wrong passphrase",
        ),
        (
            "empty-pass.pem",
            enc_pem.clone().into_bytes(),
            "pass:",
            "wrong passphrase",
        ),
        ("random.bin", random, "pass:x", "not a private key"),
        ("empty.bin", Vec::new(), "pass:x", "not a private key"),
        (
            "text.txt",
            b"hello, I am not a key\n".to_vec(),
            "pass:x",
            "not a private key",
        ),
    ];
    for (name, contents, _, _) in &cases {
        fs::write(bad.join(name), contents).unwrap();
    }
    // A 50 MB file (sparse: cheap to make), refused by size.
    let huge = bad.join("huge.bin");
    fs::File::create(&huge)
        .unwrap()
        .set_len(50 * 1024 * 1024)
        .unwrap();
    let before = listing(&bad);

    let out = d.join("out.key");
    let mut all: Vec<(&str, &str, &str)> = cases.iter().map(|(n, _, p, m)| (*n, *p, *m)).collect();
    all.push(("huge.bin", "pass:x", "MiB"));
    for (name, passin, mention) in all {
        let input = bad.join(name);
        for mode_args in [&["--nopass"][..], &["--passout", "pass:new"], &["--pubout"]] {
            let mut args = vec![
                "key",
                "--in",
                s(&input),
                "--passin",
                passin,
                "--out",
                s(&out),
            ];
            args.extend_from_slice(mode_args);
            let r = sslkit(&args);
            let err = r.usage_error();
            assert!(
                err.contains(mention) && err.contains(name),
                "{name}: message should mention {mention:?}: {err}"
            );
            assert!(!out.exists(), "{name}: no output file");
        }
    }
    assert_eq!(listing(&bad), before, "inputs untouched, nothing added");
    assert_eq!(
        listing(d),
        names(&[
            "bad",
            "clear.key",
            "enc.key",
            "legacy.key",
            "cert.pem",
            "pub.pem"
        ]),
        "no output or temp file"
    );

    // An empty passphrase for output is refused too.
    let r = sslkit(&[
        "genkey",
        "--type",
        "ec-p256",
        "--passout",
        "pass:",
        "--out",
        s(&out),
    ]);
    assert!(r.usage_error().contains("empty passphrase"), "{}", r.stderr);
    let r = sslkit(&[
        "key",
        "--in",
        s(&clear),
        "--passout",
        "pass:",
        "--out",
        s(&out),
    ]);
    r.usage_error();
    assert!(!out.exists());
    // A missing input file and a directory as input.
    sslkit(&["key", "--in", s(&d.join("missing")), "--nopass"]).usage_error();
    sslkit(&["key", "--in", s(d), "--nopass"]).usage_error();
}
