//! Every entry of ../shared/testdata/keys/MANIFEST.json gives its expected outcome: files of one
//! `key_group` decode to the same key, negative entries give a clean error of the expected kind.
//! Divergent entries are pinned to the behaviour sslkit chose (documented in README.md).

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use sslkit::{ErrorKind, PrivateKey, PublicKey};

fn testdata() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/testdata/keys");
    if p.join("MANIFEST.json").exists() {
        Some(p)
    } else {
        common::skipped(
            "manifest: the key test vectors",
            "../shared/testdata is absent (a user's clone has no ../shared)",
        );
        None
    }
}

/// Minimal JSON reading through Python would add a dependency; the manifest is regular, so a
/// small hand parser for its flat objects is enough.
#[derive(Debug, Default)]
struct Entry {
    path: String,
    kind: String,
    password: Option<String>,
    expect: String,
    key_group: Option<String>,
    container: String,
}

fn parse_manifest(text: &str) -> Vec<Entry> {
    let v: serde_json::Value = serde_json::from_str(text).expect("MANIFEST.json is JSON");
    v["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| Entry {
            path: e["path"].as_str().unwrap().to_string(),
            kind: e["kind"].as_str().unwrap().to_string(),
            password: e["password"].as_str().map(str::to_string),
            expect: e["expect"].as_str().unwrap().to_string(),
            key_group: e["key_group"].as_str().map(str::to_string),
            container: e["container"].as_str().unwrap_or_default().to_string(),
        })
        .collect()
}

/// What sslkit decided for the entries real implementations disagree on.
fn pinned(path: &str) -> Option<Result<(), ErrorKind>> {
    match path {
        // RSAPrivateKey version 17: refused like pyca (OpenSSL 3.0 ignores the version).
        "pyca/Traditional_OpenSSL_Serialization/rsa-wrong-version.pem" => {
            Some(Err(ErrorKind::Parse))
        }
        // Content decides, not the label: accepted like OpenSSL / pyca respectively.
        "pyca/PEM_Serialization/rsa_wrong_delimiter_public_key.pem" => Some(Ok(())),
        "pyca/PKCS8/wrong-pem-delimiter-rsa.pem" => Some(Ok(())),
        // Multi-prime RSA: refused cleanly.
        "rustcrypto/pkcs1/rsa2048-priv-3prime.pem" | "rustcrypto/pkcs1/rsa2048-priv-3prime.der" => {
            Some(Err(ErrorKind::Unsupported))
        }
        // AES-GCM inside PBES2 (a RustCrypto extension OpenSSL rejects): read.
        "rustcrypto/pkcs8/ed25519-encpriv-aes128-gcm-scrypt.der"
        | "rustcrypto/pkcs8/ed25519-encpriv-aes256-gcm-scrypt.der" => Some(Ok(())),
        _ => None,
    }
}

/// The error kind each negative entry must give.
fn expected_error(path: &str) -> ErrorKind {
    match path {
        p if p.contains("enc-unknown") || p.contains("bad-encryption-oid") => {
            ErrorKind::Unsupported
        }
        _ => ErrorKind::Parse,
    }
}

#[test]
fn manifest_entries_give_their_expected_outcome() {
    let Some(dir) = testdata() else { return };
    let entries = parse_manifest(&std::fs::read_to_string(dir.join("MANIFEST.json")).unwrap());
    assert!(entries.len() > 60, "manifest has {} entries", entries.len());
    let mut groups: HashMap<String, Vec<(String, PublicKey)>> = HashMap::new();
    let mut checked = 0;
    for e in &entries {
        let data = std::fs::read(dir.join(&e.path)).unwrap();
        let pass = e.password.as_deref().map(str::as_bytes);
        let result: Result<PublicKey, sslkit::Error> = match e.kind.as_str() {
            k if k.ends_with("-private") => {
                PrivateKey::from_bytes(&data, pass).map(|k| k.public_key())
            }
            "rsa-public" => PublicKey::from_bytes(&data),
            // certificates and CSRs belong to later issues
            _ => continue,
        };
        checked += 1;
        let want: Result<(), ErrorKind> = match pinned(&e.path) {
            Some(p) => p,
            None => match e.expect.as_str() {
                "ok" => Ok(()),
                "error" => Err(expected_error(&e.path)),
                other => panic!("{}: unpinned expectation {other}", e.path),
            },
        };
        match (&result, want) {
            (Ok(pk), Ok(())) => {
                if let Some(g) = &e.key_group {
                    groups
                        .entry(g.clone())
                        .or_default()
                        .push((e.path.clone(), pk.clone()));
                }
            }
            (Err(err), Err(kind)) => {
                assert_eq!(err.kind(), kind, "{} ({}): {err}", e.path, e.container);
            }
            (Ok(_), Err(kind)) => panic!("{}: decoded, expected {kind:?}", e.path),
            (Err(err), Ok(())) => panic!("{} ({}): {:?} {err}", e.path, e.container, err.kind()),
        }
        // Encrypted entries: no passphrase => PassphraseRequired; a wrong one => WrongPassphrase.
        if e.password.is_some() && result.is_ok() {
            let err = PrivateKey::from_bytes(&data, None).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::PassphraseRequired, "{}", e.path);
            let err = PrivateKey::from_bytes(&data, Some(b"not the passphrase")).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::WrongPassphrase, "{}", e.path);
            let err = PrivateKey::from_bytes(&data, Some(b"")).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::WrongPassphrase, "{} (empty)", e.path);
        }
    }
    assert!(checked > 60);
    for (group, members) in &groups {
        let first = &members[0];
        for m in members {
            assert_eq!(
                m.1, first.1,
                "group {group}: {} and {} differ",
                m.0, first.0
            );
        }
    }
    // The groups that must have several members did.
    for g in [
        "mbedtls-A",
        "pyca-enc-rsa-pkcs8",
        "rc-2048",
        "rc-ed25519",
        "rc-1024",
    ] {
        assert!(groups.get(g).is_some_and(|m| m.len() >= 2), "group {g}");
    }
}

/// The RustCrypto siblings are byte-identical conversions (checked with OpenSSL by the
/// manifest's authors): sslkit's output for the same key must equal them.
#[test]
fn conversions_are_byte_identical_to_rustcrypto_siblings() {
    let Some(dir) = testdata() else { return };
    let rc = dir.join("rustcrypto");
    let key = PrivateKey::load(rc.join("pkcs1/rsa2048-priv.pem"), None).unwrap();
    assert_eq!(
        &*key.to_pkcs8_der().unwrap(),
        &std::fs::read(rc.join("pkcs8/rsa2048-priv.der")).unwrap()[..]
    );
    assert_eq!(
        &*key.to_traditional_der().unwrap(),
        &std::fs::read(rc.join("pkcs1/rsa2048-priv.der")).unwrap()[..]
    );
    assert_eq!(
        key.to_pem().unwrap().as_bytes(),
        &std::fs::read(rc.join("pkcs8/rsa2048-priv.pem")).unwrap()[..]
    );
    let pubk = key.public_key();
    assert_eq!(
        pubk.to_der(),
        std::fs::read(rc.join("pkcs8/rsa2048-pub.der")).unwrap()
    );
    assert_eq!(
        pubk.to_pkcs1_der().unwrap(),
        std::fs::read(rc.join("pkcs1/rsa2048-pub.der")).unwrap()
    );
    assert_eq!(
        pubk.to_pem().as_bytes(),
        &std::fs::read(rc.join("pkcs8/rsa2048-pub.pem")).unwrap()[..]
    );
    // mbedtls: `openssl rsa -in server8.key -pubout` / `-RSAPublicKey_out`, byte for byte.
    let m = dir.join("mbedtls");
    let k8 = PrivateKey::load(m.join("server8.key"), None)
        .unwrap()
        .public_key();
    assert_eq!(
        k8.to_pem().as_bytes(),
        &std::fs::read(m.join("rsa_pkcs8_2048_public.pem")).unwrap()[..]
    );
    assert_eq!(
        k8.to_pkcs1_pem().unwrap().as_bytes(),
        &std::fs::read(m.join("rsa_pkcs1_2048_public.pem")).unwrap()[..]
    );
    // Ed25519 and P-256 PKCS#8 round trip byte for byte.
    for f in ["pkcs8/ed25519-priv-pkcs8v1.der", "pkcs8/p256-priv.der"] {
        let der = std::fs::read(rc.join(f)).unwrap();
        let k = PrivateKey::from_der(&der, None).unwrap();
        assert_eq!(&*k.to_der().unwrap(), &der[..], "{f}");
    }
}
