//! C ABI for sslkit (work in progress).
