//! Every resource limit of `sslkit::limits` with an input just under it (accepted, or refused
//! for another reason after the guarded work ran) and just over it (refused with the table's
//! error before the work). The configurable input cap is tested in `limit_config.rs`, a process
//! of its own, because changing it would disturb the tests here.

mod common;

use std::time::{Duration, Instant, SystemTime};

use common::{ladder, padded, with_kdf};
use der::Encode;
use der::asn1::UintRef;
use sslkit::limits::{MAX_INPUT_SIZE, MAX_PEM_BLOCKS};
use sslkit::{
    Certificate, CertificateAuthority, CertificateSigningRequest, EncodeOptions, ErrorKind,
    KeyType, MAX_CHAIN_DEPTH, MAX_DAYS, MAX_PBKDF2_ITERATIONS, MAX_POOL_SIZE, MAX_RSA_BITS,
    MAX_SCRYPT_MEMORY, PrivateKey, Profile, PublicKey, SubjectAltName, VerifyOptions, assemble_at,
    load_certificates, verify_chain,
};

fn ed() -> PrivateKey {
    PrivateKey::generate(KeyType::Ed25519, None).unwrap()
}

fn small_cert() -> Certificate {
    Certificate::self_signed(&ed(), "/CN=limits.test", &["limits.test"], 30).unwrap()
}

#[test]
fn input_size_cap_just_under_and_over() {
    let cert = small_cert();
    let pem = cert.to_pem();
    let at_cap = padded(&pem, MAX_INPUT_SIZE);
    assert_eq!(Certificate::from_bytes(&at_cap).unwrap(), cert);
    assert_eq!(load_certificates(&at_cap).unwrap().len(), 1);
    let over = padded(&pem, MAX_INPUT_SIZE + 1);
    for err in [
        Certificate::from_bytes(&over).unwrap_err(),
        load_certificates(&over).unwrap_err(),
        PrivateKey::from_bytes(&over, None).unwrap_err(),
        PublicKey::from_bytes(&over).unwrap_err(),
        CertificateSigningRequest::from_bytes(&over).unwrap_err(),
        sslkit::pem::parse_blocks(&over).unwrap_err(),
    ] {
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
        assert!(err.message().contains("16 MiB"), "{err}");
    }
    // Files: the same cap, checked while reading (never more than cap + 1 bytes are read).
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("at-cap.pem");
    std::fs::write(&path, &at_cap).unwrap();
    assert_eq!(Certificate::load(&path).unwrap(), cert);
    std::fs::write(&path, &over).unwrap();
    let err = Certificate::load(&path).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
    let key = ed();
    let key_pem = key.to_pem().unwrap();
    std::fs::write(&path, padded(&key_pem, MAX_INPUT_SIZE)).unwrap();
    assert_eq!(PrivateKey::load(&path, None).unwrap(), key);
    std::fs::write(&path, padded(&key_pem, MAX_INPUT_SIZE + 1)).unwrap();
    assert_eq!(
        PrivateKey::load(&path, None).unwrap_err().kind(),
        ErrorKind::InvalidInput
    );
}

#[test]
fn pem_block_count_just_under_and_over() {
    let block = "-----BEGIN X-----\nAA==\n-----END X-----\n";
    let at_cap = block.repeat(MAX_PEM_BLOCKS);
    let blocks = sslkit::pem::parse_blocks(at_cap.as_bytes()).unwrap();
    assert_eq!(blocks.len(), MAX_PEM_BLOCKS);
    let over = block.repeat(MAX_PEM_BLOCKS + 1);
    let t = Instant::now();
    let err = sslkit::pem::parse_blocks(over.as_bytes()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
    assert!(err.message().contains("PEM blocks"), "{err}");
    assert!(t.elapsed() < Duration::from_secs(10));
    // A bundle reader gets the same error, not a parse error about the 100,001st block.
    let err = load_certificates(over.as_bytes()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
}

#[test]
fn chain_pool_size_just_under_and_over() {
    let root = CertificateAuthority::create_root("/CN=Pool Root", Some(ed()), None).unwrap();
    let csr = CertificateSigningRequest::create(&ed(), "/CN=pool.test", &[]).unwrap();
    let leaf = root.sign(&csr, Profile::Server, Some(30)).unwrap();
    let now = SystemTime::now();
    // The pool holds the root and copies of an unrelated certificate (duplicates are legal).
    let other = small_cert();
    let mut pool = vec![other; MAX_POOL_SIZE - 1];
    pool.push(root.certificate().clone());
    let chain = assemble_at(&leaf, &pool, None, true, now).unwrap();
    assert_eq!(chain, vec![leaf.clone(), root.certificate().clone()]);
    pool.push(small_cert());
    assert_eq!(pool.len(), MAX_POOL_SIZE + 1);
    let err = assemble_at(&leaf, &pool, None, true, now).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
}

#[test]
fn chain_depth_just_under_and_over() {
    assert_eq!(MAX_CHAIN_DEPTH, 10);
    let now = SystemTime::now();
    let opts = VerifyOptions::new().at(now).host("deep.test");
    // leaf + 8 intermediates + root = 10 certificates: assembled and verified.
    let (root, inters, leaf) = ladder(MAX_CHAIN_DEPTH - 2, "Depth", "deep.test");
    let mut pool = inters.clone();
    pool.push(root.clone());
    let chain = assemble_at(&leaf, &pool, None, true, now).unwrap();
    assert_eq!(chain.len(), MAX_CHAIN_DEPTH);
    let path = verify_chain(&leaf, &inters, std::slice::from_ref(&root), &opts).unwrap();
    assert_eq!(path.len(), MAX_CHAIN_DEPTH);
    // leaf + 9 intermediates + root = 11: ChainIncomplete naming the limit, in both calls.
    let (root, inters, leaf) = ladder(MAX_CHAIN_DEPTH - 1, "Depth", "deep.test");
    let mut pool = inters.clone();
    pool.push(root.clone());
    let err = assemble_at(&leaf, &pool, None, true, now).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ChainIncomplete, "{err}");
    assert!(err.message().contains("depth limit"), "{err}");
    let err = verify_chain(&leaf, &inters, std::slice::from_ref(&root), &opts).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ChainIncomplete, "{err}");
}

fn encrypted_key() -> Vec<u8> {
    let key = PrivateKey::generate(KeyType::EcP256, None).unwrap();
    key.to_der_with(&EncodeOptions::new().passphrase(b"pw"))
        .unwrap()
        .to_vec()
}

#[test]
fn pbkdf2_iterations_just_under_and_over() {
    let der = encrypted_key();
    let salt = [7u8; 16];
    let at_cap = pkcs5::pbes2::Pbkdf2Params::hmac_sha256(MAX_PBKDF2_ITERATIONS, &salt).unwrap();
    let err = PrivateKey::from_der(
        &with_kdf(&der, pkcs5::pbes2::Kdf::Pbkdf2(at_cap)),
        Some(b"pw"),
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::WrongPassphrase, "{err}");
    let over = pkcs5::pbes2::Pbkdf2Params::hmac_sha256(MAX_PBKDF2_ITERATIONS + 1, &salt).unwrap();
    let t = Instant::now();
    let err = PrivateKey::from_der(
        &with_kdf(&der, pkcs5::pbes2::Kdf::Pbkdf2(over)),
        Some(b"pw"),
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported, "{err}");
    assert!(t.elapsed() < Duration::from_millis(500));
}

#[test]
fn scrypt_memory_just_under_and_over() {
    let der = encrypted_key();
    let salt = [9u8; 16];
    // 128 · r · N · p: N = 2^17, r = 8, p = 2 is exactly 256 MiB; p = 3 is 384 MiB.
    let at_cap = scrypt::Params::new(17, 8, 2).unwrap();
    assert_eq!(128u64 * 8 * (1 << 17) * 2, MAX_SCRYPT_MEMORY);
    let kdf = pkcs5::pbes2::ScryptParams::from_params_and_salt(at_cap, &salt).unwrap();
    let err = PrivateKey::from_der(&with_kdf(&der, kdf.into()), Some(b"pw")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::WrongPassphrase, "{err}");
    for (log_n, r, p) in [(17, 8, 3), (18, 8, 2), (14, 129, 1)] {
        let over = scrypt::Params::new(log_n, r, p).unwrap();
        let kdf = pkcs5::pbes2::ScryptParams::from_params_and_salt(over, &salt).unwrap();
        let t = Instant::now();
        let err = PrivateKey::from_der(&with_kdf(&der, kdf.into()), Some(b"pw")).unwrap_err();
        assert_eq!(
            err.kind(),
            ErrorKind::Unsupported,
            "N=2^{log_n} r={r} p={p}: {err}"
        );
        assert!(t.elapsed() < Duration::from_millis(500));
    }
}

/// DER TLV with a definite length.
fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = content.len();
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let bytes = n.to_be_bytes();
        let skip = bytes.iter().take_while(|&&b| b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
    out.extend_from_slice(content);
    out
}

/// PKCS#8 with PBES1 pbeWithSHAAnd3-KeyTripleDES-CBC (PKCS#12) and `iterations`; the
/// ciphertext is random, so a KDF that runs ends in WrongPassphrase.
fn pkcs12_pbe(iterations: u32) -> Vec<u8> {
    let oid = [
        0x06, 0x0a, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x01, 0x03,
    ];
    let iters = der::asn1::Int::new(&iterations.to_be_bytes())
        .unwrap()
        .to_der()
        .unwrap();
    let params = tlv(0x30, &[tlv(0x04, &[1u8; 8]), iters].concat());
    let alg = tlv(0x30, &[oid.to_vec(), params].concat());
    tlv(0x30, &[alg, tlv(0x04, &[0x5a; 32])].concat())
}

#[test]
fn pkcs12_pbe_iterations_just_under_and_over() {
    let t = Instant::now();
    let err = PrivateKey::from_der(&pkcs12_pbe(MAX_PBKDF2_ITERATIONS), Some(b"pw")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::WrongPassphrase, "{err}");
    eprintln!("PKCS#12 KDF at the cap: {:?}", t.elapsed());
    let t = Instant::now();
    let err =
        PrivateKey::from_der(&pkcs12_pbe(MAX_PBKDF2_ITERATIONS + 1), Some(b"pw")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported, "{err}");
    assert!(t.elapsed() < Duration::from_millis(500));
}

/// A modulus of exactly `bits` bits (top and bottom bit set; not a real RSA modulus).
fn modulus(bits: u32) -> Vec<u8> {
    let len = bits.div_ceil(8) as usize;
    let mut n = vec![0xa5u8; len];
    let top = bits - 8 * (len as u32 - 1);
    n[0] = (0xffu16 >> (8 - top)) as u8 | (1 << (top - 1));
    n[len - 1] |= 1;
    n
}

fn rsa_public_der(n: &[u8], e: &[u8]) -> Vec<u8> {
    pkcs1::RsaPublicKeyRef {
        modulus: UintRef::new(n).unwrap(),
        public_exponent: UintRef::new(e).unwrap(),
    }
    .to_der()
    .unwrap()
}

fn rsa_private_der(n: &[u8]) -> Vec<u8> {
    let one = UintRef::new(&[3]).unwrap();
    pkcs1::RsaPrivateKeyRef {
        modulus: UintRef::new(n).unwrap(),
        public_exponent: UintRef::new(&[1, 0, 1]).unwrap(),
        private_exponent: one,
        prime1: one,
        prime2: one,
        exponent1: one,
        exponent2: one,
        coefficient: one,
        other_prime_infos: None,
    }
    .to_der()
    .unwrap()
}

#[test]
fn rsa_modulus_just_under_and_over() {
    let e = [1, 0, 1];
    let at_cap = PublicKey::from_der(&rsa_public_der(&modulus(MAX_RSA_BITS), &e)).unwrap();
    assert_eq!(at_cap.bits(), MAX_RSA_BITS);
    // Through SPKI too, as certificates carry it.
    let spki = at_cap.to_der();
    assert_eq!(PublicKey::from_der(&spki).unwrap(), at_cap);
    let err = PublicKey::from_der(&rsa_public_der(&modulus(MAX_RSA_BITS + 1), &e)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported, "{err}");
    // Private keys: over the cap is Unsupported before any arithmetic; at the cap the key gets
    // past the size check and is refused as inconsistent (the numbers are not a key).
    let err = PrivateKey::from_der(&rsa_private_der(&modulus(MAX_RSA_BITS + 1)), None).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported, "{err}");
    let err = PrivateKey::from_der(&rsa_private_der(&modulus(MAX_RSA_BITS)), None).unwrap_err();
    assert_ne!(err.kind(), ErrorKind::Unsupported, "{err}");
    // Generation: 16384 is the largest size asked for (not generated here: it takes minutes).
    let err = PrivateKey::generate(KeyType::Rsa, Some(MAX_RSA_BITS + 1)).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::InvalidInput | ErrorKind::Unsupported),
        "{err}"
    );
}

#[test]
fn rsa_exponent_just_under_and_over() {
    let n = modulus(2048);
    let e64 = [0x80, 0, 0, 0, 0, 0, 0, 1];
    let key = PublicKey::from_der(&rsa_public_der(&n, &e64)).unwrap();
    assert_eq!(key.bits(), 2048);
    let e65 = [1, 0, 0, 0, 0, 0, 0, 0, 1];
    let err = PublicKey::from_der(&rsa_public_der(&n, &e65)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported, "{err}");
}

#[test]
fn validity_days_just_under_and_over() {
    let key = ed();
    let cert = Certificate::self_signed(&key, "/CN=days.test", &[], MAX_DAYS).unwrap();
    let days = cert
        .not_after()
        .duration_since(SystemTime::now())
        .unwrap()
        .as_secs()
        / 86_400;
    assert!((u64::from(MAX_DAYS) - 2..=u64::from(MAX_DAYS)).contains(&days));
    let err = Certificate::self_signed(&key, "/CN=days.test", &[], MAX_DAYS + 1).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
}

#[test]
fn dns_name_lengths_just_under_and_over() {
    let label63 = "a".repeat(63);
    assert!(SubjectAltName::parse(&format!("{label63}.test")).is_ok());
    let err = SubjectAltName::parse(&format!("{label63}a.test")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
    // 253 characters in all (RFC 1035's 255 octets on the wire).
    let name253 = format!(
        "{}.{}.{}.{}",
        "b".repeat(63),
        "c".repeat(63),
        "d".repeat(63),
        "e".repeat(61)
    );
    assert_eq!(name253.len(), 253);
    assert!(SubjectAltName::parse(&name253).is_ok());
    let err = SubjectAltName::parse(&format!("{name253}e")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
}
