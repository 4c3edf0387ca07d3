//! Marking secrets for the constant-time test: with the `ct-check` feature and under valgrind,
//! [`classify`] makes memcheck treat a value as undefined, so any branch or memory index that
//! depends on it is reported (scripts/test-ct); [`declassify`] marks a value that may be public.
//! Without the feature these are no-ops that the compiler removes.
//!
//! What the prime search declassifies, and why that is safe, is listed in `prime`'s module
//! comment ("Constant time").

/// Marks `words` secret.
#[inline(always)]
pub(crate) fn classify(words: &mut [u64]) {
    #[cfg(feature = "ct-check")]
    sslkit_ctgrind::classify(words);
    #[cfg(not(feature = "ct-check"))]
    let _ = words;
}

/// Marks `words` public.
#[inline(always)]
pub(crate) fn declassify(words: &mut [u64]) {
    #[cfg(feature = "ct-check")]
    sslkit_ctgrind::declassify(words);
    #[cfg(not(feature = "ct-check"))]
    let _ = words;
}

/// A mask (all-ones or zero) turned into a public bool: the one place where the prime search
/// branches on a verdict. The value goes through memory so that valgrind sees it defined.
#[inline(always)]
pub(crate) fn reveal(mask: u64) -> bool {
    let mut v = [mask];
    declassify(&mut v);
    std::hint::black_box(v[0]) != 0
}
