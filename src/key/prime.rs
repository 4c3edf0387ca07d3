//! Prime search for RSA key generation, FIPS 186-5 A.1.3, on fixed-width integers of `N` 64-bit
//! limbs (primes of exactly k = 64·N bits: 1024, 1536 and 2048 bits for RSA-2048/3072/4096).
//!
//! # Procedure
//!
//! Every attempt draws a **fresh** k-bit random candidate c from the system's generator, sets
//! its top two bits (so c ≥ 1.5·2^(k−1) > √2·2^(k−1), step 4.4, and p·q has exactly 2k bits)
//! and its lowest bit, and then
//!
//! 1. divides it by every odd prime below 2^13 (portable) or 2^12 (IFMA, where a
//!    Miller–Rabin test costs less) and checks c mod e ≠ 1, i.e. gcd(c − 1, e) = 1 for the
//!    prime e = 65537 (step 4.5), in constant time ([`TrialDivision`]);
//! 2. runs Miller–Rabin to base 2 (squarings and masked doublings only; on IFMA the tests of
//!    two candidates interleaved);
//! 3. runs t Miller–Rabin rounds to bases drawn uniformly from [2, c − 2] by rejection
//!    sampling (B.3.1 step 4), t from [`mr_rounds`].
//!
//! A candidate that fails a step is dropped and the next attempt draws a new one: no
//! incremental search and no sieve window, so candidates are independent and uniform, which is
//! what the error bound below assumes. Step 4.7's limit of 5·(nlen/2) attempts, after which the
//! standard returns FAILURE and the caller starts again, is what the loop does without counting.
//!
//! # Strength of the test (the error bound)
//!
//! Let p(k, t) be the probability that a uniformly random odd k-bit integer that passes t
//! Miller–Rabin rounds to independent random bases is composite. Damgård, Landrock and
//! Pomerance ("Average case error estimates for the strong probable prime test", Math. Comp.
//! 61, 1993) bound it; FIPS 186-5 appendix C.1 turns the bound into the sum that
//! crypto-primes' `minimum_mr_iterations` evaluates. For the procedure above:
//!
//! - candidates are drawn from the upper half of the k-bit range, which holds half of the
//!   k-bit primes (to within a vanishing term) and at most all of the composites that pass, so
//!   P(composite | accepted) ≤ C/(P/2) = 2·C/P ≈ 2·p(k, t), with C and P the numbers of passing
//!   composites and of primes among all odd k-bit integers;
//! - trial division and the base-2 round remove composites only, which can only lower it.
//!
//! | key      | k    | t | p(k, t) (FIPS C.1) | per accepted prime | FIPS 186-5 Table B.1, M-R only |
//! |----------|------|---|--------------------|--------------------|--------------------------------|
//! | RSA-2048 | 1024 | 6 | < 2^-130           | < 2^-129           | 5 rounds (2^-112)              |
//! | RSA-3072 | 1536 | 4 | < 2^-130           | < 2^-129           | 4 rounds (2^-128)              |
//! | RSA-4096 | 2048 | 4 | < 2^-144           | < 2^-143           | 4 rounds (2^-144)              |
//!
//! (t is the larger of the count for 2^-130 and the table's; on IFMA, where rounds run two at a
//! time, an odd t gets one more.) For a *given* composite, with no assumption on how candidates
//! arise, Rabin's theorem still bounds the chance of passing t rounds by 4^-t.
//!
//! # Arithmetic
//!
//! On processors with AVX-512 IFMA (detected at run time; `SSLKIT_FORCE_PORTABLE=1` turns it
//! off, read once per process) the Montgomery arithmetic uses 52-bit vector multiply-adds
//! (crate `sslkit-mont`, where the unsafe code lives); elsewhere it runs on `[u64; N]` with
//! `u128` products ([`Monty`]: product scanning, a dedicated squaring). Both give the same
//! verdicts (tested). `cargo test --release --lib key::prime::timing -- --ignored --nocapture`
//! prints per-operation timings.
//!
//! # Constant time, as checked by a machine
//!
//! `scripts/test-keygen` builds `examples/ct_keygen` with the `ct-check` feature: every
//! candidate and random base is marked undefined to valgrind's memcheck as it is drawn
//! ([`super::ct`]), and memcheck fails the run on any branch or memory index that depends on
//! one, while RSA-2048, 3072 and 4096 keys are generated. What is revealed on purpose
//! (`ct::reveal`), and why that is safe:
//!
//! - each verdict on a candidate (small factor or c ≡ 1 mod e, the base-2 round, each
//!   random-base round): the prime that is accepted passed every one, so for it they are
//!   constant; a rejected candidate is discarded;
//! - c ≡ 1 (mod 2^64) (probability 2^-62), dropped because the tests need n − 1 to have fewer
//!   than 64 trailing zeros: it tells only that the accepted prime is not such a number;
//! - whether each random base drawn was in range (rejection sampling, as FIPS B.3.1 draws):
//!   this depends on c only through c/2^k, which the draws estimate to a few percent;
//! - key generation's verdicts on a pair (|p − q| > 2^(k−100), d > 2^k): true for the key output.
//!
//! The check found, and the code now avoids: the optimiser compiling the Montgomery reduction's
//! select, the Miller–Rabin verdict masks and the window-table scan into branches (hence
//! `black_box` in [`zero_mask`] and the reductions), and a declassification bypassed by a copy
//! kept in a register (hence `&mut`).
//!
//! Not covered: valgrind emulates no AVX-512, so the check runs the portable path only; the
//! IFMA kernel is straight-line vector code and the Rust around it (verdicts, table scans) is
//! shared with the portable path, but the IFMA path is not machine-checked. The rsa crate's key
//! assembly from p and q (its LCM division, Montgomery set-up and key validation) branches on
//! them; under the check p and q are declassified just before it (`rsa::generate`).
//!
//! # Nothing left behind
//!
//! Candidates, random bytes, bases, Montgomery contexts ([`Monty`], [`IfmaMr`] and
//! `sslkit_mont::Ifma`) and window tables are wiped on drop (`Zeroizing` or `Drop`).

use std::sync::atomic::{AtomicBool, Ordering};

use zeroize::{Zeroize, Zeroizing};

use super::ct;
use crate::error::{Error, Result};
use sslkit_mont::{Ifma, Limbs};

/// Trial division on the portable path removes candidates with an odd prime factor below this.
pub(crate) const TRIAL_LIMIT_PORTABLE: u32 = 1 << 13;
/// The same on IFMA, where a Miller–Rabin test costs less and so trial division stops sooner.
pub(crate) const TRIAL_LIMIT_IFMA: u32 = 1 << 12;

/// Constant-time trial division of a candidate of `N` limbs by the odd primes below a limit,
/// plus the check gcd(c − 1, e) = 1 that FIPS 186-5 A.1.3 step 4.5 makes before testing.
///
/// The primes are packed into groups whose product M fits in 62 bits. A candidate's residue
/// modulo each M comes from one-word Montgomery reductions, one per limb (no branch: the final
/// subtraction is a select); each prime p of the group then divides it exactly when
/// v·p^-1 mod 2^64 ≤ ⌊(2^64 − 1)/p⌋ (Granlund and Montgomery's divisibility test), a
/// multiplication and a comparison done as a borrow. The work and the memory read are the same
/// for every candidate; the result is one mask.
struct TrialDivision {
    groups: Vec<Group>,
    /// (p^-1 mod 2^64, ⌊(2^64 − 1)/p⌋) per prime, group after group.
    tests: Vec<(u64, u64)>,
    /// The public exponent as a one-prime group (e = 65537 is prime: gcd(c − 1, e) = 1 exactly
    /// when c mod e ≠ 1).
    e: Group,
}

struct Group {
    /// The product of the group's primes.
    m: u64,
    /// −m^-1 mod 2^64.
    m_neg_inv: u64,
    /// 2^(64·(limbs + 1)) mod m (see [`group_fix`]).
    fix: u64,
    /// The group's primes are `tests[first..first + count]`.
    first: u32,
    count: u32,
}

/// n^-1 mod 2^64 for odd n (Newton's iteration: each step doubles the correct low bits).
fn inv64(n: u64) -> u64 {
    let mut inv = n;
    for _ in 0..5 {
        inv = inv.wrapping_mul(2u64.wrapping_sub(n.wrapping_mul(inv)));
    }
    inv
}

impl TrialDivision {
    /// The odd primes below `limit` (≤ 2^20) and the exponent `e` (odd, prime, < 2^62), for
    /// candidates of `limbs` limbs.
    fn new(limit: u32, limbs: usize, e: u64) -> Self {
        let limit = limit as usize;
        let mut composite = vec![false; limit];
        let mut primes = Vec::new();
        for i in 3..limit {
            if !composite[i] && i % 2 == 1 {
                primes.push(i as u64);
                let mut j = i * i;
                while j < limit {
                    composite[j] = true;
                    j += 2 * i;
                }
            }
        }
        let group = |m: u64, first: usize, count: usize| {
            let mut g = Group {
                m,
                m_neg_inv: inv64(m).wrapping_neg(),
                fix: 0,
                first: first as u32,
                count: count as u32,
            };
            g.fix = group_fix(&g, limbs);
            g
        };
        let mut groups = Vec::new();
        let mut first = 0;
        while first < primes.len() {
            let mut m = 1u64;
            let mut count = 0;
            while first + count < primes.len() && m < (1 << 62) / primes[first + count] {
                m *= primes[first + count];
                count += 1;
            }
            groups.push(group(m, first, count));
            first += count;
        }
        let tests = primes.iter().map(|&p| (inv64(p), u64::MAX / p)).collect();
        TrialDivision {
            groups,
            tests,
            e: group(e, 0, 0),
        }
    }

    /// All-ones when `c` has a prime factor below the limit or c ≡ 1 (mod e), else zero.
    fn rejects<const N: usize>(&self, c: &[u64; N]) -> u64 {
        let mut bad = 0u64;
        // Eight groups at a time: eight independent chains of reductions keep the multiplier
        // busy.
        for gs in self.groups.chunks(8) {
            let mut t = [0u64; 8];
            for &limb in c {
                for (t, g) in t.iter_mut().zip(gs) {
                    *t = redc_lazy(*t, limb, g);
                }
            }
            for (g, &t) in gs.iter().zip(&t) {
                // t ≡ c·2^(−64N) (mod m), and t·2^(64(N+1))·2^−64 ≡ c: v ≡ c (mod m), v < 2m.
                // p divides v exactly when it divides c, as p divides m.
                let v = redc_lazy_product(t, g.fix, g);
                let range = g.first as usize..(g.first + g.count) as usize;
                for &(inv, lim) in &self.tests[range] {
                    bad |= le_mask(v.wrapping_mul(inv), lim);
                }
            }
        }
        let g = &self.e;
        let mut t = 0u64;
        for &limb in c {
            t = redc_lazy(t, limb, g);
        }
        let v = redc_lazy_product(t, g.fix, g);
        // v ≡ c (mod e) and v < 2e: c ≡ 1 exactly when v is 1 or e + 1.
        bad | zero_mask(v ^ 1) | zero_mask(v ^ (g.m + 1))
    }
}

/// (t + limb)·2^-64 mod m, left in [0, 2m): for t < 2m and m < 2^62 the sum is below
/// 2^64 + 2m and the Montgomery quotient below 2m, so no final subtraction (and no branch) is
/// needed.
#[inline(always)]
fn redc_lazy(t: u64, limb: u64, g: &Group) -> u64 {
    let x = u128::from(t) + u128::from(limb);
    let q = (x as u64).wrapping_mul(g.m_neg_inv);
    ((x + u128::from(q) * u128::from(g.m)) >> 64) as u64
}

/// t·f·2^-64 mod m in [0, 2m), for t < 2m and f < m (the product is below 2m² < m·2^64).
#[inline(always)]
fn redc_lazy_product(t: u64, f: u64, g: &Group) -> u64 {
    let x = u128::from(t) * u128::from(f);
    let q = (x as u64).wrapping_mul(g.m_neg_inv);
    ((x + u128::from(q) * u128::from(g.m)) >> 64) as u64
}

/// All-ones when a ≤ b, else zero (the borrow of b − a, no branch).
#[inline(always)]
fn le_mask(a: u64, b: u64) -> u64 {
    let (_, borrow) = b.overflowing_sub(a);
    u64::from(borrow).wrapping_sub(1)
}

/// 2^(64·(limbs + 1)) mod `g.m`: one Montgomery reduction of its product with
/// V·2^(−64·limbs) mod m gives V mod m.
fn group_fix(g: &Group, limbs: usize) -> u64 {
    // Square-and-multiply on 2^64 mod m, plain u128 remainders.
    let mulmod = |a: u64, b: u64| ((u128::from(a) * u128::from(b)) % u128::from(g.m)) as u64;
    let r_mod_m = ((1u128 << 64) % u128::from(g.m)) as u64;
    let (mut acc, mut base, mut e) = (1u64 % g.m, r_mod_m, limbs + 1);
    while e > 0 {
        if e & 1 == 1 {
            acc = mulmod(acc, base);
        }
        base = mulmod(base, base);
        e >>= 1;
    }
    acc
}

/// All-ones when `x` is zero, else zero (no branch).
#[inline(always)]
fn zero_mask(x: u64) -> u64 {
    // `black_box`: without it the optimiser turns code that uses the mask into branches
    // (valgrind caught `mr_verdict` and the window lookup doing so).
    std::hint::black_box(((x | x.wrapping_neg()) >> 63).wrapping_sub(1))
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

impl<const N: usize> Drop for Monty<N> {
    /// The modulus is a secret candidate: wipe it and what was derived from it.
    fn drop(&mut self) {
        self.n.zeroize();
        self.n0.zeroize();
        self.one.zeroize();
        self.minus_one.zeroize();
    }
}

impl<const N: usize> zeroize::ZeroizeOnDrop for Monty<N> {}

impl<const N: usize> Monty<N> {
    /// `n` must be odd with its top bit set (not checked here: the prime search makes it so).
    pub(crate) fn new(n: [u64; N]) -> Self {
        // Newton's iteration for n^-1 mod 2^64: n·n ≡ 1 (mod 8) for odd n, and each step
        // doubles the number of correct low bits (3, 6, 12, 24, 48, 96).
        let inv = inv64(n[0]);
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
        ct::reveal(pass)
    }

    /// Miller–Rabin to base `a` (2 ≤ a ≤ n − 2, not in Montgomery form) in constant time:
    /// 4-bit fixed windows with a full-table scan down to bit 64, then one bit at a time with
    /// masked multiplications so that every a^((n−1) >> j), j < 64, is seen. Needs
    /// n ≢ 1 (mod 2^64).
    pub(crate) fn mr_base(&self, a: &[u64; N]) -> bool {
        let base = Zeroizing::new(self.to_monty(a));
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
        table.zeroize();
        acc.zeroize();
        ct::reveal(pass)
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

impl<const N: usize, const K: usize> Drop for IfmaMr<'_, N, K> {
    /// Wipes the forms of 1, −1 and the powers of 2 modulo the secret candidate (`Ifma` wipes
    /// the candidate itself).
    fn drop(&mut self) {
        self.one.zeroize();
        self.minus_one.zeroize();
        self.twos.zeroize();
    }
}

impl<const N: usize, const K: usize> zeroize::ZeroizeOnDrop for IfmaMr<'_, N, K> {}

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
        [ct::reveal(pass[0]), ct::reveal(pass[1])]
    }

    /// Miller–Rabin to base 2 in constant time: per bit of n − 1 one squaring whose result is
    /// doubled or not by a mask (R' > 16n keeps every value below 4n, see
    /// [`Ifma::mul_double`]); values are reduced below n only for the verdict's comparisons.
    #[cfg(test)]
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
        ct::reveal(pass)
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
        (ct::reveal(pass_x), ct::reveal(pass_y))
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
        let (a, b) = (
            Zeroizing::new(self.random_base()?),
            Zeroizing::new(self.random_base()?),
        );
        let (ta, tb) = self.tables(&a, &b);
        let (ta, tb) = (Zeroizing::new(ta), Zeroizing::new(tb));
        Ok(self.mr_two([&ta, &tb], [&a, &b]) == [true, true])
    }

    /// Rejection sampling as FIPS 186-5 B.3.1 step 4 draws its bases; only whether a draw
    /// was in range is revealed (see the module comment).
    fn random_base(&self) -> Result<Limbs<K>> {
        let n = &self.monty.n;
        loop {
            let a = Zeroizing::new(random_limbs::<N>()?);
            let (_, below_n) = sub(&a, n);
            let a = sslkit_mont::from_u64::<K>(&a[..]);
            let zero = [[0u64; 8]; K];
            let bad = eq_mask_limbs(&a, &zero)
                | eq_mask_limbs(&a, &self.one)
                | eq_mask_limbs(&a, &self.minus_one);
            if ct::reveal(below_n.wrapping_neg() & !bad) {
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

/// The least t for which FIPS 186-5 C.1's bound puts p(k, t) below 2^-target (crypto-primes
/// implements the C.1 sum).
fn rounds_for(bits: u32, target: u32) -> usize {
    crypto_primes::hazmat::minimum_mr_iterations(bits, target).unwrap_or(64)
}

/// Random-base Miller–Rabin rounds after the base-2 round for a prime of `bits` bits: enough
/// for p(k, t) < 2^-130 (so at most 2^-129 per accepted prime, module comment), and never fewer
/// than FIPS 186-5 Table B.1's "M-R tests only" column (5, 4 and 4 rounds for 1024-, 1536- and
/// 2048-bit primes at 2^-112, 2^-128 and 2^-144): 6, 4 and 4. Computed once per size (the
/// bound's sum is costly: recomputed per prime it took a quarter of key generation's time).
pub(crate) fn mr_rounds(bits: u32) -> usize {
    use std::sync::LazyLock;
    static R: [LazyLock<usize>; 3] = [
        LazyLock::new(|| rounds_for(1024, 130).max(rounds_for(1024, 112))),
        LazyLock::new(|| rounds_for(1536, 130).max(rounds_for(1536, 128))),
        LazyLock::new(|| rounds_for(2048, 130).max(rounds_for(2048, 144))),
    ];
    match bits {
        1024 => *R[0],
        1536 => *R[1],
        2048 => *R[2],
        _ => rounds_for(bits, 130),
    }
}

/// Fills `words` from the system's random generator and marks them secret.
fn fill_random(words: &mut [u64]) -> Result<()> {
    let mut bytes = Zeroizing::new(vec![0u8; 8 * words.len()]);
    getrandom::fill(&mut bytes)
        .map_err(|_| Error::internal("the system random generator failed"))?;
    for (limb, chunk) in words.iter_mut().zip(bytes.chunks_exact(8)) {
        let mut b = [0u8; 8];
        b.copy_from_slice(chunk);
        *limb = u64::from_le_bytes(b);
        b.zeroize();
    }
    ct::classify(words);
    Ok(())
}

fn random_limbs<const N: usize>() -> Result<[u64; N]> {
    let mut r = [0u64; N];
    fill_random(&mut r)?;
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
    let n_minus_1 = Zeroizing::new(n_minus_1);
    loop {
        let a = random_limbs::<N>()?;
        let (_, below_two) = sub(&a, &two);
        let (_, below_n_minus_1) = sub(&a, &n_minus_1);
        // In range: a ≥ 2 and a < n − 1. Only that verdict is revealed.
        if ct::reveal(below_n_minus_1.wrapping_neg() & below_two.wrapping_sub(1)) {
            return Ok(a);
        }
    }
}

/// A random prime of exactly 64·N bits with its top two bits set (so that p·q has exactly
/// 128·N bits) and gcd(p − 1, e) = 1, by FIPS 186-5 A.1.3 (see the module comment), or None
/// when `stop` was raised first. `e` must be an odd prime below 2^62 (sslkit uses 65537).
/// Uses AVX-512 IFMA (radix 2^52 in `K` vectors of eight limbs, 52·8·K ≥ 64·N + 4) when the
/// processor has it and `SSLKIT_FORCE_PORTABLE=1` is not set, else the portable [`Monty`].
pub(crate) fn find_prime<const N: usize, const K: usize>(
    stop: &AtomicBool,
    e: u64,
) -> Result<Option<Zeroizing<[u64; N]>>> {
    find_prime_with::<N, K>(stop, e, Ifma::<K>::available())
}

/// Fresh random candidates: 64·N random bits each, the top two and the lowest set. Drawn from
/// the system's generator sixteen at a time (one system call instead of sixteen); the buffer
/// is wiped when refilled and on drop.
struct Candidates<const N: usize> {
    buf: Zeroizing<Vec<u64>>,
    next: usize,
}

impl<const N: usize> Candidates<N> {
    const BATCH: usize = 16;

    fn new() -> Self {
        Candidates {
            buf: Zeroizing::new(vec![0u64; N * Self::BATCH]),
            next: Self::BATCH,
        }
    }

    fn draw(&mut self) -> Result<Zeroizing<[u64; N]>> {
        if self.next == Self::BATCH {
            fill_random(&mut self.buf)?;
            self.next = 0;
        }
        let mut c = Zeroizing::new([0u64; N]);
        let words = &mut self.buf[self.next * N..(self.next + 1) * N];
        c.copy_from_slice(words);
        words.zeroize();
        self.next += 1;
        c[N - 1] |= 0b11 << 62;
        c[0] |= 1;
        Ok(c)
    }
}

fn find_prime_with<const N: usize, const K: usize>(
    stop: &AtomicBool,
    e: u64,
    ifma: bool,
) -> Result<Option<Zeroizing<[u64; N]>>> {
    let ifma = ifma && 52 * 8 * K >= 64 * N + 4;
    let limit = if ifma {
        TRIAL_LIMIT_IFMA
    } else {
        TRIAL_LIMIT_PORTABLE
    };
    let trial = TrialDivision::new(limit, N, e);
    let rounds = mr_rounds(64 * N as u32);
    let mut candidates = Candidates::<N>::new();
    // A candidate that passed trial division, waiting for a second one so that on IFMA their
    // base-2 tests run together.
    let mut waiting: Option<Zeroizing<[u64; N]>> = None;
    loop {
        if stop.load(Ordering::Relaxed) {
            return Ok(None);
        }
        let c = candidates.draw()?;
        // Rejected: a small factor, c ≡ 1 (mod e), or c ≡ 1 (mod 2^64) (the tests below need
        // n − 1 to have fewer than 64 trailing zeros; probability 2^-62).
        if ct::reveal(trial.rejects(&c) | zero_mask(c[0] ^ 1)) {
            continue;
        }
        let batch: Vec<Zeroizing<[u64; N]>> = if ifma {
            match waiting.take() {
                None => {
                    waiting = Some(c);
                    continue;
                }
                Some(w) => vec![w, c],
            }
        } else {
            vec![c]
        };
        let montys: Vec<Monty<N>> = batch.iter().map(|c| Monty::new(**c)).collect();
        let fast: Vec<IfmaMr<'_, N, K>> = if ifma {
            montys.iter().filter_map(IfmaMr::new).collect()
        } else {
            Vec::new()
        };
        let fast = if fast.len() == montys.len() {
            fast
        } else {
            Vec::new() // all on IFMA or none
        };
        let base2: Vec<bool> = match fast.as_slice() {
            [x, y] => {
                let (a, b) = x.mr_base2_pair(y);
                vec![a, b]
            }
            _ => montys.iter().map(Monty::mr_base2).collect(),
        };
        for (k, c) in batch.iter().enumerate() {
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
                    None => {
                        let a = Zeroizing::new(random_base(c)?);
                        (montys[k].mr_base(&a), 1)
                    }
                };
                done += n;
                if !passed {
                    prime = false;
                    break;
                }
            }
            if prime {
                return Ok(Some(c.clone()));
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
        let p = *find_prime::<8, 2>(&stop, 65537).unwrap().unwrap();
        let q = *find_prime::<8, 2>(&stop, 65537).unwrap().unwrap();
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
            skipped("IFMA against portable Miller–Rabin: no AVX-512 IFMA in this run");
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
                    *find_prime_with::<N, K>(&AtomicBool::new(false), 65537, true)
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
            let p = *find_prime_with::<16, 3>(&stop, 65537, false)
                .unwrap()
                .unwrap();
            assert!(crypto_primes::is_prime(
                crypto_primes::Flavor::Any,
                &U1024::from_words(p)
            ));
        }
        for _ in 0..3 {
            let p = *find_prime::<16, 3>(&stop, 65537).unwrap().unwrap();
            assert!(crypto_primes::is_prime(
                crypto_primes::Flavor::Any,
                &U1024::from_words(p)
            ));
            assert_eq!(p[15] >> 62, 0b11);
        }
        let p = *find_prime::<24, 4>(&stop, 65537).unwrap().unwrap();
        assert!(crypto_primes::is_prime(
            crypto_primes::Flavor::Any,
            &U1536::from_words(p)
        ));
        stop.store(true, Ordering::Relaxed);
        assert!(find_prime::<16, 3>(&stop, 65537).unwrap().is_none());
    }

    /// Where the processor has AVX-512 IFMA and `SSLKIT_FORCE_PORTABLE` is not set, the IFMA
    /// path must run (so that CI on an IFMA machine fails if it silently did not); elsewhere
    /// the test says SKIPPED in the test command's summary.
    #[test]
    fn ifma_path_runs_where_the_processor_has_it() {
        if !sslkit_mont::cpu_has_ifma() {
            skipped("the IFMA path: this processor has no AVX-512 IFMA (portable path tested)");
            return;
        }
        if sslkit_mont::forced_portable() {
            skipped("the IFMA path in this run: SSLKIT_FORCE_PORTABLE=1 (the other run tests it)");
            return;
        }
        assert!(Ifma::<3>::available());
        let n = random_odd_top::<16>();
        let m = Monty::new(n);
        assert!(
            IfmaMr::<16, 3>::new(&m).is_some(),
            "IFMA set-up refused on an IFMA processor"
        );
    }

    /// 2,000 primes from this process's path (IFMA where the processor has it, unless
    /// `SSLKIT_FORCE_PORTABLE=1`) pass crypto-primes' Baillie–PSW test and 64 Miller–Rabin
    /// rounds to random bases, and meet the search's conditions. Slow in a debug build:
    /// `scripts/test-keygen` runs it in release, once per path.
    #[test]
    #[ignore = "slow: scripts/test-keygen runs it in release on both paths"]
    fn differential_primes() {
        fn check<const N: usize, const K: usize>(count: usize) {
            let stop = AtomicBool::new(false);
            std::thread::scope(|s| {
                for _ in 0..2 {
                    s.spawn(|| {
                        for _ in 0..count / 2 {
                            let p = find_prime::<N, K>(&stop, 65537).unwrap().unwrap();
                            assert_eq!(p[N - 1] >> 62, 0b11);
                            let big = Uint::<N>::from_words(*p);
                            assert!(crypto_primes::is_prime(crypto_primes::Flavor::Any, &big));
                            let mr = MillerRabin::new(Odd::new(big).unwrap());
                            for _ in 0..64 {
                                let a = random_base(&p).unwrap();
                                assert!(mr.test(&Uint::<N>::from_words(a)).is_probably_prime());
                            }
                            let e = crypto_bigint::NonZero::new(Uint::<N>::from(65537u64)).unwrap();
                            assert_ne!(big.rem_vartime(&e).to_words()[0], 1, "gcd(p − 1, e) ≠ 1");
                        }
                    });
                }
            });
        }
        let path = if Ifma::<3>::available() {
            "IFMA"
        } else {
            "portable"
        };
        let t = std::time::Instant::now();
        check::<16, 3>(1800);
        check::<24, 4>(150);
        check::<32, 5>(50);
        eprintln!(
            "differential: 2000 primes ({path} path: 1800 × 1024, 150 × 1536, 50 × 2048 bits) \
             pass Baillie–PSW and 64 Miller–Rabin rounds ({:.0} s)",
            t.elapsed().as_secs_f64()
        );
    }

    /// Records a skipped test where the test command's summary lists it.
    fn skipped(what: &str) {
        eprintln!("SKIPPED: {what}");
        if let Some(log) = std::env::var_os("SSLKIT_SKIP_LOG") {
            use std::io::Write;
            if let Ok(mut f) = std::fs::OpenOptions::new()
                .append(true)
                .create(true)
                .open(log)
            {
                let _ = writeln!(f, "SKIPPED: {what}");
            }
        }
    }

    #[test]
    fn rounds_reach_the_bound_and_the_fips_table() {
        // FIPS 186-5 Table B.1, M-R only: 5, 4, 4 rounds for 1024-, 1536-, 2048-bit p and q.
        assert_eq!(
            [mr_rounds(1024), mr_rounds(1536), mr_rounds(2048)],
            [6, 4, 4]
        );
        assert!(crypto_primes::hazmat::minimum_mr_iterations(1024, 130).unwrap() <= 6);
        assert!(crypto_primes::hazmat::minimum_mr_iterations(1536, 130).unwrap() <= 4);
        assert!(crypto_primes::hazmat::minimum_mr_iterations(2048, 144).unwrap() <= 4);
    }

    #[test]
    fn trial_division_matches_remainders() {
        // Candidates built to have one chosen small factor (or c ≡ 1 mod e), and random ones,
        // against crypto-bigint's remainders.
        fn check<const N: usize>() {
            let td = TrialDivision::new(TRIAL_LIMIT_PORTABLE, N, 65537);
            let primes: Vec<u64> = (3..u64::from(TRIAL_LIMIT_PORTABLE))
                .filter(|&p| (2..p).take_while(|d| d * d <= p).all(|d| p % d != 0))
                .collect();
            assert_eq!(td.tests.len(), primes.len());
            let reference = |c: &[u64; N]| {
                let big = Uint::<N>::from_words(*c);
                let rem = |m: u64| {
                    let m = crypto_bigint::NonZero::new(Uint::<N>::from(m)).unwrap();
                    big.rem_vartime(&m).to_words()[0]
                };
                primes.iter().any(|&p| rem(p) == 0) || rem(65537) == 1
            };
            let mut rejected = 0;
            for i in 0..400 {
                let mut c = random_odd_top::<N>();
                if i % 2 == 0 {
                    // Make c divisible by a chosen prime (or ≡ 1 mod e): subtract its residue.
                    let target = if i % 10 == 0 {
                        65537
                    } else {
                        primes[i % primes.len()]
                    };
                    let big = Uint::<N>::from_words(c);
                    let m = crypto_bigint::NonZero::new(Uint::<N>::from(target)).unwrap();
                    let mut r = big.rem_vartime(&m).to_words()[0];
                    if target == 65537 {
                        r = (r + 65537 - 1) % 65537;
                    }
                    c = big.wrapping_sub(&Uint::<N>::from(r)).to_words();
                }
                let ours = td.rejects(&c) != 0;
                assert_eq!(ours, reference(&c), "{c:x?}");
                rejected += usize::from(ours);
            }
            assert!(rejected >= 200);
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
        let td = TrialDivision::new(TRIAL_LIMIT_PORTABLE, N, 65537);
        let rs = best(&mut || {
            std::hint::black_box(td.rejects(&n));
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
            "N={N}: sqr {sq:.0} ns, mul {mu:.0} ns, mr2 {b2:.3} ms, mr rand {br:.3} ms, trial division {rs:.4} ms; IFMA setup {setup:.3} ms, mr2 {f2:.3} ms, two random rounds {fr:.3} ms {}",
            x[0] % 2
        );
    }
    /// Per-operation timings: `cargo test --release --lib key::prime::timing -- --ignored
    /// --nocapture`.
    #[test]
    #[ignore = "a timing report, not a test"]
    fn report() {
        t::<16, 3>();
        t::<24, 4>();
        t::<32, 5>();
    }
}
