"""The mod_ssl FAQ's jobs with sslkit, fully typed: `mypy --strict` checks this file against the
package's stubs (scripts/test-python runs it, and also runs it as a program).

    python examples/typed_example.py [OUTPUT_DIR]
"""

from __future__ import annotations

import datetime
import sys
import tempfile
from pathlib import Path
from typing import List, Optional

import sslkit


def make_server_key(passphrase: bytes) -> bytes:
    """`openssl genrsa -aes256 2048`: an encrypted RSA-2048 server key, as PEM."""
    key: sslkit.PrivateKey = sslkit.PrivateKey.generate("rsa", bits=2048)
    assert (key.algorithm, key.bits) == ("rsa", 2048)
    return key.to_pem(passphrase=passphrase)


def unsecure(pem: bytes, passphrase: bytes) -> bytes:
    """`openssl rsa -in server.key -out server.key.unsecure`."""
    return sslkit.PrivateKey.from_pem(pem, passphrase=passphrase).to_pem()


def issue(
    ca: sslkit.CertificateAuthority, key: sslkit.PrivateKey, host: str, days: int = 90
) -> sslkit.Certificate:
    csr = sslkit.CertificateSigningRequest.create(key, f"/O=Example/CN={host}", sans=[host])
    assert csr.verify()
    subject: str = csr.subject
    sans: List[str] = csr.sans
    assert subject.startswith("CN=") and sans == [f"DNS:{host}"]
    return ca.sign(csr, days=days, profile="server")


def key_matches(key: sslkit.PrivateKey, cert: sslkit.Certificate) -> bool:
    """The FAQ's `-modulus | md5` check (RSA), or the SPKI comparison for every key type."""
    if key.algorithm == "rsa":
        return sslkit.modulus_md5(key) == sslkit.modulus_md5(cert)
    return key.matches(cert)


def describe(cert: sslkit.Certificate) -> str:
    not_after: datetime.datetime = cert.not_after
    serial: int = cert.serial
    path_len: Optional[int] = cert.basic_constraints.path_len if cert.basic_constraints else None
    return (
        f"{cert.subject} (serial {serial:x}, until {not_after:%Y-%m-%d}, "
        f"CA={cert.is_ca}, pathlen={path_len}, {cert.fingerprint('sha256')[:11]}...)"
    )


def main(out: Path) -> int:
    encrypted = make_server_key(b"change-me")
    (out / "server.key").write_bytes(encrypted)
    key = sslkit.PrivateKey.load(out / "server.key", passphrase=b"change-me")
    assert sslkit.PrivateKey.from_pem(unsecure(encrypted, b"change-me")) == key

    root = sslkit.CertificateAuthority.create_root(
        "/O=Example/CN=Example Root CA", key=sslkit.PrivateKey.generate("ec-p384")
    )
    inter = root.create_intermediate(
        "/O=Example/CN=Example Intermediate CA", key=sslkit.PrivateKey.generate("ec-p256"), path_len=0
    )
    leaf = issue(inter, key, "www.example.test")
    if not key_matches(key, leaf):
        return 1

    pile: List[sslkit.Certificate] = [root.certificate, leaf, inter.certificate]
    chain = sslkit.assemble_chain(leaf, pile)
    (out / "chain.pem").write_bytes(b"".join(c.to_pem() for c in chain[1:]))
    verified = sslkit.verify_chain(
        leaf, chain[1:], roots=[root.certificate], host="www.example.test"
    )
    findings: List[sslkit.Finding] = sslkit.check(
        leaf, key=key, chain=chain[1:], host="www.example.test", roots=[root.certificate]
    )
    if any(f.severity == "error" for f in findings):
        return 1
    obj = sslkit.load_object(leaf.to_der())
    if isinstance(obj, sslkit.Certificate):
        assert obj == leaf
    der: bytes = sslkit.pem_to_der(leaf.to_pem())
    assert sslkit.der_to_pem(der) == leaf.to_pem()

    try:
        sslkit.PrivateKey.from_pem(encrypted, passphrase=b"wrong")
    except sslkit.WrongPassphrase as e:
        message: str = str(e)
        assert message
    try:
        sslkit.PrivateKey.generate("rsa", bits=1024)
    except sslkit.InvalidInput:  # also a ValueError
        pass

    for cert in verified:
        print(describe(cert))
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1:
        sys.exit(main(Path(sys.argv[1])))
    with tempfile.TemporaryDirectory() as tmp:
        sys.exit(main(Path(tmp)))
