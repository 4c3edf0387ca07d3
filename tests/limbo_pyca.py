#!/usr/bin/env python3
"""pyca/cryptography's verdicts on x509-limbo test cases (an oracle for tests/limbo.rs).

Usage: limbo_pyca.py SUITE.json IDS.json [--now UNIX_SECONDS] [--messages OUT.json]

SUITE.json is an x509-limbo suite file; IDS.json a JSON list of the test-case ids to verify.
Every listed case is verified once, in this one process, with cryptography.x509.verification,
and one JSON object is printed on stdout: id -> "SUCCESS", "FAILURE" or "n/a".

* SERVER: PolicyBuilder().store(Store(trusted)).time(t).build_server_verifier(DNSName or
  IPAddress).verify(peer, untrusted). A case without a peer name is "n/a" (a pyca server
  verifier always checks one).
* CLIENT: the same with build_client_verifier(); expected_peer_names are not checked.
* validation_time is RFC 3339, or null for --now (default: the current time).
* A trusted or untrusted certificate pyca cannot load is left out; an unloadable peer
  certificate, or no loadable trusted certificate, is a FAILURE.
* VerificationError is a FAILURE; any other exception (a verifier pyca cannot build for the
  case, a time it cannot read, an unexpected error) is "n/a".

--messages writes id -> pyca's message for every verdict other than SUCCESS.
"""

import argparse
import datetime
import ipaddress
import json
import sys
import warnings

from cryptography import x509
from cryptography.x509.verification import PolicyBuilder, Store, VerificationError

# pyca's messages can quote whole DSA keys; --messages keeps this much of each.
MESSAGE_CHARS = 400


def load_all(pems):
    """The certificates pyca can load, in order; the others are left out."""
    certs = []
    for pem in pems or []:
        try:
            certs.append(x509.load_pem_x509_certificate(pem.encode()))
        except Exception:
            pass
    return certs


def peer_subject(name):
    kind, value = name.get("kind"), name.get("value")
    if kind == "DNS":
        return x509.DNSName(value)
    if kind == "IP":
        return x509.IPAddress(ipaddress.ip_address(value))
    raise ValueError(f"peer name kind {kind!r} is not DNS or IP")


def validation_time(case, now):
    text = case.get("validation_time")
    if text is None:
        return now
    when = datetime.datetime.fromisoformat(text)
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.timezone.utc)
    return when


def verdict(case, now):
    """(verdict, message or None) for one case."""
    kind = case.get("validation_kind")
    if kind not in ("SERVER", "CLIENT"):
        return "n/a", f"validation_kind {kind!r}"
    try:
        when = validation_time(case, now)
    except ValueError as e:
        return "n/a", f"validation_time: {e}"
    try:
        peer = x509.load_pem_x509_certificate(case["peer_certificate"].encode())
    except Exception as e:
        return "FAILURE", f"peer certificate unreadable: {e}"
    trusted = load_all(case.get("trusted_certs"))
    untrusted = load_all(case.get("untrusted_intermediates"))
    if not trusted:
        return "FAILURE", "no trusted certificate pyca can load"
    try:
        builder = PolicyBuilder().store(Store(trusted)).time(when)
        if kind == "SERVER":
            name = case.get("expected_peer_name")
            if name is None:
                return "n/a", "no peer name (a pyca server verifier needs one)"
            verifier = builder.build_server_verifier(peer_subject(name))
        else:
            verifier = builder.build_client_verifier()
    except Exception as e:
        return "n/a", f"cannot build the verifier: {type(e).__name__}: {e}"
    try:
        verifier.verify(peer, untrusted)
    except VerificationError as e:
        return "FAILURE", str(e)
    except Exception as e:
        return "n/a", f"verify raised {type(e).__name__}: {e}"
    return "SUCCESS", None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("suite")
    ap.add_argument("ids")
    ap.add_argument("--now", type=float, help="Unix seconds used when validation_time is null")
    ap.add_argument("--messages", help="write id -> message for non-SUCCESS verdicts here")
    args = ap.parse_args()

    with open(args.suite, encoding="utf-8") as f:
        suite = json.load(f)
    with open(args.ids, encoding="utf-8") as f:
        wanted = set(json.load(f))
    utc = datetime.timezone.utc
    now = (
        datetime.datetime.fromtimestamp(args.now, tz=utc)
        if args.now is not None
        else datetime.datetime.now(tz=utc)
    )

    verdicts, messages = {}, {}
    for case in suite.get("testcases", []):
        cid = case.get("id") if isinstance(case, dict) else None
        if cid not in wanted or cid in verdicts:
            continue
        try:
            v, msg = verdict(case, now)
        except Exception as e:  # odd input: never let one case stop the others
            v, msg = "n/a", f"{type(e).__name__}: {e}"
        verdicts[cid] = v
        if msg is not None:
            messages[cid] = msg[:MESSAGE_CHARS]
    json.dump(verdicts, sys.stdout)
    sys.stdout.write("\n")
    if args.messages:
        with open(args.messages, "w", encoding="utf-8") as f:
            json.dump(messages, f)


if __name__ == "__main__":
    warnings.simplefilter("ignore")  # e.g. deprecation warnings for odd serial numbers
    main()
