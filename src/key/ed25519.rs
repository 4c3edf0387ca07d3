//! Ed25519 keys (RFC 8410): a 32-byte seed, checked and used through ring.

use ring::signature::{Ed25519KeyPair, KeyPair};
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// An Ed25519 private key. The seed is wiped on drop; ring's key pair keeps its own copy,
/// which ring does not wipe (see README, Security).
#[derive(zeroize::ZeroizeOnDrop)]
pub(crate) struct EdPrivate {
    pub(crate) seed: Zeroizing<[u8; 32]>,
    #[zeroize(skip)]
    pub(crate) public: [u8; 32],
    #[allow(dead_code)]
    #[zeroize(skip)]
    pub(crate) ring: Ed25519KeyPair,
}

impl EdPrivate {
    pub(crate) fn from_seed(seed: &[u8], public: Option<&[u8]>) -> Result<Self> {
        let seed: [u8; 32] = seed
            .try_into()
            .map_err(|_| Error::parse("Ed25519 private key is not 32 bytes"))?;
        let seed = Zeroizing::new(seed);
        let ring = Ed25519KeyPair::from_seed_unchecked(&seed[..])
            .map_err(|e| Error::parse(format!("bad Ed25519 private key: {e}")))?;
        let derived: [u8; 32] = ring
            .public_key()
            .as_ref()
            .try_into()
            .map_err(|_| Error::internal("Ed25519 public key size"))?;
        if let Some(given) = public {
            // PKCS#8 v2 carries the public key as a BIT STRING; compare it with the derived one.
            if given != derived {
                return Err(Error::parse(
                    "Ed25519 key's public key does not match its private key",
                ));
            }
        }
        Ok(EdPrivate {
            seed,
            public: derived,
            ring,
        })
    }

    pub(crate) fn generate() -> Result<Self> {
        let seed = Zeroizing::new(crate::encrypt::random_bytes::<32>()?);
        Self::from_seed(&seed[..], None)
    }
}
