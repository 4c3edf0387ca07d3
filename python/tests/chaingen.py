"""Seeded random certificate chains for the differential verification test.

A chain is root -> 0..2 intermediates -> leaf, built with pyca/cryptography's
``CertificateBuilder``. Every random choice is recorded in a plain dict (``params``), and the
chain is built from that dict alone, so a chain can be rebuilt from its params, explained from
its params, and targeted chains can be written by hand (``default_chain_params`` plus edits).

``random_chain_params(seed, index)`` draws chain ``index`` of run ``seed`` from its own
``random.Random`` (seeded with "seed:index"), so every chain is reproducible on its own.
``build_chain(params, pool)`` turns params into certificates. Keys come from a ``KeyPool``
generated once per run (RSA generation is slow); params name a key by type and pool index, so
the verdicts depend only on the params, never on the run's keys. Two features pyca's builder
refuses to make are raw DER edits of a built certificate, signed again: sha1WithRSAEncryption
and serial number 0.

The params of a certificate (``params["certs"][i]``, root first, leaf last):

- ``role``: "root", "inter" or "leaf"
- ``key``: "p256", "p384", "rsa2048", "rsa1024", "rsa2052" (not a multiple of 8), "ed25519";
  ``key_index``: which key of the pool
- ``hash``: the hash of this certificate's signature (made with its issuer's key): "sha256",
  "sha384", "sha512", "sha1" (RSA issuers only), None when the issuer's key is Ed25519
- ``bc``: basicConstraints. CAs: "critical", "noncritical" (both cA TRUE), "absent",
  "false" (cA FALSE, critical); leaves: "absent", "false", "true". ``pathlen``: None or 0..2
- ``ku``: keyUsage, a key of KU_OPTIONS; ``eku``: extendedKeyUsage, a key of EKU_OPTIONS
- ``ski`` / ``aki``: subject/authority key identifier present (keyid form)
- ``validity``: "valid", "expired", "notyet" (at the verification time T)
- ``unknown_critical``: a critical extension with a private OID nobody understands
- ``serial_zero``: serial number 0 (otherwise a positive serial derived from the subject)
- ``subject``: {"o": str|None, "cn": str|None, "email": str|None}; {} is the empty subject;
  CAs also carry a per-chain "ou" tag so that names are unique across chains
- ``sans``: [[type, value]...] with type "dns", "ip", "email"; [] means no SAN extension;
  ``san_critical``
- ``nc``: None or {"permitted": [[type, value]...], "excluded": [...]}, types "dns", "ip"
  (CIDR), "email", "dir" (an O= value: the subtree O=<value>)
- leaf only: ``self_issued``: the leaf's subject is its issuer's subject (a self-issued,
  not self-signed, end entity)

Chain-level params: ``seed``, ``index``, ``n_inter``, ``host`` (the name asked for in the
server purpose, a DNS name or an IP address literal), ``host_kind`` ("name", "wildcard",
"cn", "mismatch", "ip", "ip-mismatch").
"""

from __future__ import annotations

import copy
import datetime
import ipaddress
import random
import warnings
import zlib
from typing import Any, Dict, List, Optional, Sequence, Tuple

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID, ObjectIdentifier

Params = Dict[str, Any]

# The verification time of every chain, and the validity windows around it.
T = datetime.datetime(2025, 6, 1, 12, 0, 0, tzinfo=datetime.timezone.utc)
DAY = datetime.timedelta(days=1)

UNKNOWN_CRITICAL_OID = ObjectIdentifier("1.3.6.1.4.1.55555.7.1")

KEY_TYPES = ["p256", "p384", "rsa2048", "rsa1024", "rsa2052", "ed25519"]
POOL_SIZES = {"p256": 6, "p384": 3, "rsa2048": 3, "rsa1024": 2, "rsa2052": 1, "ed25519": 3}
# rsa2052: at least 2048 bits but not a multiple of 8.
RSA_BITS = {"rsa2048": 2048, "rsa1024": 1024, "rsa2052": 2052}

# keyUsage options: name -> the bits it asserts (None: no extension).
KU_OPTIONS: Dict[str, Optional[Tuple[str, ...]]] = {
    "absent": None,
    "certsign_crlsign": ("key_cert_sign", "crl_sign"),
    "no_certsign": ("digital_signature", "crl_sign"),
    "ds": ("digital_signature",),
    "ke": ("key_encipherment",),
    "ds_ke": ("digital_signature", "key_encipherment"),
    "ka": ("key_agreement",),
    "certsign": ("key_cert_sign",),
    "nonrep": ("content_commitment",),
}

EKU_OIDS = {
    "serverAuth": ExtendedKeyUsageOID.SERVER_AUTH,
    "clientAuth": ExtendedKeyUsageOID.CLIENT_AUTH,
    "anyEKU": ExtendedKeyUsageOID.ANY_EXTENDED_KEY_USAGE,
    "codeSigning": ExtendedKeyUsageOID.CODE_SIGNING,
    "emailProtection": ExtendedKeyUsageOID.EMAIL_PROTECTION,
}
# extendedKeyUsage options: name -> the purposes listed (None: no extension).
EKU_OPTIONS: Dict[str, Optional[Tuple[str, ...]]] = {
    "absent": None,
    "server": ("serverAuth",),
    "client": ("clientAuth",),
    "server_client": ("serverAuth", "clientAuth"),
    "any": ("anyEKU",),
    "server_any": ("serverAuth", "anyEKU"),
    "code": ("codeSigning",),
    "email": ("emailProtection",),
}

# The name universe. Leaves mostly live under a.test; constraints below refer to it.
DNS_NAMES = ["www.a.test", "a.test", "api.a.test", "x.a.test", "deep.x.a.test", "www.b.test",
             "host.other.test"]
WILDCARDS = ["*.a.test", "*.x.a.test"]
SINGLE_LABEL_WILDCARD = "*.test"
IPV4 = ["10.1.2.3", "10.9.1.1", "192.0.2.7"]
IPV6 = ["2001:db8::1", "2001:db9::5"]
EMAILS = ["user@a.test", "user@mail.a.test", "other@b.test"]
MISMATCH_HOST = "nomatch.c.test"
MISMATCH_IP = "192.0.2.99"

# Name constraint menus: each entry is one subtree list.
NC_PERMITTED = [
    [["dns", "a.test"]],
    [["dns", ".a.test"]],
    [["dns", "b.a.test"]],
    [["dns", "other.test"]],
    [["dns", "a.test"], ["dns", "b.test"]],
    [["ip", "10.0.0.0/8"]],
    [["ip", "10.0.0.0/8"], ["ip", "2001:db8::/32"]],
    [["ip", "192.0.2.0/24"]],
    [["email", "a.test"]],
    [["email", ".a.test"]],
    [["email", "user@a.test"]],
    [["dir", "Good"]],
]
NC_EXCLUDED = [
    [["dns", "x.a.test"]],
    [["dns", "b.test"]],
    [["dns", "bad.test"]],
    [["ip", "10.9.0.0/16"]],
    [["email", "b.test"]],
    [["dir", "Evil"]],
]


# ----------------------------------------------------------------------------- keys


class KeyPool:
    """A few keys of each type, generated once per run."""

    def __init__(self) -> None:
        self.keys: Dict[str, List[Any]] = {}
        for kt in KEY_TYPES:
            self.keys[kt] = [self._generate(kt) for _ in range(POOL_SIZES[kt])]

    @staticmethod
    def _generate(kt: str) -> Any:
        if kt == "p256":
            return ec.generate_private_key(ec.SECP256R1())
        if kt == "p384":
            return ec.generate_private_key(ec.SECP384R1())
        if kt == "ed25519":
            return ed25519.Ed25519PrivateKey.generate()
        return rsa.generate_private_key(public_exponent=65537, key_size=RSA_BITS[kt])

    def get(self, kt: str, index: int) -> Any:
        return self.keys[kt][index % len(self.keys[kt])]


# ----------------------------------------------------------------------------- params


def _pick(rng: random.Random, weighted: Sequence[Tuple[Any, float]]) -> Any:
    values = [v for v, _ in weighted]
    weights = [w for _, w in weighted]
    return copy.deepcopy(rng.choices(values, weights)[0])


def _hash_for(rng: random.Random, issuer_key: str) -> Optional[str]:
    if issuer_key == "ed25519":
        return None
    if issuer_key.startswith("rsa"):
        return _pick(rng, [("sha256", 79), ("sha384", 9), ("sha512", 8), ("sha1", 4)])
    return _pick(rng, [("sha256", 87.4), ("sha384", 11), ("sha512", 1.6)])


def _key_type(rng: random.Random) -> str:
    return _pick(rng, [("p256", 65.4), ("p384", 14), ("rsa2048", 17.4), ("rsa1024", 1), ("rsa2052", 0.6),
                        ("ed25519", 1.6)])


def _validity(rng: random.Random) -> str:
    return _pick(rng, [("valid", 99.3), ("expired", 0.35), ("notyet", 0.35)])


def _ca_params(rng: random.Random, role: str, tag: str, number: int) -> Params:
    bc = _pick(rng, [("critical", 98.4), ("noncritical", 0.6), ("absent", 0.5), ("false", 0.5)])
    pathlen = _pick(rng, [(None, 88), (0, 1), (1, 4), (2, 7)]) if bc in ("critical", "noncritical") else None
    nc = None
    if rng.random() < 0.06:
        nc = {"permitted": [], "excluded": []}
        r = rng.random()
        if r < 0.45:
            nc["permitted"] = _pick(rng, [(x, 1) for x in NC_PERMITTED])
        elif r < 0.75:
            nc["excluded"] = _pick(rng, [(x, 1) for x in NC_EXCLUDED])
        else:
            nc["permitted"] = _pick(rng, [(x, 1) for x in NC_PERMITTED])
            nc["excluded"] = _pick(rng, [(x, 1) for x in NC_EXCLUDED])
    sans: List[List[str]] = []
    if role == "inter" and rng.random() < 0.05:
        sans = [["dns", _pick(rng, [("ca.a.test", 1), ("ca.other.test", 1)])]]
    name = "Root" if role == "root" else f"Inter {number}"
    return {
        "role": role,
        "key": _key_type(rng),
        "hash": None,  # set once the issuer is known
        "bc": bc,
        "pathlen": pathlen,
        "ku": _pick(rng, [("certsign_crlsign", 98.3), ("absent", 1), ("no_certsign", 0.7)]),
        "eku": _pick(rng, [("absent", 96), ("server", 1.5), ("client", 0.75), ("any", 1.25), ("email", 0.5)]),
        "ski": rng.random() >= 0.01,
        "aki": (rng.random() < 0.5) if role == "root" else (rng.random() >= 0.01),
        "validity": _validity(rng),
        "unknown_critical": rng.random() < 0.005,
        "serial_zero": rng.random() < 0.008,
        "subject": {"o": _pick(rng, [("Good", 85), ("Other", 15)]), "ou": tag, "cn": f"{name} {tag}",
                    "email": None},
        "sans": sans,
        "san_critical": False,
        "nc": nc,
    }


def _leaf_sans(rng: random.Random) -> List[List[str]]:
    kind = _pick(rng, [("dns", 42), ("wildcard", 11), ("single_wildcard", 1.5), ("ip", 6),
                       ("email", 2), ("mix", 35), ("none", 2.5)])
    dns = lambda n: [["dns", d] for d in rng.sample(DNS_NAMES, n)]  # noqa: E731
    if kind == "dns":
        return dns(rng.randint(1, 3))
    if kind == "wildcard":
        out = [["dns", rng.choice(WILDCARDS)]]
        if rng.random() < 0.5:
            out.append(["dns", "a.test"])
        return out
    if kind == "single_wildcard":
        return [["dns", SINGLE_LABEL_WILDCARD]] + dns(rng.randint(0, 1))
    if kind == "ip":
        return [["ip", a] for a in rng.sample(IPV4 + IPV6, rng.randint(1, 2))]
    if kind == "email":
        return [["email", rng.choice(EMAILS)]]
    if kind == "mix":
        out = dns(rng.randint(1, 2))
        if rng.random() < 0.3:
            out.append(["dns", rng.choice(WILDCARDS)])
        if rng.random() < 0.6:
            out.append(["ip", rng.choice(IPV4 + IPV6)])
        if rng.random() < 0.4:
            out.append(["email", rng.choice(EMAILS)])
        return out
    return []


def _leaf_params(rng: random.Random) -> Params:
    sans = _leaf_sans(rng)
    dns = [v for t, v in sans if t == "dns" and not v.startswith("*")]
    cn: Optional[str] = dns[0] if dns else rng.choice(DNS_NAMES)
    email = rng.choice(EMAILS) if rng.random() < 0.08 else None
    subject: Dict[str, Any] = {"o": _pick(rng, [(None, 60), ("Good", 30), ("Evil", 5), ("Other", 5)]),
                               "cn": cn, "email": email}
    san_critical = rng.random() < 0.015
    if sans and rng.random() < 0.02:
        subject = {}
        san_critical = True
    bc = _pick(rng, [("absent", 40), ("false", 58.8), ("true", 1.2)])
    return {
        "role": "leaf",
        "key": _key_type(rng),
        "hash": None,
        "bc": bc,
        "pathlen": None,
        "ku": _pick(rng, [("ds", 49.5), ("ke", 2.5), ("ds_ke", 17), ("ka", 3), ("certsign", 0.8),
                          ("absent", 26.5), ("nonrep", 0.7)]),
        "eku": _pick(rng, [("server", 7), ("client", 1.5), ("server_client", 68.5), ("any", 1),
                           ("server_any", 2), ("code", 1), ("absent", 19)]),
        "ski": rng.random() >= 0.03,
        "aki": rng.random() >= 0.012,
        "validity": _validity(rng),
        "unknown_critical": rng.random() < 0.005,
        "serial_zero": rng.random() < 0.008,
        "subject": subject,
        "sans": sans,
        "san_critical": san_critical,
        "nc": None,
        "self_issued": rng.random() < 0.015,
    }


def _choose_host(rng: random.Random, leaf: Params) -> Tuple[str, str]:
    sans = leaf["sans"]
    dns = [v for t, v in sans if t == "dns" and not v.startswith("*")]
    wild = [v for t, v in sans if t == "dns" and v.startswith("*")]
    ips = [v for t, v in sans if t == "ip"]
    options: List[Tuple[str, float]] = [("mismatch", 0.9), ("ip-mismatch", 0.3)]
    if dns:
        options.append(("name", 60))
    if wild:
        options.append(("wildcard", 60))
    if ips:
        options.append(("ip", 40))
    cn = leaf["subject"].get("cn")
    if not any(t == "dns" for t, _ in sans) and cn and " " not in cn:
        options.append(("cn", 4))
    kind = _pick(rng, options)
    if kind == "name":
        return kind, rng.choice(dns)
    if kind == "wildcard":
        return kind, "foo" + rng.choice(wild)[1:]
    if kind == "ip":
        return kind, rng.choice(ips)
    if kind == "cn":
        return kind, leaf["subject"]["cn"]
    if kind == "ip-mismatch":
        return kind, MISMATCH_IP
    return kind, MISMATCH_HOST


def _assign_keys(rng: random.Random, certs: List[Params]) -> None:
    """Distinct keys within a chain (the pool is small; types with too few keys reuse)."""
    used: Dict[str, set] = {}
    for c in certs:
        free = [i for i in range(POOL_SIZES[c["key"]]) if i not in used.setdefault(c["key"], set())]
        c["key_index"] = rng.choice(free) if free else rng.randrange(POOL_SIZES[c["key"]])
        used[c["key"]].add(c["key_index"])


def random_chain_params(seed: int, index: int) -> Params:
    """The params of chain `index` of run `seed` (its own random.Random)."""
    rng = random.Random(f"{seed}:{index}")
    tag = f"s{seed}c{index}"
    n_inter = _pick(rng, [(0, 30), (1, 45), (2, 25)])
    certs = [_ca_params(rng, "root", tag, 0)]
    certs += [_ca_params(rng, "inter", tag, k + 1) for k in range(n_inter)]
    leaf = _leaf_params(rng)
    certs.append(leaf)
    for i, c in enumerate(certs):
        issuer = certs[max(i - 1, 0)]
        c["hash"] = _hash_for(rng, issuer["key"])
    if leaf["self_issued"]:
        leaf["subject"] = copy.deepcopy(certs[-2]["subject"])
    if not leaf["subject"] and any(c["nc"] and any(t == "dir" for t, _ in c["nc"]["permitted"] +
                                                   c["nc"]["excluded"]) for c in certs):
        # An empty subject under a directoryName constraint is a case RFC 5280 leaves open:
        # this chain gets an ordinary subject instead.
        dns = [v for t, v in leaf["sans"] if t == "dns" and not v.startswith("*")]
        leaf["subject"] = {"o": None, "cn": dns[0] if dns else DNS_NAMES[0], "email": None}
        leaf["san_critical"] = False
    _assign_keys(rng, certs)
    host_kind, host = _choose_host(rng, leaf)
    return {"seed": seed, "index": index, "n_inter": n_inter, "certs": certs,
            "host": host, "host_kind": host_kind}


def default_cert_params(role: str, tag: str = "t", number: int = 0) -> Params:
    """A valid certificate of `role`, for hand-written targeted chains."""
    p: Params = {
        "role": role, "key": "p256", "key_index": number, "hash": "sha256",
        "bc": "critical" if role != "leaf" else "false", "pathlen": None,
        "ku": "certsign_crlsign" if role != "leaf" else "ds",
        "eku": "absent" if role != "leaf" else "server_client",
        "ski": True, "aki": role != "root", "validity": "valid", "unknown_critical": False,
        "serial_zero": False, "sans": [], "san_critical": False, "nc": None,
    }
    if role == "leaf":
        p["subject"] = {"o": None, "cn": "www.a.test", "email": None}
        p["sans"] = [["dns", "www.a.test"]]
        p["self_issued"] = False
    else:
        name = "Root" if role == "root" else f"Inter {number}"
        p["subject"] = {"o": "Good", "ou": tag, "cn": f"{name} {tag}", "email": None}
    return p


def default_chain_params(n_inter: int = 1, tag: str = "t", host: str = "www.a.test") -> Params:
    """A chain every verifier accepts; edit it to build a targeted chain."""
    certs = [default_cert_params("root", tag, 0)]
    certs += [default_cert_params("inter", tag, k + 1) for k in range(n_inter)]
    certs.append(default_cert_params("leaf", tag, n_inter + 1))
    kind = "ip" if _is_ip(host) else "name"
    return {"seed": None, "index": tag, "n_inter": n_inter, "certs": certs, "host": host,
            "host_kind": kind}


# ----------------------------------------------------------------------------- building


def _is_ip(s: str) -> bool:
    try:
        ipaddress.ip_address(s)
        return True
    except ValueError:
        return False


def subject_name(subject: Dict[str, Any]) -> x509.Name:
    attrs = []
    if subject.get("o"):
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, subject["o"]))
    if subject.get("ou"):
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, subject["ou"]))
    if subject.get("cn"):
        attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, subject["cn"]))
    if subject.get("email"):
        attrs.append(x509.NameAttribute(NameOID.EMAIL_ADDRESS, subject["email"]))
    return x509.Name(attrs)


def _general_name(kind: str, value: str, constraint: bool) -> x509.GeneralName:
    if kind == "dns":
        return x509.DNSName(value)
    if kind == "ip":
        return x509.IPAddress(ipaddress.ip_network(value) if constraint else ipaddress.ip_address(value))
    if kind == "email":
        return x509.RFC822Name(value)
    if kind == "dir":
        return x509.DirectoryName(x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, value)]))
    raise ValueError(kind)


def _validity_window(p: Params) -> Tuple[datetime.datetime, datetime.datetime]:
    leaf = p["role"] == "leaf"
    if p["validity"] == "expired":
        return T - 400 * DAY, T - DAY
    if p["validity"] == "notyet":
        return T + DAY, T + 400 * DAY
    return (T - 10 * DAY, T + 80 * DAY) if leaf else (T - 1000 * DAY, T + 3000 * DAY)


_HASHES = {"sha256": hashes.SHA256, "sha384": hashes.SHA384, "sha512": hashes.SHA512,
           "sha1": hashes.SHA1}


def _serial(p: Params, position: int) -> int:
    if p["serial_zero"]:
        return 1  # made 0 by a DER edit (pyca's builder refuses 0)
    # Deterministic (not Python's salted hash), positive, distinct within a chain.
    return 0x1000 + position + zlib.crc32(repr(p["subject"]).encode()) * 16


def build_cert(p: Params, position: int, issuer: Optional[Params], pool: KeyPool) -> x509.Certificate:
    key = pool.get(p["key"], p["key_index"])
    ikey = key if issuer is None else pool.get(issuer["key"], issuer["key_index"])
    subject = subject_name(p["subject"])
    issuer_name = subject if issuer is None else subject_name(issuer["subject"])
    nb, na = _validity_window(p)
    b = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer_name)
         .public_key(key.public_key()).serial_number(_serial(p, position))
         .not_valid_before(nb).not_valid_after(na))
    # basicConstraints
    bc = p["bc"]
    if p["role"] == "leaf":
        if bc == "false":
            b = b.add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        elif bc == "true":
            b = b.add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
    else:
        if bc in ("critical", "noncritical"):
            b = b.add_extension(x509.BasicConstraints(ca=True, path_length=p["pathlen"]),
                                critical=bc == "critical")
        elif bc == "false":
            b = b.add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
    # keyUsage
    bits = KU_OPTIONS[p["ku"]]
    if bits is not None:
        names = ["digital_signature", "content_commitment", "key_encipherment", "data_encipherment",
                 "key_agreement", "key_cert_sign", "crl_sign", "encipher_only", "decipher_only"]
        kw = {n: (n in bits) for n in names}
        b = b.add_extension(x509.KeyUsage(**kw), critical=True)
    # extendedKeyUsage
    ekus = EKU_OPTIONS[p["eku"]]
    if ekus is not None:
        b = b.add_extension(x509.ExtendedKeyUsage([EKU_OIDS[e] for e in ekus]), critical=False)
    if p["ski"]:
        b = b.add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    if p["aki"]:
        b = b.add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ikey.public_key()),
                            critical=False)
    if p["sans"]:
        b = b.add_extension(
            x509.SubjectAlternativeName([_general_name(t, v, False) for t, v in p["sans"]]),
            critical=p["san_critical"])
    if p["nc"]:
        perm = [_general_name(t, v, True) for t, v in p["nc"]["permitted"]] or None
        excl = [_general_name(t, v, True) for t, v in p["nc"]["excluded"]] or None
        b = b.add_extension(x509.NameConstraints(permitted_subtrees=perm, excluded_subtrees=excl),
                            critical=True)
    if p["unknown_critical"]:
        b = b.add_extension(x509.UnrecognizedExtension(UNKNOWN_CRITICAL_OID, b"\x05\x00"), critical=True)
    if p["hash"] == "sha1" or p["serial_zero"]:
        # pyca signs neither SHA-1 nor serial 0: build it with SHA-256 / serial 1, then edit.
        built_hash = "sha256" if p["hash"] == "sha1" else p["hash"]
        cert = b.sign(ikey, None if built_hash is None else _HASHES[built_hash]())
        return _edit_and_resign(cert, ikey, p["hash"], p["serial_zero"])
    algorithm = None if p["hash"] is None else _HASHES[p["hash"]]()
    return b.sign(ikey, algorithm)


# sha256WithRSAEncryption and sha1WithRSAEncryption AlgorithmIdentifiers (NULL parameters).
_ALG_RSA_SHA256 = bytes.fromhex("300d06092a864886f70d01010b0500")
_ALG_RSA_SHA1 = bytes.fromhex("300d06092a864886f70d0101050500")
# The start of a v3 TBSCertificate's body: version [0] INTEGER 2, then serial INTEGER 1.
_V3_SERIAL_1 = bytes.fromhex("a003020102020101")
_V3_SERIAL_0 = bytes.fromhex("a003020102020100")


def _der_len(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def _tlv_end(der: bytes, pos: int) -> int:
    """The offset just past the DER element starting at `pos`."""
    n = der[pos + 1]
    if n < 0x80:
        return pos + 2 + n
    k = n & 0x7F
    return pos + 2 + k + int.from_bytes(der[pos + 2 : pos + 2 + k], "big")


def _edit_and_resign(cert: x509.Certificate, ikey: Any, hash_name: Optional[str],
                     serial_zero: bool) -> x509.Certificate:
    """Raw DER edits pyca's builder refuses to make: serial 0 (built as 1: the same length) and
    sha1WithRSAEncryption (built as sha256WithRSAEncryption: the same length); the edited TBS
    is signed again with the issuer's key."""
    from cryptography.hazmat.primitives.asymmetric import padding

    der = cert.public_bytes(serialization.Encoding.DER)
    tbs = cert.tbs_certificate_bytes
    tbs_start = der.index(tbs)
    alg = der[tbs_start + len(tbs) : _tlv_end(der, tbs_start + len(tbs))]
    if serial_zero:
        hdr = 2 if tbs[1] < 0x80 else 2 + (tbs[1] & 0x7F)
        assert tbs[hdr : hdr + len(_V3_SERIAL_1)] == _V3_SERIAL_1, "expected a v3 TBS with serial 1"
        tbs = tbs[:hdr] + _V3_SERIAL_0 + tbs[hdr + len(_V3_SERIAL_1) :]
    if hash_name == "sha1":
        assert tbs.count(_ALG_RSA_SHA256) == 1 and alg == _ALG_RSA_SHA256
        tbs = tbs.replace(_ALG_RSA_SHA256, _ALG_RSA_SHA1)
        alg = _ALG_RSA_SHA1
    h = None if hash_name is None else _HASHES[hash_name]()
    if isinstance(ikey, rsa.RSAPrivateKey):
        sig = ikey.sign(tbs, padding.PKCS1v15(), h)
    elif isinstance(ikey, ec.EllipticCurvePrivateKey):
        sig = ikey.sign(tbs, ec.ECDSA(h))
    else:
        sig = ikey.sign(tbs)
    bitstring = b"\x03" + _der_len(len(sig) + 1) + b"\x00" + sig
    body = tbs + alg + bitstring
    with warnings.catch_warnings():  # pyca warns when it parses serial 0: that is the point
        warnings.simplefilter("ignore")
        return x509.load_der_x509_certificate(b"\x30" + _der_len(len(body)) + body)


def build_chain(params: Params, pool: KeyPool) -> List[x509.Certificate]:
    """[root, intermediates..., leaf], built from `params` only."""
    certs = params["certs"]
    out = []
    for i, p in enumerate(certs):
        out.append(build_cert(p, i, certs[i - 1] if i else None, pool))
    return out
