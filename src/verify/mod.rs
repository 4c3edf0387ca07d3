//! Certificate path validation: RFC 5280 with the CA/Browser Forum server profile where the
//! two differ.

mod options;

pub use options::{Purpose, VerifyOptions};
