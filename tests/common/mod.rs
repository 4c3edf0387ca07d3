//! Helpers shared by the integration tests: running the real `openssl` command.

#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

/// Runs openssl with `args`, panicking with its stderr when it fails.
pub fn openssl(args: &[&str]) -> Vec<u8> {
    let out = openssl_raw(args);
    assert!(
        out.status.success(),
        "openssl {} failed: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Runs openssl and returns its whole output, success or not.
pub fn openssl_raw(args: &[&str]) -> Output {
    Command::new("openssl")
        .args(args)
        .output()
        .expect("the openssl command is installed")
}

/// `openssl pkey -pubout` of a key file: the SPKI PEM OpenSSL derives from it.
pub fn openssl_pubout(path: &Path, der: bool, pass: Option<&str>) -> String {
    let p = path.to_str().unwrap();
    let passarg = format!("pass:{}", pass.unwrap_or(""));
    let mut args = vec!["pkey", "-in", p, "-pubout"];
    if der {
        args.extend(["-inform", "DER"]);
    }
    if pass.is_some() {
        args.extend(["-passin", &passarg]);
    }
    String::from_utf8(openssl(&args)).unwrap()
}
