//! Miller–Rabin on AVX-512 IFMA (`sslkit_mont`), two candidates or two rounds interleaved.

#[allow(unused_imports)]
use super::*;

/// Window width of the IFMA exponentiations (a table of 2^5 powers).
pub(super) const IFMA_WINDOW: usize = 5;

/// Miller–Rabin on AVX-512 IFMA ([`sslkit_mont`]), for a candidate already set up in a
/// [`Monty`] (which supplies the exponent bits, the verdict logic and R mod n). Numbers are in
/// radix 2^52 with R' = 2^(52·8·K) > 4n, in Montgomery form for R'. Constant-time like
/// [`Monty`]'s tests: fixed windows, full-table scans, masked selects, and every comparison
/// on the fully reduced value.
pub(crate) struct IfmaMr<'a, const N: usize, const K: usize> {
    pub(super) monty: &'a Monty<N>,
    pub(super) ifma: Ifma<K>,
    /// R' mod n, the form of 1.
    pub(super) one: Limbs<K>,
    /// n − (R' mod n), the form of −1.
    pub(super) minus_one: Limbs<K>,
    /// 2^k·R' mod n for k < 2^IFMA_WINDOW: the window table of base 2.
    pub(super) twos: Vec<Limbs<K>>,
}

#[inline(always)]
pub(super) fn eq_mask_limbs<const K: usize>(a: &Limbs<K>, b: &Limbs<K>) -> u64 {
    let mut d = 0;
    for (x, y) in a.iter().flatten().zip(b.iter().flatten()) {
        d |= x ^ y;
    }
    zero_mask(d)
}

#[inline(always)]
pub(super) fn select_limbs<const K: usize>(mask: u64, a: &Limbs<K>, b: &Limbs<K>) -> Limbs<K> {
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
    pub(super) fn mr(&self, table: &[Limbs<K>], base: &Limbs<K>) -> bool {
        self.mr_two([table, table], [base, base])[0]
    }

    /// [`IfmaMr::mr`] for two bases at once (two tables), interleaved.
    pub(super) fn mr_two(&self, tables: [&[Limbs<K>]; 2], bases: [&Limbs<K>; 2]) -> [bool; 2] {
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
    pub(super) fn random_base(&self) -> Result<Limbs<K>> {
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
    pub(super) fn table(&self, base: &Limbs<K>) -> Vec<Limbs<K>> {
        let mut table = Vec::with_capacity(1 << IFMA_WINDOW);
        table.push(self.one);
        for k in 1..1 << IFMA_WINDOW {
            let next = self.ifma.mul(&table[k - 1], base);
            table.push(next);
        }
        table
    }

    /// [`IfmaMr::table`] for two bases, interleaved.
    pub(super) fn tables(&self, a: &Limbs<K>, b: &Limbs<K>) -> (Vec<Limbs<K>>, Vec<Limbs<K>>) {
        let (mut ta, mut tb) = (vec![self.one], vec![self.one]);
        for k in 1..1 << IFMA_WINDOW {
            let (x, y) = self.ifma.mul_pair(&ta[k - 1], a, &self.ifma, &tb[k - 1], b);
            ta.push(x);
            tb.push(y);
        }
        (ta, tb)
    }
}
