"""Shared fixtures for the sslkit Python tests.

Keys are generated once per session (RSA generation is the slow part); tests that need the
`openssl` command skip visibly when it is missing, unless SSLKIT_REQUIRE_OPENSSL=1.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Dict, List, Sequence

import pytest

import sslkit

REPO = Path(__file__).resolve().parents[2]
TESTDATA = Path(os.environ.get("SSLKIT_TESTDATA", REPO.parent / "shared" / "testdata"))
MANIFEST = TESTDATA / "keys" / "MANIFEST.json"

KINDS = ["rsa", "ec-p256", "ec-p384", "ed25519"]


@pytest.fixture(scope="session")
def keys() -> Dict[str, sslkit.PrivateKey]:
    """One key of each kind (RSA 2048)."""
    return {kind: sslkit.PrivateKey.generate(kind) for kind in KINDS}


@pytest.fixture(scope="session")
def rsa_key(keys: Dict[str, sslkit.PrivateKey]) -> sslkit.PrivateKey:
    return keys["rsa"]


@pytest.fixture(scope="session")
def ec_key(keys: Dict[str, sslkit.PrivateKey]) -> sslkit.PrivateKey:
    return keys["ec-p256"]


@pytest.fixture(scope="session")
def pki(keys: Dict[str, sslkit.PrivateKey]):
    """A root, an intermediate (pathlen 0) and a server leaf with its key and CSR."""
    root = sslkit.CertificateAuthority.create_root(
        "/C=US/O=Example/CN=Example Root CA", key=sslkit.PrivateKey.generate("ec-p384")
    )
    inter = root.create_intermediate(
        "/C=US/O=Example/CN=Example Intermediate CA", key=sslkit.PrivateKey.generate("ec-p256")
    )
    leaf_key = keys["rsa"]
    csr = sslkit.CertificateSigningRequest.create(
        leaf_key, "/C=US/O=Foo/CN=www.foo.dom", sans=["www.foo.dom", "IP:127.0.0.1"]
    )
    leaf = inter.sign(csr)
    return {"root": root, "inter": inter, "leaf": leaf, "key": leaf_key, "csr": csr}


def have_openssl() -> bool:
    return shutil.which("openssl") is not None


def need_openssl() -> None:
    if not have_openssl():
        if os.environ.get("SSLKIT_REQUIRE_OPENSSL") == "1":
            pytest.fail("the openssl command is required (SSLKIT_REQUIRE_OPENSSL=1)")
        pytest.skip("SKIPPED: the openssl command is not installed")


def openssl(args: Sequence[str], stdin: bytes | None = None) -> bytes:
    """Runs `openssl ARGS`, returns stdout; fails the test with stderr on error."""
    need_openssl()
    proc = subprocess.run(
        ["openssl", *args], input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    if proc.returncode != 0:
        pytest.fail(f"openssl {' '.join(args)} failed: {proc.stderr.decode(errors='replace')}")
    return proc.stdout


def write(path: Path, data: bytes) -> str:
    path.write_bytes(data)
    return str(path)


def md5_of_modulus_line(n: int) -> str:
    """The FAQ's `openssl ... -modulus | openssl md5`, computed independently from the integer."""
    import hashlib

    return hashlib.md5(f"Modulus={n:X}\n".encode()).hexdigest()


def all_kinds() -> List[str]:
    return list(KINDS)
