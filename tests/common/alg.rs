//! The kinds of signature key that tests and benches make, in one place: `tests/common` includes
//! it as a module and `benches/common` by `#[path]`, so that a test and a bench of "RSA-3072"
//! make the same key the same way.

use sslkit::{KeyType, PrivateKey};

/// A key type with its size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Alg {
    /// RSA of this many bits, e = 65537.
    Rsa(u32),
    /// ECDSA P-256.
    P256,
    /// ECDSA P-384.
    P384,
    /// Ed25519.
    Ed25519,
}

impl Alg {
    /// What the benches time: RSA 2048/3072/4096, P-256 and Ed25519.
    pub const BENCH: [Alg; 5] = [
        Alg::Rsa(2048),
        Alg::Rsa(3072),
        Alg::Rsa(4096),
        Alg::P256,
        Alg::Ed25519,
    ];

    /// Short name: rsa2048, p256, p384, ed25519 (as in `openssl speed`'s arguments, nearly).
    pub fn name(self) -> String {
        match self {
            Alg::Rsa(b) => format!("rsa{b}"),
            Alg::P256 => "p256".into(),
            Alg::P384 => "p384".into(),
            Alg::Ed25519 => "ed25519".into(),
        }
    }

    /// A new key of this kind.
    pub fn generate(self) -> PrivateKey {
        match self {
            Alg::Rsa(bits) => PrivateKey::generate(KeyType::Rsa, Some(bits)),
            Alg::P256 => PrivateKey::generate(KeyType::EcP256, None),
            Alg::P384 => PrivateKey::generate(KeyType::EcP384, None),
            Alg::Ed25519 => PrivateKey::generate(KeyType::Ed25519, None),
        }
        .expect("key generation")
    }

    /// Whether this is an RSA key.
    pub fn is_rsa(self) -> bool {
        matches!(self, Alg::Rsa(_))
    }
}
