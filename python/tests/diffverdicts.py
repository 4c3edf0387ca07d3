"""Verdicts of the three verifiers on chaingen chains: sslkit, pyca/cryptography's
x509.verification, and the `openssl verify` command (batched). Used by
test_verify_differential.py and handy from a shell when probing one chain:

    python python/tests/diffverdicts.py SEED INDEX     # one chain's params, predictions, verdicts
"""

from __future__ import annotations

import datetime
import ipaddress
import os
import re
import shutil
import subprocess
import tempfile
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.verification import DNSName, IPAddress, PolicyBuilder, Store, VerificationError

import sslkit

import chaingen

# Serial number 0 is a deliberate feature; pyca warns when it parses one.
warnings.filterwarnings("ignore", message=".*serial number which wasn't positive.*")

Verdict = Tuple[bool, str]  # (accepted, error message or "")
PURPOSES = ("server", "client")
T_NAIVE = chaingen.T.replace(tzinfo=None)
T_EPOCH = int(chaingen.T.timestamp())


def is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        return False


# ----------------------------------------------------------------------------- pyca


def pyca_verdict(chain: Sequence[x509.Certificate], host: Optional[str], purpose: str) -> Verdict:
    """pyca's verdict; VerificationError is a refusal, anything else propagates."""
    root, inters, leaf = chain[0], list(chain[1:-1]), chain[-1]
    builder = PolicyBuilder().store(Store([root])).time(T_NAIVE)
    if purpose == "server":
        assert host is not None
        subject = IPAddress(ipaddress.ip_address(host)) if is_ip(host) else DNSName(host)
        verifier: Any = builder.build_server_verifier(subject)
    else:
        verifier = builder.build_client_verifier()
    try:
        verifier.verify(leaf, inters)
    except VerificationError as e:
        return False, str(e)
    return True, ""


# ----------------------------------------------------------------------------- sslkit


def sslkit_has_purpose() -> bool:
    """Whether the installed sslkit.verify_chain takes purpose= (the new verifier's API)."""
    key = sslkit.PrivateKey.generate("ed25519")
    cert = sslkit.Certificate.self_signed(key, "/CN=probe.test", sans=["probe.test"], days=2)
    try:
        sslkit.verify_chain(cert, [], roots=[cert], host="probe.test", purpose="server")
    except TypeError:
        return False
    except sslkit.Error:
        return True
    return True


def to_sslkit(cert: x509.Certificate) -> Any:
    return sslkit.Certificate.from_der(cert.public_bytes(Encoding.DER))


def sslkit_verdict(chain: Sequence[x509.Certificate], host: Optional[str], purpose: str,
                   new_api: bool) -> Verdict:
    """sslkit's verdict; sslkit.Error (also from loading a certificate) is a refusal, anything
    else propagates and fails the test."""
    try:
        certs = [to_sslkit(c) for c in chain]
    except sslkit.Error as e:
        return False, f"Certificate.from_der: {type(e).__name__}: {e}"
    root, inters, leaf = certs[0], certs[1:-1], certs[-1]
    try:
        if new_api:
            if purpose == "server":
                sslkit.verify_chain(leaf, untrusted=inters, roots=[root], at=chaingen.T, host=host,
                                    purpose="server")
            else:
                sslkit.verify_chain(leaf, untrusted=inters, roots=[root], at=chaingen.T,
                                    purpose="client")
        else:
            assert purpose == "server"
            sslkit.verify_chain(leaf, inters, [root], chaingen.T, host)
    except sslkit.Error as e:
        return False, f"{type(e).__name__}: {e}"
    return True, ""


# ----------------------------------------------------------------------------- openssl


def have_openssl() -> bool:
    return shutil.which("openssl") is not None


def openssl_version() -> str:
    return subprocess.run(["openssl", "version"], capture_output=True, text=True).stdout.strip()


_ERR_LINE = re.compile(r"^error \d+ at \d+ depth lookup: .*$")


def _run_openssl_batch(workdir: Path, name: str, jobs: List[Tuple[Any, Sequence[x509.Certificate]]],
                       purpose: str, host: Optional[str]) -> Dict[Any, Verdict]:
    """One `openssl verify` over many chains that share the purpose and host name. Every
    chain's CA subjects carry a per-chain tag, so the roots of all chains can share one
    -CAfile and their intermediates one -untrusted file without ever meeting."""
    d = workdir / name
    d.mkdir()
    roots = b"".join(ch[0].public_bytes(Encoding.PEM) for _, ch in jobs)
    inters = b"".join(c.public_bytes(Encoding.PEM) for _, ch in jobs for c in ch[1:-1])
    (d / "roots.pem").write_bytes(roots)
    args = ["openssl", "verify", "-x509_strict", "-purpose", f"ssl{purpose}", "-attime", str(T_EPOCH),
            "-CAfile", str(d / "roots.pem")]
    if inters:
        (d / "untrusted.pem").write_bytes(inters)
        args += ["-untrusted", str(d / "untrusted.pem")]
    if host is not None:
        args += ["-verify_ip" if is_ip(host) else "-verify_hostname", host]
    files: Dict[str, Any] = {}
    for n, (key, ch) in enumerate(jobs):
        f = d / f"leaf{n}.pem"
        f.write_bytes(ch[-1].public_bytes(Encoding.PEM))
        files[str(f)] = key
    proc = subprocess.run(args + ["--"] + list(files), capture_output=True, text=True)
    out: Dict[Any, Verdict] = {}
    for line in proc.stdout.splitlines():
        if line.endswith(": OK") and line[:-4] in files:
            out[files[line[:-4]]] = (True, "")
    pending: List[str] = []
    for line in proc.stderr.splitlines():
        m = re.match(r"^error (.*): verification failed$", line)
        if m and m.group(1) in files:
            msg = "; ".join(pending) or "verification failed"
            out[files[m.group(1)]] = (False, msg)
            pending = []
        elif _ERR_LINE.match(line):
            pending.append(line)
    return out


def openssl_verdicts(jobs: List[Tuple[Any, Sequence[x509.Certificate], Optional[str]]], purpose: str,
                     batch: int = 250) -> Dict[Any, Verdict]:
    """Verdicts of `openssl verify -x509_strict -purpose ssl<purpose>` for (key, chain, host)
    jobs, batched by host name (server) into runs of at most `batch` leaves, run two at a
    time. A chain a batch gave no verdict for (the batch failed as a whole) is run alone."""
    groups: Dict[Optional[str], List[Tuple[Any, Sequence[x509.Certificate]]]] = {}
    for key, chain, host in jobs:
        groups.setdefault(host if purpose == "server" else None, []).append((key, chain))
    batches = []
    for host, items in sorted(groups.items(), key=lambda kv: str(kv[0])):
        for start in range(0, len(items), batch):
            batches.append((host, items[start : start + batch]))
    out: Dict[Any, Verdict] = {}
    with tempfile.TemporaryDirectory(prefix="sslkit-diff-") as tmp:
        workdir = Path(tmp)
        with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as ex:
            futures = [ex.submit(_run_openssl_batch, workdir, f"{purpose}{n}", items, purpose, host)
                       for n, (host, items) in enumerate(batches)]
            for f in futures:
                out.update(f.result())
        retry = [(k, ch, h) for k, ch, h in jobs if k not in out]
        for n, (k, ch, h) in enumerate(retry):
            got = _run_openssl_batch(workdir, f"alone-{purpose}{n}", [(k, ch)], purpose, h)
            out[k] = got.get(k, (False, "openssl gave no verdict"))
    return out


if __name__ == "__main__":  # pragma: no cover - a probing aid
    import json
    import sys

    seed, index = int(sys.argv[1]), int(sys.argv[2])
    params = chaingen.random_chain_params(seed, index)
    chain = chaingen.build_chain(params, chaingen.KeyPool())
    print(json.dumps(params, indent=1))
    import diffmodel

    new = sslkit_has_purpose()
    for purpose in PURPOSES:
        host = params["host"] if purpose == "server" else None
        for who in (diffmodel.SSLKIT, diffmodel.PYCA, diffmodel.OPENSSL):
            print(purpose, who, "predicted reasons:", sorted(diffmodel.reasons(params, who, purpose)))
        print(purpose, "pyca", pyca_verdict(chain, host, purpose))
        if new or purpose == "server":
            print(purpose, "sslkit", sslkit_verdict(chain, host, purpose, new))
        if have_openssl():
            print(purpose, "openssl", openssl_verdicts([(0, chain, host)], purpose)[0])
