#!/usr/bin/env python3
"""Chain verification, sslkit against pyca/cryptography's verifier, in the same process and run:
a 3-certificate RSA-2048 chain (root, intermediate, leaf) verified for a host name, through each
library's Python API. Rounds alternate which library goes first; each round times BATCH
verifications of each and the script prints the median per-verification time of every round and
the ratio of the medians (below 1: sslkit is faster).

pyca's verifier and store are built once, outside the timing (the most favourable use of its
API); sslkit's call takes the roots and intermediates as arguments every time.

Usage: .venv/bin/python benches/verify_vs_pyca.py [ROUNDS] [BATCH]   (needs sslkit installed:
pip install ./python, and cryptography)
"""

import datetime
import statistics
import sys
import time

import cryptography
from cryptography import x509
from cryptography.x509.verification import PolicyBuilder, Store

import sslkit

ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 9
BATCH = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
HOST = "www.bench.test"


def main() -> None:
    rsa = lambda: sslkit.PrivateKey.generate("rsa", bits=2048)  # noqa: E731
    root = sslkit.CertificateAuthority.create_root("/CN=Bench Root", key=rsa())
    inter = root.create_intermediate("/CN=Bench Intermediate", key=rsa())
    csr = sslkit.CertificateSigningRequest.create(rsa(), f"/CN={HOST}", sans=[HOST])
    leaf = inter.sign(csr, days=30, profile="server")
    now = datetime.datetime.now(datetime.timezone.utc)
    roots, untrusted = [root.certificate], [inter.certificate]

    p = lambda c: x509.load_der_x509_certificate(c.to_der())  # noqa: E731
    p_root, p_inter, p_leaf = p(root.certificate), p(inter.certificate), p(leaf)
    verifier = (
        PolicyBuilder().store(Store([p_root])).time(now).build_server_verifier(x509.DNSName(HOST))
    )

    def ours() -> None:
        sslkit.verify_chain(leaf, untrusted, roots=roots, host=HOST, at=now)

    def theirs() -> None:
        verifier.verify(p_leaf, [p_inter])

    # Same verdict first; then warm both up (sslkit keeps each key's verification context).
    assert len(sslkit.verify_chain(leaf, untrusted, roots=roots, host=HOST, at=now)) == 3
    assert len(verifier.verify(p_leaf, [p_inter])) == 3
    for f in (ours, theirs):
        for _ in range(200):
            f()

    def timed(f) -> float:
        t = time.perf_counter()
        for _ in range(BATCH):
            f()
        return (time.perf_counter() - t) / BATCH * 1e6

    a, b = [], []
    for r in range(ROUNDS):
        order = [(ours, a), (theirs, b)] if r % 2 == 0 else [(theirs, b), (ours, a)]
        for f, out in order:
            out.append(timed(f))
        print(f"round {r + 1}: sslkit {a[-1]:.1f} µs, pyca {b[-1]:.1f} µs")
    ma, mb = statistics.median(a), statistics.median(b)
    print(
        f"verify a 3-certificate RSA-2048 chain with a host name (medians of {ROUNDS} rounds of "
        f"{BATCH}): sslkit {ma:.1f} µs, pyca/cryptography {cryptography.__version__} {mb:.1f} µs, "
        f"sslkit / pyca = {ma / mb:.2f}"
    )


if __name__ == "__main__":
    main()
