//! Helpers shared by the integration tests: running the real `openssl` command; `alg`, the key
//! kinds, is shared with the benches too.

#![allow(dead_code)]

pub mod alg;

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

// ---- Helpers for the certificate tests (cert_interop, tls_handshake, pyca) ------------------

/// A temporary directory for one test's files; paths come back as `String`s because that is
/// what the openssl command line takes.
pub struct Workdir {
    dir: tempfile::TempDir,
}

impl Workdir {
    /// A new, empty directory (removed when dropped).
    pub fn new() -> Self {
        Workdir {
            dir: tempfile::tempdir().expect("a temporary directory"),
        }
    }

    /// The path of `name` inside the directory.
    pub fn path(&self, name: &str) -> String {
        self.dir.path().join(name).to_str().unwrap().to_string()
    }

    /// Writes `contents` to `name` and returns its path.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> String {
        let p = self.path(name);
        std::fs::write(&p, contents).expect("write a test file");
        p
    }
}

/// Runs openssl and returns whether it succeeded, with its stdout and stderr together.
pub fn openssl_try(args: &[&str]) -> (bool, String) {
    let out = openssl_raw(args);
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text)
}

/// Runs openssl, panicking when it fails, and returns its stdout as text.
pub fn openssl_str(args: &[&str]) -> String {
    String::from_utf8(openssl(args)).expect("openssl prints UTF-8")
}

/// One extension as `openssl x509 -noout -ext ...` prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpensslExt {
    /// The header said `critical`.
    pub critical: bool,
    /// The value lines, trimmed and joined with `\n`.
    pub value: String,
}

/// The usual X.509v3 extensions of a certificate file, as openssl prints them, keyed by
/// openssl's title (`X509v3 Basic Constraints`, `X509v3 Subject Key Identifier`, ...).
pub fn openssl_extensions(cert: &str) -> std::collections::BTreeMap<String, OpensslExt> {
    let text = openssl_str(&[
        "x509",
        "-in",
        cert,
        "-noout",
        "-ext",
        "basicConstraints,keyUsage,extendedKeyUsage,subjectAltName,subjectKeyIdentifier,authorityKeyIdentifier",
    ]);
    parse_openssl_extensions(&text)
}

/// Parses openssl's extension listing: unindented `Title: [critical]` lines, each followed by
/// indented value lines.
pub fn parse_openssl_extensions(text: &str) -> std::collections::BTreeMap<String, OpensslExt> {
    let mut map = std::collections::BTreeMap::new();
    let mut current: Option<(String, OpensslExt)> = None;
    for line in text.lines() {
        if line.trim().is_empty() || line.starts_with("No extensions") {
            continue;
        }
        if !line.starts_with(' ') {
            if let Some((k, v)) = current.take() {
                map.insert(k, v);
            }
            let (title, rest) = line.split_once(':').expect("an extension title line");
            current = Some((
                title.trim().to_string(),
                OpensslExt {
                    critical: rest.trim() == "critical",
                    value: String::new(),
                },
            ));
        } else if let Some((_, ext)) = current.as_mut() {
            if !ext.value.is_empty() {
                ext.value.push('\n');
            }
            ext.value.push_str(line.trim());
        }
    }
    if let Some((k, v)) = current.take() {
        map.insert(k, v);
    }
    map
}

/// Unix seconds of a UTC civil date and time (proleptic Gregorian; Howard Hinnant's
/// days-from-civil).
pub fn unix_from_civil(y: i64, m: i64, d: i64, hh: i64, mm: i64, ss: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = (if y >= 0 { y } else { y - 399 }) / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    days * 86_400 + hh * 3600 + mm * 60 + ss
}

/// Parses openssl's `-dateopt iso_8601` form, `2026-11-27 10:12:51Z`, into Unix seconds.
pub fn parse_openssl_iso_time(s: &str) -> i64 {
    let s = s.trim().trim_end_matches('Z');
    let (date, time) = s.split_once(' ').expect("'YYYY-MM-DD hh:mm:ss'");
    let d: Vec<i64> = date.split('-').map(|x| x.parse().unwrap()).collect();
    let t: Vec<i64> = time.split(':').map(|x| x.parse().unwrap()).collect();
    unix_from_civil(d[0], d[1], d[2], t[0], t[1], t[2])
}

/// `openssl x509 -noout -dates` of a certificate file, as Unix seconds (not-before, not-after).
pub fn openssl_dates(cert: &str) -> (i64, i64) {
    let text = openssl_str(&[
        "x509", "-in", cert, "-noout", "-dates", "-dateopt", "iso_8601",
    ]);
    let get = |label: &str| {
        let line = text
            .lines()
            .find_map(|l| l.strip_prefix(label))
            .unwrap_or_else(|| panic!("no {label} in {text}"));
        parse_openssl_iso_time(line)
    };
    (get("notBefore="), get("notAfter="))
}

/// Seconds since the Unix epoch of a `SystemTime`.
pub fn unix_secs(t: std::time::SystemTime) -> i64 {
    t.duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
}

/// The Python interpreter for the tests: `$SSLKIT_PYTHON`, else the project's `.venv`, else
/// `python3`.
pub fn python() -> String {
    if let Ok(p) = std::env::var("SSLKIT_PYTHON")
        && !p.is_empty()
    {
        return p;
    }
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python");
    if venv.exists() {
        return venv.to_str().unwrap().to_string();
    }
    "python3".to_string()
}

/// The Python to run pyca/cryptography with. None (after printing SKIPPED) when it cannot
/// `import cryptography`, unless `SSLKIT_REQUIRE_PYCA=1`, which makes that a failure.
pub fn python_with_pyca() -> Option<String> {
    let py = python();
    let out = Command::new(&py)
        .args(["-c", "import cryptography; print(cryptography.__version__)"])
        .output();
    match out {
        Ok(o) if o.status.success() => {
            eprintln!(
                "pyca/cryptography {} from {py}",
                String::from_utf8_lossy(&o.stdout).trim()
            );
            Some(py)
        }
        other => {
            let why = match other {
                Ok(o) => String::from_utf8_lossy(&o.stderr).into_owned(),
                Err(e) => e.to_string(),
            };
            if std::env::var("SSLKIT_REQUIRE_PYCA").as_deref() == Ok("1") {
                panic!("SSLKIT_REQUIRE_PYCA=1 but `{py} -c 'import cryptography'` failed: {why}");
            }
            skipped(
                "pyca cross-checks",
                "pyca/cryptography not installed (./scripts/test installs it)",
            );
            None
        }
    }
}

/// Runs `cmd` (stdin closed) and waits at most `timeout` for it; Err with what it printed when
/// it does not finish in time (it is killed).
pub fn run_with_timeout(
    cmd: &mut Command,
    timeout: std::time::Duration,
) -> std::result::Result<Output, String> {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {cmd:?}: {e}"))?;
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let t_out = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = out.read_to_end(&mut v);
        v
    });
    let t_err = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = err.read_to_end(&mut v);
        v
    });
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break Some(status);
        }
        if start.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let stdout = t_out.join().unwrap_or_default();
    let stderr = t_err.join().unwrap_or_default();
    match status {
        Some(status) => Ok(Output {
            status,
            stdout,
            stderr,
        }),
        None => Err(format!(
            "{cmd:?} did not finish within {timeout:?}; it printed: {}{}",
            String::from_utf8_lossy(&stdout),
            String::from_utf8_lossy(&stderr)
        )),
    }
}

// ---- Helpers for the limit and bad-input tests -----------------------------------------------

/// root -> I1 -> ... -> In -> leaf, Ed25519 throughout, no pathLen anywhere: the root is
/// "/CN={name} Root", the intermediates "/CN={name} 1".."/CN={name} n", the leaf a server
/// certificate for `host` (365 days).
pub fn ladder(
    n: usize,
    name: &str,
    host: &str,
) -> (
    sslkit::Certificate,
    Vec<sslkit::Certificate>,
    sslkit::Certificate,
) {
    use sslkit::{CertificateAuthority, CertificateSigningRequest, KeyType, PrivateKey, Profile};
    let ed = || PrivateKey::generate(KeyType::Ed25519, None).unwrap();
    let root =
        CertificateAuthority::create_root(&format!("/CN={name} Root"), Some(ed()), None).unwrap();
    let mut cas = vec![root.clone()];
    for i in 1..=n {
        let next = cas
            .last()
            .unwrap()
            .create_intermediate(&format!("/CN={name} {i}"), Some(ed()), None, None)
            .unwrap();
        cas.push(next);
    }
    let csr = CertificateSigningRequest::create(&ed(), &format!("/CN={host}"), &[]).unwrap();
    let leaf = cas
        .last()
        .unwrap()
        .sign(&csr, Profile::Server, Some(365))
        .unwrap();
    let inters = cas[1..].iter().map(|c| c.certificate().clone()).collect();
    (root.certificate().clone(), inters, leaf)
}

/// An encrypted PKCS#8 DER with its PBES2 KDF replaced (same ciphertext, so the right
/// passphrase now derives the wrong key: WrongPassphrase proves the KDF ran).
pub fn with_kdf(der: &[u8], kdf: pkcs5::pbes2::Kdf) -> Vec<u8> {
    use der::{Decode, Encode};
    let mut info = pkcs8::EncryptedPrivateKeyInfoOwned::from_der(der).unwrap();
    let pkcs5::EncryptionScheme::Pbes2(params) = &mut info.encryption_algorithm else {
        panic!("sslkit writes PBES2")
    };
    params.kdf = kdf;
    info.to_der().unwrap()
}

/// `pem` preceded by junk text so that the whole input is exactly `total` bytes (OpenSSL skips
/// text before a PEM block, and so does sslkit).
pub fn padded(pem: &str, total: usize) -> Vec<u8> {
    let mut v = vec![b'#'; total - pem.len() - 1];
    v.push(b'\n');
    v.extend_from_slice(pem.as_bytes());
    assert_eq!(v.len(), total);
    v
}

/// Reports a test (or part of one) that cannot run: prints `SKIPPED: <what>: <why>` and, when
/// `SSLKIT_SKIP_LOG` names a file (the test command sets it), appends the same line there, so
/// the summary at the end of `./scripts/test` lists every skip.
pub fn skipped(what: &str, why: &str) {
    let line = format!("SKIPPED: {what}: {why}");
    println!("{line}");
    eprintln!("{line}");
    if let Some(path) = std::env::var_os("SSLKIT_SKIP_LOG") {
        use std::io::Write;
        if let Ok(mut f) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
        {
            let _ = writeln!(f, "{line}");
        }
    }
}
