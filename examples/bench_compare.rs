//! sslkit's half of `benches/compare.sh`: plain timing loops, built in release mode (criterion's
//! statistics are in `cargo bench`; this prints raw samples for the script to take medians of).
//!
//! ```text
//! cargo run --release --example bench_compare -- prepare DIR          # keys for every implementation
//! cargo run --release --example bench_compare -- keygen BITS COUNT [THREADS]
//! cargo run --release --example bench_compare -- ops DIR [SECONDS_PER_OP]
//! cargo run --release --example bench_compare -- verify DIR [SECONDS_PER_OP]  # RSA verify only
//! ```
//!
//! Output lines are `S OPERATION IMPLEMENTATION MICROSECONDS...`, one time per operation done.
//! In `ops`, sslkit and ring's own API on the same key take turns operation by operation, so a
//! burst of load from elsewhere hits both alike.

#[path = "../benches/common/mod.rs"]
mod common;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{
    Alg, CSR_SANS, CSR_SUBJECT, ChainPools, MSG, PASSPHRASE, RingSigner, RingVerifier,
    SYSTEM_BUNDLE, TBS_SIZED, ca_and_csr,
};
use sslkit::{
    CertificateSigningRequest, EncodeOptions, Kdf, KeyType, PrivateKey, Profile, assemble_chain,
};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

fn print_samples(op: &str, imp: &str, us: &[f64]) {
    let list: Vec<String> = us.iter().map(|v| format!("{v:.2}")).collect();
    println!("S {op} {imp} {}", list.join(" "));
}

fn us(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1e6
}

/// Runs each closure in turn (the order alternating) until `budget` has passed and each ran at
/// least `min` times (at most `max`), after a warm-up; returns each one's times in microseconds.
fn interleaved(
    budget: Duration,
    min: usize,
    max: usize,
    fs: &mut [&mut dyn FnMut()],
) -> Vec<Vec<f64>> {
    let mut out = vec![Vec::new(); fs.len()];
    // Warm-up, untimed: once, or for a tenth of the budget (caches, allocator, page faults).
    let start = Instant::now();
    loop {
        fs.iter_mut().for_each(|f| f());
        if start.elapsed() >= budget / 10 {
            break;
        }
    }
    let start = Instant::now();
    let mut i = 0usize;
    while i < max && (i < min || start.elapsed() < budget) {
        let n = fs.len();
        for k in 0..n {
            let j = if i.is_multiple_of(2) { k } else { n - 1 - k };
            let t = Instant::now();
            (fs[j])();
            out[j].push(us(t));
        }
        i += 1;
    }
    out
}

fn key_path(dir: &Path, alg: Alg) -> PathBuf {
    dir.join(format!("key-{}.pem", alg.name()))
}

fn enc_path(dir: &Path, kdf: Kdf) -> PathBuf {
    dir.join(format!("enc-{}.pem", kdf.name()))
}

/// Writes the keys every implementation uses: `key-ALG.pem` (PKCS#8, clear) and the RSA-2048
/// key encrypted with each KDF (`enc-scrypt.pem`, `enc-pbkdf2.pem`).
fn prepare(dir: &Path) -> Res<()> {
    std::fs::create_dir_all(dir)?;
    for alg in Alg::BENCH {
        let key = alg.generate();
        std::fs::write(key_path(dir, alg), key.to_pem()?.as_bytes())?;
        if alg == Alg::Rsa(2048) {
            for kdf in [Kdf::Scrypt, Kdf::Pbkdf2] {
                let pem = key.to_pem_with(&EncodeOptions::new().passphrase(PASSPHRASE).kdf(kdf))?;
                std::fs::write(enc_path(dir, kdf), pem.as_bytes())?;
            }
        }
    }
    Ok(())
}

fn keygen(bits: u32, count: usize, threads: Option<usize>) -> Res<()> {
    let mut times = Vec::with_capacity(count);
    for _ in 0..count {
        let t = Instant::now();
        let key = match threads {
            Some(w) => PrivateKey::generate_with_workers(KeyType::Rsa, Some(bits), w)?,
            None => PrivateKey::generate(KeyType::Rsa, Some(bits))?,
        };
        times.push(us(t));
        assert_eq!(key.bits(), bits);
    }
    let imp = match threads {
        Some(1) => "sslkit-1t".to_string(),
        Some(w) => format!("sslkit-{w}t"),
        None => "sslkit".to_string(),
    };
    print_samples(&format!("keygen-rsa{bits}"), &imp, &times);
    Ok(())
}

/// RSA verification only (2048/3072/4096), sslkit and ring taking turns: the short run that goes
/// next to `openssl speed rsa2048 rsa3072 rsa4096`.
fn verify_only(dir: &Path, secs: f64) -> Res<()> {
    let budget = Duration::from_secs_f64(secs);
    for bits in [2048, 3072, 4096] {
        let alg = Alg::Rsa(bits);
        let key = PrivateKey::from_pem(&std::fs::read(key_path(dir, alg))?, None)?;
        let ring_key = RingSigner::new(&key);
        let sig = key.sign(MSG, None)?;
        let public = key.public_key();
        let sig_alg = key.signature_algorithm(None)?;
        let ring_pub = RingVerifier::new(&ring_key);
        let t = interleaved(
            budget,
            30,
            1_000_000,
            &mut [
                &mut || public.verify(sig_alg, black_box(MSG), &sig).unwrap(),
                &mut || assert!(ring_pub.verify(black_box(MSG), &sig)),
            ],
        );
        print_samples(&format!("verify-{}", alg.name()), "sslkit", &t[0]);
        print_samples(&format!("verify-{}", alg.name()), "ring", &t[1]);
    }
    Ok(())
}

fn ops(dir: &Path, secs: f64) -> Res<()> {
    let budget = Duration::from_secs_f64(secs);
    let rng = ring::rand::SystemRandom::new();
    let load = |alg: Alg| -> Res<PrivateKey> {
        Ok(PrivateKey::from_pem(
            &std::fs::read(key_path(dir, alg))?,
            None,
        )?)
    };

    for alg in Alg::BENCH {
        let key = load(alg)?;
        let ring_key = RingSigner::new(&key);
        let (min, max) = if alg == Alg::Rsa(4096) {
            (20, 2000)
        } else {
            (30, 100_000)
        };
        let t = interleaved(
            budget,
            min,
            max,
            &mut [
                &mut || {
                    black_box(key.sign(black_box(MSG), None).unwrap());
                },
                &mut || {
                    black_box(ring_key.sign(&rng, black_box(MSG)));
                },
            ],
        );
        print_samples(&format!("sign-{}", alg.name()), "sslkit", &t[0]);
        print_samples(&format!("sign-{}", alg.name()), "ring", &t[1]);

        let sig = key.sign(MSG, None)?;
        let public = key.public_key();
        let sig_alg = key.signature_algorithm(None)?;
        let ring_pub = RingVerifier::new(&ring_key);
        let t = interleaved(
            budget,
            30,
            100_000,
            &mut [
                &mut || public.verify(sig_alg, black_box(MSG), &sig).unwrap(),
                &mut || assert!(ring_pub.verify(black_box(MSG), &sig)),
            ],
        );
        print_samples(&format!("verify-{}", alg.name()), "sslkit", &t[0]);
        print_samples(&format!("verify-{}", alg.name()), "ring", &t[1]);
    }

    for alg in [Alg::Rsa(2048), Alg::P256] {
        let key = load(alg)?;
        let t = interleaved(
            budget,
            30,
            100_000,
            &mut [&mut || {
                black_box(CertificateSigningRequest::create(&key, CSR_SUBJECT, CSR_SANS).unwrap());
            }],
        );
        print_samples(&format!("csr-{}", alg.name()), "sslkit", &t[0]);
    }

    for alg in [Alg::Rsa(2048), Alg::P256] {
        let (_, csr) = ca_and_csr(alg);
        let ca = sslkit::CertificateAuthority::create_root(
            "/O=Bench/CN=Bench CA",
            Some(load(alg)?),
            None,
        )?;
        let ring_key = RingSigner::new(ca.key());
        let t = interleaved(
            budget,
            30,
            100_000,
            &mut [
                &mut || {
                    black_box(ca.sign(&csr, Profile::Server, None).unwrap());
                },
                &mut || {
                    black_box(ring_key.sign(&rng, black_box(TBS_SIZED)));
                },
            ],
        );
        print_samples(&format!("issue-{}", alg.name()), "sslkit", &t[0]);
        print_samples(&format!("issue-{}", alg.name()), "ring-1sig", &t[1]);
    }

    if let Ok(bundle) = std::fs::read(SYSTEM_BUNDLE) {
        let t = interleaved(
            budget,
            10,
            100_000,
            &mut [&mut || {
                black_box(sslkit::load_certificates(black_box(&bundle)).unwrap());
            }],
        );
        print_samples("parse-cabundle", "sslkit", &t[0]);
    }

    let parts = ChainPools::new();
    let want = parts.expected();
    for n in [100usize, 1_000, 10_000] {
        let pool = parts.pool(n);
        let t = interleaved(
            budget,
            10,
            100_000,
            &mut [&mut || {
                let chain = assemble_chain(&parts.leaf, black_box(&pool), None, false).unwrap();
                assert_eq!(chain, want);
            }],
        );
        print_samples(&format!("chain-{n}"), "sslkit", &t[0]);
    }

    for kdf in [Kdf::Scrypt, Kdf::Pbkdf2] {
        let pem = std::fs::read(enc_path(dir, kdf))?;
        let t = interleaved(
            Duration::ZERO,
            5,
            5,
            &mut [&mut || {
                black_box(PrivateKey::from_pem(black_box(&pem), Some(PASSPHRASE)).unwrap());
            }],
        );
        print_samples(&format!("decrypt-{}", kdf.name()), "sslkit", &t[0]);
    }
    Ok(())
}

fn main() -> Res<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize| args.get(i).map(String::as_str);
    match arg(0) {
        Some("prepare") => prepare(Path::new(arg(1).ok_or("prepare DIR")?)),
        Some("keygen") => keygen(
            arg(1).ok_or("keygen BITS COUNT [THREADS]")?.parse()?,
            arg(2).unwrap_or("15").parse()?,
            arg(3).map(str::parse).transpose()?,
        ),
        Some("ops") => ops(
            Path::new(arg(1).ok_or("ops DIR [SECONDS_PER_OP]")?),
            arg(2).unwrap_or("0.4").parse()?,
        ),
        Some("verify") => verify_only(
            Path::new(arg(1).ok_or("verify DIR [SECONDS_PER_OP]")?),
            arg(2).unwrap_or("1").parse()?,
        ),
        _ => Err(
            "usage: bench_compare prepare DIR | keygen BITS COUNT [THREADS] | ops DIR [SECS] | verify DIR [SECS]"
                .into(),
        ),
    }
}
