//! Constant-time arithmetic for assembling an RSA private key from its primes: the gcd and the
//! exact division that make λ = lcm(p − 1, q − 1), and the inverses of the public exponent e
//! modulo λ, p − 1 and q − 1. Numbers are little-endian `u64` limbs of a fixed length; every
//! loop runs a number of times fixed by the lengths alone, every choice is a mask, and `e` (the
//! public exponent, a small odd prime) is the only value a branch or an index depends on.
//!
//! The inverses use e being small and public: for m with gcd(m, e) = 1,
//! e^-1 mod m = (1 + k·m)/e with k = −m^-1 mod e, so the only secret-dependent arithmetic is a
//! reduction mod e, an inversion mod e (Fermat, with the public exponent e − 2), a product by
//! k < e and an exact division by e (multiplication by e^-1 mod 2^64, Jebelean's method).
//! crypto-bigint's gcd, division and general inversion branch on shift amounts derived from
//! their operands (valgrind reports them), which is why they are not used here. Intermediate
//! values are wiped; the results are the caller's to wipe.

use zeroize::Zeroizing;

/// `b` where `mask` is all-ones, `a` where it is zero, limb by limb into `a`. The mask goes
/// through `black_box`: otherwise the optimiser, seeing a 0-or-all-ones value, turns the select
/// into a branch (valgrind's check caught exactly that here).
fn select_into(mask: u64, a: &mut [u64], b: &[u64]) {
    let mask = std::hint::black_box(mask);
    for (x, y) in a.iter_mut().zip(b) {
        *x = (*x & !mask) | (y & mask);
    }
}

/// a − b into `out` (same lengths); returns the borrow (0 or 1).
fn sub_into(out: &mut [u64], a: &[u64], b: &[u64]) -> u64 {
    let mut borrow = 0u64;
    for ((o, &x), &y) in out.iter_mut().zip(a).zip(b) {
        let (d1, b1) = x.overflowing_sub(y);
        let (d2, b2) = d1.overflowing_sub(borrow);
        *o = d2;
        borrow = u64::from(b1 | b2);
    }
    borrow
}

/// a >>= 1.
fn shr1(a: &mut [u64]) {
    for i in 0..a.len() {
        let next = a.get(i + 1).copied().unwrap_or(0);
        a[i] = (a[i] >> 1) | (next << 63);
    }
}

/// a <<= 1.
fn shl1(a: &mut [u64]) {
    let mut carry = 0;
    for x in a.iter_mut() {
        let top = *x >> 63;
        *x = (*x << 1) | carry;
        carry = top;
    }
}

/// gcd(a, b) for a, b > 0 of the same length, by Stein's binary algorithm with a fixed number
/// of steps (the total bit length, which bounds it) and masked choices.
pub(crate) fn gcd(a: &[u64], b: &[u64]) -> Vec<u64> {
    let len = a.len();
    let (mut x, mut y) = (Zeroizing::new(a.to_vec()), Zeroizing::new(b.to_vec()));
    let mut shift = Zeroizing::new(0u64);
    let [mut t, mut u, mut hx, mut hy] = std::array::from_fn(|_| Zeroizing::new(vec![0u64; len]));
    for _ in 0..2 * 64 * len {
        let x_odd = (x[0] & 1).wrapping_neg();
        let y_odd = (y[0] & 1).wrapping_neg();
        // x − y and y − x, each halved: the both-odd step keeps the larger minus the smaller.
        let x_lt_y = sub_into(&mut t, &x, &y).wrapping_neg();
        sub_into(&mut u, &y, &x);
        shr1(&mut t);
        shr1(&mut u);
        hx.copy_from_slice(&x);
        shr1(&mut hx);
        hy.copy_from_slice(&y);
        shr1(&mut hy);
        // Both even: halve both and count the shared 2. x even (y odd): halve x. y even (x
        // odd): halve y. Both odd: the larger becomes their halved difference.
        let both_odd = x_odd & y_odd;
        *shift += !x_odd & !y_odd & 1;
        select_into(!x_odd, &mut x, &hx);
        select_into(!y_odd, &mut y, &hy);
        select_into(both_odd & !x_lt_y, &mut x, &t);
        select_into(both_odd & x_lt_y, &mut y, &u);
    }
    // One of x, y is zero and the other is the odd part of the gcd.
    let mut g: Vec<u64> = x.iter().zip(y.iter()).map(|(a, b)| a | b).collect();
    // g <<= shift, as 64·len single-bit shifts, each taken while i < shift.
    for i in 0..64 * len as u64 {
        hx.copy_from_slice(&g);
        shl1(&mut hx);
        // i < shift (both below 2^63): the sign bit of i − shift.
        let take = (i.wrapping_sub(*shift) >> 63).wrapping_neg();
        select_into(take, &mut g, &hx);
    }
    g
}

/// a / g for g dividing a (same lengths, g > 0): restoring long division, one quotient bit per
/// step, 64·len steps.
pub(crate) fn div_exact(a: &[u64], g: &[u64]) -> Vec<u64> {
    let len = a.len();
    let mut q = vec![0u64; len];
    let mut r = Zeroizing::new(vec![0u64; len + 1]);
    let mut gw = Zeroizing::new(g.to_vec());
    gw.push(0);
    let mut t = Zeroizing::new(vec![0u64; len + 1]);
    for bit in (0..64 * len).rev() {
        shl1(&mut r);
        r[0] |= (a[bit / 64] >> (bit % 64)) & 1;
        let borrow = sub_into(&mut t, &r, &gw);
        let fits = borrow.wrapping_sub(1); // all-ones when r ≥ g
        select_into(fits, &mut r, &t);
        q[bit / 64] |= (fits & 1) << (bit % 64);
    }
    q
}

/// The public exponent: a constant, so that `% E` compiles to a multiplication and shifts (a
/// division instruction's time can depend on its operands).
const E: u64 = 65537;

/// a mod E: 32 bits at a time, each step a reduction of a number below 2^49 by the constant E.
fn rem_e(a: &[u64]) -> u64 {
    let mut r = 0u64;
    for &limb in a.iter().rev() {
        r = ((r << 32) | (limb >> 32)) % E;
        r = ((r << 32) | (limb & 0xffff_ffff)) % E;
    }
    r
}

/// E^-1 mod m for gcd(m, E) = 1, m of `len` limbs; the result has `len` limbs. See the module
/// comment.
pub(crate) fn inverse_of_e(m: &[u64]) -> Vec<u64> {
    let e = E;
    let len = m.len();
    // k = −m^-1 mod e, with m^-1 = (m mod e)^(e−2) mod e (Fermat; the exponent is public).
    let x = Zeroizing::new(rem_e(m));
    let mut inv = Zeroizing::new(1u64);
    for bit in (0..64 - (e - 2).leading_zeros()).rev() {
        *inv = *inv * *inv % E;
        if (e - 2) >> bit & 1 == 1 {
            *inv = *inv * *x % E;
        }
    }
    let k = Zeroizing::new((e - *inv) % E);
    // t = 1 + k·m (len + 1 limbs).
    let mut t = Zeroizing::new(vec![0u64; len + 1]);
    let mut carry = 1u128;
    for i in 0..len {
        let v = u128::from(m[i]) * u128::from(*k) + carry;
        t[i] = v as u64;
        carry = v >> 64;
    }
    t[len] = carry as u64;
    // t / e exactly: q_i = (t_i − b)·e^-1 mod 2^64, b the high word of q_i·e plus the borrow.
    let mut e_inv = e;
    for _ in 0..6 {
        e_inv = e_inv.wrapping_mul(2u64.wrapping_sub(e.wrapping_mul(e_inv)));
    }
    let mut q = vec![0u64; len + 1];
    let mut b = 0u64;
    for i in 0..=len {
        let (s, c) = t[i].overflowing_sub(b);
        q[i] = s.wrapping_mul(e_inv);
        b = ((u128::from(q[i]) * u128::from(e)) >> 64) as u64 + u64::from(c);
    }
    q.truncate(len);
    q
}

/// The product of `a` and `b` (schoolbook), `a.len() + b.len()` limbs.
pub(crate) fn mul(a: &[u64], b: &[u64]) -> Vec<u64> {
    let mut out = vec![0u64; a.len() + b.len()];
    for (i, &x) in a.iter().enumerate() {
        let mut carry = 0u128;
        for (j, &y) in b.iter().enumerate() {
            let v = u128::from(out[i + j]) + u128::from(x) * u128::from(y) + carry;
            out[i + j] = v as u64;
            carry = v >> 64;
        }
        out[i + b.len()] = carry as u64;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crypto_bigint::{BoxedUint, Gcd, Resize};

    fn big(words: &[u64]) -> BoxedUint {
        BoxedUint::from_words(words.iter().copied())
    }

    /// Against crypto-bigint (variable-time operations as the reference) on random even
    /// numbers like p − 1 and q − 1, and on shared factors of 2 and 3.
    #[test]
    fn matches_crypto_bigint() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut rnd = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for round in 0..200 {
            let len = [1, 2, 4, 16][round % 4];
            let mut a: Vec<u64> = (0..len).map(|_| rnd()).collect();
            let mut b: Vec<u64> = (0..len).map(|_| rnd()).collect();
            a[len - 1] |= 1 << 63;
            b[len - 1] |= 1 << 63;
            a[0] &= !(round as u64 % 8); // shared powers of two, some
            b[0] &= !(round as u64 % 4);
            a[0] |= 2;
            b[0] |= 2;
            let g = gcd(&a, &b);
            let want = big(&a).gcd_vartime(&big(&b));
            assert_eq!(big(&g), want, "gcd, round {round}");
            let quotient = div_exact(&a, &g);
            assert_eq!(
                big(&mul(&quotient, &g)[..len]),
                big(&a),
                "div_exact, round {round}"
            );
            // e^-1 mod a, when it exists.
            let e = E;
            if rem_e(&a) != 0 {
                let d = inverse_of_e(&a);
                let de = mul(&d, &[e]);
                let m = big(&a);
                let r = big(&de).rem_vartime(
                    &crypto_bigint::NonZero::new(m.resize(64 * (len as u32 + 1))).unwrap(),
                );
                assert_eq!(
                    r,
                    BoxedUint::one_with_precision(64 * (len as u32 + 1)),
                    "inverse, round {round}"
                );
                assert!(
                    big(&d) < big(&a),
                    "inverse below the modulus, round {round}"
                );
            }
        }
    }
}
