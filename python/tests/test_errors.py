"""Bad input raises the exception of the error table (one class per core error kind; README.md,
"Errors"), never SystemError or pyo3_runtime.PanicException: the table itself, walked kind by
kind through the native module; truncated, corrupted, wrong-label, wrong-passphrase and hostile
inputs; the shared test vectors (../shared/testdata/keys/MANIFEST.json); and seeded mutations of
valid objects fed to every parser."""

from __future__ import annotations

import base64
import datetime
import json
import random
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple, Type

import pytest

import sslkit
from sslkit import _sslkit

from conftest import MANIFEST, TESTDATA

UTC = datetime.timezone.utc


def raises_exactly(exc: Type[BaseException], fn: Callable[[], Any]) -> BaseException:
    """Calls fn; it must raise `exc` (or a subclass), and nothing outside sslkit.Error."""
    try:
        fn()
    except BaseException as e:  # noqa: B036 - PanicException is a BaseException
        assert isinstance(e, exc), f"expected {exc.__name__}, got {type(e).__module__}.{type(e).__name__}: {e}"
        assert str(e), "the error has no message"
        return e
    pytest.fail(f"expected {exc.__name__}, nothing was raised")


def only_sslkit_errors(fn: Callable[[], Any]) -> Optional[BaseException]:
    """Calls fn; success or an sslkit.Error are both fine, anything else is a bug."""
    try:
        fn()
    except sslkit.Error as e:
        assert str(e)
        return e
    except BaseException as e:  # noqa: B036
        pytest.fail(f"{type(e).__module__}.{type(e).__name__} escaped: {e!r}")
    return None


# --- the table, kind by kind ----------------------------------------------------------------


def test_invalid_input(rsa_key, ec_key, pki) -> None:
    cases: List[Callable[[], Any]] = [
        lambda: sslkit.PrivateKey.generate("rsa", bits=1024),  # the FAQ's small-key trouble
        lambda: sslkit.PrivateKey.generate("rsa", bits=512),
        lambda: sslkit.PrivateKey.generate("rsa", bits=20000),
        lambda: sslkit.PrivateKey.generate("rsa", bits=2**80),  # hostile: no OverflowError
        lambda: sslkit.PrivateKey.generate("rsa", bits=-1),
        lambda: sslkit.PrivateKey.generate("ec-p256", bits=2048),
        lambda: sslkit.PrivateKey.generate("dsa"),  # type: ignore[arg-type]
        lambda: rsa_key.to_pem(passphrase=b""),  # empty passphrase
        lambda: rsa_key.to_pem(format="pkcs12"),  # type: ignore[arg-type]
        lambda: rsa_key.to_pem(passphrase=b"pw", cipher="rc4"),  # type: ignore[arg-type]
        lambda: rsa_key.to_pem(passphrase=b"pw", kdf="md5"),  # type: ignore[arg-type]
        lambda: rsa_key.to_der(passphrase=b"pw", format="traditional"),
        lambda: rsa_key.sign(b"x", hash="sha1"),  # type: ignore[arg-type]
        lambda: sslkit.CertificateSigningRequest.create(ec_key, "/CN=x", sans=["DNS:foo..bar"]),
        lambda: sslkit.CertificateSigningRequest.create(ec_key, "/CN=x", sans=["ftp:x"]),
        lambda: sslkit.CertificateSigningRequest.create(ec_key, "/XX=unknown"),
        lambda: sslkit.CertificateSigningRequest.create(ec_key, ""),  # no subject, no SAN
        lambda: sslkit.Certificate.self_signed(ec_key, "/CN=x", days=0),
        lambda: sslkit.Certificate.self_signed(ec_key, "/CN=x", days=-5),
        lambda: sslkit.Certificate.self_signed(ec_key, "/CN=x", days=10**30),
        lambda: sslkit.Certificate.self_signed(ec_key, "/CN=x", days=sslkit.MAX_DAYS + 1),
        lambda: sslkit.Certificate.self_signed(ec_key, "/CN=x", profile="intermediate"),  # type: ignore[arg-type]
        lambda: sslkit.Certificate.self_signed(ec_key, "/CN=x", profile="nope"),  # type: ignore[arg-type]
        lambda: pki["leaf"].fingerprint("md5"),  # type: ignore[arg-type]
        lambda: pki["root"].create_intermediate("/CN=i", key=ec_key, path_len=256),
        lambda: pki["root"].create_intermediate("/CN=i", key=ec_key, path_len=-1),
        lambda: pki["root"].sign(pki["csr"], profile="root"),  # type: ignore[arg-type]
        lambda: sslkit.CertificateAuthority(pki["leaf"], pki["key"]),  # not a CA
        lambda: sslkit.check_match(rsa_key),
        lambda: sslkit.pem_to_der(pki["leaf"].to_pem() * 2),  # a bundle is not one DER
        lambda: sslkit.PrivateKey.from_pem(b"A" * (17 * 1024 * 1024)),  # hostile size
        lambda: sslkit.load_certificates(b"\x30" * (17 * 1024 * 1024)),
    ]
    for case in cases:
        e = raises_exactly(sslkit.InvalidInput, case)
        assert isinstance(e, ValueError)


def test_parse_errors(rsa_key, pki) -> None:
    leaf_pem = pki["leaf"].to_pem()
    key_pem = rsa_key.to_pem()
    lines = key_pem.splitlines(keepends=True)
    cases: List[Callable[[], Any]] = [
        lambda: sslkit.PrivateKey.from_pem(b""),
        lambda: sslkit.PrivateKey.from_pem(b"not a key"),
        lambda: sslkit.PrivateKey.from_pem(leaf_pem),  # wrong label: a certificate
        lambda: sslkit.PrivateKey.from_pem(b"".join(lines[:5])),  # truncated (no END)
        lambda: sslkit.PrivateKey.from_pem(b"".join(lines[:5] + lines[-1:])),  # truncated body
        lambda: sslkit.PrivateKey.from_pem(key_pem.replace(b"M", b"!", 3)),  # bad base64
        lambda: sslkit.PrivateKey.from_der(rsa_key.to_der()[:100]),
        lambda: sslkit.PrivateKey.from_der(b"\x30\x82\xff\xff" + b"\x00" * 10),
        lambda: sslkit.PublicKey.from_pem(key_pem),
        lambda: sslkit.PublicKey.from_der(b"\x30\x00"),
        lambda: sslkit.Certificate.from_pem(key_pem),
        lambda: sslkit.Certificate.from_pem(leaf_pem[:200]),
        lambda: sslkit.Certificate.from_der(pki["leaf"].to_der()[:-10]),
        lambda: sslkit.Certificate.from_der(b""),
        lambda: sslkit.CertificateSigningRequest.from_pem(leaf_pem),
        lambda: sslkit.CertificateSigningRequest.from_der(b"\x30\x03\x02\x01\x00"),
        lambda: sslkit.load_certificates(b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"),
        lambda: sslkit.load_certificates(b"garbage"),
        lambda: sslkit.pem_to_der(b"garbage"),
        lambda: sslkit.detect_label(b"\x01\x02\x03"),
        lambda: sslkit.der_to_pem(b"\x30\x00"),
    ]
    for case in cases:
        e = raises_exactly(sslkit.ParseError, case)
        assert isinstance(e, ValueError)


def test_passphrases(rsa_key, ec_key) -> None:
    for key in (rsa_key, ec_key):
        for enc in (
            key.to_pem(passphrase=b"right", kdf="scrypt"),
            key.to_pem(passphrase=b"right", kdf="pbkdf2", cipher="des3"),
            key.to_pem(passphrase=b"right", format="traditional"),
            key.to_der(passphrase=b"right", kdf="pbkdf2"),
        ):
            raises_exactly(sslkit.PassphraseRequired, lambda: sslkit.PrivateKey.from_bytes(enc))
            raises_exactly(
                sslkit.WrongPassphrase,
                lambda: sslkit.PrivateKey.from_bytes(enc, passphrase=b"wrong"),
            )
            assert sslkit.PrivateKey.from_bytes(enc, passphrase=b"right") == key
    assert not issubclass(sslkit.WrongPassphrase, ValueError)


def test_passphrase_errors_say_no_secret(rsa_key) -> None:
    enc = rsa_key.to_pem(passphrase=b"hunter2-secret", kdf="pbkdf2")
    e = raises_exactly(sslkit.WrongPassphrase, lambda: sslkit.PrivateKey.from_pem(enc, b"guess-xyz"))
    assert "guess-xyz" not in str(e) and "hunter2" not in str(e)


def test_unsupported(ec_key, keys) -> None:
    raises_exactly(sslkit.Unsupported, lambda: sslkit.modulus(ec_key))
    raises_exactly(sslkit.Unsupported, lambda: sslkit.modulus_md5(keys["ed25519"].public_key()))
    raises_exactly(sslkit.Unsupported, lambda: ec_key.public_key().to_pkcs1_pem())
    raises_exactly(sslkit.Unsupported, lambda: keys["ec-p256"].sign(b"x", hash="sha512"))
    raises_exactly(sslkit.Unsupported, lambda: keys["ed25519"].to_pem(format="traditional"))


def test_key_mismatch(pki, keys) -> None:
    raises_exactly(sslkit.KeyMismatch, lambda: sslkit.check_match(keys["ed25519"], cert=pki["leaf"]))
    raises_exactly(sslkit.KeyMismatch, lambda: sslkit.check_match(pki["key"], csr=sslkit.CertificateSigningRequest.create(keys["ed25519"], "/CN=o")))
    raises_exactly(
        sslkit.KeyMismatch,
        lambda: sslkit.CertificateAuthority(pki["root"].certificate, pki["inter"].key),
    )


def test_chain_errors(pki) -> None:
    root, inter, leaf = pki["root"].certificate, pki["inter"].certificate, pki["leaf"]
    e = raises_exactly(sslkit.ChainIncomplete, lambda: sslkit.assemble_chain(leaf, []))
    assert "Example Intermediate CA" in str(e)
    raises_exactly(sslkit.ChainIncomplete, lambda: sslkit.verify_chain(leaf, [], roots=[root]))
    raises_exactly(
        sslkit.VerificationError,
        lambda: sslkit.verify_chain(leaf, [inter], roots=[root], host="other.test"),
    )
    past = datetime.datetime(2000, 1, 1, tzinfo=UTC)
    raises_exactly(
        sslkit.VerificationError, lambda: sslkit.verify_chain(leaf, [inter], roots=[root], at=past)
    )
    other = sslkit.CertificateAuthority.create_root("/CN=Other Root", key=sslkit.PrivateKey.generate("ed25519"))
    only_sslkit_errors(lambda: sslkit.verify_chain(leaf, [inter], roots=[other.certificate]))
    raises_exactly(sslkit.VerificationError, lambda: leaf.verify_signed_by(root))


def test_csr_with_bad_signature_is_refused(pki) -> None:
    der = bytearray(pki["csr"].to_der())
    der[-5] ^= 0x40  # inside the signature
    csr = sslkit.CertificateSigningRequest.from_der(bytes(der))
    assert csr.verify() is False
    raises_exactly(sslkit.VerificationError, lambda: pki["inter"].sign(csr))


def test_io_errors(tmp_path: Path) -> None:
    missing = tmp_path / "missing.pem"
    for fn in (
        lambda: sslkit.PrivateKey.load(missing),
        lambda: sslkit.PublicKey.load(missing),
        lambda: sslkit.Certificate.load(missing),
        lambda: sslkit.CertificateSigningRequest.load(missing),
        lambda: sslkit.CertificateAuthority.load(missing, missing),
        lambda: sslkit.Certificate.load(tmp_path),  # a directory
    ):
        e = raises_exactly(sslkit.IoError, fn)
        assert isinstance(e, OSError)
        assert str(tmp_path) in str(e)


def test_wrong_argument_types_are_type_errors(rsa_key, pki) -> None:
    cases: List[Callable[[], Any]] = [
        lambda: sslkit.PrivateKey.from_pem("-----BEGIN PRIVATE KEY-----"),  # type: ignore[arg-type]
        lambda: sslkit.PrivateKey.from_pem(None),  # type: ignore[arg-type]
        lambda: sslkit.PrivateKey.from_pem(rsa_key.to_pem(), passphrase="pw"),  # type: ignore[arg-type]
        lambda: sslkit.PrivateKey.generate("rsa", bits="2048"),  # type: ignore[arg-type]
        lambda: sslkit.PrivateKey.generate("rsa", bits=2048.0),  # type: ignore[arg-type]
        lambda: sslkit.PrivateKey.generate("rsa", bits=True),  # type: ignore[arg-type]
        lambda: sslkit.PrivateKey.generate(1),  # type: ignore[arg-type]
        lambda: sslkit.CertificateSigningRequest.create(rsa_key, "/CN=x", sans="www.x.test"),  # type: ignore[arg-type]
        lambda: sslkit.CertificateSigningRequest.create(rsa_key, "/CN=x", sans=[1]),  # type: ignore[list-item]
        lambda: sslkit.CertificateSigningRequest.create(pki["leaf"], "/CN=x"),  # type: ignore[arg-type]
        lambda: sslkit.Certificate.self_signed(rsa_key, "/CN=x", now="2030-01-01"),  # type: ignore[arg-type]
        lambda: sslkit.assemble_chain(pki["leaf"], [b"not a cert"]),  # type: ignore[list-item]
        lambda: sslkit.assemble_chain(pki["leaf"], "pool"),  # type: ignore[arg-type]
        lambda: sslkit.assemble_chain(pki["leaf"], 42),  # type: ignore[arg-type]
        lambda: sslkit.CertificateAuthority.create_root("/CN=x", key="k"),  # type: ignore[arg-type]
        lambda: pki["leaf"].verify_signed_by(b"key"),  # type: ignore[arg-type]
        lambda: sslkit.PrivateKey.load(42),  # type: ignore[arg-type]
    ]
    for case in cases:
        raises_exactly(TypeError, case)


def test_time_out_of_range(ec_key) -> None:
    only_sslkit_errors(
        lambda: sslkit.Certificate.self_signed(ec_key, "/CN=x", now=datetime.datetime(1, 1, 1, tzinfo=UTC))
    )
    only_sslkit_errors(
        lambda: sslkit.Certificate.self_signed(
            ec_key, "/CN=x", days=3650, now=datetime.datetime(9999, 1, 1, tzinfo=UTC)
        )
    )


# The error table: core kind (sslkit::ErrorKind::name) -> (stable code, Python class, the standard
# exception it also is). Written out here, not taken from sslkit, so that the native module's
# mapping is checked against it.
ERROR_TABLE: Dict[str, Tuple[int, Type[sslkit.Error], Optional[Type[Exception]]]] = {
    "InvalidInput": (1, sslkit.InvalidInput, ValueError),
    "Parse": (2, sslkit.ParseError, ValueError),
    "PassphraseRequired": (3, sslkit.PassphraseRequired, None),
    "WrongPassphrase": (4, sslkit.WrongPassphrase, None),
    "Unsupported": (5, sslkit.Unsupported, None),
    "KeyMismatch": (6, sslkit.KeyMismatch, None),
    "ChainIncomplete": (7, sslkit.ChainIncomplete, None),
    "Verification": (8, sslkit.VerificationError, None),
    "Io": (9, sslkit.IoError, OSError),
    "Internal": (10, sslkit.Error, None),  # a bug in sslkit: the base class itself
}


def _sslkit_exception_classes() -> List[type]:
    return [
        obj
        for obj in (getattr(sslkit, name) for name in sslkit.__all__)
        if isinstance(obj, type) and issubclass(obj, BaseException)
    ]


def test_every_core_kind_maps_to_the_tables_class() -> None:
    """Kind -> class: the native module's table (made from ErrorKind::ALL) is this one, in the
    order of the stable codes."""
    table = _sslkit._error_table()
    assert [(name, code) for name, code, _ in table] == [
        (name, code) for name, (code, _, _) in ERROR_TABLE.items()
    ]
    for name, _code, cls in table:
        assert cls is ERROR_TABLE[name][1], f"{name} raises {cls.__name__}"


def test_every_exception_class_is_reached_by_exactly_one_kind() -> None:
    """Class -> kind: every exception class sslkit exports is raised for one core kind (the
    base class Error for Internal only), and the table names no class sslkit does not export."""
    reached = [cls for _, _, cls in _sslkit._error_table()]
    classes = _sslkit_exception_classes()
    assert len(classes) == len(ERROR_TABLE)
    for cls in classes:
        kinds = [name for name, _, c in _sslkit._error_table() if c is cls]
        assert len(kinds) == 1, f"{cls.__name__} is raised for {kinds or 'no kind'}"
    assert set(reached) == set(classes)
    assert [name for name, _, c in _sslkit._error_table() if c is sslkit.Error] == ["Internal"]


@pytest.mark.parametrize("kind", list(ERROR_TABLE))
def test_each_kind_raises_its_class(kind: str) -> None:
    """Raising each kind through the one conversion (to_py_err) gives the table's class, with the
    message, the stated bases, and no violation attributes when there is no violation."""
    _code, cls, also = ERROR_TABLE[kind]
    message = f"a {kind} error: caf\u00e9 \U0001f512"
    with pytest.raises(BaseException) as info:
        _sslkit._raise_kind(kind, message)
    e = info.value
    assert type(e) is cls
    assert str(e) == message and e.args == (message,)
    assert isinstance(e, sslkit.Error) and isinstance(e, Exception)
    assert cls.__module__ == "sslkit" and (cls.__doc__ or "").strip()
    expected_bases: Tuple[type, ...]
    if cls is sslkit.Error:
        expected_bases = (Exception,)
    elif also is None:
        expected_bases = (sslkit.Error,)
    else:
        expected_bases = (sslkit.Error, also)
    assert cls.__bases__ == expected_bases
    assert isinstance(e, ValueError) == (also is ValueError)
    assert isinstance(e, OSError) == (also is OSError)
    if cls in (sslkit.ChainIncomplete, sslkit.VerificationError):
        assert (e.rule, e.depth, e.subject, e.fix) == (None, None, None, None)
    # the native module offers the very same class
    assert getattr(_sslkit, cls.__name__) is cls


def test_raise_kind_refuses_an_unknown_kind() -> None:
    with pytest.raises(sslkit.InvalidInput, match="NoSuchKind"):
        _sslkit._raise_kind("NoSuchKind", "x")
    with pytest.raises(sslkit.InvalidInput):
        _sslkit._raise_kind("ParseError", "x")  # the class name is not the kind name


# --- the shared vectors ---------------------------------------------------------------------


def _manifest() -> List[dict]:
    if not MANIFEST.exists():
        return []
    return list(json.loads(MANIFEST.read_text())["entries"])


def _load_entry(entry: dict) -> Any:
    data = (MANIFEST.parent / entry["path"]).read_bytes()
    password = entry["password"].encode() if entry["password"] is not None else None
    kind = entry["kind"]
    if kind.endswith("-private"):
        return sslkit.PrivateKey.from_bytes(data, passphrase=password)
    if kind.endswith("-public"):
        return sslkit.PublicKey.from_bytes(data)
    if kind == "certificate":
        return sslkit.Certificate.from_bytes(data)
    if kind == "csr":
        return sslkit.CertificateSigningRequest.from_bytes(data)
    raise AssertionError(f"unknown kind {kind}")


@pytest.mark.parametrize("entry", _manifest() or [None], ids=lambda e: e["path"] if e else "absent")
def test_manifest_vectors(entry: Optional[dict]) -> None:
    if entry is None:
        pytest.skip(f"SKIPPED: {MANIFEST} is absent (../shared/testdata not present)")
    expect = entry["expect"]
    if expect == "ok":
        obj = _load_entry(entry)
        assert obj is not None
        if entry["kind"].endswith("-private") and entry["password"] is not None:
            # without the passphrase it must say so, not "parse error"
            data = (MANIFEST.parent / entry["path"]).read_bytes()
            raises_exactly(sslkit.PassphraseRequired, lambda: sslkit.PrivateKey.from_bytes(data))
            raises_exactly(
                sslkit.WrongPassphrase,
                lambda: sslkit.PrivateKey.from_bytes(data, passphrase=b"definitely wrong"),
            )
    elif expect == "error":
        e = only_sslkit_errors(lambda: _load_entry(entry))
        assert e is not None, f"{entry['path']} should be refused ({entry['note']})"
    else:  # divergent, ok-or-clean-error: either is fine, but cleanly
        only_sslkit_errors(lambda: _load_entry(entry))


def test_manifest_key_groups_share_a_key() -> None:
    """Files the manifest says hold one key pair (checked there with OpenSSL) load to equal
    public keys."""
    entries = [e for e in _manifest() if e["expect"] == "ok" and e["key_group"]]
    if not entries:
        pytest.skip(f"SKIPPED: {MANIFEST} is absent")
    groups: dict = {}
    for e in entries:
        obj = _load_entry(e)
        pub = obj.public_key() if isinstance(obj, (sslkit.PrivateKey, sslkit.Certificate, sslkit.CertificateSigningRequest)) else obj
        groups.setdefault(e["key_group"], []).append((e["path"], pub))
    assert any(len(v) > 1 for v in groups.values())
    for group, members in groups.items():
        first = members[0][1]
        for path, pub in members[1:]:
            assert pub == first, f"{path} is not the key of group {group}"


def test_other_shared_vectors_fail_cleanly() -> None:
    """Every file under ../shared/testdata, fed to every reader: success or an sslkit.Error."""
    if not TESTDATA.exists():
        pytest.skip(f"SKIPPED: {TESTDATA} is absent")
    files = [p for p in sorted(TESTDATA.rglob("*")) if p.is_file() and p.stat().st_size < 2_000_000]
    assert files
    for p in files[:600]:
        data = p.read_bytes()
        for reader in (
            lambda: sslkit.PrivateKey.from_bytes(data, passphrase=b"x"),
            lambda: sslkit.PublicKey.from_bytes(data),
            lambda: sslkit.Certificate.from_bytes(data),
            lambda: sslkit.CertificateSigningRequest.from_bytes(data),
            lambda: sslkit.load_certificates(data),
            lambda: sslkit.pem_to_der(data),
            lambda: sslkit.load_object(data, passphrase=b"x"),
        ):
            only_sslkit_errors(reader)


# --- seeded mutations -----------------------------------------------------------------------


def _mutations(data: bytes, rng: random.Random, n: int) -> List[bytes]:
    out = []
    for _ in range(n):
        b = bytearray(data)
        op = rng.randrange(5)
        if op == 0 and len(b) > 1:
            del b[rng.randrange(len(b)) :]  # truncate
        elif op == 1:
            for _ in range(rng.randint(1, 4)):
                b[rng.randrange(len(b))] = rng.randrange(256)  # corrupt bytes
        elif op == 2:
            i = rng.randrange(len(b))
            b[i:i] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))  # insert
        elif op == 3 and len(b) > 4:
            i = rng.randrange(len(b) - 2)
            b[i] = 0xFF if rng.random() < 0.5 else 0x84  # hostile lengths
        else:
            b = bytearray(data[: rng.randrange(len(data))] + data)  # splice
        out.append(bytes(b))
    return out


def _pem_mutations(pem: bytes, rng: random.Random, n: int) -> List[bytes]:
    """Mutate the DER inside a PEM, keeping the armour (so the parser gets past base64)."""
    lines = pem.strip().splitlines()
    label_begin, label_end = lines[0], lines[-1]
    der = base64.b64decode(b"".join(lines[1:-1]))
    return [
        label_begin + b"\n" + base64.encodebytes(m) + label_end + b"\n"
        for m in _mutations(der, rng, n)
    ]


def test_mutated_inputs_raise_only_sslkit_errors(keys, pki) -> None:
    rng = random.Random(20240611)
    targets: List[Tuple[bytes, Callable[[bytes], Any]]] = []
    for key in keys.values():
        targets.append((key.to_der(), lambda d: sslkit.PrivateKey.from_der(d)))
        targets.append((key.to_pem(format="pkcs8"), lambda d: sslkit.PrivateKey.from_pem(d)))
        targets.append((key.public_key().to_der(), lambda d: sslkit.PublicKey.from_der(d)))
    targets.append((keys["rsa"].to_der(format="traditional"), lambda d: sslkit.PrivateKey.from_der(d)))
    targets.append((keys["ec-p256"].to_der(format="traditional"), lambda d: sslkit.PrivateKey.from_der(d)))
    for cert in (pki["leaf"], pki["inter"].certificate, pki["root"].certificate):
        targets.append((cert.to_der(), lambda d: sslkit.Certificate.from_der(d)))
        targets.append((cert.to_pem(), lambda d: sslkit.load_certificates(d)))
    targets.append((pki["csr"].to_der(), lambda d: sslkit.CertificateSigningRequest.from_der(d)))
    targets.append((pki["csr"].to_der(), lambda d: sslkit.der_to_pem(d, label=None)))
    targets.append((pki["csr"].to_pem(), lambda d: sslkit.load_object(d)))
    targets.append((pki["leaf"].to_der(), lambda d: sslkit.load_object(d)))

    def full_use(obj: Any) -> None:
        """Touch every accessor of whatever parsed: the damage may only show there."""
        if isinstance(obj, list):
            for o in obj:
                full_use(o)
            return
        for name in dir(obj):
            if name.startswith("_"):
                continue
            attr = getattr(obj, name)
            if callable(attr) and name in {"text", "public_key", "to_pem", "to_der", "fingerprint"}:
                attr()
        if isinstance(obj, sslkit.CertificateSigningRequest):
            obj.verify()

    count = 0
    for data, parse in targets:
        is_pem = data.startswith(b"-----")
        mutants = _pem_mutations(data, rng, 60) if is_pem else _mutations(data, rng, 120)
        for m in mutants:
            count += 1

            def go(m: bytes = m, parse: Callable[[bytes], Any] = parse) -> None:
                full_use(parse(m))

            only_sslkit_errors(go)
    assert count > 1500


def test_mutated_encrypted_keys(ec_key) -> None:
    rng = random.Random(7)
    enc = ec_key.to_der(passphrase=b"pw", kdf="pbkdf2")
    legacy = ec_key.to_pem(passphrase=b"pw", format="traditional")
    for m in _mutations(enc, rng, 15):
        only_sslkit_errors(lambda: sslkit.PrivateKey.from_der(m, passphrase=b"pw"))
    for _ in range(25):
        b = bytearray(legacy)
        b[rng.randrange(len(b))] = rng.choice(b"AZaz09+/:,-\n ")
        only_sslkit_errors(lambda: sslkit.PrivateKey.from_pem(bytes(b), passphrase=b"pw"))


def test_generate_threads_out_of_range_is_invalid_input() -> None:
    for bad in (0, 9):
        with pytest.raises(sslkit.InvalidInput):
            sslkit.PrivateKey.generate("rsa", bits=2048, threads=bad)
    key = sslkit.PrivateKey.generate("rsa", bits=2048, threads=1)
    assert key.bits == 2048
