//! ECDSA keys on P-256 and P-384: SEC1 decoding and encoding, checked by ring.

use der::asn1::ObjectIdentifier;
use der::{Decode, Encode};
use ring::signature::{self, EcdsaKeyPair};
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::oid;

/// A supported elliptic curve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Curve {
    P256,
    P384,
}

impl Curve {
    pub(crate) fn from_oid(o: &ObjectIdentifier) -> Result<Curve> {
        if *o == oid::SECP256R1 {
            Ok(Curve::P256)
        } else if *o == oid::SECP384R1 {
            Ok(Curve::P384)
        } else {
            Err(Error::unsupported(format!(
                "elliptic curve {} is not supported (sslkit supports P-256 and P-384)",
                oid::describe(o)
            )))
        }
    }
    pub(crate) fn oid(self) -> ObjectIdentifier {
        match self {
            Curve::P256 => oid::SECP256R1,
            Curve::P384 => oid::SECP384R1,
        }
    }
    pub(crate) fn scalar_len(self) -> usize {
        match self {
            Curve::P256 => 32,
            Curve::P384 => 48,
        }
    }
    pub(crate) fn bits(self) -> u32 {
        self.scalar_len() as u32 * 8
    }
    pub(crate) fn signing_alg(self) -> &'static signature::EcdsaSigningAlgorithm {
        match self {
            Curve::P256 => &signature::ECDSA_P256_SHA256_ASN1_SIGNING,
            Curve::P384 => &signature::ECDSA_P384_SHA384_ASN1_SIGNING,
        }
    }
}

/// An EC private key. The scalar is wiped on drop; ring's key pair keeps its own copy, which
/// ring does not wipe (see README, Security).
#[derive(zeroize::ZeroizeOnDrop)]
pub(crate) struct EcPrivate {
    #[zeroize(skip)]
    pub(crate) curve: Curve,
    pub(crate) scalar: Zeroizing<Vec<u8>>,
    #[zeroize(skip)]
    pub(crate) point: Vec<u8>,
    #[allow(dead_code)]
    #[zeroize(skip)]
    pub(crate) ring: EcdsaKeyPair,
}

impl EcPrivate {
    /// Decodes SEC1 `ECPrivateKey`; `outer_curve` is the curve named by a PKCS#8 wrapper.
    pub(crate) fn from_sec1(der: &[u8], outer_curve: Option<Curve>) -> Result<Self> {
        let key = sec1::EcPrivateKey::from_der(der)
            .map_err(|e| Error::parse(format!("malformed EC private key (SEC1): {e}")))?;
        let inner_curve = match &key.parameters {
            Some(params) => {
                let o = params.named_curve().ok_or_else(|| {
                    Error::unsupported("EC keys with explicit curve parameters are not supported")
                })?;
                Some(Curve::from_oid(&o)?)
            }
            None => None,
        };
        let curve = match (outer_curve, inner_curve) {
            (Some(a), Some(b)) if a != b => {
                return Err(Error::parse("EC key names two different curves"));
            }
            (Some(c), _) | (None, Some(c)) => c,
            (None, None) => return Err(Error::parse("EC private key does not name its curve")),
        };
        let len = curve.scalar_len();
        if key.private_key.len() > len {
            return Err(Error::parse(
                "EC private scalar is longer than the curve order",
            ));
        }
        let mut scalar = Zeroizing::new(vec![0u8; len]);
        scalar[len - key.private_key.len()..].copy_from_slice(key.private_key);
        let point = key
            .public_key
            .ok_or_else(|| {
                Error::unsupported("EC private keys without their public key are not supported")
            })?
            .to_vec();
        Self::from_parts(curve, scalar, point)
    }

    pub(crate) fn from_parts(
        curve: Curve,
        scalar: Zeroizing<Vec<u8>>,
        point: Vec<u8>,
    ) -> Result<Self> {
        let rng = ring::rand::SystemRandom::new();
        let ring = EcdsaKeyPair::from_private_key_and_public_key(
            curve.signing_alg(),
            &scalar,
            &point,
            &rng,
        )
        .map_err(|e| Error::parse(format!("inconsistent EC private key: {e}")))?;
        Ok(EcPrivate {
            curve,
            scalar,
            point,
            ring,
        })
    }

    /// SEC1 DER; with the curve parameters for the traditional form, without them inside PKCS#8
    /// (as OpenSSL writes both).
    pub(crate) fn to_sec1(&self, with_params: bool) -> Result<Zeroizing<Vec<u8>>> {
        let key = sec1::EcPrivateKey {
            private_key: &self.scalar,
            parameters: with_params.then(|| sec1::EcParameters::NamedCurve(self.curve.oid())),
            public_key: Some(&self.point),
        };
        Ok(Zeroizing::new(key.to_der().map_err(Error::der)?))
    }
}

/// Generates a key with ring and returns it decoded.
pub(crate) fn generate(curve: Curve) -> Result<EcPrivate> {
    let rng = ring::rand::SystemRandom::new();
    let doc = EcdsaKeyPair::generate_pkcs8(curve.signing_alg(), &rng)
        .map_err(|_| Error::internal("EC key generation failed"))?;
    let info = pkcs8::PrivateKeyInfoRef::from_der(doc.as_ref()).map_err(Error::der)?;
    EcPrivate::from_sec1(info.private_key.as_bytes(), Some(curve))
}
