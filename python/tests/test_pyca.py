"""Cross-checks with pyca/cryptography, in both directions: pyca loads what sslkit writes and
verifies its signatures (and its chains, with pyca's own X.509 verifier); sslkit loads what pyca
writes and verifies pyca's signatures. Without pyca these tests say SKIPPED, unless
SSLKIT_REQUIRE_PYCA=1 (set by scripts/test), which makes that a failure."""

from __future__ import annotations

import datetime
import os
from typing import Any, Dict, List

import pytest

import sslkit

try:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, padding, rsa, x25519
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
except ImportError:  # pragma: no cover
    if os.environ.get("SSLKIT_REQUIRE_PYCA") == "1":
        raise
    pytest.skip("SKIPPED: pyca/cryptography is not installed", allow_module_level=True)

UTC = datetime.timezone.utc
KINDS = ["rsa", "ec-p256", "ec-p384", "ed25519"]


def pyca_spki(key: Any) -> bytes:
    return key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def pyca_verify(public: Any, sig: bytes, data: bytes, kind: str, hash_name: str = "sha256") -> None:
    h = {"sha256": hashes.SHA256(), "sha384": hashes.SHA384(), "sha512": hashes.SHA512()}[hash_name]
    if kind == "rsa":
        public.verify(sig, data, padding.PKCS1v15(), h)
    elif kind == "ec-p256":
        public.verify(sig, data, ec.ECDSA(hashes.SHA256()))
    elif kind == "ec-p384":
        public.verify(sig, data, ec.ECDSA(hashes.SHA384()))
    else:
        public.verify(sig, data)


def pyca_generate(kind: str) -> Any:
    if kind == "rsa":
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    if kind == "ec-p256":
        return ec.generate_private_key(ec.SECP256R1())
    if kind == "ec-p384":
        return ec.generate_private_key(ec.SECP384R1())
    return ed25519.Ed25519PrivateKey.generate()


@pytest.fixture(scope="module")
def pyca_keys() -> Dict[str, Any]:
    return {kind: pyca_generate(kind) for kind in KINDS}


# --- sslkit writes, pyca reads ----------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_pyca_reads_sslkit_keys(keys, kind: str) -> None:
    key = keys[kind]
    spki = key.public_key().to_der()
    variants: List[tuple] = [
        (key.to_pem(), None, "pem"),
        (key.to_der(), None, "der"),
        (key.to_pem(passphrase=b"pw"), b"pw", "pem"),  # scrypt, AES-256-CBC
        (key.to_pem(passphrase=b"pw", kdf="pbkdf2"), b"pw", "pem"),
        (key.to_pem(passphrase=b"pw", kdf="pbkdf2", cipher="des3"), b"pw", "pem"),
        (key.to_der(passphrase=b"pw", kdf="pbkdf2"), b"pw", "der"),
    ]
    if kind != "ed25519":
        variants += [
            (key.to_pem(format="traditional"), None, "pem"),
            (key.to_der(format="traditional"), None, "der"),
            (key.to_pem(passphrase=b"pw", format="traditional"), b"pw", "pem"),
            (key.to_pem(passphrase=b"pw", format="traditional", cipher="des3"), b"pw", "pem"),
        ]
    for data, password, enc in variants:
        loader = (
            serialization.load_pem_private_key if enc == "pem" else serialization.load_der_private_key
        )
        loaded = loader(data, password=password)
        assert pyca_spki(loaded) == spki, data[:40]
    pub = serialization.load_pem_public_key(key.public_key().to_pem())
    assert pub.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    ) == spki
    if kind == "rsa":
        pkcs1 = serialization.load_der_public_key(key.public_key().to_pkcs1_der())
        assert pkcs1.public_numbers().n == key.public_key().rsa_modulus
        assert pkcs1.public_numbers().e == 65537


def test_pyca_sees_the_same_rsa_numbers(rsa_key) -> None:
    loaded = serialization.load_pem_private_key(rsa_key.to_pem(), password=None)
    numbers = loaded.private_numbers()
    assert numbers.public_numbers.n == rsa_key.public_key().rsa_modulus
    assert numbers.public_numbers.e == 65537
    assert numbers.public_numbers.n.bit_length() == 2048
    assert numbers.p * numbers.q == numbers.public_numbers.n


@pytest.mark.parametrize("kind", KINDS)
def test_pyca_verifies_sslkit_signatures(keys, kind: str) -> None:
    key = keys[kind]
    pub = serialization.load_der_public_key(key.public_key().to_der())
    sig = key.sign(b"the message")
    pyca_verify(pub, sig, b"the message", kind)
    if kind == "rsa":
        for h in ("sha384", "sha512"):
            pyca_verify(pub, key.sign(b"m", hash=h), b"m", kind, h)


@pytest.mark.parametrize("kind", KINDS)
def test_pyca_reads_sslkit_csr(keys, kind: str) -> None:
    csr = sslkit.CertificateSigningRequest.create(
        keys[kind], "/C=US/ST=CA/O=Foo Inc/CN=www.foo.dom", sans=["www.foo.dom", "10.0.0.1"]
    )
    p = x509.load_pem_x509_csr(csr.to_pem())
    assert p.is_signature_valid
    assert p.subject.rfc4514_string() == "CN=www.foo.dom,O=Foo Inc,ST=CA,C=US"
    assert csr.subject == p.subject.rfc4514_string()
    san = p.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert san.get_values_for_type(x509.DNSName) == ["www.foo.dom"]
    assert [str(ip) for ip in san.get_values_for_type(x509.IPAddress)] == ["10.0.0.1"]
    assert p.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    ) == keys[kind].public_key().to_der()
    assert x509.load_der_x509_csr(csr.to_der()).is_signature_valid


@pytest.mark.parametrize("kind", KINDS)
def test_pyca_reads_sslkit_certificates(keys, kind: str) -> None:
    now = datetime.datetime(2031, 3, 4, 5, 6, 7, tzinfo=UTC)
    cert = sslkit.Certificate.self_signed(
        keys[kind], "/O=Foo/CN=localhost", sans=["localhost", "127.0.0.1"], days=90, now=now
    )
    p = x509.load_pem_x509_certificate(cert.to_pem())
    assert p.version == x509.Version.v3
    assert p.serial_number == cert.serial
    assert p.not_valid_before_utc == cert.not_before == now - datetime.timedelta(minutes=5)
    assert p.not_valid_after_utc == cert.not_after == now + datetime.timedelta(days=90)
    assert p.subject.rfc4514_string() == cert.subject == "CN=localhost,O=Foo"
    assert p.issuer == p.subject
    p.verify_directly_issued_by(p)  # pyca checks sslkit's self-signature
    assert p.fingerprint(hashes.SHA256()).hex().upper() == cert.fingerprint().replace(":", "")
    san = p.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert san.get_values_for_type(x509.DNSName) == ["localhost"]
    bc = p.extensions.get_extension_for_class(x509.BasicConstraints)
    assert bc.critical and bc.value.ca is False
    eku = p.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert list(eku) == [ExtendedKeyUsageOID.SERVER_AUTH]
    ski = p.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    assert ski.digest == cert.subject_key_id


def test_pyca_verifies_sslkit_chain(pki) -> None:
    """pyca's own RFC 5280 path validation (cryptography.x509.verification) accepts the chain
    sslkit's CA made and sslkit's assemble_chain ordered."""
    verification = pytest.importorskip("cryptography.x509.verification")
    root, inter = pki["root"].certificate, pki["inter"].certificate
    chain = sslkit.assemble_chain(pki["leaf"], [root, inter], include_root=False)
    p_leaf, *p_inter = [x509.load_der_x509_certificate(c.to_der()) for c in chain]
    p_root = x509.load_der_x509_certificate(root.to_der())
    store = verification.Store([p_root])
    verifier = (
        verification.PolicyBuilder()
        .store(store)
        .time(datetime.datetime.now(UTC))
        .build_server_verifier(x509.DNSName("www.foo.dom"))
    )
    path = verifier.verify(p_leaf, p_inter)
    assert [c.subject.rfc4514_string() for c in path] == [c.subject for c in chain + [root]]
    p_leaf.verify_directly_issued_by(p_inter[0])
    p_inter[0].verify_directly_issued_by(p_root)


def test_pyca_verifies_rsa_ca_chain(keys) -> None:
    verification = pytest.importorskip("cryptography.x509.verification")
    root = sslkit.CertificateAuthority.create_root("/CN=RSA Root")  # RSA 3072 by default
    inter = root.create_intermediate("/CN=RSA Inter", key=keys["rsa"])
    leaf_key = keys["ec-p384"]
    leaf = inter.sign(sslkit.CertificateSigningRequest.create(leaf_key, "/CN=rsa.example.test"))
    store = verification.Store([x509.load_pem_x509_certificate(root.certificate.to_pem())])
    verifier = (
        verification.PolicyBuilder().store(store).build_server_verifier(x509.DNSName("rsa.example.test"))
    )
    verifier.verify(
        x509.load_pem_x509_certificate(leaf.to_pem()),
        [x509.load_pem_x509_certificate(inter.certificate.to_pem())],
    )


# --- pyca writes, sslkit reads ----------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_sslkit_reads_pyca_keys(pyca_keys, kind: str) -> None:
    key = pyca_keys[kind]
    spki = pyca_spki(key)
    E, F = serialization.Encoding, serialization.PrivateFormat
    formats = [F.PKCS8] + ([F.TraditionalOpenSSL] if kind != "ed25519" else [])
    for fmt in formats:
        for enc in (E.PEM, E.DER):
            for password in (None, b"pyca-pw"):
                if fmt == F.TraditionalOpenSSL and enc == E.DER and password:
                    continue  # no such thing
                algorithm = (
                    serialization.BestAvailableEncryption(password)
                    if password
                    else serialization.NoEncryption()
                )
                data = key.private_bytes(enc, fmt, algorithm)
                loaded = sslkit.PrivateKey.from_bytes(data, passphrase=password)
                assert loaded.public_key().to_der() == spki, (fmt, enc, password)
                if password:
                    with pytest.raises(sslkit.WrongPassphrase):
                        sslkit.PrivateKey.from_bytes(data, passphrase=b"wrong")
                    with pytest.raises(sslkit.PassphraseRequired):
                        sslkit.PrivateKey.from_bytes(data)
    pub_pem = key.public_key().public_bytes(E.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    assert sslkit.PublicKey.from_pem(pub_pem).to_der() == spki
    if kind == "rsa":
        pkcs1 = key.public_key().public_bytes(E.PEM, serialization.PublicFormat.PKCS1)
        assert sslkit.PublicKey.from_pem(pkcs1).to_der() == spki
        n = key.public_key().public_numbers().n
        from conftest import md5_of_modulus_line

        assert sslkit.modulus_md5(sslkit.PublicKey.from_pem(pub_pem)) == md5_of_modulus_line(n)


@pytest.mark.parametrize("kind", KINDS)
def test_sslkit_verifies_pyca_signatures(pyca_keys, kind: str) -> None:
    key = pyca_keys[kind]
    data = b"signed by pyca"
    if kind == "rsa":
        sig = key.sign(data, padding.PKCS1v15(), hashes.SHA256())
    elif kind == "ec-p256":
        sig = key.sign(data, ec.ECDSA(hashes.SHA256()))
    elif kind == "ec-p384":
        sig = key.sign(data, ec.ECDSA(hashes.SHA384()))
    else:
        sig = key.sign(data)
    pub = sslkit.PublicKey.from_der(pyca_spki(key))
    pub.verify(sig, data)
    with pytest.raises(sslkit.VerificationError):
        pub.verify(sig, data + b"!")


def _pyca_name(cn: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "US"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Pyca Org"),
            x509.NameAttribute(NameOID.COMMON_NAME, cn),
        ]
    )


def _pyca_ca(key: Any, cn: str) -> x509.Certificate:
    now = datetime.datetime.now(UTC)
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    return (
        x509.CertificateBuilder()
        .subject_name(_pyca_name(cn))
        .issuer_name(_pyca_name(cn))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False, content_commitment=False, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(ski, critical=False)
        .sign(key, hashes.SHA256() if not isinstance(key, ed25519.Ed25519PrivateKey) else None)
    )


def test_sslkit_reads_pyca_csr_and_signs_it(pyca_keys, pki) -> None:
    key = pyca_keys["ec-p256"]
    csr = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(_pyca_name("pyca.example.test"))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("pyca.example.test"), x509.DNSName("www.pyca.example.test")]
            ),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    s = sslkit.CertificateSigningRequest.from_pem(csr.public_bytes(serialization.Encoding.PEM))
    assert s.verify()
    assert s.subject == csr.subject.rfc4514_string()
    assert s.sans == ["DNS:pyca.example.test", "DNS:www.pyca.example.test"]
    assert s.public_key().to_der() == pyca_spki(key)
    leaf = pki["inter"].sign(s)
    p = x509.load_der_x509_certificate(leaf.to_der())
    p.verify_directly_issued_by(x509.load_der_x509_certificate(pki["inter"].certificate.to_der()))
    assert p.extensions.get_extension_for_class(x509.SubjectAlternativeName).value.get_values_for_type(
        x509.DNSName
    ) == ["pyca.example.test", "www.pyca.example.test"]


@pytest.mark.parametrize("kind", KINDS)
def test_sslkit_runs_a_pyca_made_ca(pyca_keys, keys, kind: str) -> None:
    """A CA made by pyca, loaded into sslkit, signs a request; pyca verifies the result."""
    ca_key = pyca_keys[kind]
    ca_cert = _pyca_ca(ca_key, f"Pyca {kind} CA")
    ca = sslkit.CertificateAuthority(
        sslkit.Certificate.from_pem(ca_cert.public_bytes(serialization.Encoding.PEM)),
        sslkit.PrivateKey.from_pem(
            ca_key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.BestAvailableEncryption(b"ca-pw"),
            ),
            passphrase=b"ca-pw",
        ),
    )
    assert ca.certificate.subject == ca_cert.subject.rfc4514_string()
    assert ca.certificate.serial == ca_cert.serial_number
    assert ca.certificate.not_after == ca_cert.not_valid_after_utc.replace(microsecond=0)
    csr = sslkit.CertificateSigningRequest.create(keys["ec-p256"], "/CN=leaf.pyca.test")
    leaf = ca.sign(csr, days=30)
    p = x509.load_der_x509_certificate(leaf.to_der())
    p.verify_directly_issued_by(ca_cert)
    assert p.issuer == ca_cert.subject
    aki = p.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier).value
    ski = ca_cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    assert aki.key_identifier == ski.digest
    # and sslkit checks pyca's self-signature on the CA
    ca.certificate.verify_signed_by(ca.certificate)


def test_sslkit_reads_pyca_certificate_fields(pyca_keys) -> None:
    key = pyca_keys["rsa"]
    before = datetime.datetime(2030, 5, 6, 7, 8, 9, tzinfo=UTC)
    after = datetime.datetime(2050, 1, 1, tzinfo=UTC)  # GeneralizedTime after 2049
    cert = (
        x509.CertificateBuilder()
        .subject_name(_pyca_name("fields.test"))
        .issuer_name(_pyca_name("fields.test"))
        .public_key(key.public_key())
        .serial_number(0x00FEDCBA9876543210)
        .not_valid_before(before)
        .not_valid_after(after)
        .add_extension(
            x509.SubjectAlternativeName(
                [
                    x509.DNSName("fields.test"),
                    x509.RFC822Name("admin@fields.test"),
                    x509.UniformResourceIdentifier("https://fields.test/"),
                ]
            ),
            critical=False,
        )
        .add_extension(
            x509.AuthorityInformationAccess(
                [
                    x509.AccessDescription(
                        x509.oid.AuthorityInformationAccessOID.CA_ISSUERS,
                        x509.UniformResourceIdentifier("http://ca.fields.test/ca.crt"),
                    ),
                    x509.AccessDescription(
                        x509.oid.AuthorityInformationAccessOID.OCSP,
                        x509.UniformResourceIdentifier("http://ocsp.fields.test/"),
                    ),
                ]
            ),
            critical=False,
        )
        .sign(key, hashes.SHA384())
    )
    s = sslkit.Certificate.from_der(cert.public_bytes(serialization.Encoding.DER))
    assert s.serial == 0xFEDCBA9876543210
    assert s.serial_hex == "FEDCBA9876543210"
    assert s.not_before == before and s.not_after == after
    assert s.sans == ["DNS:fields.test", "email:admin@fields.test", "URI:https://fields.test/"]
    assert s.ca_issuers_urls == ["http://ca.fields.test/ca.crt"]
    assert s.ocsp_urls == ["http://ocsp.fields.test/"]
    assert s.signature_algorithm == "sha384WithRSAEncryption"
    assert s.basic_constraints is None and not s.is_ca
    assert s.fingerprint("sha1").replace(":", "").lower() == cert.fingerprint(hashes.SHA1()).hex()
    s.verify_signed_by(s)


def test_sslkit_refuses_pyca_keys_it_does_not_support() -> None:
    E, F = serialization.Encoding, serialization.PrivateFormat
    others = [
        ec.generate_private_key(ec.SECP521R1()),
        ec.generate_private_key(ec.SECP256K1()),
        ed448.Ed448PrivateKey.generate(),
        x25519.X25519PrivateKey.generate(),
        dsa.generate_private_key(key_size=1024),
    ]
    for key in others:
        pem = key.private_bytes(E.PEM, F.PKCS8, serialization.NoEncryption())
        with pytest.raises(sslkit.Unsupported):
            sslkit.PrivateKey.from_pem(pem)
        pub = key.public_key().public_bytes(E.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        with pytest.raises(sslkit.Unsupported):
            sslkit.PublicKey.from_pem(pub)


def test_sslkit_reads_small_rsa_but_will_not_make_it() -> None:
    small = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    pem = small.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    key = sslkit.PrivateKey.from_pem(pem)
    assert key.bits == 1024
    with pytest.raises(sslkit.InvalidInput):
        sslkit.PrivateKey.generate("rsa", bits=1024)
