//! Per-operation timings (`cargo test --release --lib key::prime::timing -- --ignored
//! --nocapture`).

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
