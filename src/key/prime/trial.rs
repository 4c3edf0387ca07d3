//! Constant-time trial division of a candidate by the odd primes below a limit, with the
//! gcd(c − 1, e) = 1 check of FIPS 186-5 A.1.3 step 4.5.

#[allow(unused_imports)]
use super::*;

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
pub(super) struct TrialDivision {
    pub(super) groups: Vec<Group>,
    /// (p^-1 mod 2^64, ⌊(2^64 − 1)/p⌋) per prime, group after group.
    pub(super) tests: Vec<(u64, u64)>,
    /// The public exponent as a one-prime group (e = 65537 is prime: gcd(c − 1, e) = 1 exactly
    /// when c mod e ≠ 1).
    pub(super) e: Group,
}

pub(super) struct Group {
    /// The product of the group's primes.
    pub(super) m: u64,
    /// −m^-1 mod 2^64.
    pub(super) m_neg_inv: u64,
    /// 2^(64·(limbs + 1)) mod m (see [`group_fix`]).
    pub(super) fix: u64,
    /// The group's primes are `tests[first..first + count]`.
    pub(super) first: u32,
    pub(super) count: u32,
}

/// n^-1 mod 2^64 for odd n (Newton's iteration: each step doubles the correct low bits).
pub(super) fn inv64(n: u64) -> u64 {
    let mut inv = n;
    for _ in 0..5 {
        inv = inv.wrapping_mul(2u64.wrapping_sub(n.wrapping_mul(inv)));
    }
    inv
}

impl TrialDivision {
    /// The odd primes below `limit` (≤ 2^20) and the exponent `e` (odd, prime, < 2^62), for
    /// candidates of `limbs` limbs.
    pub(super) fn new(limit: u32, limbs: usize, e: u64) -> Self {
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
    pub(super) fn rejects<const N: usize>(&self, c: &[u64; N]) -> u64 {
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
pub(super) fn redc_lazy(t: u64, limb: u64, g: &Group) -> u64 {
    let x = u128::from(t) + u128::from(limb);
    let q = (x as u64).wrapping_mul(g.m_neg_inv);
    ((x + u128::from(q) * u128::from(g.m)) >> 64) as u64
}

/// t·f·2^-64 mod m in [0, 2m), for t < 2m and f < m (the product is below 2m² < m·2^64).
#[inline(always)]
pub(super) fn redc_lazy_product(t: u64, f: u64, g: &Group) -> u64 {
    let x = u128::from(t) * u128::from(f);
    let q = (x as u64).wrapping_mul(g.m_neg_inv);
    ((x + u128::from(q) * u128::from(g.m)) >> 64) as u64
}

/// All-ones when a ≤ b, else zero (the borrow of b − a, no branch).
#[inline(always)]
pub(super) fn le_mask(a: u64, b: u64) -> u64 {
    let (_, borrow) = b.overflowing_sub(a);
    u64::from(borrow).wrapping_sub(1)
}

/// 2^(64·(limbs + 1)) mod `g.m`: one Montgomery reduction of its product with
/// V·2^(−64·limbs) mod m gives V mod m.
pub(super) fn group_fix(g: &Group, limbs: usize) -> u64 {
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
