//! The hostile corpus (tests/data/hostile/, see its generate.py and MANIFEST.tsv) through every
//! `sslkit` command that reads a file: exit 0, 1 (a check said no) or 2 (input error, one
//! `sslkit:` line on stderr), never 101 (a panic) or a signal, and never an output file left
//! behind by a command that failed. A real certificate truncated at every length: exit 2.

mod common;

use std::path::{Path, PathBuf};

use common::{RawRun, sslkit_raw};

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/data/hostile")
}

/// The checks every run passes: a normal exit with 0, 1 or 2; on 2, one `sslkit:` line on
/// stderr and nothing on stdout; never a panic message.
fn sane(what: &str, r: &RawRun) -> i32 {
    let code = r
        .code
        .unwrap_or_else(|| panic!("{what}: killed by a signal; stderr: {}", r.stderr));
    assert!(
        !r.stderr.contains("panicked"),
        "{what}: panicked: {}",
        r.stderr
    );
    assert!(
        [0, 1, 2].contains(&code),
        "{what}: exit {code}; stderr: {}",
        r.stderr
    );
    if code == 2 {
        assert!(r.stdout.is_empty(), "{what}: output on error");
        let lines: Vec<&str> = r.stderr.lines().collect();
        assert!(
            lines.len() == 1 && lines[0].starts_with("sslkit: "),
            "{what}: stderr is not one `sslkit:` line: {:?}",
            r.stderr
        );
    }
    code
}

#[test]
fn every_command_on_every_corpus_file() {
    let dir = corpus_dir();
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.tsv")).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let out_s = out.to_str().unwrap();
    let mut n = 0;
    for line in manifest.lines().filter(|l| !l.starts_with('#')) {
        let f: Vec<&str> = line.split('\t').collect();
        let (file, read_as, expect) = (f[0], f[1], f[2]);
        let pass = format!("pass:{}", if f[3] == "-" { "x" } else { f[3] });
        let p = dir.join(file);
        let p = p.to_str().unwrap();

        // The command that reads the manifest's kind of input gives its outcome (0 for ok, 2
        // for an input error): `fingerprint --sha256` reads certificates only, `key` private
        // keys only, `show` anything else.
        let reader: Vec<&str> = match read_as {
            "cert" => vec!["fingerprint", "--in", p, "--sha256"],
            "key" => vec![
                "key", "--in", p, "--passin", &pass, "--out", out_s, "--nopass",
            ],
            _ => vec!["show", p, "--passin", &pass],
        };
        let _ = std::fs::remove_file(&out);
        let code = sane(file, &sslkit_raw(&reader));
        match expect {
            "ok" => assert_eq!(code, 0, "{file} ({read_as}) should be read"),
            "any" => {}
            _ => assert_eq!(code, 2, "{file} ({read_as}) should be refused"),
        }
        let commands: Vec<Vec<&str>> = vec![
            vec!["show", p],
            vec!["modulus", "--in", p, "--passin", &pass],
            vec!["modulus", "--in", p, "--md5"],
            vec!["fingerprint", "--in", p, "--sha256"],
            vec!["fingerprint", "--in", p, "--spki"],
            vec!["convert", "--in", p, "--out", out_s, "--to", "der"],
            vec!["convert", "--in", p, "--out", out_s, "--to", "pem"],
            vec![
                "key", "--in", p, "--passin", &pass, "--out", out_s, "--nopass",
            ],
            vec!["key", "--in", p, "--pubout", "--out", out_s],
            vec!["chain", "--cert", p, "--bundle", p, "--out", out_s],
            vec!["verify", "--cafile", p, "--host", "hostile.test", p],
            vec!["match", "--key", p, "--cert", p, "--passin", &pass],
            vec![
                "check", "--key", p, "--cert", p, "--chain", p, "--passin", &pass,
            ],
        ];
        for args in commands {
            let _ = std::fs::remove_file(&out);
            let what = format!("{file}: sslkit {}", args.join(" "));
            let code = sane(&what, &sslkit_raw(&args));
            if code != 0 && args.contains(&out_s) {
                assert!(!out.exists(), "{what}: failed but left {out_s}");
            }
            n += 1;
        }
    }
    eprintln!("{n} runs on the hostile corpus, none panicked");
}

#[test]
fn a_certificate_truncated_at_every_length() {
    let dir = corpus_dir();
    let pem = std::fs::read(dir.join("base-cert.pem")).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let der_path = tmp.path().join("cert.der");
    let d = der_path.to_str().unwrap();
    let base = dir.join("base-cert.pem");
    assert_eq!(
        sane(
            "convert",
            &sslkit_raw(&[
                "convert",
                "--in",
                base.to_str().unwrap(),
                "--out",
                d,
                "--to",
                "der"
            ])
        ),
        0
    );
    let der = std::fs::read(&der_path).unwrap();
    let cut_path = tmp.path().join("cut");
    let c = cut_path.to_str().unwrap();
    for (name, full) in [("DER", &der), ("PEM", &pem)] {
        // PEM: every cut before the END line's last dash (the final newline is optional).
        let end = if name == "PEM" {
            full.len() - 1
        } else {
            full.len()
        };
        for cut in 0..end {
            std::fs::write(&cut_path, &full[..cut]).unwrap();
            let r = sslkit_raw(&["show", c]);
            let code = sane(&format!("{name} cut at {cut}"), &r);
            assert_eq!(code, 2, "{name} cut at {cut} of {} was read", full.len());
        }
    }
}
