"""Differential test of sslkit.verify_chain against pyca/cryptography's verifier and
`openssl verify -x509_strict`, on thousands of random chains (chaingen.py).

Every chain is verified for the server purpose (with a host name) and the client purpose by all
three. Each disagreement between sslkit and an oracle must be explained by a documented cause:
a policy difference that the chain really has, decided from the chain's recorded params only
(diffmodel.py predicts why each verifier refuses a chain; `explain` below picks the documented
difference). Disagreements nothing explains fail the test, listed with their params and both
error messages.

    SSLKIT_DIFF_CHAINS=2000 SSLKIT_DIFF_SEED=20250601 \
        .venv/bin/python -m pytest -q -s python/tests/test_verify_differential.py

-s shows the table also when the tests pass. A single chain: `python
python/tests/diffverdicts.py SEED INDEX`. OpenSSL verifies every chain: one `openssl verify`
process per (purpose, host name) group of up to 250 chains, two at a time; without the openssl
command its tests say SKIPPED (fail with SSLKIT_REQUIRE_OPENSSL=1). pyca is required.
"""

from __future__ import annotations

import collections
import json
import os
import sys
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import cryptography  # noqa: E402  (pyca is a hard requirement of the Python tests)

import chaingen  # noqa: E402
import diffmodel  # noqa: E402
from conftest import need_openssl  # noqa: E402
import diffverdicts  # noqa: E402
import sslkit  # noqa: E402
from diffmodel import OPENSSL, PYCA, SSLKIT  # noqa: E402

N_CHAINS = int(os.environ.get("SSLKIT_DIFF_CHAINS", "2000"))
SEED = int(os.environ.get("SSLKIT_DIFF_SEED", "20250601"))

Params = Dict[str, Any]

# ----------------------------------------------------------------------------- causes

# sslkit's decided policy where it differs from pyca. Each is a reason of diffmodel.reasons
# that sslkit has and pyca lacks (sslkit refuses, pyca accepts) or the other way round.
SSLKIT_POLICY: Dict[str, str] = {
    "leaf-rsa-below-2048": "sslkit refuses a leaf RSA key below 2048 bits (pyca does not check leaf keys)",
    "ca-rsa-size": "CA RSA keys must be at least 2048 bits and a multiple of 8 (pyca and OpenSSL "
                   "accept a 2052-bit CA key; pyca refuses RSA-1024 CAs too, OpenSSL does not: "
                   "openssl:no-rsa-size-floor)",
    "ca-ed25519": "sslkit accepts Ed25519 CA keys (pyca refuses Ed25519 on issuers)",
    "leaf-ku-purpose": "leaf keyUsage, when present, must allow the purpose (server: digitalSignature, "
                       "keyEncipherment or keyAgreement; client: digitalSignature or keyAgreement); "
                       "pyca only refuses keyCertSign",
    "client-no-san": "client purpose: sslkit does not require a subjectAltName on the leaf (pyca does)",
    "ca-needs-ski": "a CA certificate must carry a subjectKeyIdentifier (pyca does not require it)",
    "ca-needs-aki": "a CA certificate that is not self-issued must carry an authorityKeyIdentifier "
                    "(pyca does not require it on CAs)",
    "ca-without-ku": "a CA certificate without keyUsage is accepted (pyca, and OpenSSL -x509_strict, "
                     "require keyUsage on CAs)",
    "self-issued-leaf-without-aki": "a self-issued leaf without authorityKeyIdentifier is accepted "
                                    "(pyca, and OpenSSL -x509_strict, require it)",
    "nc-not-on-own-sans": "name constraints are not applied to the constraining CA's own "
                          "subjectAltNames (pyca applies them to a non-self-issued CA's own SANs)",
    "nc-wildcard-inside-permitted": "a wildcard SAN under a permitted DNS constraint must lie "
                                    "entirely inside it (*.a.test is not permitted by b.a.test; "
                                    "pyca before 46.0.6 permitted it)",
    "wildcard-single-label": "a wildcard *.<single label> never matches a host (pyca matches *.test "
                             "to x.test)",
    "nc-email-on-subject": "rfc822Name constraints apply to the subject's emailAddress when the "
                           "certificate has no SAN extension (pyca looks only at SANs; as pyca "
                           "also requires a SAN on every leaf, this never decides a disagreement "
                           "with pyca 50)",
    "nc-dirname-on-subject": "directoryName constraints apply to the subject DN (pyca refuses "
                             "every chain with a directoryName constraint as unsupported)",
    "ecdsa-sha512": "ecdsa-with-SHA512 signatures are refused (sslkit's crypto backend cannot "
                    "verify them; pyca and OpenSSL accept them)",
    "serial-zero": "a serial number of zero is refused except on the trust anchor (pyca and "
                   "OpenSSL accept zero)",
}

# OpenSSL 3.0's `verify -x509_strict` where it differs from sslkit's policy (pyca's, with the
# differences above). Each was observed on random chains and is confirmed by a targeted chain in
# test_documented_causes_hold (TARGETED below).
OPENSSL_DIFFERENCES: Dict[str, str] = {
    "openssl:no-rsa-size-floor": "OpenSSL's verify enforces no security level by default, so RSA-1024 "
                                 "keys pass on CAs and leaves",
    "openssl:accepts-sha1": "OpenSSL accepts sha1WithRSAEncryption signatures (pyca and sslkit's "
                            "policy refuse SHA-1)",
    "openssl:leaf-ca-true": "OpenSSL accepts a leaf whose basicConstraints says cA TRUE "
                            "(pyca refuses it)",
    "openssl:critical-san": "OpenSSL accepts a critical subjectAltName beside a non-empty subject "
                            "(pyca refuses it)",
    "openssl:cn-fallback": "OpenSSL matches the host name against the subject CN when the leaf has "
                           "no DNS SAN (so a server leaf with no SAN at all can pass)",
    "openssl:nc-wildcard-literal": "OpenSSL compares a wildcard SAN with excluded DNS subtrees as a "
                                   "literal name, so *.a.test passes an excluded x.a.test",
    "openssl:nc-dns-leading-dot": "OpenSSL accepts a dNSName constraint with a leading dot (.a.test); "
                                  "pyca refuses it as malformed and sslkit's policy does not "
                                  "decide it, so sslkit is expected to follow pyca",
    "openssl:ca-anyeku-not-enough": "OpenSSL refuses a CA (the root included) whose "
                                    "extendedKeyUsage has anyExtendedKeyUsage but not the "
                                    "purpose's EKU (pyca accepts anyEKU on CAs)",
    "openssl:self-issued-leaf-taken-as-self-signed": "OpenSSL takes a self-issued leaf that lacks "
                                                     "an AKI or SKI, signed with its own key type, "
                                                     "for self-signed without checking the "
                                                     "signature, and refuses it (error 18)",
    "openssl:nc-on-cn": "OpenSSL holds a hostname-like subject CN to DNS name constraints when the "
                        "leaf has no DNS SAN",
    "openssl:nc-email-on-subject-always": "OpenSSL holds the subject's emailAddress to rfc822Name "
                                          "constraints even when the certificate has a SAN",
}

CAUSES: Dict[str, str] = {**SSLKIT_POLICY, **OPENSSL_DIFFERENCES}

# diffmodel reason -> cause, per oracle: the reasons that may differ between sslkit's policy
# and that oracle. A reason not listed here that differs means an undocumented difference.
REASON_CAUSE: Dict[str, Dict[str, str]] = {
    PYCA: {
        "leaf-rsa-weak": "leaf-rsa-below-2048",
        "ca-rsa-not-multiple-of-8": "ca-rsa-size",
        "ca-ed25519": "ca-ed25519",
        "leaf-ku-purpose": "leaf-ku-purpose",
        "leaf-no-san": "client-no-san",  # differs for the client purpose only
        "ca-no-ski": "ca-needs-ski",
        "ca-no-aki": "ca-needs-aki",
        "ca-no-ku": "ca-without-ku",
        "leaf-no-aki-self-issued": "self-issued-leaf-without-aki",
        "nc-own-san": "nc-not-on-own-sans",
        "nc-wildcard-permitted": "nc-wildcard-inside-permitted",  # only an old pyca differs
        "single-label-wildcard": "wildcard-single-label",
        "nc-subject-email": "nc-email-on-subject",
        "nc-dirname": "nc-dirname-on-subject",
        "nc-dirname-unsupported": "nc-dirname-on-subject",
        "ecdsa-sha512": "ecdsa-sha512",
        "serial-zero": "serial-zero",
    },
    OPENSSL: {
        "leaf-rsa-weak": "openssl:no-rsa-size-floor",
        "ca-rsa-weak": "openssl:no-rsa-size-floor",
        "ca-rsa-not-multiple-of-8": "ca-rsa-size",
        "sha1": "openssl:accepts-sha1",
        "ecdsa-sha512": "ecdsa-sha512",
        "serial-zero": "serial-zero",
        "leaf-is-ca": "openssl:leaf-ca-true",
        "san-critical": "openssl:critical-san",
        "host-only-in-cn": "openssl:cn-fallback",
        "nc-wildcard-excluded": "openssl:nc-wildcard-literal",
        "nc-dns-leading-dot": "openssl:nc-dns-leading-dot",
        "ca-no-ku": "ca-without-ku",
        "ca-eku-any": "openssl:ca-anyeku-not-enough",
        "leaf-no-aki-self-issued": "self-issued-leaf-without-aki",
        "leaf-looks-self-signed": "openssl:self-issued-leaf-taken-as-self-signed",
        "nc-cn": "openssl:nc-on-cn",
        "nc-subject-email-with-san": "openssl:nc-email-on-subject-always",
    },
}


def explain(params: Params, oracle: str, purpose: str, sslkit_ok: bool, other_ok: bool) -> Optional[str]:
    """The documented cause of a disagreement between sslkit and `oracle`, or None.

    Driven by the chain's params only: diffmodel predicts why sslkit's policy and the oracle
    refuse the chain. When sslkit refuses and the oracle accepts, the cause is a documented
    reason sslkit's policy has and the oracle lacks. When sslkit accepts and the oracle refuses,
    sslkit's policy must have no reason to refuse (otherwise sslkit let something through) and
    every reason the oracle has must be a documented difference."""
    if sslkit_ok == other_ok:
        return None
    table = REASON_CAUSE[oracle]
    mine = diffmodel.reasons(params, SSLKIT, purpose)
    theirs = diffmodel.reasons(params, oracle, purpose)
    if not sslkit_ok:
        causes = {table[r] for r in mine - theirs if r in table}
    elif mine or not theirs or not all(r in table for r in theirs):
        return None
    else:
        causes = {table[r] for r in theirs}
    # Several documented differences at once: each alone would explain it.
    return " + ".join(sorted(causes)) or None


# ----------------------------------------------------------------------------- running


def calibrate_pyca(pool: chaingen.KeyPool) -> bool:
    """Sets diffmodel.PYCA_NC_WILDCARD_LENIENT from pyca's verdict on one targeted chain:
    a leaf *.a.test under a permitted subtree b.a.test (a property of the pyca version)."""
    p = chaingen.default_chain_params(1, tag="calibrate", host="b.a.test")
    p["certs"][1]["nc"] = {"permitted": [["dns", "b.a.test"]], "excluded": []}
    p["certs"][-1]["sans"] = [["dns", "*.a.test"]]
    ok, _ = diffverdicts.pyca_verdict(chaingen.build_chain(p, pool), p["host"], "server")
    diffmodel.PYCA_NC_WILDCARD_LENIENT = ok
    return ok


class Run:
    """All verdicts of one run: results[(index, purpose, who)] = (accepted, message)."""

    def __init__(self, n: int, seed: int) -> None:
        start = time.monotonic()
        self.n, self.seed = n, seed
        self.new_api = diffverdicts.sslkit_has_purpose()
        self.pool = chaingen.KeyPool()
        self.pyca_wildcard_lenient = calibrate_pyca(self.pool)
        self.params = [chaingen.random_chain_params(seed, i) for i in range(n)]
        chains = [chaingen.build_chain(p, self.pool) for p in self.params]
        self.timing: Dict[str, float] = {"generate": time.monotonic() - start}
        self.purposes = list(diffverdicts.PURPOSES) if self.new_api else ["server"]
        self.results: Dict[Tuple[int, str, str], diffverdicts.Verdict] = {}
        t = time.monotonic()
        for i, (p, chain) in enumerate(zip(self.params, chains)):
            for purpose in diffverdicts.PURPOSES:
                host = p["host"] if purpose == "server" else None
                self.results[(i, purpose, PYCA)] = diffverdicts.pyca_verdict(chain, host, purpose)
            for purpose in self.purposes:
                host = p["host"] if purpose == "server" else None
                self.results[(i, purpose, SSLKIT)] = diffverdicts.sslkit_verdict(chain, host, purpose,
                                                                                self.new_api)
        self.timing["pyca+sslkit"] = time.monotonic() - t
        self.openssl = diffverdicts.have_openssl()
        if self.openssl:
            t = time.monotonic()
            for purpose in diffverdicts.PURPOSES:
                jobs = [(i, chains[i], self.params[i]["host"]) for i in range(n)]
                for i, v in diffverdicts.openssl_verdicts(jobs, purpose).items():
                    self.results[(i, purpose, OPENSSL)] = v
            self.timing["openssl"] = time.monotonic() - t

    def compare(self, oracle: str) -> "Comparison":
        return Comparison(self, oracle)


class Comparison:
    def __init__(self, run: Run, oracle: str) -> None:
        self.run, self.oracle = run, oracle
        self.rows: Dict[str, Dict[str, int]] = {}
        self.by_cause: collections.Counter = collections.Counter()
        self.unexplained: List[Dict[str, Any]] = []
        self.model_misses: collections.Counter = collections.Counter()
        for purpose in run.purposes:
            row = {"compared": 0, "agree": 0, "both accept": 0, "explained": 0, "unexplained": 0}
            for i, p in enumerate(run.params):
                ok_s, msg_s = run.results[(i, purpose, SSLKIT)]
                ok_o, msg_o = run.results[(i, purpose, oracle)]
                row["compared"] += 1
                predicted = not diffmodel.reasons(p, oracle, purpose)
                if predicted != ok_o:
                    self.model_misses[(purpose, ok_o)] += 1
                if ok_s == ok_o:
                    row["agree"] += 1
                    row["both accept"] += ok_s
                    continue
                cause = explain(p, oracle, purpose, ok_s, ok_o)
                direction = "sslkit refuses" if not ok_s else "sslkit accepts"
                if cause:
                    row["explained"] += 1
                    self.by_cause[(cause, purpose, direction)] += 1
                else:
                    row["unexplained"] += 1
                    self.unexplained.append({
                        "chain": f"{run.seed}:{i}", "purpose": purpose, "direction": direction,
                        "sslkit": msg_s or "accepted", oracle: msg_o or "accepted",
                        "sslkit policy reasons": sorted(diffmodel.reasons(p, SSLKIT, purpose)),
                        f"{oracle} reasons": sorted(diffmodel.reasons(p, oracle, purpose)),
                        "params": p,
                    })
            self.rows[purpose] = row

    def table(self) -> str:
        r = self.run
        out = [f"sslkit vs {self.oracle}: {r.n} chains, seed {r.seed}; sslkit {sslkit.__version__} "
               f"(purpose= {'yes' if r.new_api else 'no: server only, old signature'}), "
               f"pyca {cryptography.__version__}"
               + (" (permits *.a.test under b.a.test)" if r.pyca_wildcard_lenient else "")
               + (f", {diffverdicts.openssl_version()}" if r.openssl else "")]
        out.append(f"  timing: " + ", ".join(f"{k} {v:.1f}s" for k, v in r.timing.items()))
        out.append(f"  {'purpose':8} {'compared':>9} {'agree':>7} {'(both ok)':>10} {'explained':>10} "
                   f"{'UNEXPLAINED':>12}")
        for purpose, row in self.rows.items():
            out.append(f"  {purpose:8} {row['compared']:>9} {row['agree']:>7} {row['both accept']:>10} "
                       f"{row['explained']:>10} {row['unexplained']:>12}")
        if not r.new_api:
            out.append("  client   not compared: this sslkit.verify_chain takes no purpose=")
        if self.by_cause:
            out.append("  disagreements by cause:")
            for (cause, purpose, direction), n in sorted(self.by_cause.items()):
                out.append(f"    {n:5}  {purpose:6}  {direction:14}  {cause}")
        if self.model_misses:
            out.append(f"  NOTE: diffmodel mispredicted {self.oracle} on "
                       f"{sum(self.model_misses.values())} verdicts {dict(self.model_misses)}: "
                       f"its documented behaviour is out of date")
        if self.unexplained:
            groups: collections.Counter = collections.Counter()
            for u in self.unexplained:
                for why in self.why(u):
                    groups[(u["purpose"], u["direction"], why)] += 1
            out.append("  UNEXPLAINED, by what the params predict (a disagreement with several "
                       "reasons counts under each):")
            for (purpose, direction, why), n in sorted(groups.items(), key=lambda kv: (-kv[1], kv[0])):
                out.append(f"    {n:5}  {purpose:6}  {direction:14}  {why}")
        return "\n".join(out)

    def why(self, u: Dict[str, Any]) -> List[str]:
        """What the params say about an unexplained disagreement (diffmodel's reasons)."""
        mine = set(u["sslkit policy reasons"])
        theirs = set(u[f"{self.oracle} reasons"])
        documented = REASON_CAUSE[self.oracle]
        if u["direction"] == "sslkit accepts":
            if mine:
                return [f"sslkit's policy refuses: {r}" for r in sorted(mine)]
            return [f"{self.oracle} refuses for an undocumented reason: {r}"
                    for r in sorted(theirs - set(documented))] or [f"{self.oracle} refuses, no reason predicted"]
        if not mine:
            return ["sslkit's policy accepts (sslkit refused anyway)"]
        return [f"{self.oracle} was predicted to refuse too: {r}" for r in sorted(mine & theirs)]

    def details(self, limit_json: int = 5) -> str:
        out = []
        for k, u in enumerate(self.unexplained):
            out.append(f"- chain {u['chain']} {u['purpose']}: {u['direction']}, {self.oracle} "
                       f"{'accepts' if u['direction'] == 'sslkit refuses' else 'refuses'}")
            out.append(f"    sslkit:  {u['sslkit']}")
            out.append(f"    {self.oracle}: {u[self.oracle]}")
            out.append(f"    predicted: sslkit policy {u['sslkit policy reasons']}, {self.oracle} "
                       f"{u[self.oracle + ' reasons']}")
            for line in diffmodel.features(u["params"]):
                out.append(f"      {line}")
            if k < limit_json:
                out.append(f"    params: {json.dumps(u['params'], sort_keys=True)}")
        return "\n".join(out)


@pytest.fixture(scope="module")
def run() -> Run:
    return Run(N_CHAINS, SEED)


def _report(comparison: Comparison, tmp_path_factory: Any, capsys: Any) -> None:
    table = comparison.table()
    with capsys.disabled():  # the table is shown whether the test passes or not
        print("\n" + table, flush=True)
    if comparison.unexplained:
        path = tmp_path_factory.mktemp("verify-diff") / f"unexplained-{comparison.oracle}.json"
        path.write_text(json.dumps(comparison.unexplained, indent=1, sort_keys=True))
        pytest.fail(f"{len(comparison.unexplained)} disagreements between sslkit and "
                    f"{comparison.oracle} that no documented cause explains (all params: {path}; "
                    f"one chain: python python/tests/diffverdicts.py SEED INDEX)\n{table}\n"
                    f"{comparison.details()}", pytrace=False)


def test_sslkit_vs_pyca(run: Run, tmp_path_factory: Any, capsys: Any) -> None:
    _report(run.compare(PYCA), tmp_path_factory, capsys)


def test_sslkit_vs_openssl(run: Run, tmp_path_factory: Any, capsys: Any) -> None:
    if not run.openssl:
        need_openssl()  # SKIPPED (or a failure with SSLKIT_REQUIRE_OPENSSL=1)
    _report(run.compare(OPENSSL), tmp_path_factory, capsys)


def test_documented_causes_cover_the_oracles(run: Run) -> None:
    """A check of the harness, not of sslkit: an sslkit that followed its documented policy
    exactly (diffmodel's prediction) would disagree with the oracles, on this run's chains and
    for both purposes, only where a documented cause explains it; and diffmodel predicts the
    oracles' verdicts."""
    oracles = [PYCA] + ([OPENSSL] if run.openssl else [])
    bad = []
    for oracle in oracles:
        for purpose in diffverdicts.PURPOSES:
            for i, p in enumerate(run.params):
                ok_o, msg = run.results[(i, purpose, oracle)]
                if ok_o != (not diffmodel.reasons(p, oracle, purpose)):
                    bad.append(f"{oracle} {purpose} chain {run.seed}:{i}: diffmodel mispredicts "
                               f"({'accepted' if ok_o else msg})")
                ideal = not diffmodel.reasons(p, SSLKIT, purpose)
                if ideal != ok_o and explain(p, oracle, purpose, ideal, ok_o) is None:
                    bad.append(f"{oracle} {purpose} chain {run.seed}:{i}: no documented cause")
    assert not bad, "\n".join(bad[:50])


def test_runtime(run: Run) -> None:
    total = sum(run.timing.values())
    print(f"\ndifferential run: {run.n} chains in {total:.1f}s {run.timing}")
    assert total < 90 * max(1, run.n / 2000), f"the differential run took {total:.0f}s"


def test_deterministic() -> None:
    a = [chaingen.random_chain_params(SEED, i) for i in range(50)]
    b = [chaingen.random_chain_params(SEED, i) for i in range(50)]
    assert a == b
    pool = chaingen.KeyPool()
    # The same params give the same certificate contents (signatures aside).
    p = a[7]
    one = [c.tbs_certificate_bytes for c in chaingen.build_chain(p, pool)]
    two = [c.tbs_certificate_bytes for c in chaingen.build_chain(p, pool)]
    assert one == two


def test_invalid_share() -> None:
    """Invalid features stay rare enough that most chains verify (15-40% invalid by pyca)."""
    params = [chaingen.random_chain_params(SEED, i) for i in range(1000)]
    invalid = sum(bool(diffmodel.reasons(p, PYCA, "server")) for p in params) / len(params)
    assert 0.15 <= invalid <= 0.40, invalid


# ----------------------------------------------------------------------------- targeted chains


def _leaf(p: Params) -> Params:
    return p["certs"][-1]


def _inter(p: Params) -> Params:
    return p["certs"][1]


def _root(p: Params) -> Params:
    return p["certs"][0]


def _self_issued(p: Params) -> None:
    _leaf(p)["self_issued"] = True
    _leaf(p)["subject"] = dict(p["certs"][-2]["subject"])


def _nc(which: Callable[[Params], Params], perm: List[List[str]] = [], excl: List[List[str]] = []):  # noqa: B006
    return lambda p: which(p).update(nc={"permitted": perm, "excluded": excl})


def _edits(*fs: Callable[[Params], Any]) -> Callable[[Params], None]:
    def f(p: Params) -> None:
        for g in fs:
            g(p)
    return f


def _set(which: Callable[[Params], Params], **kw: Any) -> Callable[[Params], None]:
    return lambda p: which(p).update(kw)


def _host(h: str) -> Callable[[Params], None]:
    return lambda p: p.update(host=h)


# cause -> (oracle, purpose, edit of chaingen.default_chain_params(1)): a small chain that has
# the cause's feature and nothing else unusual.
TARGETED: Dict[str, Tuple[str, str, Callable[[Params], None]]] = {
    "leaf-rsa-below-2048": (PYCA, "server", _set(_leaf, key="rsa1024")),
    "ca-rsa-size": (PYCA, "server", _set(_inter, key="rsa2052", key_index=0)),
    "ca-ed25519": (PYCA, "server", _edits(_set(_inter, key="ed25519"), _set(_leaf, hash=None))),
    "leaf-ku-purpose": (PYCA, "client", _set(_leaf, ku="ke")),
    "client-no-san": (PYCA, "client", _set(_leaf, sans=[])),
    "ca-needs-ski": (PYCA, "server", _set(_root, ski=False)),
    "ca-needs-aki": (PYCA, "server", _set(_inter, aki=False)),
    "ca-without-ku": (PYCA, "server", _set(_inter, ku="absent")),
    "self-issued-leaf-without-aki": (PYCA, "server", _edits(_self_issued, _set(_leaf, aki=False))),
    "nc-not-on-own-sans": (PYCA, "server", _edits(_nc(_inter, perm=[["dns", "a.test"]]),
                                                  _set(_inter, sans=[["dns", "ca.other.test"]]))),
    "wildcard-single-label": (PYCA, "server", _edits(_set(_leaf, sans=[["dns", "*.test"]]), _host("x.test"))),
    "nc-dirname-on-subject": (PYCA, "server", _edits(_nc(_inter, perm=[["dir", "Good"]]),
                                                     _set(_leaf, subject={"o": "Good", "cn": "www.a.test"}))),
    "ecdsa-sha512": (PYCA, "server", _set(_leaf, hash="sha512")),
    "serial-zero": (PYCA, "server", _set(_inter, serial_zero=True)),
    "openssl:no-rsa-size-floor": (OPENSSL, "server", _edits(_set(_inter, key="rsa1024"),
                                                            _set(_leaf, key="rsa1024"))),
    "openssl:accepts-sha1": (OPENSSL, "server", _edits(_set(_inter, key="rsa2048"), _set(_leaf, hash="sha1"))),
    "openssl:leaf-ca-true": (OPENSSL, "server", _set(_leaf, bc="true")),
    "openssl:critical-san": (OPENSSL, "server", _set(_leaf, san_critical=True)),
    "openssl:cn-fallback": (OPENSSL, "server", _set(_leaf, sans=[])),  # CN = host
    "openssl:nc-wildcard-literal": (OPENSSL, "server", _edits(
        _nc(_inter, excl=[["dns", "x.a.test"]]), _set(_leaf, sans=[["dns", "*.a.test"]]), _host("foo.a.test"))),
    "openssl:nc-dns-leading-dot": (OPENSSL, "server", _nc(_inter, perm=[["dns", ".a.test"]])),
    "openssl:ca-anyeku-not-enough": (OPENSSL, "server", _set(_root, eku="any")),
    "openssl:self-issued-leaf-taken-as-self-signed": (OPENSSL, "server", _edits(_self_issued,
                                                                               _set(_leaf, ski=False))),
    "openssl:nc-on-cn": (OPENSSL, "server", _edits(
        _nc(_inter, perm=[["dns", "a.test"]]), _set(_leaf, sans=[["ip", "10.1.2.3"]],
                                                    subject={"cn": "host.other.test"}), _host("10.1.2.3"))),
    "openssl:nc-email-on-subject-always": (OPENSSL, "server", _edits(
        _nc(_inter, perm=[["email", "a.test"]]), _set(_leaf, subject={"cn": "www.a.test", "email": "other@b.test"}))),
}
# Decided policies that cannot make a disagreement with the installed oracles: pyca requires a
# SAN on every leaf, so the subject's email never decides; pyca 46.0.6 and later refuse a
# wildcard not entirely inside a permitted subtree too.
NOT_TARGETED = {"nc-email-on-subject", "nc-wildcard-inside-permitted"}


def test_every_cause_is_targeted_and_used() -> None:
    used = set(REASON_CAUSE[PYCA].values()) | set(REASON_CAUSE[OPENSSL].values())
    assert used == set(CAUSES)
    assert set(TARGETED) | NOT_TARGETED == set(CAUSES)
    assert not set(TARGETED) & NOT_TARGETED


_POOL: List[chaingen.KeyPool] = []


def _targeted_pool() -> chaingen.KeyPool:
    if not _POOL:
        _POOL.append(chaingen.KeyPool())
    return _POOL[0]


@pytest.mark.parametrize("cause", sorted(TARGETED))
def test_documented_causes_hold(cause: str) -> None:
    """The cause's targeted chain: the model gives sslkit's policy and the oracle different
    verdicts because of the cause, and the oracle really behaves as documented."""
    oracle, purpose, edit = TARGETED[cause]
    if oracle == OPENSSL:
        need_openssl()
    p = chaingen.default_chain_params(1, tag=cause.replace(":", "-"))
    edit(p)
    mine, theirs = (diffmodel.reasons(p, SSLKIT, purpose), diffmodel.reasons(p, oracle, purpose))
    assert explain(p, oracle, purpose, not mine, not theirs) == cause, (mine, theirs)
    chain = chaingen.build_chain(p, _targeted_pool())
    host = p["host"] if purpose == "server" else None
    if oracle == PYCA:
        ok, msg = diffverdicts.pyca_verdict(chain, host, purpose)
    else:
        ok, msg = diffverdicts.openssl_verdicts([(0, chain, host)], purpose)[0]
    assert ok == (not theirs), f"{oracle} {'accepted' if ok else 'refused: ' + msg}; documented: {theirs or 'accepts'}"
