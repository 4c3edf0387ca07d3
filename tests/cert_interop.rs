//! Certificates, requests and the CA against the real `openssl` command (3.x), both ways:
//! chains sslkit makes are verified by `openssl verify` and read back through `openssl x509`
//! (extensions, key identifiers, serials, dates, algorithms); requests and CAs openssl makes
//! (the FAQ's commands) are read, checked and signed by sslkit. Expected values are written
//! here from the specification (README's defaults, RFC 5280) or taken from openssl, never from sslkit.

mod common;

use std::collections::BTreeSet;
use std::net::IpAddr;
use std::time::SystemTime;

use common::alg::Alg;
use common::{
    OpensslExt, Workdir, openssl, openssl_dates, openssl_extensions, openssl_str, openssl_try,
    unix_secs,
};
use sslkit::name::DistinguishedName;
use sslkit::san::SubjectAltName;
use sslkit::{
    Certificate, CertificateAuthority, CertificateSigningRequest, ErrorKind, HashAlg, IssueOptions,
    PrivateKey, Profile,
};

const DAY: i64 = 86_400;
/// README's defaults: "not-before backdated 5 minutes for clock skew".
const BACKDATE: i64 = 300;
/// README's defaults: leaf validity 365 days, root 3650 days.
const LEAF_DAYS: i64 = 365;
const ROOT_DAYS: i64 = 3650;
/// An intermediate's default: 1825 days, so that it ends well before the root that signed it
/// (README's defaults).
const INTERMEDIATE_DAYS: i64 = 1825;
/// A fixed minimal OpenSSL configuration for the throwaway certificates made here, so the
/// system's `openssl.cnf` adds nothing.
const MIN_CNF: &str = "[req]\ndistinguished_name = dn\n[dn]\n";

const BC: &str = "X509v3 Basic Constraints";
const KU: &str = "X509v3 Key Usage";
const EKU: &str = "X509v3 Extended Key Usage";
const SAN: &str = "X509v3 Subject Alternative Name";
const SKI: &str = "X509v3 Subject Key Identifier";
const AKI: &str = "X509v3 Authority Key Identifier";

/// What openssl shows for certificates made with each kind of key (the kinds themselves are
/// the shared fixture `common::alg::Alg`).
trait OpensslShows {
    fn default_signature(self) -> &'static str;
    fn server_key_usage(self) -> &'static str;
}

impl OpensslShows for Alg {
    /// What `openssl x509 -text` prints as the signature algorithm of a certificate this kind
    /// of key signed with the defaults: SHA-256 for RSA (README's defaults), the curve's own hash for
    /// ECDSA, pure Ed25519.
    fn default_signature(self) -> &'static str {
        match self {
            Alg::Rsa(_) => "sha256WithRSAEncryption",
            Alg::P256 => "ecdsa-with-SHA256",
            Alg::P384 => "ecdsa-with-SHA384",
            Alg::Ed25519 => "ED25519",
        }
    }

    /// openssl's keyUsage text for a server leaf of this key type (README's profiles: digitalSignature,
    /// plus keyEncipherment for RSA).
    fn server_key_usage(self) -> &'static str {
        if self.is_rsa() {
            "Digital Signature, Key Encipherment"
        } else {
            "Digital Signature"
        }
    }
}

fn ext<'a>(map: &'a std::collections::BTreeMap<String, OpensslExt>, title: &str) -> &'a OpensslExt {
    map.get(title)
        .unwrap_or_else(|| panic!("openssl shows no {title}; it shows {map:#?}"))
}

/// The key identifier in openssl's AKI text (`keyid:` prefix in some versions; DirName and
/// serial lines may follow).
fn aki_keyid(e: &OpensslExt) -> String {
    let first = e.value.lines().next().unwrap_or_default();
    first.trim_start_matches("keyid:").to_string()
}

/// openssl's SAN entries, as a set of strings (`DNS:x`, `IP Address:y`, ...).
fn san_set(e: &OpensslExt) -> BTreeSet<String> {
    e.value.split(", ").map(str::to_string).collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// The SKI openssl computes for `key` (`subjectKeyIdentifier=hash`, RFC 5280 method 1), taken
/// from a throwaway certificate openssl makes for the same key.
fn openssl_ski(w: &Workdir, key: &PrivateKey, tag: &str) -> String {
    let k = w.write(&format!("{tag}.ski.key"), key.to_pem().unwrap().as_bytes());
    let cnf = w.write("min.cnf", MIN_CNF);
    let out = w.path(&format!("{tag}.ski.crt"));
    openssl(&[
        "req",
        "-x509",
        "-new",
        "-key",
        &k,
        "-subj",
        "/CN=ski",
        "-config",
        &cnf,
        "-addext",
        "subjectKeyIdentifier=hash",
        "-days",
        "1",
        "-out",
        &out,
    ]);
    ext(&openssl_extensions(&out), SKI).value.clone()
}

/// The first "Signature Algorithm:" of `openssl x509 -text` (or `req -text`).
fn openssl_signature_algorithm(kind: &str, path: &str) -> String {
    let text = openssl_str(&[kind, "-in", path, "-noout", "-text"]);
    text.lines()
        .find_map(|l| l.trim().strip_prefix("Signature Algorithm: "))
        .unwrap_or_else(|| panic!("no signature algorithm in {text}"))
        .trim()
        .to_string()
}

/// The serial number INTEGER as `openssl asn1parse` shows it: (content length, value).
fn openssl_serial_integer(path: &str) -> (usize, String) {
    let text = openssl_str(&["asn1parse", "-in", path]);
    // The first INTEGER at depth 2 is the serial (the version is at depth 3, inside [0]).
    let line = text
        .lines()
        .find(|l| l.contains("d=2") && l.contains("prim: INTEGER"))
        .unwrap_or_else(|| panic!("no serial INTEGER in {text}"));
    let len = line
        .split("l=")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let value = line.rsplit(':').next().unwrap().trim().to_string();
    (len, value)
}

/// `openssl x509 -noout -subject|-issuer -nameopt RFC2253`, without the label.
fn openssl_name(kind: &str, what: &str, path: &str) -> String {
    let text = openssl_str(&[kind, "-in", path, "-noout", what, "-nameopt", "RFC2253"]);
    text.trim()
        .split_once('=')
        .map(|(_, v)| v.trim().to_string())
        .unwrap()
}

/// The base64 of the PUBLIC KEY block openssl extracts (`x509 -pubkey` or `req -pubkey`).
fn openssl_pubkey_b64(kind: &str, path: &str) -> String {
    pem_b64(&openssl_str(&[kind, "-in", path, "-noout", "-pubkey"]))
}

fn pem_b64(pem: &str) -> String {
    pem.lines()
        .filter(|l| !l.starts_with("-----"))
        .map(str::trim)
        .collect()
}

/// `openssl verify -x509_strict [-purpose P] -CAfile root [-untrusted inter] leaf`.
fn openssl_verify(
    root: &str,
    untrusted: Option<&str>,
    leaf: &str,
    purpose: Option<&str>,
) -> (bool, String) {
    let mut args = vec!["verify", "-x509_strict", "-CAfile", root];
    if let Some(u) = untrusted {
        args.extend(["-untrusted", u]);
    }
    if let Some(p) = purpose {
        args.extend(["-purpose", p]);
    }
    args.push(leaf);
    openssl_try(&args)
}

fn assert_verifies(root: &str, untrusted: Option<&str>, leaf: &str, purpose: Option<&str>) {
    let (ok, out) = openssl_verify(root, untrusted, leaf, purpose);
    assert!(
        ok && out.contains(&format!("{leaf}: OK")),
        "openssl verify (purpose {purpose:?}) refused {leaf}: {out}"
    );
}

/// Uppercase colon hex, as openssl prints key identifiers.
fn colon_hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// openssl's name for a SAN entry, turned into sslkit's type.
fn san_from_openssl(entry: &str) -> SubjectAltName {
    if let Some(d) = entry.strip_prefix("DNS:") {
        SubjectAltName::Dns(d.to_string())
    } else if let Some(ip) = entry.strip_prefix("IP Address:") {
        SubjectAltName::Ip(ip.parse::<IpAddr>().unwrap())
    } else if let Some(e) = entry.strip_prefix("email:") {
        SubjectAltName::Email(e.to_string())
    } else if let Some(u) = entry.strip_prefix("URI:") {
        SubjectAltName::Uri(u.to_string())
    } else {
        panic!("unexpected SAN entry from openssl: {entry}")
    }
}

/// sslkit's accessors give what openssl reads from the same file.
fn assert_reads_like_openssl(cert: &Certificate, path: &str) {
    let serial = openssl_str(&["x509", "-in", path, "-noout", "-serial"]);
    assert_eq!(
        cert.serial_hex(),
        serial.trim().trim_start_matches("serial="),
        "serial of {path}"
    );
    let (nb, na) = openssl_dates(path);
    assert_eq!(unix_secs(cert.not_before()), nb, "not-before of {path}");
    assert_eq!(unix_secs(cert.not_after()), na, "not-after of {path}");
    assert_eq!(
        cert.subject().to_rfc4514(),
        openssl_name("x509", "-subject", path)
    );
    assert_eq!(
        cert.issuer().to_rfc4514(),
        openssl_name("x509", "-issuer", path)
    );
    assert_eq!(
        cert.signature_algorithm().unwrap().name(),
        openssl_signature_algorithm("x509", path)
    );
    assert_eq!(
        pem_b64(&cert.public_key().to_pem()),
        openssl_pubkey_b64("x509", path),
        "public key of {path}"
    );
    let exts = openssl_extensions(path);
    assert_eq!(
        cert.subject_key_id().map(|k| colon_hex(&k)),
        exts.get(SKI).map(|e| e.value.clone()),
        "SKI of {path}"
    );
    assert_eq!(
        cert.authority_key_id().map(|k| colon_hex(&k)),
        exts.get(AKI).map(aki_keyid),
        "AKI of {path}"
    );
    let bc = cert.basic_constraints().map(|c| {
        let mut v = format!("CA:{}", if c.ca { "TRUE" } else { "FALSE" });
        if let Some(p) = c.path_len {
            v.push_str(&format!(", pathlen:{p}"));
        }
        OpensslExt {
            critical: c.critical,
            value: v,
        }
    });
    assert_eq!(bc.as_ref(), exts.get(BC), "basicConstraints of {path}");
    assert_eq!(
        cert.is_ca(),
        exts.get(BC).is_some_and(|e| e.value.starts_with("CA:TRUE"))
    );
    let ku_names = [
        ("Digital Signature", "digitalSignature"),
        ("Non Repudiation", "nonRepudiation"),
        ("Key Encipherment", "keyEncipherment"),
        ("Data Encipherment", "dataEncipherment"),
        ("Key Agreement", "keyAgreement"),
        ("Certificate Sign", "keyCertSign"),
        ("CRL Sign", "cRLSign"),
        ("Encipher Only", "encipherOnly"),
        ("Decipher Only", "decipherOnly"),
    ];
    let want_ku = exts.get(KU).map(|e| {
        e.value
            .split(", ")
            .map(|n| ku_names.iter().find(|(o, _)| *o == n).unwrap().1)
            .collect::<Vec<_>>()
    });
    assert_eq!(cert.key_usage(), want_ku, "keyUsage of {path}");
    let eku_names = [
        ("TLS Web Server Authentication", "serverAuth"),
        ("TLS Web Client Authentication", "clientAuth"),
        ("Code Signing", "codeSigning"),
        ("E-mail Protection", "emailProtection"),
        ("Time Stamping", "timeStamping"),
        ("OCSP Signing", "OCSPSigning"),
    ];
    let want_eku = exts.get(EKU).map(|e| {
        e.value
            .split(", ")
            .map(|n| {
                eku_names
                    .iter()
                    .find(|(o, _)| *o == n)
                    .unwrap()
                    .1
                    .to_string()
            })
            .collect::<Vec<_>>()
    });
    assert_eq!(
        cert.extended_key_usage(),
        want_eku,
        "extendedKeyUsage of {path}"
    );
    let want_sans: Vec<SubjectAltName> = exts
        .get(SAN)
        .map(|e| e.value.split(", ").map(san_from_openssl).collect())
        .unwrap_or_default();
    assert_eq!(cert.sans(), &want_sans[..], "SANs of {path}");
    // DER both ways: openssl reads sslkit's DER, sslkit reads openssl's DER.
    let der_path = format!("{path}.der");
    std::fs::write(&der_path, cert.to_der()).unwrap();
    let pem_again = openssl_str(&["x509", "-inform", "DER", "-in", &der_path]);
    assert_eq!(pem_b64(&pem_again), pem_b64(&cert.to_pem()));
    let der2 = openssl(&["x509", "-in", path, "-outform", "DER"]);
    assert_eq!(&Certificate::from_der(&der2).unwrap(), cert);
}

/// root → intermediate (pathlen 0) → server leaf, every key of type `alg`, checked by openssl.
fn chain_checked_by_openssl(alg: Alg) {
    let w = Workdir::new();
    let root = CertificateAuthority::create_root(
        &format!("/C=US/O=sslkit tests/CN=sslkit Test Root {alg:?}"),
        Some(alg.generate()),
        None,
    )
    .unwrap();
    let inter = root
        .create_intermediate(
            "/C=US/O=sslkit tests/CN=sslkit Test Intermediate",
            Some(alg.generate()),
            Some(0),
            None,
        )
        .unwrap();
    let leaf_key = alg.generate();
    let csr = CertificateSigningRequest::create(
        &leaf_key,
        "/C=US/O=Foo/CN=www.example.test",
        &["DNS:alt.example.test", "IP:192.0.2.10", "IP:2001:db8::10"],
    )
    .unwrap();
    let t0 = unix_secs(SystemTime::now());
    let leaf = inter.sign(&csr, Profile::Server, None).unwrap();
    let t1 = unix_secs(SystemTime::now());
    let second = inter.sign(&csr, Profile::Server, None).unwrap();

    let root_pem = w.write("root.pem", root.certificate().to_pem());
    let inter_pem = w.write("inter.pem", inter.certificate().to_pem());
    let leaf_pem = w.write("leaf.pem", leaf.to_pem());
    let second_pem = w.write("second.pem", second.to_pem());
    let csr_pem = w.write("leaf.csr", csr.to_pem());

    // The request: openssl checks its self-signature and sees the SANs.
    let (ok, out) = openssl_try(&["req", "-in", &csr_pem, "-noout", "-verify"]);
    assert!(
        ok && out.contains("verify OK"),
        "openssl req -verify: {out}"
    );
    let csr_text = openssl_str(&["req", "-in", &csr_pem, "-noout", "-text"]);
    assert!(
        csr_text.contains(
            "DNS:alt.example.test, IP Address:192.0.2.10, IP Address:2001:DB8:0:0:0:0:0:10"
        ),
        "{csr_text}"
    );
    assert_eq!(
        openssl_name("req", "-subject", &csr_pem),
        "CN=www.example.test,O=Foo,C=US"
    );
    assert_eq!(
        openssl_pubkey_b64("req", &csr_pem),
        pem_b64(&leaf_key.public_key().to_pem())
    );

    // The chain.
    assert_verifies(&root_pem, Some(&inter_pem), &leaf_pem, Some("sslserver"));
    assert_verifies(&root_pem, None, &inter_pem, None);
    let (ok, out) = openssl_verify(&root_pem, None, &leaf_pem, None);
    assert!(
        !ok && out.contains("unable to get local issuer certificate"),
        "control: without the intermediate the chain must not verify: {out}"
    );
    assert_eq!(
        openssl_name("x509", "-issuer", &leaf_pem),
        "CN=sslkit Test Intermediate,O=sslkit tests,C=US"
    );
    assert_eq!(
        openssl_name("x509", "-subject", &leaf_pem),
        "CN=www.example.test,O=Foo,C=US"
    );

    // Extensions, as openssl reads them.
    let re = openssl_extensions(&root_pem);
    let ie = openssl_extensions(&inter_pem);
    let le = openssl_extensions(&leaf_pem);
    let crit = |v: &str| OpensslExt {
        critical: true,
        value: v.to_string(),
    };
    assert_eq!(ext(&re, BC), &crit("CA:TRUE"));
    assert_eq!(ext(&ie, BC), &crit("CA:TRUE, pathlen:0"));
    assert_eq!(ext(&le, BC), &crit("CA:FALSE"));
    assert_eq!(ext(&re, KU).value, "Certificate Sign, CRL Sign");
    assert_eq!(ext(&ie, KU).value, "Certificate Sign, CRL Sign");
    assert_eq!(ext(&le, KU).value, alg.server_key_usage());
    assert!(
        !re.contains_key(EKU) && !ie.contains_key(EKU),
        "CAs have no EKU"
    );
    assert_eq!(ext(&le, EKU).value, "TLS Web Server Authentication");
    assert!(
        !re.contains_key(SAN) && !ie.contains_key(SAN),
        "CAs have no SAN"
    );
    assert_eq!(
        san_set(ext(&le, SAN)),
        set(&[
            "DNS:www.example.test",
            "DNS:alt.example.test",
            "IP Address:192.0.2.10",
            "IP Address:2001:DB8:0:0:0:0:0:10",
        ]),
        "the leaf carries the requested SANs and its CN"
    );

    // Key identifiers: SKI as openssl computes it for each key; AKI = the issuer's SKI.
    let root_ski = openssl_ski(&w, root.key(), "root");
    let inter_ski = openssl_ski(&w, inter.key(), "inter");
    let leaf_ski = openssl_ski(&w, &leaf_key, "leaf");
    assert_eq!(root_ski.len(), 59, "a SHA-1 in colon hex: {root_ski}");
    assert_eq!(ext(&re, SKI).value, root_ski);
    assert_eq!(ext(&ie, SKI).value, inter_ski);
    assert_eq!(ext(&le, SKI).value, leaf_ski);
    if let Some(a) = re.get(AKI) {
        assert_eq!(aki_keyid(a), root_ski, "a root's AKI is its own SKI");
    }
    assert_eq!(aki_keyid(ext(&ie, AKI)), root_ski);
    assert_eq!(aki_keyid(ext(&le, AKI)), inter_ski);

    // Signature algorithms.
    for p in [&root_pem, &inter_pem, &leaf_pem] {
        assert_eq!(
            openssl_signature_algorithm("x509", p),
            alg.default_signature(),
            "{p}"
        );
    }
    assert_eq!(
        openssl_signature_algorithm("req", &csr_pem),
        alg.default_signature()
    );

    // Serials: positive, at most 16 bytes (RFC 5280: at most 20 octets), all different.
    let mut serials = BTreeSet::new();
    for p in [&root_pem, &inter_pem, &leaf_pem, &second_pem] {
        let (len, value) = openssl_serial_integer(p);
        assert!((1..=16).contains(&len), "serial of {len} bytes in {p}");
        assert!(!value.starts_with('-'), "negative serial {value} in {p}");
        assert!(
            value.len() >= 16,
            "a random 128-bit serial is rarely this short: {value}"
        );
        serials.insert(value);
    }
    assert_eq!(serials.len(), 4, "serials repeat: {serials:?}");

    // Validity: root 3650 days, intermediate 1825, leaf 365, not-before 5 minutes before
    // issuance.
    let (rnb, rna) = openssl_dates(&root_pem);
    let (inb, ina) = openssl_dates(&inter_pem);
    let (lnb, lna) = openssl_dates(&leaf_pem);
    assert_eq!(rna - rnb, ROOT_DAYS * DAY + BACKDATE, "root validity");
    assert!(
        inb >= rnb && ina < rna,
        "the intermediate ends before the root"
    );
    assert_eq!(
        ina - inb,
        INTERMEDIATE_DAYS * DAY + BACKDATE,
        "intermediate validity"
    );
    assert!(
        (t0 - BACKDATE - 1..=t1 - BACKDATE + 1).contains(&lnb),
        "leaf not-before {lnb} is not 5 minutes before issuance ({t0}..{t1})"
    );
    assert_eq!(lna - lnb, LEAF_DAYS * DAY + BACKDATE, "leaf validity");
    // ... and by openssl's own clock.
    let checkend = |p: &str, secs: i64| {
        openssl_try(&["x509", "-in", p, "-noout", "-checkend", &secs.to_string()]).0
    };
    assert!(checkend(&leaf_pem, LEAF_DAYS * DAY - 3600));
    assert!(!checkend(&leaf_pem, LEAF_DAYS * DAY + 3600));
    assert!(checkend(&root_pem, ROOT_DAYS * DAY - 3600));
    assert!(!checkend(&root_pem, ROOT_DAYS * DAY + 3600));

    // sslkit reads back what openssl reads.
    assert_reads_like_openssl(root.certificate(), &root_pem);
    assert_reads_like_openssl(inter.certificate(), &inter_pem);
    assert_reads_like_openssl(&leaf, &leaf_pem);
    leaf.verify_signed_by(inter.certificate().public_key())
        .unwrap();
    assert_eq!(
        leaf.verify_signed_by(root.certificate().public_key())
            .unwrap_err()
            .kind(),
        ErrorKind::Verification
    );

    // The text dump agrees with openssl where it uses openssl's notation.
    let text = sslkit::text::certificate_text(inter.certificate());
    for needle in [
        format!("Signature Algorithm: {}", alg.default_signature()),
        "CA:TRUE, pathlen:0".to_string(),
        inter_ski.clone(),
        root_ski.clone(),
    ] {
        assert!(text.contains(&needle), "no '{needle}' in\n{text}");
    }
}

#[test]
fn chain_rsa_2048() {
    chain_checked_by_openssl(Alg::Rsa(2048));
}

#[test]
fn chain_rsa_3072() {
    chain_checked_by_openssl(Alg::Rsa(3072));
}

#[test]
fn chain_rsa_4096() {
    chain_checked_by_openssl(Alg::Rsa(4096));
}

#[test]
fn chain_p256() {
    chain_checked_by_openssl(Alg::P256);
}

#[test]
fn chain_p384() {
    chain_checked_by_openssl(Alg::P384);
}

#[test]
fn chain_ed25519() {
    chain_checked_by_openssl(Alg::Ed25519);
}

/// A root and an intermediate (pathlen 0) of `alg`, and their files in `w`.
fn small_ca(w: &Workdir, alg: Alg) -> (CertificateAuthority, String, String) {
    let root =
        CertificateAuthority::create_root("/CN=Profiles Root", Some(alg.generate()), None).unwrap();
    let inter = root
        .create_intermediate(
            "/CN=Profiles Intermediate",
            Some(alg.generate()),
            Some(0),
            None,
        )
        .unwrap();
    let root_pem = w.write("root.pem", root.certificate().to_pem());
    let inter_pem = w.write("inter.pem", inter.certificate().to_pem());
    (inter, root_pem, inter_pem)
}

#[test]
fn client_and_server_client_profiles() {
    for alg in [Alg::P256, Alg::Rsa(2048)] {
        let w = Workdir::new();
        let (inter, root_pem, inter_pem) = small_ca(&w, alg);
        let key = alg.generate();
        let csr =
            CertificateSigningRequest::create(&key, "/CN=alice", &["email:alice@example.test"])
                .unwrap();
        let client = w.write(
            "client.pem",
            inter.sign(&csr, Profile::Client, None).unwrap().to_pem(),
        );
        let both = w.write(
            "both.pem",
            inter
                .sign(&csr, Profile::ServerClient, None)
                .unwrap()
                .to_pem(),
        );
        let server = w.write(
            "server.pem",
            inter.sign(&csr, Profile::Server, None).unwrap().to_pem(),
        );

        let ce = openssl_extensions(&client);
        assert_eq!(
            ext(&ce, EKU).value,
            "TLS Web Client Authentication",
            "{alg:?}"
        );
        assert_eq!(ext(&ce, BC).value, "CA:FALSE");
        assert!(ext(&ce, KU).value.contains("Digital Signature"));
        assert_eq!(
            san_set(ext(&ce, SAN)),
            set(&["email:alice@example.test"]),
            "a client certificate keeps the requested SANs (the CN 'alice' is no host name)"
        );
        let be = openssl_extensions(&both);
        assert_eq!(
            ext(&be, EKU).value,
            "TLS Web Server Authentication, TLS Web Client Authentication"
        );
        assert_eq!(ext(&be, KU).value, alg.server_key_usage());

        assert_verifies(&root_pem, Some(&inter_pem), &client, Some("sslclient"));
        assert_verifies(&root_pem, Some(&inter_pem), &both, Some("sslclient"));
        assert_verifies(&root_pem, Some(&inter_pem), &both, Some("sslserver"));
        assert_verifies(&root_pem, Some(&inter_pem), &server, Some("sslserver"));
        // Controls: each single-purpose certificate is refused for the other purpose.
        let (ok, out) = openssl_verify(&root_pem, Some(&inter_pem), &client, Some("sslserver"));
        assert!(
            !ok && out.contains("unsuitable certificate purpose"),
            "{out}"
        );
        let (ok, out) = openssl_verify(&root_pem, Some(&inter_pem), &server, Some("sslclient"));
        assert!(
            !ok && out.contains("unsuitable certificate purpose"),
            "{out}"
        );
    }
}

#[test]
fn rsa_hash_choices_show_in_openssl() {
    let w = Workdir::new();
    let subject = DistinguishedName::parse("/CN=SHA-512 Root").unwrap();
    let root = CertificateAuthority::create_root_with(
        &subject,
        Some(Alg::Rsa(2048).generate()),
        &IssueOptions::new(Profile::Root).hash(HashAlg::Sha512),
    )
    .unwrap();
    let root_pem = w.write("root.pem", root.certificate().to_pem());
    assert_eq!(
        openssl_signature_algorithm("x509", &root_pem),
        "sha512WithRSAEncryption"
    );
    let key = Alg::Rsa(2048).generate();
    let dn = DistinguishedName::parse("/CN=www.example.test").unwrap();
    let csr =
        CertificateSigningRequest::create_with(&key, &dn, &[], Some(HashAlg::Sha384)).unwrap();
    let csr_pem = w.write("leaf.csr", csr.to_pem());
    assert_eq!(
        openssl_signature_algorithm("req", &csr_pem),
        "sha384WithRSAEncryption"
    );
    let (ok, out) = openssl_try(&["req", "-in", &csr_pem, "-noout", "-verify"]);
    assert!(ok, "{out}");
    for (hash, name) in [
        (None, "sha256WithRSAEncryption"),
        (Some(HashAlg::Sha256), "sha256WithRSAEncryption"),
        (Some(HashAlg::Sha384), "sha384WithRSAEncryption"),
        (Some(HashAlg::Sha512), "sha512WithRSAEncryption"),
    ] {
        let mut opts = IssueOptions::new(Profile::Server);
        opts.hash = hash;
        let leaf = root.sign_with(&csr, &opts).unwrap();
        let p = w.write(&format!("leaf-{name}.pem"), leaf.to_pem());
        assert_eq!(openssl_signature_algorithm("x509", &p), name);
        assert_verifies(&root_pem, None, &p, Some("sslserver"));
    }
    // ECDSA signs with its curve's hash: asking a P-256 CA for SHA-384 is refused, not ignored.
    let ec =
        CertificateAuthority::create_root("/CN=EC Root", Some(Alg::P256.generate()), None).unwrap();
    let err = ec
        .sign_with(
            &csr,
            &IssueOptions::new(Profile::Server).hash(HashAlg::Sha384),
        )
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported, "{err}");
}

#[test]
fn validity_defaults_and_clamping() {
    let w = Workdir::new();
    let root =
        CertificateAuthority::create_root("/CN=Long Root", Some(Alg::P256.generate()), Some(7300))
            .unwrap();
    let root_pem = w.write("root.pem", root.certificate().to_pem());
    let (rnb, rna) = openssl_dates(&root_pem);
    assert_eq!(rna - rnb, 7300 * DAY + BACKDATE);

    // An intermediate's default validity, under a root that outlives it.
    let inter = root
        .create_intermediate(
            "/CN=Default Intermediate",
            Some(Alg::P256.generate()),
            None,
            None,
        )
        .unwrap();
    let inter_pem = w.write("inter.pem", inter.certificate().to_pem());
    let (inb, ina) = openssl_dates(&inter_pem);
    assert_eq!(ina - inb, INTERMEDIATE_DAYS * DAY + BACKDATE);
    assert_eq!(ext(&openssl_extensions(&inter_pem), BC).value, "CA:TRUE");

    // A 30-day intermediate: a leaf asked for 365 (default) or 400 days ends with it.
    let short = root
        .create_intermediate(
            "/CN=Short Intermediate",
            Some(Alg::P256.generate()),
            Some(0),
            Some(30),
        )
        .unwrap();
    let short_pem = w.write("short.pem", short.certificate().to_pem());
    let (snb, sna) = openssl_dates(&short_pem);
    assert_eq!(sna - snb, 30 * DAY + BACKDATE);
    let key = Alg::P256.generate();
    let csr = CertificateSigningRequest::create(&key, "/CN=www.example.test", &[]).unwrap();
    for days in [None, Some(400)] {
        let leaf = short.sign(&csr, Profile::Server, days).unwrap();
        let p = w.write("leaf.pem", leaf.to_pem());
        let (_, lna) = openssl_dates(&p);
        assert_eq!(
            lna, sna,
            "leaf not-after clamped to the issuer's ({days:?} days asked)"
        );
        assert_verifies(&root_pem, Some(&short_pem), &p, Some("sslserver"));
    }
    // An intermediate asked to outlive its root ends with the root.
    let brief =
        CertificateAuthority::create_root("/CN=Brief Root", Some(Alg::P256.generate()), Some(20))
            .unwrap();
    let brief_pem = w.write("brief.pem", brief.certificate().to_pem());
    let clamped = brief
        .create_intermediate(
            "/CN=Clamped Intermediate",
            Some(Alg::P256.generate()),
            Some(0),
            None,
        )
        .unwrap();
    let clamped_pem = w.write("clamped.pem", clamped.certificate().to_pem());
    assert_eq!(openssl_dates(&clamped_pem).1, openssl_dates(&brief_pem).1);
    assert_verifies(&brief_pem, None, &clamped_pem, None);

    // A shorter leaf is not stretched.
    let leaf = short.sign(&csr, Profile::Server, Some(7)).unwrap();
    let p = w.write("leaf7.pem", leaf.to_pem());
    let (lnb, lna) = openssl_dates(&p);
    assert_eq!(lna - lnb, 7 * DAY + BACKDATE);

    // pathlen 0 is enforced by the CA itself (openssl would refuse such a chain).
    let err = short
        .create_intermediate("/CN=Too Deep", Some(Alg::P256.generate()), None, None)
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
}

// ---- what openssl makes, sslkit reads and signs -------------------------------------------

/// The FAQ's subject, as openssl prints it with `-nameopt RFC2253`.
const FAQ_SUBJ: &str = "/C=US/ST=CA/L=SF/O=Foo/OU=Web/CN=www.foo.dom";
const FAQ_RFC2253: &str = "CN=www.foo.dom,OU=Web,O=Foo,L=SF,ST=CA,C=US";

const CHALLENGE_CNF: &str = "\
[req]
prompt = no
distinguished_name = dn
attributes = req_attributes
[dn]
C = US
ST = CA
L = SF
O = Foo
OU = Web
CN = www.foo.dom
[req_attributes]
challengePassword = s3cret pass
";

/// An openssl-made key: its file, and the passphrase openssl needs for it.
struct OpensslKey {
    path: String,
    passin: Option<&'static str>,
}

fn openssl_key(w: &Workdir, kind: &str) -> OpensslKey {
    let path = w.path(&format!("{kind}.key"));
    let passin = match kind {
        // The FAQ: openssl genrsa -des3 -out server.key 2048
        "rsa" => {
            openssl(&[
                "genrsa", "-des3", "-passout", "pass:x", "-out", &path, "2048",
            ]);
            Some("pass:x")
        }
        // SEC1 "EC PRIVATE KEY", as ecparam writes it.
        "p256" => {
            openssl(&[
                "ecparam",
                "-name",
                "prime256v1",
                "-genkey",
                "-noout",
                "-out",
                &path,
            ]);
            None
        }
        "p384" => {
            openssl(&[
                "genpkey",
                "-algorithm",
                "EC",
                "-pkeyopt",
                "ec_paramgen_curve:P-384",
                "-out",
                &path,
            ]);
            None
        }
        "ed25519" => {
            openssl(&["genpkey", "-algorithm", "ED25519", "-out", &path]);
            None
        }
        _ => unreachable!(),
    };
    OpensslKey { path, passin }
}

/// `openssl req -new -key K ...extra -out OUT`.
fn openssl_req(key: &OpensslKey, out: &str, extra: &[&str]) {
    let mut args = vec!["req", "-new", "-key", &key.path, "-out", out];
    if let Some(p) = key.passin {
        args.extend(["-passin", p]);
    }
    args.extend(extra);
    openssl(&args);
}

fn openssl_csrs_signed_by_sslkit(kind: &str) {
    let w = Workdir::new();
    let (inter, root_pem, inter_pem) = small_ca(&w, Alg::P256);
    let key = openssl_key(&w, kind);
    let sans_arg =
        "subjectAltName=DNS:www.foo.dom,DNS:foo.dom,IP:10.0.0.1,IP:2001:db8::1,email:admin@foo.dom";
    let want_sans = vec![
        SubjectAltName::Dns("www.foo.dom".into()),
        SubjectAltName::Dns("foo.dom".into()),
        SubjectAltName::Ip("10.0.0.1".parse().unwrap()),
        SubjectAltName::Ip("2001:db8::1".parse().unwrap()),
        SubjectAltName::Email("admin@foo.dom".into()),
    ];
    let leaf_sans_b = set(&[
        "DNS:www.foo.dom",
        "DNS:foo.dom",
        "IP Address:10.0.0.1",
        "IP Address:2001:DB8:0:0:0:0:0:1",
        "email:admin@foo.dom",
    ]);
    let cnf = w.write("challenge.cnf", CHALLENGE_CNF);

    struct Case {
        name: &'static str,
        extra: Vec<String>,
        der: bool,
        csr_sans: Vec<SubjectAltName>,
        leaf_sans: BTreeSet<String>,
    }
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let cases = vec![
        Case {
            name: "faq",
            extra: s(&["-subj", FAQ_SUBJ]),
            der: false,
            csr_sans: vec![],
            leaf_sans: set(&["DNS:www.foo.dom"]),
        },
        Case {
            name: "sans",
            extra: s(&["-subj", FAQ_SUBJ, "-addext", sans_arg]),
            der: false,
            csr_sans: want_sans.clone(),
            leaf_sans: leaf_sans_b.clone(),
        },
        Case {
            name: "sans-der",
            extra: s(&["-subj", FAQ_SUBJ, "-addext", sans_arg, "-outform", "DER"]),
            der: true,
            csr_sans: want_sans.clone(),
            leaf_sans: leaf_sans_b.clone(),
        },
        Case {
            name: "challenge",
            extra: s(&["-config", &cnf]),
            der: false,
            csr_sans: vec![],
            leaf_sans: set(&["DNS:www.foo.dom"]),
        },
        Case {
            name: "unknown-ext-and-ca",
            extra: s(&[
                "-subj",
                FAQ_SUBJ,
                "-addext",
                "1.2.3.4=ASN1:UTF8String:hello",
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "subjectAltName=DNS:api.foo.dom",
            ]),
            der: false,
            csr_sans: vec![SubjectAltName::Dns("api.foo.dom".into())],
            leaf_sans: set(&["DNS:www.foo.dom", "DNS:api.foo.dom"]),
        },
    ];

    for case in cases {
        let what = format!("{kind}/{}", case.name);
        let csr_path = w.path(&format!("{}.csr", case.name));
        let extra: Vec<&str> = case.extra.iter().map(String::as_str).collect();
        openssl_req(&key, &csr_path, &extra);
        // openssl's own view of the request, in PEM for the commands below.
        let csr_pem = if case.der {
            let p = format!("{csr_path}.pem");
            openssl(&["req", "-inform", "DER", "-in", &csr_path, "-out", &p]);
            p
        } else {
            csr_path.clone()
        };
        let (ok, out) = openssl_try(&["req", "-in", &csr_pem, "-noout", "-verify"]);
        assert!(
            ok && out.contains("verify OK"),
            "{what}: openssl cannot verify its own CSR: {out}"
        );
        assert_eq!(
            openssl_name("req", "-subject", &csr_pem),
            FAQ_RFC2253,
            "{what}"
        );

        let csr = CertificateSigningRequest::load(&csr_path)
            .unwrap_or_else(|e| panic!("{what}: sslkit cannot read openssl's CSR: {e}"));
        let bytes = std::fs::read(&csr_path).unwrap();
        assert_eq!(CertificateSigningRequest::from_bytes(&bytes).unwrap(), csr);
        assert!(csr.verify(), "{what}: the signature does not verify");
        csr.verify_signature().unwrap();
        assert_eq!(csr.subject().to_rfc4514(), FAQ_RFC2253, "{what}");
        assert_eq!(
            csr.subject(),
            &DistinguishedName::parse(FAQ_SUBJ).unwrap(),
            "{what}"
        );
        assert_eq!(csr.sans(), &case.csr_sans[..], "{what}");
        let mut pkey = vec!["pkey", "-in", &key.path, "-pubout", "-outform", "DER"];
        if let Some(p) = key.passin {
            pkey.extend(["-passin", p]);
        }
        let pub_der = openssl(&pkey);
        assert_eq!(
            csr.public_key().spki_der(),
            &pub_der[..],
            "{what}: public key"
        );
        match case.name {
            "challenge" => {
                let text = openssl_str(&["req", "-in", &csr_pem, "-noout", "-text"]);
                assert!(text.contains("challengePassword"), "{text}");
                assert_eq!(csr.challenge_password().as_deref(), Some("s3cret pass"));
            }
            "unknown-ext-and-ca" => {
                let exts = csr.extensions();
                assert!(exts.iter().any(|e| e.oid == "1.2.3.4"), "{exts:?}");
                assert!(
                    exts.iter().any(|e| e.oid == "2.5.29.19" && e.critical),
                    "{exts:?}"
                );
            }
            _ => {}
        }

        let leaf = inter.sign(&csr, Profile::Server, None).unwrap();
        let leaf_pem = w.write(&format!("{}.crt", case.name), leaf.to_pem());
        assert_verifies(&root_pem, Some(&inter_pem), &leaf_pem, Some("sslserver"));
        let le = openssl_extensions(&leaf_pem);
        assert_eq!(san_set(ext(&le, SAN)), case.leaf_sans, "{what}");
        assert_eq!(
            ext(&le, BC),
            &OpensslExt {
                critical: true,
                value: "CA:FALSE".into()
            },
            "{what}: the request's CA:TRUE must not be copied"
        );
        let kind_alg = if kind == "rsa" {
            Alg::Rsa(2048)
        } else {
            Alg::P256
        };
        assert_eq!(ext(&le, KU).value, kind_alg.server_key_usage(), "{what}");
        let text = openssl_str(&["x509", "-in", &leaf_pem, "-noout", "-text"]);
        assert!(
            !text.contains("1.2.3.4"),
            "{what}: an unknown extension was copied:\n{text}"
        );
        assert!(!text.contains("challengePassword"), "{what}");
        assert_eq!(openssl_name("x509", "-subject", &leaf_pem), FAQ_RFC2253);
        assert_eq!(
            openssl_pubkey_b64("x509", &leaf_pem),
            openssl_pubkey_b64("req", &csr_pem),
            "{what}: the leaf certifies the request's key"
        );
        assert_reads_like_openssl(&leaf, &leaf_pem);
    }
}

#[test]
fn openssl_csrs_rsa_faq_key() {
    openssl_csrs_signed_by_sslkit("rsa");
}

#[test]
fn openssl_csrs_p256() {
    openssl_csrs_signed_by_sslkit("p256");
}

#[test]
fn openssl_csrs_p384() {
    openssl_csrs_signed_by_sslkit("p384");
}

#[test]
fn openssl_csrs_ed25519() {
    openssl_csrs_signed_by_sslkit("ed25519");
}

// ---- a CA made with openssl -------------------------------------------------------------------

#[test]
fn openssl_made_ca_signs_with_sslkit() {
    for traditional in [false, true] {
        let w = Workdir::new();
        let ca_key = w.path("ca.key");
        let ca_crt = w.path("ca.crt");
        let mut genrsa = vec!["genrsa"];
        if traditional {
            genrsa.push("-traditional");
        }
        genrsa.extend(["-des3", "-passout", "pass:x", "-out", &ca_key, "2048"]);
        openssl(&genrsa);
        let head = std::fs::read_to_string(&ca_key).unwrap();
        assert_eq!(
            head.contains("Proc-Type: 4,ENCRYPTED"),
            traditional,
            "{head}"
        );
        openssl(&[
            "req",
            "-x509",
            "-new",
            "-key",
            &ca_key,
            "-passin",
            "pass:x",
            "-subj",
            "/CN=OpenSSL CA",
            "-days",
            "30",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
            "-out",
            &ca_crt,
        ]);

        let ca = CertificateAuthority::load(&ca_crt, &ca_key, Some(b"x")).unwrap();
        assert_reads_like_openssl(ca.certificate(), &ca_crt);
        assert!(ca.certificate().is_ca());

        let key = Alg::P256.generate();
        let csr =
            CertificateSigningRequest::create(&key, "/CN=www.example.test", &["IP:192.0.2.7"])
                .unwrap();
        let leaf = ca.sign(&csr, Profile::Server, None).unwrap();
        let leaf_pem = w.write("leaf.pem", leaf.to_pem());
        assert_verifies(&ca_crt, None, &leaf_pem, Some("sslserver"));
        assert_eq!(openssl_name("x509", "-issuer", &leaf_pem), "CN=OpenSSL CA");
        let (_, ca_na) = openssl_dates(&ca_crt);
        let (_, leaf_na) = openssl_dates(&leaf_pem);
        assert_eq!(leaf_na, ca_na, "the 365-day leaf ends with the 30-day CA");
        assert_eq!(
            openssl_signature_algorithm("x509", &leaf_pem),
            "sha256WithRSAEncryption"
        );
        let ce = openssl_extensions(&ca_crt);
        let le = openssl_extensions(&leaf_pem);
        assert_eq!(aki_keyid(ext(&le, AKI)), ext(&ce, SKI).value);
        assert_eq!(
            san_set(ext(&le, SAN)),
            set(&["DNS:www.example.test", "IP Address:192.0.2.7"])
        );
        assert_reads_like_openssl(&leaf, &leaf_pem);

        // An sslkit intermediate under the openssl root, and a leaf under it.
        let inter = ca
            .create_intermediate(
                "/CN=sslkit under OpenSSL",
                Some(Alg::P256.generate()),
                Some(0),
                None,
            )
            .unwrap();
        let inter_pem = w.write("inter.pem", inter.certificate().to_pem());
        let leaf2 = w.write(
            "leaf2.pem",
            inter.sign(&csr, Profile::Server, None).unwrap().to_pem(),
        );
        assert_verifies(&ca_crt, Some(&inter_pem), &leaf2, Some("sslserver"));
        assert_eq!(
            openssl_dates(&inter_pem).1,
            ca_na,
            "clamped to the 30-day root"
        );
    }
}

/// Requests openssl signs with algorithms sslkit cannot verify are refused, never signed
/// unchecked; PSS requests (any salt length) are verified and signed.
#[test]
fn requests_sslkit_cannot_verify_are_not_signed() {
    let w = Workdir::new();
    let (inter, root_pem, inter_pem) = small_ca(&w, Alg::P256);
    let ec = w.path("ec.key");
    openssl(&[
        "ecparam",
        "-name",
        "prime256v1",
        "-genkey",
        "-noout",
        "-out",
        &ec,
    ]);
    let rsa = w.path("rsa.key");
    openssl(&["genrsa", "-out", &rsa, "2048"]);
    let pss = ["-sigopt", "rsa_padding_mode:pss"];
    let cases: Vec<(&str, &str, Vec<&str>, bool)> = vec![
        // ring has no ECDSA with SHA-512.
        ("ecdsa-sha512", &ec, vec!["-sha512"], false),
        // openssl's default PSS salt is the longest possible: verified through the rsa crate.
        ("pss-max-salt", &rsa, pss.to_vec(), true),
        (
            "pss-digest-salt",
            &rsa,
            [&pss[..], &["-sigopt", "rsa_pss_saltlen:digest"]].concat(),
            true,
        ),
    ];
    for (name, key, extra, supported) in cases {
        let p = w.path(&format!("{name}.csr"));
        let mut args = vec![
            "req",
            "-new",
            "-key",
            key,
            "-subj",
            "/CN=www.foo.dom",
            "-out",
            &p,
        ];
        args.extend(extra);
        openssl(&args);
        let (ok, out) = openssl_try(&["req", "-in", &p, "-noout", "-verify"]);
        assert!(ok && out.contains("verify OK"), "{name}: {out}");
        let csr = CertificateSigningRequest::load(&p).unwrap();
        assert_eq!(csr.verify(), supported, "{name}");
        let signed = inter.sign(&csr, Profile::Server, None);
        if supported {
            let leaf = w.write(&format!("{name}.crt"), signed.unwrap().to_pem());
            assert_verifies(&root_pem, Some(&inter_pem), &leaf, Some("sslserver"));
        } else {
            let err = signed.expect_err(name);
            println!("{name}: refused: {:?}: {err}", err.kind());
            assert_eq!(err.kind(), ErrorKind::Unsupported, "{name}: {err:?}");
        }
    }
}

/// `openssl x509 -trustout` writes `TRUSTED CERTIFICATE`: the certificate followed by OpenSSL's
/// trust settings (X509_AUX). sslkit lists the label as a certificate label, but reads the
/// whole block as one certificate and fails on the trailer.
#[test]
fn trusted_certificate_blocks_from_openssl_trustout() {
    let w = Workdir::new();
    let key = w.path("k.pem");
    openssl(&[
        "ecparam",
        "-name",
        "prime256v1",
        "-genkey",
        "-noout",
        "-out",
        &key,
    ]);
    let plain = w.path("t.pem");
    let cnf = w.write("min.cnf", MIN_CNF);
    openssl(&[
        "req",
        "-x509",
        "-new",
        "-key",
        &key,
        "-subj",
        "/CN=trusted",
        "-days",
        "1",
        "-config",
        &cnf,
        "-out",
        &plain,
    ]);
    let trusted = w.path("trusted.pem");
    openssl(&[
        "x509",
        "-in",
        &plain,
        "-trustout",
        "-addtrust",
        "serverAuth",
        "-out",
        &trusted,
    ]);
    let data = std::fs::read(&trusted).unwrap();
    assert!(data.starts_with(b"-----BEGIN TRUSTED CERTIFICATE-----"));
    let want = Certificate::load(&plain).unwrap();
    assert_eq!(Certificate::from_pem(&data).unwrap(), want);
    assert_eq!(sslkit::load_certificates(&data).unwrap(), vec![want]);
}

#[test]
fn ca_load_refuses_a_foreign_key_and_a_leaf() {
    let w = Workdir::new();
    let ca_key = w.path("ca.key");
    let ca_crt = w.path("ca.crt");
    openssl(&["genrsa", "-out", &ca_key, "2048"]);
    openssl(&[
        "req",
        "-x509",
        "-new",
        "-key",
        &ca_key,
        "-subj",
        "/CN=OpenSSL CA",
        "-days",
        "30",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-out",
        &ca_crt,
    ]);
    let other = w.path("other.key");
    openssl(&["genrsa", "-out", &other, "2048"]);
    let err = CertificateAuthority::load(&ca_crt, &other, None).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::KeyMismatch, "{err}");
    let ec = w.path("ec.key");
    openssl(&[
        "genpkey",
        "-algorithm",
        "EC",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-out",
        &ec,
    ]);
    let err = CertificateAuthority::load(&ca_crt, &ec, None).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::KeyMismatch, "{err}");
    CertificateAuthority::load(&ca_crt, &ca_key, None).unwrap();

    // A leaf certificate with its own key is not a CA: sslkit-made, and openssl-made with
    // CA:FALSE or without basicConstraints at all.
    let ca = CertificateAuthority::load(&ca_crt, &ca_key, None).unwrap();
    let leaf_key = Alg::P256.generate();
    let csr = CertificateSigningRequest::create(&leaf_key, "/CN=leaf.example.test", &[]).unwrap();
    let leaf = w.write(
        "leaf.pem",
        ca.sign(&csr, Profile::Server, None).unwrap().to_pem(),
    );
    let leaf_key_path = w.write("leaf.key", leaf_key.to_pem().unwrap().as_bytes());
    let err = CertificateAuthority::load(&leaf, &leaf_key_path, None).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");

    let cnf = w.write("min.cnf", MIN_CNF);
    for (name, extra) in [
        (
            "ca-false",
            vec!["-addext", "basicConstraints=critical,CA:FALSE"],
        ),
        ("no-bc", vec![]),
    ] {
        let crt = w.path(&format!("{name}.crt"));
        let mut args = vec![
            "req",
            "-x509",
            "-new",
            "-key",
            &leaf_key_path,
            "-subj",
            "/CN=not a CA",
            "-config",
            &cnf,
            "-out",
            &crt,
        ];
        args.extend(extra);
        openssl(&args);
        let err = CertificateAuthority::load(&crt, &leaf_key_path, None).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{name}: {err}");
    }
}

// ---- bad requests and names ---------------------------------------------------------------------

#[test]
fn tampered_requests_are_refused() {
    let w = Workdir::new();
    let ca = CertificateAuthority::create_root("/CN=Tamper Root", Some(Alg::P256.generate()), None)
        .unwrap();
    for alg in [Alg::Rsa(2048), Alg::P256, Alg::Ed25519] {
        let key = alg.generate();
        let csr =
            CertificateSigningRequest::create(&key, "/CN=www.foo.dom", &["www.foo.dom"]).unwrap();
        let good = csr.to_der();
        ca.sign(&csr, Profile::Server, None).unwrap();

        // One flipped bit in the signature (the last byte of the DER), and one in the signed
        // subject ('www' becomes 'vww').
        let mut bad_sig = good.clone();
        *bad_sig.last_mut().unwrap() ^= 0x01;
        let mut bad_tbs = good.clone();
        let at = good.windows(11).position(|x| x == b"www.foo.dom").unwrap();
        bad_tbs[at] ^= 0x01;

        for (name, der) in [("signature", bad_sig), ("subject", bad_tbs)] {
            let what = format!("{alg:?}, flipped bit in the {name}");
            let p = w.write("bad.der", &der);
            let (ok, out) = openssl_try(&["req", "-in", &p, "-inform", "DER", "-noout", "-verify"]);
            // (openssl 3.0's `req -verify` exits 0 even then: it says so on stderr.)
            assert!(
                out.contains("verify failure") && !out.contains("verify OK"),
                "{what}: control: openssl must refuse it too ({ok}): {out}"
            );
            let bad = CertificateSigningRequest::from_der(&der)
                .unwrap_or_else(|e| panic!("{what}: still well-formed, but: {e}"));
            assert!(!bad.verify(), "{what}");
            assert_eq!(
                bad.verify_signature().unwrap_err().kind(),
                ErrorKind::Verification,
                "{what}"
            );
            let err = ca.sign(&bad, Profile::Server, None).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Verification, "{what}: {err}");
        }
    }
}

#[test]
fn bad_names_and_sans_are_invalid_input() {
    let key = Alg::Ed25519.generate();
    for subject in [
        "/CN",
        "/=foo",
        "/CN=a\\",
        "CN=a,,O=b",
        "foo",
        "/XYZ=foo",
        "/CN=www.foo.dom/NOTANATTRIBUTE=x",
        "/CN=",
        "CN=",
        "/CN=a/O=",
        "",
    ] {
        let err = CertificateSigningRequest::create(&key, subject, &[]).unwrap_err();
        assert_eq!(
            err.kind(),
            ErrorKind::InvalidInput,
            "subject {subject:?}: {err}"
        );
        let err = Certificate::self_signed(&key, subject, &[], 1).unwrap_err();
        assert_eq!(
            err.kind(),
            ErrorKind::InvalidInput,
            "subject {subject:?}: {err}"
        );
        let err = CertificateAuthority::create_root(subject, Some(key.clone()), None).unwrap_err();
        assert_eq!(
            err.kind(),
            ErrorKind::InvalidInput,
            "subject {subject:?}: {err}"
        );
    }
    for san in [
        "DNS:-bad-.com",
        "DNS:a b.com",
        "DNS:",
        "a..b",
        "*.*.foo.dom",
        "IP:300.1.1.1",
        "IP:1.2.3",
        "FOO:bar",
        "email:nope",
        "URI:",
    ] {
        let err = CertificateSigningRequest::create(&key, "/CN=x", &[san]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "SAN {san:?}: {err}");
        let err = Certificate::self_signed(&key, "/CN=x", &[san], 1).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "SAN {san:?}: {err}");
    }
    // Controls: openssl refuses the same SANs.
    let w = Workdir::new();
    let k = w.write("k.pem", key.to_pem().unwrap().as_bytes());
    let cnf = w.write("min.cnf", MIN_CNF);
    for san in ["IP:300.1.1.1", "FOO:bar"] {
        let (ok, _) = openssl_try(&[
            "req",
            "-new",
            "-key",
            &k,
            "-subj",
            "/CN=x",
            "-config",
            &cnf,
            "-addext",
            &format!("subjectAltName={san}"),
        ]);
        assert!(!ok, "openssl accepted SAN {san}");
    }
}

// ---- the system's CA bundle -----------------------------------------------------------------

const BUNDLE: &str = "/etc/ssl/certs/ca-certificates.crt";

#[test]
fn system_ca_bundle_parses_and_self_signatures_verify() {
    if !std::path::Path::new(BUNDLE).exists() {
        common::skipped(
            "cert_interop: the system CA bundle",
            &format!("{BUNDLE} is absent (apt-get install ca-certificates)"),
        );
        return;
    }
    let out = std::process::Command::new("grep")
        .args(["-c", "BEGIN CERTIFICATE", BUNDLE])
        .output()
        .unwrap();
    let count: usize = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap();
    assert!(count > 50, "only {count} certificates in {BUNDLE}?");
    let data = std::fs::read(BUNDLE).unwrap();
    let certs = sslkit::load_certificates(&data).unwrap();
    assert_eq!(certs.len(), count);

    let (mut verified, mut unsupported, mut self_signed) = (0, Vec::new(), 0);
    for c in &certs {
        if !c.is_self_issued() {
            continue;
        }
        self_signed += 1;
        match c.verify_signed_by(c.public_key()) {
            Ok(()) => verified += 1,
            Err(e) if e.kind() == ErrorKind::Unsupported => {
                unsupported.push(format!("{}: {e}", c.subject()))
            }
            Err(e) => panic!(
                "{}: self-signature fails: {e} ({:?})",
                c.subject(),
                e.kind()
            ),
        }
    }
    println!(
        "{BUNDLE}: {count} certificates, {self_signed} self-issued; {verified} verify, {} Unsupported:",
        unsupported.len()
    );
    for u in &unsupported {
        println!("  {u}");
    }
    assert!(self_signed > 0);
    assert!(
        verified * 10 >= self_signed * 9,
        "only {verified} of {self_signed} self-signatures verify"
    );

    // Serials and dates agree with openssl, certificate by certificate (sampled: every third).
    let w = Workdir::new();
    for (i, c) in certs.iter().enumerate().step_by(3) {
        let p = w.write(&format!("{i}.pem"), c.to_pem());
        let serial = openssl_str(&["x509", "-in", &p, "-noout", "-serial"]);
        assert_eq!(
            c.serial_hex(),
            serial.trim().trim_start_matches("serial="),
            "{i}"
        );
        let (nb, na) = openssl_dates(&p);
        assert_eq!(
            (unix_secs(c.not_before()), unix_secs(c.not_after())),
            (nb, na),
            "dates of {}",
            c.subject()
        );
    }
}

/// A request with no subject, only SANs (an empty subject string), signs into a certificate
/// whose SAN extension is critical (RFC 5280 4.2.1.6), which openssl verifies.
#[test]
fn san_only_requests_get_a_critical_san() {
    let w = Workdir::new();
    let (inter, root_pem, inter_pem) = small_ca(&w, Alg::P256);
    let key = sslkit::PrivateKey::generate(sslkit::KeyType::EcP256, None).unwrap();
    let csr = CertificateSigningRequest::create(&key, "", &["DNS:san-only.test"]).unwrap();
    assert!(csr.subject().is_empty() && csr.verify());
    let cert = inter.sign(&csr, Profile::Server, None).unwrap();
    let leaf = w.write("san-only.crt", cert.to_pem());
    assert_verifies(&root_pem, Some(&inter_pem), &leaf, Some("sslserver"));
    let text = String::from_utf8(openssl(&["x509", "-in", &leaf, "-noout", "-text"])).unwrap();
    assert!(
        text.contains("X509v3 Subject Alternative Name: critical"),
        "{text}"
    );
    assert!(text.contains("DNS:san-only.test"), "{text}");
}
