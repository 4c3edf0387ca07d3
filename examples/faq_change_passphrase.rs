//! FAQ: "How can I change the pass-phrase on my private key file?" and "How can I get rid of
//! the pass-phrase dialog at Apache startup time?"
//!
//! openssl: `openssl rsa -des3 -in server.key -out server.key.new` (change);
//! `openssl rsa -in server.key.org -out server.key` and `chmod 400 server.key` (remove).
//! Run: `cargo run --example faq_change_passphrase`.

use sslkit::{EncodeOptions, KeyType, PrivateKey};

fn main() -> Result<(), sslkit::Error> {
    let dir = tempfile::tempdir()
        .map_err(|e| sslkit::Error::new(sslkit::ErrorKind::Io, e.to_string()))?;
    let path = dir.path().join("server.key");
    let key = PrivateKey::generate(KeyType::EcP256, None)?;
    let old = key.to_pem_with(&EncodeOptions::new().passphrase(b"old passphrase"))?;
    sslkit::fs::write_atomic(&path, old.as_bytes(), 0o600, false)?;
    // Change: read with the old passphrase, write with the new one, atomically in place.
    let key = PrivateKey::load(&path, Some(b"old passphrase"))?;
    let new = key.to_pem_with(&EncodeOptions::new().passphrase(b"new passphrase"))?;
    sslkit::fs::write_atomic(&path, new.as_bytes(), 0o600, true)?;
    let err = PrivateKey::load(&path, Some(b"old passphrase")).unwrap_err();
    println!("old passphrase now gives: {:?}", err.kind());
    // Remove: the key in the clear, mode 0600 (only root reads it).
    let key = PrivateKey::load(&path, Some(b"new passphrase"))?;
    sslkit::fs::write_atomic(&path, key.to_pem()?.as_bytes(), 0o600, true)?;
    println!(
        "encrypted now: {}",
        PrivateKey::is_encrypted(&std::fs::read(&path).unwrap_or_default())
    );
    Ok(())
}
