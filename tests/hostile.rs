//! The hostile corpus (tests/data/hostile/, written by its generate.py from inputs made with
//! openssl) through every reader of the Rust API: the reader MANIFEST.tsv names gives the
//! expected outcome, every other reader an outcome of the error table (README, "Errors"), never a panic.
//! Also: a real certificate and CSR truncated at every length, and with every byte flipped.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use sslkit::pem::{Encoding, convert, parse_blocks};
use sslkit::{
    Certificate, CertificateSigningRequest, DistinguishedName, ErrorKind, FingerprintHash, Object,
    PrivateKey, PublicKey, VerifyOptions, assemble_at, load_certificates, verify_chain,
};

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/hostile")
}

/// One MANIFEST.tsv line.
struct Entry {
    file: String,
    read_as: String,
    expect: String,
    passphrase: Option<Vec<u8>>,
    data: Vec<u8>,
}

fn corpus() -> Vec<Entry> {
    let dir = corpus_dir();
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.tsv")).unwrap();
    let entries: Vec<Entry> = manifest
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            Entry {
                file: f[0].to_string(),
                read_as: f[1].to_string(),
                expect: f[2].to_string(),
                passphrase: (f[3] != "-").then(|| f[3].as_bytes().to_vec()),
                data: std::fs::read(dir.join(f[0])).unwrap(),
            }
        })
        .collect();
    assert!(
        entries.len() >= 60,
        "the corpus has {} entries",
        entries.len()
    );
    entries
}

/// The error kinds a reader may give for bad input (the error table's kinds for parsing).
const INPUT_KINDS: [ErrorKind; 5] = [
    ErrorKind::Parse,
    ErrorKind::InvalidInput,
    ErrorKind::Unsupported,
    ErrorKind::PassphraseRequired,
    ErrorKind::WrongPassphrase,
];

fn outcome<T>(r: sslkit::Result<T>) -> String {
    match r {
        Ok(_) => "ok".into(),
        Err(e) => {
            assert!(
                !e.message().is_empty() && e.kind() != ErrorKind::Internal,
                "an internal or empty error: {e:?}"
            );
            format!("{:?}", e.kind())
        }
    }
}

fn check_kind<T>(file: &str, reader: &str, r: sslkit::Result<T>) -> Option<T> {
    match r {
        Ok(v) => Some(v),
        Err(e) => {
            assert!(
                INPUT_KINDS.contains(&e.kind()),
                "{file}: {reader} gave {:?} ({e}), not an input error of the table",
                e.kind()
            );
            None
        }
    }
}

/// Every reader of the API on `data`, and every accessor on what parses.
fn every_reader(file: &str, data: &[u8], pass: Option<&[u8]>) {
    let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
    for p in [None, pass, Some(b"wrong".as_slice())] {
        if let Some(key) = check_kind(
            file,
            "PrivateKey::from_bytes",
            PrivateKey::from_bytes(data, p),
        ) {
            let _ = sslkit::text::key_text(&key);
            let _ = key.to_der().unwrap();
            let _ = key.public_key().spki_fingerprint();
        }
        check_kind(file, "Object::from_bytes", Object::from_bytes(data, p));
    }
    if let Some(public) = check_kind(file, "PublicKey::from_bytes", PublicKey::from_bytes(data)) {
        let _ = sslkit::modulus(&public);
        let _ = sslkit::text::public_key_text(&public);
    }
    if let Some(cert) = check_kind(
        file,
        "Certificate::from_bytes",
        Certificate::from_bytes(data),
    ) {
        let _ = sslkit::text::certificate_text(&cert);
        let _ = (
            cert.extensions(),
            cert.key_usage(),
            cert.extended_key_usage(),
        );
        let _ = (
            cert.basic_constraints(),
            cert.authority_key_id(),
            cert.ca_issuers_urls(),
        );
        let _ = cert.fingerprint(FingerprintHash::Sha256);
        let _ = sslkit::check_host(&cert, "hostile.test");
        let _ = cert.verify_signed_by(cert.public_key());
        let _ = verify_chain(
            &cert,
            &[],
            std::slice::from_ref(&cert),
            &VerifyOptions::new().at(at),
        );
    }
    if let Some(csr) = check_kind(
        file,
        "CertificateSigningRequest::from_bytes",
        CertificateSigningRequest::from_bytes(data),
    ) {
        let _ = sslkit::text::csr_text(&csr);
        let _ = csr.verify_signature();
    }
    if let Some(certs) = check_kind(file, "load_certificates", load_certificates(data))
        && let Some((leaf, pool)) = certs.split_first()
    {
        let _ = assemble_at(leaf, pool, None, true, at);
    }
    check_kind(file, "parse_blocks", parse_blocks(data));
    check_kind(file, "convert to DER", convert(data, Encoding::Der));
    check_kind(file, "convert to PEM", convert(data, Encoding::Pem));
    check_kind(
        file,
        "DistinguishedName::from_der",
        DistinguishedName::from_der(data),
    );
}

#[test]
fn every_corpus_file_gives_its_expected_outcome() {
    let mut failures = Vec::new();
    for e in corpus() {
        let pass = e.passphrase.as_deref();
        let r = catch_unwind(AssertUnwindSafe(|| match e.read_as.as_str() {
            "cert" => outcome(Certificate::from_bytes(&e.data)),
            "csr" => outcome(CertificateSigningRequest::from_bytes(&e.data)),
            "key" => outcome(PrivateKey::from_bytes(&e.data, pass)),
            "public" => outcome(PublicKey::from_bytes(&e.data)),
            "bundle" => outcome(load_certificates(&e.data)),
            other => panic!("unknown reader {other}"),
        }));
        match r {
            Err(_) => failures.push(format!("{}: PANIC", e.file)),
            Ok(got) if e.expect != "any" && got != e.expect => {
                failures.push(format!("{}: expected {}, got {got}", e.file, e.expect))
            }
            Ok(got) => eprintln!("{:32} {:6} {got}", e.file, e.read_as),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_reader_survives_every_corpus_file() {
    let mut panics = Vec::new();
    for e in corpus() {
        let r = catch_unwind(AssertUnwindSafe(|| {
            every_reader(&e.file, &e.data, e.passphrase.as_deref())
        }));
        if let Err(p) = r {
            let msg = p
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            panics.push(format!("{}: {msg}", e.file));
        }
    }
    assert!(panics.is_empty(), "{}", panics.join("\n"));
}

fn base(name: &str) -> (Vec<u8>, Vec<u8>) {
    let pem = std::fs::read(corpus_dir().join(name)).unwrap();
    let der = convert(&pem, Encoding::Der).unwrap().to_vec();
    (pem, der)
}

#[test]
fn a_real_certificate_and_csr_truncated_at_every_length() {
    let (pem, der) = base("base-cert.pem");
    Certificate::from_der(&der).unwrap();
    for cut in 0..der.len() {
        let e = Certificate::from_der(&der[..cut]).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Parse, "cert DER cut at {cut}: {e}");
        let e = load_certificates(&der[..cut]).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Parse, "bundle DER cut at {cut}: {e}");
    }
    // PEM: every cut before the END line's dashes (the final newline is optional).
    for cut in 0..pem.len() - 1 {
        let e = Certificate::from_bytes(&pem[..cut]).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Parse, "cert PEM cut at {cut}: {e}");
    }
    let (pem, der) = base("base-csr.pem");
    CertificateSigningRequest::from_der(&der).unwrap();
    for cut in 0..der.len() {
        let e = CertificateSigningRequest::from_der(&der[..cut]).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Parse, "CSR DER cut at {cut}: {e}");
    }
    for cut in 0..pem.len() - 1 {
        let e = CertificateSigningRequest::from_bytes(&pem[..cut]).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Parse, "CSR PEM cut at {cut}: {e}");
    }
}

#[test]
fn a_real_certificate_with_every_byte_flipped() {
    let (_, der) = base("base-cert.pem");
    let original = Certificate::from_der(&der).unwrap();
    let mut accepted = 0;
    for i in 0..der.len() {
        for flip in [0x01u8, 0x80, 0xff] {
            let mut bad = der.clone();
            bad[i] ^= flip;
            let file = format!("base-cert.der byte {i} ^ {flip:#04x}");
            let r = catch_unwind(AssertUnwindSafe(|| {
                if let Some(cert) = check_kind(&file, "from_der", Certificate::from_der(&bad)) {
                    // A flip that still parses changed something: the signature no longer
                    // verifies (or the flip was in the signature itself).
                    assert!(cert != original);
                    let _ = sslkit::text::certificate_text(&cert);
                    cert.verify_signed_by(original.public_key()).is_err()
                } else {
                    true
                }
            }));
            match r {
                Ok(true) => {}
                Ok(false) => panic!("{file}: parsed and still verifies"),
                Err(_) => panic!("{file}: panicked"),
            }
            accepted += usize::from(Certificate::from_der(&bad).is_ok());
        }
    }
    eprintln!(
        "{accepted} of {} flipped certificates parse (and fail to verify)",
        der.len() * 3
    );
}
