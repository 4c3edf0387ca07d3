//! Portable constant-time Montgomery arithmetic on `[u64; N]` (product scanning, a dedicated
//! squaring) and the Miller–Rabin tests built on it, with the masks they share.

#[allow(unused_imports)]
use super::*;

/// All-ones when `x` is zero, else zero (no branch).
#[inline(always)]
pub(super) fn zero_mask(x: u64) -> u64 {
    // `black_box`: without it the optimiser turns code that uses the mask into branches
    // (valgrind caught `mr_verdict` and the window lookup doing so).
    std::hint::black_box(((x | x.wrapping_neg()) >> 63).wrapping_sub(1))
}

/// All-ones when `a == b`, else zero (no branch).
#[inline(always)]
pub(super) fn eq_mask<const N: usize>(a: &[u64; N], b: &[u64; N]) -> u64 {
    let mut d = 0;
    for i in 0..N {
        d |= a[i] ^ b[i];
    }
    zero_mask(d)
}

/// `b` where `mask` is all-ones, `a` where it is zero.
#[inline(always)]
pub(super) fn select<const N: usize>(mask: u64, a: &[u64; N], b: &[u64; N]) -> [u64; N] {
    let mask = std::hint::black_box(mask);
    let mut r = [0u64; N];
    for i in 0..N {
        r[i] = a[i] ^ (mask & (a[i] ^ b[i]));
    }
    r
}

/// `a − b` and the borrow (0 or 1).
#[inline(always)]
pub(super) fn sub<const N: usize>(a: &[u64; N], b: &[u64; N]) -> ([u64; N], u64) {
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
pub(super) fn mac3(acc: &mut u128, c2: &mut u64, a: u64, b: u64) {
    let (s, c) = acc.overflowing_add(u128::from(a) * u128::from(b));
    *acc = s;
    *c2 += u64::from(c);
}

/// (acc, c2) += 2·(s2·2^128 + s): the doubled cross products of a squaring's column.
#[inline(always)]
pub(super) fn add_doubled(acc: &mut u128, c2: &mut u64, s: u128, s2: u64) {
    let (d, c) = acc.overflowing_add(s << 1);
    *acc = d;
    *c2 += u64::from(c) + (s2 << 1) + (s >> 127) as u64;
}

/// Ends a column: returns its low word and shifts the accumulator down one word.
#[inline(always)]
pub(super) fn next3(acc: &mut u128, c2: &mut u64) -> u64 {
    let w = *acc as u64;
    *acc = (*acc >> 64) | (u128::from(*c2) << 64);
    *c2 = 0;
    w
}

/// Montgomery arithmetic modulo an odd `n` of exactly 64·N bits (top bit set), R = 2^(64·N).
pub(crate) struct Monty<const N: usize> {
    pub(super) n: [u64; N],
    /// −n^-1 mod 2^64.
    pub(super) n0: u64,
    /// R mod n, the Montgomery form of 1.
    pub(super) one: [u64; N],
    /// n − (R mod n), the Montgomery form of −1.
    pub(super) minus_one: [u64; N],
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
    pub(super) fn reduce_once(&self, r: &[u64; N], top: u64) -> [u64; N] {
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
    pub(super) fn dbl(&self, a: &[u64; N]) -> [u64; N] {
        let mut r = [0u64; N];
        let mut carry = 0u64;
        for i in 0..N {
            r[i] = (a[i] << 1) | carry;
            carry = a[i] >> 63;
        }
        self.reduce_once(&r, carry)
    }

    /// R² mod n (R mod n doubled 64·N times).
    pub(super) fn r2(&self) -> [u64; N] {
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
    pub(super) fn exp_bit(&self, i: usize) -> u64 {
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
    pub(super) fn mr_update(&self, pass: &mut u64, acc: &[u64; N], j: usize) {
        self.mr_verdict(
            pass,
            eq_mask(acc, &self.one),
            eq_mask(acc, &self.minus_one),
            j,
        );
    }

    /// [`Monty::mr_update`] given whether the accumulator is 1 and whether it is −1 (masks).
    #[inline(always)]
    pub(super) fn mr_verdict(&self, pass: &mut u64, is_one: u64, is_minus_one: u64, j: usize) {
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
    pub(super) fn exp_bits(&self, lo: usize, width: usize) -> u64 {
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
