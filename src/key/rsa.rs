//! RSA keys: generation (rsa + crypto-primes, p and q found on two threads), PKCS#1 decoding with
//! validation, encoding.

use crypto_bigint::{BitOps, BoxedUint, RandomBits};
use crypto_primes::{Flavor, hazmat::SmallFactorsSieve, is_prime};
use der::{Decode, Encode};
use rsa::pkcs1::EncodeRsaPrivateKey;
use rsa::traits::PrivateKeyParts;
use std::num::NonZeroU32;
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// Smallest RSA key sslkit generates.
pub const MIN_RSA_BITS: u32 = 2048;
/// Largest RSA key sslkit generates or reads.
pub const MAX_RSA_BITS: u32 = 16384;

/// A decoded RSA private key: canonical PKCS#1 DER plus the public parts, and ring's key pair
/// for the sizes ring signs (2048–4096 bits), parsed once.
pub(crate) struct RsaPrivate {
    pub(crate) pkcs1: Zeroizing<Vec<u8>>,
    pub(crate) n: Vec<u8>,
    pub(crate) e: Vec<u8>,
    pub(crate) bits: u32,
    #[allow(dead_code)]
    pub(crate) ring: Option<ring::rsa::KeyPair>,
}

/// Big-endian bytes without leading zeros.
pub(crate) fn strip(bytes: &[u8]) -> Vec<u8> {
    let first = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    bytes[first..].to_vec()
}

pub(crate) fn bit_len(be: &[u8]) -> u32 {
    let be = &be[be.iter().position(|&b| b != 0).unwrap_or(be.len())..];
    match be.first() {
        None => 0,
        Some(&top) => (be.len() as u32 - 1) * 8 + (8 - top.leading_zeros()),
    }
}

impl RsaPrivate {
    /// Decodes and validates PKCS#1 `RSAPrivateKey` DER.
    pub(crate) fn from_pkcs1(der: &[u8]) -> Result<Self> {
        let key = pkcs1::RsaPrivateKeyRef::from_der(der)
            .map_err(|e| Error::parse(format!("malformed RSA private key (PKCS#1): {e}")))?;
        if key.other_prime_infos.is_some() {
            return Err(Error::unsupported(
                "multi-prime RSA keys (more than two primes) are not supported",
            ));
        }
        let n = strip(key.modulus.as_bytes());
        let e = strip(key.public_exponent.as_bytes());
        let bits = bit_len(&n);
        if bits > MAX_RSA_BITS {
            return Err(Error::unsupported(format!(
                "RSA key of {bits} bits is larger than sslkit's limit of {MAX_RSA_BITS}"
            )));
        }
        if e.len() > 8 {
            return Err(Error::unsupported(
                "RSA public exponent larger than 64 bits is not supported",
            ));
        }
        let canonical = Zeroizing::new(key.to_der()?);
        let ring = if (2048..=4096).contains(&bits) {
            Some(ring::rsa::KeyPair::from_der(&canonical).map_err(|e| {
                Error::parse(format!("inconsistent RSA private key: {e}"))
            })?)
        } else {
            validate_with_rsa_crate(&key)?;
            None
        };
        Ok(RsaPrivate {
            pkcs1: canonical,
            n,
            e,
            bits,
            ring,
        })
    }
}

fn uint(bytes: &[u8]) -> BoxedUint {
    let bits = (bytes.len() as u32 * 8).max(64);
    BoxedUint::from_be_slice(bytes, bits).unwrap_or_else(|_| BoxedUint::zero())
}

fn validate_with_rsa_crate(key: &pkcs1::RsaPrivateKeyRef<'_>) -> Result<()> {
    let n = uint(key.modulus.as_bytes());
    let e = uint(key.public_exponent.as_bytes());
    let d = uint(key.private_exponent.as_bytes());
    let p = uint(key.prime1.as_bytes());
    let q = uint(key.prime2.as_bytes());
    rsa::PrivateKey::from_components_with_wide_primes(n, e, d, vec![p, q])
        .map(|_| ())
        .map_err(|e| Error::parse(format!("inconsistent RSA private key: {e}")))
}

/// Finds a random prime of exactly `bits` bits with its top two bits set (so p·q has exactly
/// 2·bits bits). Candidates come from a small-factor sieve; survivors get crypto-primes'
/// Baillie–PSW test (Miller–Rabin base 2 plus a strong Lucas test), for which no composite is
/// known to pass (FIPS 186-5 B.3 accepts it in place of many MR rounds).
fn random_prime(bits: u32) -> Result<BoxedUint> {
    let nz = NonZeroU32::new(bits).ok_or_else(|| Error::internal("zero prime size"))?;
    let mut rng = getrandom::SysRng;
    loop {
        let mut start = BoxedUint::try_random_bits(&mut rng, bits)
            .map_err(|_| Error::internal("the system random generator failed"))?;
        start.set_bit_vartime(0, true);
        start.set_bit_vartime(bits - 1, true);
        start.set_bit_vartime(bits - 2, true);
        let Ok(mut sieve) = SmallFactorsSieve::new(start, nz, false) else {
            return Err(Error::internal("prime sieve setup"));
        };
        if let Some(prime) = sieve.find(|c| is_prime(Flavor::Any, c)) {
            return Ok(prime);
        }
    }
}

/// Generates an RSA key of `bits` bits with e = 65537, p and q searched on two threads.
///
/// FIPS 186-5 A.1.3 conditions: |p − q| > 2^(bits/2 − 100) and d > 2^(bits/2) are checked; a
/// pair that fails them (probability about 2^-98) is drawn again.
pub(crate) fn generate(bits: u32) -> Result<Zeroizing<Vec<u8>>> {
    if bits < MIN_RSA_BITS {
        return Err(Error::invalid(format!(
            "RSA keys below {MIN_RSA_BITS} bits are refused: {bits}-bit keys are factorable or \
             close to it, and browsers and servers reject them (this is the FAQ's \"512 bit\" trouble)"
        )));
    }
    if bits > MAX_RSA_BITS {
        return Err(Error::invalid(format!(
            "RSA keys above {MAX_RSA_BITS} bits are not supported (asked for {bits})"
        )));
    }
    if bits % 2 != 0 {
        return Err(Error::invalid(format!("RSA key size must be even (asked for {bits})")));
    }
    let half = bits / 2;
    loop {
        let (p, q) = std::thread::scope(|s| {
            let other = s.spawn(|| random_prime(half));
            let p = random_prime(half);
            let q = other
                .join()
                .unwrap_or_else(|_| Err(Error::internal("prime search thread panicked")));
            (p, q)
        });
        let (p, q) = (p?, q?);
        let diff = if p > q {
            p.wrapping_sub(&q)
        } else {
            q.wrapping_sub(&p)
        };
        if diff.bit_width_vartime() <= half - 100 {
            continue;
        }
        let Ok(key) = rsa::PrivateKey::from_p_q(p, q, BoxedUint::from(65537u64)) else {
            // e divides p-1 or q-1: draw again.
            continue;
        };
        if key.d().bit_width_vartime() <= half {
            continue;
        }
        let der = key
            .to_pkcs1_der()
            .map_err(|e| Error::internal(format!("encoding a new RSA key: {e}")))?;
        return Ok(Zeroizing::new(der.as_bytes().to_vec()));
    }
}
