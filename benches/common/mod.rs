//! Fixtures shared by the criterion benches (`benches/sslkit.rs`) and the comparison timer
//! (`examples/bench_compare.rs`): the message that is signed, ring's own key pair for an sslkit
//! key, issuing CAs with a request to sign, and big certificate pools for chain assembly.
#![allow(dead_code)] // each includer uses its own part

use sslkit::name::DistinguishedName;
use sslkit::{
    Certificate, CertificateAuthority, CertificateSigningRequest, IssueOptions, KeyType,
    PrivateKey, Profile,
};

/// What the sign and verify benches sign: 64 bytes (each implementation hashes it with SHA-256).
pub const MSG: &[u8] = &[0x5a; 64];

/// About the size of a leaf's TBSCertificate: the "one signature" that issuance is compared to.
pub const TBS_SIZED: &[u8] = &[0x5a; 700];

/// The passphrase of the encrypted-key benches.
pub const PASSPHRASE: &[u8] = b"bench passphrase";

/// The system CA bundle parsed by the bundle bench (Debian's path).
pub const SYSTEM_BUNDLE: &str = "/etc/ssl/certs/ca-certificates.crt";

/// The subject and SANs of every request made by the benches.
pub const CSR_SUBJECT: &str = "/C=US/O=Bench/CN=www.bench.test";
pub const CSR_SANS: &[&str] = &["www.bench.test", "bench.test"];

#[path = "../../tests/common/alg.rs"]
mod alg;
/// The signature keys the benches use (the tests' list; `Alg::BENCH` is the benches' set).
pub use alg::Alg;

/// ring's own signer for an sslkit key, built from the key's PKCS#8 DER: what sslkit's
/// `PrivateKey::sign` is compared with.
pub enum RingSigner {
    Rsa(ring::rsa::KeyPair),
    Ecdsa(ring::signature::EcdsaKeyPair),
    Ed25519(ring::signature::Ed25519KeyPair),
}

impl RingSigner {
    pub fn new(key: &PrivateKey) -> Self {
        let pkcs8 = key.to_pkcs8_der().expect("PKCS#8");
        let rng = ring::rand::SystemRandom::new();
        match key.key_type() {
            KeyType::Rsa => RingSigner::Rsa(ring::rsa::KeyPair::from_pkcs8(&pkcs8).expect("ring")),
            KeyType::EcP256 => RingSigner::Ecdsa(
                ring::signature::EcdsaKeyPair::from_pkcs8(
                    &ring::signature::ECDSA_P256_SHA256_ASN1_SIGNING,
                    &pkcs8,
                    &rng,
                )
                .expect("ring"),
            ),
            KeyType::Ed25519 => RingSigner::Ed25519(
                ring::signature::Ed25519KeyPair::from_pkcs8_maybe_unchecked(&pkcs8).expect("ring"),
            ),
            other => panic!("no ring signer for {other}"),
        }
    }

    /// Signs `msg` (RSA: PKCS#1 v1.5 SHA-256; ECDSA: SHA-256, DER; Ed25519), as sslkit does.
    pub fn sign(&self, rng: &ring::rand::SystemRandom, msg: &[u8]) -> Vec<u8> {
        match self {
            RingSigner::Rsa(kp) => {
                let mut sig = vec![0u8; kp.public().modulus_len()];
                kp.sign(&ring::signature::RSA_PKCS1_SHA256, rng, msg, &mut sig)
                    .expect("sign");
                sig
            }
            RingSigner::Ecdsa(kp) => kp.sign(rng, msg).expect("sign").as_ref().to_vec(),
            RingSigner::Ed25519(kp) => kp.sign(msg).as_ref().to_vec(),
        }
    }
}

/// ring's own verification of `sig` over `msg` against the public key of `key`, from the
/// key's raw public key bytes (what `PublicKey::verify` is compared with).
pub struct RingVerifier {
    alg: &'static dyn ring::signature::VerificationAlgorithm,
    public: Vec<u8>,
}

impl RingVerifier {
    pub fn new(signer: &RingSigner) -> Self {
        use ring::signature::KeyPair;
        let (alg, public): (&'static dyn ring::signature::VerificationAlgorithm, Vec<u8>) =
            match signer {
                RingSigner::Rsa(kp) => (
                    &ring::signature::RSA_PKCS1_2048_8192_SHA256,
                    kp.public().as_ref().to_vec(),
                ),
                RingSigner::Ecdsa(kp) => (
                    &ring::signature::ECDSA_P256_SHA256_ASN1,
                    kp.public_key().as_ref().to_vec(),
                ),
                RingSigner::Ed25519(kp) => {
                    (&ring::signature::ED25519, kp.public_key().as_ref().to_vec())
                }
            };
        RingVerifier { alg, public }
    }

    pub fn verify(&self, msg: &[u8], sig: &[u8]) -> bool {
        ring::signature::UnparsedPublicKey::new(self.alg, &self.public)
            .verify(msg, sig)
            .is_ok()
    }
}

/// A CA of key type `alg` and a request (with a key of the same type) for it to sign.
pub fn ca_and_csr(alg: Alg) -> (CertificateAuthority, CertificateSigningRequest) {
    let ca = CertificateAuthority::create_root("/O=Bench/CN=Bench CA", Some(alg.generate()), None)
        .expect("CA");
    let csr =
        CertificateSigningRequest::create(&alg.generate(), CSR_SUBJECT, CSR_SANS).expect("CSR");
    (ca, csr)
}

/// Chain assembly input: a leaf under root → I1 → I2 (Ed25519), and the pieces of pools of any
/// size in which to find I2 and I1.
pub struct ChainPools {
    pub leaf: Certificate,
    /// root, I1, I2.
    pub chain: Vec<Certificate>,
    /// Distinct CA certificates: 300 unrelated roots, then 50 imposters carrying I2's name
    /// with another key (each is a candidate issuer whose signature check fails).
    distinct: Vec<Certificate>,
    /// An unrelated self-signed certificate whose name is patched to make the padding.
    template: Vec<u8>,
}

impl ChainPools {
    pub fn new() -> Self {
        let ed = || Alg::Ed25519.generate();
        let dn = |s: &str| DistinguishedName::parse(s).expect("name");
        let root = CertificateAuthority::create_root("/CN=Bench Root", Some(ed()), None).unwrap();
        let i1 = root
            .create_intermediate("/CN=Bench Intermediate 1", Some(ed()), None, None)
            .unwrap();
        let i2 = i1
            .create_intermediate("/CN=Bench Intermediate 2", Some(ed()), Some(0), None)
            .unwrap();
        let csr = CertificateSigningRequest::create(&ed(), "/CN=chain.bench.test", &[]).unwrap();
        let leaf = i2.sign(&csr, Profile::Server, None).unwrap();
        let k = ed();
        let mut distinct = Vec::new();
        for n in 0..300 {
            let ca = CertificateAuthority::create_root_with(
                &dn(&format!("/O=Bench/CN=Pool CA {n}")),
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
        let template = Certificate::self_signed(&k, "/CN=pad-0000000.test", &[], 30)
            .unwrap()
            .to_der();
        ChainPools {
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

    /// A shuffled pool of exactly `n` (≥ 100) certificates: root, I1, I2, `n / 10` distinct CAs
    /// (at most 350, the first up to 50 of them imposters), `n / 100` re-parsed duplicates of
    /// each of root, I1 and I2, and unrelated self-signed certificates to fill it up.
    pub fn pool(&self, n: usize) -> Vec<Certificate> {
        let mut pool: Vec<Certificate> = self.chain.clone();
        let k = (n / 10).min(self.distinct.len());
        // Always some imposters: the last ones, then distinct unrelated CAs.
        pool.extend(
            self.distinct[self.distinct.len() - k.min(50)..]
                .iter()
                .cloned(),
        );
        pool.extend(self.distinct.iter().take(k.saturating_sub(50)).cloned());
        for c in &self.chain {
            for _ in 0..n / 100 {
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
        pool.truncate(n);
        shuffled(pool, n as u64)
    }

    /// What assembly must return: leaf, I2, I1 (the root is left out).
    pub fn expected(&self) -> Vec<Certificate> {
        vec![
            self.leaf.clone(),
            self.chain[2].clone(),
            self.chain[1].clone(),
        ]
    }
}

/// A deterministic shuffle (xorshift).
fn shuffled<T>(mut v: Vec<T>, seed: u64) -> Vec<T> {
    let mut s = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    for i in (1..v.len()).rev() {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        v.swap(i, (s % (i as u64 + 1)) as usize);
    }
    v
}
