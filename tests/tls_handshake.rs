//! A real TLS handshake with sslkit's key, certificate and chain: `openssl s_server` serves
//! them on 127.0.0.1, and two independent clients verify the server against sslkit's root
//! alone (so the intermediate must come from the server): `openssl s_client
//! -verify_return_error` and Python's `ssl` module. Negative controls show that the clients do
//! check (a wrong host name and a foreign root are refused).

mod common;

use std::io::{BufRead, BufReader, Read};
use std::net::TcpListener;
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{Workdir, python, run_with_timeout};
use sslkit::{CertificateAuthority, CertificateSigningRequest, KeyType, PrivateKey, Profile};

const HOST: &str = "www.sslkit.test";
const WAIT: Duration = Duration::from_secs(10);

/// An `openssl s_server`, killed when dropped.
struct Server {
    child: Child,
    port: u16,
    log: Arc<Mutex<String>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }
}

fn free_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    l.local_addr().unwrap().port()
}

/// Starts `openssl s_server -www` with the leaf, its key and the intermediate, on a free port,
/// and waits (at most 10 s) until it says ACCEPT. Retries on another port when it cannot
/// start (the port was taken between choosing and binding).
fn start_server(cert: &str, key: &str, chain: &str) -> Server {
    let mut last = String::new();
    for _ in 0..5 {
        let port = free_port();
        let mut child = Command::new("openssl")
            .args([
                "s_server",
                "-accept",
                &format!("127.0.0.1:{port}"),
                "-cert",
                cert,
                "-key",
                key,
                "-cert_chain",
                chain,
                "-www",
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the openssl command is installed");
        let log = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        let out_log = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if line.trim() == "ACCEPT" {
                    let _ = tx.send(());
                }
                let mut l = out_log.lock().unwrap();
                l.push_str(&line);
                l.push('\n');
            }
        });
        let mut stderr = child.stderr.take().unwrap();
        let err_log = Arc::clone(&log);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = stderr.read(&mut buf) {
                if n == 0 {
                    break;
                }
                err_log
                    .lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        let server = Server { child, port, log };
        match rx.recv_timeout(WAIT) {
            Ok(()) => return server,
            Err(_) => {
                // Give the log threads a moment to collect why it did not start.
                std::thread::sleep(Duration::from_millis(100));
                last = server.log();
            }
        }
    }
    panic!("openssl s_server did not start: {last}");
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// `openssl s_client` against the server, verifying with `root` only; stdin closed.
fn s_client(server: &Server, root: &str, extra: &[&str]) -> (bool, String) {
    let connect = format!("127.0.0.1:{}", server.port);
    let mut cmd = Command::new("openssl");
    cmd.args([
        "s_client",
        "-connect",
        &connect,
        "-servername",
        HOST,
        "-verify_return_error",
        "-CAfile",
        root,
    ])
    .args(extra);
    let out = run_with_timeout(&mut cmd, WAIT).unwrap_or_else(|e| panic!("{e}"));
    (out.status.success(), text(&out))
}

const PY_CLIENT: &str = r#"
import socket, ssl, sys
port, cafile, host = int(sys.argv[1]), sys.argv[2], sys.argv[3]
ctx = ssl.create_default_context(cafile=cafile)
ctx.check_hostname = True
ctx.verify_mode = ssl.CERT_REQUIRED
if hasattr(ssl, "VERIFY_X509_STRICT"):
    ctx.verify_flags |= ssl.VERIFY_X509_STRICT
with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
    with ctx.wrap_socket(sock, server_hostname=host) as tls:
        cert = tls.getpeercert()
        print("VERSION", tls.version())
        print("PEER", dict(rdn[0] for rdn in cert["subject"])["commonName"])
        print("SAN", ",".join(f"{k}:{v}" for k, v in cert.get("subjectAltName", ())))
        tls.sendall(b"GET / HTTP/1.0\r\n\r\n")
        data = b""
        try:
            while True:
                chunk = tls.recv(4096)
                if not chunk:
                    break
                data += chunk
        except (ssl.SSLEOFError, ConnectionResetError):
            pass
        print("HTTP", data.split(b"\r\n", 1)[0].decode())
"#;

/// Python's `ssl` client (CERT_REQUIRED, check_hostname) connecting as `host`.
fn python_client(server: &Server, root: &str, host: &str) -> (bool, String) {
    let mut cmd = Command::new(python());
    cmd.args(["-c", PY_CLIENT, &server.port.to_string(), root, host]);
    let out = run_with_timeout(&mut cmd, WAIT).unwrap_or_else(|e| panic!("{e}"));
    (out.status.success(), text(&out))
}

fn handshake(key_type: KeyType, bits: Option<u32>) {
    let gen_key = || PrivateKey::generate(key_type, bits).unwrap();
    let root = CertificateAuthority::create_root(
        &format!("/O=sslkit tests/CN=sslkit TLS Root {key_type:?}"),
        Some(gen_key()),
        None,
    )
    .unwrap();
    let inter = root
        .create_intermediate(
            "/O=sslkit tests/CN=sslkit TLS Intermediate",
            Some(gen_key()),
            Some(0),
            None,
        )
        .unwrap();
    let key = gen_key();
    let csr = CertificateSigningRequest::create(
        &key,
        &format!("/CN={HOST}"),
        &[&format!("DNS:{HOST}"), "IP:127.0.0.1"],
    )
    .unwrap();
    let leaf = inter.sign(&csr, Profile::Server, None).unwrap();

    let w = Workdir::new();
    let root_pem = w.write("root.pem", root.certificate().to_pem());
    let inter_pem = w.write("inter.pem", inter.certificate().to_pem());
    let leaf_pem = w.write("leaf.pem", leaf.to_pem());
    let key_pem = w.write("key.pem", key.to_pem().unwrap().as_bytes());
    // An unrelated root, for the negative control.
    let other = CertificateAuthority::create_root(
        "/CN=Unrelated Root",
        Some(PrivateKey::generate(KeyType::EcP256, None).unwrap()),
        None,
    )
    .unwrap();
    let other_pem = w.write("other.pem", other.certificate().to_pem());

    let server = start_server(&leaf_pem, &key_pem, &inter_pem);
    let ctx = |what: &str, out: &str| {
        format!(
            "{key_type:?}: {what}:\n{out}\n--- server log ---\n{}",
            server.log()
        )
    };

    // (a) openssl s_client verifies chain and host name against sslkit's root.
    let (ok, out) = s_client(&server, &root_pem, &["-verify_hostname", HOST]);
    assert!(ok, "{}", ctx("s_client failed", &out));
    assert!(
        out.contains("Verify return code: 0 (ok)"),
        "{}",
        ctx("s_client", &out)
    );
    assert!(
        out.contains(&format!("Verified peername: {HOST}")),
        "{}",
        ctx("s_client", &out)
    );
    assert!(
        out.contains(" 1 s:O = sslkit tests, CN = sslkit TLS Intermediate"),
        "{}",
        ctx("the server must send the intermediate", &out)
    );
    // ... and the IP SAN.
    let (ok, out) = s_client(&server, &root_pem, &["-verify_ip", "127.0.0.1"]);
    assert!(
        ok && out.contains("Verify return code: 0 (ok)"),
        "{}",
        ctx("s_client -verify_ip", &out)
    );

    // ... and over TLS 1.2 too (another signature path: no TLS 1.3-only schemes).
    let (ok, out) = s_client(&server, &root_pem, &["-verify_hostname", HOST, "-tls1_2"]);
    assert!(
        ok && out.contains("Verify return code: 0 (ok)") && out.contains("TLSv1.2"),
        "{}",
        ctx("s_client -tls1_2", &out)
    );

    // (b) Python's ssl module, by name and by IP address.
    for host in [HOST, "127.0.0.1"] {
        let (ok, out) = python_client(&server, &root_pem, host);
        assert!(ok, "{}", ctx(&format!("Python ssl as {host}"), &out));
        assert!(out.contains(&format!("PEER {HOST}")), "{out}");
        assert!(
            out.contains(&format!("DNS:{HOST}")) && out.contains("IP Address:127.0.0.1"),
            "{out}"
        );
        assert!(
            out.contains("HTTP HTTP/1.0 200 ok"),
            "{}",
            ctx("no page", &out)
        );
        println!(
            "{key_type:?}, Python as {host}: {}",
            out.trim().replace('\n', "; ")
        );
    }

    // (c) Negative controls: another host name, another root.
    let (ok, out) = s_client(&server, &root_pem, &["-verify_hostname", "other.test"]);
    assert!(!ok, "{}", ctx("s_client accepted other.test", &out));
    assert!(
        out.contains("hostname mismatch"),
        "{}",
        ctx("s_client", &out)
    );
    let (ok, out) = s_client(&server, &other_pem, &["-verify_hostname", HOST]);
    assert!(!ok, "{}", ctx("s_client accepted a foreign root", &out));
    assert!(
        out.contains("unable to get local issuer certificate"),
        "{}",
        ctx("s_client", &out)
    );
    let (ok, out) = python_client(&server, &root_pem, "other.test");
    assert!(
        !ok && out.contains("CERTIFICATE_VERIFY_FAILED"),
        "{}",
        ctx("Python accepted other.test", &out)
    );
    let (ok, out) = python_client(&server, &other_pem, HOST);
    assert!(
        !ok && out.contains("CERTIFICATE_VERIFY_FAILED"),
        "{}",
        ctx("Python accepted a foreign root", &out)
    );
    drop(server);
}

#[test]
fn tls_handshake_rsa_2048() {
    handshake(KeyType::Rsa, Some(2048));
}

#[test]
fn tls_handshake_p256() {
    handshake(KeyType::EcP256, None);
}
