//! Times RSA key generation:
//! `cargo run --release --example rsa_keygen_timing -- BITS COUNT [THREADS]` (THREADS defaults
//! to 1, the single-thread figure that compares with OpenSSL and pyca/cryptography).
//! Prints the median and the quartiles in milliseconds (used by benches/keygen_vs_pyca.sh).

use std::time::Instant;

fn main() -> Result<(), sslkit::Error> {
    let mut args = std::env::args().skip(1);
    let bits: u32 = args.next().and_then(|a| a.parse().ok()).unwrap_or(2048);
    let count: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(31);
    let threads: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    let mut ms = Vec::with_capacity(count);
    for _ in 0..count {
        let t = Instant::now();
        let key =
            sslkit::PrivateKey::generate_with_workers(sslkit::KeyType::Rsa, Some(bits), threads)?;
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(key.bits(), bits);
    }
    ms.sort_by(f64::total_cmp);
    let q = |f: f64| ms[((ms.len() - 1) as f64 * f).round() as usize];
    println!(
        "sslkit rsa-{bits} ({threads} thread{}): n={count} median={:.1} ms q1={:.1} q3={:.1}",
        if threads == 1 { "" } else { "s" },
        q(0.5),
        q(0.25),
        q(0.75)
    );
    Ok(())
}
