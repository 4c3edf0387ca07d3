"""Every public name of the sslkit package: present, documented, declared in the stubs, and
exercised here with expected values that come from the inputs (or from OpenSSL/pyca), never from
sslkit itself."""

from __future__ import annotations

import ast
import copy
import datetime
import hashlib
import inspect
import os
import pathlib
import pickle
from pathlib import Path

import pytest

import sslkit

from conftest import md5_of_modulus_line

PKG = Path(sslkit.__file__).parent
UTC = datetime.timezone.utc

EXCEPTIONS = [
    "Error",
    "InvalidInput",
    "ParseError",
    "PassphraseRequired",
    "WrongPassphrase",
    "Unsupported",
    "KeyMismatch",
    "ChainIncomplete",
    "VerificationError",
    "IoError",
]

# The public surface. A name added to the package without being added here (and tested) fails
# test_surface_is_exactly_this.
SURFACE = {
    "module": set(EXCEPTIONS)
    | {
        "__version__",
        "MIN_RSA_BITS",
        "MAX_RSA_BITS",
        "MAX_DAYS",
        "MAX_CHAIN_DEPTH",
        "MAX_POOL_SIZE",
        "MAX_INPUT_SIZE",
        "MAX_PEM_BLOCKS",
        "MAX_PBKDF2_ITERATIONS",
        "MAX_SCRYPT_MEMORY",
        "max_input_size",
        "set_max_input_size",
        "PBKDF2_ITERATIONS",
        "SYSTEM_ROOTS",
        "EXPIRY_WARNING_DAYS",
        "PrivateKey",
        "PublicKey",
        "CertificateSigningRequest",
        "Certificate",
        "CertificateAuthority",
        "Extension",
        "BasicConstraints",
        "Finding",
        "load_certificates",
        "load_object",
        "check",
        "check_files",
        "modulus",
        "modulus_md5",
        "check_match",
        "assemble_chain",
        "verify_chain",
        "check_host",
        "system_roots",
        "pem_to_der",
        "der_to_pem",
        "detect_label",
        "pem_blocks",
    },
    "PrivateKey": {
        "generate",
        "from_pem",
        "from_der",
        "from_bytes",
        "load",
        "is_encrypted",
        "algorithm",
        "bits",
        "public_key",
        "to_pem",
        "to_der",
        "matches",
        "signature_algorithm",
        "sign",
        "text",
    },
    "PublicKey": {
        "from_pem",
        "from_der",
        "from_bytes",
        "load",
        "algorithm",
        "bits",
        "rsa_modulus",
        "rsa_exponent",
        "to_pem",
        "to_der",
        "to_pkcs1_pem",
        "to_pkcs1_der",
        "spki_pin_sha256",
        "spki_fingerprint",
        "verify",
        "text",
    },
    "CertificateSigningRequest": {
        "create",
        "from_pem",
        "from_der",
        "from_bytes",
        "load",
        "subject",
        "common_name",
        "sans",
        "extensions",
        "challenge_password",
        "signature_algorithm",
        "public_key",
        "verify",
        "to_pem",
        "to_der",
        "text",
    },
    "Certificate": {
        "self_signed",
        "from_pem",
        "from_der",
        "from_bytes",
        "load",
        "subject",
        "issuer",
        "common_name",
        "serial",
        "serial_hex",
        "not_before",
        "not_after",
        "is_valid_at",
        "sans",
        "is_ca",
        "basic_constraints",
        "key_usage",
        "extended_key_usage",
        "subject_key_id",
        "authority_key_id",
        "ca_issuers_urls",
        "ocsp_urls",
        "extensions",
        "is_self_issued",
        "signature_algorithm",
        "public_key",
        "verify_signed_by",
        "fingerprint",
        "to_pem",
        "to_der",
        "text",
    },
    "CertificateAuthority": {
        "load",
        "create_root",
        "create_intermediate",
        "sign",
        "certificate",
        "key",
    },
    "Extension": {"oid", "name", "critical", "value"},
    "BasicConstraints": {"ca", "path_len", "critical"},
    "Finding": {"severity", "code", "message", "fix"},
}

CLASSES = [k for k in SURFACE if k != "module"]


def public_members(cls: type) -> set[str]:
    return {n for n in dir(cls) if not n.startswith("_")}


# --- the surface ----------------------------------------------------------------------------


def test_surface_is_exactly_this() -> None:
    assert set(sslkit.__all__) == SURFACE["module"]
    for name in sslkit.__all__:
        assert hasattr(sslkit, name), name
    for cls in CLASSES:
        assert public_members(getattr(sslkit, cls)) == SURFACE[cls], cls


def test_every_public_name_has_a_docstring() -> None:
    assert (sslkit.__doc__ or "").strip()
    for name in sslkit.__all__:
        obj = getattr(sslkit, name)
        if isinstance(obj, (int, str)):
            continue  # constants: documented in the stubs and README
        assert (obj.__doc__ or "").strip(), f"sslkit.{name} has no docstring"
    for cls in CLASSES:
        for member in SURFACE[cls]:
            attr = inspect.getattr_static(getattr(sslkit, cls), member)
            doc = getattr(attr, "__doc__", None)
            if isinstance(attr, staticmethod):
                doc = attr.__func__.__doc__
            assert (doc or "").strip(), f"sslkit.{cls}.{member} has no docstring"


def _stub_names() -> tuple[set[str], dict[str, set[str]]]:
    tree = ast.parse((PKG / "_sslkit.pyi").read_text())
    top: set[str] = set()
    members: dict[str, set[str]] = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            top.add(node.name)
            members[node.name] = {
                n.name
                for n in node.body
                if isinstance(n, ast.FunctionDef) and not n.name.startswith("_")
            }
        elif isinstance(node, ast.FunctionDef):
            top.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            top.add(node.target.id)
        elif isinstance(node, ast.ImportFrom):
            # explicit re-exports (`from ._errors import Error as Error`): the exceptions
            top.update(a.name for a in node.names if a.asname == a.name)
    return {n for n in top if not n.startswith("_") or n == "__version__"}, members


def test_stubs_declare_exactly_the_runtime_names() -> None:
    top, members = _stub_names()
    assert top == SURFACE["module"]
    for cls in CLASSES:
        assert members[cls] == SURFACE[cls], cls
    assert (PKG / "py.typed").exists()


def test_text_signatures_show_the_defaults() -> None:
    sig = inspect.signature(sslkit.PrivateKey.generate)
    assert str(sig) == "(kind='rsa', bits=None, threads=None)"
    sig = inspect.signature(sslkit.PrivateKey.to_pem)
    assert list(sig.parameters) == ["self", "passphrase", "format", "cipher", "kdf"]
    assert sig.parameters["kdf"].default == "scrypt"
    sig = inspect.signature(sslkit.CertificateAuthority.create_intermediate)
    assert sig.parameters["path_len"].default == 0
    sig = inspect.signature(sslkit.der_to_pem)
    assert sig.parameters["label"].default == "CERTIFICATE"


def test_constants() -> None:
    assert sslkit.__version__.count(".") == 2
    assert sslkit.MIN_RSA_BITS == 2048 and sslkit.MAX_RSA_BITS == 16384
    assert sslkit.MAX_DAYS >= 3650
    assert sslkit.MAX_CHAIN_DEPTH >= 3
    assert sslkit.PBKDF2_ITERATIONS == 600_000
    assert sslkit.SYSTEM_ROOTS.startswith("/")
    assert sslkit.EXPIRY_WARNING_DAYS > 0


# --- exceptions -----------------------------------------------------------------------------


def test_exception_hierarchy() -> None:
    for name in EXCEPTIONS:
        cls = getattr(sslkit, name)
        assert issubclass(cls, sslkit.Error) and issubclass(cls, Exception)
        assert cls.__module__ == "sslkit" and cls.__name__ == name
        # picklable (e.g. across multiprocessing)
        err = cls("message")
        assert type(pickle.loads(pickle.dumps(err))) is cls
    assert issubclass(sslkit.InvalidInput, ValueError)
    assert issubclass(sslkit.ParseError, ValueError)
    assert issubclass(sslkit.IoError, OSError)
    for name in ["PassphraseRequired", "WrongPassphrase", "Unsupported", "KeyMismatch",
                 "ChainIncomplete", "VerificationError"]:
        assert not issubclass(getattr(sslkit, name), ValueError)


# --- PrivateKey / PublicKey -----------------------------------------------------------------


@pytest.mark.parametrize(
    "kind,bits", [("rsa", 2048), ("ec-p256", 256), ("ec-p384", 384), ("ed25519", 256)]
)
def test_private_key_basics(keys, kind: str, bits: int) -> None:
    key = keys[kind]
    assert key.algorithm == kind and key.bits == bits
    assert repr(key) == f"<PrivateKey {kind} {bits}>"
    pub = key.public_key()
    assert repr(pub) == f"<PublicKey {kind} {bits}>"
    assert pub.algorithm == kind and pub.bits == bits
    # round trips through every writer and reader
    pem = key.to_pem()
    assert pem.startswith(b"-----BEGIN PRIVATE KEY-----\n")
    der = key.to_der()
    assert sslkit.PrivateKey.from_pem(pem) == key
    assert sslkit.PrivateKey.from_der(der) == key
    assert sslkit.PrivateKey.from_bytes(pem) == key
    assert sslkit.PrivateKey.from_bytes(bytearray(der)) == key
    assert sslkit.PrivateKey.from_bytes(memoryview(der)) == key
    assert not sslkit.PrivateKey.is_encrypted(pem)
    enc = key.to_pem(passphrase=b"pw", kdf="pbkdf2")
    assert enc.startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----\n")
    assert sslkit.PrivateKey.is_encrypted(enc)
    assert sslkit.PrivateKey.from_pem(enc, passphrase=b"pw") == key
    enc_der = key.to_der(passphrase=b"pw", kdf="pbkdf2")
    assert sslkit.PrivateKey.from_der(enc_der, passphrase=b"pw") == key
    # public key readers
    assert sslkit.PublicKey.from_pem(pub.to_pem()) == pub
    assert sslkit.PublicKey.from_der(pub.to_der()) == pub
    assert sslkit.PublicKey.from_bytes(pub.to_pem()) == pub
    assert pub.to_pem().startswith(b"-----BEGIN PUBLIC KEY-----\n")
    # text never shows private values
    text = key.text()
    assert kind in text and str(bits) in text
    assert pub.text().startswith(text.splitlines()[1].strip()[:3]) or kind in pub.text()


def test_private_key_no_secret_in_repr_or_text(rsa_key) -> None:
    der = rsa_key.to_der()
    body = b"".join(rsa_key.to_pem().splitlines()[1:-1]).decode()
    for shown in (repr(rsa_key), str(rsa_key), rsa_key.text()):
        assert body[40:80] not in shown
        assert der.hex()[-64:] not in shown.replace(":", "").lower()


def test_traditional_formats(keys) -> None:
    assert keys["rsa"].to_pem(format="traditional").startswith(b"-----BEGIN RSA PRIVATE KEY-----")
    assert keys["ec-p256"].to_pem(format="traditional").startswith(b"-----BEGIN EC PRIVATE KEY-----")
    legacy = keys["rsa"].to_pem(passphrase=b"pw", format="traditional", cipher="des3")
    assert b"Proc-Type: 4,ENCRYPTED" in legacy and b"DEK-Info: DES-EDE3-CBC," in legacy
    assert sslkit.PrivateKey.from_pem(legacy, passphrase=b"pw") == keys["rsa"]
    trad_der = keys["ec-p384"].to_der(format="traditional")
    assert sslkit.PrivateKey.from_der(trad_der) == keys["ec-p384"]


def test_contradictory_encoding_choices_are_refused(keys) -> None:
    # The core's EncodeOptions::validate, as the CLI and C see it: a cipher or a KDF without a
    # passphrase would encrypt nothing; PBKDF2 does not apply to the traditional layout.
    key = keys["ec-p256"]
    for call in (
        lambda: key.to_pem(cipher="des3"),
        lambda: key.to_der(kdf="pbkdf2"),
        lambda: key.to_pem(passphrase=b"pw", format="traditional", kdf="pbkdf2"),
    ):
        with pytest.raises(sslkit.InvalidInput):
            call()
    # The defaults contradict nothing.
    assert key.to_pem(passphrase=b"pw", format="traditional", cipher="des3")


def test_keys_equality_and_hash(keys) -> None:
    a = keys["ec-p256"]
    b = sslkit.PrivateKey.from_pem(a.to_pem())
    assert a == b and hash(a) == hash(b) and a is not b
    assert a != keys["ec-p384"]
    assert a != "not a key" and (a == 1) is False
    assert len({a, b, keys["ed25519"]}) == 2
    assert a.public_key() == b.public_key() and hash(a.public_key()) == hash(b.public_key())
    assert copy.copy(a) is a and copy.deepcopy(a) is a


def test_objects_are_immutable(keys, pki) -> None:
    for obj in [keys["rsa"], keys["rsa"].public_key(), pki["csr"], pki["leaf"], pki["root"]]:
        with pytest.raises(AttributeError):
            obj.bits = 1  # type: ignore[misc]
        with pytest.raises(AttributeError):
            obj.anything = 1
    with pytest.raises(TypeError):
        class Sub(sslkit.Certificate):  # type: ignore[misc]
            pass
    with pytest.raises(TypeError):
        sslkit.PrivateKey()  # type: ignore[call-arg]


def test_private_keys_are_not_picklable(rsa_key) -> None:
    with pytest.raises(TypeError):
        pickle.dumps(rsa_key)


def test_public_key_rsa_numbers(rsa_key, ec_key) -> None:
    pub = rsa_key.public_key()
    assert pub.rsa_exponent == 65537
    n = pub.rsa_modulus
    assert isinstance(n, int) and n.bit_length() == 2048
    assert ec_key.public_key().rsa_modulus is None and ec_key.public_key().rsa_exponent is None
    # the modulus line is exactly "Modulus=<HEX of n>\n"; the md5 is of that line
    assert sslkit.modulus(rsa_key) == f"Modulus={n:X}\n"
    assert sslkit.modulus_md5(rsa_key) == md5_of_modulus_line(n)
    pkcs1 = pub.to_pkcs1_pem()
    assert pkcs1.startswith(b"-----BEGIN RSA PUBLIC KEY-----")
    assert sslkit.PublicKey.from_pem(pkcs1) == pub
    assert sslkit.PublicKey.from_der(pub.to_pkcs1_der()) == pub
    with pytest.raises(sslkit.Unsupported):
        ec_key.public_key().to_pkcs1_der()


def test_spki_fingerprints(keys) -> None:
    for key in keys.values():
        pub = key.public_key()
        digest = hashlib.sha256(pub.to_der()).digest()
        assert pub.spki_fingerprint() == ":".join(f"{b:02X}" for b in digest)
        import base64

        assert pub.spki_pin_sha256() == base64.b64encode(digest).decode()


@pytest.mark.parametrize("kind", ["rsa", "ec-p256", "ec-p384", "ed25519"])
def test_sign_and_verify(keys, kind: str) -> None:
    key = keys[kind]
    sig = key.sign(b"hello")
    key.public_key().verify(sig, b"hello")
    with pytest.raises(sslkit.VerificationError):
        key.public_key().verify(sig, b"hellO")
    expected = {
        "rsa": "sha256WithRSAEncryption",
        "ec-p256": "ecdsa-with-SHA256",
        "ec-p384": "ecdsa-with-SHA384",
        "ed25519": "ED25519",
    }[kind]
    assert key.signature_algorithm() == expected


def test_rsa_sign_hashes(rsa_key) -> None:
    assert rsa_key.signature_algorithm("sha512") == "sha512WithRSAEncryption"
    sig = rsa_key.sign(b"data", hash="sha384")
    rsa_key.public_key().verify(sig, b"data", hash="sha384")
    with pytest.raises(sslkit.VerificationError):
        rsa_key.public_key().verify(sig, b"data", hash="sha256")


def test_matches(keys, pki) -> None:
    key = pki["key"]
    assert key.matches(pki["leaf"]) and key.matches(pki["csr"])
    assert key.matches(key.public_key()) and key.matches(key)
    assert not keys["ec-p256"].matches(pki["leaf"])
    with pytest.raises(TypeError):
        key.matches(b"bytes")  # type: ignore[arg-type]


def test_load_from_paths(tmp_path: Path, rsa_key, pki) -> None:
    p = tmp_path / "key.pem"
    p.write_bytes(rsa_key.to_pem(passphrase=b"pw", kdf="pbkdf2"))
    assert sslkit.PrivateKey.load(p, passphrase=b"pw") == rsa_key  # PathLike
    assert sslkit.PrivateKey.load(str(p), passphrase=b"pw") == rsa_key  # str
    (tmp_path / "pub.der").write_bytes(rsa_key.public_key().to_der())
    assert sslkit.PublicKey.load(tmp_path / "pub.der") == rsa_key.public_key()
    (tmp_path / "req.pem").write_bytes(pki["csr"].to_pem())
    assert sslkit.CertificateSigningRequest.load(pathlib.PurePath(tmp_path / "req.pem")) == pki["csr"]
    (tmp_path / "c.der").write_bytes(pki["leaf"].to_der())
    assert sslkit.Certificate.load(os.fspath(tmp_path / "c.der")) == pki["leaf"]


# --- CSR ------------------------------------------------------------------------------------


def test_csr(ec_key) -> None:
    csr = sslkit.CertificateSigningRequest.create(
        ec_key,
        subject="/C=US/ST=CA/O=Foo/CN=www.foo.dom",
        sans=["www.foo.dom", "127.0.0.1", "email:admin@foo.dom", "URI:https://foo.dom/"],
    )
    assert csr.subject == "CN=www.foo.dom,O=Foo,ST=CA,C=US"
    assert csr.common_name == "www.foo.dom"
    assert csr.sans == [
        "DNS:www.foo.dom",
        "IP:127.0.0.1",
        "email:admin@foo.dom",
        "URI:https://foo.dom/",
    ]
    assert csr.verify() is True
    assert csr.signature_algorithm == "ecdsa-with-SHA256"
    assert csr.public_key() == ec_key.public_key()
    assert csr.challenge_password is None
    assert [e.name for e in csr.extensions] == ["subjectAltName"]
    assert csr.to_pem().startswith(b"-----BEGIN CERTIFICATE REQUEST-----\n")
    assert sslkit.CertificateSigningRequest.from_pem(csr.to_pem()) == csr
    assert sslkit.CertificateSigningRequest.from_der(csr.to_der()) == csr
    assert sslkit.CertificateSigningRequest.from_bytes(csr.to_der()) == csr
    assert repr(csr) == "<CertificateSigningRequest subject='CN=www.foo.dom,O=Foo,ST=CA,C=US'>"
    assert "www.foo.dom" in csr.text()
    assert pickle.loads(pickle.dumps(csr)) == csr
    assert hash(csr) == hash(sslkit.CertificateSigningRequest.from_der(csr.to_der()))
    # RFC 4514 input gives the same name as the -subj form
    other = sslkit.CertificateSigningRequest.create(ec_key, "CN=www.foo.dom,O=Foo,ST=CA,C=US")
    assert other.subject == csr.subject and other.sans == []


def test_csr_hash_option(rsa_key) -> None:
    csr = sslkit.CertificateSigningRequest.create(rsa_key, "/CN=x.test", hash="sha384")
    assert csr.signature_algorithm == "sha384WithRSAEncryption"


# --- Certificate ----------------------------------------------------------------------------


def test_self_signed_certificate(ec_key) -> None:
    now = datetime.datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)
    cert = sslkit.Certificate.self_signed(
        ec_key, subject="/CN=localhost", sans=["localhost", "::1"], days=30, now=now
    )
    assert cert.subject == "CN=localhost" and cert.issuer == "CN=localhost"
    assert cert.common_name == "localhost"
    assert cert.sans == ["DNS:localhost", "IP:::1"]
    assert cert.not_before == now - datetime.timedelta(minutes=5)
    assert cert.not_after == now + datetime.timedelta(days=30)
    assert cert.not_before.tzinfo is not None and cert.not_before.utcoffset() == datetime.timedelta(0)
    assert cert.is_valid_at(now) and not cert.is_valid_at(now + datetime.timedelta(days=31))
    assert cert.is_valid_at(datetime.datetime(2030, 1, 10))  # naive = UTC
    assert not cert.is_valid_at()  # now (before 2030)
    plus_two = datetime.timezone(datetime.timedelta(hours=2))
    same = sslkit.Certificate.self_signed(ec_key, "/CN=localhost", now=now.astimezone(plus_two))
    assert same.not_before == cert.not_before  # any aware zone means the same instant
    assert not cert.is_ca and cert.basic_constraints is not None
    bc = cert.basic_constraints
    assert bc.ca is False and bc.path_len is None
    assert cert.key_usage == ["digitalSignature"]
    assert cert.extended_key_usage == ["serverAuth"]
    assert cert.subject_key_id is not None and cert.authority_key_id == cert.subject_key_id
    assert cert.ca_issuers_urls == [] and cert.ocsp_urls == []
    assert cert.is_self_issued
    assert cert.signature_algorithm == "ecdsa-with-SHA256"
    assert cert.public_key() == ec_key.public_key()
    cert.verify_signed_by(cert)
    cert.verify_signed_by(ec_key.public_key())
    names = [e.name for e in cert.extensions]
    assert "subjectAltName" in names and "basicConstraints" in names
    ext = cert.extensions[0]
    assert isinstance(ext.oid, str) and ext.oid.count(".") >= 2
    assert isinstance(ext.critical, bool) and isinstance(ext.value, bytes)
    assert repr(ext).startswith("<Extension ")
    assert ext == cert.extensions[0] and hash(ext) == hash(cert.extensions[0])
    assert repr(bc).startswith("<BasicConstraints ca=False")
    # serial: an int, positive, at most 128 bits; the hex form is openssl's
    assert 0 < cert.serial < 2**128
    assert int(cert.serial_hex, 16) == cert.serial
    # fingerprints over the DER
    der = cert.to_der()
    assert cert.fingerprint() == ":".join(f"{b:02X}" for b in hashlib.sha256(der).digest())
    assert cert.fingerprint("sha1") == ":".join(f"{b:02X}" for b in hashlib.sha1(der).digest())
    assert cert.to_pem().startswith(b"-----BEGIN CERTIFICATE-----\n")
    assert sslkit.Certificate.from_pem(cert.to_pem()) == cert
    assert sslkit.Certificate.from_der(der) == cert
    assert sslkit.Certificate.from_bytes(der) == cert
    assert repr(cert) == f"<Certificate subject='CN=localhost' serial={cert.serial_hex}>"
    assert "localhost" in cert.text()
    assert pickle.loads(pickle.dumps(cert)) == cert
    assert copy.deepcopy(cert) is cert


def test_self_signed_defaults_and_profiles(rsa_key) -> None:
    cert = sslkit.Certificate.self_signed(rsa_key, "/CN=a.test")
    assert cert.sans == ["DNS:a.test"]  # the CN is always a SAN for a server
    assert cert.not_after - cert.not_before == datetime.timedelta(days=365, minutes=5)
    assert cert.key_usage == ["digitalSignature", "keyEncipherment"]
    client = sslkit.Certificate.self_signed(rsa_key, "/CN=client", profile="client")
    assert client.extended_key_usage == ["clientAuth"]
    root = sslkit.Certificate.self_signed(rsa_key, "/CN=root", profile="root", hash="sha512")
    assert root.is_ca and root.signature_algorithm == "sha512WithRSAEncryption"


# --- CA -------------------------------------------------------------------------------------


def test_certificate_authority(pki, keys) -> None:
    root, inter, leaf = pki["root"], pki["inter"], pki["leaf"]
    assert repr(root) == "<CertificateAuthority subject='CN=Example Root CA,O=Example,C=US'>"
    assert root.certificate.is_ca and root.certificate.basic_constraints.path_len is None
    assert inter.certificate.basic_constraints.path_len == 0
    assert inter.certificate.issuer == root.certificate.subject
    assert root.certificate.not_after - root.certificate.not_before == datetime.timedelta(
        days=3650, minutes=5
    )
    assert root.key.algorithm == "ec-p384" and inter.key.algorithm == "ec-p256"
    assert leaf.issuer == inter.certificate.subject
    assert leaf.sans == ["DNS:www.foo.dom", "IP:127.0.0.1"]
    assert leaf.authority_key_id == inter.certificate.subject_key_id
    leaf.verify_signed_by(inter.certificate)
    with pytest.raises(sslkit.VerificationError):
        leaf.verify_signed_by(root.certificate)
    # wrap an existing CA; equality is certificate + key
    again = sslkit.CertificateAuthority(root.certificate, root.key)
    assert again == root and hash(again) == hash(root)
    assert again != inter
    with pytest.raises(sslkit.KeyMismatch):
        sslkit.CertificateAuthority(root.certificate, inter.key)
    with pytest.raises(sslkit.InvalidInput):
        sslkit.CertificateAuthority(leaf, pki["key"])


def test_ca_default_key_is_rsa_3072() -> None:
    root = sslkit.CertificateAuthority.create_root("/CN=Default Key Root")
    assert (root.key.algorithm, root.key.bits) == ("rsa", 3072)


def test_ca_sign_profiles(pki, keys) -> None:
    root = pki["root"]
    csr = sslkit.CertificateSigningRequest.create(keys["ed25519"], "/CN=Client One")
    client = root.sign(csr, profile="client", days=10)
    assert client.extended_key_usage == ["clientAuth"]
    assert client.not_after - client.not_before == datetime.timedelta(days=10, minutes=5)
    both = root.sign(csr, profile="server-client")
    assert both.extended_key_usage == ["serverAuth", "clientAuth"]
    sub = root.sign(csr, profile="intermediate", path_len=2)
    assert sub.is_ca and sub.basic_constraints.path_len == 2
    with pytest.raises(sslkit.InvalidInput):
        root.sign(csr, profile="server", path_len=1)
    with pytest.raises(sslkit.InvalidInput):
        pki["inter"].create_intermediate("/CN=Too Deep", key=keys["ed25519"])  # pathlen 0
    unlimited = root.create_intermediate("/CN=Unlimited", key=keys["ed25519"], path_len=None)
    assert unlimited.certificate.basic_constraints.path_len is None


def test_ca_sign_pins_time(pki, keys) -> None:
    when = datetime.datetime(2031, 6, 1, tzinfo=UTC)
    csr = sslkit.CertificateSigningRequest.create(keys["ec-p256"], "/CN=t.test")
    cert = pki["root"].sign(csr, now=when, days=1)
    assert cert.not_before == when - datetime.timedelta(minutes=5)


def test_ca_load(tmp_path: Path, pki) -> None:
    root = pki["root"]
    (tmp_path / "ca.crt").write_bytes(root.certificate.to_pem())
    (tmp_path / "ca.key").write_bytes(root.key.to_pem(passphrase=b"pw", kdf="pbkdf2"))
    loaded = sslkit.CertificateAuthority.load(tmp_path / "ca.crt", tmp_path / "ca.key", b"pw")
    assert loaded == root


# --- module functions -----------------------------------------------------------------------


def test_load_certificates_and_pem_blocks(pki) -> None:
    bundle = pki["leaf"].to_pem() + b"junk between\n" + pki["inter"].certificate.to_pem()
    certs = sslkit.load_certificates(bundle)
    assert certs == [pki["leaf"], pki["inter"].certificate]
    assert sslkit.load_certificates(pki["leaf"].to_der()) == [pki["leaf"]]
    blocks = sslkit.pem_blocks(bundle + pki["key"].public_key().to_pem())
    assert [label for label, _ in blocks] == ["CERTIFICATE", "CERTIFICATE", "PUBLIC KEY"]
    assert blocks[0][1] == pki["leaf"].to_der()


def test_modulus_functions(pki, keys) -> None:
    key, csr, leaf = pki["key"], pki["csr"], pki["leaf"]
    n = key.public_key().rsa_modulus
    assert n is not None
    for obj in (key, key.public_key(), csr, leaf):
        assert sslkit.modulus(obj) == f"Modulus={n:X}\n"
        assert sslkit.modulus_md5(obj) == md5_of_modulus_line(n)
    with pytest.raises(sslkit.Unsupported, match="fingerprint"):
        sslkit.modulus_md5(keys["ec-p256"])
    with pytest.raises(TypeError):
        sslkit.modulus_md5(b"-----BEGIN CERTIFICATE-----")  # type: ignore[arg-type]


def test_check_match(pki, keys) -> None:
    sslkit.check_match(pki["key"], cert=pki["leaf"], csr=pki["csr"])
    sslkit.check_match(pki["key"], csr=pki["csr"])
    with pytest.raises(sslkit.KeyMismatch, match="certificate"):
        sslkit.check_match(keys["ec-p256"], cert=pki["leaf"])
    with pytest.raises(sslkit.InvalidInput):
        sslkit.check_match(pki["key"])


def test_assemble_chain(pki) -> None:
    root, inter, leaf = pki["root"].certificate, pki["inter"].certificate, pki["leaf"]
    pool = [root, leaf, inter, inter]  # unordered, duplicates, the leaf itself
    assert sslkit.assemble_chain(leaf, pool) == [leaf, inter]
    assert sslkit.assemble_chain(leaf, pool, include_root=True) == [leaf, inter, root]
    assert sslkit.assemble_chain(leaf, [inter], roots=[root]) == [leaf, inter]
    bundle = root.to_pem() + inter.to_pem()
    assert sslkit.assemble_chain(leaf, bundle, roots=root.to_pem(), include_root=True) == [
        leaf,
        inter,
        root,
    ]
    assert sslkit.assemble_chain(leaf, iter(pool), at=datetime.datetime.now(UTC)) == [leaf, inter]
    with pytest.raises(sslkit.ChainIncomplete, match="Example Intermediate CA"):
        sslkit.assemble_chain(leaf, [root])


def test_verify_chain_and_check_host(pki) -> None:
    root, inter, leaf = pki["root"].certificate, pki["inter"].certificate, pki["leaf"]
    path = sslkit.verify_chain(leaf, [inter], roots=[root], host="www.foo.dom")
    assert path == [leaf, inter, root]
    assert sslkit.verify_chain(leaf, untrusted=inter.to_pem(), roots=root.to_pem()) == path
    sslkit.check_host(leaf, "www.foo.dom")
    sslkit.check_host(leaf, "127.0.0.1")
    with pytest.raises(sslkit.VerificationError):
        sslkit.check_host(leaf, "evil.example")
    with pytest.raises(sslkit.VerificationError):
        sslkit.verify_chain(leaf, [inter], roots=[root], host="evil.example")
    far = datetime.datetime(2300, 1, 1, tzinfo=UTC)
    with pytest.raises(sslkit.VerificationError, match="expired"):
        sslkit.verify_chain(leaf, [inter], roots=[root], at=far)
    with pytest.raises(sslkit.ChainIncomplete):
        sslkit.verify_chain(leaf, [], roots=[root])


def test_system_roots() -> None:
    if not Path(sslkit.SYSTEM_ROOTS).exists() and "SSL_CERT_FILE" not in os.environ:
        pytest.skip("SKIPPED: no system CA bundle on this machine")
    roots = sslkit.system_roots()
    assert len(roots) > 10 and all(c.is_self_issued for c in roots[:5])


def test_pem_der_conversion(pki, rsa_key) -> None:
    leaf = pki["leaf"]
    assert sslkit.pem_to_der(leaf.to_pem()) == leaf.to_der()
    assert sslkit.der_to_pem(leaf.to_der()) == leaf.to_pem()
    assert sslkit.der_to_pem(pki["csr"].to_der(), label="CERTIFICATE REQUEST") == pki["csr"].to_pem()
    assert sslkit.der_to_pem(rsa_key.to_der(), label=None) == rsa_key.to_pem()
    assert sslkit.pem_to_der(rsa_key.to_pem()) == rsa_key.to_der()
    with pytest.raises(sslkit.ParseError):
        sslkit.der_to_pem(rsa_key.to_der())  # a key is not a CERTIFICATE
    assert sslkit.detect_label(leaf.to_der()) == "CERTIFICATE"
    assert sslkit.detect_label(pki["csr"].to_der()) == "CERTIFICATE REQUEST"
    assert sslkit.detect_label(rsa_key.to_der(format="traditional")) == "RSA PRIVATE KEY"
    assert sslkit.detect_label(rsa_key.public_key().to_der()) == "PUBLIC KEY"
    with pytest.raises(sslkit.InvalidInput, match="2"):
        sslkit.pem_to_der(leaf.to_pem() + leaf.to_pem())


def test_readme_python_example_runs() -> None:
    from conftest import REPO

    readme = (REPO / "README.md").read_text()
    section = readme.split("## The Python package", 1)[1]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)
    assert isinstance(namespace["cert"], sslkit.Certificate)
    assert namespace["chain"][1] == namespace["inter"].certificate


def test_load_object(pki, keys) -> None:
    key = keys["ec-p256"]
    assert sslkit.load_object(key.to_pem()) == key
    assert sslkit.load_object(key.to_der(passphrase=b"pw", kdf="pbkdf2"), passphrase=b"pw") == key
    assert sslkit.load_object(key.public_key().to_der()) == key.public_key()
    assert sslkit.load_object(pki["leaf"].to_der()) == pki["leaf"]
    assert sslkit.load_object(b"text first\n" + pki["csr"].to_pem()) == pki["csr"]
    found = sslkit.load_object(pki["leaf"].to_pem())
    assert isinstance(found, sslkit.Certificate)
    with pytest.raises(sslkit.PassphraseRequired):
        sslkit.load_object(key.to_pem(passphrase=b"pw", kdf="pbkdf2"))
    with pytest.raises(sslkit.ParseError):
        sslkit.load_object(b"nothing here")


def test_check(pki, keys) -> None:
    root, inter, leaf, key = pki["root"], pki["inter"], pki["leaf"], pki["key"]
    good = sslkit.check(leaf, key=key, chain=[inter.certificate], host="www.foo.dom",
                        roots=[root.certificate])
    assert [f for f in good if f.severity == "error"] == []
    bad = sslkit.check(leaf, key=keys["ec-p256"], chain=[], host="other.test",
                       roots=root.certificate.to_pem())
    errors = [f for f in bad if f.severity == "error"]
    assert "key-mismatch" in {f.code for f in errors}
    assert len(errors) >= 3  # the key, the missing intermediate, the host
    assert bad == sorted(bad, key=lambda f: ["error", "warning", "info"].index(f.severity))
    f = errors[0]
    assert f.message and f.fix and f.severity in str(f) and f.fix in str(f)
    assert repr(f) == f"<Finding error {f.code}>"
    assert f == errors[0] and hash(f) == hash(errors[0])
    expiring = sslkit.check(leaf, key=key, chain=[inter.certificate], roots=[root.certificate],
                            at=leaf.not_after - datetime.timedelta(days=2))
    assert any(x.severity == "warning" for x in expiring)


def test_check_files(tmp_path: Path, pki) -> None:
    root, inter, leaf, key = pki["root"], pki["inter"], pki["leaf"], pki["key"]
    (tmp_path / "server.key").write_bytes(key.to_pem(passphrase=b"pw", kdf="pbkdf2"))
    (tmp_path / "server.crt").write_bytes(leaf.to_pem())
    (tmp_path / "chain.pem").write_bytes(inter.certificate.to_pem())
    findings = sslkit.check_files(tmp_path / "server.key", tmp_path / "server.crt",
                                  chain_path=tmp_path / "chain.pem", passphrase=b"pw",
                                  host="www.foo.dom", roots=[root.certificate])
    assert [f.code for f in findings if f.severity == "error"] == []
    unchecked = sslkit.check_files(str(tmp_path / "server.key"), str(tmp_path / "server.crt"),
                                   roots=[root.certificate])
    assert "key-not-checked" in {f.code for f in unchecked}
    with pytest.raises(sslkit.IoError):
        sslkit.check_files(tmp_path / "server.key", tmp_path / "missing.crt")
