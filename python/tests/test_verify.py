"""Verification from Python: the purposes (server, client), the explicit trust store, the rule a
refusal names, and certificates dated before 1970 and after 2049. Expected verdicts come from
pyca/cryptography's verifier on the same certificates, not from sslkit."""

from __future__ import annotations

import datetime

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from cryptography.x509.verification import (
    PolicyBuilder,
    Store,
    VerificationError as PycaVerificationError,
)

import sslkit

UTC = datetime.timezone.utc


def _pyca(cert: sslkit.Certificate) -> x509.Certificate:
    return x509.load_der_x509_certificate(cert.to_der())


@pytest.fixture(scope="module")
def client_pki():
    root = sslkit.CertificateAuthority.create_root(
        "/CN=Py Client Root", key=sslkit.PrivateKey.generate("ec-p256")
    )
    key = sslkit.PrivateKey.generate("ec-p256")
    csr = sslkit.CertificateSigningRequest.create(key, "/CN=alice", sans=["email:alice@foo.dom"])
    client = root.sign(csr, days=30, profile="client")
    return root, client


def test_client_certificate_is_refused_for_servers_and_accepted_for_clients(client_pki) -> None:
    root, client = client_pki
    with pytest.raises(sslkit.VerificationError) as err:
        sslkit.verify_chain(client, roots=[root.certificate])
    e = err.value
    assert (e.rule, e.depth, e.subject) == ("eku-purpose", 0, "CN=alice")
    assert "serverAuth" in str(e) and "clientAuth" in str(e) and e.fix
    assert sslkit.verify_chain(client, roots=[root.certificate], purpose="client") == [
        client,
        root.certificate,
    ]
    # pyca/cryptography's verifiers give the same two verdicts.
    store = Store([_pyca(root.certificate)])
    pyca_client = PolicyBuilder().store(store).build_client_verifier()
    assert pyca_client.verify(_pyca(client), []).chain[0] == _pyca(client)
    pyca_server = PolicyBuilder().store(store).build_server_verifier(x509.DNSName("alice.foo.dom"))
    with pytest.raises(PycaVerificationError):
        pyca_server.verify(_pyca(client), [])


def test_trust_is_never_implied(client_pki) -> None:
    root, client = client_pki
    with pytest.raises(sslkit.InvalidInput, match="trust anchors"):
        sslkit.verify_chain(client, purpose="client")
    # The system store does not hold this private root.
    with pytest.raises((sslkit.ChainIncomplete, sslkit.VerificationError)) as err:
        sslkit.verify_chain(client, purpose="client", system_roots=True)
    assert err.value.rule in ("issuer-missing", "untrusted-root")
    # Both: the given root is enough.
    assert len(sslkit.verify_chain(client, roots=[root.certificate], purpose="client", system_roots=True)) == 2
    with pytest.raises(sslkit.InvalidInput):
        sslkit.verify_chain(client, roots=[root.certificate], purpose="mail")  # type: ignore[arg-type]


def test_errors_without_a_rule_have_none(client_pki) -> None:
    root, client = client_pki
    with pytest.raises(sslkit.VerificationError) as err:
        sslkit.check_host(client, "*bad*")
    assert err.value.rule == "host-invalid"
    assert sslkit.VerificationError.rule is None


def _build(subject: str, issuer: str, key, signer, nb, na, ca: bool, sans=None, ski_of=None):
    b = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
        .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(nb)
        .not_valid_after(na)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(signer.public_key()), critical=False
        )
    )
    if ca:
        b = b.add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )
    else:
        b = b.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        b = b.add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in sans]), critical=False)
    return b.sign(signer, hashes.SHA256())


@pytest.mark.parametrize(
    "not_before,not_after",
    [
        (datetime.datetime(1950, 1, 1, tzinfo=UTC), datetime.datetime(2049, 12, 31, 23, 59, 59, tzinfo=UTC)),
        (datetime.datetime(1969, 12, 31, 23, 59, 59, tzinfo=UTC), datetime.datetime(2050, 1, 1, tzinfo=UTC)),
        (datetime.datetime(1950, 1, 1, tzinfo=UTC), datetime.datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)),
    ],
)
def test_dates_before_1970_and_after_2049_read_and_verify(not_before, not_after) -> None:
    rk, lk = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    root = _build("Old Root", "Old Root", rk, rk, not_before, not_after, True)
    leaf = _build("old.test", "Old Root", lk, rk, not_before, not_after, False, ["old.test"])
    s_root = sslkit.Certificate.from_der(root.public_bytes(serialization.Encoding.DER))
    s_leaf = sslkit.Certificate.from_pem(leaf.public_bytes(serialization.Encoding.PEM))
    assert s_leaf.not_before == not_before and s_leaf.not_after == not_after
    assert s_root.not_before == root.not_valid_before_utc
    for at in (datetime.datetime(1960, 1, 1, tzinfo=UTC), datetime.datetime(2030, 1, 1, tzinfo=UTC)):
        if not (not_before <= at <= not_after):
            continue
        ours = sslkit.verify_chain(s_leaf, roots=[s_root], host="old.test", at=at)
        assert ours == [s_leaf, s_root]
        verifier = (
            PolicyBuilder().store(Store([root])).time(at).build_server_verifier(x509.DNSName("old.test"))
        )
        assert verifier.verify(leaf, [])[0] == leaf
    before = not_before - datetime.timedelta(seconds=1)
    with pytest.raises(sslkit.VerificationError) as err:
        sslkit.verify_chain(s_leaf, roots=[s_root], host="old.test", at=before)
    assert err.value.rule == "not-yet-valid"
    assert str(not_before.year) in str(err.value)
