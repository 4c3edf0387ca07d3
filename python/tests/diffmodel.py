"""Why each verifier refuses a chaingen chain, predicted from the chain's params alone.

``reasons(params, who, purpose)`` is the set of reasons verifier ``who`` refuses the chain for
(empty: it accepts):

- "pyca": pyca/cryptography's x509.verification (CA/B Forum web PKI profile), as observed
  (cryptography 50);
- "openssl": ``openssl verify -x509_strict -purpose ssl<purpose>``, as observed (OpenSSL 3.0);
- "sslkit": sslkit's documented policy: pyca's, except for the decided differences listed in
  ``SSLKIT_POLICY`` (test_verify_differential.py). Where the documentation decides nothing
  (SHA-1, a leaf without AKI, a non-critical basicConstraints on a CA, a critical SAN, a leaf
  with cA TRUE, EKU on CAs, a ".a.test" dNSName constraint), sslkit is expected to do as pyca.

The pyca and OpenSSL predictions were checked against the real verifiers on some 100,000
random chains per purpose, and every run checks them again
(test_documented_causes_cover_the_oracles). The explanation of a disagreement between sslkit
and an oracle is a reason in the symmetric difference of the two sets, and only a documented
one counts (see ``explain`` in the test). Nothing here looks at a verdict or an error message.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Any, Dict, List, Optional, Set

import chaingen

Params = Dict[str, Any]
SSLKIT, PYCA, OPENSSL = "sslkit", "pyca", "openssl"

# Whether the installed pyca permits a wildcard SAN that a permitted DNS subtree holds only in
# part (*.a.test under b.a.test). pyca before 46.0.6 (CVE-2026-34073) did; the test sets this
# once per run from one targeted chain (calibrate_pyca in test_verify_differential.py).
PYCA_NC_WILDCARD_LENIENT = False

EKU_FOR = {"server": "serverAuth", "client": "clientAuth"}
# keyUsage bits that allow the purpose (sslkit's documented rule; also OpenSSL's).
KU_FOR = {"server": {"digital_signature", "key_encipherment", "key_agreement"},
          "client": {"digital_signature", "key_agreement"}}


def _is_ip(s: str) -> bool:
    try:
        ipaddress.ip_address(s)
        return True
    except ValueError:
        return False


# ----------------------------------------------------------------------------- names


def _dns_base(c: str) -> str:
    return c.lower().lstrip(".")


def dns_within(name: str, c: str) -> bool:
    """RFC 5280 dNSName subtree: "a.test" covers a.test and names below it; ".a.test" only
    names below it."""
    n, base = name.lower(), _dns_base(c)
    if c.startswith("."):
        return n.endswith("." + base)
    return n == base or n.endswith("." + base)


def wildcard_all_within(pattern: str, c: str) -> bool:
    """Every expansion of `*.R` lies in subtree `c`."""
    rest, base = pattern[2:].lower(), _dns_base(c)
    return rest == base or rest.endswith("." + base)


def wildcard_some_within(pattern: str, c: str) -> bool:
    """Some expansion of `*.R` lies in subtree `c` (e.g. `x.a.test` is one of `*.a.test`)."""
    rest = pattern[2:].lower()
    if wildcard_all_within(pattern, c):
        return True
    if c.startswith("."):
        return False
    base = c.lower()
    return base.endswith("." + rest) and base.count(".") == rest.count(".") + 1


def ip_within(addr: str, net: str) -> bool:
    a, n = ipaddress.ip_address(addr), ipaddress.ip_network(net)
    return a.version == n.version and a in n


def email_within(email: str, c: str) -> bool:
    e, c = email.lower(), c.lower()
    if "@" in c:
        return e == c
    host = e.rsplit("@", 1)[-1]
    if c.startswith("."):
        return host.endswith(c)
    return host == c


def dir_within(subject: Dict[str, Any], org: str) -> bool:
    """The subtree O=<org>: the subject's first RDN is O=<org> (our subjects put O first)."""
    return bool(subject) and subject.get("o") == org


def _family(key: str) -> str:
    return "rsa" if key.startswith("rsa") else "ec" if key.startswith("p") else key


def _looks_like_hostname(cn: Optional[str]) -> bool:
    return bool(cn) and re.fullmatch(r"[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+", cn or "") is not None


def _name_violation(kind: str, value: str, perm: List[List[str]], excl: List[List[str]],
                    who: str) -> Optional[str]:
    """The reason a SAN of form `kind` breaks the constraints, or None."""
    wildcard = kind == "dns" and value.startswith("*.")
    tag = "nc-wildcard" if wildcard else "nc-san"

    def inside(c: str, excluded: bool) -> bool:
        if kind == "dns":
            if not wildcard:
                return dns_within(value, c)
            if excluded and who != OPENSSL:
                return wildcard_some_within(value, c)
            if not excluded and who == PYCA and PYCA_NC_WILDCARD_LENIENT:
                return wildcard_some_within(value, c)
            # OpenSSL compares the wildcard as a literal string, i.e. its base.
            return wildcard_all_within(value, c)
        if kind == "ip":
            return ip_within(value, c)
        if kind == "email":
            return email_within(value, c)
        return False

    if any(inside(v, True) for t, v in excl if t == kind):
        return tag + "-excluded"
    same = [v for t, v in perm if t == kind]
    if same and not any(inside(v, False) for v in same):
        return tag + "-permitted"
    return None


def nc_reasons(params: Params, who: str) -> Set[str]:
    certs = params["certs"]
    n = len(certs) - 1
    out: Set[str] = set()
    for j, ca in enumerate(certs[:n]):
        nc = ca["nc"]
        if not nc:
            continue
        perm, excl = nc["permitted"], nc["excluded"]
        if who == PYCA and any(t == "dir" for t, _ in perm + excl):
            out.add("nc-dirname-unsupported")
        below = certs[j + 1 :]
        leading_dot = any(t == "dns" and v.startswith(".") for t, v in perm + excl)
        if (who != OPENSSL and leading_dot
                and any(t == "dns" for c in below for t, _ in c["sans"])):
            # ".a.test" is a malformed dNSName constraint (RFC 5280 defines the leading period
            # for rfc822Name and URI only); both refuse it once a DNS name below is held to it.
            out.add("nc-dns-leading-dot")
        elif (who == PYCA and leading_dot and j > 0
                and any(t == "dns" for t, _ in ca["sans"])):
            # pyca also holds the CA's own DNS SANs to it (sslkit does not: see nc-own-san).
            out.add("nc-own-san")
        for i in range(j + 1, n + 1):
            c = certs[i]
            for t, v in c["sans"]:
                r = _name_violation(t, v, perm, excl, who)
                if r:
                    out.add(r)
            subj = c["subject"]
            email = subj.get("email")
            if email and (who == OPENSSL or (who == SSLKIT and not c["sans"])):
                if _name_violation("email", email, perm, excl, who):
                    out.add("nc-subject-email-with-san" if c["sans"] else "nc-subject-email")
            if who in (SSLKIT, OPENSSL) and subj:
                if any(t == "dir" and dir_within(subj, v) for t, v in excl):
                    out.add("nc-dirname")
                dperm = [v for t, v in perm if t == "dir"]
                if dperm and not any(dir_within(subj, v) for v in dperm):
                    out.add("nc-dirname")
            if who == OPENSSL and i == n and not any(t == "dns" for t, _ in c["sans"]):
                cn = subj.get("cn")
                if _looks_like_hostname(cn) and _name_violation("dns", cn, perm, excl, who):
                    out.add("nc-cn")
        if who == PYCA and j > 0:
            # pyca also holds a (not self-issued) CA's own SANs to its own constraints.
            for t, v in ca["sans"]:
                if _name_violation(t, v, perm, excl, who):
                    out.add("nc-own-san")
    return out


def host_reasons(params: Params, who: str) -> Set[str]:
    leaf = params["certs"][-1]
    host = params["host"]
    sans = leaf["sans"]
    if _is_ip(host):
        want = ipaddress.ip_address(host)
        ok = any(t == "ip" and ipaddress.ip_address(v) == want for t, v in sans)
        return set() if ok else {"host-mismatch"}
    h = host.lower().rstrip(".")
    dns = [v.lower() for t, v in sans if t == "dns"]
    if h in dns:
        return set()
    label, _, rest = h.partition(".")
    single_label_match = False
    for v in dns:
        if v.startswith("*.") and label and rest == v[2:]:
            if "." in v[2:]:
                return set()
            single_label_match = True
    if single_label_match:
        return set() if who == PYCA else {"single-label-wildcard"}
    cn = (leaf["subject"] or {}).get("cn")
    if not dns and cn and cn.lower() == h:
        # Only the CN names the host: OpenSSL falls back to it when there is no DNS SAN.
        return set() if who == OPENSSL else {"host-only-in-cn"}
    return {"host-mismatch"}


# ----------------------------------------------------------------------------- reasons


def reasons(params: Params, who: str, purpose: str) -> Set[str]:
    """Why `who` ("sslkit", "pyca", "openssl") refuses the chain for `purpose`."""
    certs = params["certs"]
    n = len(certs) - 1
    leaf = certs[n]
    want = EKU_FOR[purpose]
    out: Set[str] = set()
    add = out.add

    if any(c["validity"] != "valid" for c in certs):
        add("time")
    if any(c["unknown_critical"] for c in certs):
        add("unknown-critical")

    for j, ca in enumerate(certs[:n]):
        if ca["bc"] in ("absent", "false"):
            add("ca-not-ca")
        if ca["bc"] == "noncritical":
            add("ca-bc-noncritical")
        if ca["bc"] in ("critical", "noncritical") and ca["pathlen"] is not None:
            if n - 1 - j > ca["pathlen"]:
                add("pathlen")
        if ca["ku"] == "no_certsign":
            add("ca-ku-no-certsign")
        if ca["ku"] == "absent" and who != SSLKIT:
            add("ca-no-ku")
        if not ca["ski"] and who != PYCA:
            add("ca-no-ski")
        if j > 0 and not ca["aki"] and who != PYCA:
            add("ca-no-aki")
        ekus = chaingen.EKU_OPTIONS[ca["eku"]]
        if ekus is not None and want not in ekus:
            if "anyEKU" not in ekus:
                add("ca-eku")
            elif who == OPENSSL:
                add("ca-eku-any")
        if ca["key"] == "rsa1024" and who != OPENSSL:
            add("ca-rsa-weak")
        if ca["key"] == "rsa2052" and who == SSLKIT:
            add("ca-rsa-not-multiple-of-8")
        if ca["key"] == "ed25519" and who == PYCA:
            add("ca-ed25519")

    # The signature on every certificate but the trust anchor's own.
    for i in range(1, n + 1):
        c, issuer = certs[i], certs[i - 1]
        if c["hash"] == "sha1" and who != OPENSSL:
            add("sha1")
        if c["hash"] == "sha512" and issuer["key"] in ("p256", "p384") and who == SSLKIT:
            add("ecdsa-sha512")
        if c["serial_zero"] and who == SSLKIT:
            add("serial-zero")

    if leaf["key"] == "rsa1024" and who == SSLKIT:
        add("leaf-rsa-weak")
    if leaf["bc"] == "true":
        if who != OPENSSL:
            add("leaf-is-ca")
        else:  # OpenSSL accepts it, but holds it to -x509_strict's CA rules
            if not leaf["ski"]:
                add("leaf-ca-no-ski")
            if leaf["ku"] == "absent":
                add("leaf-ca-no-ku")
            if not leaf["subject"]:
                add("leaf-ca-empty-subject")
    ku = chaingen.KU_OPTIONS[leaf["ku"]]
    if ku is not None:
        if "key_cert_sign" in ku and not (who == OPENSSL and leaf["bc"] == "true"):
            add("leaf-ku-certsign")
        if who != PYCA and not set(ku) & KU_FOR[purpose]:
            add("leaf-ku-purpose")
    ekus = chaingen.EKU_OPTIONS[leaf["eku"]]
    if ekus is not None and want not in ekus:
        add("leaf-eku")
    if (who == OPENSSL and leaf.get("self_issued") and (not leaf["aki"] or not leaf["ski"])
            and _family(leaf["key"]) == _family(certs[n - 1]["key"])):
        # OpenSSL flags a self-issued certificate as self-signed when its AKI cannot be told
        # apart from its SKI (one is missing) and its signature algorithm fits its own key,
        # without verifying the signature; a self-signed leaf not in the store is error 18.
        add("leaf-looks-self-signed")
    if not leaf["aki"]:
        if not leaf.get("self_issued"):
            add("leaf-no-aki")
        elif who != SSLKIT:
            add("leaf-no-aki-self-issued")
    if leaf["sans"] and leaf["san_critical"] and leaf["subject"] and who != OPENSSL:
        add("san-critical")
    if not leaf["sans"] and (who == PYCA or (who == SSLKIT and purpose == "server")):
        add("leaf-no-san")
    if purpose == "server":
        out |= host_reasons(params, who)
    out |= nc_reasons(params, who)
    return out


def features(params: Params) -> List[str]:
    """A short summary of a chain's notable choices, for reports."""
    out = []
    for c in params["certs"]:
        bits = [c["role"], c["key"], str(c["hash"])]
        for k, default in (("bc", "critical" if c["role"] != "leaf" else None), ("ku", None),
                           ("eku", "absent"), ("validity", "valid")):
            if c[k] != default:
                bits.append(f"{k}={c[k]}")
        if c["role"] != "leaf" and c["pathlen"] is not None:
            bits.append(f"pathlen={c['pathlen']}")
        for k in ("ski", "aki"):
            if not c[k] and not (k == "aki" and c["role"] == "root"):
                bits.append(f"no-{k}")
        for k in ("unknown_critical", "serial_zero", "san_critical", "self_issued"):
            if c.get(k):
                bits.append(k)
        if c["sans"]:
            bits.append("sans=" + ",".join(v for _, v in c["sans"]))
        if c["nc"]:
            bits.append(f"nc={c['nc']}")
        subj = {k: v for k, v in c["subject"].items() if v and k != "ou"} if c["subject"] else "EMPTY"
        if c["role"] == "leaf":
            bits.append(f"subject={subj}")
        out.append(" ".join(bits))
    out.append(f"host={params['host']} ({params['host_kind']})")
    return out
