//! The verifier's refusals as every consumer sees them: `sslkit check` reports the rule
//! `verify_chain` names, in the same words; a refusal's violation names the certificate; a
//! chain with a bad path and a good one verifies by the good one; `openssl verify` agrees on
//! each verdict (with `-x509_strict -purpose sslserver`).

mod common;

use std::time::{Duration, SystemTime};

use common::{Workdir, openssl_try};
use sslkit::{
    CertificateAuthority, CertificateSigningRequest, CheckInput, KeyType, PrivateKey, Profile,
    VerifyOptions, check, verify_chain,
};

fn key() -> PrivateKey {
    PrivateKey::generate(KeyType::EcP256, None).unwrap()
}

fn openssl_accepts(
    w: &Workdir,
    tag: &str,
    leaf: &sslkit::Certificate,
    untrusted: &[sslkit::Certificate],
    root: &sslkit::Certificate,
) -> bool {
    let ca = w.write(&format!("{tag}-root.pem"), root.to_pem());
    let l = w.write(&format!("{tag}-leaf.pem"), leaf.to_pem());
    let u: String = untrusted.iter().map(|c| c.to_pem()).collect();
    let u = w.write(
        &format!("{tag}-untrusted.pem"),
        if u.is_empty() { root.to_pem() } else { u },
    );
    openssl_try(&[
        "verify",
        "-x509_strict",
        "-purpose",
        "sslserver",
        "-CAfile",
        &ca,
        "-untrusted",
        &u,
        &l,
    ])
    .0
}

#[test]
fn check_reports_the_verifiers_rule_in_its_words() {
    let w = Workdir::new();
    let root = CertificateAuthority::create_root("/CN=Check Root", Some(key()), None).unwrap();
    let csr =
        CertificateSigningRequest::create(&key(), "/CN=alice", &["email:alice@foo.dom"]).unwrap();
    let client = root.sign(&csr, Profile::Client, None).unwrap();
    let roots = [root.certificate().clone()];
    assert!(!openssl_accepts(&w, "client", &client, &[], &roots[0]));
    let err = verify_chain(&client, &[], &roots, &VerifyOptions::new()).unwrap_err();
    let v = err.violation().unwrap();
    let mut input = CheckInput::new(client.clone(), None);
    input.roots = Some(roots.to_vec());
    let findings = check(&input);
    let f = findings
        .iter()
        .find(|f| f.code == v.rule)
        .unwrap_or_else(|| panic!("no {} finding in {findings:?}", v.rule));
    assert_eq!(f.severity, sslkit::Severity::Error);
    assert!(f.message.contains(&v.problem) && f.message.contains("certificate 0 'CN=alice'"));
    assert_eq!(f.fix, v.fix);
}

#[test]
fn an_expired_cross_signed_path_loses_to_a_valid_one() {
    // Root A and root B; the intermediate's key is certified by both, by A with a certificate
    // that has expired. The leaf verifies against both roots through the valid path.
    let w = Workdir::new();
    let now = SystemTime::now();
    let a = CertificateAuthority::create_root("/CN=Root A", Some(key()), None).unwrap();
    let b = CertificateAuthority::create_root("/CN=Root B", Some(key()), None).unwrap();
    let ik = key();
    let icsr = CertificateSigningRequest::create(&ik, "/CN=Cross Inter", &[]).unwrap();
    let old = sslkit::IssueOptions::new(Profile::Intermediate { path_len: Some(0) })
        .days(1)
        .now(now - Duration::from_secs(10 * 86_400));
    let by_a = a.sign_with(&icsr, &old).unwrap();
    let by_b = b
        .sign(&icsr, Profile::Intermediate { path_len: Some(0) }, None)
        .unwrap();
    let inter = CertificateAuthority::new(by_b.clone(), ik).unwrap();
    let leaf = inter
        .sign(
            &CertificateSigningRequest::create(&key(), "/CN=www.cross.test", &[]).unwrap(),
            Profile::Server,
            None,
        )
        .unwrap();
    let roots = [a.certificate().clone(), b.certificate().clone()];
    let opts = VerifyOptions::new().host("www.cross.test");
    let path = verify_chain(&leaf, &[by_a.clone(), by_b.clone()], &roots, &opts).unwrap();
    assert_eq!(
        path,
        vec![leaf.clone(), by_b.clone(), b.certificate().clone()]
    );
    // Only the expired path: refused, naming the expired intermediate.
    let err = verify_chain(&leaf, std::slice::from_ref(&by_a), &roots, &opts).unwrap_err();
    let v = err.violation().unwrap();
    assert_eq!(
        (v.rule, v.depth, v.subject.as_str()),
        ("expired", 1, "CN=Cross Inter")
    );
    assert!(!openssl_accepts(
        &w,
        "expired",
        &leaf,
        &[by_a],
        a.certificate()
    ));
    assert!(openssl_accepts(
        &w,
        "valid",
        &leaf,
        &[by_b],
        b.certificate()
    ));
}
