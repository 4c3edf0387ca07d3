//! Montgomery multiplication modulo odd numbers of up to 52·8·K − 2 bits on AVX-512 IFMA
//! (`vpmadd52luq`/`vpmadd52huq`), for sslkit's RSA prime search and RSA signature verification.
//!
//! Numbers are held in radix 2^52: `K` blocks of eight 52-bit limbs, least significant first
//! ([`Limbs`]), and R = 2^(52·8·K). [`Ifma::new`] returns `None` when the processor lacks
//! AVX-512F or AVX-512 IFMA (or off x86-64), and the caller uses its portable arithmetic
//! instead. Every operation is constant-time: no branch and no memory index depends on the
//! numbers.
//!
//! The unsafe code is limited to calling the `#[target_feature]` function after runtime
//! detection and to unaligned vector loads and stores of in-bounds arrays; each block says why
//! it is sound.

#![deny(missing_docs)]
#![deny(clippy::undocumented_unsafe_blocks)]
#![cfg_attr(not(target_arch = "x86_64"), forbid(unsafe_code))]

/// Bits per limb.
pub const LIMB_BITS: u32 = 52;
const MASK: u64 = (1 << LIMB_BITS) - 1;

/// A number in radix 2^52: `K` blocks of eight limbs, least significant limb first.
pub type Limbs<const K: usize> = [[u64; 8]; K];

/// Converts little-endian 64-bit words to radix 2^52 (bits beyond 52·8·K are dropped).
pub fn from_u64<const K: usize>(words: &[u64]) -> Limbs<K> {
    let mut out = [[0u64; 8]; K];
    for i in 0..8 * K {
        let bit = i * LIMB_BITS as usize;
        let (w, s) = (bit / 64, bit % 64);
        let lo = words.get(w).copied().unwrap_or(0) >> s;
        let hi = if s > 64 - LIMB_BITS as usize {
            words.get(w + 1).copied().unwrap_or(0) << (64 - s)
        } else {
            0
        };
        out[i / 8][i % 8] = (lo | hi) & MASK;
    }
    out
}

/// Converts radix 2^52 (normalised: every limb below 2^52) to little-endian 64-bit words
/// (bits beyond `out.len()`·64 are dropped).
pub fn to_u64<const K: usize>(limbs: &Limbs<K>, out: &mut [u64]) {
    out.fill(0);
    for i in 0..8 * K {
        let v = limbs[i / 8][i % 8];
        let bit = i * LIMB_BITS as usize;
        let (w, s) = (bit / 64, bit % 64);
        if let Some(o) = out.get_mut(w) {
            *o |= v << s;
        }
        if s > 64 - LIMB_BITS as usize
            && let Some(o) = out.get_mut(w + 1)
        {
            *o |= v >> (64 - s);
        }
    }
}

/// 2x (normalised, not reduced) where `double` is all-ones, x where it is 0.
/// Each limb's carry comes from the limb below in the *input*, so there is no chain from limb
/// to limb and the compiler vectorises the loop (it was 15% of the prime search as a chain).
fn double_if<const K: usize>(x: &Limbs<K>, double: u64) -> Limbs<K> {
    let mut out = [[0u64; 8]; K];
    for k in 0..K {
        let below = if k > 0 { x[k - 1][7] } else { 0 };
        for j in 0..8 {
            let v = x[k][j];
            let prev = if j > 0 { x[k][j - 1] } else { below };
            let d = ((v << 1) & MASK) | (prev >> (LIMB_BITS - 1));
            out[k][j] = v ^ (double & (v ^ d));
        }
    }
    out
}

/// Whether `SSLKIT_FORCE_PORTABLE=1` is set (read once per process).
pub fn forced_portable() -> bool {
    static FORCED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *FORCED.get_or_init(|| std::env::var_os("SSLKIT_FORCE_PORTABLE").is_some_and(|v| v == "1"))
}

/// Whether this processor has AVX-512F and AVX-512 IFMA, whatever `SSLKIT_FORCE_PORTABLE` says.
pub fn cpu_has_ifma() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::is_x86_feature_detected!("avx512f") && std::is_x86_feature_detected!("avx512ifma")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// Montgomery multiplication modulo `m` on AVX-512 IFMA.
#[derive(Clone)]
pub struct Ifma<const K: usize> {
    m: Limbs<K>,
    /// −m^-1 mod 2^52.
    k0: u64,
}

impl<const K: usize> zeroize::ZeroizeOnDrop for Ifma<K> {}

impl<const K: usize> Drop for Ifma<K> {
    /// Wipes the modulus: in the prime search it is a secret candidate.
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.m);
        zeroize::Zeroize::zeroize(&mut self.k0);
    }
}

impl<const K: usize> Ifma<K> {
    /// Whether this processor has AVX-512F and AVX-512 IFMA, and the environment variable
    /// `SSLKIT_FORCE_PORTABLE` is not `1` (read once per process): setting it makes callers use
    /// their portable arithmetic on IFMA machines, so that both paths can be tested there.
    pub fn available() -> bool {
        static AVAILABLE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
        *AVAILABLE.get_or_init(|| !forced_portable() && cpu_has_ifma())
    }

    /// Arithmetic modulo `m` (odd, normalised, below 2^(52·8·K − 2) so that R > 4m), or None
    /// when the processor cannot run it.
    pub fn new(m: &Limbs<K>) -> Option<Self> {
        if !Self::available() {
            return None;
        }
        // Newton's iteration for m^-1 mod 2^64, then negate and keep 52 bits.
        let m0 = m[0][0];
        let mut inv = m0;
        for _ in 0..5 {
            inv = inv.wrapping_mul(2u64.wrapping_sub(m0.wrapping_mul(inv)));
        }
        Some(Ifma {
            m: *m,
            k0: inv.wrapping_neg() & MASK,
        })
    }

    /// The modulus.
    pub fn modulus(&self) -> &Limbs<K> {
        &self.m
    }

    /// a·b·R^-1 mod m, normalised, for normalised a, b < 2m; the result is below 2m (it may
    /// need one subtraction of m to be below m: see [`Ifma::reduce`]).
    pub fn mul(&self, a: &Limbs<K>, b: &Limbs<K>) -> Limbs<K> {
        #[cfg(target_arch = "x86_64")]
        {
            // SAFETY: an `Ifma` is only built by `new`, which checked at run time that the
            // processor has AVX-512F and AVX-512 IFMA, the features `amm` is compiled for.
            let [r] = unsafe { x86::amm::<K, 1>([a], [b], [&self.m], [self.k0]) };
            r
        }
        #[cfg(not(target_arch = "x86_64"))]
        {
            let _ = (a, b);
            unreachable!("Ifma::new returns None off x86-64")
        }
    }

    /// [`Ifma::mul`] of `a`·`b` modulo this modulus and of `c`·`d` modulo `other`'s, computed
    /// together (see [`Ifma::sqr_double_pair`]).
    pub fn mul_pair(
        &self,
        a: &Limbs<K>,
        b: &Limbs<K>,
        other: &Ifma<K>,
        c: &Limbs<K>,
        d: &Limbs<K>,
    ) -> (Limbs<K>, Limbs<K>) {
        #[cfg(target_arch = "x86_64")]
        {
            // SAFETY: both `Ifma`s were built by `new`, which checked at run time that the
            // processor has AVX-512F and AVX-512 IFMA, the features `amm` is compiled for.
            let [x, y] = unsafe {
                x86::amm::<K, 2>([a, c], [b, d], [&self.m, &other.m], [self.k0, other.k0])
            };
            (x, y)
        }
        #[cfg(not(target_arch = "x86_64"))]
        {
            let _ = (a, b, other, c, d);
            unreachable!("Ifma::new returns None off x86-64")
        }
    }

    /// `table[index]`, reading every entry (constant-time in `index`), with vector loads.
    pub fn lookup(&self, table: &[Limbs<K>], index: u64) -> Limbs<K> {
        #[cfg(target_arch = "x86_64")]
        {
            // SAFETY: `self` was built by `new`, which checked at run time that the processor
            // has AVX-512F, the feature `lookup` is compiled for.
            unsafe { x86::lookup(table, index) }
        }
        #[cfg(not(target_arch = "x86_64"))]
        {
            let _ = (table, index);
            unreachable!("Ifma::new returns None off x86-64")
        }
    }

    /// [`Ifma::mul_double`] of `a`·`a` modulo this modulus and of `b`·`b` modulo `other`'s,
    /// computed together: the two are independent, so interleaving them fills the time one
    /// alone spends waiting on its own dependency chain (about twice the throughput).
    pub fn sqr_double_pair(
        &self,
        a: &Limbs<K>,
        double_a: u64,
        other: &Ifma<K>,
        b: &Limbs<K>,
        double_b: u64,
    ) -> (Limbs<K>, Limbs<K>) {
        #[cfg(target_arch = "x86_64")]
        {
            // SAFETY: both `Ifma`s were built by `new`, which checked at run time that the
            // processor has AVX-512F and AVX-512 IFMA, the features `amm` is compiled for.
            let [x, y] = unsafe {
                x86::amm::<K, 2>([a, b], [a, b], [&self.m, &other.m], [self.k0, other.k0])
            };
            (double_if(&x, double_a), double_if(&y, double_b))
        }
        #[cfg(not(target_arch = "x86_64"))]
        {
            let _ = (a, double_a, other, b, double_b);
            unreachable!("Ifma::new returns None off x86-64")
        }
    }

    /// [`Ifma::mul`], then doubled (not reduced) when `double` is all-ones; `double` must be
    /// 0 or all-ones, and is only used as a mask. With R > 16m (52·8·K ≥ bits of m + 4),
    /// inputs below 4m give a product below 2m, so the doubled result, below 4m, can be
    /// squared again: a base-2 exponentiation needs no multiplication by the base.
    pub fn mul_double(&self, a: &Limbs<K>, b: &Limbs<K>, double: u64) -> Limbs<K> {
        double_if(&self.mul(a, b), double)
    }

    /// x − m if x ≥ m, else x, for normalised x < 2^(52·8·K), in constant time (so x mod m
    /// for x < 2m).
    pub fn reduce(&self, x: &Limbs<K>) -> Limbs<K> {
        let mut d = [[0u64; 8]; K];
        let mut borrow = 0u64;
        for i in 0..8 * K {
            let v = x[i / 8][i % 8]
                .wrapping_sub(self.m[i / 8][i % 8])
                .wrapping_sub(borrow);
            d[i / 8][i % 8] = v & MASK;
            borrow = v >> 63;
        }
        // borrow = 1: x < m, keep x.
        let keep = borrow.wrapping_neg();
        let mut out = [[0u64; 8]; K];
        for i in 0..8 * K {
            let (a, b) = (x[i / 8][i % 8], d[i / 8][i % 8]);
            out[i / 8][i % 8] = b ^ (keep & (a ^ b));
        }
        out
    }
}

#[cfg(target_arch = "x86_64")]
mod x86 {
    use super::{Limbs, MASK};
    use core::arch::x86_64::*;

    /// table[index] by masks over every entry.
    #[target_feature(enable = "avx512f")]
    pub(super) fn lookup<const K: usize>(table: &[Limbs<K>], index: u64) -> Limbs<K> {
        let mut acc = [_mm512_setzero_si512(); K];
        for (i, entry) in table.iter().enumerate() {
            let d = index ^ i as u64;
            // All-ones when d == 0, without a branch.
            let hit = ((d | d.wrapping_neg()) >> 63).wrapping_sub(1);
            let mask = _mm512_set1_epi64(hit as i64);
            for k in 0..K {
                // SAFETY: entry[k] is [u64; 8], 64 readable bytes; loadu needs no alignment.
                let v = unsafe { _mm512_loadu_si512(entry[k].as_ptr().cast()) };
                acc[k] = _mm512_or_si512(acc[k], _mm512_and_si512(v, mask));
            }
        }
        let mut out = [[0u64; 8]; K];
        for k in 0..K {
            // SAFETY: out[k] is [u64; 8], 64 writable bytes; storeu needs no alignment.
            unsafe { _mm512_storeu_si512(out[k].as_mut_ptr().cast(), acc[k]) };
        }
        out
    }

    /// Montgomery multiplication, operand scanning: for each limb b_i of b, add the low halves
    /// of b_i·a and y·m to `acc` (y chosen so that the lowest limb becomes 0 mod 2^52), shift
    /// down one limb, and add the high halves (which belong one limb up) to `acch`, a second
    /// accumulator, so that they stay off the chain that computes the next y. The lowest
    /// limb's value, and its carry into the next, are followed in a general register, so the
    /// vectors' lowest lane is never read again once y is known. Lanes hold 64 bits and each
    /// gains less than 2·2^52 per step in either accumulator, so 8·K ≤ 1000 steps cannot
    /// overflow them; one carry pass at the end normalises.
    ///
    /// `J` independent products (different operands and moduli) go through the same steps
    /// side by side.
    #[target_feature(enable = "avx512f,avx512ifma")]
    pub(super) fn amm<const K: usize, const J: usize>(
        a: [&Limbs<K>; J],
        b: [&Limbs<K>; J],
        m: [&Limbs<K>; J],
        k0: [u64; J],
    ) -> [Limbs<K>; J] {
        let zero = _mm512_setzero_si512();
        let mut av = [[zero; K]; J];
        let mut mv = [[zero; K]; J];
        let mut acc = [[zero; K]; J];
        let mut acch = [[zero; K]; J];
        for j in 0..J {
            for k in 0..K {
                // SAFETY: a[j][k] and m[j][k] are [u64; 8], 64 readable bytes; loadu needs no
                // alignment.
                unsafe {
                    av[j][k] = _mm512_loadu_si512(a[j][k].as_ptr().cast());
                    mv[j][k] = _mm512_loadu_si512(m[j][k].as_ptr().cast());
                }
            }
        }
        let lane0 = |v: __m512i| _mm_cvtsi128_si64(_mm512_castsi512_si128(v)) as u64;
        let mut carry = [0u64; J];
        for i in 0..8 * K {
            let mut bv = [zero; J];
            let mut yv = [zero; J];
            for j in 0..J {
                bv[j] = _mm512_set1_epi64(b[j][i / 8][i % 8] as i64);
                for k in 0..K {
                    acc[j][k] = _mm512_madd52lo_epu64(acc[j][k], bv[j], av[j][k]);
                }
            }
            for j in 0..J {
                let a0 = lane0(acc[j][0]) + lane0(acch[j][0]) + carry[j];
                let y = a0.wrapping_mul(k0[j]) & MASK;
                yv[j] = _mm512_set1_epi64(y as i64);
                // a0 + lo(y·m0) ≡ 0 (mod 2^52): what is left is the carry into the next limb.
                carry[j] = (a0 + (y.wrapping_mul(m[j][0][0]) & MASK)) >> 52;
            }
            for j in 0..J {
                for k in 0..K {
                    acc[j][k] = _mm512_madd52lo_epu64(acc[j][k], yv[j], mv[j][k]);
                }
                for k in 0..K {
                    let (next, nexth) = if k + 1 < K {
                        (acc[j][k + 1], acch[j][k + 1])
                    } else {
                        (zero, zero)
                    };
                    acc[j][k] = _mm512_alignr_epi64::<1>(next, acc[j][k]);
                    acch[j][k] = _mm512_alignr_epi64::<1>(nexth, acch[j][k]);
                }
                for k in 0..K {
                    acch[j][k] = _mm512_madd52hi_epu64(acch[j][k], bv[j], av[j][k]);
                    acch[j][k] = _mm512_madd52hi_epu64(acch[j][k], yv[j], mv[j][k]);
                }
            }
        }
        let mut out = [[[0u64; 8]; K]; J];
        for j in 0..J {
            for k in 0..K {
                let sum = _mm512_add_epi64(acc[j][k], acch[j][k]);
                // SAFETY: out[j][k] is [u64; 8], 64 writable bytes; storeu needs no alignment.
                unsafe { _mm512_storeu_si512(out[j][k].as_mut_ptr().cast(), sum) };
            }
            for limb in out[j].iter_mut().flatten() {
                let v = *limb + carry[j];
                *limb = v & MASK;
                carry[j] = v >> 52;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crypto_bigint::modular::{FixedMontyForm, FixedMontyParams};
    use crypto_bigint::{Odd, U2048, Uint};

    fn random_words(state: &mut u64, out: &mut [u64]) {
        for w in out {
            // SplitMix64: deterministic test inputs.
            *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = *state;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            *w = z ^ (z >> 31);
        }
    }

    /// a·b·R^-1 mod m with R = 2^(52·8·K), by crypto-bigint: (a·b mod m)·(R^-1 mod m).
    fn reference(a: &[u64], b: &[u64], m: &[u64], r_bits: u32) -> [u64; 32] {
        let word = |w: &[u64]| {
            let mut x = [0u64; 32];
            x[..w.len()].copy_from_slice(w);
            U2048::from_words(x)
        };
        let params = FixedMontyParams::new_vartime(Odd::new(word(m)).unwrap());
        let am = FixedMontyForm::new(&word(a), &params);
        let bm = FixedMontyForm::new(&word(b), &params);
        let mut r_inv = FixedMontyForm::new(&Uint::ONE, &params);
        let half = FixedMontyForm::new(&Uint::ONE, &params).div_by_2();
        for _ in 0..r_bits {
            r_inv *= half;
        }
        (am * bm * r_inv).retrieve().to_words()
    }

    fn check<const K: usize>(bits: usize) {
        if !Ifma::<K>::available() {
            eprintln!("no AVX-512 IFMA here: nothing to test");
            return;
        }
        let words = bits.div_ceil(64);
        let mut state = bits as u64;
        for round in 0..100 {
            let mut m = vec![0u64; words];
            random_words(&mut state, &mut m);
            m[0] |= 1;
            let top = (bits - 1) % 64;
            m[words - 1] &= u64::MAX >> (63 - top);
            m[words - 1] |= 1 << top;
            if round == 0 {
                m.fill(u64::MAX);
                m[words - 1] = u64::MAX >> (63 - top);
            }
            let mut a = vec![0u64; words];
            let mut b = vec![0u64; words];
            random_words(&mut state, &mut a);
            random_words(&mut state, &mut b);
            // a, b < m: clear the top bit (m has it set).
            a[words - 1] &= !(1 << top);
            b[words - 1] &= !(1 << top);
            let ifma = Ifma::<K>::new(&from_u64::<K>(&m)).unwrap();
            let r = ifma.reduce(&ifma.mul(&from_u64::<K>(&a), &from_u64::<K>(&b)));
            let mut got = vec![0u64; words];
            to_u64(&r, &mut got);
            let want = reference(&a, &b, &m, (52 * 8 * K) as u32);
            assert_eq!(got[..], want[..words], "{bits} bits, round {round}");
            // Inputs up to 2m − 1 (unreduced outputs) stay correct.
            let unreduced = ifma.mul(&ifma.mul(&from_u64::<K>(&a), &from_u64::<K>(&b)), &r);
            let want2 = reference(&want[..words], &want[..words], &m, (52 * 8 * K) as u32);
            let mut got2 = vec![0u64; words];
            to_u64(&ifma.reduce(&unreduced), &mut got2);
            assert_eq!(got2[..], want2[..words]);
        }
    }

    #[test]
    fn matches_crypto_bigint() {
        check::<3>(1024);
        check::<4>(1536);
        check::<5>(2048);
        check::<2>(700);
    }

    #[test]
    fn pairs_match_singles() {
        if !Ifma::<4>::available() {
            return;
        }
        let mut state = 3;
        for _ in 0..50 {
            let mut m1 = [0u64; 24];
            let mut m2 = [0u64; 24];
            let mut a = [0u64; 24];
            let mut b = [0u64; 24];
            for w in [&mut m1, &mut m2, &mut a, &mut b] {
                random_words(&mut state, w);
            }
            m1[0] |= 1;
            m2[0] |= 1;
            m1[23] |= 1 << 63;
            m2[23] |= 1 << 63;
            a[23] &= !(1 << 63);
            b[23] &= !(1 << 63);
            let (x, y) = (
                Ifma::<4>::new(&from_u64::<4>(&m1)).unwrap(),
                Ifma::<4>::new(&from_u64::<4>(&m2)).unwrap(),
            );
            let (la, lb) = (from_u64::<4>(&a), from_u64::<4>(&b));
            assert_eq!(
                x.mul_pair(&la, &lb, &y, &lb, &la),
                (x.mul(&la, &lb), y.mul(&lb, &la))
            );
            let table = [la, lb, la, lb, lb];
            for (i, entry) in table.iter().enumerate() {
                assert_eq!(x.lookup(&table, i as u64), *entry);
            }
            for (da, db) in [(0, 0), (u64::MAX, 0), (0, u64::MAX), (u64::MAX, u64::MAX)] {
                let (p, q) = x.sqr_double_pair(&la, da, &y, &lb, db);
                assert_eq!(p, x.mul_double(&la, &la, da));
                assert_eq!(q, y.mul_double(&lb, &lb, db));
            }
        }
    }

    #[test]
    fn radix_round_trip() {
        let mut state = 7;
        let mut w = [0u64; 24];
        random_words(&mut state, &mut w);
        let l = from_u64::<4>(&w);
        assert!(l.iter().flatten().all(|&x| x <= MASK));
        let mut back = [0u64; 24];
        to_u64(&l, &mut back);
        assert_eq!(back, w);
    }
}

#[cfg(test)]
mod timing {
    use super::*;

    fn time<const K: usize>(bits: usize) {
        let mut m = [[0u64; 8]; K];
        for (i, l) in m.iter_mut().flatten().enumerate() {
            *l = (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) & MASK;
        }
        let top = bits / 52;
        for (i, l) in m.iter_mut().flatten().enumerate() {
            if i > top {
                *l = 0;
            }
        }
        m[top / 8][top % 8] &= (1 << (bits % 52)) - 1;
        m[0][0] |= 1;
        let ifma = Ifma::<K>::new(&m).unwrap();
        let mut x = m;
        x[0][0] -= 1;
        let mut best = f64::MAX;
        for _ in 0..7 {
            let t = std::time::Instant::now();
            for _ in 0..2000 {
                x = ifma.mul(&x, &x);
            }
            best = best.min(t.elapsed().as_secs_f64());
        }
        let mut y = x;
        let mut best2 = f64::MAX;
        for _ in 0..7 {
            let t = std::time::Instant::now();
            for _ in 0..1000 {
                (x, y) = ifma.sqr_double_pair(&x, 0, &ifma, &y, 0);
            }
            best2 = best2.min(t.elapsed().as_secs_f64());
        }
        eprintln!(
            "K={K} ({bits} bits): {:.0} ns per multiplication, {:.0} ns per squaring in pairs {}",
            best * 1e9 / 2000.0,
            best2 * 1e9 / 2000.0,
            (x[0][0] ^ y[0][0]) & 1
        );
    }

    /// `cargo test --release -p sslkit-mont timing -- --ignored --nocapture`
    #[test]
    #[ignore = "a timing report, not a test"]
    fn report() {
        assert!(Ifma::<4>::available());
        time::<3>(1024);
        time::<4>(1536);
        time::<5>(2048);
    }
}
