//! Resource limits: what hostile input may cost before sslkit refuses it.
//!
//! | limit | value | error when exceeded |
//! |---|---|---|
//! | input size (one file, PEM or DER) | [`MAX_INPUT_SIZE`] = 16 MiB, changed with [`set_max_input_size`] | `InvalidInput` |
//! | PEM blocks in one input | [`MAX_PEM_BLOCKS`] = 100,000 | `InvalidInput` |
//! | certificates in a chain pool | [`MAX_POOL_SIZE`](crate::MAX_POOL_SIZE) = 100,000 | `InvalidInput` |
//! | chain depth | [`MAX_CHAIN_DEPTH`](crate::MAX_CHAIN_DEPTH) = 10 certificates | `ChainIncomplete` |
//! | PBKDF2 / PKCS#12 iterations when reading a key | [`MAX_PBKDF2_ITERATIONS`](crate::MAX_PBKDF2_ITERATIONS) = 10,000,000 | `Unsupported` |
//! | scrypt memory (128·r·N·p) when reading a key | [`MAX_SCRYPT_MEMORY`](crate::MAX_SCRYPT_MEMORY) = 256 MiB | `Unsupported` |
//! | RSA modulus | [`MAX_RSA_BITS`](crate::MAX_RSA_BITS) = 16,384 bits | `Unsupported` |
//! | RSA public exponent | 64 bits | `Unsupported` |
//!
//! Every limit is checked before the work or the allocation it guards.
//!
//! ```
//! // A server that reads huge CA bundles may raise the input cap (or lower it).
//! let before = sslkit::limits::set_max_input_size(64 * 1024 * 1024);
//! assert_eq!(before, sslkit::limits::MAX_INPUT_SIZE);
//! sslkit::limits::set_max_input_size(before);
//! ```

use std::sync::atomic::{AtomicUsize, Ordering};

pub use crate::pem::MAX_INPUT_SIZE;

/// The most PEM blocks sslkit reads from one input (a bundle of every public CA holds ~150).
pub const MAX_PEM_BLOCKS: usize = 100_000;

static INPUT_LIMIT: AtomicUsize = AtomicUsize::new(MAX_INPUT_SIZE);

/// The input size cap in force (bytes): [`MAX_INPUT_SIZE`] unless [`set_max_input_size`] changed
/// it.
pub fn max_input_size() -> usize {
    INPUT_LIMIT.load(Ordering::Relaxed)
}

/// Sets the input size cap for the whole process (every thread) and returns the previous one.
/// A file or buffer larger than this is `InvalidInput` before it is read or parsed. `0` restores
/// the default, [`MAX_INPUT_SIZE`].
pub fn set_max_input_size(bytes: usize) -> usize {
    let bytes = if bytes == 0 { MAX_INPUT_SIZE } else { bytes };
    INPUT_LIMIT.swap(bytes, Ordering::Relaxed)
}

/// "16 MiB", or the exact byte count when the cap is not a whole number of MiB.
pub(crate) fn describe(bytes: usize) -> String {
    if bytes.is_multiple_of(1024 * 1024) {
        format!("{} MiB", bytes / (1024 * 1024))
    } else {
        format!("{bytes} bytes")
    }
}
