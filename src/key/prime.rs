//! Prime search for RSA key generation on fixed-width integers of `N` 64-bit limbs (primes of
//! exactly 64·N bits: 1024, 1536 and 2048 bits for RSA-2048/3072/4096).
//!
//! Where the time goes: almost all of it is the one modular exponentiation that every candidate
//! surviving the sieve costs. So this module
//!
//! 1. sieves a window of candidates by every odd prime below [`SIEVE_LIMIT`] (2^20, 82,024
//!    primes, against about 2,000 before), which leaves about 30% fewer candidates to test
//!    (the survivors' share falls as 1/ln(limit), Mertens' theorem);
//! 2. tests each survivor first with a Miller–Rabin test to base 2 computed with squarings
//!    and modular doublings only (no multiplications: multiplying by the base 2 is a shift);
//! 3. on processors with AVX-512 IFMA (detected at run time), does the Montgomery arithmetic
//!    of the Miller–Rabin tests with 52-bit vector multiply-adds (crate `sslkit-mont`, the only
//!    unsafe code, kept out of this crate) and runs the base-2 tests of two consecutive
//!    candidates interleaved, which about doubles the throughput of the latency-bound
//!    multiplication; elsewhere, on `[u64; N]` with `u128` products ([`Monty`]: product
//!    scanning, a dedicated squaring). The two give the same verdicts (tested).
//!
//! Measured per 1536-bit candidate on this project's machine (AMD EPYC, 4 GHz): 0.78 ms
//! (portable) or 0.42 ms (IFMA; 0.3 ms in pairs) for the base-2 test, against 1.4 ms before
//! (crypto-primes over crypto-bigint); 0.9 ms per window for the residues of 82,024 primes.
//! `cargo test --release --lib key::prime::timing -- --ignored --nocapture` prints these.
//!
//! # Constant time
//!
//! Every primality test that a prime which is finally *accepted* goes through is constant-time
//! in the candidate's value, on either arithmetic: the Montgomery multiplication and squaring
//! have no branch or memory index that depends on the numbers (the final subtraction is a
//! masked select; the IFMA kernel is straight-line vector code), the
//! exponent bits (the candidate's own bits) only drive masked selects and, in windowed
//! exponentiation, a table read that scans the whole table, and the Miller–Rabin verdict is
//! accumulated with masks over every bit position instead of stopping at the first square root
//! of 1. Branches on a test's *result* happen, but for an accepted prime every test passed, so
//! they take the same path for every prime that is accepted. Candidates that are rejected
//! leave early (that is the point), which tells only that they were composite. Pairing two
//! candidates' base-2 tests does not change this: the pair's steps are fixed, whatever the two
//! numbers. A random base is drawn by rejection sampling below n, so the number of draws
//! depends on n's size relative to 2^(64·N) (n > 2^(64·N − 1)·1.5: at most a quarter of draws
//! are rejected), as crypto-primes' draw did.
//!
//! Two data-dependent steps remain, both also in the previous sieve (and in OpenSSL's): the
//! sieve's memory writes depend on the window start's residues modulo the small primes, and a
//! candidate ≡ 1 (mod 2^64) (probability 2^-63) is skipped, which tells only that the prime
//! that was accepted is not one.
//!
//! # Strength of the test
//!
//! A candidate is accepted when it is a strong probable prime to base 2 and to `t` further
//! bases drawn uniformly at random from [2, n − 2] (on IFMA, where rounds run two at a time,
//! an odd `t` gets one more), with `t` from [`mr_rounds`]: the least
//! number of random-base rounds for which Damgård, Landrock and Pomerance's bound ("Average
//! case error estimates for the strong probable prime test", Math. Comp. 61, 1993), as FIPS
//! 186-5 appendix C.1 computes it, puts the probability p(k, t) that a random odd k-bit
//! integer which passes t rounds is composite below 2^-s, s being the key's security strength:
//!
//! | key      | prime k | s   | t | closed form k^(3/2)·2^t·t^(−1/2)·4^(2−√(tk)) |
//! |----------|---------|-----|---|-----------------------------------------------|
//! | RSA-2048 | 1024    | 112 | 5 | < 2^-120                                      |
//! | RSA-3072 | 1536    | 128 | 4 | < 2^-133                                      |
//! | RSA-4096 | 2048    | 144 | 4 | < 2^-157                                      |
//!
//! (t is computed by crypto-primes' `minimum_mr_iterations`, which implements the FIPS 186-5
//! C.1 sum; the table's last column is the paper's simpler closed-form bound, valid for
//! 3 ≤ t ≤ k/9 and k ≥ 21, which is looser and already below 2^-s). Sieving
//! removes only composites, so it can only lower p(k, t); the base-2 round comes on top.
//! Candidates have their top two bits set, the upper half of the k-bit range, which holds
//! about half of the k-bit primes, so restricting to it can at most double p(k, t): the
//! closed-form column leaves at least 7 bits of margin for that. A key
//! has two primes, so the probability that one of them is composite is below 2^(1−s). Without
//! any assumption on how candidates are distributed (the search here is incremental from a
//! random start, as in OpenSSL; Brandt and Damgård, CRYPTO '92, show that this keeps error
//! estimates of the same order), Rabin's theorem still bounds the chance that a given
//! composite passes t random-base rounds by 4^-t.

use std::sync::LazyLock;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::error::{Error, Result};
use sslkit_mont::{Ifma, Limbs};

/// The sieve removes candidates with an odd prime factor below this bound.
pub(crate) const SIEVE_LIMIT: u32 = 1 << 20;

/// Candidates per sieve window (odd offsets from the window's start).
const WINDOW: usize = 4096;

/// Odd primes below [`SIEVE_LIMIT`], with ⌊2^64 / p⌋ for Barrett reduction, packed into
/// groups whose product M fits in 62 bits: a number's residues modulo all of a group's primes
/// come from one residue modulo M, found with one-word Montgomery reductions (one step per
/// 64-bit limb, so about N/3 steps per prime instead of 2N Barrett steps).
struct SmallPrimes {
    p: Vec<u32>,
    mu: Vec<u64>,
    groups: Vec<Group>,
}

struct Group {
    /// The product of the group's primes.
    m: u64,
    /// −m^-1 mod 2^64.
    m_neg_inv: u64,
    /// 2^64 mod m.
    r_mod_m: u64,
    /// The group's primes are `p[first..first + count]`.
    first: u32,
    count: u32,
}

static SMALL_PRIMES: LazyLock<SmallPrimes> = LazyLock::new(|| {
    let limit = SIEVE_LIMIT as usize;
    let mut composite = vec![false; limit];
    let mut p = Vec::with_capacity(83_000);
    for i in 3..limit {
        if !composite[i] && i % 2 == 1 {
            p.push(i as u32);
            let mut j = i * i;
            while j < limit {
                composite[j] = true;
                j += 2 * i;
            }
        }
    }
    let mu = p.iter().map(|&p| u64::MAX / u64::from(p)).collect();
    let mut groups = Vec::new();
    let mut first = 0;
    while first < p.len() {
        let mut m = 1u64;
        let mut count = 0;
        while first + count < p.len() && m < (1 << 62) / u64::from(p[first + count]) {
            m *= u64::from(p[first + count]);
            count += 1;
        }
        let mut inv = m;
        for _ in 0..5 {
            inv = inv.wrapping_mul(2u64.wrapping_sub(m.wrapping_mul(inv)));
        }
        groups.push(Group {
            m,
            m_neg_inv: inv.wrapping_neg(),
            r_mod_m: ((1u128 << 64) % u128::from(m)) as u64,
            first: first as u32,
            count: count as u32,
        });
        first += count;
    }
    SmallPrimes { p, mu, groups }
});

/// x·2^-64 mod m for x < m·2^64 (one-word Montgomery reduction; result < m).
#[inline(always)]
fn redc1(x: u128, m: u64, m_neg_inv: u64) -> u64 {
    let q = (x as u64).wrapping_mul(m_neg_inv);
    let y = ((x + u128::from(q) * u128::from(m)) >> 64) as u64;
    let (d, borrow) = y.overflowing_sub(m);
    if borrow { y } else { d }
}

/// x mod m for x < 2^64, by `m`'s Barrett constant `mu` = ⌊2^64 / m⌋.
#[inline(always)]
fn barrett(x: u64, m: u64, mu: u64) -> u64 {
    let q = ((u128::from(x) * u128::from(mu)) >> 64) as u64;
    let r = x - q * m;
    let (d, borrow) = r.overflowing_sub(m);
    if borrow { r } else { d }
}

/// 2^(64·(limbs + 1)) mod `g.m`: one Montgomery reduction of its product with
/// V·2^(−64·limbs) mod m gives V mod m.
fn group_fix(g: &Group, limbs: usize) -> u64 {
    // Square-and-multiply on 2^64 mod m, plain u128 remainders.
    let mulmod = |a: u64, b: u64| ((u128::from(a) * u128::from(b)) % u128::from(g.m)) as u64;
    let (mut acc, mut base, mut e) = (1u64 % g.m, g.r_mod_m, limbs + 1);
    while e > 0 {
        if e & 1 == 1 {
            acc = mulmod(acc, base);
        }
        base = mulmod(base, base);
        e >>= 1;
    }
    acc
}

/// [`group_fix`] for every group, for numbers of `limbs` limbs (computed once for the three
/// sizes of RSA-2048/3072/4096 primes, each time for others).
fn group_fixes(limbs: usize) -> std::borrow::Cow<'static, [u64]> {
    static FIXES: [LazyLock<Vec<u64>>; 3] = [
        LazyLock::new(|| fixes_for(16)),
        LazyLock::new(|| fixes_for(24)),
        LazyLock::new(|| fixes_for(32)),
    ];
    fn fixes_for(limbs: usize) -> Vec<u64> {
        SMALL_PRIMES
            .groups
            .iter()
            .map(|g| group_fix(g, limbs))
            .collect()
    }
    match limbs {
        16 => (*FIXES[0]).as_slice().into(),
        24 => (*FIXES[1]).as_slice().into(),
        32 => (*FIXES[2]).as_slice().into(),
        _ => fixes_for(limbs).into(),
    }
}

/// All-ones when `x` is zero, else zero (no branch).
#[inline(always)]
fn zero_mask(x: u64) -> u64 {
    ((x | x.wrapping_neg()) >> 63).wrapping_sub(1)
}

/// All-ones when `a == b`, else zero (no branch).
#[inline(always)]
fn eq_mask<const N: usize>(a: &[u64; N], b: &[u64; N]) -> u64 {
    let mut d = 0;
    for i in 0..N {
        d |= a[i] ^ b[i];
    }
    zero_mask(d)
}

/// `b` where `mask` is all-ones, `a` where it is zero.
#[inline(always)]
fn select<const N: usize>(mask: u64, a: &[u64; N], b: &[u64; N]) -> [u64; N] {
    let mask = std::hint::black_box(mask);
    let mut r = [0u64; N];
    for i in 0..N {
        r[i] = a[i] ^ (mask & (a[i] ^ b[i]));
    }
    r
}

/// `a − b` and the borrow (0 or 1).
#[inline(always)]
fn sub<const N: usize>(a: &[u64; N], b: &[u64; N]) -> ([u64; N], u64) {
    let mut r = [0u64; N];
    let mut borrow = 0u64;
    for i in 0..N {
        let (d1, b1) = a[i].overflowing_sub(b[i]);
        let (d2, b2) = d1.overflowing_sub(borrow);
        r[i] = d2;
        borrow = u64::from(b1 | b2);
    }
    (r, borrow)
}

/// (acc, c2) += a·b: the column sum as a 128-bit word plus a third word for its carries.
#[inline(always)]
fn mac3(acc: &mut u128, c2: &mut u64, a: u64, b: u64) {
    let (s, c) = acc.overflowing_add(u128::from(a) * u128::from(b));
    *acc = s;
    *c2 += u64::from(c);
}

/// (acc, c2) += 2·(s2·2^128 + s): the doubled cross products of a squaring's column.
#[inline(always)]
fn add_doubled(acc: &mut u128, c2: &mut u64, s: u128, s2: u64) {
    let (d, c) = acc.overflowing_add(s << 1);
    *acc = d;
    *c2 += u64::from(c) + (s2 << 1) + (s >> 127) as u64;
}

/// Ends a column: returns its low word and shifts the accumulator down one word.
#[inline(always)]
fn next3(acc: &mut u128, c2: &mut u64) -> u64 {
    let w = *acc as u64;
    *acc = (*acc >> 64) | (u128::from(*c2) << 64);
    *c2 = 0;
    w
}

/// Montgomery arithmetic modulo an odd `n` of exactly 64·N bits (top bit set), R = 2^(64·N).
pub(crate) struct Monty<const N: usize> {
    n: [u64; N],
    /// −n^-1 mod 2^64.
    n0: u64,
    /// R mod n, the Montgomery form of 1.
    one: [u64; N],
    /// n − (R mod n), the Montgomery form of −1.
    minus_one: [u64; N],
}

impl<const N: usize> Monty<N> {
    /// `n` must be odd with its top bit set (not checked here: the prime search makes it so).
    pub(crate) fn new(n: [u64; N]) -> Self {
        // Newton's iteration for n^-1 mod 2^64: n·n ≡ 1 (mod 8) for odd n, and each step
        // doubles the number of correct low bits (3, 6, 12, 24, 48, 96).
        let mut inv = n[0];
        for _ in 0..5 {
            inv = inv.wrapping_mul(2u64.wrapping_sub(n[0].wrapping_mul(inv)));
        }
        // n > R/2, so R mod n = R − n, which is −n in N limbs.
        let (one, _) = sub(&[0u64; N], &n);
        let (minus_one, _) = sub(&n, &one);
        Monty {
            n,
            n0: inv.wrapping_neg(),
            one,
            minus_one,
        }
    }

    /// `r − n` if `top` is set or `r ≥ n`, else `r` (the value is top·R + r < 2n).
    #[inline(always)]
    fn reduce_once(&self, r: &[u64; N], top: u64) -> [u64; N] {
        let (s, borrow) = sub(r, &self.n);
        // Take s when there was no borrow, or when the borrow is absorbed by `top`.
        let take = zero_mask(borrow & !top);
        select(take, r, &s)
    }

    /// a·b·R^-1 mod n for a, b < n: product scanning (one column of the product at a time,
    /// Montgomery reduction interleaved), summing into a three-word accumulator.
    pub(crate) fn mul(&self, a: &[u64; N], b: &[u64; N]) -> [u64; N] {
        let n = &self.n;
        let mut m = [0u64; N];
        let mut r = [0u64; N];
        let (mut acc, mut c2) = (0u128, 0u64);
        for k in 0..N {
            for i in 0..k {
                mac3(&mut acc, &mut c2, a[i], b[k - i]);
                mac3(&mut acc, &mut c2, m[i], n[k - i]);
            }
            mac3(&mut acc, &mut c2, a[k], b[0]);
            let mk = (acc as u64).wrapping_mul(self.n0);
            m[k] = mk;
            mac3(&mut acc, &mut c2, mk, n[0]);
            next3(&mut acc, &mut c2);
        }
        for k in N..2 * N - 1 {
            for i in k + 1 - N..N {
                mac3(&mut acc, &mut c2, a[i], b[k - i]);
                mac3(&mut acc, &mut c2, m[i], n[k - i]);
            }
            r[k - N] = next3(&mut acc, &mut c2);
        }
        r[N - 1] = next3(&mut acc, &mut c2);
        self.reduce_once(&r, acc as u64)
    }

    /// a²·R^-1 mod n for a < n, as [`Monty::mul`] but each cross product a_i·a_j (i < j)
    /// is computed once and doubled.
    pub(crate) fn sqr(&self, a: &[u64; N]) -> [u64; N] {
        let n = &self.n;
        let mut m = [0u64; N];
        let mut r = [0u64; N];
        let (mut acc, mut c2) = (0u128, 0u64);
        for k in 0..N {
            let (mut s, mut s2) = (0u128, 0u64);
            for i in 0..k.div_ceil(2) {
                mac3(&mut s, &mut s2, a[i], a[k - i]);
            }
            add_doubled(&mut acc, &mut c2, s, s2);
            if k % 2 == 0 {
                mac3(&mut acc, &mut c2, a[k / 2], a[k / 2]);
            }
            for i in 0..k {
                mac3(&mut acc, &mut c2, m[i], n[k - i]);
            }
            let mk = (acc as u64).wrapping_mul(self.n0);
            m[k] = mk;
            mac3(&mut acc, &mut c2, mk, n[0]);
            next3(&mut acc, &mut c2);
        }
        for k in N..2 * N - 1 {
            let (mut s, mut s2) = (0u128, 0u64);
            for i in k + 1 - N..k.div_ceil(2) {
                mac3(&mut s, &mut s2, a[i], a[k - i]);
            }
            add_doubled(&mut acc, &mut c2, s, s2);
            if k % 2 == 0 {
                mac3(&mut acc, &mut c2, a[k / 2], a[k / 2]);
            }
            for i in k + 1 - N..N {
                mac3(&mut acc, &mut c2, m[i], n[k - i]);
            }
            r[k - N] = next3(&mut acc, &mut c2);
        }
        r[N - 1] = next3(&mut acc, &mut c2);
        self.reduce_once(&r, acc as u64)
    }

    /// 2a mod n for a < n.
    #[inline(always)]
    fn dbl(&self, a: &[u64; N]) -> [u64; N] {
        let mut r = [0u64; N];
        let mut carry = 0u64;
        for i in 0..N {
            r[i] = (a[i] << 1) | carry;
            carry = a[i] >> 63;
        }
        self.reduce_once(&r, carry)
    }

    /// R² mod n (R mod n doubled 64·N times).
    fn r2(&self) -> [u64; N] {
        let mut x = self.one;
        for _ in 0..64 * N {
            x = self.dbl(&x);
        }
        x
    }

    /// a·R mod n, the Montgomery form of a < n.
    pub(crate) fn to_monty(&self, a: &[u64; N]) -> [u64; N] {
        self.mul(a, &self.r2())
    }

    /// Bit `i` of n − 1 as a mask (n is odd, so n − 1 is n without bit 0).
    #[inline(always)]
    fn exp_bit(&self, i: usize) -> u64 {
        let bit = if i == 0 {
            0
        } else {
            (self.n[i / 64] >> (i % 64)) & 1
        };
        bit.wrapping_neg()
    }

    /// The Miller–Rabin verdict's update after the exponent's bits above `j` were processed,
    /// so that `acc` = a^((n−1) >> j). With n − 1 = 2^s·d, d odd: n passes when a^d = 1 (j = s)
    /// or a^(d·2^r) = −1 for some r < s (1 ≤ j ≤ s). Masks only; `j` < 64.
    #[inline(always)]
    fn mr_update(&self, pass: &mut u64, acc: &[u64; N], j: usize) {
        self.mr_verdict(
            pass,
            eq_mask(acc, &self.one),
            eq_mask(acc, &self.minus_one),
            j,
        );
    }

    /// [`Monty::mr_update`] given whether the accumulator is 1 and whether it is −1 (masks).
    #[inline(always)]
    fn mr_verdict(&self, pass: &mut u64, is_one: u64, is_minus_one: u64, j: usize) {
        let low = self.n[0] & !1;
        // All-ones when the j lowest bits of n − 1 are zero, i.e. j ≤ s.
        let below = |j: usize| {
            if j >= 64 {
                zero_mask(low)
            } else {
                zero_mask(low & ((1u64 << j) - 1))
            }
        };
        let j_le_s = below(j);
        let j_eq_s = j_le_s & !below(j + 1);
        *pass |= j_eq_s & is_one;
        if j >= 1 {
            *pass |= j_le_s & is_minus_one;
        }
    }

    /// Bits `lo .. lo + width` of n − 1 (width ≤ 8, lo + width ≤ 64·N).
    #[inline(always)]
    fn exp_bits(&self, lo: usize, width: usize) -> u64 {
        let mut v = 0;
        for b in (lo..lo + width).rev() {
            v = (v << 1) | (self.exp_bit(b) & 1);
        }
        v
    }

    /// Miller–Rabin to base 2 in constant time: one squaring and one masked modular doubling
    /// per bit of n − 1. Needs n ≢ 1 (mod 2^64), so that s < 64.
    pub(crate) fn mr_base2(&self) -> bool {
        let bits = 64 * N;
        // The top bit of n − 1 is set: start from 2.
        let mut acc = self.dbl(&self.one);
        let mut pass = 0u64;
        for i in (0..bits - 1).rev() {
            acc = self.sqr(&acc);
            let doubled = self.dbl(&acc);
            acc = select(self.exp_bit(i), &acc, &doubled);
            if i < 64 {
                self.mr_update(&mut pass, &acc, i);
            }
        }
        pass != 0
    }

    /// Miller–Rabin to base `a` (2 ≤ a ≤ n − 2, not in Montgomery form) in constant time:
    /// 4-bit fixed windows with a full-table scan down to bit 64, then one bit at a time with
    /// masked multiplications so that every a^((n−1) >> j), j < 64, is seen. Needs
    /// n ≢ 1 (mod 2^64).
    pub(crate) fn mr_base(&self, a: &[u64; N]) -> bool {
        let base = self.to_monty(a);
        let mut table = [self.one; 16];
        for i in 1..16 {
            table[i] = self.mul(&table[i - 1], &base);
        }
        let window = |w: usize| -> [u64; N] {
            // Bits 64 + 4w .. 64 + 4w + 3 of n − 1 (all ≥ 64, so the same as n's).
            let start = 64 + 4 * w;
            let idx = (self.n[start / 64] >> (start % 64)) & 15;
            let mut r = [0u64; N];
            for (k, entry) in table.iter().enumerate() {
                let hit = zero_mask(idx ^ k as u64);
                for l in 0..N {
                    r[l] |= hit & entry[l];
                }
            }
            r
        };
        let windows = (64 * N - 64) / 4;
        let mut acc = window(windows - 1);
        for w in (0..windows - 1).rev() {
            for _ in 0..4 {
                acc = self.sqr(&acc);
            }
            acc = self.mul(&acc, &window(w));
        }
        let mut pass = 0u64;
        for i in (0..64).rev() {
            acc = self.sqr(&acc);
            let multiplied = self.mul(&acc, &base);
            acc = select(self.exp_bit(i), &acc, &multiplied);
            self.mr_update(&mut pass, &acc, i);
        }
        pass != 0
    }
}

/// Window width of the IFMA exponentiations (a table of 2^5 powers).
const IFMA_WINDOW: usize = 5;

/// Miller–Rabin on AVX-512 IFMA ([`sslkit_mont`]), for a candidate already set up in a
/// [`Monty`] (which supplies the exponent bits, the verdict logic and R mod n). Numbers are in
/// radix 2^52 with R' = 2^(52·8·K) > 4n, in Montgomery form for R'. Constant-time like
/// [`Monty`]'s tests: fixed windows, full-table scans, masked selects, and every comparison
/// on the fully reduced value.
pub(crate) struct IfmaMr<'a, const N: usize, const K: usize> {
    monty: &'a Monty<N>,
    ifma: Ifma<K>,
    /// R' mod n, the form of 1.
    one: Limbs<K>,
    /// n − (R' mod n), the form of −1.
    minus_one: Limbs<K>,
    /// 2^k·R' mod n for k < 2^IFMA_WINDOW: the window table of base 2.
    twos: Vec<Limbs<K>>,
}

#[inline(always)]
fn eq_mask_limbs<const K: usize>(a: &Limbs<K>, b: &Limbs<K>) -> u64 {
    let mut d = 0;
    for (x, y) in a.iter().flatten().zip(b.iter().flatten()) {
        d |= x ^ y;
    }
    zero_mask(d)
}

#[inline(always)]
fn select_limbs<const K: usize>(mask: u64, a: &Limbs<K>, b: &Limbs<K>) -> Limbs<K> {
    let mask = std::hint::black_box(mask);
    let mut r = *a;
    for (r, (x, y)) in r
        .iter_mut()
        .flatten()
        .zip(a.iter().flatten().zip(b.iter().flatten()))
    {
        *r = x ^ (mask & (x ^ y));
    }
    r
}

impl<'a, const N: usize, const K: usize> IfmaMr<'a, N, K> {
    /// None when the processor has no AVX-512 IFMA.
    pub(crate) fn new(monty: &'a Monty<N>) -> Option<Self> {
        let ifma = Ifma::<K>::new(&sslkit_mont::from_u64::<K>(&monty.n))?;
        // R' mod n: R mod n doubled 52·8·K − 64·N times.
        let mut x = monty.one;
        for _ in 0..(52 * 8 * K).saturating_sub(64 * N) {
            x = monty.dbl(&x);
        }
        let (m1, _) = sub(&monty.n, &x);
        let one = sslkit_mont::from_u64::<K>(&x);
        let minus_one = sslkit_mont::from_u64::<K>(&m1);
        let mut twos = Vec::with_capacity(1 << IFMA_WINDOW);
        for _ in 0..1 << IFMA_WINDOW {
            twos.push(sslkit_mont::from_u64::<K>(&x));
            x = monty.dbl(&x);
        }
        Some(IfmaMr {
            monty,
            ifma,
            one,
            minus_one,
            twos,
        })
    }

    /// Windowed exponentiation by n − 1 with `table` (table[k] = base^k in Montgomery form)
    /// down to bit 64, then bit by bit with the Miller–Rabin verdict at every position.
    #[cfg(test)]
    fn mr(&self, table: &[Limbs<K>], base: &Limbs<K>) -> bool {
        self.mr_two([table, table], [base, base])[0]
    }

    /// [`IfmaMr::mr`] for two bases at once (two tables), interleaved.
    fn mr_two(&self, tables: [&[Limbs<K>]; 2], bases: [&Limbs<K>; 2]) -> [bool; 2] {
        let f = &self.ifma;
        let high = 64 * N - 64;
        let first = match high % IFMA_WINDOW {
            0 => IFMA_WINDOW,
            r => r,
        };
        let mut pos = 64 * N - first;
        let w = self.monty.exp_bits(pos, first);
        let mut x = f.lookup(tables[0], w);
        let mut y = f.lookup(tables[1], w);
        while pos > 64 {
            pos -= IFMA_WINDOW;
            for _ in 0..IFMA_WINDOW {
                (x, y) = f.mul_pair(&x, &x, f, &y, &y);
            }
            let w = self.monty.exp_bits(pos, IFMA_WINDOW);
            (x, y) = f.mul_pair(&x, &f.lookup(tables[0], w), f, &y, &f.lookup(tables[1], w));
        }
        let mut pass = [0u64; 2];
        for i in (0..64).rev() {
            (x, y) = f.mul_pair(&x, &x, f, &y, &y);
            let (mx, my) = f.mul_pair(&x, bases[0], f, &y, bases[1]);
            let bit = self.monty.exp_bit(i);
            x = select_limbs(bit, &x, &mx);
            y = select_limbs(bit, &y, &my);
            for (acc, pass) in [&x, &y].into_iter().zip(pass.iter_mut()) {
                let reduced = f.reduce(acc);
                self.monty.mr_verdict(
                    pass,
                    eq_mask_limbs(&reduced, &self.one),
                    eq_mask_limbs(&reduced, &self.minus_one),
                    i,
                );
            }
        }
        [pass[0] != 0, pass[1] != 0]
    }

    /// Miller–Rabin to base 2 in constant time: per bit of n − 1 one squaring whose result is
    /// doubled or not by a mask (R' > 16n keeps every value below 4n, see
    /// [`Ifma::mul_double`]); values are reduced below n only for the verdict's comparisons.
    pub(crate) fn mr_base2(&self) -> bool {
        // The top bit of n − 1 is set: start from 2.
        let mut acc = self.twos[1];
        let mut pass = 0u64;
        for i in (0..64 * N - 1).rev() {
            acc = self.ifma.mul_double(&acc, &acc, self.monty.exp_bit(i));
            if i < 64 {
                // acc < 4n: three conditional subtractions of n.
                let reduced = self.ifma.reduce(&self.ifma.reduce(&self.ifma.reduce(&acc)));
                self.monty.mr_verdict(
                    &mut pass,
                    eq_mask_limbs(&reduced, &self.one),
                    eq_mask_limbs(&reduced, &self.minus_one),
                    i,
                );
            }
        }
        pass != 0
    }

    /// [`IfmaMr::mr_base2`] for this candidate and `other` at once: the two exponentiations are
    /// independent, and interleaved they run in about 0.7 of the time of two in a row. Each is
    /// constant-time as it is alone.
    pub(crate) fn mr_base2_pair(&self, other: &IfmaMr<'_, N, K>) -> (bool, bool) {
        let (mut x, mut y) = (self.twos[1], other.twos[1]);
        let (mut pass_x, mut pass_y) = (0u64, 0u64);
        for i in (0..64 * N - 1).rev() {
            (x, y) = self.ifma.sqr_double_pair(
                &x,
                self.monty.exp_bit(i),
                &other.ifma,
                &y,
                other.monty.exp_bit(i),
            );
            if i < 64 {
                for (me, acc, pass) in [(self, &x, &mut pass_x), (other, &y, &mut pass_y)] {
                    let reduced = me.ifma.reduce(&me.ifma.reduce(&me.ifma.reduce(acc)));
                    me.monty.mr_verdict(
                        pass,
                        eq_mask_limbs(&reduced, &me.one),
                        eq_mask_limbs(&reduced, &me.minus_one),
                        i,
                    );
                }
            }
        }
        (pass_x != 0, pass_y != 0)
    }

    /// Miller–Rabin to a uniformly random base in [2, n − 2]: a uniformly random Montgomery
    /// representative other than those of 0, 1 and −1 (the map x ↦ x·R'^-1 is a bijection).
    #[cfg(test)]
    pub(crate) fn mr_random(&self) -> Result<bool> {
        let base = self.random_base()?;
        let table = self.table(&base);
        Ok(self.mr(&table, &base))
    }

    /// Two [`IfmaMr::mr_random`] rounds (independent bases) at once; true when both pass.
    pub(crate) fn mr_random_two(&self) -> Result<bool> {
        let (a, b) = (self.random_base()?, self.random_base()?);
        let (ta, tb) = self.tables(&a, &b);
        Ok(self.mr_two([&ta, &tb], [&a, &b]) == [true, true])
    }

    fn random_base(&self) -> Result<Limbs<K>> {
        let n = &self.monty.n;
        loop {
            let a = random_limbs::<N>()?;
            let (_, below_n) = sub(&a, n);
            let a = sslkit_mont::from_u64::<K>(&a);
            let zero = [[0u64; 8]; K];
            let bad = eq_mask_limbs(&a, &zero)
                | eq_mask_limbs(&a, &self.one)
                | eq_mask_limbs(&a, &self.minus_one);
            if below_n == 1 && bad == 0 {
                return Ok(a);
            }
        }
    }

    /// base^k in Montgomery form for k < 2^IFMA_WINDOW.
    #[cfg(test)]
    fn table(&self, base: &Limbs<K>) -> Vec<Limbs<K>> {
        let mut table = Vec::with_capacity(1 << IFMA_WINDOW);
        table.push(self.one);
        for k in 1..1 << IFMA_WINDOW {
            let next = self.ifma.mul(&table[k - 1], base);
            table.push(next);
        }
        table
    }

    /// [`IfmaMr::table`] for two bases, interleaved.
    fn tables(&self, a: &Limbs<K>, b: &Limbs<K>) -> (Vec<Limbs<K>>, Vec<Limbs<K>>) {
        let (mut ta, mut tb) = (vec![self.one], vec![self.one]);
        for k in 1..1 << IFMA_WINDOW {
            let (x, y) = self.ifma.mul_pair(&ta[k - 1], a, &self.ifma, &tb[k - 1], b);
            ta.push(x);
            tb.push(y);
        }
        (ta, tb)
    }
}

/// Random-base Miller–Rabin rounds after the base-2 round, for a probability below
/// 2^-strength that an accepted candidate of `bits` bits is composite, where strength is the
/// security strength of the key made of two such primes (SP 800-57: 112 bits for RSA-2048,
/// 128 for RSA-3072; 144 for RSA-4096, between 128 and 192). See the module's comment.
pub(crate) fn mr_rounds(bits: u32) -> usize {
    let strength = match bits {
        ..=1024 => 112,
        1025..=1536 => 128,
        _ => 144,
    };
    crypto_primes::hazmat::minimum_mr_iterations(bits, strength).unwrap_or(64)
}

fn random_limbs<const N: usize>() -> Result<[u64; N]> {
    let mut bytes = zeroize::Zeroizing::new([0u8; 8 * 512]);
    let bytes = &mut bytes[..8 * N];
    getrandom::fill(bytes).map_err(|_| Error::internal("the system random generator failed"))?;
    let mut r = [0u64; N];
    for (limb, chunk) in r.iter_mut().zip(bytes.chunks_exact(8)) {
        let mut b = [0u8; 8];
        b.copy_from_slice(chunk);
        *limb = u64::from_le_bytes(b);
    }
    Ok(r)
}

/// A random base in [2, n − 2] (rejection sampling over integers below 2^(64·N)).
fn random_base<const N: usize>(n: &[u64; N]) -> Result<[u64; N]> {
    let mut two = [0u64; N];
    two[0] = 2;
    let (n_minus_1, _) = sub(n, &{
        let mut one = [0u64; N];
        one[0] = 1;
        one
    });
    loop {
        let a = random_limbs::<N>()?;
        let (_, below_two) = sub(&a, &two);
        let (_, below_n_minus_1) = sub(&a, &n_minus_1);
        if below_two == 0 && below_n_minus_1 == 1 {
            return Ok(a);
        }
    }
}

/// start mod p for every sieve prime: per group, V·2^(−64·N) mod M by one-word Montgomery
/// reductions from the lowest limb up, then × 2^(64·N) mod M, then Barrett per prime.
fn residues<const N: usize>(start: &[u64; N], primes: &SmallPrimes) -> Vec<u32> {
    let fixes = group_fixes(N);
    let mut out = vec![0u32; primes.p.len()];
    // Four groups at a time: four independent chains of reductions keep the multiplier busy.
    for (gs, fs) in primes.groups.chunks(4).zip(fixes.as_ref().chunks(4)) {
        let mut t = [0u64; 4];
        for &limb in start {
            for (t, g) in t.iter_mut().zip(gs) {
                *t = redc1(u128::from(*t) + u128::from(limb), g.m, g.m_neg_inv);
            }
        }
        for ((g, &fix), &t) in gs.iter().zip(fs).zip(&t) {
            // t = V·2^(−64N) mod M, and t·2^(64(N+1))·2^−64 = V.
            let v = redc1(u128::from(t) * u128::from(fix), g.m, g.m_neg_inv);
            let range = g.first as usize..(g.first + g.count) as usize;
            for ((r, &p), &mu) in out[range.clone()]
                .iter_mut()
                .zip(&primes.p[range.clone()])
                .zip(&primes.mu[range])
            {
                *r = barrett(v, u64::from(p), mu) as u32;
            }
        }
    }
    out
}

/// A random prime of exactly 64·N bits with its top two bits set (so that p·q has exactly
/// 128·N bits), or None when `stop` was raised first.
/// Uses AVX-512 IFMA (radix 2^52 in `K` vectors of eight limbs, 52·8·K ≥ 64·N + 4) when the
/// processor has it, else the portable [`Monty`].
pub(crate) fn find_prime<const N: usize, const K: usize>(
    stop: &AtomicBool,
) -> Result<Option<[u64; N]>> {
    find_prime_with::<N, K>(stop, Ifma::<K>::available())
}

fn find_prime_with<const N: usize, const K: usize>(
    stop: &AtomicBool,
    ifma: bool,
) -> Result<Option<[u64; N]>> {
    let primes = &*SMALL_PRIMES;
    let ifma = ifma && 52 * 8 * K >= 64 * N + 4;
    let rounds = mr_rounds(64 * N as u32);
    'fresh: loop {
        let mut start = random_limbs::<N>()?;
        start[N - 1] |= 0b11 << 62;
        start[0] |= 1;
        // next[i]: the first offset in the current window that primes.p[i] divides.
        let mut next: Vec<u32> = residues(&start, primes)
            .iter()
            .zip(&primes.p)
            .map(|(&r, &p)| {
                // start + 2i ≡ 0 (mod p)  ⇔  i ≡ (p − r)/2 (mod p), halving mod p.
                let t = p - r;
                let i = if t % 2 == 0 { t / 2 } else { (t + p) / 2 };
                if i >= p { i - p } else { i }
            })
            .collect();
        let mut base = start;
        loop {
            let mut sieve = [0u64; WINDOW / 64];
            for (j, &p) in next.iter_mut().zip(&primes.p) {
                let mut i = *j as usize;
                while i < WINDOW {
                    sieve[i / 64] |= 1 << (i % 64);
                    i += p as usize;
                }
                *j = (i - WINDOW) as u32;
            }
            // The window's candidates that the sieve left, in order, two at a time (on IFMA
            // their base-2 tests run together); the first that passes every test wins, as if
            // they were tested one by one.
            let mut survivors = (0..WINDOW).filter(|&i| sieve[i / 64] >> (i % 64) & 1 == 0);
            loop {
                if stop.load(Ordering::Relaxed) {
                    return Ok(None);
                }
                let mut batch = Vec::with_capacity(2);
                for i in survivors.by_ref() {
                    // candidate = base + 2i; a carry out of the top limb or into the top two
                    // bits means the window ran past 64·N bits: start again.
                    let mut c = base;
                    let mut carry = 2 * i as u64;
                    for limb in c.iter_mut() {
                        let (s, o) = limb.overflowing_add(carry);
                        *limb = s;
                        carry = u64::from(o);
                    }
                    if carry != 0 || c[N - 1] >> 62 != 0b11 {
                        continue 'fresh;
                    }
                    if c[0] == 1 {
                        continue; // n ≡ 1 (mod 2^64): see the module comment
                    }
                    batch.push(c);
                    if batch.len() == 2 {
                        break;
                    }
                }
                if batch.is_empty() {
                    break;
                }
                let montys: Vec<Monty<N>> = batch.iter().map(|&c| Monty::new(c)).collect();
                let mut fast: Vec<IfmaMr<'_, N, K>> = if ifma {
                    montys.iter().filter_map(IfmaMr::new).collect()
                } else {
                    Vec::new()
                };
                if fast.len() != montys.len() {
                    fast.clear(); // all on IFMA or none
                }
                let base2: Vec<bool> = match fast.as_slice() {
                    [x, y] => {
                        let (a, b) = x.mr_base2_pair(y);
                        vec![a, b]
                    }
                    [x] => vec![x.mr_base2()],
                    _ => montys.iter().map(Monty::mr_base2).collect(),
                };
                for (k, &c) in batch.iter().enumerate() {
                    if !base2[k] {
                        continue;
                    }
                    let mut prime = true;
                    let mut done = 0;
                    while done < rounds {
                        // On IFMA, two rounds at a time (their exponentiations interleaved, which
                        // costs about what one alone does): an odd count gets one more round.
                        let (passed, n) = match fast.get(k) {
                            Some(f) => (f.mr_random_two()?, 2),
                            None => (montys[k].mr_base(&random_base(&c)?), 1),
                        };
                        done += n;
                        if !passed {
                            prime = false;
                            break;
                        }
                    }
                    if prime {
                        return Ok(Some(c));
                    }
                }
            }
            // Next window: base += 2·WINDOW.
            let mut carry = 2 * WINDOW as u64;
            for limb in base.iter_mut() {
                let (s, o) = limb.overflowing_add(carry);
                *limb = s;
                carry = u64::from(o);
            }
            if carry != 0 {
                continue 'fresh;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crypto_bigint::modular::{FixedMontyForm as MontyForm, FixedMontyParams as MontyParams};
    use crypto_bigint::{Odd, U1024, U1536, Uint};
    use crypto_primes::hazmat::MillerRabin;

    fn random_odd_top<const N: usize>() -> [u64; N] {
        let mut n = random_limbs::<N>().unwrap();
        n[N - 1] |= 1 << 63;
        n[0] |= 1;
        n
    }

    fn below<const N: usize>(n: &[u64; N]) -> [u64; N] {
        loop {
            let a = random_limbs::<N>().unwrap();
            if sub(&a, n).1 == 1 {
                return a;
            }
        }
    }

    fn check_arith<const N: usize>() {
        for _ in 0..200 {
            let n = random_odd_top::<N>();
            let a = below(&n);
            let b = below(&n);
            let m = Monty::new(n);
            let params = MontyParams::new_vartime(Odd::new(Uint::<N>::from_words(n)).unwrap());
            let am = MontyForm::new(&Uint::<N>::from_words(a), &params);
            let bm = MontyForm::new(&Uint::<N>::from_words(b), &params);
            let ours_a = m.to_monty(&a);
            let ours_b = m.to_monty(&b);
            assert_eq!(ours_a, am.as_montgomery().to_words());
            assert_eq!(
                m.mul(&ours_a, &ours_b),
                (am * bm).as_montgomery().to_words()
            );
            assert_eq!(m.sqr(&ours_a), am.square().as_montgomery().to_words());
            // Raw (non-reduced-form) inputs too: Montgomery products of a and b as they are.
            let raw = m.mul(&a, &b);
            let expected = MontyForm::from_montgomery(Uint::<N>::from_words(a), &params)
                * MontyForm::from_montgomery(Uint::<N>::from_words(b), &params);
            assert_eq!(raw, expected.as_montgomery().to_words());
            let a_int = Uint::<N>::from_words(a);
            let doubled = a_int.add_mod(&a_int, params.modulus().as_nz_ref());
            assert_eq!(m.dbl(&a), doubled.to_words());
        }
    }

    #[test]
    fn montgomery_matches_crypto_bigint() {
        check_arith::<2>();
        check_arith::<16>();
        check_arith::<24>();
        check_arith::<32>();
        // Extremes: n = 2^(64N) − 1 and operands n − 1.
        let n = [u64::MAX; 16];
        let m = Monty::new(n);
        let mut a = n;
        a[0] -= 1;
        let params = MontyParams::new_vartime(Odd::new(U1024::from_words(n)).unwrap());
        let am = MontyForm::from_montgomery(U1024::from_words(a), &params);
        assert_eq!(m.sqr(&a), am.square().as_montgomery().to_words());
        assert_eq!(m.mul(&a, &a), (am * am).as_montgomery().to_words());
    }

    fn check_mr<const N: usize>(count: usize, need_primes: bool) {
        let mut agreed_primes = 0;
        for _ in 0..count {
            let n = random_odd_top::<N>();
            if n[0] == 1 {
                continue;
            }
            let m = Monty::new(n);
            let theirs = MillerRabin::new(Odd::new(Uint::<N>::from_words(n)).unwrap());
            let two = theirs.test_base_two().is_probably_prime();
            assert_eq!(m.mr_base2(), two, "{n:x?}");
            let mut a = [0u64; N];
            a[0] = 2;
            assert_eq!(m.mr_base(&a), two, "{n:x?}");
            let a = random_base(&n).unwrap();
            assert_eq!(
                m.mr_base(&a),
                theirs.test(&Uint::<N>::from_words(a)).is_probably_prime()
            );
            agreed_primes += usize::from(two);
        }
        // Some primes must have been among them for the test to mean anything.
        assert!(agreed_primes > 0 || !need_primes);
    }

    #[test]
    fn miller_rabin_matches_crypto_primes() {
        // 128-bit odd numbers: about 1 in 44 is prime, and n − 1 has many 2-adic valuations.
        check_mr::<2>(5_000, true);
        // 1024 bits: mostly composites (primes are checked in found_primes_are_prime).
        check_mr::<16>(60, false);
    }

    #[test]
    fn miller_rabin_edge_valuations() {
        // Primes p ≡ 1 (mod 2^j) for larger j exercise the −1 check at every position: take
        // sieve survivors with forced low bits and compare with crypto-primes.
        for j in [2u32, 5, 17, 40, 62] {
            let mut seen = 0;
            for _ in 0..1500 {
                let mut n = random_odd_top::<2>();
                n[0] = (n[0] & !((1u64 << j) - 1)) | 1 | (1u64 << j);
                let m = Monty::new(n);
                let theirs = MillerRabin::new(Odd::new(Uint::<2>::from_words(n)).unwrap());
                let two = theirs.test_base_two().is_probably_prime();
                assert_eq!(m.mr_base2(), two);
                let a = random_base(&n).unwrap();
                assert_eq!(
                    m.mr_base(&a),
                    theirs.test(&Uint::<2>::from_words(a)).is_probably_prime()
                );
                seen += usize::from(two);
            }
            assert!(seen > 0, "no prime with valuation {j}");
        }
    }

    #[test]
    fn composites_fail() {
        // Products of two primes pass no round.
        let stop = AtomicBool::new(false);
        let p = find_prime::<8, 2>(&stop).unwrap().unwrap();
        let q = find_prime::<8, 2>(&stop).unwrap().unwrap();
        let n = U1024::from_words({
            let mut w = [0u64; 16];
            w[..8].copy_from_slice(&p);
            w
        })
        .wrapping_mul(&U1024::from_words({
            let mut w = [0u64; 16];
            w[..8].copy_from_slice(&q);
            w
        }));
        let m = Monty::new(n.to_words());
        assert!(!m.mr_base2());
        assert!(!m.mr_base(&random_base(&n.to_words()).unwrap()));
    }

    #[test]
    fn ifma_miller_rabin_matches_portable() {
        if !Ifma::<3>::available() {
            eprintln!("no AVX-512 IFMA here: only the portable path is tested");
            return;
        }
        fn check<const N: usize, const K: usize>(count: usize) {
            let mut primes = 0;
            let mut previous: Option<([u64; N], bool)> = None;
            for i in 0..count {
                // Every fourth a prime (from the IFMA search, checked by the portable test),
                // the rest random odd numbers.
                // (128-bit numbers: random ones are prime often enough.)
                let n = if i % 4 == 0 && N > 2 {
                    find_prime_with::<N, K>(&AtomicBool::new(false), true)
                        .unwrap()
                        .unwrap()
                } else {
                    random_odd_top::<N>()
                };
                if n[0] == 1 {
                    continue;
                }
                let m = Monty::new(n);
                let fast = IfmaMr::<N, K>::new(&m).unwrap();
                let two = m.mr_base2();
                assert_eq!(fast.mr_base2(), two);
                if two {
                    primes += 1;
                    assert!(fast.mr_random().unwrap());
                    assert!(fast.mr_random_two().unwrap());
                } else {
                    // Random composites have (almost) no strong liars.
                    assert!(!fast.mr_random().unwrap());
                    assert!(!fast.mr_random_two().unwrap());
                }
                if let Some((p, p_two)) = previous {
                    let pm = Monty::new(p);
                    let pf = IfmaMr::<N, K>::new(&pm).unwrap();
                    assert_eq!(pf.mr_base2_pair(&fast), (p_two, two));
                }
                previous = Some((n, two));
            }
            assert!(primes > 0);
        }
        check::<2, 1>(1000);
        check::<16, 3>(8);
        check::<24, 4>(2);
        check::<32, 5>(2);
        // Valuations of n − 1 up to 63 for the tail's verdict.
        for j in [1u32, 2, 5, 17, 40, 62] {
            let mut seen = 0;
            for _ in 0..1500 {
                let mut n = random_odd_top::<2>();
                n[0] = (n[0] & !((1u64 << j) - 1)) | 1 | (1u64 << j);
                let m = Monty::new(n);
                let fast = IfmaMr::<2, 1>::new(&m).unwrap();
                let two = m.mr_base2();
                assert_eq!(fast.mr_base2(), two);
                if two {
                    seen += 1;
                    assert!(fast.mr_random().unwrap());
                }
            }
            assert!(seen > 0);
        }
    }

    #[test]
    fn found_primes_are_prime() {
        let stop = AtomicBool::new(false);
        for _ in 0..2 {
            let p = find_prime_with::<16, 3>(&stop, false).unwrap().unwrap();
            assert!(crypto_primes::is_prime(
                crypto_primes::Flavor::Any,
                &U1024::from_words(p)
            ));
        }
        for _ in 0..3 {
            let p = find_prime::<16, 3>(&stop).unwrap().unwrap();
            assert!(crypto_primes::is_prime(
                crypto_primes::Flavor::Any,
                &U1024::from_words(p)
            ));
            assert_eq!(p[15] >> 62, 0b11);
        }
        let p = find_prime::<24, 4>(&stop).unwrap().unwrap();
        assert!(crypto_primes::is_prime(
            crypto_primes::Flavor::Any,
            &U1536::from_words(p)
        ));
        stop.store(true, Ordering::Relaxed);
        assert!(find_prime::<16, 3>(&stop).unwrap().is_none());
    }

    #[test]
    fn sieve_primes() {
        let sp = &*SMALL_PRIMES;
        assert_eq!(sp.p[..5], [3, 5, 7, 11, 13]);
        assert_eq!(sp.p.len(), 82_024); // π(2^20) − 1 (2 is left out)
        fn check<const N: usize>() {
            let sp = &*SMALL_PRIMES;
            let start = random_odd_top::<N>();
            let r = residues(&start, sp);
            let big = Uint::<N>::from_words(start);
            // Every prime of the first groups and of the last, and a spread in between.
            let ks = (0..200)
                .chain((200..82_024).step_by(997))
                .chain(81_900..82_024);
            for k in ks {
                let p = crypto_bigint::NonZero::new(Uint::<N>::from(sp.p[k])).unwrap();
                assert_eq!(
                    u64::from(r[k]),
                    big.rem_vartime(&p).to_words()[0],
                    "prime {k}"
                );
            }
        }
        check::<2>();
        check::<16>();
        check::<24>();
        check::<32>();
    }
}

#[cfg(test)]
mod timing {
    use super::*;
    use std::time::Instant;
    fn best(f: &mut dyn FnMut()) -> f64 {
        let mut b = f64::MAX;
        for _ in 0..7 {
            let t0 = Instant::now();
            f();
            b = b.min(t0.elapsed().as_secs_f64());
        }
        b
    }
    fn t<const N: usize, const K: usize>() {
        let mut n = random_limbs::<N>().unwrap();
        n[N - 1] |= 3 << 62;
        n[0] |= 3;
        let m = Monty::new(n);
        let mut x = m.one;
        let sq = best(&mut || {
            for _ in 0..2000 {
                x = m.sqr(&x);
            }
        }) * 1e9
            / 2000.0;
        let mu = best(&mut || {
            for _ in 0..2000 {
                x = m.mul(&x, &x);
            }
        }) * 1e9
            / 2000.0;
        let b2 = best(&mut || {
            std::hint::black_box(m.mr_base2());
        }) * 1e3;
        let a = random_base(&n).unwrap();
        let br = best(&mut || {
            std::hint::black_box(m.mr_base(&a));
        }) * 1e3;
        let _ = residues(&n, &SMALL_PRIMES);
        let rs = best(&mut || {
            std::hint::black_box(residues(&n, &SMALL_PRIMES));
        }) * 1e3;
        let setup = best(&mut || {
            std::hint::black_box(IfmaMr::<N, K>::new(&m));
        }) * 1e3;
        let (f2, fr) = match IfmaMr::<N, K>::new(&m) {
            Some(f) => (
                best(&mut || {
                    std::hint::black_box(f.mr_base2());
                }) * 1e3,
                best(&mut || {
                    std::hint::black_box(f.mr_random_two().unwrap());
                }) * 1e3,
            ),
            None => (f64::NAN, f64::NAN),
        };
        eprintln!(
            "N={N}: sqr {sq:.0} ns, mul {mu:.0} ns, mr2 {b2:.3} ms, mr rand {br:.3} ms, residues {rs:.3} ms; IFMA setup {setup:.3} ms, mr2 {f2:.3} ms, two random rounds {fr:.3} ms {}",
            x[0] % 2
        );
    }
    /// Per-operation timings: `cargo test --release --lib key::prime::timing -- --ignored
    /// --nocapture`.
    #[test]
    #[ignore = "a timing report, not a test"]
    fn report() {
        let _ = &*SMALL_PRIMES;
        t::<16, 3>();
        t::<24, 4>();
        t::<32, 5>();
    }
}
