"""The hostile corpus (tests/data/hostile/, see generate.py and MANIFEST.tsv) through the Python
face: the reader the manifest names raises the expected sslkit.Error subclass (or returns);
every reader raises only sslkit.Error subclasses (never SystemError, never
pyo3_runtime.PanicException, which is a BaseException); pyca/cryptography agrees on which
certificates and CSRs are well-formed; a certificate truncated at every length is ParseError;
the input size cap can be changed."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple

import pytest

import sslkit

HOSTILE = Path(__file__).resolve().parents[2] / "tests" / "data" / "hostile"

EXCEPTIONS: Dict[str, type] = {
    "Parse": sslkit.ParseError,
    "InvalidInput": sslkit.InvalidInput,
    "Unsupported": sslkit.Unsupported,
    "PassphraseRequired": sslkit.PassphraseRequired,
    "WrongPassphrase": sslkit.WrongPassphrase,
}
INPUT_ERRORS = tuple(EXCEPTIONS.values())


def corpus() -> List[Tuple[str, str, str, Optional[bytes]]]:
    rows = []
    for line in (HOSTILE / "MANIFEST.tsv").read_text().splitlines():
        if line.startswith("#") or not line:
            continue
        file, read_as, expect, passphrase, _what = line.split("\t")
        rows.append((file, read_as, expect, None if passphrase == "-" else passphrase.encode()))
    assert len(rows) >= 60
    return rows


CORPUS = corpus()


def read_as(kind: str, data: bytes, passphrase: Optional[bytes]) -> object:
    readers: Dict[str, Callable[[], object]] = {
        "cert": lambda: sslkit.Certificate.from_bytes(data),
        "csr": lambda: sslkit.CertificateSigningRequest.from_bytes(data),
        "key": lambda: sslkit.PrivateKey.from_bytes(data, passphrase),
        "public": lambda: sslkit.PublicKey.from_bytes(data),
        "bundle": lambda: sslkit.load_certificates(data),
    }
    return readers[kind]()


@pytest.mark.parametrize("file,kind,expect,passphrase", CORPUS, ids=[c[0] for c in CORPUS])
def test_expected_outcome(file: str, kind: str, expect: str, passphrase: Optional[bytes]) -> None:
    data = (HOSTILE / file).read_bytes()
    try:
        read_as(kind, data, passphrase)
    except BaseException as e:  # noqa: B036 - a PanicException is a BaseException
        assert isinstance(e, sslkit.Error), f"{file}: {type(e).__name__}: {e}"
        assert expect != "ok", f"{file}: {type(e).__name__}: {e}"
        if expect != "any":
            assert isinstance(e, EXCEPTIONS[expect]), f"{file}: {type(e).__name__}: {e}"
        assert str(e), "an error without a message"
    else:
        assert expect in ("ok", "any"), f"{file} was read; expected {expect}"


def _exercise(obj: Any) -> None:
    """Every accessor of what was read."""
    if isinstance(obj, sslkit.Certificate):
        at = datetime.datetime(2027, 1, 1, tzinfo=datetime.timezone.utc)
        for attr in ("subject", "issuer", "serial", "serial_hex", "sans", "extensions",
                     "key_usage", "extended_key_usage", "basic_constraints", "ca_issuers_urls",
                     "ocsp_urls", "subject_key_id", "authority_key_id", "signature_algorithm",
                     "not_before", "not_after", "is_ca"):
            getattr(obj, attr)
        obj.text()
        obj.to_pem()
        obj.fingerprint("sha1")
        for call in (lambda: sslkit.check_host(obj, "hostile.test"),
                     lambda: obj.verify_signed_by(obj),
                     lambda: sslkit.verify_chain(obj, [], [obj], at=at)):
            try:
                call()
            except sslkit.Error:
                pass
    elif isinstance(obj, sslkit.CertificateSigningRequest):
        obj.subject, obj.sans, obj.extensions, obj.challenge_password, obj.signature_algorithm
        obj.text()
        obj.verify()
    elif isinstance(obj, sslkit.PrivateKey):
        obj.public_key().to_pem()
        obj.to_der()
    elif isinstance(obj, sslkit.PublicKey):
        obj.to_pem()


@pytest.mark.parametrize("file,kind,expect,passphrase", CORPUS, ids=[c[0] for c in CORPUS])
def test_every_reader_raises_only_sslkit_errors(
    file: str, kind: str, expect: str, passphrase: Optional[bytes]
) -> None:
    data = (HOSTILE / file).read_bytes()
    calls: List[Tuple[str, Callable[[], object]]] = []
    for p in (None, passphrase, b"wrong"):
        calls += [
            (f"PrivateKey.from_pem {p!r}", lambda p=p: sslkit.PrivateKey.from_pem(data, p)),
            (f"PrivateKey.from_der {p!r}", lambda p=p: sslkit.PrivateKey.from_der(data, p)),
            (f"load_object {p!r}", lambda p=p: sslkit.load_object(data, p)),
        ]
    calls += [
        ("PublicKey.from_pem", lambda: sslkit.PublicKey.from_pem(data)),
        ("PublicKey.from_der", lambda: sslkit.PublicKey.from_der(data)),
        ("Certificate.from_pem", lambda: sslkit.Certificate.from_pem(data)),
        ("Certificate.from_der", lambda: sslkit.Certificate.from_der(data)),
        ("CSR.from_pem", lambda: sslkit.CertificateSigningRequest.from_pem(data)),
        ("CSR.from_der", lambda: sslkit.CertificateSigningRequest.from_der(data)),
        ("load_certificates", lambda: sslkit.load_certificates(data)),
        ("pem_to_der", lambda: sslkit.pem_to_der(data)),
        ("der_to_pem", lambda: sslkit.der_to_pem(data)),
        ("detect_label", lambda: sslkit.detect_label(data)),
        ("pem_blocks", lambda: sslkit.pem_blocks(data)),
    ]
    for name, call in calls:
        try:
            got = call()
        except BaseException as e:  # noqa: B036
            assert isinstance(e, INPUT_ERRORS), f"{file}: {name}: {type(e).__name__}: {e}"
            continue
        for obj in got if isinstance(got, list) else [got]:
            try:
                _exercise(obj)
            except BaseException as e:  # noqa: B036
                pytest.fail(f"{file}: {name}: an accessor raised {type(e).__name__}: {e}")
        if isinstance(got, list) and got and isinstance(got[0], sslkit.Certificate):
            try:
                sslkit.assemble_chain(got[0], got[1:], include_root=True)
            except BaseException as e:  # noqa: B036
                assert isinstance(e, sslkit.Error), f"{file}: assemble_chain: {e!r}"


@pytest.mark.parametrize(
    "file,kind,expect",
    [(f, k, e) for f, k, e, _ in CORPUS if k in ("cert", "csr") and e in ("ok", "Parse")],
    ids=[f for f, k, e, _ in CORPUS if k in ("cert", "csr") and e in ("ok", "Parse")],
)
def test_pyca_agrees_on_well_formedness(file: str, kind: str, expect: str) -> None:
    """pyca/cryptography (strict DER, like sslkit) reads the same certificates and CSRs."""
    x509 = pytest.importorskip("cryptography.x509")
    data = (HOSTILE / file).read_bytes()
    pem = b"-----BEGIN " in data
    if kind == "cert":
        load: Callable[[bytes], Any] = (
            x509.load_pem_x509_certificate if pem else x509.load_der_x509_certificate
        )
    else:
        load = x509.load_pem_x509_csr if pem else x509.load_der_x509_csr
    try:
        obj = load(data)
        obj.subject, obj.extensions  # pyca parses these lazily
        if kind == "cert":
            obj.not_valid_before_utc, obj.serial_number
        pyca_ok = True
    except (ValueError, x509.DuplicateExtension):
        pyca_ok = False
    assert pyca_ok == (expect == "ok"), f"{file}: pyca {'reads' if pyca_ok else 'refuses'} it"


def test_certificate_truncated_at_every_length() -> None:
    pem = (HOSTILE / "base-cert.pem").read_bytes()
    der = sslkit.pem_to_der(pem)
    assert sslkit.Certificate.from_der(der).subject == "CN=hostile.test,O=Hostile Corpus,C=US"
    for cut in range(len(der)):
        with pytest.raises(sslkit.ParseError):
            sslkit.Certificate.from_der(der[:cut])
    for cut in range(len(pem) - 1):
        with pytest.raises(sslkit.ParseError):
            sslkit.Certificate.from_bytes(pem[:cut])


def test_input_size_cap_is_configurable() -> None:
    pem = (HOSTILE / "base-cert.pem").read_bytes()
    cert = sslkit.Certificate.from_pem(pem)

    def padded(total: int) -> bytes:
        return b"#" * (total - len(pem) - 1) + b"\n" + pem

    assert sslkit.max_input_size() == sslkit.MAX_INPUT_SIZE == 16 * 1024 * 1024
    big = padded(sslkit.MAX_INPUT_SIZE + 1)
    with pytest.raises(sslkit.InvalidInput, match="16 MiB"):
        sslkit.Certificate.from_pem(big)
    assert sslkit.Certificate.from_pem(padded(sslkit.MAX_INPUT_SIZE)) == cert
    try:
        assert sslkit.set_max_input_size(2000) == sslkit.MAX_INPUT_SIZE
        assert sslkit.Certificate.from_pem(padded(2000)) == cert
        with pytest.raises(sslkit.InvalidInput, match="2000 bytes"):
            sslkit.Certificate.from_pem(padded(2001))
        sslkit.set_max_input_size(32 * 1024 * 1024)
        assert sslkit.Certificate.from_pem(big) == cert
    finally:
        sslkit.set_max_input_size(0)
    assert sslkit.max_input_size() == sslkit.MAX_INPUT_SIZE
    assert sslkit.MAX_PEM_BLOCKS == 100_000 and sslkit.MAX_POOL_SIZE == 100_000
