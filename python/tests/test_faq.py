"""The Apache mod_ssl FAQ's jobs, done with sslkit from Python and checked with the `openssl`
command (what sslkit writes, openssl reads; what openssl writes, sslkit reads) and, at the end,
a real TLS handshake through Python's ssl module."""

from __future__ import annotations

import random
import socket
import ssl
import threading
from pathlib import Path

import pytest

import sslkit

from conftest import need_openssl, openssl, write


def openssl_md5(data: bytes) -> str:
    out = openssl(["md5"], stdin=data).decode().strip()
    return out.split("= ")[-1] if "= " in out else out.split()[-1]


# --- keys ------------------------------------------------------------------------------------


def test_create_rsa_key_with_passphrase(tmp_path: Path) -> None:
    """FAQ: `openssl genrsa -des3 -out server.key 2048`, then read it back with openssl."""
    need_openssl()
    key = sslkit.PrivateKey.generate("rsa", bits=2048)
    for pem in (
        key.to_pem(passphrase=b"change-me"),  # PKCS#8, scrypt, AES-256 (OpenSSL 1.1+ reads it)
        key.to_pem(passphrase=b"change-me", kdf="pbkdf2", cipher="des3"),
        key.to_pem(passphrase=b"change-me", format="traditional", cipher="des3"),  # genrsa -traditional -des3
    ):
        path = write(tmp_path / "server.key", pem)
        out = openssl(["rsa", "-in", path, "-passin", "pass:change-me", "-check", "-noout"])
        assert b"RSA key ok" in out
        modulus = openssl(["rsa", "-in", path, "-passin", "pass:change-me", "-noout", "-modulus"])
        assert modulus.decode() == sslkit.modulus(key)


def test_remove_passphrase(tmp_path: Path) -> None:
    """FAQ: `openssl rsa -in server.key -out server.key.unsecure`."""
    need_openssl()
    encrypted = sslkit.PrivateKey.generate("rsa").to_pem(passphrase=b"pw", kdf="pbkdf2")
    key = sslkit.PrivateKey.from_pem(encrypted, passphrase=b"pw")
    clear = key.to_pem()
    assert b"ENCRYPTED" not in clear
    path = write(tmp_path / "server.key.unsecure", clear)
    # openssl reads it with no passphrase at all (stdin closed, so a prompt would fail)
    assert b"RSA key ok" in openssl(["rsa", "-in", path, "-check", "-noout", "-passin", "pass:"])


def test_read_keys_openssl_makes(tmp_path: Path) -> None:
    """Every key the FAQ's commands (and their modern equivalents) write, sslkit reads."""
    need_openssl()
    made = {
        "genrsa-aes256": (["genrsa", "-aes256", "-passout", "pass:pw", "2048"], b"pw", "rsa"),
        "genrsa-des3-traditional": (
            ["genrsa", "-traditional", "-des3", "-passout", "pass:pw", "2048"],
            b"pw",
            "rsa",
        ),
        "genrsa-clear": (["genrsa", "2048"], None, "rsa"),
        "ec-param-genkey": (["ecparam", "-name", "prime256v1", "-genkey", "-noout"], None, "ec-p256"),
        "genpkey-p384": (["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"], None, "ec-p384"),
        "genpkey-ed25519": (["genpkey", "-algorithm", "ed25519"], None, "ed25519"),
        "genpkey-ed25519-enc": (["genpkey", "-algorithm", "ed25519", "-aes-128-cbc", "-pass", "pass:pw"], b"pw", "ed25519"),
    }
    for name, (args, password, kind) in made.items():
        pem = openssl(args)
        key = sslkit.PrivateKey.from_pem(pem, passphrase=password)
        assert key.algorithm == kind, name
        pub_path = write(tmp_path / f"{name}.pem", pem)
        passin = ["-passin", "pass:pw"] if password else []
        spki = openssl(["pkey", "-in", pub_path, *passin, "-pubout", "-outform", "DER"])
        assert key.public_key().to_der() == spki, name
        der = openssl(["pkey", "-in", pub_path, *passin, "-outform", "DER"])
        assert sslkit.PrivateKey.from_der(der) == key


# --- CSR -------------------------------------------------------------------------------------


def test_make_a_csr(tmp_path: Path, rsa_key) -> None:
    """FAQ: `openssl req -new -key server.key -out server.csr`."""
    need_openssl()
    csr = sslkit.CertificateSigningRequest.create(
        rsa_key, "/C=US/ST=California/O=Foo Inc/CN=www.foo.dom", sans=["www.foo.dom", "foo.dom"]
    )
    path = write(tmp_path / "server.csr", csr.to_pem())
    out = openssl(["req", "-in", path, "-verify", "-noout", "-subject", "-nameopt", "RFC2253"])
    assert b"CN=www.foo.dom,O=Foo Inc,ST=California,C=US" in out
    text = openssl(["req", "-in", path, "-noout", "-text"]).decode()
    assert "DNS:www.foo.dom, DNS:foo.dom" in text
    der_path = write(tmp_path / "server.csr.der", csr.to_der())
    openssl(["req", "-in", der_path, "-inform", "DER", "-verify", "-noout"])


def test_read_a_csr_openssl_made(tmp_path: Path) -> None:
    need_openssl()
    key_path = str(tmp_path / "k.pem")
    openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key_path])
    pem = openssl(
        [
            "req", "-new", "-key", key_path, "-subj", "/C=DE/O=Org/CN=openssl.test",
            "-addext", "subjectAltName=DNS:openssl.test,IP:192.0.2.1,email:a@openssl.test",
        ]
    )
    csr = sslkit.CertificateSigningRequest.from_pem(pem)
    assert csr.verify()
    assert csr.subject == "CN=openssl.test,O=Org,C=DE"
    assert csr.sans == ["DNS:openssl.test", "IP:192.0.2.1", "email:a@openssl.test"]
    key = sslkit.PrivateKey.load(key_path)
    assert key.matches(csr)


# --- certificates ----------------------------------------------------------------------------


def test_self_signed_certificate_for_testing(tmp_path: Path, rsa_key) -> None:
    """FAQ: `openssl req -new -x509 -nodes -sha256 -days 365 -key server.key -out server.crt`."""
    need_openssl()
    cert = sslkit.Certificate.self_signed(rsa_key, "/CN=localhost", sans=["localhost", "127.0.0.1"])
    path = write(tmp_path / "server.crt", cert.to_pem())
    serial = openssl(["x509", "-in", path, "-noout", "-serial"]).decode().strip()
    assert serial == f"serial={cert.serial_hex}"
    fp = openssl(["x509", "-in", path, "-noout", "-fingerprint", "-sha256"]).decode().strip()
    assert fp.split("=", 1)[1] == cert.fingerprint("sha256")
    text = openssl(["x509", "-in", path, "-noout", "-text"]).decode()
    assert "DNS:localhost, IP Address:127.0.0.1" in text
    assert "sha256WithRSAEncryption" in text
    # the key is the certificate's: openssl's own check
    key_path = write(tmp_path / "server.key", rsa_key.to_pem())
    openssl(["x509", "-in", path, "-noout", "-checkend", "86400"])
    cert_mod = openssl(["x509", "-in", path, "-noout", "-modulus"])
    key_mod = openssl(["rsa", "-in", key_path, "-noout", "-modulus"])
    assert cert_mod == key_mod


def test_run_my_own_ca(tmp_path: Path, rsa_key) -> None:
    """FAQ: make a CA, sign the server's CSR with it, `openssl verify` the result."""
    need_openssl()
    root = sslkit.CertificateAuthority.create_root("/O=Foo Inc/CN=Foo Root CA")
    inter = root.create_intermediate("/O=Foo Inc/CN=Foo Intermediate CA",
                                     key=sslkit.PrivateKey.generate("ec-p384"))
    csr = sslkit.CertificateSigningRequest.create(rsa_key, "/CN=www.foo.dom")
    leaf = inter.sign(csr, days=90)
    root_path = write(tmp_path / "ca.crt", root.certificate.to_pem())
    inter_path = write(tmp_path / "inter.crt", inter.certificate.to_pem())
    leaf_path = write(tmp_path / "server.crt", leaf.to_pem())
    out = openssl(["verify", "-CAfile", root_path, "-untrusted", inter_path,
                   "-purpose", "sslserver", "-verify_hostname", "www.foo.dom", leaf_path])
    assert out.strip().endswith(b": OK")
    # the CA key, written with a passphrase, is read by openssl and signs with openssl
    ca_key_path = write(tmp_path / "ca.key", root.key.to_pem(passphrase=b"ca-pw", kdf="pbkdf2"))
    csr_path = write(tmp_path / "other.csr", sslkit.CertificateSigningRequest.create(
        sslkit.PrivateKey.generate("ec-p256"), "/CN=by-openssl.test").to_pem())
    signed = openssl(["x509", "-req", "-in", csr_path, "-CA", root_path, "-CAkey", ca_key_path,
                      "-passin", "pass:ca-pw", "-days", "10", "-set_serial", "42"])
    by_openssl = sslkit.Certificate.from_pem(signed)
    assert by_openssl.serial == 42
    by_openssl.verify_signed_by(root.certificate)


def test_sslkit_runs_an_openssl_made_ca(tmp_path: Path) -> None:
    """A CA made by `openssl req -x509` is loaded into sslkit and signs; openssl verifies."""
    need_openssl()
    key_path, cert_path = str(tmp_path / "ca.key"), str(tmp_path / "ca.crt")
    openssl(["req", "-x509", "-newkey", "rsa:2048", "-keyout", key_path, "-out", cert_path,
             "-passout", "pass:pw", "-subj", "/CN=OpenSSL Made CA", "-days", "30",
             "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
    ca = sslkit.CertificateAuthority.load(cert_path, key_path, passphrase=b"pw")
    csr = sslkit.CertificateSigningRequest.create(sslkit.PrivateKey.generate("ed25519"), "/CN=leaf.test")
    leaf = ca.sign(csr, days=365)  # clamped to the CA's 30 days
    assert leaf.not_after <= ca.certificate.not_after
    leaf_path = write(tmp_path / "leaf.crt", leaf.to_pem())
    out = openssl(["verify", "-CAfile", cert_path, leaf_path])
    assert out.strip().endswith(b": OK")


# --- the modulus / match check ---------------------------------------------------------------


def test_does_the_key_match_the_certificate(tmp_path: Path, rsa_key) -> None:
    """FAQ: `openssl x509 -noout -modulus -in server.crt | openssl md5` (and -in server.key,
    server.csr) must all print the same; sslkit.modulus_md5 prints what openssl does."""
    need_openssl()
    csr = sslkit.CertificateSigningRequest.create(rsa_key, "/CN=www.foo.dom")
    cert = sslkit.Certificate.self_signed(rsa_key, "/CN=www.foo.dom")
    key_path = write(tmp_path / "server.key", rsa_key.to_pem(passphrase=b"pw", kdf="pbkdf2"))
    csr_path = write(tmp_path / "server.csr", csr.to_pem())
    crt_path = write(tmp_path / "server.crt", cert.to_pem())
    key_line = openssl(["rsa", "-noout", "-modulus", "-in", key_path, "-passin", "pass:pw"])
    csr_line = openssl(["req", "-noout", "-modulus", "-in", csr_path])
    crt_line = openssl(["x509", "-noout", "-modulus", "-in", crt_path])
    assert key_line == csr_line == crt_line == sslkit.modulus(cert).encode()
    expected = openssl_md5(crt_line)
    assert len(expected) == 32
    assert sslkit.modulus_md5(rsa_key) == sslkit.modulus_md5(csr) == sslkit.modulus_md5(cert) == expected
    assert rsa_key.matches(cert) and rsa_key.matches(csr)
    sslkit.check_match(rsa_key, cert=cert, csr=csr)
    other = sslkit.PrivateKey.generate("rsa")
    assert sslkit.modulus_md5(other) != expected
    with pytest.raises(sslkit.KeyMismatch):
        sslkit.check_match(other, cert=cert)


def test_non_rsa_keys_match_by_spki(tmp_path: Path, ec_key) -> None:
    need_openssl()
    cert = sslkit.Certificate.self_signed(ec_key, "/CN=ec.test")
    path = write(tmp_path / "ec.crt", cert.to_pem())
    spki = openssl(["x509", "-in", path, "-noout", "-pubkey"])
    assert sslkit.PublicKey.from_pem(spki).spki_fingerprint() == ec_key.public_key().spki_fingerprint()
    with pytest.raises(sslkit.Unsupported):
        sslkit.modulus_md5(cert)


# --- PEM / DER -------------------------------------------------------------------------------


def test_convert_pem_and_der(tmp_path: Path, pki) -> None:
    """FAQ: `openssl x509 -in cert.pem -out cert.der -outform DER` and back."""
    need_openssl()
    leaf = pki["leaf"]
    pem_path = write(tmp_path / "cert.pem", leaf.to_pem())
    der_by_openssl = openssl(["x509", "-in", pem_path, "-outform", "DER"])
    assert sslkit.pem_to_der(leaf.to_pem()) == der_by_openssl
    der_path = write(tmp_path / "cert.der", der_by_openssl)
    pem_by_openssl = openssl(["x509", "-in", der_path, "-inform", "DER"])
    assert sslkit.der_to_pem(der_by_openssl) == pem_by_openssl
    key = pki["key"]
    key_path = write(tmp_path / "key.pem", key.to_pem())
    pkcs8_der = openssl(["pkcs8", "-topk8", "-nocrypt", "-in", key_path, "-outform", "DER"])
    assert sslkit.pem_to_der(key.to_pem()) == pkcs8_der
    trad_path = write(tmp_path / "rsa.pem", key.to_pem(format="traditional"))
    pkcs1_der = openssl(["rsa", "-in", trad_path, "-traditional", "-outform", "DER"])
    assert sslkit.pem_to_der(key.to_pem(format="traditional")) == pkcs1_der


# --- the chain file --------------------------------------------------------------------------


def test_what_goes_into_the_chain_file(tmp_path: Path, pki) -> None:
    """FAQ: SSLCertificateChainFile: the intermediates, in order, from an unordered pile."""
    need_openssl()
    root, inter, leaf = pki["root"], pki["inter"], pki["leaf"]
    unrelated = sslkit.CertificateAuthority.create_root(
        "/CN=Unrelated", key=sslkit.PrivateKey.generate("ed25519")).certificate
    pile = [root.certificate, unrelated, inter.certificate, leaf, inter.certificate]
    random.Random(3).shuffle(pile)
    bundle = b"".join(c.to_pem() for c in pile)
    chain = sslkit.assemble_chain(leaf, sslkit.load_certificates(bundle))
    assert chain == [leaf, inter.certificate]
    chain_path = write(tmp_path / "chain.pem", b"".join(c.to_pem() for c in chain[1:]))
    root_path = write(tmp_path / "root.pem", root.certificate.to_pem())
    leaf_path = write(tmp_path / "leaf.pem", leaf.to_pem())
    out = openssl(["verify", "-CAfile", root_path, "-untrusted", chain_path, leaf_path])
    assert out.strip().endswith(b": OK")
    # and sslkit's verifier agrees with openssl's
    assert sslkit.verify_chain(leaf, chain[1:], roots=[root.certificate], host="www.foo.dom")[-1] == root.certificate


# --- a real handshake ------------------------------------------------------------------------


def test_tls_handshake_with_python_ssl(tmp_path: Path, pki) -> None:
    """Python's ssl module (OpenSSL) serves sslkit's encrypted key, leaf and chain; a client
    that trusts only sslkit's root verifies the server and its host name."""
    root, inter, leaf, key = pki["root"], pki["inter"], pki["leaf"], pki["key"]
    fullchain = write(tmp_path / "fullchain.pem", leaf.to_pem() + inter.certificate.to_pem())
    key_path = write(tmp_path / "server.key", key.to_pem(passphrase=b"srv-pw"))  # scrypt
    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(fullchain, key_path, password=b"srv-pw")
    client_ctx = ssl.create_default_context(cadata=root.certificate.to_pem().decode())

    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(10)
    port = listener.getsockname()[1]
    received = []

    def serve() -> None:
        try:
            conn, _ = listener.accept()
            with server_ctx.wrap_socket(conn, server_side=True) as tls:
                received.append(tls.recv(5))
                tls.sendall(b"world")
        except Exception as e:  # surfaced by the assertion below
            received.append(repr(e).encode())

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
            with client_ctx.wrap_socket(raw, server_hostname="www.foo.dom") as tls:
                tls.sendall(b"hello")
                assert tls.recv(5) == b"world"
                peer = tls.getpeercert()
                assert ("DNS", "www.foo.dom") in peer["subjectAltName"]
    finally:
        t.join(10)
        listener.close()
    assert received == [b"hello"]
