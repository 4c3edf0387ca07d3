//! The search itself: fresh random candidates, the round count for the error bound, random
//! bases, and the loop that ties trial division and Miller–Rabin together.

#[allow(unused_imports)]
use super::*;

/// The least t for which FIPS 186-5 C.1's bound puts p(k, t) below 2^-target (crypto-primes
/// implements the C.1 sum).
pub(super) fn rounds_for(bits: u32, target: u32) -> usize {
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
pub(super) fn fill_random(words: &mut [u64]) -> Result<()> {
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

pub(super) fn random_limbs<const N: usize>() -> Result<[u64; N]> {
    let mut r = [0u64; N];
    fill_random(&mut r)?;
    Ok(r)
}

/// A random base in [2, n − 2] (rejection sampling over integers below 2^(64·N)).
pub(super) fn random_base<const N: usize>(n: &[u64; N]) -> Result<[u64; N]> {
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
pub(super) struct Candidates<const N: usize> {
    pub(super) buf: Zeroizing<Vec<u64>>,
    pub(super) next: usize,
}

impl<const N: usize> Candidates<N> {
    const BATCH: usize = 16;

    pub(super) fn new() -> Self {
        Candidates {
            buf: Zeroizing::new(vec![0u64; N * Self::BATCH]),
            next: Self::BATCH,
        }
    }

    pub(super) fn draw(&mut self) -> Result<Zeroizing<[u64; N]>> {
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

pub(super) fn find_prime_with<const N: usize, const K: usize>(
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
