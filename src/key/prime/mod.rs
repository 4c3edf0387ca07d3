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
//! shared with the portable path, but the IFMA path is not machine-checked. The key's assembly
//! from p and q (`super::assemble`) runs under the same check, p and q still marked.
//!
//! # Nothing left behind
//!
//! Candidates, random bytes, bases, Montgomery contexts ([`Monty`], [`IfmaMr`] and
//! `sslkit_mont::Ifma`) and window tables are wiped on drop (`Zeroizing` or `Drop`).

mod ifma;
mod montgomery;
mod search;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod timing;
mod trial;

use std::sync::atomic::{AtomicBool, Ordering};

use zeroize::{Zeroize, Zeroizing};

use super::ct;
use crate::error::{Error, Result};
use sslkit_mont::{Ifma, Limbs};

#[cfg(test)]
pub(crate) use self::ifma::IfmaMr;
#[allow(unused_imports)] // for the sibling modules and the tests
use self::ifma::*;
#[cfg(test)]
pub(crate) use self::montgomery::Monty;
use self::montgomery::*;
pub(crate) use self::search::find_prime;
use self::search::*;
use self::trial::*;
