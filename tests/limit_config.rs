//! The input size cap is configurable (`sslkit::limits::set_max_input_size`): lowered and
//! raised, with inputs just under and just over it. One test in a process of its own, because
//! the cap is process-wide.

mod common;

use common::padded;
use sslkit::limits::{MAX_INPUT_SIZE, max_input_size, set_max_input_size};
use sslkit::{Certificate, ErrorKind, KeyType, PrivateKey};

#[test]
fn the_input_cap_can_be_lowered_and_raised() {
    assert_eq!(max_input_size(), MAX_INPUT_SIZE);
    let key = PrivateKey::generate(KeyType::Ed25519, None).unwrap();
    let cert = Certificate::self_signed(&key, "/CN=cap.test", &[], 1).unwrap();
    let pem = cert.to_pem();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.pem");

    // Lowered to 2000 bytes: 2000 is read, 2001 is refused, in memory and from a file.
    assert_eq!(set_max_input_size(2000), MAX_INPUT_SIZE);
    assert_eq!(max_input_size(), 2000);
    assert_eq!(Certificate::from_bytes(&padded(&pem, 2000)).unwrap(), cert);
    let err = Certificate::from_bytes(&padded(&pem, 2001)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
    assert!(err.message().contains("2000 bytes"), "{err}");
    std::fs::write(&path, padded(&pem, 2000)).unwrap();
    assert_eq!(Certificate::load(&path).unwrap(), cert);
    std::fs::write(&path, padded(&pem, 2001)).unwrap();
    assert_eq!(
        Certificate::load(&path).unwrap_err().kind(),
        ErrorKind::InvalidInput
    );

    // Raised to 32 MiB: a 20 MiB input, refused by default, is read.
    let big = padded(&pem, 20 * 1024 * 1024);
    set_max_input_size(0); // 0 restores the default
    assert_eq!(max_input_size(), MAX_INPUT_SIZE);
    assert_eq!(
        Certificate::from_bytes(&big).unwrap_err().kind(),
        ErrorKind::InvalidInput
    );
    set_max_input_size(32 * 1024 * 1024);
    assert_eq!(Certificate::from_bytes(&big).unwrap(), cert);
    let err = Certificate::from_bytes(&padded(&pem, 32 * 1024 * 1024 + 1)).unwrap_err();
    assert!(err.message().contains("32 MiB"), "{err}");
    set_max_input_size(MAX_INPUT_SIZE);
}
