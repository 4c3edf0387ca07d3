//! Project Wycheproof signature vectors through `PublicKey::from_der` + `PublicKey::verify`:
//! RSA PKCS#1 v1.5 (verify and sig_gen files), RSA-PSS, ECDSA P-256 and Ed25519. `valid` must
//! verify, `invalid` must not (a key that does not parse counts as "not"), and what `acceptable`
//! vectors do is printed per file. The sig_gen files also check signing: PKCS#1 v1.5 is
//! deterministic, so `PrivateKey::sign` must reproduce each valid signature byte for byte.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;
use sslkit::{HashAlg, PrivateKey, PublicKey, SignatureAlgorithm};

fn vectors_dir() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/testdata/wycheproof/testvectors_v1");
    if p.is_dir() {
        Some(p)
    } else {
        common::skipped(
            "wycheproof: the signature vectors",
            &format!("{} is absent", p.display()),
        );
        None
    }
}

fn unhex(s: &str) -> Vec<u8> {
    assert!(s.len().is_multiple_of(2), "odd hex length");
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

fn hash_of(name: &str) -> Option<HashAlg> {
    match name {
        "SHA-256" => Some(HashAlg::Sha256),
        "SHA-384" => Some(HashAlg::Sha384),
        "SHA-512" => Some(HashAlg::Sha512),
        _ => None,
    }
}

/// The algorithm for a test group, or why the group cannot be run (a hash sslkit's
/// `SignatureAlgorithm` does not name, such as SHA-224).
fn algorithm(group: &Value) -> Result<SignatureAlgorithm, String> {
    let ty = group["type"].as_str().unwrap_or_default();
    let sha = group["sha"].as_str().unwrap_or_default();
    match ty {
        "RsassaPkcs1Verify" | "RsassaPkcs1Generate" => match sha {
            "SHA-1" => Ok(SignatureAlgorithm::RsaPkcs1Sha1),
            "SHA-256" => Ok(SignatureAlgorithm::RsaPkcs1Sha256),
            "SHA-384" => Ok(SignatureAlgorithm::RsaPkcs1Sha384),
            "SHA-512" => Ok(SignatureAlgorithm::RsaPkcs1Sha512),
            other => Err(format!("RSA PKCS#1 with {other}")),
        },
        "RsassaPssVerify" => {
            let hash = hash_of(sha).ok_or_else(|| format!("RSA-PSS with {sha}"))?;
            let mgf = group["mgf"].as_str().unwrap_or_default();
            let mgf_sha = group["mgfSha"].as_str().unwrap_or_default();
            let salt_len = group["sLen"]
                .as_u64()
                .and_then(|n| u32::try_from(n).ok())
                .ok_or("RSA-PSS without sLen")?;
            if mgf != "MGF1" || mgf_sha != sha {
                return Err(format!("RSA-PSS {sha} with {mgf}({mgf_sha})"));
            }
            Ok(SignatureAlgorithm::RsaPss { hash, salt_len })
        }
        "EcdsaVerify" => match sha {
            "SHA-256" => Ok(SignatureAlgorithm::EcdsaSha256),
            "SHA-384" => Ok(SignatureAlgorithm::EcdsaSha384),
            "SHA-512" => Ok(SignatureAlgorithm::EcdsaSha512),
            other => Err(format!("ECDSA with {other}")),
        },
        "EddsaVerify" => Ok(SignatureAlgorithm::Ed25519),
        other => Err(format!("group type {other}")),
    }
}

/// The SubjectPublicKeyInfo DER of a group: `publicKeyDer` in the verify schemas, `keyDer` in
/// the RSA sig_gen schema.
fn spki_der(group: &Value) -> Vec<u8> {
    let hex = group["publicKeyDer"]
        .as_str()
        .or_else(|| group["keyDer"].as_str())
        .expect("a group with publicKeyDer or keyDer");
    unhex(hex)
}

#[derive(Default, Debug)]
struct Counts {
    run: usize,
    valid_ok: usize,
    invalid_rejected: usize,
    acceptable_accepted: usize,
    acceptable_rejected: usize,
    /// Per flag set of the `acceptable` vectors: (accepted, rejected).
    acceptable_by_flags: BTreeMap<String, (usize, usize)>,
    key_parse_errors: usize,
    skipped: BTreeMap<String, usize>,
    signed_identical: usize,
    private_key_errors: BTreeMap<String, usize>,
}

fn run_file(path: &Path, failures: &mut Vec<String>) -> Counts {
    let file = path.file_name().unwrap().to_string_lossy().to_string();
    let data: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let mut c = Counts::default();
    let declared = data["numberOfTests"].as_u64().unwrap_or(0) as usize;
    let mut seen = 0;
    for group in data["testGroups"].as_array().expect("testGroups") {
        let tests = group["tests"].as_array().expect("tests");
        seen += tests.len();
        let alg = match algorithm(group) {
            Ok(a) => a,
            Err(why) => {
                *c.skipped.entry(why).or_default() += tests.len();
                continue;
            }
        };
        let key = PublicKey::from_der(&spki_der(group));
        // sig_gen groups carry the private key: PKCS#1 v1.5 signing is deterministic.
        // sslkit does not read every such key (ring refuses e = 3 for signing keys, for one):
        // that is counted, not failed, since sslkit only promises e = 65537 (README).
        let signer = match group["privateKeyPkcs8"].as_str() {
            None => None,
            Some(h) => match PrivateKey::from_der(&unhex(h), None) {
                Ok(k) => Some(k),
                Err(e) => {
                    let e_hex = group["privateKey"]["publicExponent"]
                        .as_str()
                        .unwrap_or("?");
                    *c.private_key_errors
                        .entry(format!("e={e_hex}: {}: {}", e.kind(), e.message()))
                        .or_default() += 1;
                    None
                }
            },
        };
        let sign_hash = match alg {
            SignatureAlgorithm::RsaPkcs1Sha256 => Some(HashAlg::Sha256),
            SignatureAlgorithm::RsaPkcs1Sha384 => Some(HashAlg::Sha384),
            SignatureAlgorithm::RsaPkcs1Sha512 => Some(HashAlg::Sha512),
            _ => None,
        };
        for t in tests {
            let id = t["tcId"].as_u64().unwrap_or(0);
            let result = t["result"].as_str().unwrap_or_default();
            let msg = unhex(t["msg"].as_str().unwrap_or_default());
            let sig = unhex(t["sig"].as_str().unwrap_or_default());
            let verdict = match &key {
                Ok(k) => k.verify(alg, &msg, &sig),
                Err(e) => {
                    c.key_parse_errors += 1;
                    Err(e.clone())
                }
            };
            c.run += 1;
            let what = || {
                format!(
                    "{file} tcId {id} ({result}, {}, flags {}): {:?}",
                    t["comment"].as_str().unwrap_or_default(),
                    t["flags"],
                    verdict.as_ref().map(|_| "verified")
                )
            };
            if result == "acceptable" {
                let e = c
                    .acceptable_by_flags
                    .entry(t["flags"].to_string())
                    .or_default();
                if verdict.is_ok() {
                    e.0 += 1;
                } else {
                    e.1 += 1;
                }
            }
            match result {
                "valid" if verdict.is_ok() => c.valid_ok += 1,
                "invalid" if verdict.is_err() => c.invalid_rejected += 1,
                "acceptable" if verdict.is_ok() => c.acceptable_accepted += 1,
                "acceptable" => c.acceptable_rejected += 1,
                _ => failures.push(what()),
            }
            if let (Some(signer), Some(h), "valid") = (&signer, sign_hash, result) {
                let ours = signer.sign(&msg, Some(h)).expect("signing");
                if ours == sig {
                    c.signed_identical += 1;
                } else {
                    failures.push(format!(
                        "{file} tcId {id}: PrivateKey::sign differs from the vector's signature"
                    ));
                }
            }
        }
    }
    assert_eq!(seen, declared, "{file}: numberOfTests");
    c
}

#[test]
fn wycheproof_signature_vectors() {
    let Some(dir) = vectors_dir() else { return };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy();
            (n.starts_with("rsa_signature_") && n.ends_with("_test.json"))
                || n == "rsa_pss_2048_sha256_mgf1_32_test.json"
                || n == "ecdsa_secp256r1_sha256_test.json"
                || n == "ed25519_test.json"
                || (n.starts_with("rsa_pkcs1_") && n.ends_with("_sig_gen_test.json"))
        })
        .collect();
    files.sort();
    assert!(files.len() >= 14, "found only {files:?}");
    let mut failures = Vec::new();
    let mut total = 0;
    for f in &files {
        let t = std::time::Instant::now();
        let c = run_file(f, &mut failures);
        println!(
            "{:<42} run {:>3}: valid verified {:>3}, invalid rejected {:>3}, acceptable \
             accepted {} / rejected {}, key parse errors {}, signed identically {}, skipped {:?}, \
             private keys not read {:?} ({:?})",
            f.file_name().unwrap().to_string_lossy(),
            c.run,
            c.valid_ok,
            c.invalid_rejected,
            c.acceptable_accepted,
            c.acceptable_rejected,
            c.key_parse_errors,
            c.signed_identical,
            c.skipped,
            c.private_key_errors,
            t.elapsed()
        );
        if !c.acceptable_by_flags.is_empty() {
            println!(
                "    acceptable (accepted, rejected) by flags: {:?}",
                c.acceptable_by_flags
            );
        }
        assert!(c.run > 0, "{}: no test ran", f.display());
        total += c.run;
    }
    println!("{total} vectors run from {} files", files.len());
    assert!(
        failures.is_empty(),
        "{} vector(s) disagree with Wycheproof:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// RSA-PSS with salt lengths other than the hash length (which ring does not verify, so sslkit
/// falls back to the `rsa` crate): signatures made by `openssl dgst -sigopt
/// rsa_pss_saltlen:N`; for each declared salt length, sslkit's verdict must be
/// `openssl dgst -verify`'s.
#[test]
fn rsa_pss_salt_lengths_agree_with_openssl() {
    use common::{Workdir, openssl, openssl_try};
    let w = Workdir::new();
    let key = w.path("pss.key");
    openssl(&["genrsa", "-out", &key, "2048"]);
    let pubder = w.path("pss.pub.der");
    openssl(&[
        "pkey", "-in", &key, "-pubout", "-outform", "DER", "-out", &pubder,
    ]);
    let public = PublicKey::from_der(&std::fs::read(&pubder).unwrap()).unwrap();
    let pubpem = w.path("pss.pub.pem");
    openssl(&["pkey", "-in", &key, "-pubout", "-out", &pubpem]);
    let msg: Vec<u8> = (0..1000u32).map(|i| (i * 7 + 3) as u8).collect();
    let msg_path = w.write("msg.bin", &msg);
    let mut checked = 0;
    let mut openssl_ok = 0;
    let mut bad = Vec::new();
    for (hash, flag, hlen) in [
        (HashAlg::Sha256, "-sha256", 32u32),
        (HashAlg::Sha384, "-sha384", 48),
        (HashAlg::Sha512, "-sha512", 64),
    ] {
        for salt in [0u32, 20, hlen, 100] {
            let sig_path = w.path(&format!("sig-{flag}-{salt}"));
            let salt_opt = format!("rsa_pss_saltlen:{salt}");
            openssl(&[
                "dgst",
                flag,
                "-sign",
                &key,
                "-sigopt",
                "rsa_padding_mode:pss",
                "-sigopt",
                &salt_opt,
                "-out",
                &sig_path,
                &msg_path,
            ]);
            let sig = std::fs::read(&sig_path).unwrap();
            let mut flipped = sig.clone();
            flipped[10] ^= 0x40;
            let flipped_path = w.write(&format!("flipped-{flag}-{salt}"), &flipped);
            for declared in [salt, salt + 1] {
                for (which, s, path) in [
                    ("sig", &sig, &sig_path),
                    ("flipped", &flipped, &flipped_path),
                ] {
                    let decl_opt = format!("rsa_pss_saltlen:{declared}");
                    let (theirs, _) = openssl_try(&[
                        "dgst",
                        flag,
                        "-verify",
                        &pubpem,
                        "-sigopt",
                        "rsa_padding_mode:pss",
                        "-sigopt",
                        &decl_opt,
                        "-signature",
                        path,
                        &msg_path,
                    ]);
                    let alg = SignatureAlgorithm::RsaPss {
                        hash,
                        salt_len: declared,
                    };
                    let ours = public.verify(alg, &msg, s);
                    checked += 1;
                    openssl_ok += usize::from(theirs);
                    if ours.is_ok() != theirs {
                        bad.push(format!(
                            "{flag} {which} salt {salt} declared {declared}: sslkit {ours:?}, openssl {}",
                            if theirs { "Verified OK" } else { "Verification failure" }
                        ));
                    }
                }
            }
        }
    }
    println!("{checked} RSA-PSS verdicts compared with openssl");
    // openssl accepts exactly the 12 untouched signatures with their own salt length.
    assert_eq!(
        openssl_ok, 12,
        "openssl's verdicts are not what the cases were built for"
    );
    assert!(bad.is_empty(), "disagreements:\n{}", bad.join("\n"));
}

/// Every RSA PKCS#1 v1.5 vector gets the same verdict from `PublicKey::verify` (which verifies
/// these keys on its own arithmetic where AVX-512 IFMA is present) as from ring's own
/// verification with the parameters sslkit used to pass to ring, including the `acceptable`
/// vectors that the test above only counts.
#[test]
fn rsa_pkcs1_verdicts_match_ring() {
    use ring::signature as rs;
    let Some(dir) = vectors_dir() else { return };
    let mut compared = 0;
    let mut disagreements = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !(name.starts_with("rsa_signature_") || name.starts_with("rsa_pkcs1_")) {
            continue;
        }
        let data: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        for group in data["testGroups"].as_array().expect("testGroups") {
            let Ok(alg) = algorithm(group) else { continue };
            let Ok(key) = PublicKey::from_der(&spki_der(group)) else {
                continue;
            };
            let bits = key.bits();
            let params: &'static rs::RsaParameters = match alg {
                SignatureAlgorithm::RsaPkcs1Sha1 => {
                    &rs::RSA_PKCS1_1024_8192_SHA1_FOR_LEGACY_USE_ONLY
                }
                SignatureAlgorithm::RsaPkcs1Sha256 if bits >= 2048 => {
                    &rs::RSA_PKCS1_2048_8192_SHA256
                }
                SignatureAlgorithm::RsaPkcs1Sha256 => {
                    &rs::RSA_PKCS1_1024_8192_SHA256_FOR_LEGACY_USE_ONLY
                }
                SignatureAlgorithm::RsaPkcs1Sha384 if bits >= 2048 => {
                    &rs::RSA_PKCS1_2048_8192_SHA384
                }
                SignatureAlgorithm::RsaPkcs1Sha512 if bits >= 2048 => {
                    &rs::RSA_PKCS1_2048_8192_SHA512
                }
                SignatureAlgorithm::RsaPkcs1Sha512 => {
                    &rs::RSA_PKCS1_1024_8192_SHA512_FOR_LEGACY_USE_ONLY
                }
                _ => continue,
            };
            if bits < 1024 {
                continue;
            }
            let pkcs1 = key.to_pkcs1_der().unwrap();
            for t in group["tests"].as_array().expect("tests") {
                let msg = unhex(t["msg"].as_str().unwrap_or_default());
                let sig = unhex(t["sig"].as_str().unwrap_or_default());
                let ours = key.verify(alg, &msg, &sig).is_ok();
                let ring = rs::UnparsedPublicKey::new(params, &pkcs1)
                    .verify(&msg, &sig)
                    .is_ok();
                compared += 1;
                if ours != ring {
                    disagreements.push(format!(
                        "{name} tcId {}: sslkit {ours}, ring {ring}",
                        t["tcId"]
                    ));
                }
            }
        }
    }
    println!("{compared} RSA PKCS#1 verdicts compared with ring");
    assert!(compared > 2000, "only {compared} vectors compared");
    assert!(disagreements.is_empty(), "{disagreements:#?}");
}
