//! Python bindings for sslkit (work in progress).
