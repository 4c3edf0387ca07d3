//! `verify_chain` against `openssl verify -attime T -CAfile root [-untrusted inter]
//! [-verify_hostname H] leaf` on a generated matrix: good chains of every key type, expired and
//! not-yet-valid certificates, a broken signature, a CA:FALSE issuer, pathLen exceeded, an issuer
//! without keyCertSign, an unknown critical extension, host names (exact, wildcard, mismatches,
//! IP). Each case asserts that sslkit's Ok/Err is openssl's verdict (exit status), and that
//! sslkit's errors are `Verification` or `ChainIncomplete`. Certificates sslkit cannot make
//! (broken constraints) are made by `openssl x509 -req -extfile`.

mod common;

use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use common::{Workdir, openssl, openssl_try, unix_secs};
use sslkit::name::DistinguishedName;
use sslkit::{
    Certificate, CertificateAuthority, CertificateSigningRequest, ErrorKind, IssueOptions, KeyType,
    PrivateKey, Profile, VerifyOptions, verify_chain,
};

const DAY: Duration = Duration::from_secs(86_400);

fn dn(s: &str) -> DistinguishedName {
    DistinguishedName::parse(s).unwrap()
}

fn key(kt: KeyType) -> PrivateKey {
    PrivateKey::generate(kt, None).unwrap()
}

fn csr(k: &PrivateKey, cn: &str, sans: &[&str]) -> CertificateSigningRequest {
    CertificateSigningRequest::create(k, &format!("/CN={cn}"), sans).unwrap()
}

/// Whole seconds (certificates carry whole seconds).
fn whole(t: SystemTime) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(t.duration_since(UNIX_EPOCH).unwrap().as_secs())
}

/// One row of the matrix.
struct Case {
    name: String,
    leaf: Certificate,
    untrusted: Vec<Certificate>,
    roots: Vec<Certificate>,
    at: SystemTime,
    host: Option<String>,
}

/// What happened to a case: sslkit's result and openssl's.
struct Outcome {
    name: String,
    sslkit: Result<usize, sslkit::Error>,
    openssl_ok: bool,
    openssl_text: String,
}

fn pem_bundle(certs: &[Certificate]) -> String {
    certs.iter().map(|c| c.to_pem()).collect()
}

fn run(w: &Workdir, case: &Case) -> Outcome {
    let mut opts = VerifyOptions::new().at(case.at);
    if let Some(h) = &case.host {
        opts = opts.host(h.clone());
    }
    let sslkit = verify_chain(&case.leaf, &case.untrusted, &case.roots, &opts).map(|p| p.len());
    let tag: String = case
        .name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let ca = w.write(&format!("{tag}-ca.pem"), pem_bundle(&case.roots));
    let untrusted = w.write(&format!("{tag}-untrusted.pem"), pem_bundle(&case.untrusted));
    let leaf = w.write(&format!("{tag}-leaf.pem"), case.leaf.to_pem());
    let attime = unix_secs(case.at).to_string();
    let mut args = vec!["verify", "-attime", &attime, "-CAfile", &ca];
    if !case.untrusted.is_empty() {
        args.extend(["-untrusted", &untrusted]);
    }
    if let Some(h) = &case.host {
        if h.parse::<std::net::IpAddr>().is_ok() {
            args.extend(["-verify_ip", h]);
        } else {
            args.extend(["-verify_hostname", h]);
        }
    }
    args.push(&leaf);
    let (openssl_ok, openssl_text) = openssl_try(&args);
    Outcome {
        name: case.name.clone(),
        sslkit,
        openssl_ok,
        openssl_text,
    }
}

/// Cases where sslkit's policy refuses what `openssl verify` (without -x509_strict) accepts,
/// with the rule sslkit must give: a version 1 root is not a CA certificate under RFC 5280's
/// profile as the CA/Browser Forum applies it to trust anchors (pyca agrees), and the openssl-made
/// certificate under it names its issuer without a keyIdentifier.
const POLICY_DIFFERENCES: &[(&str, &str)] = &[("v1 root as anchor", "aki-no-key-id")];

/// Runs every case, prints a table, and fails listing every disagreement (not just the first).
fn check_all(w: &Workdir, cases: &[Case], expect_openssl: &[(&str, bool)]) {
    let mut bad = Vec::new();
    for case in cases {
        let o = run(w, case);
        let verdict = match &o.sslkit {
            Ok(n) => format!("Ok({n})"),
            Err(e) => format!("{}: {}", e.kind(), e.message()),
        };
        println!(
            "{:<44} openssl={:<5} sslkit={verdict}",
            o.name,
            if o.openssl_ok { "OK" } else { "FAIL" }
        );
        if let Some((_, want)) = expect_openssl.iter().find(|(n, _)| *n == o.name) {
            // The matrix itself is sound: openssl says what the case is built to provoke.
            assert_eq!(
                o.openssl_ok, *want,
                "{}: openssl's verdict is not the one the case was built for:\n{}",
                o.name, o.openssl_text
            );
        }
        if let Err(e) = &o.sslkit {
            assert!(
                matches!(
                    e.kind(),
                    ErrorKind::Verification | ErrorKind::ChainIncomplete
                ),
                "{}: error kind {} ({e})",
                o.name,
                e.kind()
            );
        }
        if let Some((_, rule)) = POLICY_DIFFERENCES.iter().find(|(n, _)| *n == o.name) {
            // A documented choice (README, "Verification policy"): sslkit refuses by this rule.
            let got = o
                .sslkit
                .as_ref()
                .err()
                .and_then(|e| e.violation())
                .map(|v| v.rule);
            if got != Some(*rule) {
                bad.push(format!(
                    "{}: expected sslkit's rule {rule}, got {verdict}",
                    o.name
                ));
            }
            continue;
        }
        if o.sslkit.is_ok() != o.openssl_ok {
            bad.push(format!(
                "{}: sslkit {verdict}; openssl {}",
                o.name,
                o.openssl_text.trim().replace('\n', " | ")
            ));
        }
    }
    assert!(
        bad.is_empty(),
        "{} case(s) disagree with openssl verify:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

/// An sslkit root issued 1000 days before `now`, valid 10 years.
fn root(kt: KeyType, name: &str, now: SystemTime) -> CertificateAuthority {
    CertificateAuthority::create_root_with(
        &dn(name),
        Some(key(kt)),
        &IssueOptions::new(Profile::Root)
            .now(now - 1000 * DAY)
            .days(3650),
    )
    .unwrap()
}

fn intermediate(
    parent: &CertificateAuthority,
    name: &str,
    k: PrivateKey,
    path_len: Option<u8>,
    issued: SystemTime,
    days: u32,
) -> CertificateAuthority {
    parent
        .create_intermediate_with(
            &dn(name),
            Some(k),
            &IssueOptions::new(Profile::Intermediate { path_len })
                .now(issued)
                .days(days),
        )
        .unwrap()
}

fn leaf(
    ca: &CertificateAuthority,
    k: &PrivateKey,
    cn: &str,
    sans: &[&str],
    issued: SystemTime,
    days: u32,
) -> Certificate {
    ca.sign_with(
        &csr(k, cn, sans),
        &IssueOptions::new(Profile::Server).now(issued).days(days),
    )
    .unwrap()
}

/// An openssl-signed certificate: `openssl x509 -req` of `req` by `ca` with `ext` lines.
fn openssl_issue(
    w: &Workdir,
    tag: &str,
    req: &CertificateSigningRequest,
    ca: &CertificateAuthority,
    ext: &str,
) -> Certificate {
    openssl_sign(w, tag, req, (ca.certificate(), ca.key()), Some(ext))
}

/// `openssl x509 -req` of `req` by `issuer` (certificate and key, whatever it is: sslkit
/// refuses to use a non-CA as a CA), with the `ext` lines, or none at all (a v1 certificate).
fn openssl_sign(
    w: &Workdir,
    tag: &str,
    req: &CertificateSigningRequest,
    issuer: (&Certificate, &PrivateKey),
    ext: Option<&str>,
) -> Certificate {
    let req_path = w.write(&format!("{tag}.csr"), req.to_pem());
    let out = w.path(&format!("{tag}.pem"));
    let mut args: Vec<String> = [
        "x509", "-req", "-in", &req_path, "-days", "30", "-out", &out,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let (cert, key) = issuer;
    let ca_path = w.write(&format!("{tag}-issuer.pem"), cert.to_pem());
    let key_path = w.write(
        &format!("{tag}-issuer.key"),
        key.to_pem().unwrap().as_bytes(),
    );
    args.extend(["-CA".into(), ca_path, "-CAkey".into(), key_path]);
    if let Some(ext) = ext {
        args.extend(["-extfile".into(), w.write(&format!("{tag}.ext"), ext)]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    openssl(&args);
    Certificate::load(&out).unwrap()
}

/// A v1 self-signed certificate (no extensions): `openssl x509 -req -key`.
fn openssl_v1_self_signed(w: &Workdir, tag: &str, key: &PrivateKey, cn: &str) -> Certificate {
    let req_path = w.write(&format!("{tag}.csr"), csr(key, cn, &[]).to_pem());
    let key_path = w.write(&format!("{tag}.key"), key.to_pem().unwrap().as_bytes());
    let out = w.path(&format!("{tag}.pem"));
    openssl(&[
        "x509", "-req", "-in", &req_path, "-key", &key_path, "-days", "30", "-out", &out,
    ]);
    let c = Certificate::load(&out).unwrap();
    assert!(c.extensions().is_empty(), "{tag} is a v1 certificate");
    c
}

const CA_EXT: &str = "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n\
     subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n";

const LEAF_EXT: &str = "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n\
     extendedKeyUsage=serverAuth\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n\
     subjectAltName=DNS:www.foo.test\n";

#[test]
fn verification_matrix_agrees_with_openssl() {
    let w = Workdir::new();
    let now = whole(SystemTime::now());
    // openssl x509 -req makes certificates valid from the moment it runs: verify an hour on.
    let at = now + Duration::from_secs(3600);
    let mut cases = Vec::new();
    let mut expect = Vec::new();
    let mut add = |cases: &mut Vec<Case>,
                   name: &str,
                   leaf: &Certificate,
                   untrusted: &[&Certificate],
                   roots: &[&Certificate],
                   host: Option<&str>,
                   openssl_ok: Option<bool>| {
        cases.push(Case {
            name: name.to_string(),
            leaf: leaf.clone(),
            untrusted: untrusted.iter().map(|c| (*c).clone()).collect(),
            roots: roots.iter().map(|c| (*c).clone()).collect(),
            at,
            host: host.map(str::to_string),
        });
        if let Some(ok) = openssl_ok {
            expect.push((name.to_string(), ok));
        }
    };

    // Good chains, one per key type (root -> intermediate -> leaf).
    let p256 = root(KeyType::EcP256, "/O=Matrix/CN=Matrix Root", now);
    let ik = key(KeyType::EcP256);
    let inter = intermediate(
        &p256,
        "/O=Matrix/CN=Matrix Intermediate",
        ik.clone(),
        None,
        now - 900 * DAY,
        3000,
    );
    let lk = key(KeyType::EcP256);
    let good = leaf(
        &inter,
        &lk,
        "www.foo.test",
        &["www.foo.test", "IP:192.0.2.7"],
        now - 10 * DAY,
        365,
    );
    let (r, i) = (p256.certificate(), inter.certificate());
    add(
        &mut cases,
        "good P-256",
        &good,
        &[i],
        &[r],
        None,
        Some(true),
    );
    for (kt, name) in [
        (KeyType::EcP384, "good P-384"),
        (KeyType::Ed25519, "good Ed25519"),
        (KeyType::Rsa, "good RSA"),
    ] {
        let rr = root(kt, &format!("/CN={name} root"), now);
        let ii = intermediate(
            &rr,
            &format!("/CN={name} CA"),
            key(kt),
            Some(0),
            now - DAY,
            100,
        );
        let ll = leaf(&ii, &key(kt), "www.foo.test", &[], now - DAY, 30);
        add(
            &mut cases,
            name,
            &ll,
            &[ii.certificate()],
            &[rr.certificate()],
            None,
            Some(true),
        );
    }
    // The root as the only anchor with the leaf issued directly by it; a trusted self-signed
    // leaf; an untrusted self-signed leaf; no intermediate given; the wrong root.
    let direct = leaf(&p256, &lk, "direct.foo.test", &[], now - DAY, 30);
    add(
        &mut cases,
        "leaf directly under root",
        &direct,
        &[],
        &[r],
        None,
        Some(true),
    );
    let ss = Certificate::self_signed(&key(KeyType::EcP256), "/CN=self.foo.test", &[], 30).unwrap();
    add(
        &mut cases,
        "trusted self-signed leaf",
        &ss,
        &[],
        &[&ss],
        None,
        Some(true),
    );
    add(
        &mut cases,
        "untrusted self-signed leaf",
        &ss,
        &[],
        &[r],
        None,
        Some(false),
    );
    add(
        &mut cases,
        "intermediate missing",
        &good,
        &[],
        &[r],
        None,
        Some(false),
    );
    let other = root(KeyType::EcP256, "/CN=Other Root", now);
    add(
        &mut cases,
        "wrong root",
        &good,
        &[i],
        &[other.certificate()],
        None,
        Some(false),
    );

    // Time.
    let expired = leaf(&inter, &lk, "www.foo.test", &[], now - 400 * DAY, 30);
    add(
        &mut cases,
        "expired leaf",
        &expired,
        &[i],
        &[r],
        None,
        Some(false),
    );
    let future = leaf(&inter, &lk, "www.foo.test", &[], now + 10 * DAY, 30);
    add(
        &mut cases,
        "not-yet-valid leaf",
        &future,
        &[i],
        &[r],
        None,
        Some(false),
    );
    // The same intermediate name and key, expired: the leaf (issued under the long-lived one)
    // verifies under either.
    let inter_expired = intermediate(
        &p256,
        "/O=Matrix/CN=Matrix Intermediate",
        ik.clone(),
        None,
        now - 400 * DAY,
        30,
    );
    let ie = inter_expired.certificate();
    add(
        &mut cases,
        "expired intermediate",
        &good,
        &[ie],
        &[r],
        None,
        Some(false),
    );
    add(
        &mut cases,
        "expired and valid intermediate",
        &good,
        &[ie, i],
        &[r],
        None,
        Some(true),
    );
    let old_root = CertificateAuthority::create_root_with(
        &dn("/CN=Old Root"),
        Some(key(KeyType::EcP256)),
        &IssueOptions::new(Profile::Root)
            .now(now - 40 * DAY)
            .days(30),
    )
    .unwrap();
    let under_old = leaf(&old_root, &lk, "www.foo.test", &[], now - 35 * DAY, 20);
    add(
        &mut cases,
        "expired root and leaf",
        &under_old,
        &[],
        &[old_root.certificate()],
        None,
        Some(false),
    );

    // A broken signature: one bit of the leaf's signature flipped.
    let mut der = good.to_der();
    let last = der.len() - 1;
    der[last] ^= 0x01;
    let flipped = Certificate::from_der(&der).unwrap();
    add(
        &mut cases,
        "flipped signature bit",
        &flipped,
        &[i],
        &[r],
        None,
        Some(false),
    );

    // basicConstraints CA:FALSE on the issuer (openssl-made), which signs a leaf (openssl).
    let nk = key(KeyType::EcP256);
    let not_ca = openssl_issue(
        &w,
        "not-ca",
        &csr(&nk, "Not A CA", &[]),
        &p256,
        "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyCertSign\n\
         subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n",
    );
    let not_ca_ca = CertificateAuthority::new(not_ca.clone(), nk.clone());
    assert_eq!(
        not_ca_ca.unwrap_err().kind(),
        ErrorKind::InvalidInput,
        "sslkit refuses to use a CA:FALSE certificate as a CA"
    );
    // Sign the leaf with openssl, as if it were a CA.
    let fake_ca = openssl_sign(
        &w,
        "under-not-ca",
        &csr(&key(KeyType::EcP256), "www.foo.test", &["www.foo.test"]),
        (&not_ca, &nk),
        Some(LEAF_EXT),
    );
    add(
        &mut cases,
        "CA:FALSE issuer",
        &fake_ca,
        &[&not_ca],
        &[r],
        None,
        Some(false),
    );
    // An issuer with no basicConstraints at all (a v3 certificate).
    let bk = key(KeyType::EcP256);
    let no_bc = openssl_issue(
        &w,
        "no-bc",
        &csr(&bk, "No Basic Constraints", &[]),
        &p256,
        "keyUsage=critical,keyCertSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n",
    );
    let under_no_bc = openssl_sign(
        &w,
        "under-no-bc",
        &csr(&key(KeyType::EcP256), "www.foo.test", &["www.foo.test"]),
        (&no_bc, &bk),
        Some(LEAF_EXT),
    );
    add(
        &mut cases,
        "issuer without basicConstraints",
        &under_no_bc,
        &[&no_bc],
        &[r],
        None,
        Some(false),
    );

    // A v1 root (no extensions at all) is a trust anchor; a v1 intermediate is not a CA.
    let v1k = key(KeyType::EcP256);
    let v1_root = openssl_v1_self_signed(&w, "v1-root", &v1k, "V1 Root");
    let vik = key(KeyType::EcP256);
    let under_v1 = openssl_sign(
        &w,
        "under-v1-root",
        &csr(&vik, "Under V1 Root", &[]),
        (&v1_root, &v1k),
        Some("basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n"),
    );
    let under_v1_ca = CertificateAuthority::new(under_v1.clone(), vik).unwrap();
    let leaf_v1 = leaf(&under_v1_ca, &lk, "www.foo.test", &[], now, 10);
    add(
        &mut cases,
        "v1 root as anchor",
        &leaf_v1,
        &[&under_v1],
        &[&v1_root],
        None,
        Some(true),
    );
    let v1ik = key(KeyType::EcP256);
    let v1_inter = openssl_sign(
        &w,
        "v1-inter",
        &csr(&v1ik, "V1 Intermediate", &[]),
        (r, p256.key()),
        None,
    );
    assert!(v1_inter.extensions().is_empty());
    let under_v1_inter = openssl_sign(
        &w,
        "under-v1-inter",
        &csr(&key(KeyType::EcP256), "www.foo.test", &["www.foo.test"]),
        (&v1_inter, &v1ik),
        Some(&LEAF_EXT.replace("authorityKeyIdentifier=keyid\n", "")),
    );
    add(
        &mut cases,
        "v1 intermediate",
        &under_v1_inter,
        &[&v1_inter],
        &[r],
        None,
        Some(false),
    );

    // pathLen: root -> P0 (pathlen 0, sslkit) -> Q (CA, openssl-made under P0) -> leaf.
    let p0 = intermediate(
        &p256,
        "/CN=PathLen Zero",
        key(KeyType::EcP256),
        Some(0),
        now - DAY,
        100,
    );
    let qk = key(KeyType::EcP256);
    let q = openssl_issue(
        &w,
        "below-pathlen0",
        &csr(&qk, "Below PathLen Zero", &[]),
        &p0,
        CA_EXT,
    );
    let q_ca = CertificateAuthority::new(q.clone(), qk).unwrap();
    let too_deep = leaf(&q_ca, &lk, "www.foo.test", &["www.foo.test"], now, 10);
    add(
        &mut cases,
        "pathLen 0 exceeded",
        &too_deep,
        &[q_ca.certificate(), p0.certificate()],
        &[r],
        None,
        Some(false),
    );
    let under_p0 = leaf(&p0, &lk, "www.foo.test", &[], now - DAY, 10);
    add(
        &mut cases,
        "pathLen 0 respected",
        &under_p0,
        &[p0.certificate()],
        &[r],
        None,
        Some(true),
    );
    // pathLen 1 with one CA below it is fine.
    let p1 = intermediate(
        &p256,
        "/CN=PathLen One",
        key(KeyType::EcP256),
        Some(1),
        now - DAY,
        100,
    );
    let p1_child = intermediate(
        &p1,
        "/CN=Below PathLen One",
        key(KeyType::EcP256),
        Some(0),
        now - DAY,
        100,
    );
    let under_p1 = leaf(&p1_child, &lk, "www.foo.test", &[], now - DAY, 10);
    add(
        &mut cases,
        "pathLen 1 respected",
        &under_p1,
        &[p1_child.certificate(), p1.certificate()],
        &[r],
        None,
        Some(true),
    );

    // An intermediate CA:TRUE whose keyUsage lacks keyCertSign (openssl-made).
    let kk = key(KeyType::EcP256);
    let no_kcs = openssl_issue(
        &w,
        "no-keycertsign",
        &csr(&kk, "No KeyCertSign", &[]),
        &p256,
        "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,digitalSignature\n\
         subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n",
    );
    let no_kcs_ca = CertificateAuthority::new(no_kcs.clone(), kk).unwrap();
    let under_no_kcs = leaf(&no_kcs_ca, &lk, "www.foo.test", &[], now, 10);
    add(
        &mut cases,
        "issuer without keyCertSign",
        &under_no_kcs,
        &[&no_kcs],
        &[r],
        None,
        Some(false),
    );
    // The same without any keyUsage: allowed.
    let uk = key(KeyType::EcP256);
    let no_ku = openssl_issue(
        &w,
        "no-ku",
        &csr(&uk, "No KeyUsage", &[]),
        &p256,
        "basicConstraints=critical,CA:TRUE\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n",
    );
    let no_ku_ca = CertificateAuthority::new(no_ku.clone(), uk).unwrap();
    let under_no_ku = leaf(&no_ku_ca, &lk, "www.foo.test", &[], now, 10);
    add(
        &mut cases,
        "issuer without keyUsage",
        &under_no_ku,
        &[&no_ku],
        &[r],
        None,
        Some(true),
    );

    // Unknown extensions on the leaf, critical and not (openssl-made, signed by the
    // intermediate).
    let crit = openssl_issue(
        &w,
        "unknown-critical",
        &csr(&lk, "www.foo.test", &[]),
        &inter,
        &format!("{LEAF_EXT}1.2.3.4=critical,ASN1:UTF8String:x\n"),
    );
    add(
        &mut cases,
        "leaf with unknown critical extension",
        &crit,
        &[i],
        &[r],
        None,
        Some(false),
    );
    let noncrit = openssl_issue(
        &w,
        "unknown-noncritical",
        &csr(&lk, "www.foo.test", &[]),
        &inter,
        &format!("{LEAF_EXT}1.2.3.4=ASN1:UTF8String:x\n"),
    );
    add(
        &mut cases,
        "leaf with unknown non-critical extension",
        &noncrit,
        &[i],
        &[r],
        None,
        Some(true),
    );

    // Host names. `good` has DNS:www.foo.test and IP:192.0.2.7; `wild` has *.foo.test.
    let wild = leaf(&inter, &lk, "*.foo.test", &["*.foo.test"], now - DAY, 30);
    for (host, cert, tag, ok) in [
        ("www.foo.test", &good, "exact", true),
        ("WWW.Foo.Test", &good, "exact, other case", true),
        ("other.test", &good, "mismatch", false),
        ("foo.test", &good, "parent domain", false),
        ("192.0.2.7", &good, "IP", true),
        ("192.0.2.8", &good, "other IP", false),
        ("x.foo.test", &wild, "wildcard", true),
        ("www.foo.test", &wild, "wildcard", true),
        ("a.b.foo.test", &wild, "wildcard, two labels", false),
        ("foo.test", &wild, "wildcard, bare domain", false),
        ("other.test", &wild, "wildcard, other domain", false),
    ] {
        let name = format!("host {host} vs {} ({tag})", cert.sans()[0]);
        add(&mut cases, &name, cert, &[i], &[r], Some(host), Some(ok));
    }

    println!("verify time: {} (unix {})", unix_secs(at), unix_secs(at));
    check_all(
        &w,
        &cases,
        &expect
            .iter()
            .map(|(n, b)| (n.as_str(), *b))
            .collect::<Vec<_>>(),
    );
}

/// nameConstraints on an intermediate (openssl-made), critical as RFC 5280 requires and
/// non-critical as some CAs issue them: leaves inside and outside the permitted subtree.
/// openssl enforces the constraint either way.
#[test]
fn name_constraints_agree_with_openssl() {
    let w = Workdir::new();
    let now = whole(SystemTime::now());
    let at = now + Duration::from_secs(3600);
    let root = root(KeyType::EcP256, "/CN=NC Root", now);
    let lk = key(KeyType::EcP256);
    let mut cases = Vec::new();
    let mut expect = Vec::new();
    for critical in [true, false] {
        let ck = key(KeyType::EcP256);
        let crit = if critical { "critical," } else { "" };
        let nc = openssl_issue(
            &w,
            &format!("nc-{critical}"),
            &csr(&ck, &format!("NC Intermediate {critical}"), &[]),
            &root,
            &format!("{CA_EXT}nameConstraints={crit}permitted;DNS:foo.test\n"),
        );
        let nc_ca = CertificateAuthority::new(nc.clone(), ck).unwrap();
        for (host, inside) in [("www.foo.test", true), ("www.other.test", false)] {
            let l = leaf(&nc_ca, &lk, host, &[], now, 10);
            let name = format!(
                "{} nameConstraints, leaf {host}",
                if critical { "critical" } else { "non-critical" }
            );
            cases.push(Case {
                name: name.clone(),
                leaf: l,
                untrusted: vec![nc.clone()],
                roots: vec![root.certificate().clone()],
                at,
                host: None,
            });
            expect.push((name, inside));
        }
    }
    check_all(
        &w,
        &cases,
        &expect
            .iter()
            .map(|(n, b)| (n.as_str(), *b))
            .collect::<Vec<_>>(),
    );
}

/// The system's trust store: it loads, no root is accepted as a TLS leaf (a CA certificate never
/// is), and each root can anchor a chain unless it breaks a rule of the CA profile. The test
/// for the latter: a leaf signed by an impostor root with the same name reaches the real root
/// as its issuer; the CA profile is checked before the signature, so a root that passes it
/// fails only with `bad-signature`, and one that does not names its rule.
#[test]
fn system_roots_load_and_anchor_chains() {
    let path = std::env::var_os("SSL_CERT_FILE")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(sslkit::SYSTEM_ROOTS));
    if !path.exists() {
        common::skipped("system roots", &format!("{} is absent", path.display()));
        return;
    }
    let roots = sslkit::system_roots().unwrap();
    println!("system_roots(): {} certificates", roots.len());
    assert!(roots.len() > 50, "only {} system roots", roots.len());
    let now = whole(SystemTime::now());
    let opts = VerifyOptions::new().at(now);
    let lk = key(KeyType::EcP256);
    let mut anchors = 0;
    let mut refused: Vec<String> = Vec::new();
    let mut untested = 0;
    for root in &roots {
        let as_leaf = verify_chain(root, &[], &roots, &opts).unwrap_err();
        let rule = as_leaf.violation().map(|v| v.rule).unwrap_or_default();
        assert!(
            ["leaf-is-ca", "expired", "version"].contains(&rule),
            "{}: {as_leaf}",
            root.subject()
        );
        let Ok(impostor) = CertificateAuthority::create_root(
            &root.subject().to_string(),
            Some(key(KeyType::EcP256)),
            None,
        ) else {
            untested += 1;
            continue;
        };
        let l = leaf(&impostor, &lk, "www.foo.test", &[], now, 10);
        let err = verify_chain(&l, &[], std::slice::from_ref(root), &opts).unwrap_err();
        let v = err.violation().expect("a violation");
        if v.rule == "bad-signature" && v.depth == 0 {
            anchors += 1;
            continue;
        }
        assert_eq!(v.depth, 1, "{}: {err}", root.subject());
        // The rules a real root can break: profile rules that predate the CA/Browser Forum's,
        // and time.
        assert!(
            [
                "ca-basic-constraints-not-critical",
                "ski-missing",
                "expired",
                "not-yet-valid",
                "ca-key-usage",
                "not-a-ca",
                "version",
            ]
            .contains(&v.rule),
            "{}: unexpected rule: {err}",
            root.subject()
        );
        refused.push(format!("{} [{}]", root.subject(), v.rule));
    }
    println!(
        "{anchors} of {} roots can anchor a chain; {} cannot: {}; {untested} untested (name not reproducible)",
        roots.len(),
        refused.len(),
        refused.join("; ")
    );
    assert!(anchors * 10 >= roots.len() * 9, "too few usable roots");
}
