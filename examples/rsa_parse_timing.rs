//! Times reading an RSA-2048 key (PKCS#1 parse + ring's key-pair checks).
use std::time::Instant;
fn main() -> Result<(), sslkit::Error> {
    let key = sslkit::PrivateKey::generate_rsa(2048)?;
    let der = key.to_traditional_der()?;
    let mut v = Vec::new();
    for _ in 0..101 {
        let t = Instant::now();
        std::hint::black_box(sslkit::PrivateKey::from_der(&der, None)?);
        v.push(t.elapsed().as_secs_f64() * 1e3);
    }
    v.sort_by(f64::total_cmp);
    println!("parse rsa-2048 median {:.3} ms", v[50]);
    Ok(())
}
