//! RSA signature verification with a per-key Montgomery context: RSAVP1 (s^e mod n, RFC 8017
//! 5.2.2) on AVX-512 IFMA ([`sslkit_mont`]) and EMSA-PKCS1-v1_5 by encoding and comparing.
//!
//! Why: ring's verification rebuilds its Montgomery context (R² mod n) on every call. Here the
//! context is built once per [`crate::PublicKey`] (lazily, on the first verification, and shared
//! by its clones) and each verification costs one conversion into Montgomery form, the
//! square-and-multiply chain of e (16 squarings and one multiplication for e = 65537), and one
//! multiplication that converts back.
//!
//! Only public values go through this module (the modulus, the exponent, the signature, the
//! message's hash), so it runs in variable time: early returns on the signature's length and
//! range, exponent bits driving branches, a plain `==` for the final comparison.
//!
//! It takes the keys ring would take for PKCS#1 v1.5 (odd modulus of 1024 to 4158 bits here;
//! e odd, 3 ≤ e < 2^33) on processors with AVX-512 IFMA; everything else stays on ring (or the
//! `rsa` crate), so the accepted keys, algorithms and errors are ring's.
//!
//! EMSA-PKCS1-v1_5 (RFC 8017 9.2, 8.2.2): the expected encoded message
//! `00 01 FF..FF 00 || DigestInfo || H` is built from the message's hash and compared whole with
//! I2OSP(s^e mod n, k). The padding is never parsed, which rules out the Bleichenbacher-2006
//! style forgeries that lenient parsers allowed (garbage after the hash, short padding, DigestInfo
//! parameters that are not NULL).

use std::sync::Arc;

use sslkit_mont::{Ifma, Limbs};

/// SHA-1, SHA-256, SHA-384 and SHA-512 DigestInfo prefixes (DER, with NULL parameters), as in
/// RFC 8017 9.2 note 1; the hash follows.
pub(crate) const DIGEST_INFO_SHA1: &[u8] = &[
    0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14,
];
pub(crate) const DIGEST_INFO_SHA256: &[u8] = &[
    0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
    0x00, 0x04, 0x20,
];
pub(crate) const DIGEST_INFO_SHA384: &[u8] = &[
    0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05,
    0x00, 0x04, 0x30,
];
pub(crate) const DIGEST_INFO_SHA512: &[u8] = &[
    0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05,
    0x00, 0x04, 0x40,
];

/// The RSA public-key operation for one key.
pub(crate) trait PublicOp: Send + Sync {
    /// RSAVP1 then I2OSP: s^e mod n as k big-endian bytes (k = n's length in bytes), or None
    /// when `sig` is not k bytes long or its value is 0 or at least n.
    fn rsavp1(&self, sig: &[u8]) -> Option<Vec<u8>>;
}

/// Per-key context cache held by a public key: built on first use, shared by clones, and
/// ignored by equality and hashing (it is derived from the key).
#[derive(Clone, Default)]
pub(crate) struct OpCache(Arc<std::sync::OnceLock<Option<Box<dyn PublicOp>>>>);

impl PartialEq for OpCache {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for OpCache {}

impl std::hash::Hash for OpCache {
    fn hash<H: std::hash::Hasher>(&self, _: &mut H) {}
}

impl OpCache {
    /// The context for (n, e), built on the first call: None when this module does not take
    /// the key (see the module comment).
    pub(crate) fn get(&self, n: &[u8], e: &[u8]) -> Option<&dyn PublicOp> {
        self.0.get_or_init(|| build(n, e)).as_deref()
    }
}

/// e as a number when ring would accept it for verification: no leading zero, odd, 3 ≤ e ≤
/// 2^33 − 1.
fn exponent(e: &[u8]) -> Option<u64> {
    if e.is_empty() || e.len() > 5 || e[0] == 0 {
        return None;
    }
    let v = e.iter().fold(0u64, |v, &b| (v << 8) | u64::from(b));
    (v & 1 == 1 && (3..=(1u64 << 33) - 1).contains(&v)).then_some(v)
}

/// Big-endian bytes to little-endian 64-bit words (`words` long, zero-extended).
fn be_to_words(be: &[u8], words: usize) -> Vec<u64> {
    let mut out = vec![0u64; words];
    for (i, &b) in be.iter().rev().enumerate() {
        out[i / 8] |= u64::from(b) << (8 * (i % 8));
    }
    out
}

/// The context for modulus `n` (big-endian, no leading zero) and exponent `e`, or None (see the
/// module comment).
pub(crate) fn build(n: &[u8], e: &[u8]) -> Option<Box<dyn PublicOp>> {
    let e = exponent(e)?;
    if n.first().is_none_or(|&b| b == 0) || n.last().is_none_or(|&b| b & 1 == 0) {
        return None;
    }
    let bits = super::rsa::bit_len(n) as usize;
    if !(1024..=8192).contains(&bits) {
        return None;
    }
    // R' = 2^(52·8·K) must exceed 4n: K blocks of eight 52-bit limbs.
    let k = (bits + 2).div_ceil(52 * 8);
    macro_rules! sizes {
        ($($k:literal)*) => {
            match k {
                $($k => Some(Box::new(IfmaOp::<$k>::new(n, e)?) as Box<dyn PublicOp>),)*
                _ => None,
            }
        };
    }
    sizes!(3 4 5 6 7 8 9 10)
}

/// s^e mod n on AVX-512 IFMA, radix 2^52, R' = 2^(52·8·K) > 4n.
struct IfmaOp<const K: usize> {
    ifma: Ifma<K>,
    /// n, big-endian, no leading zero (k bytes).
    n: Vec<u8>,
    e: u64,
    /// R'² mod n.
    rr: Limbs<K>,
}

impl<const K: usize> IfmaOp<K> {
    /// None when the processor has no AVX-512 IFMA.
    fn new(n: &[u8], e: u64) -> Option<Self> {
        let words = n.len().div_ceil(8);
        let ifma = Ifma::<K>::new(&sslkit_mont::from_u64::<K>(&be_to_words(n, words)))?;
        // R'² mod n once per key, by crypto-bigint's (variable-time) division: public values.
        let r_bits = 52 * 8 * K as u32;
        let modulus = crypto_bigint::BoxedUint::from_be_slice(n, r_bits * 2 + 64).ok()?;
        let rr = crypto_bigint::BoxedUint::one_with_precision(r_bits * 2 + 64)
            .shl_vartime(2 * r_bits)?
            .rem_vartime(&crypto_bigint::NonZero::new(modulus).into_option()?);
        let rr = super::rsa::strip(&rr.to_be_bytes());
        let rr = sslkit_mont::from_u64::<K>(&be_to_words(&rr, words));
        Some(IfmaOp {
            ifma,
            n: n.to_vec(),
            e,
            rr,
        })
    }
}

impl<const K: usize> PublicOp for IfmaOp<K> {
    fn rsavp1(&self, sig: &[u8]) -> Option<Vec<u8>> {
        let k = self.n.len();
        // RSAVP1 step 1: 0 < s < n (same length, so byte order is numeric order).
        if sig.len() != k || sig >= &self.n[..] || sig.iter().all(|&b| b == 0) {
            return None;
        }
        let f = &self.ifma;
        let s = sslkit_mont::from_u64::<K>(&be_to_words(sig, k.div_ceil(8)));
        // Montgomery form s·R' mod n (below 2n, which the multiplication accepts as input).
        let s_m = f.mul(&s, &self.rr);
        // s^(e − 1) in Montgomery form, left to right (e is odd and ≥ 3, so e − 1 ≥ 2).
        let e = self.e & !1;
        let top = 63 - e.leading_zeros();
        let mut acc = s_m;
        for bit in (0..top).rev() {
            acc = f.mul(&acc, &acc);
            if (e >> bit) & 1 == 1 {
                acc = f.mul(&acc, &s_m);
            }
        }
        // The last factor s, not in Montgomery form, also converts out: s^(e−1)·R'·s·R'^-1.
        let m = f.reduce(&f.mul(&acc, &s));
        let mut words = vec![0u64; k.div_ceil(8)];
        sslkit_mont::to_u64(&m, &mut words);
        let mut out = vec![0u8; k];
        for (i, o) in out.iter_mut().rev().enumerate() {
            *o = (words[i / 8] >> (8 * (i % 8))) as u8;
        }
        Some(out)
    }
}

/// EMSA-PKCS1-v1_5 verification: I2OSP(s^e mod n) must equal 00 01 FF..FF 00 || prefix || hash
/// (at least eight FF bytes), compared whole.
pub(crate) fn pkcs1_matches(em: &[u8], prefix: &[u8], hash: &[u8]) -> bool {
    let t = prefix.len() + hash.len();
    if em.len() < t + 11 {
        return false;
    }
    let ps = em.len() - t - 3;
    let mut expected = Vec::with_capacity(em.len());
    expected.extend_from_slice(&[0x00, 0x01]);
    expected.resize(2 + ps, 0xff);
    expected.push(0x00);
    expected.extend_from_slice(prefix);
    expected.extend_from_slice(hash);
    expected == em
}

#[cfg(test)]
mod tests {
    use super::*;
    use crypto_bigint::{BoxedUint, Odd};

    pub(super) fn random_bytes(state: &mut u64, out: &mut [u8]) {
        for b in out {
            // SplitMix64: deterministic test inputs.
            *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = *state;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            *b = (z ^ (z >> 31)) as u8;
        }
    }

    /// s^e mod n by crypto-bigint, as k big-endian bytes.
    fn reference(n: &[u8], e: u64, s: &[u8]) -> Vec<u8> {
        let bits = (n.len() as u32 * 8).div_ceil(64) * 64;
        let modulus = Odd::new(BoxedUint::from_be_slice(n, bits).unwrap()).unwrap();
        let base = BoxedUint::from_be_slice(s, bits).unwrap();
        let exp = BoxedUint::from_be_slice(&e.to_be_bytes(), 64).unwrap();
        let r = base.pow_mod(&exp, &modulus).to_be_bytes();
        r[r.len() - n.len()..].to_vec()
    }

    #[test]
    fn modexp_matches_crypto_bigint() {
        if !Ifma::<5>::available() {
            eprintln!("no AVX-512 IFMA here: nothing to test");
            return;
        }
        let mut state = 1;
        // Every supported limb-block count, at its edges and in between, odd byte lengths too.
        let sizes: [usize; 20] = [
            1024, 1025, 1246, 1247, 1536, 1662, 1663, 2047, 2048, 2078, 2079, 2500, 3071, 3072,
            3326, 3327, 3742, 4095, 4096, 4158,
        ];
        for (round, &bits) in sizes.iter().enumerate() {
            for (j, e) in [3u64, 65537, 17, (1 << 33) - 1, 0x1_0000_0001]
                .into_iter()
                .enumerate()
            {
                let len = bits.div_ceil(8);
                let mut n = vec![0u8; len];
                random_bytes(&mut state, &mut n);
                n[0] &= 0xff >> (8 * len - bits);
                n[0] |= 0x80 >> (8 * len - bits);
                *n.last_mut().unwrap() |= 1;
                if j == 0 && round % 2 == 0 {
                    // All ones: the largest modulus of this size.
                    n.fill(0xff);
                    n[0] = 0xff >> (8 * len - bits);
                }
                let op = build(&n, &e.to_be_bytes()[e.leading_zeros() as usize / 8..])
                    .expect("supported size");
                for t in 0..6 {
                    let mut s = vec![0u8; len];
                    random_bytes(&mut state, &mut s);
                    s[0] &= (0x80u8 >> (8 * len - bits)) - 1;
                    match t {
                        0 => {
                            // n − 1 (≡ −1).
                            s.copy_from_slice(&n);
                            *s.last_mut().unwrap() -= 1;
                        }
                        1 => {
                            s.fill(0);
                            *s.last_mut().unwrap() = 1;
                        }
                        2 => {
                            s.fill(0);
                            *s.last_mut().unwrap() = 2;
                        }
                        _ => {}
                    }
                    assert_eq!(
                        op.rsavp1(&s).unwrap(),
                        reference(&n, e, &s),
                        "{bits} bits, e = {e}, case {t}"
                    );
                }
                // Out of range or wrong length: refused.
                let zero = vec![0u8; len];
                assert!(op.rsavp1(&zero).is_none());
                assert!(op.rsavp1(&n).is_none());
                if n[len - 1] != 0xff {
                    let mut above = n.clone();
                    above[len - 1] += 1;
                    assert!(op.rsavp1(&above).is_none());
                }
                if n.iter().any(|&b| b != 0xff) {
                    assert!(op.rsavp1(&vec![0xff; len]).is_none());
                }
                assert!(op.rsavp1(&n[1..]).is_none());
                let mut longer = vec![0u8];
                longer.extend_from_slice(&n[..len - 1]);
                longer.push(1);
                assert!(op.rsavp1(&longer).is_none());
            }
        }
    }

    #[test]
    fn keys_left_to_ring() {
        let mut n = vec![0xc5u8; 256];
        n[255] |= 1;
        // Even, too small, too large, leading-zero exponents; even modulus; sizes out of range.
        for e in [
            &[1u8][..],
            &[2],
            &[0, 3],
            &[1, 0, 0, 0, 0],
            &[2, 0, 0, 0, 1],
            &[1, 0, 0, 0, 0, 1],
            &[],
        ] {
            assert!(build(&n, e).is_none(), "e = {e:?}");
        }
        let mut even = n.clone();
        even[255] &= !1;
        assert!(build(&even, &[1, 0, 1]).is_none());
        assert!(build(&n[..127], &[1, 0, 1]).is_none());
        assert!(build(&vec![0xc5; 521], &[1, 0, 1]).is_none());
        let mut lead = vec![0u8];
        lead.extend_from_slice(&n);
        assert!(build(&lead, &[1, 0, 1]).is_none());
        if Ifma::<5>::available() {
            assert!(build(&n, &[1, 0, 1]).is_some());
            assert!(build(&n, &[3]).is_some());
            assert!(build(&n, &[1, 0xff, 0xff, 0xff, 0xff]).is_some());
        }
    }

    #[test]
    fn pkcs1_encoding_is_compared_whole() {
        let hash = [0xabu8; 32];
        let mut em = vec![0x00, 0x01];
        em.resize(256 - 19 - 32 - 1, 0xff);
        em.push(0x00);
        em.extend_from_slice(DIGEST_INFO_SHA256);
        em.extend_from_slice(&hash);
        assert_eq!(em.len(), 256);
        assert!(pkcs1_matches(&em, DIGEST_INFO_SHA256, &hash));
        // Another hash's prefix, a flipped byte anywhere, a shorter or longer message: refused.
        assert!(!pkcs1_matches(&em, DIGEST_INFO_SHA384, &hash));
        for i in 0..em.len() {
            let mut bad = em.clone();
            bad[i] ^= 0x01;
            assert!(!pkcs1_matches(&bad, DIGEST_INFO_SHA256, &hash), "byte {i}");
        }
        assert!(!pkcs1_matches(&em[1..], DIGEST_INFO_SHA256, &hash));
        let mut longer = vec![0];
        longer.extend_from_slice(&em);
        assert!(!pkcs1_matches(&longer, DIGEST_INFO_SHA256, &hash));
        // Fewer than eight FF bytes cannot match at all.
        assert!(!pkcs1_matches(
            &em[em.len() - 61..],
            DIGEST_INFO_SHA256,
            &hash
        ));
    }
}

/// Through `PublicKey::verify`: forged and malformed signatures made with the private key of
/// `tests/data/rsa2048.pem` (raw RSA on chosen encodings), each verdict also checked against
/// ring's own verification.
#[cfg(test)]
mod verify_tests {
    use super::*;
    use crate::{PrivateKey, SignatureAlgorithm as S};
    use crypto_bigint::{BoxedUint, Odd};
    use ring::signature as rs;

    struct Signer {
        n: Vec<u8>,
        d: BoxedUint,
        modulus: Odd<BoxedUint>,
    }

    impl Signer {
        /// em^d mod n, k bytes.
        fn raw(&self, em: &[u8]) -> Vec<u8> {
            let bits = self.modulus.bits_precision();
            let m = BoxedUint::from_be_slice(em, bits).unwrap();
            let s = m.pow_mod(&self.d, &self.modulus).to_be_bytes();
            s[s.len() - self.n.len()..].to_vec()
        }
    }

    fn em(k: usize, ps: usize, prefix: &[u8], hash: &[u8], tail: &[u8]) -> Vec<u8> {
        let mut em = vec![0x00, 0x01];
        em.resize(2 + ps, 0xff);
        em.push(0x00);
        em.extend_from_slice(prefix);
        em.extend_from_slice(hash);
        em.extend_from_slice(tail);
        assert!(em.len() <= k);
        let mut out = vec![0u8; k - em.len()];
        out.extend_from_slice(&em);
        out
    }

    #[test]
    fn forged_and_malformed_signatures_are_rejected_as_ring_does() {
        use rsa::pkcs1::DecodeRsaPrivateKey;
        use rsa::traits::{PrivateKeyParts, PublicKeyParts};
        let key =
            PrivateKey::from_pem(include_bytes!("../../tests/data/rsa2048.pem"), None).unwrap();
        let public = key.public_key();
        let rk = rsa::PrivateKey::from_pkcs1_der(&key.to_traditional_der().unwrap()).unwrap();
        let signer = Signer {
            n: public.rsa_modulus().unwrap().to_vec(),
            d: rk.d().clone(),
            modulus: Odd::new(rk.n().as_ref().clone()).unwrap(),
        };
        let k = signer.n.len();
        let pkcs1 = public.to_pkcs1_der().unwrap();
        let msg = b"message";
        let ring_verdict = |alg: S, sig: &[u8]| {
            let a: &'static rs::RsaParameters = match alg {
                S::RsaPkcs1Sha1 => &rs::RSA_PKCS1_1024_8192_SHA1_FOR_LEGACY_USE_ONLY,
                S::RsaPkcs1Sha256 => &rs::RSA_PKCS1_2048_8192_SHA256,
                S::RsaPkcs1Sha384 => &rs::RSA_PKCS1_2048_8192_SHA384,
                _ => &rs::RSA_PKCS1_2048_8192_SHA512,
            };
            rs::UnparsedPublicKey::new(a, &pkcs1)
                .verify(msg, sig)
                .is_ok()
        };
        let check = |alg: S, sig: &[u8], want: bool, what: &str| {
            let ours = public.verify(alg, msg, sig);
            assert_eq!(ours.is_ok(), want, "{what}: {ours:?}");
            if let Err(e) = ours {
                assert_eq!(e.kind(), crate::ErrorKind::Verification, "{what}");
            }
            assert_eq!(ring_verdict(alg, sig), want, "{what} (ring)");
        };
        assert!(
            public.rsa_op().is_some() || !Ifma::<5>::available(),
            "IFMA present: the new path must be taken"
        );

        let h = |d: &'static ring::digest::Algorithm| ring::digest::digest(d, msg);
        let cases: [(S, &[u8], ring::digest::Digest); 4] = [
            (
                S::RsaPkcs1Sha1,
                DIGEST_INFO_SHA1,
                h(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY),
            ),
            (
                S::RsaPkcs1Sha256,
                DIGEST_INFO_SHA256,
                h(&ring::digest::SHA256),
            ),
            (
                S::RsaPkcs1Sha384,
                DIGEST_INFO_SHA384,
                h(&ring::digest::SHA384),
            ),
            (
                S::RsaPkcs1Sha512,
                DIGEST_INFO_SHA512,
                h(&ring::digest::SHA512),
            ),
        ];
        for (i, (alg, prefix, hash)) in cases.iter().enumerate() {
            let (alg, hash) = (*alg, hash.as_ref());
            let t = prefix.len() + hash.len();
            let good = signer.raw(&em(k, k - t - 3, prefix, hash, &[]));
            check(alg, &good, true, "valid");
            // The same signature for every other hash: refused.
            for (other, _, _) in cases.iter().filter(|c| c.0 != alg) {
                check(*other, &good, false, "wrong hash algorithm");
            }
            // Another hash's DigestInfo prefix with this hash's bytes.
            let other_prefix = cases[(i + 1) % 4].1;
            let mut wrong = other_prefix.to_vec();
            wrong.truncate(other_prefix.len() - 1);
            wrong.push(hash.len() as u8);
            let sig = signer.raw(&em(k, k - wrong.len() - hash.len() - 3, &wrong, hash, &[]));
            check(alg, &sig, false, "wrong DigestInfo OID");
            // DigestInfo without the NULL parameters (lengths fixed up).
            let mut no_null = prefix.to_vec();
            no_null.drain(prefix.len() - 4..prefix.len() - 2);
            no_null[1] -= 2;
            no_null[3] -= 2;
            let sig = signer.raw(&em(
                k,
                k - no_null.len() - hash.len() - 3,
                &no_null,
                hash,
                &[],
            ));
            check(alg, &sig, false, "DigestInfo without NULL");
            // Garbage after the hash (the Bleichenbacher-2006 forgery shape), padding shortened.
            let sig = signer.raw(&em(k, k - t - 3 - 16, prefix, hash, &[0x42; 16]));
            check(alg, &sig, false, "bytes after the hash");
            // Bytes inside the DigestInfo (extra parameters).
            let mut extra = prefix.to_vec();
            extra.insert(prefix.len() - 2, 0x00);
            let sig = signer.raw(&em(k, k - extra.len() - hash.len() - 3, &extra, hash, &[]));
            check(alg, &sig, false, "extra byte in DigestInfo");
            // A wrong hash, a block type 2, a zero in the padding, a missing separator.
            let mut bad_hash = hash.to_vec();
            bad_hash[0] ^= 1;
            let sig = signer.raw(&em(k, k - t - 3, prefix, &bad_hash, &[]));
            check(alg, &sig, false, "wrong hash");
            for pos in [1, 2, 100, k - t - 1] {
                let mut e = em(k, k - t - 3, prefix, hash, &[]);
                e[pos] ^= 0x03;
                let sig = signer.raw(&e);
                check(alg, &sig, false, "damaged padding");
            }
            // Wrong lengths: a leading zero byte added, the last byte dropped.
            let mut longer = vec![0u8];
            longer.extend_from_slice(&good);
            check(alg, &longer, false, "signature one byte longer");
            check(alg, &good[1..], false, "signature one byte shorter");
            check(alg, &[], false, "empty signature");
            // s ≥ n: n itself, n + s (same residue as s when it fits in k bytes), all ones.
            check(alg, &signer.n, false, "s = n");
            let wide = |b: &[u8]| BoxedUint::from_be_slice(b, 8 * k as u32 + 64).unwrap();
            let sum = wide(&good).wrapping_add(wide(&signer.n)).to_be_bytes();
            let sum = &sum[sum.len() - k - 1..];
            if sum[0] == 0 {
                check(alg, &sum[1..], false, "s + n");
            }
            check(alg, &vec![0xff; k], false, "s = 2^(8k) − 1");
            check(alg, &vec![0; k], false, "s = 0");
        }
        // Random signatures, and valid ones with one bit flipped: refused by both.
        let good = key.sign(msg, None).unwrap();
        let mut state = 99;
        for i in 0..200 {
            let mut sig = good.clone();
            if i % 2 == 0 {
                tests::random_bytes(&mut state, &mut sig);
            } else {
                let mut r = [0u8; 2];
                tests::random_bytes(&mut state, &mut r);
                let bit = usize::from(u16::from_le_bytes(r)) % (8 * k);
                sig[bit / 8] ^= 1 << (bit % 8);
            }
            check(
                S::RsaPkcs1Sha256,
                &sig,
                false,
                "random or bit-flipped signature",
            );
        }
        // Signatures that sslkit itself makes still verify, clones share the context.
        for hash in [
            crate::HashAlg::Sha256,
            crate::HashAlg::Sha384,
            crate::HashAlg::Sha512,
        ] {
            let sig = key.sign(msg, Some(hash)).unwrap();
            let alg = key.signature_algorithm(Some(hash)).unwrap();
            check(alg, &sig, true, "sslkit signature");
            public.clone().verify(alg, msg, &sig).unwrap();
        }
    }
}

#[cfg(test)]
mod timing {
    /// `cargo test --release --lib key::rsa_verify::timing -- --ignored --nocapture`
    #[test]
    #[ignore = "a timing report, not a test"]
    fn report() {
        for bits in [2048usize, 3072, 4096] {
            let len = bits / 8;
            let mut n: Vec<u8> = (0..len)
                .map(|i| (i as u8).wrapping_mul(151) ^ 0x5a)
                .collect();
            n[0] |= 0x80;
            n[len - 1] |= 1;
            let op = super::build(&n, &[1, 0, 1]).expect("IFMA");
            let mut s = n.clone();
            s[0] &= 0x7f;
            let mut best = f64::MAX;
            for _ in 0..7 {
                let t = std::time::Instant::now();
                for _ in 0..1000 {
                    s = op.rsavp1(std::hint::black_box(&s)).unwrap();
                }
                best = best.min(t.elapsed().as_secs_f64());
            }
            let mut cold = f64::MAX;
            for _ in 0..50 {
                let t = std::time::Instant::now();
                let op = super::build(std::hint::black_box(&n), &[1, 0, 1]).unwrap();
                std::hint::black_box(op.rsavp1(&s));
                cold = cold.min(t.elapsed().as_secs_f64());
            }
            eprintln!(
                "{bits} bits: {:.2} µs per s^65537 mod n, {:.2} µs with the context's set-up",
                best * 1e3,
                cold * 1e6
            );
        }
    }
}
