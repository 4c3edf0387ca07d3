//! sslkit's path validator (`verify_chain`) measured against the x509-limbo path-validation
//! suite, with three other verifiers as oracles: rustls-webpki (the validator rustls uses),
//! pyca/cryptography (`tests/limbo_pyca.py`, one process for every case) and the `openssl
//! verify` command.
//!
//! The suite: `../shared/testdata/limbo/limbo-dev.json` relative to the project root, or the
//! file `$SSLKIT_LIMBO` names (then the thresholds are only reported unless
//! `SSLKIT_LIMBO_ASSERT=1`). No file: SKIPPED, and the test passes.
//!
//! Cases are selected by schema fields only, never by id or certificate: SERVER cases whose
//! `expected_peer_name` is null or DNS/IP, without CRLs (`crls` empty, no `has-crl` feature)
//! and with `max_chain_depth` null. CLIENT cases under the same CRL and depth rules are run
//! with purpose Client and reported apart, never asserted (their peer names are not checked).
//!
//! Each case gets four verdicts, SUCCESS, FAILURE or n/a (the verifier cannot express the
//! case). sslkit *agrees* on a case when it gives the expected verdict, or when webpki, pyca
//! and openssl all give one verdict other than the expected one and sslkit gives it too
//! ("unanimous other"). Asserted: agreement on at least 90% of the selected cases, and no
//! wrong accept (SUCCESS where FAILURE is expected) outside `pedantic-*` and unanimous-other
//! cases (only when webpki, pyca and openssl all ran: without one of them "unanimous other"
//! cannot be counted, and the thresholds are SKIPPED). Every case, with the four verdicts and
//! the messages, goes to `$CARGO_TARGET_TMPDIR/limbo-report.json`.
//!
//! Run: `cargo test --test limbo -- --nocapture`.

mod common;

use std::collections::{BTreeMap, HashMap};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use common::{Workdir, run_with_timeout};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, DnsName, ServerName, UnixTime};
use serde_json::{Value, json};

/// The suite used when `SSLKIT_LIMBO` is not set, relative to the project root.
const DEV_SUITE: &str = "../shared/testdata/limbo/limbo-dev.json";
/// Required agreement, in percent of the selected SERVER cases.
const MIN_AGREEMENT_PERCENT: usize = 90;
/// Longest wait for one sslkit verification, one openssl run and the whole pyca run.
const SSLKIT_TIMEOUT: Duration = Duration::from_secs(30);
const OPENSSL_TIMEOUT: Duration = Duration::from_secs(30);
const PYCA_TIMEOUT: Duration = Duration::from_secs(600);
/// How much of sslkit's error message the difference list shows.
const MESSAGE_CHARS: usize = 200;

// ---- Cases ----------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Success,
    Failure,
    NotApplicable,
}

impl Verdict {
    fn name(self) -> &'static str {
        match self {
            Verdict::Success => "SUCCESS",
            Verdict::Failure => "FAILURE",
            Verdict::NotApplicable => "n/a",
        }
    }

    fn parse(s: &str) -> Option<Verdict> {
        match s {
            "SUCCESS" => Some(Verdict::Success),
            "FAILURE" => Some(Verdict::Failure),
            "n/a" => Some(Verdict::NotApplicable),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Server,
    Client,
}

#[derive(Debug, Clone)]
enum PeerName {
    Dns(String),
    Ip(String),
}

impl PeerName {
    fn value(&self) -> &str {
        match self {
            PeerName::Dns(v) | PeerName::Ip(v) => v,
        }
    }
}

/// A point in time as Unix seconds (floor) and nanoseconds.
#[derive(Debug, Clone, Copy)]
struct Time {
    secs: i64,
    nanos: u32,
}

impl Time {
    fn from_system(t: SystemTime) -> Time {
        match t.duration_since(UNIX_EPOCH) {
            Ok(d) => Time {
                secs: d.as_secs() as i64,
                nanos: d.subsec_nanos(),
            },
            Err(e) => {
                let d = e.duration();
                let (mut secs, mut nanos) = (-(d.as_secs() as i64), d.subsec_nanos());
                if nanos > 0 {
                    secs -= 1;
                    nanos = 1_000_000_000 - nanos;
                }
                Time { secs, nanos }
            }
        }
    }

    fn system_time(self) -> Option<SystemTime> {
        let whole = if self.secs >= 0 {
            UNIX_EPOCH.checked_add(Duration::from_secs(self.secs as u64))?
        } else {
            UNIX_EPOCH.checked_sub(Duration::from_secs(self.secs.unsigned_abs()))?
        };
        whole.checked_add(Duration::from_nanos(self.nanos.into()))
    }

    /// The time since the epoch; None before 1970.
    fn since_epoch(self) -> Option<Duration> {
        u64::try_from(self.secs)
            .ok()
            .map(|s| Duration::new(s, self.nanos))
    }
}

/// RFC 3339 (`2024-01-01T00:00:00+00:00`, `...Z`, fractional seconds allowed).
fn parse_rfc3339(s: &str) -> Option<Time> {
    let b = s.as_bytes();
    let num = |from: usize, to: usize| -> Option<i64> {
        let t = s.get(from..to)?;
        if t.bytes().all(|c| c.is_ascii_digit()) {
            t.parse().ok()
        } else {
            None
        }
    };
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || !matches!(b[10], b'T' | b't' | b' ')
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let (y, mo, d) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
    let (h, mi, se) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || se > 60 {
        return None;
    }
    let mut rest = s.get(19..)?;
    let mut nanos = 0u32;
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        let mut padded: String = frac[..digits].chars().take(9).collect();
        while padded.len() < 9 {
            padded.push('0');
        }
        nanos = padded.parse().ok()?;
        rest = &frac[digits..];
    }
    let offset = match rest {
        "Z" | "z" => 0,
        _ => {
            let ob = rest.as_bytes();
            if ob.len() != 6 || ob[3] != b':' {
                return None;
            }
            let sign = match ob[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let oh: i64 = rest.get(1..3)?.parse().ok()?;
            let om: i64 = rest.get(4..6)?.parse().ok()?;
            if oh > 23 || om > 59 {
                return None;
            }
            sign * (oh * 3600 + om * 60)
        }
    };
    Some(Time {
        secs: common::unix_from_civil(y, mo, d, h, mi, se) - offset,
        nanos,
    })
}

/// One selected test case.
#[derive(Debug, Clone)]
struct Case {
    id: String,
    features: Vec<String>,
    kind: Kind,
    expected: Verdict,
    trusted: Vec<String>,
    untrusted: Vec<String>,
    peer: String,
    at: Time,
    peer_name: Option<PeerName>,
}

fn strings(tc: &Value, field: &str) -> Result<Vec<String>, String> {
    match tc.get(field) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| {
                v.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| format!("malformed: {field} holds a non-string"))
            })
            .collect(),
        Some(_) => Err(format!("malformed: {field} is not a list")),
    }
}

/// The case, when the acceptance criteria speak of it; otherwise why not.
fn select(tc: &Value, now: Time) -> Result<Case, String> {
    let text = |field: &str| tc.get(field).and_then(Value::as_str);
    let id = text("id").ok_or("malformed: no id")?.to_string();
    let features = strings(tc, "features")?;
    let kind = match text("validation_kind") {
        Some("SERVER") => Kind::Server,
        Some("CLIENT") => Kind::Client,
        other => return Err(format!("validation_kind {}", other.unwrap_or("missing"))),
    };
    if !strings(tc, "crls")?.is_empty() || features.iter().any(|f| f == "has-crl") {
        return Err("CRLs".into());
    }
    match tc.get("max_chain_depth") {
        None | Some(Value::Null) => {}
        Some(depth) => return Err(format!("max_chain_depth {depth}")),
    }
    let peer_name = match tc.get("expected_peer_name") {
        None | Some(Value::Null) => None,
        Some(name) => {
            let value = name
                .get("value")
                .and_then(Value::as_str)
                .ok_or("malformed: expected_peer_name without a value")?
                .to_string();
            match name.get("kind").and_then(Value::as_str) {
                Some("DNS") => Some(PeerName::Dns(value)),
                Some("IP") => Some(PeerName::Ip(value)),
                other => return Err(format!("peer name kind {}", other.unwrap_or("missing"))),
            }
        }
    };
    let expected = match text("expected_result") {
        Some("SUCCESS") => Verdict::Success,
        Some("FAILURE") => Verdict::Failure,
        other => {
            return Err(format!(
                "malformed: expected_result {}",
                other.unwrap_or("missing")
            ));
        }
    };
    let at = match tc.get("validation_time") {
        None | Some(Value::Null) => now,
        Some(Value::String(s)) => {
            parse_rfc3339(s).ok_or_else(|| format!("malformed: validation_time {s:?}"))?
        }
        Some(other) => return Err(format!("malformed: validation_time {other}")),
    };
    Ok(Case {
        id,
        features,
        kind,
        expected,
        trusted: strings(tc, "trusted_certs")?,
        untrusted: strings(tc, "untrusted_intermediates")?,
        peer: text("peer_certificate")
            .ok_or("malformed: no peer_certificate")?
            .to_string(),
        at,
        peer_name,
    })
}

fn family(id: &str) -> &str {
    id.rsplit_once("::").map_or(id, |(f, _)| f)
}

fn is_pedantic(case: &Case) -> bool {
    case.features.iter().any(|f| f.starts_with("pedantic-"))
}

// ---- Verifiers ------------------------------------------------------------------------------

/// One verifier's verdict on one case, with what it said when it did not succeed.
#[derive(Debug, Clone)]
struct Opinion {
    verdict: Verdict,
    message: Option<String>,
}

impl Opinion {
    fn success() -> Self {
        Opinion {
            verdict: Verdict::Success,
            message: None,
        }
    }

    fn failure(msg: impl Into<String>) -> Self {
        Opinion {
            verdict: Verdict::Failure,
            message: Some(msg.into()),
        }
    }

    fn na(msg: impl Into<String>) -> Self {
        Opinion {
            verdict: Verdict::NotApplicable,
            message: Some(msg.into()),
        }
    }
}

fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".to_string())
}

/// sslkit, in its own thread so that a hang becomes a verdict (n/a, the thread is left
/// behind) instead of a hung test.
fn sslkit_opinion(case: &Case) -> Opinion {
    let case = case.clone();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let op = catch_unwind(AssertUnwindSafe(|| sslkit_verify(&case)))
            .unwrap_or_else(|p| Opinion::na(format!("sslkit panicked: {}", panic_message(&*p))));
        let _ = tx.send(op);
    });
    rx.recv_timeout(SSLKIT_TIMEOUT)
        .unwrap_or_else(|_| Opinion::na(format!("sslkit did not finish in {SSLKIT_TIMEOUT:?}")))
}

fn sslkit_verify(case: &Case) -> Opinion {
    // A certificate sslkit cannot read is left out of the trusted and untrusted lists.
    let read = |pems: &[String]| -> Vec<sslkit::Certificate> {
        pems.iter()
            .filter_map(|p| sslkit::load_certificates(p.as_bytes()).ok())
            .flatten()
            .collect()
    };
    let peer = match sslkit::load_certificates(case.peer.as_bytes()) {
        Ok(certs) => match certs.into_iter().next() {
            Some(c) => c,
            None => return Opinion::failure("peer certificate: no certificate in the PEM"),
        },
        Err(e) => return Opinion::failure(format!("peer certificate unreadable: {e}")),
    };
    let Some(at) = case.at.system_time() else {
        return Opinion::na("validation time out of SystemTime's range");
    };
    let mut opts = sslkit::VerifyOptions::new().at(at);
    opts = match case.kind {
        Kind::Server => opts.purpose(sslkit::Purpose::Server),
        Kind::Client => opts.purpose(sslkit::Purpose::Client),
    };
    if case.kind == Kind::Server
        && let Some(name) = &case.peer_name
    {
        opts = opts.host(name.value());
    }
    match sslkit::verify_chain(&peer, &read(&case.untrusted), &read(&case.trusted), &opts) {
        Ok(_) => Opinion::success(),
        Err(e) => Opinion::failure(e.to_string()),
    }
}

/// rustls-webpki; a panic inside it (or in this code) is an n/a.
fn webpki_opinion(case: &Case) -> Opinion {
    catch_unwind(AssertUnwindSafe(|| webpki_verify(case)))
        .unwrap_or_else(|p| Opinion::na(format!("webpki panicked: {}", panic_message(&*p))))
}

fn webpki_verify(case: &Case) -> Opinion {
    let der = |pem: &String| CertificateDer::from_pem_slice(pem.as_bytes()).ok();
    let anchor_ders: Vec<CertificateDer<'_>> = case.trusted.iter().filter_map(der).collect();
    // An anchor webpki cannot read is left out.
    let anchors: Vec<_> = anchor_ders
        .iter()
        .filter_map(|c| webpki::anchor_from_trusted_cert(c).ok())
        .collect();
    let intermediates: Vec<CertificateDer<'_>> = case.untrusted.iter().filter_map(der).collect();
    let Some(peer_der) = der(&case.peer) else {
        return Opinion::failure("peer certificate: not a PEM certificate");
    };
    let ee = match webpki::EndEntityCert::try_from(&peer_der) {
        Ok(ee) => ee,
        Err(e) => return Opinion::failure(format!("peer certificate: {e:?}")),
    };
    let Some(since_epoch) = case.at.since_epoch() else {
        return Opinion::na("webpki has no time before 1970");
    };
    let time = UnixTime::since_unix_epoch(since_epoch);
    let usage = match case.kind {
        Kind::Server => webpki::KeyUsage::server_auth(),
        Kind::Client => webpki::KeyUsage::client_auth(),
    };
    if let Err(e) = ee.verify_for_usage(
        webpki::ALL_VERIFICATION_ALGS,
        &anchors,
        &intermediates,
        time,
        usage,
        None,
        None,
    ) {
        return Opinion::failure(format!("{e:?}"));
    }
    if case.kind == Kind::Server
        && let Some(name) = &case.peer_name
    {
        let server_name = match name {
            PeerName::Dns(v) => match DnsName::try_from(v.as_str()) {
                Ok(dns) => ServerName::DnsName(dns.to_owned()),
                Err(e) => return Opinion::na(format!("webpki cannot take {v:?}: {e}")),
            },
            PeerName::Ip(v) => match v.parse::<std::net::IpAddr>() {
                Ok(ip) => ServerName::IpAddress(ip.into()),
                Err(e) => return Opinion::na(format!("not an IP address {v:?}: {e}")),
            },
        };
        if let Err(e) = ee.verify_is_valid_for_subject_name(&server_name) {
            return Opinion::failure(format!("{e:?}"));
        }
    }
    Opinion::success()
}

/// Whether the `openssl` command runs at all.
fn openssl_available() -> bool {
    Command::new("openssl")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The line of `openssl verify`'s output that says why (`error 62 at 0 depth lookup: ...`).
fn openssl_reason(out: &std::process::Output) -> String {
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let first = |pred: &dyn Fn(&str) -> bool| text.lines().find(|l| pred(l)).map(str::to_string);
    first(&|l| l.starts_with("error ") && l.contains(" at "))
        .or_else(|| first(&|l| !l.trim().is_empty()))
        .unwrap_or_else(|| format!("nothing printed, {}", out.status))
}

/// `openssl verify -x509_strict -purpose ... -partial_chain -attime ...`. Exit 0 is a
/// SUCCESS, 2 a FAILURE; on anything else (a file it could not load) the certificates openssl
/// cannot read are left out and it runs once more.
fn openssl_opinion(case: &Case) -> Opinion {
    if case.at.secs < 0 {
        return Opinion::na("openssl -attime takes no time before 1970");
    }
    let dir = Workdir::new();
    let run = |trusted: &[&String], untrusted: &[&String]| {
        let cafile = dir.write("trusted.pem", concat_pem(trusted));
        let peer = dir.write("peer.pem", &case.peer);
        let attime = case.at.secs.to_string();
        let mut args: Vec<String> = [
            "verify",
            "-x509_strict",
            "-purpose",
            match case.kind {
                Kind::Server => "sslserver",
                Kind::Client => "sslclient",
            },
            "-partial_chain",
            "-attime",
            attime.as_str(),
            "-CAfile",
            cafile.as_str(),
        ]
        .map(str::to_string)
        .to_vec();
        if !untrusted.is_empty() {
            args.push("-untrusted".into());
            args.push(dir.write("untrusted.pem", concat_pem(untrusted)));
        }
        if case.kind == Kind::Server {
            match &case.peer_name {
                Some(PeerName::Dns(v)) => args.extend(["-verify_hostname".into(), v.clone()]),
                Some(PeerName::Ip(v)) => args.extend(["-verify_ip".into(), v.clone()]),
                None => {}
            }
        }
        args.push(peer);
        run_with_timeout(Command::new("openssl").args(&args), OPENSSL_TIMEOUT)
    };
    let all_trusted: Vec<&String> = case.trusted.iter().collect();
    let all_untrusted: Vec<&String> = case.untrusted.iter().collect();
    let out = match run(&all_trusted, &all_untrusted) {
        Ok(out) => out,
        Err(e) => return Opinion::na(e),
    };
    match out.status.code() {
        Some(0) => return Opinion::success(),
        Some(2) => return Opinion::failure(openssl_reason(&out)),
        _ => {}
    }
    let first_try = openssl_reason(&out);
    if !openssl_reads(&dir, &case.peer) {
        return Opinion::failure(format!("peer certificate unreadable: {first_try}"));
    }
    let trusted: Vec<&String> = case
        .trusted
        .iter()
        .filter(|p| openssl_reads(&dir, p))
        .collect();
    if trusted.is_empty() {
        return Opinion::failure(format!("no trusted certificate readable: {first_try}"));
    }
    let untrusted: Vec<&String> = case
        .untrusted
        .iter()
        .filter(|p| openssl_reads(&dir, p))
        .collect();
    match run(&trusted, &untrusted) {
        Ok(out) => match out.status.code() {
            Some(0) => Opinion::success(),
            Some(2) => Opinion::failure(openssl_reason(&out)),
            _ => Opinion::na(format!(
                "openssl verify did not run: {}",
                openssl_reason(&out)
            )),
        },
        Err(e) => Opinion::na(e),
    }
}

fn concat_pem(pems: &[&String]) -> String {
    let mut all = String::new();
    for p in pems {
        all.push_str(p);
        if !p.ends_with('\n') {
            all.push('\n');
        }
    }
    all
}

/// Whether `openssl x509` can read this one PEM certificate.
fn openssl_reads(dir: &Workdir, pem: &str) -> bool {
    let path = dir.write("one.pem", pem);
    run_with_timeout(
        Command::new("openssl").args(["x509", "-noout", "-in", &path]),
        OPENSSL_TIMEOUT,
    )
    .is_ok_and(|o| o.status.success())
}

/// Runs `tests/limbo_pyca.py` once for every selected id: id -> opinion.
fn pyca_opinions(
    python: &str,
    suite: &Path,
    ids: &[String],
    now: Time,
) -> Result<HashMap<String, Opinion>, String> {
    let dir = Workdir::new();
    let ids_file = dir.write("ids.json", Value::from(ids.to_vec()).to_string());
    let messages_file = dir.path("messages.json");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/limbo_pyca.py");
    let out = run_with_timeout(
        Command::new(python)
            .arg(&script)
            .arg(suite)
            .arg(&ids_file)
            .arg("--now")
            .arg(format!("{}.{:09}", now.secs, now.nanos))
            .arg("--messages")
            .arg(&messages_file),
        PYCA_TIMEOUT,
    )?;
    if !out.status.success() {
        return Err(format!(
            "{} failed ({}): {}",
            script.display(),
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let verdicts: BTreeMap<String, String> = serde_json::from_slice(&out.stdout)
        .map_err(|e| format!("{} printed no JSON object: {e}", script.display()))?;
    let messages: BTreeMap<String, String> = std::fs::read(&messages_file)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    let mut map = HashMap::new();
    for (id, v) in verdicts {
        let verdict = Verdict::parse(&v)
            .ok_or_else(|| format!("{} printed verdict {v:?} for {id}", script.display()))?;
        let message = messages.get(&id).cloned();
        map.insert(id, Opinion { verdict, message });
    }
    Ok(map)
}

// ---- Scoring and the report -----------------------------------------------------------------

/// The four verdicts on one case.
#[derive(Debug, Clone)]
struct Outcome {
    sslkit: Opinion,
    webpki: Opinion,
    pyca: Opinion,
    openssl: Opinion,
}

const VERIFIERS: [&str; 4] = ["sslkit", "webpki", "pyca", "openssl"];

impl Outcome {
    fn get(&self, verifier: &str) -> &Opinion {
        match verifier {
            "sslkit" => &self.sslkit,
            "webpki" => &self.webpki,
            "pyca" => &self.pyca,
            _ => &self.openssl,
        }
    }

    /// webpki, pyca and openssl all say one verdict, and it is not the expected one.
    fn unanimous_other(&self, case: &Case) -> Option<Verdict> {
        let v = self.webpki.verdict;
        (v != Verdict::NotApplicable
            && v == self.pyca.verdict
            && v == self.openssl.verdict
            && v != case.expected)
            .then_some(v)
    }

    fn agrees(&self, case: &Case, verifier: &str) -> bool {
        let v = self.get(verifier).verdict;
        v == case.expected || self.unanimous_other(case) == Some(v)
    }

    /// SUCCESS where FAILURE is expected, outside pedantic and unanimous-other cases.
    fn counted_wrong_accept(&self, case: &Case, verifier: &str) -> bool {
        self.get(verifier).verdict == Verdict::Success
            && case.expected == Verdict::Failure
            && !is_pedantic(case)
            && self.unanimous_other(case).is_none()
    }
}

/// One verifier's numbers over a set of cases.
#[derive(Debug, Default, Clone, Copy)]
struct Tally {
    expected: usize,
    unanimous_other: usize,
    not_applicable: usize,
    wrong_accepts: usize,
}

impl Tally {
    fn agreeing(&self) -> usize {
        self.expected + self.unanimous_other
    }
}

fn tally(results: &[(&Case, &Outcome)], verifier: &str) -> Tally {
    let mut t = Tally::default();
    for (case, o) in results {
        let v = o.get(verifier).verdict;
        if v == case.expected {
            t.expected += 1;
        } else if o.agrees(case, verifier) {
            t.unanimous_other += 1;
        }
        t.not_applicable += usize::from(v == Verdict::NotApplicable);
        t.wrong_accepts += usize::from(o.counted_wrong_accept(case, verifier));
    }
    t
}

fn short(msg: &str) -> String {
    let flat = msg.replace('\n', " ");
    match flat.char_indices().nth(MESSAGE_CHARS) {
        Some((i, _)) => format!("{}...", &flat[..i]),
        None => flat,
    }
}

/// Prints the per-family table, the cases where sslkit differs from the expected verdict and
/// each verifier's numbers; returns sslkit's tally.
fn print_results(label: &str, results: &[(&Case, &Outcome)]) -> Tally {
    println!(
        "\n==== limbo {label}: {} selected cases ====",
        results.len()
    );
    let mut families: BTreeMap<&str, [usize; 5]> = BTreeMap::new();
    for (case, o) in results {
        let row = families.entry(family(&case.id)).or_default();
        row[0] += 1;
        for (i, v) in VERIFIERS.iter().enumerate() {
            row[i + 1] += usize::from(o.get(v).verdict == case.expected);
        }
    }
    println!(
        "{:<40} {:>6} {:>7} {:>7} {:>7} {:>7}   (verdicts equal to the expected one)",
        "family", "cases", "sslkit", "webpki", "pyca", "openssl"
    );
    for (fam, row) in &families {
        println!(
            "{fam:<40} {:>6} {:>7} {:>7} {:>7} {:>7}",
            row[0], row[1], row[2], row[3], row[4]
        );
    }

    let differing: Vec<_> = results
        .iter()
        .filter(|(case, o)| o.sslkit.verdict != case.expected)
        .collect();
    println!(
        "\nsslkit differs from the expected verdict on {} case(s):",
        differing.len()
    );
    for (case, o) in differing {
        let mut tags = Vec::new();
        if o.unanimous_other(case).is_some() {
            tags.push("unanimous other");
        }
        if o.counted_wrong_accept(case, "sslkit") {
            tags.push("WRONG ACCEPT");
        } else if o.sslkit.verdict == Verdict::Success && is_pedantic(case) {
            tags.push("accept, pedantic");
        }
        let tags = if tags.is_empty() {
            String::new()
        } else {
            format!(" [{}]", tags.join(", "))
        };
        println!(
            "  {}: expected {}, sslkit {}{tags}; webpki {}, pyca {}, openssl {}; features: [{}]",
            case.id,
            case.expected.name(),
            o.sslkit.verdict.name(),
            o.webpki.verdict.name(),
            o.pyca.verdict.name(),
            o.openssl.verdict.name(),
            case.features.join(", ")
        );
        if let Some(msg) = &o.sslkit.message {
            println!("      sslkit: {}", short(msg));
        }
    }

    let na_cases: Vec<String> = results
        .iter()
        .flat_map(|(case, o)| {
            VERIFIERS[1..].iter().filter_map(move |v| {
                let op = o.get(v);
                (op.verdict == Verdict::NotApplicable).then(|| {
                    format!(
                        "{} ({v}: {})",
                        case.id,
                        short(op.message.as_deref().unwrap_or("-"))
                    )
                })
            })
        })
        .collect();
    if !na_cases.is_empty() {
        println!("\noracle n/a verdicts ({}):", na_cases.len());
        for line in na_cases {
            println!("  {line}");
        }
    }
    let unanimous: Vec<&str> = results
        .iter()
        .filter(|(case, o)| o.unanimous_other(case).is_some())
        .map(|(case, _)| case.id.as_str())
        .collect();
    println!(
        "\nunanimous other (webpki, pyca and openssl agree on a verdict other than the \
         expected one): {} case(s){}{}",
        unanimous.len(),
        if unanimous.is_empty() { "" } else { ": " },
        unanimous.join(", ")
    );

    let n = results.len();
    println!("\nper verifier ({label}, {n} cases):");
    let mut sslkit = Tally::default();
    for v in VERIFIERS {
        let t = tally(results, v);
        println!(
            "  {v:<8} agrees on {:>5} ({:>5} expected + {:>4} unanimous other), n/a {:>4}, \
             wrong accepts outside pedantic/unanimous: {}",
            t.agreeing(),
            t.expected,
            t.unanimous_other,
            t.not_applicable,
            t.wrong_accepts
        );
        if v == "sslkit" {
            sslkit = t;
        }
    }
    sslkit
}

fn opinion_json(o: &Opinion) -> Value {
    json!({"verdict": o.verdict.name(), "message": o.message})
}

// ---- The test -------------------------------------------------------------------------------

#[test]
fn limbo_path_validation() {
    let started = Instant::now();
    let custom = std::env::var_os("SSLKIT_LIMBO").filter(|s| !s.is_empty());
    let suite: PathBuf = match &custom {
        Some(p) => PathBuf::from(p),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join(DEV_SUITE),
    };
    let assert_thresholds =
        custom.is_none() || std::env::var("SSLKIT_LIMBO_ASSERT").as_deref() == Ok("1");
    let bytes = match std::fs::read(&suite) {
        Ok(b) => b,
        Err(e) => {
            common::skipped(
                "limbo",
                &format!("no x509-limbo suite at {}: {e}", suite.display()),
            );
            return;
        }
    };
    let doc: Value = serde_json::from_slice(&bytes)
        .unwrap_or_else(|e| panic!("{} is not JSON: {e}", suite.display()));
    let testcases = doc
        .get("testcases")
        .and_then(Value::as_array)
        .unwrap_or_else(|| panic!("{} has no testcases list", suite.display()));

    let now = Time::from_system(SystemTime::now());
    let mut selected: Vec<Case> = Vec::new();
    let mut unselected: Vec<(Value, String)> = Vec::new();
    for tc in testcases {
        match select(tc, now) {
            Ok(case) => selected.push(case),
            Err(why) => unselected.push((tc.get("id").cloned().unwrap_or(Value::Null), why)),
        }
    }
    println!(
        "limbo: {} ({} cases; {} selected: {} SERVER, {} CLIENT)",
        suite.display(),
        testcases.len(),
        selected.len(),
        selected.iter().filter(|c| c.kind == Kind::Server).count(),
        selected.iter().filter(|c| c.kind == Kind::Client).count()
    );

    let python = common::python_with_pyca();
    if python.is_none() {
        common::skipped("limbo: pyca oracle", "pyca/cryptography not installed");
    }
    let openssl = openssl_available();
    if !openssl {
        common::skipped("limbo: openssl oracle", "the openssl command does not run");
    }

    let ids: Vec<String> = selected.iter().map(|c| c.id.clone()).collect();
    let next = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get().min(8));
    let (per_case, pyca) = std::thread::scope(|s| {
        let pyca = s.spawn(|| {
            python
                .as_deref()
                .map(|py| pyca_opinions(py, &suite, &ids, now))
        });
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                s.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(case) = selected.get(i) else { break };
                        let openssl_op = if openssl {
                            openssl_opinion(case)
                        } else {
                            Opinion::na("openssl not available")
                        };
                        done.push((i, sslkit_opinion(case), webpki_opinion(case), openssl_op));
                    }
                    done
                })
            })
            .collect();
        let mut per_case: Vec<_> = handles
            .into_iter()
            .flat_map(|h| h.join().expect("a limbo worker panicked"))
            .collect();
        per_case.sort_by_key(|r| r.0);
        (per_case, pyca.join().expect("the pyca thread panicked"))
    });
    let pyca_ran = matches!(pyca, Some(Ok(_)));
    let pyca: HashMap<String, Opinion> = match pyca {
        Some(Ok(map)) => map,
        Some(Err(e)) => {
            if std::env::var("SSLKIT_REQUIRE_PYCA").as_deref() == Ok("1") {
                panic!("SSLKIT_REQUIRE_PYCA=1 but the pyca oracle failed: {e}");
            }
            common::skipped("limbo: pyca oracle", &short(&e));
            HashMap::new()
        }
        None => HashMap::new(),
    };
    let outcomes: Vec<Outcome> = per_case
        .into_iter()
        .map(|(i, sslkit, webpki, openssl)| Outcome {
            sslkit,
            webpki,
            openssl,
            pyca: pyca
                .get(&selected[i].id)
                .cloned()
                .unwrap_or_else(|| Opinion::na("no pyca verdict")),
        })
        .collect();

    let pairs = |kind: Kind| -> Vec<(&Case, &Outcome)> {
        selected
            .iter()
            .zip(&outcomes)
            .filter(|(c, _)| c.kind == kind)
            .collect()
    };
    let server = pairs(Kind::Server);
    let client = pairs(Kind::Client);
    let sslkit = print_results("SERVER", &server);
    let client_tally = if client.is_empty() {
        println!("\nlimbo: no CLIENT cases selected");
        None
    } else {
        Some(print_results("CLIENT (reported, not asserted)", &client))
    };

    // The machine-readable report: every case, selected or not.
    let mut cases_json: Vec<Value> = selected
        .iter()
        .zip(&outcomes)
        .map(|(c, o)| {
            json!({
                "id": c.id,
                "selected": true,
                "validation_kind": match c.kind { Kind::Server => "SERVER", Kind::Client => "CLIENT" },
                "expected": c.expected.name(),
                "features": c.features,
                "sslkit": o.sslkit.verdict.name(),
                "webpki": o.webpki.verdict.name(),
                "pyca": o.pyca.verdict.name(),
                "openssl": o.openssl.verdict.name(),
                "sslkit_message": o.sslkit.message,
                "unanimous_other": o.unanimous_other(c).map(Verdict::name),
                "sslkit_agrees": o.agrees(c, "sslkit"),
                "oracles": {
                    "webpki": opinion_json(&o.webpki),
                    "pyca": opinion_json(&o.pyca),
                    "openssl": opinion_json(&o.openssl),
                },
            })
        })
        .collect();
    cases_json.extend(
        unselected
            .iter()
            .map(|(id, why)| json!({"id": id, "selected": false, "not_selected_because": why})),
    );
    let summary = |t: &Tally| {
        json!({"agreeing": t.agreeing(), "expected": t.expected,
               "unanimous_other": t.unanimous_other, "n/a": t.not_applicable,
               "wrong_accepts_outside_pedantic_unanimous": t.wrong_accepts})
    };
    let per_verifier = |results: &[(&Case, &Outcome)]| -> Value {
        VERIFIERS
            .iter()
            .map(|v| (v.to_string(), summary(&tally(results, v))))
            .collect::<serde_json::Map<_, _>>()
            .into()
    };
    let report = json!({
        "suite": suite.display().to_string(),
        "thresholds_asserted": assert_thresholds,
        "server": {"selected": server.len(), "verifiers": per_verifier(&server)},
        "client": {"selected": client.len(), "verifiers": per_verifier(&client)},
        "cases": cases_json,
    });
    let report_path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("limbo-report.json");
    match serde_json::to_string_pretty(&report)
        .map_err(|e| e.to_string())
        .and_then(|s| std::fs::write(&report_path, s).map_err(|e| e.to_string()))
    {
        Ok(()) => println!("\nlimbo: report written to {}", report_path.display()),
        Err(e) => println!("\nlimbo: could not write {}: {e}", report_path.display()),
    }

    let n = server.len();
    let wrong_accept_ids: Vec<&str> = server
        .iter()
        .filter(|(c, o)| o.counted_wrong_accept(c, "sslkit"))
        .map(|(c, _)| c.id.as_str())
        .collect();
    let panics_or_hangs = server
        .iter()
        .filter(|(_, o)| o.sslkit.verdict == Verdict::NotApplicable)
        .count();
    let needed = (n * MIN_AGREEMENT_PERCENT).div_ceil(100);
    println!(
        "\nlimbo: {n} selected, sslkit agrees on {} ({} expected + {} unanimous other), \
         wrong accepts outside pedantic/unanimous: {}",
        sslkit.agreeing(),
        sslkit.expected,
        sslkit.unanimous_other,
        sslkit.wrong_accepts
    );
    for v in &VERIFIERS[1..] {
        let t = tally(&server, v);
        println!(
            "limbo: {v}: {} of {n} expected (+{} unanimous other), n/a {}, wrong accepts \
             outside pedantic/unanimous: {}",
            t.expected, t.unanimous_other, t.not_applicable, t.wrong_accepts
        );
    }
    if let Some(t) = client_tally {
        println!(
            "limbo: CLIENT (not asserted): {} selected, sslkit agrees on {}, wrong accepts {}",
            client.len(),
            t.agreeing(),
            t.wrong_accepts
        );
    }
    if panics_or_hangs > 0 {
        println!("limbo: sslkit panicked or hung on {panics_or_hangs} case(s) (verdict n/a)");
    }
    println!("limbo: {:.1}s", started.elapsed().as_secs_f64());

    if !assert_thresholds {
        println!(
            "limbo: thresholds not asserted for SSLKIT_LIMBO={} (set SSLKIT_LIMBO_ASSERT=1)",
            suite.display()
        );
        return;
    }
    if !(pyca_ran && openssl) {
        // "Unanimous other" needs all three oracles: without one, the thresholds would hold
        // sslkit to verdicts that every mature verifier disagrees with.
        common::skipped(
            "limbo thresholds",
            "pyca/cryptography and openssl are both needed to count unanimous-other cases",
        );
        return;
    }
    assert!(n > 0, "no selected SERVER case in {}", suite.display());
    let agreement_ok = sslkit.agreeing() >= needed;
    assert!(
        agreement_ok && wrong_accept_ids.is_empty(),
        "limbo: sslkit agrees on {} of {n} selected SERVER cases ({} expected + {} unanimous \
         other); {MIN_AGREEMENT_PERCENT}% needs {needed}{}. Wrong accepts outside \
         pedantic/unanimous: {} (must be 0){}{}. The cases sslkit gets wrong, with the \
         oracles' verdicts and sslkit's messages, are listed above (--nocapture); every case is \
         in {}",
        sslkit.agreeing(),
        sslkit.expected,
        sslkit.unanimous_other,
        if agreement_ok { "" } else { " (NOT MET)" },
        wrong_accept_ids.len(),
        if wrong_accept_ids.is_empty() {
            ""
        } else {
            ": "
        },
        wrong_accept_ids.join(", "),
        report_path.display()
    );
}
