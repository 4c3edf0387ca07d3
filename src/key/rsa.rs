//! RSA keys: generation (p and q from `super::prime` for 2048/3072/4096-bit keys, crypto-primes
//! for other sizes, on one or more threads; the key assembled from them in constant time by
//! `super::assemble`), PKCS#1 decoding with validation, encoding.

use crypto_bigint::{BitOps, BoxedUint, RandomBits};
use crypto_primes::{Flavor, hazmat::SmallFactorsSieve, is_prime};
use der::{Decode, Encode};
use rsa::traits::PrivateKeyParts;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicBool, Ordering};
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// Smallest RSA key sslkit generates.
pub const MIN_RSA_BITS: u32 = 2048;
/// Largest RSA key sslkit generates or reads.
pub const MAX_RSA_BITS: u32 = 16384;

/// A decoded RSA private key: canonical PKCS#1 DER plus the public parts, and ring's key pair
/// for the sizes ring signs (2048–4096 bits), parsed once. The PKCS#1 DER is wiped on drop,
/// the `rsa` crate's key wipes itself (it is `ZeroizeOnDrop`); ring's key pair keeps its own
/// copy, which ring does not wipe (see README, Security).
#[derive(zeroize::ZeroizeOnDrop)]
pub(crate) struct RsaPrivate {
    pub(crate) pkcs1: Zeroizing<Vec<u8>>,
    #[zeroize(skip)]
    pub(crate) n: Vec<u8>,
    #[zeroize(skip)]
    pub(crate) e: Vec<u8>,
    #[zeroize(skip)]
    pub(crate) bits: u32,
    #[zeroize(skip)]
    pub(crate) ring: Option<ring::rsa::KeyPair>,
    /// The `rsa` crate's key, built on first use for sizes ring does not sign.
    #[zeroize(skip)]
    rsa_key: std::sync::OnceLock<rsa::PrivateKey>,
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
        let canonical = Zeroizing::new(key.to_der().map_err(Error::der)?);
        // ring signs 2048-4096-bit keys whose size is a multiple of 512 bits and whose e is at
        // least 65537; every other key is checked (and later signed) by the rsa crate.
        let ring = if (2048..=4096).contains(&bits) {
            ring::rsa::KeyPair::from_der(&canonical).ok()
        } else {
            None
        };
        // ring ignores d, so a key whose d is damaged (a corrupted ciphertext that still
        // decrypts with valid padding) would pass it: the rsa crate checks d·e ≡ 1 too.
        validate_with_rsa_crate(&key)?;
        Ok(RsaPrivate {
            pkcs1: canonical,
            n,
            e,
            bits,
            ring,
            rsa_key: std::sync::OnceLock::new(),
        })
    }

    /// PKCS#1 v1.5 signing with the `rsa` crate (blinded), for keys ring does not take.
    pub(crate) fn sign_with_rsa_crate(
        &self,
        alg: crate::SignatureAlgorithm,
        msg: &[u8],
    ) -> Result<Vec<u8>> {
        use rsa::pkcs1::DecodeRsaPrivateKey;
        use sha2::Digest;
        let key = match self.rsa_key.get() {
            Some(k) => k,
            None => {
                let k = rsa::PrivateKey::from_pkcs1_der(&self.pkcs1)
                    .map_err(|e| Error::internal(format!("RSA key: {e}")))?;
                let _ = self.rsa_key.set(k);
                self.rsa_key
                    .get()
                    .ok_or_else(|| Error::internal("RSA key cache"))?
            }
        };
        let mut rng = getrandom::SysRng;
        let r = match alg {
            crate::SignatureAlgorithm::RsaPkcs1Sha384 => key.sign_with_rng(
                &mut rng,
                rsa::Pkcs1v15Sign::new::<sha2::Sha384>(),
                &sha2::Sha384::digest(msg),
            ),
            crate::SignatureAlgorithm::RsaPkcs1Sha512 => key.sign_with_rng(
                &mut rng,
                rsa::Pkcs1v15Sign::new::<sha2::Sha512>(),
                &sha2::Sha512::digest(msg),
            ),
            _ => key.sign_with_rng(
                &mut rng,
                rsa::Pkcs1v15Sign::new::<sha2::Sha256>(),
                &sha2::Sha256::digest(msg),
            ),
        };
        r.map_err(|e| Error::internal(format!("RSA signing failed: {e}")))
    }
}

/// Verification with the `rsa` crate, for RSA sizes ring does not take (below 2048 bits with
/// SHA-384, above 8192 bits).
pub(crate) fn rsa_crate_verify(
    n: &[u8],
    e: &[u8],
    alg: crate::SignatureAlgorithm,
    msg: &[u8],
    sig: &[u8],
) -> Result<()> {
    use crate::{HashAlg, SignatureAlgorithm as S};
    let key = rsa::PublicKey::new_with_size_limits(uint(n), uint(e), 512..=MAX_RSA_BITS as usize)
        .map_err(|e| Error::parse(format!("RSA public key: {e}")))?;
    fn pkcs1<D: sha2::Digest + const_oid::AssociatedOid>(
        key: &rsa::PublicKey,
        msg: &[u8],
        sig: &[u8],
    ) -> rsa::Result<()> {
        key.verify(rsa::Pkcs1v15Sign::new::<D>(), &D::digest(msg), sig)
    }
    fn pss<D: sha2::Digest + rsa::signature::digest::FixedOutputReset + 'static>(
        key: &rsa::PublicKey,
        salt_len: u32,
        msg: &[u8],
        sig: &[u8],
    ) -> rsa::Result<()> {
        key.verify(
            rsa::pss::Pss::<D>::new_with_salt(salt_len as usize),
            &D::digest(msg),
            sig,
        )
    }
    let r = match alg {
        S::RsaPkcs1Sha1 => pkcs1::<sha1::Sha1>(&key, msg, sig),
        S::RsaPkcs1Sha256 => pkcs1::<sha2::Sha256>(&key, msg, sig),
        S::RsaPkcs1Sha384 => pkcs1::<sha2::Sha384>(&key, msg, sig),
        S::RsaPkcs1Sha512 => pkcs1::<sha2::Sha512>(&key, msg, sig),
        S::RsaPss { hash, salt_len } => match hash {
            HashAlg::Sha256 => pss::<sha2::Sha256>(&key, salt_len, msg, sig),
            HashAlg::Sha384 => pss::<sha2::Sha384>(&key, salt_len, msg, sig),
            HashAlg::Sha512 => pss::<sha2::Sha512>(&key, salt_len, msg, sig),
        },
        _ => return Err(Error::unsupported("not an RSA signature algorithm")),
    };
    r.map_err(|_| Error::new(crate::ErrorKind::Verification, "signature does not verify"))
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
    let k = rsa::PrivateKey::from_components_with_wide_primes(n, e, d, vec![p, q])
        .map_err(|e| Error::parse(format!("inconsistent RSA private key: {e}")))?;
    // The CRT values are not inputs above: compare the file's with the recomputed ones.
    let same = |computed: Option<BoxedUint>, stored: &[u8]| {
        computed.is_some_and(|v| strip(&v.to_be_bytes()) == strip(stored))
    };
    if !(same(k.dp().cloned(), key.exponent1.as_bytes())
        && same(k.dq().cloned(), key.exponent2.as_bytes())
        && same(k.crt_coefficient(), key.coefficient.as_bytes()))
    {
        return Err(Error::parse(
            "inconsistent RSA private key: its CRT values do not match its primes",
        ));
    }
    Ok(())
}

/// The public exponent of every key sslkit generates. It is prime, which the prime search's
/// check gcd(p − 1, e) = 1 relies on (it tests p mod e ≠ 1).
const E: u64 = 65537;

/// A prime of `bits` bits with gcd(p − 1, e) = 1. For the primes of 2048/3072/4096-bit keys,
/// [`super::prime`]'s FIPS 186-5 A.1.3 search (constant-time trial division and Miller–Rabin on
/// fixed-width Montgomery arithmetic, checked under valgrind); other sizes use crypto-primes.
/// None when `stop` was raised first.
fn find_prime(bits: u32, stop: &AtomicBool) -> Result<Option<Zeroizing<BoxedUint>>> {
    fn boxed<const N: usize>(p: Option<Zeroizing<[u64; N]>>) -> Option<Zeroizing<BoxedUint>> {
        p.map(|p| Zeroizing::new(BoxedUint::from_words(p.iter().copied())))
    }
    match bits {
        1024 => Ok(boxed(super::prime::find_prime::<16, 3>(stop, E)?)),
        1536 => Ok(boxed(super::prime::find_prime::<24, 4>(stop, E)?)),
        2048 => Ok(boxed(super::prime::find_prime::<32, 5>(stop, E)?)),
        _ => loop {
            match random_prime(bits, stop)? {
                None => return Ok(None),
                // gcd(p − 1, e) = 1 (e is prime): p mod e ≠ 1.
                Some(p)
                    if p.rem_vartime(
                        &crypto_bigint::NonZero::new(BoxedUint::from(E)).expect("e is non-zero"),
                    ) != BoxedUint::one() =>
                {
                    return Ok(Some(Zeroizing::new(p)));
                }
                Some(_) => continue,
            }
        },
    }
}

/// All-ones when a > b, else zero (little-endian limbs, b no longer than a): the borrow of
/// b − a, computed without a branch.
fn gt_mask(a: &[u64], b: &[u64]) -> u64 {
    let mut borrow = 0u64;
    for (i, &x) in a.iter().enumerate() {
        let y = b.get(i).copied().unwrap_or(0);
        let (d1, b1) = y.overflowing_sub(x);
        let (_, b2) = d1.overflowing_sub(borrow);
        borrow = u64::from(b1 | b2);
    }
    borrow.wrapping_neg()
}

/// |a − b| for limbs of equal length, without a branch.
fn abs_diff(a: &[u64], b: &[u64]) -> Zeroizing<Vec<u64>> {
    let mut d = Zeroizing::new(vec![0u64; a.len()]);
    let mut borrow = 0u64;
    for i in 0..a.len() {
        let (d1, b1) = a[i].overflowing_sub(b[i]);
        let (d2, b2) = d1.overflowing_sub(borrow);
        d[i] = d2;
        borrow = u64::from(b1 | b2);
    }
    // Negative: negate (two's complement) under a mask.
    let neg = borrow.wrapping_neg();
    let mut carry = borrow;
    for limb in d.iter_mut() {
        let (v, c) = (*limb ^ neg).overflowing_add(carry);
        *limb = v;
        carry = u64::from(c);
    }
    d
}

/// 2^k as `len` little-endian limbs.
fn pow2(k: u32, len: usize) -> Vec<u64> {
    let mut v = vec![0u64; len];
    v[(k / 64) as usize] = 1 << (k % 64);
    v
}

/// Two primes of `bits` bits, searched by two workers; the first two found win (whichever
/// worker found them), which averages a third less wall time than one prime per worker.
#[allow(clippy::type_complexity)]
fn two_primes(bits: u32, workers: usize) -> Result<(Zeroizing<BoxedUint>, Zeroizing<BoxedUint>)> {
    let stop = AtomicBool::new(false);
    if workers <= 1 {
        let missing = || Error::internal("prime search stopped");
        let p = find_prime(bits, &stop)?.ok_or_else(missing)?;
        let q = find_prime(bits, &stop)?.ok_or_else(missing)?;
        return Ok((p, q));
    }
    let (tx, rx) = std::sync::mpsc::channel::<Result<Zeroizing<BoxedUint>>>();
    std::thread::scope(|s| {
        for _ in 0..workers {
            let tx = tx.clone();
            let stop = &stop;
            s.spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    match find_prime(bits, stop) {
                        Ok(Some(p)) => {
                            if tx.send(Ok(p)).is_err() {
                                return;
                            }
                        }
                        Ok(None) => return,
                        Err(e) => {
                            let _ = tx.send(Err(e));
                            return;
                        }
                    }
                }
            });
        }
        drop(tx);
        let first = rx.recv().map_err(|_| Error::internal("prime search ended"));
        let second = rx.recv().map_err(|_| Error::internal("prime search ended"));
        stop.store(true, Ordering::Relaxed);
        Ok((first??, second??))
    })
}

/// Finds a random prime of exactly `bits` bits with its top two bits set (so p·q has exactly
/// 2·bits bits). Candidates come from a small-factor sieve; survivors get crypto-primes'
/// Baillie–PSW test (Miller–Rabin base 2 plus a strong Lucas test), for which no composite is
/// known to pass (FIPS 186-5 B.3 accepts it in place of many MR rounds).
fn random_prime(bits: u32, stop: &AtomicBool) -> Result<Option<BoxedUint>> {
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
        if let Some(prime) =
            sieve.find(|c| stop.load(Ordering::Relaxed) || is_prime(Flavor::Any, c))
        {
            if stop.load(Ordering::Relaxed) {
                return Ok(None);
            }
            return Ok(Some(prime));
        }
    }
}

/// Generates an RSA key of `bits` bits with e = 65537, p and q searched by `workers` threads.
///
/// FIPS 186-5 A.1.3: gcd(p − 1, e) = 1 is part of each prime's search; |p − q| > 2^(bits/2 − 100)
/// and 2^(bits/2) < d are checked here, without branching on the values (only the verdict on a
/// pair is revealed); a pair that fails them (probability about 2^-98) is drawn again. d < LCM(p − 1,
/// q − 1) holds by construction (`private_key_der`).
pub(crate) fn generate(bits: u32, workers: usize) -> Result<Zeroizing<Vec<u8>>> {
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
    if !bits.is_multiple_of(2) {
        return Err(Error::invalid(format!(
            "RSA key size must be even (asked for {bits})"
        )));
    }
    let half = bits / 2;
    loop {
        let (p, q) = two_primes(half, workers)?;
        let diff = abs_diff(p.as_words(), q.as_words());
        let far_apart = gt_mask(&diff, &pow2(half - 100, diff.len()));
        if !super::ct::reveal(far_apart) {
            continue;
        }
        let Some(der) = private_key_der(&p, &q, half)? else {
            continue; // d ≤ 2^(k/2) (FIPS 186-5 A.1.1): draw again
        };
        return Ok(der);
    }
}

/// The PKCS#1 `RSAPrivateKey` for primes p and q (each of `half` bits, gcd(p − 1, e) =
/// gcd(q − 1, e) = 1, which the search guarantees), computed in constant time ([`super::assemble`]
/// and crypto-bigint's safegcd inversion): n = p·q; λ = lcm(p − 1, q − 1) = (p − 1)/g·(q − 1)
/// with g = gcd(p − 1, q − 1); d = e^-1 mod λ (FIPS 186-5 A.1.1 step 3); dP = e^-1 mod (p − 1)
/// and dQ = e^-1 mod (q − 1), which equal d mod (p − 1) and d mod (q − 1) since both divide λ;
/// qInv = q^-1 mod p. None when d ≤ 2^half, which FIPS 186-5 refuses: that verdict is the only
/// thing revealed before the finished key is encoded (whose lengths are the key's own).
fn private_key_der(p: &BoxedUint, q: &BoxedUint, half: u32) -> Result<Option<Zeroizing<Vec<u8>>>> {
    use super::assemble;
    use crypto_bigint::{ConcatenatingMul, Odd};
    let prec = p.bits_precision();
    // p and q are odd: p − 1 is p without its lowest bit.
    let minus_one = |x: &BoxedUint| {
        let mut w = Zeroizing::new(x.as_words().to_vec());
        w[0] &= !1;
        w
    };
    let (p1, q1) = (minus_one(p), minus_one(q));
    let n = Zeroizing::new(p.concatenating_mul(q));
    let g = Zeroizing::new(assemble::gcd(&p1, &q1));
    let p1_over_g = Zeroizing::new(assemble::div_exact(&p1, &g));
    let lambda = Zeroizing::new(assemble::mul(&p1_over_g, &q1));
    let d = Zeroizing::new(BoxedUint::from_words(assemble::inverse_of_e(&lambda)));
    let dp = Zeroizing::new(BoxedUint::from_words(assemble::inverse_of_e(&p1)));
    let dq = Zeroizing::new(BoxedUint::from_words(assemble::inverse_of_e(&q1)));
    let one_odd = Odd::new(BoxedUint::one_with_precision(prec)).expect("1 is odd"); // public
    let qinv = q.invert_odd_mod(&p.to_odd().unwrap_or(one_odd));
    // Not reached for distinct primes; a guard all the same.
    let q_invertible = u64::from(qinv.is_some().to_u8()).wrapping_neg();
    if !super::ct::reveal(q_invertible) {
        return Err(Error::internal(
            "RSA key assembly: the primes do not make a key",
        ));
    }
    let qinv = Zeroizing::new(qinv.unwrap_or(BoxedUint::zero_with_precision(prec)));
    if !super::ct::reveal(gt_mask(d.as_words(), &pow2(half, d.as_words().len()))) {
        return Ok(None);
    }
    // The finished key leaves here: its numbers are declassified for the encoding (which trims
    // leading zero bytes), and the caller owns the result.
    let parts: Vec<Zeroizing<Vec<u8>>> = [&*n, &*d, p, q, &*dp, &*dq, &*qinv]
        .iter()
        .map(|x| {
            #[allow(unused_mut)]
            let mut x = Zeroizing::new((*x).clone());
            #[cfg(feature = "ct-check")]
            super::ct::declassify(x.as_mut_words());
            Zeroizing::new(strip(&x.to_be_bytes()))
        })
        .collect();
    let e_bytes = E.to_be_bytes();
    fn uint(b: &[u8]) -> Result<pkcs1::UintRef<'_>> {
        pkcs1::UintRef::new(b).map_err(|e| Error::internal(format!("encoding a new RSA key: {e}")))
    }
    let key = pkcs1::RsaPrivateKey {
        modulus: uint(&parts[0])?,
        public_exponent: uint(strip_ref(&e_bytes))?,
        private_exponent: uint(&parts[1])?,
        prime1: uint(&parts[2])?,
        prime2: uint(&parts[3])?,
        exponent1: uint(&parts[4])?,
        exponent2: uint(&parts[5])?,
        coefficient: uint(&parts[6])?,
        other_prime_infos: None,
    };
    let der = key
        .to_der()
        .map_err(|e| Error::internal(format!("encoding a new RSA key: {e}")))?;
    Ok(Some(Zeroizing::new(der)))
}

/// `bytes` without its leading zero bytes, borrowed.
fn strip_ref(bytes: &[u8]) -> &[u8] {
    let first = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    &bytes[first..]
}
