//! Criterion benches of sslkit's hot paths: `cargo bench` (all), `cargo bench -- sign/` (a group),
//! `cargo bench --no-run` (build only). Reports land in target/criterion/.
//!
//! - `keygen/rsa{2048,3072,4096}`: RSA key generation with the default two prime-search threads.
//!   Its time is random (how far the prime search goes), so every key is also timed on its own and
//!   the median and quartiles of those keys are printed after criterion's own estimate.
//! - `sign/{sslkit,ring}/ALG`: `PrivateKey::sign` against ring's own key pair made from the same
//!   key's PKCS#8 (the overhead of sslkit's key type), for RSA 2048/3072/4096, P-256, Ed25519.
//! - `verify/{sslkit,ring}/ALG`: `PublicKey::verify` against ring's `UnparsedPublicKey`.
//! - `csr/ALG`: `CertificateSigningRequest::create` (RSA-2048, P-256).
//! - `issue/ALG`: `CertificateAuthority::sign` of a request (RSA-2048 and P-256 CAs), next to
//!   `issue/one-signature/ALG`, one ring signature of a TBSCertificate-sized message.
//! - `parse/system-ca-bundle`: `load_certificates` of /etc/ssl/certs/ca-certificates.crt.
//! - `chain/assemble/N`: `assemble_chain` in shuffled pools of 100, 1,000 and 10,000 certificates.
//! - `chain/verify/rsa2048-host`: `verify_chain` of a 3-certificate RSA-2048 chain (root,
//!   intermediate, leaf) for a host name (`benches/verify_vs_pyca.py` compares it with pyca).
//! - `decrypt/{scrypt,pbkdf2}`: `PrivateKey::from_pem` of an encrypted RSA-2048 key (scrypt
//!   N = 2^14 default; PBKDF2-HMAC-SHA256 600,000 iterations).

mod common;

use std::cell::RefCell;
use std::hint::black_box;
use std::time::{Duration, Instant};

use common::{
    Alg, CSR_SANS, CSR_SUBJECT, ChainPools, MSG, PASSPHRASE, RingSigner, RingVerifier,
    SYSTEM_BUNDLE, TBS_SIZED, ca_and_csr,
};
use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use sslkit::{CertificateSigningRequest, EncodeOptions, Kdf, KeyType, PrivateKey, Profile};

fn quartiles(times: &[Duration]) -> (f64, f64, f64) {
    let mut ms: Vec<f64> = times.iter().map(|d| d.as_secs_f64() * 1e3).collect();
    ms.sort_by(f64::total_cmp);
    let q = |f: f64| ms[((ms.len() - 1) as f64 * f).round() as usize];
    (q(0.25), q(0.5), q(0.75))
}

fn keygen(c: &mut Criterion) {
    let mut g = c.benchmark_group("keygen");
    // Flat sampling, 30 samples of a few keys each (criterion sizes them from the warm-up to fill
    // the measurement time; at least one key per sample, so a 4096-bit key of a second or more
    // makes that run longer, not shorter). Every key of the samples is timed alone as well.
    g.sampling_mode(SamplingMode::Flat).sample_size(30);
    for (bits, secs) in [(2048u32, 3u64), (3072, 8), (4096, 20)] {
        g.measurement_time(Duration::from_secs(secs));
        let each = RefCell::new(Vec::new());
        g.bench_function(format!("rsa{bits}"), |b| {
            b.iter_custom(|iters| {
                let mut call = Vec::new();
                for _ in 0..iters {
                    let t = Instant::now();
                    black_box(PrivateKey::generate(KeyType::Rsa, Some(bits)).unwrap());
                    call.push(t.elapsed());
                }
                let total = call.iter().sum();
                each.borrow_mut().push(call);
                total
            })
        });
        // The last 30 calls are the samples (the ones before them, the warm-up).
        let calls = each.into_inner();
        let each: Vec<Duration> = calls[calls.len().saturating_sub(30)..].concat();
        if each.len() >= 4 {
            let (q1, med, q3) = quartiles(&each);
            println!(
                "keygen/rsa{bits}: {} keys each timed: median {med:.1} ms, quartiles {q1:.1} .. {q3:.1} ms",
                each.len()
            );
        }
    }
    g.finish();
}

fn sign_verify(c: &mut Criterion) {
    let rng = ring::rand::SystemRandom::new();
    let keys: Vec<(Alg, PrivateKey)> = Alg::BENCH.iter().map(|&a| (a, a.generate())).collect();
    let mut g = c.benchmark_group("sign");
    for (alg, key) in &keys {
        let ring_key = RingSigner::new(key);
        g.bench_function(format!("sslkit/{}", alg.name()), |b| {
            b.iter(|| key.sign(black_box(MSG), None).unwrap())
        });
        g.bench_function(format!("ring/{}", alg.name()), |b| {
            b.iter(|| ring_key.sign(&rng, black_box(MSG)))
        });
    }
    g.finish();
    let mut g = c.benchmark_group("verify");
    for (alg, key) in &keys {
        let ring_key = RingSigner::new(key);
        let sig = key.sign(MSG, None).unwrap();
        let public = key.public_key();
        let sig_alg = key.signature_algorithm(None).unwrap();
        let ring_pub = RingVerifier::new(&ring_key);
        assert!(ring_pub.verify(MSG, &sig));
        g.bench_function(format!("sslkit/{}", alg.name()), |b| {
            b.iter(|| public.verify(sig_alg, black_box(MSG), &sig).unwrap())
        });
        g.bench_function(format!("ring/{}", alg.name()), |b| {
            b.iter(|| assert!(ring_pub.verify(black_box(MSG), &sig)))
        });
    }
    g.finish();
}

fn csr_and_issue(c: &mut Criterion) {
    let rng = ring::rand::SystemRandom::new();
    let mut g = c.benchmark_group("csr");
    for alg in [Alg::Rsa(2048), Alg::P256] {
        let key = alg.generate();
        g.bench_function(alg.name(), |b| {
            b.iter(|| CertificateSigningRequest::create(&key, CSR_SUBJECT, CSR_SANS).unwrap())
        });
    }
    g.finish();
    let mut g = c.benchmark_group("issue");
    for alg in [Alg::Rsa(2048), Alg::P256] {
        let (ca, csr) = ca_and_csr(alg);
        let ring_key = RingSigner::new(ca.key());
        g.bench_function(alg.name(), |b| {
            b.iter(|| ca.sign(&csr, Profile::Server, None).unwrap())
        });
        g.bench_function(format!("one-signature/{}", alg.name()), |b| {
            b.iter(|| ring_key.sign(&rng, black_box(TBS_SIZED)))
        });
    }
    g.finish();
}

fn parse_bundle(c: &mut Criterion) {
    let Ok(bundle) = std::fs::read(SYSTEM_BUNDLE) else {
        println!("parse/system-ca-bundle: SKIPPED, {SYSTEM_BUNDLE} is absent");
        return;
    };
    let n = sslkit::load_certificates(&bundle).unwrap().len();
    let mut g = c.benchmark_group("parse");
    g.bench_function("system-ca-bundle", |b| {
        b.iter(|| {
            let certs = sslkit::load_certificates(black_box(&bundle)).unwrap();
            assert_eq!(certs.len(), n);
        })
    });
    g.finish();
    println!(
        "parse/system-ca-bundle: {n} certificates, {} bytes",
        bundle.len()
    );
}

fn chain(c: &mut Criterion) {
    let parts = ChainPools::new();
    let want = parts.expected();
    let mut g = c.benchmark_group("chain/assemble");
    g.sample_size(20);
    for n in [100usize, 1_000, 10_000] {
        let pool = parts.pool(n);
        assert_eq!(
            sslkit::assemble_chain(&parts.leaf, &pool, None, false).unwrap(),
            want
        );
        g.bench_function(n.to_string(), |b| {
            b.iter(|| sslkit::assemble_chain(&parts.leaf, black_box(&pool), None, false).unwrap())
        });
    }
    g.finish();

    let rsa = || Some(Alg::Rsa(2048).generate());
    let root = sslkit::CertificateAuthority::create_root("/CN=Bench Root", rsa(), None).unwrap();
    let inter = root
        .create_intermediate("/CN=Bench Intermediate", rsa(), Some(0), None)
        .unwrap();
    let csr = CertificateSigningRequest::create(
        &Alg::Rsa(2048).generate(),
        "/CN=www.bench.test",
        &["www.bench.test"],
    )
    .unwrap();
    let leaf = inter.sign(&csr, Profile::Server, None).unwrap();
    let (untrusted, roots) = ([inter.certificate().clone()], [root.certificate().clone()]);
    let opts = sslkit::VerifyOptions::new().host("www.bench.test");
    assert_eq!(
        sslkit::verify_chain(&leaf, &untrusted, &roots, &opts)
            .unwrap()
            .len(),
        3
    );
    let mut g = c.benchmark_group("chain/verify");
    g.bench_function("rsa2048-host", |b| {
        b.iter(|| sslkit::verify_chain(black_box(&leaf), &untrusted, &roots, &opts).unwrap())
    });
    g.finish();
}

fn decrypt(c: &mut Criterion) {
    let key = Alg::Rsa(2048).generate();
    let mut g = c.benchmark_group("decrypt");
    g.sampling_mode(SamplingMode::Flat).sample_size(10);
    for kdf in [Kdf::Scrypt, Kdf::Pbkdf2] {
        let pem = key
            .to_pem_with(&EncodeOptions::new().passphrase(PASSPHRASE).kdf(kdf))
            .unwrap();
        g.measurement_time(Duration::from_secs(match kdf {
            Kdf::Scrypt => 3,
            Kdf::Pbkdf2 => 8,
        }));
        g.bench_function(kdf.name(), |b| {
            b.iter(|| PrivateKey::from_pem(black_box(pem.as_bytes()), Some(PASSPHRASE)).unwrap())
        });
    }
    g.finish();
}

criterion_group!(
    benches,
    keygen,
    sign_verify,
    csr_and_issue,
    parse_bundle,
    chain,
    decrypt
);
criterion_main!(benches);
