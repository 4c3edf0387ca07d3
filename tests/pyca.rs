//! pyca/cryptography as a second opinion on what sslkit makes, and sslkit's CA on what pyca
//! makes. The Python side loads every certificate and request, checks the signatures
//! (`is_signature_valid`, `verify_directly_issued_by`), runs pyca's RFC 5280 / CA-B path
//! validation, recomputes key identifiers, and prints what it read as JSON; the Rust side
//! compares that with what was asked for.
//!
//! Python: `$SSLKIT_PYTHON`, else `.venv/bin/python`, else `python3`. Without pyca the tests
//! say SKIPPED, unless `SSLKIT_REQUIRE_PYCA=1` (set by ./scripts/test), which makes it a failure.

mod common;

use std::process::Command;
use std::time::Duration;

use common::{Workdir, python_with_pyca, run_with_timeout};
use serde_json::Value;
use sslkit::san::SubjectAltName;
use sslkit::{CertificateAuthority, CertificateSigningRequest, KeyType, PrivateKey, Profile};

const SCRIPT: &str = r#"
import datetime, json, sys
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.hazmat.primitives import hashes
from cryptography.x509.oid import NameOID

def general_name(g):
    if isinstance(g, x509.DNSName): return "DNS:" + g.value
    if isinstance(g, x509.IPAddress): return "IP:" + str(g.value)
    if isinstance(g, x509.RFC822Name): return "email:" + g.value
    if isinstance(g, x509.UniformResourceIdentifier): return "URI:" + g.value
    return "other:" + repr(g)

KU_FLAGS = ["digital_signature", "content_commitment", "key_encipherment", "data_encipherment",
            "key_agreement", "key_cert_sign", "crl_sign"]

def extensions(obj):
    out = {"oids": [e.oid.dotted_string for e in obj.extensions]}
    for e in obj.extensions:
        v = e.value
        if isinstance(v, x509.BasicConstraints):
            out["basic_constraints"] = {"ca": v.ca, "path_length": v.path_length, "critical": e.critical}
        elif isinstance(v, x509.KeyUsage):
            out["key_usage"] = [f for f in KU_FLAGS if getattr(v, f)]
            out["key_usage_critical"] = e.critical
        elif isinstance(v, x509.ExtendedKeyUsage):
            out["eku"] = [o.dotted_string for o in v]
        elif isinstance(v, x509.SubjectAlternativeName):
            out["sans"] = [general_name(g) for g in v]
        elif isinstance(v, x509.SubjectKeyIdentifier):
            out["ski"] = v.digest.hex()
        elif isinstance(v, x509.AuthorityKeyIdentifier):
            out["aki"] = v.key_identifier.hex() if v.key_identifier else None
    return out

def spki(key):
    return key.public_bytes(serialization.Encoding.DER,
                            serialization.PublicFormat.SubjectPublicKeyInfo).hex()

def attempt(f):
    try:
        f()
        return "ok"
    except Exception as e:
        return f"{type(e).__name__}: {e}"

def describe(c):
    d = extensions(c)
    d.update({
        "subject": c.subject.rfc4514_string(),
        "issuer": c.issuer.rfc4514_string(),
        "version": c.version.name,
        "serial_hex": format(c.serial_number, "x"),
        "serial_bits": c.serial_number.bit_length(),
        "serial_positive": c.serial_number > 0,
        "signature_oid": c.signature_algorithm_oid.dotted_string,
        "hash": c.signature_hash_algorithm.name if c.signature_hash_algorithm else None,
        "not_before": int(c.not_valid_before_utc.timestamp()),
        "not_after": int(c.not_valid_after_utc.timestamp()),
        "spki": spki(c.public_key()),
        # RFC 5280 method 1, computed by pyca from the key.
        "ski_computed": x509.SubjectKeyIdentifier.from_public_key(c.public_key()).digest.hex(),
    })
    return d

def load_cert(p):
    with open(p, "rb") as f:
        return x509.load_pem_x509_certificate(f.read())

def inspect(root_p, inter_p, leaf_p, csr_p, host):
    root, inter, leaf = load_cert(root_p), load_cert(inter_p), load_cert(leaf_p)
    with open(csr_p, "rb") as f:
        csr = x509.load_pem_x509_csr(f.read())
    out = {
        "root": describe(root), "inter": describe(inter), "leaf": describe(leaf),
        "csr": dict(extensions(csr), subject=csr.subject.rfc4514_string(),
                    signature_valid=csr.is_signature_valid, spki=spki(csr.public_key())),
        "leaf_by_inter": attempt(lambda: leaf.verify_directly_issued_by(inter)),
        "inter_by_root": attempt(lambda: inter.verify_directly_issued_by(root)),
        "root_by_root": attempt(lambda: root.verify_directly_issued_by(root)),
        # Control: the leaf was not signed by the root.
        "leaf_by_root": attempt(lambda: leaf.verify_directly_issued_by(root)),
        "aki_computed": x509.AuthorityKeyIdentifier.from_issuer_public_key(inter.public_key()).key_identifier.hex(),
    }
    try:
        from cryptography.x509.verification import PolicyBuilder, Store
        import ipaddress
        def policy(name):
            v = PolicyBuilder().store(Store([root])).build_server_verifier(name)
            chain = v.verify(leaf, [inter])
            if [c.subject for c in chain] != [leaf.subject, inter.subject, root.subject]:
                raise ValueError("unexpected chain " + repr(chain))
        out["policy"] = attempt(lambda: policy(x509.DNSName(host)))
        out["policy_other_host"] = attempt(lambda: policy(x509.DNSName("other.test")))
        out["policy_ip"] = attempt(lambda: policy(x509.IPAddress(ipaddress.ip_address("192.0.2.10"))))
    except ImportError:
        out["policy"] = "unavailable"
    print(json.dumps(out))

def make_csr(kind, out_p):
    if kind == "ec":
        key, h = ec.generate_private_key(ec.SECP256R1()), hashes.SHA256()
    elif kind == "rsa":
        key, h = rsa.generate_private_key(public_exponent=65537, key_size=2048), hashes.SHA256()
    elif kind == "ed25519":
        key, h = ed25519.Ed25519PrivateKey.generate(), None
    else:
        raise SystemExit("unknown kind " + kind)
    import ipaddress
    csr = (x509.CertificateSigningRequestBuilder()
           .subject_name(x509.Name([
               x509.NameAttribute(NameOID.COUNTRY_NAME, "US"),
               x509.NameAttribute(NameOID.ORGANIZATION_NAME, "pyca"),
               x509.NameAttribute(NameOID.COMMON_NAME, "pyca.example.test"),
           ]))
           .add_extension(x509.SubjectAlternativeName([
               x509.DNSName("pyca.example.test"),
               x509.DNSName("www.pyca.example.test"),
               x509.IPAddress(ipaddress.ip_address("198.51.100.7")),
           ]), critical=False)
           .sign(key, h))
    with open(out_p, "wb") as f:
        f.write(csr.public_bytes(serialization.Encoding.PEM))
    print(json.dumps({"spki": spki(key.public_key())}))

if sys.argv[1] == "inspect":
    inspect(*sys.argv[2:7])
elif sys.argv[1] == "make-csr":
    make_csr(sys.argv[2], sys.argv[3])
"#;

/// Runs the script with `args`; its JSON output.
fn run_python(py: &str, w: &Workdir, args: &[&str]) -> Value {
    let script = w.write("pyca_check.py", SCRIPT);
    let mut cmd = Command::new(py);
    cmd.arg(&script).args(args);
    let out = run_with_timeout(&mut cmd, Duration::from_secs(30)).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        out.status.success(),
        "python {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "python printed no JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

fn strs(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("not a list: {v}"))
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

fn owned(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn key(t: KeyType) -> PrivateKey {
    PrivateKey::generate(t, None).unwrap()
}

/// A root and an intermediate (pathlen 0) with keys of `t`.
fn ca_pair(t: KeyType) -> (CertificateAuthority, CertificateAuthority) {
    let root = CertificateAuthority::create_root(
        &format!("/C=US/O=sslkit tests/CN=pyca Root {t:?}"),
        Some(key(t)),
        None,
    )
    .unwrap();
    let inter = root
        .create_intermediate(
            "/C=US/O=sslkit tests/CN=pyca Intermediate",
            Some(key(t)),
            Some(0),
            None,
        )
        .unwrap();
    (root, inter)
}

/// What pyca reports about a root → intermediate → leaf chain and the leaf's request, with the
/// checks every chain must pass.
fn inspect_chain(
    py: &str,
    w: &Workdir,
    (root, inter): (&CertificateAuthority, &CertificateAuthority),
    leaf: &sslkit::Certificate,
    csr_pem: &str,
    host: &str,
    what: &str,
) -> Value {
    let root_p = w.write("root.pem", root.certificate().to_pem());
    let inter_p = w.write("inter.pem", inter.certificate().to_pem());
    let leaf_p = w.write("leaf.pem", leaf.to_pem());
    let csr_p = w.write("leaf.csr", csr_pem);
    let r = run_python(
        py,
        w,
        &["inspect", &root_p, &inter_p, &leaf_p, &csr_p, host],
    );
    println!("{what}: {r}");
    assert_eq!(r["csr"]["signature_valid"], Value::Bool(true), "{what}");
    assert_eq!(r["leaf_by_inter"], "ok", "{what}");
    assert_eq!(r["inter_by_root"], "ok", "{what}");
    assert_eq!(r["root_by_root"], "ok", "{what}");
    assert_ne!(r["leaf_by_root"], "ok", "{what}: control");
    assert_eq!(
        r["csr"]["spki"], r["leaf"]["spki"],
        "{what}: the leaf certifies the request's key"
    );
    for c in ["root", "inter", "leaf"] {
        assert_eq!(r[c]["version"], "v3", "{what}/{c}");
        assert_eq!(
            r[c]["ski"], r[c]["ski_computed"],
            "{what}/{c}: SKI is not SHA-1 of the key"
        );
        assert_eq!(r[c]["serial_positive"], true, "{what}/{c}: serial");
        let bits = r[c]["serial_bits"].as_u64().unwrap();
        assert!(
            (64..=128).contains(&bits),
            "{what}/{c}: a {bits}-bit serial"
        );
    }
    let mut serials: Vec<&str> = ["root", "inter", "leaf"]
        .iter()
        .map(|c| r[*c]["serial_hex"].as_str().unwrap())
        .collect();
    serials.sort();
    serials.dedup();
    assert_eq!(serials.len(), 3, "{what}: serials repeat");
    for (c, cert) in [
        ("root", root.certificate()),
        ("inter", inter.certificate()),
        ("leaf", leaf),
    ] {
        assert_eq!(
            r[c]["serial_hex"].as_str().unwrap(),
            cert.serial_hex().to_lowercase().trim_start_matches('0'),
            "{what}/{c}: serial as sslkit reads it"
        );
        assert_eq!(
            r[c]["not_after"].as_i64().unwrap(),
            common::unix_secs(cert.not_after()),
            "{what}/{c}"
        );
    }
    assert_eq!(r["leaf"]["aki"], r["aki_computed"], "{what}: leaf AKI");
    assert_eq!(r["leaf"]["aki"], r["inter"]["ski"], "{what}: leaf AKI");
    assert_eq!(
        r["inter"]["aki"], r["root"]["ski"],
        "{what}: intermediate AKI"
    );
    assert_eq!(r["leaf"]["issuer"], r["inter"]["subject"], "{what}");
    assert_eq!(r["inter"]["issuer"], r["root"]["subject"], "{what}");

    let bc = |c: &str| r[c]["basic_constraints"].clone();
    assert_eq!(
        bc("root"),
        serde_json::json!({"ca": true, "path_length": null, "critical": true}),
        "{what}"
    );
    assert_eq!(
        bc("inter"),
        serde_json::json!({"ca": true, "path_length": 0, "critical": true}),
        "{what}"
    );
    assert_eq!(
        bc("leaf"),
        serde_json::json!({"ca": false, "path_length": null, "critical": true}),
        "{what}"
    );
    for c in ["root", "inter"] {
        assert_eq!(
            strs(&r[c]["key_usage"]),
            owned(&["key_cert_sign", "crl_sign"]),
            "{what}/{c}"
        );
        assert!(r[c].get("eku").is_none(), "{what}/{c}: a CA with an EKU");
    }
    assert_eq!(
        strs(&r["leaf"]["eku"]),
        owned(&["1.3.6.1.5.5.7.3.1"]),
        "{what}"
    );
    r
}

/// The pyca verdict of its RFC 5280 path validation: must pass for the RSA and ECDSA chains.
/// pyca's web PKI policy does not allow Ed25519, so there the verdict is only reported.
fn check_policy(r: &Value, t: KeyType, what: &str) {
    if r["policy"] == "unavailable" {
        println!("{what}: pyca has no x509.verification (cryptography < 42): policy check skipped");
        return;
    }
    if t == KeyType::Ed25519 {
        println!(
            "{what}: pyca path validation of an Ed25519 chain: {}",
            r["policy"]
        );
        return;
    }
    assert_eq!(r["policy"], "ok", "{what}: pyca path validation");
    assert_ne!(
        r["policy_other_host"], "ok",
        "{what}: control: other.test must fail"
    );
}

fn sslkit_chain_checked_by_pyca(t: KeyType) {
    let Some(py) = python_with_pyca() else {
        return;
    };
    let what = format!("{t:?}");
    let w = Workdir::new();
    let (root, inter) = ca_pair(t);
    let leaf_key = key(t);
    let csr = CertificateSigningRequest::create(
        &leaf_key,
        "/C=US/O=Foo/CN=www.example.test",
        &["DNS:alt.example.test", "IP:192.0.2.10", "IP:2001:db8::10"],
    )
    .unwrap();
    let leaf = inter.sign(&csr, Profile::Server, None).unwrap();
    let r = inspect_chain(
        &py,
        &w,
        (&root, &inter),
        &leaf,
        &csr.to_pem(),
        "www.example.test",
        &what,
    );

    assert_eq!(
        r["csr"]["subject"], "CN=www.example.test,O=Foo,C=US",
        "{what}"
    );
    assert_eq!(
        r["leaf"]["subject"], "CN=www.example.test,O=Foo,C=US",
        "{what}"
    );
    assert_eq!(
        strs(&r["csr"]["sans"]),
        owned(&["DNS:alt.example.test", "IP:192.0.2.10", "IP:2001:db8::10"]),
        "{what}: the request's SANs"
    );
    assert_eq!(
        sorted(strs(&r["leaf"]["sans"])),
        sorted(owned(&[
            "DNS:www.example.test",
            "DNS:alt.example.test",
            "IP:192.0.2.10",
            "IP:2001:db8::10",
        ])),
        "{what}: the leaf's SANs (requested, plus the CN)"
    );
    let ku = if t == KeyType::Rsa {
        owned(&["digital_signature", "key_encipherment"])
    } else {
        owned(&["digital_signature"])
    };
    assert_eq!(strs(&r["leaf"]["key_usage"]), ku, "{what}");
    let (hash, sig_oid) = match t {
        KeyType::Rsa => (Some("sha256"), "1.2.840.113549.1.1.11"),
        KeyType::EcP256 => (Some("sha256"), "1.2.840.10045.4.3.2"),
        KeyType::EcP384 => (Some("sha384"), "1.2.840.10045.4.3.3"),
        _ => (None, "1.3.101.112"),
    };
    for c in ["root", "inter", "leaf"] {
        assert_eq!(r[c]["signature_oid"], sig_oid, "{what}/{c}");
        assert_eq!(r[c]["hash"].as_str(), hash, "{what}/{c}");
    }
    assert_eq!(
        r["leaf"]["not_after"].as_i64().unwrap() - r["leaf"]["not_before"].as_i64().unwrap(),
        365 * 86_400 + 300,
        "{what}: 365 days, from 5 minutes before issuance"
    );
    check_policy(&r, t, &what);
    if t != KeyType::Ed25519 && r["policy"] != "unavailable" {
        assert_eq!(r["policy_ip"], "ok", "{what}: the IP SAN");
    }
}

#[test]
fn pyca_checks_rsa_chain() {
    sslkit_chain_checked_by_pyca(KeyType::Rsa);
}

#[test]
fn pyca_checks_p256_chain() {
    sslkit_chain_checked_by_pyca(KeyType::EcP256);
}

#[test]
fn pyca_checks_p384_chain() {
    sslkit_chain_checked_by_pyca(KeyType::EcP384);
}

#[test]
fn pyca_checks_ed25519_chain() {
    sslkit_chain_checked_by_pyca(KeyType::Ed25519);
}

#[test]
fn sslkit_ca_signs_pyca_requests() {
    let Some(py) = python_with_pyca() else {
        return;
    };
    let (root, inter) = ca_pair(KeyType::EcP256);
    for kind in ["ec", "rsa", "ed25519"] {
        let what = format!("pyca {kind} request");
        let w = Workdir::new();
        let csr_p = w.path("pyca.csr");
        let made = run_python(&py, &w, &["make-csr", kind, &csr_p]);
        let csr = CertificateSigningRequest::load(&csr_p)
            .unwrap_or_else(|e| panic!("{what}: sslkit cannot read it: {e}"));
        assert!(csr.verify(), "{what}: its signature does not verify");
        assert_eq!(
            csr.subject().to_rfc4514(),
            "CN=pyca.example.test,O=pyca,C=US",
            "{what}"
        );
        let want: Vec<SubjectAltName> = [
            "DNS:pyca.example.test",
            "DNS:www.pyca.example.test",
            "IP:198.51.100.7",
        ]
        .iter()
        .map(|s| s.parse().unwrap())
        .collect();
        assert_eq!(csr.sans(), &want[..], "{what}");
        let spki_hex: String = csr
            .public_key()
            .spki_der()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(made["spki"], spki_hex.as_str(), "{what}: public key");

        let leaf = inter.sign(&csr, Profile::Server, None).unwrap();
        let r = inspect_chain(
            &py,
            &w,
            (&root, &inter),
            &leaf,
            &std::fs::read_to_string(&csr_p).unwrap(),
            "www.pyca.example.test",
            &what,
        );
        assert_eq!(
            r["leaf"]["subject"], "CN=pyca.example.test,O=pyca,C=US",
            "{what}"
        );
        assert_eq!(
            sorted(strs(&r["leaf"]["sans"])),
            sorted(owned(&[
                "DNS:pyca.example.test",
                "DNS:www.pyca.example.test",
                "IP:198.51.100.7",
            ])),
            "{what}"
        );
        // The CA is ECDSA P-256, so the pyca path validation applies whatever the leaf key.
        check_policy(&r, KeyType::EcP256, &what);
    }
}
