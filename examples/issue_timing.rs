//! Issuing a certificate from a CSR against one raw ring signature with the same CA key:
//! `cargo run --release --example issue_timing -- [rsa|ec-p256|ed25519] [N]`.
//! Prints both medians and their ratio (issue 3's target: at most 1.3).

use std::time::Instant;

use sslkit::{CertificateAuthority, CertificateSigningRequest, KeyType, PrivateKey, Profile};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() -> Result<(), sslkit::Error> {
    let mut args = std::env::args().skip(1);
    let kt: KeyType = args.next().unwrap_or_else(|| "rsa".into()).parse()?;
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(301);
    let ca_key = PrivateKey::generate(kt, None)?;
    let ca = CertificateAuthority::create_root("/CN=Timing CA", Some(ca_key.clone()), None)?;
    let leaf_key = PrivateKey::generate(kt, None)?;
    let csr = CertificateSigningRequest::create(&leaf_key, "/CN=www.foo.dom", &["foo.dom"])?;
    let pkcs8 = ca_key.to_pkcs8_der()?;
    let rng = ring::rand::SystemRandom::new();
    let msg = vec![0x5au8; 700]; // about the size of a TBSCertificate
    let raw: Box<dyn Fn() -> usize> = match kt {
        KeyType::Rsa => {
            let kp = ring::rsa::KeyPair::from_pkcs8(&pkcs8).expect("ring key");
            Box::new(move || {
                let mut sig = vec![0u8; kp.public().modulus_len()];
                kp.sign(&ring::signature::RSA_PKCS1_SHA256, &rng, &msg, &mut sig)
                    .expect("sign");
                sig.len()
            })
        }
        KeyType::EcP256 => {
            let kp = ring::signature::EcdsaKeyPair::from_pkcs8(
                &ring::signature::ECDSA_P256_SHA256_ASN1_SIGNING,
                &pkcs8,
                &rng,
            )
            .expect("ring key");
            Box::new(move || kp.sign(&rng, &msg).expect("sign").as_ref().len())
        }
        _ => {
            let kp = ring::signature::Ed25519KeyPair::from_pkcs8_maybe_unchecked(&pkcs8)
                .expect("ring key");
            Box::new(move || kp.sign(&msg).as_ref().len())
        }
    };
    let mut t_raw = Vec::with_capacity(n);
    let mut t_issue = Vec::with_capacity(n);
    for _ in 0..n {
        let t = Instant::now();
        std::hint::black_box(raw());
        t_raw.push(t.elapsed().as_secs_f64() * 1e6);
        let t = Instant::now();
        std::hint::black_box(ca.sign(&csr, Profile::Server, None)?);
        t_issue.push(t.elapsed().as_secs_f64() * 1e6);
    }
    let (r, i) = (median(t_raw), median(t_issue));
    println!(
        "{kt}: raw ring signature median {r:.1} us, issue from CSR median {i:.1} us, ratio {:.2} (n={n})",
        i / r
    );
    Ok(())
}
