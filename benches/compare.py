"""The pyca/cryptography half of benches/compare.sh, and the table it prints.

    python compare.py keygen BITS COUNT     # RSA key generation with pyca/cryptography
    python compare.py ops DIR [SECONDS]     # sign, verify, CSR, issuance, bundle, decryption
    python compare.py table FILE...         # medians of every `S ...` line, and the targets

Samples are printed as `S OPERATION IMPLEMENTATION MICROSECONDS...`, as examples/bench_compare.rs
prints them. `table` also reads `openssl speed` output (files named speed-*.txt) and turns each
sign/s and verify/s figure into one sample of microseconds per operation.
"""

import datetime
import os
import re
import statistics
import sys
import time

MSG = b"\x5a" * 64
PASSPHRASE = b"bench passphrase"
BUNDLE = "/etc/ssl/certs/ca-certificates.crt"
ALGS = ["rsa2048", "rsa3072", "rsa4096", "p256", "ed25519"]


def out(op, imp, samples):
    print("S", op, imp, " ".join(f"{v:.2f}" for v in samples), flush=True)


def timed(fn, budget, min_n=30, max_n=100_000):
    # Warm-up, untimed: once, or for a tenth of the budget.
    start = time.perf_counter()
    while True:
        fn()
        if time.perf_counter() - start >= budget / 10:
            break
    samples = []
    start = time.perf_counter()
    while len(samples) < max_n and (len(samples) < min_n or time.perf_counter() - start < budget):
        t = time.perf_counter_ns()
        fn()
        samples.append((time.perf_counter_ns() - t) / 1000)
    return samples


def keygen(bits, count):
    from cryptography.hazmat.primitives.asymmetric import rsa

    samples = []
    for _ in range(count):
        t = time.perf_counter_ns()
        rsa.generate_private_key(public_exponent=65537, key_size=bits)
        samples.append((time.perf_counter_ns() - t) / 1000)
    out(f"keygen-rsa{bits}", "pyca", samples)


def ops(workdir, budget):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    def load(alg):
        with open(os.path.join(workdir, f"key-{alg}.pem"), "rb") as f:
            return serialization.load_pem_private_key(f.read(), None)

    def signer(key):
        if isinstance(key, rsa.RSAPrivateKey):
            return lambda m: key.sign(m, padding.PKCS1v15(), hashes.SHA256())
        if isinstance(key, ec.EllipticCurvePrivateKey):
            return lambda m: key.sign(m, ec.ECDSA(hashes.SHA256()))
        return key.sign

    def verifier(pub):
        if isinstance(pub, rsa.RSAPublicKey):
            return lambda s, m: pub.verify(s, m, padding.PKCS1v15(), hashes.SHA256())
        if isinstance(pub, ec.EllipticCurvePublicKey):
            return lambda s, m: pub.verify(s, m, ec.ECDSA(hashes.SHA256()))
        return pub.verify

    def hash_for(key):
        return None if isinstance(key, ed25519.Ed25519PrivateKey) else hashes.SHA256()

    for alg in ALGS:
        key = load(alg)
        sign, verify = signer(key), verifier(key.public_key())
        out(f"sign-{alg}", "pyca", timed(lambda: sign(MSG), budget, 20 if alg == "rsa4096" else 30))
        sig = sign(MSG)
        out(f"verify-{alg}", "pyca", timed(lambda: verify(sig, MSG), budget))

    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "US"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Bench"),
            x509.NameAttribute(NameOID.COMMON_NAME, "www.bench.test"),
        ]
    )
    sans = x509.SubjectAlternativeName([x509.DNSName("www.bench.test"), x509.DNSName("bench.test")])

    def make_csr(key):
        return (
            x509.CertificateSigningRequestBuilder()
            .subject_name(subject)
            .add_extension(sans, critical=False)
            .sign(key, hash_for(key))
        )

    for alg in ["rsa2048", "p256"]:
        key = load(alg)
        out(f"csr-{alg}", "pyca", timed(lambda: make_csr(key), budget))

    # Issuance as sslkit's CA does it: check the request's signature, copy its subject and SANs,
    # a random serial, backdated not-before, the server profile's extensions, SKI and AKI.
    now = datetime.datetime.now(datetime.timezone.utc)
    for alg in ["rsa2048", "p256"]:
        ca_key = load(alg)
        ca_name = x509.Name(
            [
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Bench"),
                x509.NameAttribute(NameOID.COMMON_NAME, "Bench CA"),
            ]
        )
        ca_ski = x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key())
        ca_cert = (
            x509.CertificateBuilder()
            .subject_name(ca_name)
            .issuer_name(ca_name)
            .public_key(ca_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now)
            .not_valid_after(now + datetime.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(ca_ski, critical=False)
            .sign(ca_key, hash_for(ca_key))
        )
        aki = x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski)
        leaf_key = rsa.generate_private_key(65537, 2048) if alg == "rsa2048" else ec.generate_private_key(ec.SECP256R1())
        csr = make_csr(leaf_key)
        is_rsa = alg == "rsa2048"

        def issue():
            assert csr.is_signature_valid
            pub = csr.public_key()
            t = datetime.datetime.now(datetime.timezone.utc)
            req_sans = csr.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
            return (
                x509.CertificateBuilder()
                .subject_name(csr.subject)
                .issuer_name(ca_cert.subject)
                .public_key(pub)
                .serial_number(x509.random_serial_number())
                .not_valid_before(t - datetime.timedelta(minutes=5))
                .not_valid_after(t + datetime.timedelta(days=365))
                .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                .add_extension(
                    x509.KeyUsage(
                        digital_signature=True,
                        content_commitment=False,
                        key_encipherment=is_rsa,
                        data_encipherment=False,
                        key_agreement=False,
                        key_cert_sign=False,
                        crl_sign=False,
                        encipher_only=False,
                        decipher_only=False,
                    ),
                    critical=True,
                )
                .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
                .add_extension(req_sans, critical=False)
                .add_extension(x509.SubjectKeyIdentifier.from_public_key(pub), critical=False)
                .add_extension(aki, critical=False)
                .sign(ca_key, hash_for(ca_key))
            )

        out(f"issue-{alg}", "pyca", timed(issue, budget))

    if os.path.exists(BUNDLE):
        import warnings

        from cryptography.utils import CryptographyDeprecationWarning

        # Some system roots carry a non-positive serial number; pyca warns about each.
        warnings.simplefilter("ignore", CryptographyDeprecationWarning)
        with open(BUNDLE, "rb") as f:
            bundle = f.read()
        out("parse-cabundle", "pyca", timed(lambda: x509.load_pem_x509_certificates(bundle), budget, 10))

    for kdf in ["scrypt", "pbkdf2"]:
        with open(os.path.join(workdir, f"enc-{kdf}.pem"), "rb") as f:
            pem = f.read()
        out(
            f"decrypt-{kdf}",
            "pyca",
            timed(lambda: serialization.load_pem_private_key(pem, PASSPHRASE), 0, 5, 5),
        )


# --- the table -----------------------------------------------------------------------------

SPEED = [
    (re.compile(r"^rsa\s+(\d+) bits\s+\S+\s+\S+\s+([\d.]+)\s+([\d.]+)\s*$"), lambda m: f"rsa{m.group(1)}"),
    (re.compile(r"^\s*256 bits ecdsa \(nistp256\)\s+\S+\s+\S+\s+([\d.]+)\s+([\d.]+)\s*$"), lambda m: "p256"),
    (re.compile(r"^\s*253 bits EdDSA \(Ed25519\)\s+\S+\s+\S+\s+([\d.]+)\s+([\d.]+)\s*$"), lambda m: "ed25519"),
]

IMPLS = ["sslkit", "ring", "openssl", "pyca"]

# (label, operation, sslkit's implementation name)
ROWS = [
    ("RSA-2048 key generation (2 threads)", "keygen-rsa2048", "sslkit"),
    ("RSA-2048 key generation (1 thread)", "keygen-rsa2048", "sslkit-1t"),
    ("RSA-3072 key generation (2 threads)", "keygen-rsa3072", "sslkit"),
    ("RSA-3072 key generation (1 thread)", "keygen-rsa3072", "sslkit-1t"),
    ("RSA-4096 key generation (2 threads)", "keygen-rsa4096", "sslkit"),
    ("RSA-4096 key generation (1 thread)", "keygen-rsa4096", "sslkit-1t"),
] + [
    (f"{name} {what}", f"{what}-{alg}", "sslkit")
    for what in ["sign", "verify"]
    for alg, name in [
        ("rsa2048", "RSA-2048"),
        ("rsa3072", "RSA-3072"),
        ("rsa4096", "RSA-4096"),
        ("p256", "ECDSA P-256"),
        ("ed25519", "Ed25519"),
    ]
] + [
    ("CSR build, RSA-2048 key", "csr-rsa2048", "sslkit"),
    ("CSR build, P-256 key", "csr-p256", "sslkit"),
    ("Issue from CSR, RSA-2048 CA", "issue-rsa2048", "sslkit"),
    ("Issue from CSR, P-256 CA", "issue-p256", "sslkit"),
    ("Parse system CA bundle", "parse-cabundle", "sslkit"),
    ("Chain assembly, 100-cert pool", "chain-100", "sslkit"),
    ("Chain assembly, 1,000-cert pool", "chain-1000", "sslkit"),
    ("Chain assembly, 10,000-cert pool", "chain-10000", "sslkit"),
    ("Decrypt key, scrypt N=2^14", "decrypt-scrypt", "sslkit"),
    ("Decrypt key, PBKDF2 600k", "decrypt-pbkdf2", "sslkit"),
]


def fmt(us):
    if us is None:
        return "—"
    if us >= 1000:
        return f"{us / 1000:.1f} ms" if us < 100_000 else f"{us / 1000:.0f} ms"
    return f"{us:.1f} µs" if us < 100 else f"{us:.0f} µs"


def table(files):
    samples = {}
    for path in files:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        is_speed = os.path.basename(path).startswith("speed-")
        for line in text.splitlines():
            if line.startswith("S "):
                _, op, imp, *vals = line.split()
                samples.setdefault((op, imp), []).extend(float(v) for v in vals)
            elif is_speed:
                for rx, name in SPEED:
                    m = rx.match(line)
                    if m:
                        sign_s, verify_s = float(m.group(m.lastindex - 1)), float(m.group(m.lastindex))
                        samples.setdefault((f"sign-{name(m)}", "openssl"), []).append(1e6 / sign_s)
                        samples.setdefault((f"verify-{name(m)}", "openssl"), []).append(1e6 / verify_s)
    med = {k: statistics.median(v) for k, v in samples.items() if v}
    count = {k: len(v) for k, v in samples.items()}

    def cell(op, imp):
        # Key generation times are random: the quartiles too.
        v = sorted(samples.get((op, imp), []))
        if not v:
            return "—"
        if not op.startswith("keygen") or len(v) < 4:
            return fmt(med[(op, imp)])
        q = lambda f: v[round((len(v) - 1) * f)]
        return f"{fmt(med[(op, imp)])} ({q(0.25) / 1000:.0f}–{q(0.75) / 1000:.0f})"

    head = ["operation", "sslkit", "ring (same key)", "openssl", "pyca/cryptography", "sslkit ÷ best other"]
    rows = []
    for label, op, mine in ROWS:
        if (op, mine) not in med:
            continue
        ours = med[(op, mine)]
        others = {imp: med.get((op, imp)) for imp in IMPLS[1:]}
        best = min(((v, k) for k, v in others.items() if v is not None), default=None)
        ratio = f"{ours / best[0]:.2f} ({best[1]})" if best else "—"
        rows.append([label, cell(op, mine)] + [cell(op, i) for i in IMPLS[1:]] + [ratio])
    widths = [max(len(r[i]) for r in rows + [head]) for i in range(len(head))]
    line = lambda r: "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |"
    print(line(head))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        print(line(r))
    print()
    print("Key generation: median (quartiles in ms).")
    print("Medians of per-operation times (openssl: 1 / (sign/s or verify/s) of `openssl speed`, one")
    print("figure per round; key generation and decryption with openssl: one process per operation).")
    kg = [(b, count.get((f"keygen-rsa{b}", "sslkit"))) for b in (2048, 3072, 4096)]
    dec = count.get(("decrypt-scrypt", "sslkit"))
    print(
        "sslkit ÷ best other: below 1 is faster. RSA keys generated per implementation: "
        + ", ".join(f"{b} bits {n}" for b, n in kg if n)
        + (f"; decryptions per KDF: {dec}." if dec else ".")
    )
    if ("startup", "openssl") in med:
        print(f"One `openssl pkey` process reading a clear key takes {fmt(med[('startup', 'openssl')])} (included in its rows).")

    print()
    print("Targets:")
    def get(op, imp):
        return med.get((op, imp))

    for alg in ALGS:
        s, r = get(f"sign-{alg}", "sslkit"), get(f"sign-{alg}", "ring")
        if s and r:
            v = r / s
            print(f"  sign {alg}: sslkit throughput / ring's on the same key = {v:.3f} (target >= 0.95: {'met' if v >= 0.95 else 'NOT met'})")
    for alg in ALGS:
        s, o = get(f"verify-{alg}", "sslkit"), get(f"verify-{alg}", "openssl")
        if s and o:
            v = o / s
            print(f"  verify {alg}: sslkit throughput / openssl speed's = {v:.3f} (target >= 0.9: {'met' if v >= 0.9 else 'NOT met'})")
    for alg in ["rsa2048", "p256"]:
        i, r = get(f"issue-{alg}", "sslkit"), get(f"issue-{alg}", "ring-1sig")
        if i and r:
            v = i / r
            note = f" (target <= 1.3: {'met' if v <= 1.3 else 'NOT met'})" if alg == "rsa2048" else " (no target; includes the CSR's signature check)"
            print(f"  issue {alg} CA: issuance / one ring signature = {v:.2f}{note}")
    c = get("chain-10000", "sslkit")
    if c:
        print(f"  chain assembly in a 10,000-certificate pool: median {fmt(c)}")


def main():
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "keygen":
        keygen(int(sys.argv[2]), int(sys.argv[3]))
    elif cmd == "ops":
        ops(sys.argv[2], float(sys.argv[3]) if len(sys.argv) > 3 else 0.4)
    elif cmd == "table":
        table(sys.argv[2:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
