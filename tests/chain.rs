//! Chain assembly (`assemble_chain` / `assemble_at`) on generated PKIs: shuffled pools with
//! duplicates, unrelated certificates, two roots, a cross-signed intermediate and a short-lived
//! twin of an intermediate; missing issuers (with an AIA caIssuers URL made by openssl), cycles,
//! depth, a 10,000-certificate pool, and the system's CA bundle. Where a path is also checked by
//! `openssl verify -show_chain`, the orders are compared.

mod common;

use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime};

use common::{Workdir, openssl, openssl_str, openssl_try, unix_secs};
use sslkit::name::DistinguishedName;
use sslkit::{
    Certificate, CertificateAuthority, CertificateSigningRequest, ErrorKind, IssueOptions, KeyType,
    MAX_CHAIN_DEPTH, PrivateKey, Profile, assemble_at, assemble_chain,
};

fn ed() -> PrivateKey {
    PrivateKey::generate(KeyType::Ed25519, None).unwrap()
}

fn dn(s: &str) -> DistinguishedName {
    DistinguishedName::parse(s).unwrap()
}

fn inter_opts(path_len: Option<u8>) -> IssueOptions {
    IssueOptions::new(Profile::Intermediate { path_len })
}

fn leaf_under(ca: &CertificateAuthority, cn: &str) -> Certificate {
    let csr = CertificateSigningRequest::create(&ed(), &format!("/CN={cn}"), &[]).unwrap();
    ca.sign(&csr, Profile::Server, Some(365)).unwrap()
}

/// A deterministic shuffle (xorshift), so a failure names its seed.
fn shuffled<T: Clone>(v: &[T], seed: u64) -> Vec<T> {
    let mut out = v.to_vec();
    let mut s = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    for i in (1..out.len()).rev() {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        let j = (s % (i as u64 + 1)) as usize;
        out.swap(i, j);
    }
    out
}

/// Runs `f` on a thread and fails the test if it takes longer than `limit` (a hang).
fn within<T: Send + 'static>(
    limit: Duration,
    what: &str,
    f: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(limit)
        .unwrap_or_else(|_| panic!("{what} did not finish within {limit:?}: a hang"))
}

fn pem_bundle(certs: &[Certificate]) -> String {
    certs.iter().map(|c| c.to_pem()).collect()
}

/// `openssl verify -show_chain -attime at -CAfile roots [-untrusted pool] leaf`: whether it
/// verified, and the subjects of the chain it printed (leaf first), as openssl prints them.
fn openssl_chain(
    w: &Workdir,
    roots: &[Certificate],
    pool: &[Certificate],
    leaf: &Certificate,
    at: SystemTime,
) -> (bool, Vec<String>, String) {
    let ca = w.write("v-roots.pem", pem_bundle(roots));
    let untrusted = w.write("v-pool.pem", pem_bundle(pool));
    let leaf_path = w.write("v-leaf.pem", leaf.to_pem());
    let attime = unix_secs(at).to_string();
    let mut args = vec!["verify", "-show_chain", "-attime", &attime, "-CAfile", &ca];
    if !pool.is_empty() {
        args.extend(["-untrusted", &untrusted]);
    }
    args.push(&leaf_path);
    let (ok, text) = openssl_try(&args);
    let chain = text
        .lines()
        .filter_map(|l| l.strip_prefix("depth="))
        .filter_map(|l| l.split_once(": ").map(|(_, s)| s))
        .map(|s| s.trim_end_matches(" (untrusted)").to_string())
        .collect();
    (ok, chain, text)
}

/// The subject of each certificate as `openssl x509 -noout -subject` prints it.
fn openssl_subjects(w: &Workdir, chain: &[Certificate]) -> Vec<String> {
    chain
        .iter()
        .map(|c| {
            let p = w.write("s.pem", c.to_pem());
            openssl_str(&["x509", "-in", &p, "-noout", "-subject"])
                .trim_end()
                .trim_start_matches("subject=")
                .to_string()
        })
        .collect()
}

/// The brief's PKI: roots R1 and R2; I1 under R1; X = I1's name and key under R2 (cross-sign);
/// I2 (pathlen 0) under I1; E = I2's name and key, under I1, expiring in 30 days (before the
/// leaf); a leaf under I2; and unrelated certificates.
///
/// (The brief says "I2 by R1"; for the expected chain [leaf, I2, I1] and the path "via X and
/// R2", I2 must be issued by I1's name and key, so it is.)
struct World {
    r1: Certificate,
    r2: Certificate,
    i1: Certificate,
    x: Certificate,
    i2: Certificate,
    e: Certificate,
    leaf: Certificate,
    unrelated: Vec<Certificate>,
}

fn world() -> World {
    let r1 =
        CertificateAuthority::create_root("/O=Chain Test/CN=Root One", Some(ed()), None).unwrap();
    let r2 =
        CertificateAuthority::create_root("/O=Chain Test/CN=Root Two", Some(ed()), None).unwrap();
    let k1 = ed();
    let i1 = r1
        .create_intermediate(
            "/O=Chain Test/CN=Intermediate One",
            Some(k1.clone()),
            None,
            None,
        )
        .unwrap();
    // The cross-sign expires before I1 (as they usually do) but after the leaf.
    let x = r2
        .create_intermediate_with(
            i1.certificate().subject(),
            Some(k1),
            &inter_opts(None).days(1000),
        )
        .unwrap();
    let k2 = ed();
    let i2 = i1
        .create_intermediate(
            "/O=Chain Test/CN=Intermediate Two",
            Some(k2.clone()),
            Some(0),
            None,
        )
        .unwrap();
    let e = i1
        .create_intermediate_with(
            i2.certificate().subject(),
            Some(k2),
            &inter_opts(Some(0)).days(30),
        )
        .unwrap();
    let leaf = leaf_under(&i2, "www.chain.test");
    assert!(e.certificate().not_after() < leaf.not_after());
    // Unrelated: another root with an intermediate and a leaf, a self-signed server
    // certificate, and a CA whose name is I2's but whose key is not.
    let u = CertificateAuthority::create_root("/CN=Unrelated Root", Some(ed()), None).unwrap();
    let ui = u
        .create_intermediate("/CN=Unrelated Intermediate", Some(ed()), None, None)
        .unwrap();
    let ul = leaf_under(&ui, "unrelated.test");
    let ss = Certificate::self_signed(&ed(), "/CN=www.chain.test", &[], 30).unwrap();
    let imposter = u
        .create_intermediate_with(i2.certificate().subject(), Some(ed()), &inter_opts(Some(0)))
        .unwrap();
    World {
        r1: r1.certificate().clone(),
        r2: r2.certificate().clone(),
        i1: i1.certificate().clone(),
        x: x.certificate().clone(),
        i2: i2.certificate().clone(),
        e: e.certificate().clone(),
        leaf,
        unrelated: vec![
            u.certificate().clone(),
            ui.certificate().clone(),
            ul,
            ss,
            imposter.certificate().clone(),
        ],
    }
}

impl World {
    /// Everything, with duplicates and the leaf itself.
    fn pool(&self) -> Vec<Certificate> {
        let mut p = vec![
            self.r1.clone(),
            self.r2.clone(),
            self.i1.clone(),
            self.x.clone(),
            self.i2.clone(),
            self.e.clone(),
            self.leaf.clone(),
            self.i2.clone(),
            self.i1.clone(),
            self.x.clone(),
        ];
        p.extend(self.unrelated.iter().cloned());
        // Re-parsed copies are equal certificates, not the same allocation.
        p.push(Certificate::from_der(self.i1.der()).unwrap());
        p.push(Certificate::from_pem(self.e.to_pem().as_bytes()).unwrap());
        p
    }
}

const SEEDS: u64 = 40;

#[test]
fn shuffled_pool_gives_leaf_i2_i1() {
    let w = world();
    let now = SystemTime::now();
    let pool = w.pool();
    let want = vec![w.leaf.clone(), w.i2.clone(), w.i1.clone()];
    let mut wrong = std::collections::BTreeMap::new();
    for seed in 0..SEEDS {
        let p = shuffled(&pool, seed);
        let chain = assemble_at(&w.leaf, &p, None, false, now).unwrap();
        // Never the short-lived twin E, never an unrelated certificate.
        assert_eq!(chain[..2], want[..2], "seed {seed}");
        if chain != want {
            wrong
                .entry(subjects_with_issuers(&chain))
                .or_insert_with(Vec::new)
                .push(seed);
        } else {
            let with_root = assemble_at(&w.leaf, &p, None, true, now).unwrap();
            assert_eq!(
                with_root,
                vec![w.leaf.clone(), w.i2.clone(), w.i1.clone(), w.r1.clone()],
                "seed {seed}: include_root"
            );
        }
    }
    // The pool is an unordered pile: every order must give the same chain, the one whose
    // intermediates live longest (I1 rather than the cross-sign X, which expires sooner).
    assert!(
        wrong.is_empty(),
        "assemble_chain depends on the pool's order: {} of {SEEDS} shuffles gave another \
         chain than [leaf, I2, I1 <- R1]: {wrong:?}",
        wrong.values().map(Vec::len).sum::<usize>()
    );
    // The public entry point (time = now) agrees.
    assert_eq!(assemble_chain(&w.leaf, &pool, None, false).unwrap(), want);
}

/// Subjects with the issuer's name, to tell I1 and its cross-signed twin X apart in messages.
fn subjects_with_issuers(chain: &[Certificate]) -> Vec<String> {
    chain
        .iter()
        .map(|c| format!("{} <- {}", c.subject(), c.issuer()))
        .collect()
}

#[test]
fn given_roots_choose_the_path() {
    let w = world();
    let now = SystemTime::now();
    let pool = w.pool();
    for seed in 0..SEEDS {
        let p = shuffled(&pool, seed);
        // R2 as the only trust anchor: the path goes through the cross-signed X.
        let r2 = [w.r2.clone()];
        assert_eq!(
            assemble_at(&w.leaf, &p, Some(&r2), false, now).unwrap(),
            vec![w.leaf.clone(), w.i2.clone(), w.x.clone()],
            "seed {seed}: roots [R2]"
        );
        assert_eq!(
            assemble_at(&w.leaf, &p, Some(&r2), true, now).unwrap(),
            vec![w.leaf.clone(), w.i2.clone(), w.x.clone(), w.r2.clone()],
            "seed {seed}: roots [R2], include_root"
        );
        // R1 as the anchor: through I1.
        let r1 = [w.r1.clone()];
        assert_eq!(
            assemble_at(&w.leaf, &p, Some(&r1), true, now).unwrap(),
            vec![w.leaf.clone(), w.i2.clone(), w.i1.clone(), w.r1.clone()],
            "seed {seed}: roots [R1], include_root"
        );
        // Anchors that are not in the pool are found too.
        let no_roots: Vec<Certificate> = p
            .iter()
            .filter(|c| **c != w.r1 && **c != w.r2)
            .cloned()
            .collect();
        assert_eq!(
            assemble_at(&w.leaf, &no_roots, Some(&r2), true, now).unwrap(),
            vec![w.leaf.clone(), w.i2.clone(), w.x.clone(), w.r2.clone()],
            "seed {seed}: R2 only as anchor"
        );
    }
}

#[test]
fn orders_agree_with_openssl_verify() {
    let w = world();
    let wd = Workdir::new();
    let now = SystemTime::now();
    let pool = shuffled(&w.pool(), 7);
    // openssl takes the first time-valid issuer of the untrusted pool and looks for
    // alternatives only in the trusted store, so with I1 and R1 in the pool it does not find
    // the path through X to R2 ("self-signed certificate in certificate chain"); it is given
    // the pool without I1 for that case.
    let without_i1: Vec<Certificate> = pool.iter().filter(|c| **c != w.i1).cloned().collect();
    for (name, root, openssl_pool) in [("R1", &w.r1, &pool), ("R2", &w.r2, &without_i1)] {
        let roots = [root.clone()];
        let ours = assemble_at(&w.leaf, &pool, Some(&roots), true, now).unwrap();
        let (ok, theirs, text) = openssl_chain(&wd, &roots, openssl_pool, &w.leaf, now);
        assert!(ok, "openssl verify with {name}: {text}");
        assert_eq!(
            openssl_subjects(&wd, &ours),
            theirs,
            "roots [{name}]: sslkit vs openssl -show_chain:\n{text}"
        );
    }
    // Only the short-lived twin E: sslkit still builds the chain, as openssl does.
    let e_only: Vec<Certificate> = vec![w.e.clone(), w.i1.clone(), w.r1.clone()];
    let ours = assemble_at(&w.leaf, &e_only, None, true, now).unwrap();
    assert_eq!(
        ours,
        vec![w.leaf.clone(), w.e.clone(), w.i1.clone(), w.r1.clone()]
    );
    let (ok, theirs, text) = openssl_chain(&wd, std::slice::from_ref(&w.r1), &e_only, &w.leaf, now);
    assert!(ok, "{text}");
    assert_eq!(openssl_subjects(&wd, &ours), theirs);
}

#[test]
fn missing_issuer_is_named() {
    let w = world();
    let now = SystemTime::now();
    // Without I1 and its cross-signed twin X, nothing issued I2.
    let pool: Vec<Certificate> = w
        .pool()
        .into_iter()
        .filter(|c| *c != w.i1 && *c != w.x)
        .collect();
    let i1_name = w.i1.subject().to_string();
    for seed in 0..8 {
        let p = shuffled(&pool, seed);
        for roots in [None, Some(&[w.r1.clone()][..])] {
            let err = assemble_at(&w.leaf, &p, roots, false, now).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::ChainIncomplete, "{err}");
            assert!(
                err.message().contains(&i1_name),
                "seed {seed}: message does not name {i1_name}: {err}"
            );
        }
    }
    // openssl agrees that it cannot be verified.
    let wd = Workdir::new();
    let (ok, _, text) = openssl_chain(&wd, std::slice::from_ref(&w.r1), &pool, &w.leaf, now);
    assert!(!ok, "{text}");
    assert!(
        text.contains("unable to get local issuer certificate"),
        "{text}"
    );
}

/// An openssl-made intermediate carrying `authorityInfoAccess=caIssuers;URI:...`: when its
/// issuer is missing, the message gives the URL.
#[test]
fn missing_issuer_message_gives_aia_url() {
    let wd = Workdir::new();
    let url = "http://ca.example/i.crt";
    let root_key = ed();
    let root =
        CertificateAuthority::create_root("/CN=AIA Root", Some(root_key.clone()), None).unwrap();
    let root_pem = wd.write("root.pem", root.certificate().to_pem());
    let root_key_pem = wd.write("root.key", root_key.to_pem().unwrap().as_bytes());
    let ikey = wd.path("inter.key");
    openssl(&["genpkey", "-algorithm", "ED25519", "-out", &ikey]);
    let icsr = wd.path("inter.csr");
    openssl(&[
        "req",
        "-new",
        "-key",
        &ikey,
        "-subj",
        "/CN=AIA Intermediate",
        "-out",
        &icsr,
    ]);
    let ext = wd.write(
        "inter.ext",
        format!(
            "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n\
             subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n\
             authorityInfoAccess=caIssuers;URI:{url}\n"
        ),
    );
    let icrt = wd.path("inter.pem");
    openssl(&[
        "x509",
        "-req",
        "-in",
        &icsr,
        "-CA",
        &root_pem,
        "-CAkey",
        &root_key_pem,
        "-extfile",
        &ext,
        "-days",
        "30",
        "-out",
        &icrt,
    ]);
    let inter_cert = Certificate::load(&icrt).unwrap();
    assert_eq!(inter_cert.ca_issuers_urls(), vec![url.to_string()]);
    let inter =
        CertificateAuthority::new(inter_cert.clone(), PrivateKey::load(&ikey, None).unwrap())
            .unwrap();
    let leaf = leaf_under(&inter, "aia.test");

    let err = assemble_chain(&leaf, std::slice::from_ref(&inter_cert), None, false).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ChainIncomplete, "{err}");
    assert!(err.message().contains(url), "no URL in: {err}");
    assert!(
        err.message().contains("AIA Root"),
        "no issuer name in: {err}"
    );

    // With the root the chain is complete, and openssl agrees on the order.
    let pool = vec![root.certificate().clone(), inter_cert.clone()];
    let now = SystemTime::now();
    let ours = assemble_at(&leaf, &pool, None, true, now).unwrap();
    assert_eq!(
        ours,
        vec![leaf.clone(), inter_cert, root.certificate().clone()]
    );
    let (ok, theirs, text) = openssl_chain(&wd, &[root.certificate().clone()], &pool, &leaf, now);
    assert!(ok, "{text}");
    assert_eq!(openssl_subjects(&wd, &ours), theirs);
}

/// Two CAs that cross-sign each other, with no self-signed root anywhere: the search stops.
#[test]
fn cross_signing_cycles_end_cleanly() {
    let ka = ed();
    let kb = ed();
    let a = CertificateAuthority::create_root("/CN=Cycle A", Some(ka.clone()), None).unwrap();
    let b = CertificateAuthority::create_root("/CN=Cycle B", Some(kb.clone()), None).unwrap();
    let a_by_b = b
        .create_intermediate_with(a.certificate().subject(), Some(ka), &inter_opts(None))
        .unwrap();
    let b_by_a = a
        .create_intermediate_with(b.certificate().subject(), Some(kb), &inter_opts(None))
        .unwrap();
    let leaf = leaf_under(&a, "cycle.test");
    let pool = vec![a_by_b.certificate().clone(), b_by_a.certificate().clone()];
    let (l, p) = (leaf.clone(), pool.clone());
    let r = within(Duration::from_secs(20), "2-CA cycle", move || {
        assemble_chain(&l, &p, None, false)
    });
    let err = r.unwrap_err();
    eprintln!("2-CA cycle: {err}");
    assert_eq!(err.kind(), ErrorKind::ChainIncomplete, "{err}");
    // openssl cannot verify it against an unrelated anchor either.
    let wd = Workdir::new();
    let other = CertificateAuthority::create_root("/CN=Other", Some(ed()), None).unwrap();
    let (ok, _, text) = openssl_chain(
        &wd,
        &[other.certificate().clone()],
        &pool,
        &leaf,
        SystemTime::now(),
    );
    assert!(!ok, "{text}");

    // With B as a trust anchor, the cycle has a way out: leaf <- A(by B) <- B.
    let anchors = [b.certificate().clone()];
    let chain = assemble_chain(&leaf, &pool, Some(&anchors), true).unwrap();
    assert_eq!(
        chain,
        vec![
            leaf.clone(),
            a_by_b.certificate().clone(),
            b.certificate().clone()
        ]
    );
}

/// A full mesh of 8 CAs, each cross-signed by every other (56 certificates) and no root: many
/// paths, all dead ends. The search gives up within its step budget, quickly.
#[test]
fn cross_signing_mesh_is_bounded() {
    let n = 8;
    let keys: Vec<PrivateKey> = (0..n).map(|_| ed()).collect();
    let cas: Vec<CertificateAuthority> = (0..n)
        .map(|i| {
            CertificateAuthority::create_root(&format!("/CN=Mesh {i}"), Some(keys[i].clone()), None)
                .unwrap()
        })
        .collect();
    let mut pool = Vec::new();
    for (i, subject_ca) in cas.iter().enumerate() {
        for (j, issuer) in cas.iter().enumerate() {
            if i != j {
                pool.push(
                    issuer
                        .create_intermediate_with(
                            subject_ca.certificate().subject(),
                            Some(keys[i].clone()),
                            &inter_opts(None),
                        )
                        .unwrap()
                        .certificate()
                        .clone(),
                );
            }
        }
    }
    let leaf = leaf_under(&cas[0], "mesh.test");
    let (l, p) = (leaf.clone(), pool.clone());
    let t = Instant::now();
    let r = within(Duration::from_secs(30), "8-CA mesh", move || {
        assemble_chain(&l, &p, None, false)
    });
    eprintln!(
        "mesh of {} certificates: {:?} in {:?}",
        pool.len(),
        r.as_ref().map(|c| c.len()),
        t.elapsed()
    );
    assert_eq!(r.unwrap_err().kind(), ErrorKind::ChainIncomplete);
    // One self-signed root in the mesh: found, and the path is valid link by link.
    let mut with_root = pool.clone();
    with_root.push(cas[5].certificate().clone());
    let chain = within(Duration::from_secs(30), "mesh with a root", move || {
        assemble_chain(&leaf, &with_root, None, true)
    })
    .unwrap();
    assert_eq!(chain.last().unwrap(), cas[5].certificate());
    assert!(chain.len() <= MAX_CHAIN_DEPTH);
    for pair in chain.windows(2) {
        pair[0].verify_signed_by(pair[1].public_key()).unwrap();
    }
}

/// root -> I1 -> ... -> In -> leaf.
fn ladder(n: usize) -> (Certificate, Vec<Certificate>, Certificate) {
    common::ladder(n, "Ladder", "ladder.test")
}

#[test]
fn deep_chains_end_at_the_limit() {
    let wd = Workdir::new();
    let now = SystemTime::now();
    // Within the limit: leaf + 8 intermediates + root = 10 certificates; openssl's order.
    let (root, inters, leaf) = ladder(8);
    let mut pool = shuffled(&inters, 3);
    pool.push(root.clone());
    let ours = assemble_at(&leaf, &pool, None, true, now).unwrap();
    let mut want = vec![leaf.clone()];
    want.extend(inters.iter().rev().cloned());
    want.push(root.clone());
    assert_eq!(ours, want);
    let (ok, theirs, text) = openssl_chain(&wd, std::slice::from_ref(&root), &inters, &leaf, now);
    assert!(ok, "{text}");
    assert_eq!(openssl_subjects(&wd, &ours), theirs);

    // 12 intermediates (14 certificates) is past MAX_CHAIN_DEPTH: a clean error, no hang.
    let (root, inters, leaf) = ladder(12);
    let mut pool = shuffled(&inters, 5);
    pool.push(root.clone());
    let (l, p) = (leaf.clone(), pool.clone());
    let t = Instant::now();
    let r = within(Duration::from_secs(20), "12-deep ladder", move || {
        assemble_at(&l, &p, None, false, now)
    });
    eprintln!("12 intermediates: {r:?} in {:?}", t.elapsed());
    let err = r.expect_err("a 14-certificate chain is past MAX_CHAIN_DEPTH");
    assert!(
        matches!(
            err.kind(),
            ErrorKind::ChainIncomplete | ErrorKind::InvalidInput
        ),
        "{err}"
    );
    // Every certificate is in the pool, so the error must not claim that the leaf's issuer
    // ("Ladder 12") is missing.
    let top = inters.last().unwrap().subject().to_string();
    assert!(
        !err.message()
            .contains(&format!("no certificate for '{top}'")),
        "the error blames a certificate that is in the pool: {err}"
    );
    // openssl (default depth limit 100) verifies it: the limit is sslkit's own.
    let (ok, theirs, text) = openssl_chain(&wd, &[root], &inters, &leaf, now);
    assert!(ok, "{text}");
    assert_eq!(theirs.len(), 14);
}

/// A pool of `n` certificates: the real chain (root, I1, I2) and the leaf's issuer's name on
/// 50 imposter CAs, a few hundred distinct Ed25519 CA certificates made with one key, re-parsed
/// duplicates, and distinct unrelated self-signed certificates made by patching the name in a
/// template's DER (cheap; their signatures do not matter, nothing chains to them).
struct BigPool {
    leaf: Certificate,
    chain: Vec<Certificate>,
    distinct: Vec<Certificate>,
    template: Vec<u8>,
}

fn big_pool_parts() -> BigPool {
    let k = ed();
    let root = CertificateAuthority::create_root("/CN=Perf Root", Some(ed()), None).unwrap();
    let i1 = root
        .create_intermediate("/CN=Perf Intermediate 1", Some(ed()), None, None)
        .unwrap();
    let i2 = i1
        .create_intermediate("/CN=Perf Intermediate 2", Some(ed()), Some(0), None)
        .unwrap();
    let leaf = leaf_under(&i2, "perf.test");
    let mut distinct = Vec::new();
    let t = Instant::now();
    for n in 0..300 {
        let ca = CertificateAuthority::create_root_with(
            &dn(&format!("/O=Perf/CN=Pool CA {n}")),
            Some(k.clone()),
            &IssueOptions::new(Profile::Root),
        )
        .unwrap();
        distinct.push(ca.certificate().clone());
    }
    for _ in 0..50 {
        let imposter = CertificateAuthority::create_root_with(
            i2.certificate().subject(),
            Some(k.clone()),
            &IssueOptions::new(Profile::Root),
        )
        .unwrap();
        distinct.push(imposter.certificate().clone());
    }
    eprintln!(
        "{} CA certificates made in {:?}",
        distinct.len(),
        t.elapsed()
    );
    let template = Certificate::self_signed(&k, "/CN=pad-0000000.test", &[], 30)
        .unwrap()
        .to_der();
    BigPool {
        leaf,
        chain: vec![
            root.certificate().clone(),
            i1.certificate().clone(),
            i2.certificate().clone(),
        ],
        distinct,
        template,
    }
}

impl BigPool {
    fn pool(&self, n: usize) -> Vec<Certificate> {
        let mut pool: Vec<Certificate> = self.chain.clone();
        pool.extend(self.distinct.iter().take(n / 10).cloned());
        for c in &self.chain {
            for _ in 0..(n / 100) {
                pool.push(Certificate::from_der(c.der()).unwrap());
            }
        }
        let needle = b"pad-0000000";
        let mut i = 0;
        while pool.len() < n {
            let mut der = self.template.clone();
            let name = format!("pad-{i:07}");
            let mut at = 0;
            while let Some(pos) = der[at..].windows(needle.len()).position(|w| w == needle) {
                der[at + pos..at + pos + needle.len()].copy_from_slice(name.as_bytes());
                at += pos + needle.len();
            }
            pool.push(Certificate::from_der(&der).unwrap());
            i += 1;
        }
        shuffled(&pool, n as u64)
    }
}

fn best_of(runs: usize, f: impl Fn() -> Vec<Certificate>) -> (Duration, Vec<Certificate>) {
    let mut best = Duration::MAX;
    let mut out = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        out = f();
        best = best.min(t.elapsed());
    }
    (best, out)
}

#[test]
fn ten_thousand_certificate_pool_is_fast_and_linear() {
    let parts = big_pool_parts();
    let t = Instant::now();
    let big = parts.pool(10_000);
    let small = parts.pool(1_000);
    eprintln!("pools built in {:?}", t.elapsed());
    assert_eq!(big.len(), 10_000);
    let want = vec![
        parts.leaf.clone(),
        parts.chain[2].clone(),
        parts.chain[1].clone(),
    ];
    let (t_big, chain) = best_of(3, || {
        assemble_chain(&parts.leaf, &big, None, false).unwrap()
    });
    assert_eq!(chain, want);
    let (t_small, chain) = best_of(5, || {
        assemble_chain(&parts.leaf, &small, None, false).unwrap()
    });
    assert_eq!(chain, want);
    let ratio = t_big.as_secs_f64() / t_small.as_secs_f64().max(1e-6);
    println!(
        "assemble_chain: 10,000-certificate pool {t_big:?}, 1,000-certificate pool {t_small:?} (ratio {ratio:.1})"
    );
    assert!(t_big < Duration::from_secs(2), "10,000 pool took {t_big:?}");
    assert!(
        ratio < 30.0,
        "not linear: 10,000 took {ratio:.1}x the 1,000 pool"
    );
}

#[test]
fn every_system_ca_certificate_parses() {
    let path = PathBuf::from("/etc/ssl/certs/ca-certificates.crt");
    if !path.exists() {
        common::skipped(
            "chain: the system CA bundle",
            &format!("{} is absent", path.display()),
        );
        return;
    }
    let data = std::fs::read(&path).unwrap();
    let blocks = String::from_utf8_lossy(&data)
        .matches("-----BEGIN CERTIFICATE-----")
        .count();
    let t = Instant::now();
    let certs = sslkit::load_certificates(&data).unwrap();
    let elapsed = t.elapsed();
    assert_eq!(certs.len(), blocks);
    // openssl counts the same certificates.
    let p = path.to_str().unwrap();
    let text = openssl_str(&["storeutl", "-noout", "-certs", p]);
    let total: usize = text
        .lines()
        .find_map(|l| l.strip_prefix("Total found: "))
        .unwrap_or_else(|| panic!("no total in openssl storeutl output: {text}"))
        .trim()
        .parse()
        .unwrap();
    assert_eq!(certs.len(), total, "openssl storeutl count");
    // Each parses alone too, and system_roots() reads the same file.
    for c in &certs {
        assert_eq!(Certificate::from_der(c.der()).unwrap(), *c);
    }
    let sys_path = std::env::var_os("SSL_CERT_FILE").map(PathBuf::from);
    if sys_path.is_none_or(|p| p == path) {
        assert_eq!(sslkit::system_roots().unwrap(), certs);
    }
    println!(
        "{} system CA certificates parsed in {elapsed:?}",
        certs.len()
    );
    assert!(certs.len() > 50);
}
