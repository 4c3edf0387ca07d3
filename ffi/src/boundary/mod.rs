//! The C boundary, by concern:
//! - [`panic`](mod@panic): the panic guard, [`Failure`] and the per-thread last error;
//! - [`arguments`]: checked conversion of C arguments (pointers, lengths, strings, handles,
//!   numbers) into Rust values;
//! - [`outputs`]: out-parameters, the shared getter bodies, freeing;
//! - [`enums`]: C enum values ↔ core values.
//!
//! Everything is re-exported here, so the exported functions use `boundary::x`.

pub mod arguments;
pub mod enums;
pub mod outputs;
pub mod panic;

pub use arguments::{
    c_str, c_str_array, days, from_unix_seconds, handle, input, nth_san, optional_c_str,
    optional_input, path_len,
};
pub use enums::{cipher, fingerprint_hash, kdf, key_format, key_type, profile, purpose};
pub use outputs::{
    Out, OutBytes, OutHandle, OutText, bytes_getter, free_bytes, free_handle, unix_seconds,
    value_getter,
};
pub use panic::{Failure, Outcome, guard, guard_value, with_last_error};
