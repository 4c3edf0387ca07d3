//! Helpers shared by the CLI's integration tests (tests/cli*.rs): running the built `sslkit`
//! binary and the real `openssl` command, temporary folders and file modes, and the key,
//! request and CA fixtures more than one test file makes.

#![allow(dead_code)]

use std::fs;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use tempfile::TempDir;

// ---------------------------------------------------------------------------------------------
// Running commands

/// The `sslkit` binary cargo built for these tests.
pub const SSLKIT: &str = env!("CARGO_BIN_EXE_sslkit");

/// The result of running a command that exited normally.
pub struct Run {
    pub code: i32,
    pub stdout: Vec<u8>,
    pub stderr: String,
}

impl Run {
    pub fn stdout_str(&self) -> String {
        String::from_utf8(self.stdout.clone()).expect("stdout is UTF-8")
    }

    /// Asserts success and returns stdout.
    #[track_caller]
    pub fn ok(&self) -> &[u8] {
        assert_eq!(self.code, 0, "expected success; stderr: {}", self.stderr);
        &self.stdout
    }

    /// Asserts success and returns stdout as text.
    #[track_caller]
    pub fn ok_str(&self) -> String {
        self.ok();
        self.stdout_str()
    }

    /// Asserts success with nothing on stderr, and returns stdout as text.
    #[track_caller]
    pub fn ok_quiet(&self) -> String {
        let out = self.ok_str();
        assert!(self.stderr.is_empty(), "unexpected stderr: {}", self.stderr);
        out
    }

    /// Asserts exit status `code` and exactly one `sslkit: ` line on stderr; returns it.
    #[track_caller]
    pub fn fails(&self, code: i32) -> &str {
        assert_eq!(
            self.code,
            code,
            "expected exit {code}; stdout: {}; stderr: {}",
            String::from_utf8_lossy(&self.stdout),
            self.stderr
        );
        assert!(
            self.stderr.starts_with("sslkit: ") && self.stderr.ends_with('\n'),
            "stderr is not an 'sslkit: ' line: {:?}",
            self.stderr
        );
        assert_eq!(
            self.stderr.lines().count(),
            1,
            "stderr is not one line: {:?}",
            self.stderr
        );
        &self.stderr
    }

    /// Asserts exit status 2 (usage or input error), nothing on stdout, and exactly one
    /// `sslkit: ` line on stderr; returns it.
    #[track_caller]
    pub fn usage_error(&self) -> &str {
        let err = self.fails(2);
        assert!(self.stdout.is_empty(), "no output on error");
        err
    }
}

/// The result of running a command, which a signal may have killed (`code` is then `None`).
pub struct RawRun {
    pub code: Option<i32>,
    pub stdout: Vec<u8>,
    pub stderr: String,
}

/// Runs `cmd` with `stdin` (or `/dev/null`) as its standard input and captures its output,
/// whatever its outcome.
pub fn run_raw(cmd: &mut Command, stdin: Option<&[u8]>) -> RawRun {
    cmd.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    })
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn");
    if let Some(data) = stdin {
        let mut pipe = child.stdin.take().expect("stdin pipe");
        pipe.write_all(data).expect("write stdin");
    }
    let out = child.wait_with_output().expect("wait");
    RawRun {
        code: out.status.code(),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs `cmd` (see [`run_raw`]) and asserts that no signal killed it.
pub fn run(cmd: &mut Command, stdin: Option<&[u8]>) -> Run {
    let r = run_raw(cmd, stdin);
    Run {
        code: r.code.expect("not killed by a signal"),
        stdout: r.stdout,
        stderr: r.stderr,
    }
}

/// Runs sslkit. Every run asserts that it did not panic (exit 101).
pub fn sslkit(args: &[&str]) -> Run {
    sslkit_with(args, None, &[])
}

/// Runs sslkit with `stdin` and extra environment variables. Asserts that it did not panic.
pub fn sslkit_with(args: &[&str], stdin: Option<&[u8]>, env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(SSLKIT);
    cmd.args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let r = run(&mut cmd, stdin);
    assert_ne!(r.code, 101, "sslkit panicked: {}", r.stderr);
    r
}

/// Runs sslkit with no checks at all (for tests that judge every outcome themselves, signals
/// and panics included).
pub fn sslkit_raw(args: &[&str]) -> RawRun {
    run_raw(Command::new(SSLKIT).args(args), None)
}

/// Runs sslkit and asserts success with a quiet stderr; returns stdout.
#[track_caller]
pub fn sslkit_ok(args: &[&str]) -> String {
    sslkit(args).ok_quiet()
}

pub fn openssl(args: &[&str]) -> Run {
    run(Command::new("openssl").args(args), None)
}

/// Runs openssl and asserts success; returns stdout as bytes (DER).
#[track_caller]
pub fn openssl_bytes(args: &[&str]) -> Vec<u8> {
    let r = openssl(args);
    assert_eq!(r.code, 0, "openssl {args:?} failed: {}", r.stderr);
    r.stdout
}

/// Runs openssl and asserts success; returns stdout as text.
#[track_caller]
pub fn openssl_ok(args: &[&str]) -> String {
    let r = openssl(args);
    assert_eq!(r.code, 0, "openssl {args:?} failed: {}", r.stderr);
    r.stdout_str()
}

// ---------------------------------------------------------------------------------------------
// Files

pub fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 temp path")
}

pub fn tmp() -> TempDir {
    tempfile::tempdir().expect("tempdir")
}

pub fn mode(p: &Path) -> u32 {
    fs::metadata(p).expect("metadata").permissions().mode() & 0o7777
}

/// The mode a file created with 0644 gets under this process's umask (probe file: the umask
/// cannot be read without unsafe code).
pub fn umasked_0644(dir: &Path) -> u32 {
    use std::os::unix::fs::OpenOptionsExt;
    let probe = dir.join(".probe");
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o644)
        .open(&probe)
        .unwrap();
    let m = mode(&probe);
    fs::remove_file(&probe).unwrap();
    m
}

// ---------------------------------------------------------------------------------------------
// Fixtures

/// `sslkit genkey --type TYPE --out DIR/NAME`.
pub fn genkey(dir: &Path, name: &str, key_type: &str) -> PathBuf {
    let path = dir.join(name);
    sslkit_ok(&["genkey", "--type", key_type, "--out", s(&path)]);
    path
}

/// `openssl genpkey` of `alg` (`EC` gives P-256, `ED25519`) or `openssl genrsa 2048` for `RSA`
/// (the FAQ's key, made by openssl), written to DIR/NAME.
pub fn openssl_key(dir: &Path, name: &str, alg: &str) -> PathBuf {
    let path = dir.join(name);
    match alg {
        "RSA" => openssl_ok(&["genrsa", "-out", s(&path), "2048"]),
        "EC" => openssl_ok(&[
            "genpkey",
            "-algorithm",
            "EC",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-out",
            s(&path),
        ]),
        other => openssl_ok(&["genpkey", "-algorithm", other, "-out", s(&path)]),
    };
    path
}

/// `openssl req -new -key KEY -subj /CN=CN -out OUT` (with `-passin` for an encrypted key).
pub fn openssl_csr(key: &Path, cn: &str, out: &Path, passin: Option<&str>) {
    let subj = format!("/CN={cn}");
    let mut args = vec![
        "req",
        "-new",
        "-key",
        s(key),
        "-subj",
        &subj,
        "-out",
        s(out),
    ];
    if let Some(p) = passin {
        args.extend(["-passin", p]);
    }
    openssl_ok(&args);
}

/// `ca init --dir DIR --subject SUBJ --type ec-p256` plus `extra` (no `--type ec-p256` when
/// `extra` names a type); asserts a quiet success and returns (ca.crt, ca.key).
pub fn ca_init(dir: &Path, subject: &str, extra: &[&str]) -> (PathBuf, PathBuf) {
    let mut args = vec!["ca", "init", "--dir", s(dir), "--subject", subject];
    if !extra.contains(&"--type") {
        args.extend(["--type", "ec-p256"]);
    }
    args.extend(extra);
    sslkit_ok(&args);
    (dir.join("ca.crt"), dir.join("ca.key"))
}

/// `ca sign --ca-cert CERT --ca-key KEY --csr CSR --out OUT` plus `extra`.
pub fn ca_sign(cert: &Path, key: &Path, csr: &Path, out: &Path, extra: &[&str]) -> Run {
    let mut args = vec![
        "ca",
        "sign",
        "--ca-cert",
        s(cert),
        "--ca-key",
        s(key),
        "--csr",
        s(csr),
        "--out",
        s(out),
    ];
    args.extend(extra);
    sslkit(&args)
}
