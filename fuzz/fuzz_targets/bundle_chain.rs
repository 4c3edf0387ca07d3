//! Bundle parsing plus chain assembly and verification: the first certificate is the leaf, the
//! rest the pool; the last one is also tried as the trust anchor.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sslkit::{ErrorKind, Purpose, VerifyOptions, assemble_at, load_certificates, verify_chain};
use std::time::{Duration, SystemTime};

fuzz_target!(|data: &[u8]| {
    let Ok(certs) = load_certificates(data) else {
        return;
    };
    let Some((leaf, pool)) = certs.split_first() else {
        return;
    };
    // A fixed time keeps runs reproducible: 2026-01-01.
    let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_767_225_600);
    for include_root in [false, true] {
        if let Ok(chain) = assemble_at(leaf, pool, None, include_root, at) {
            assert!(chain.first() == Some(leaf), "a chain starts at its leaf");
            assert!(chain.len() <= sslkit::MAX_CHAIN_DEPTH + 1);
        }
    }
    if let Some(root) = pool.last() {
        let _ = assemble_at(leaf, pool, Some(std::slice::from_ref(root)), true, at);
        for purpose in [Purpose::Server, Purpose::Client] {
            let opts = VerifyOptions::new()
                .at(at)
                .host("www.example.com")
                .purpose(purpose);
            match verify_chain(leaf, pool, std::slice::from_ref(root), &opts) {
                Ok(path) => assert!(path.first() == Some(leaf) && path.last() == Some(root)),
                Err(e) => {
                    // Every refusal names its rule, certificate and fix.
                    if matches!(e.kind(), ErrorKind::Verification | ErrorKind::ChainIncomplete) {
                        let v = e.violation().expect("a refusal carries its violation");
                        assert!(v.depth <= sslkit::MAX_CHAIN_DEPTH && !v.fix.is_empty());
                    }
                }
            }
        }
    }
});
