#!/usr/bin/env python3
"""Writes the hostile corpus of tests/data/hostile/ from three real inputs made with openssl
(base-cert.pem, base-csr.pem, base-key.pem: `openssl req -x509` / `req -new` / `genpkey EC`),
and MANIFEST.tsv, which says how each file is read and what must come out.

Python standard library only; deterministic (the same files every run). Run it from anywhere:
    python3 tests/data/hostile/generate.py

MANIFEST.tsv columns: file, as (cert | csr | key | public | bundle), expect (ok or an error kind
of the error table (README, "Errors"): Parse, InvalidInput, Unsupported, PassphraseRequired, WrongPassphrase;
"any" where the input is odd but legal to accept or refuse), passphrase ("-" for none), and what
the file is. Every face (Rust, CLI, C, Python) reads the corpus: the "as" reader must give the
expected outcome; every other reader must give an outcome of the table, never a crash.
"""

import base64
import hashlib
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(20261127)


def pem_body(path):
    text = open(os.path.join(HERE, path)).read()
    lines = [l for l in text.splitlines() if l and not l.startswith("-----")]
    return base64.b64decode("".join(lines))


def pem(label, der, eol="\n", headers=None):
    b64 = base64.b64encode(der).decode()
    lines = [f"-----BEGIN {label}-----"]
    if headers:
        lines += [f"{k}: {v}" for k, v in headers] + [""]
    lines += [b64[i : i + 64] for i in range(0, len(b64), 64)]
    lines.append(f"-----END {label}-----")
    return (eol.join(lines) + eol).encode()


# ---- a minimal DER reader and writer -------------------------------------------------------


def length(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def tlv(tag, content):
    return bytes([tag]) + length(len(content)) + content


def read(b):
    """(tag, header length, content) of the TLV at the start of b."""
    tag, first = b[0], b[1]
    if first < 0x80:
        return tag, 2, b[2 : 2 + first]
    n = first & 0x7F
    ln = int.from_bytes(b[2 : 2 + n], "big")
    return tag, 2 + n, b[2 + n : 2 + n + ln]


def children(content):
    out = []
    while content:
        tag, hl, c = read(content)
        out.append((tag, c))
        content = content[hl + len(c) :]
    return out


def seq(*parts):
    return tlv(0x30, b"".join(parts))


def integer(n):
    b = n.to_bytes(max(1, (n.bit_length() + 8) // 8), "big")
    return tlv(0x02, b)


def oid(dotted):
    arcs = [int(a) for a in dotted.split(".")]
    out = bytearray([40 * arcs[0] + arcs[1]])
    for a in arcs[2:]:
        chunk = [a & 0x7F]
        a >>= 7
        while a:
            chunk.append(0x80 | (a & 0x7F))
            a >>= 7
        out += bytes(reversed(chunk))
    return tlv(0x06, bytes(out))


def octets(b):
    return tlv(0x04, b)


def nested(depth, inner=b"\x05\x00"):
    """depth SEQUENCEs, one inside the other, with definite lengths."""
    out = inner
    for _ in range(depth):
        out = tlv(0x30, out)
    return out


# ---- the base inputs -----------------------------------------------------------------------

CERT = pem_body("base-cert.pem")
CSR = pem_body("base-csr.pem")
KEY = pem_body("base-key.pem")  # PKCS#8 P-256
_, _, cert_body = read(CERT)
TBS_TLV, SIGALG, SIG = [tlv(t, c) for t, c in children(cert_body)]
TBS = children(read(TBS_TLV)[2])  # version, serial, sigalg, issuer, validity, subject, spki, exts


def cert_with(tbs_parts):
    """A certificate with another TBS (the old signature: parses, does not verify)."""
    tbs = tlv(0x30, b"".join(tlv(t, c) for t, c in tbs_parts))
    return seq(tbs, SIGALG, SIG)


def cert_with_extension(ext_oid, value, critical=False):
    exts_tag, exts_content = TBS[7]
    _, _, ext_list = read(exts_content)
    ext = seq(oid(ext_oid), *( [tlv(0x01, b"\xff")] if critical else [] ), octets(value))
    new_list = tlv(0x30, ext_list + ext)
    return cert_with(TBS[:7] + [(exts_tag, new_list)])


def with_header(der, new_header):
    """der with its outer TLV header replaced (the content unchanged)."""
    _, hl, _ = read(der)
    return new_header + der[hl:]


entries = []


def add(name, data, as_, expect, what, passphrase="-"):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)
    entries.append((name, as_, expect, passphrase, what))


# ---- length fields that overflow or lie ----------------------------------------------------
body_len = len(CERT) - read(CERT)[1]
add("len-4g.der", with_header(CERT, b"\x30\x84\xff\xff\xff\xff"), "cert", "Parse",
    "outer SEQUENCE claims 4 GiB")
add("len-8-byte.der", with_header(CERT, b"\x30\x88" + b"\xff" * 8), "cert", "Parse",
    "outer length in 8 bytes, 2^64-1")
add("len-9-byte.der", with_header(CERT, b"\x30\x89\x01" + b"\x00" * 8), "cert", "Parse",
    "outer length in 9 bytes (more than any platform's size_t)")
add("len-indefinite.der", with_header(CERT, b"\x30\x80") + b"\x00\x00", "cert", "Parse",
    "BER indefinite length (DER forbids it)")
add("len-non-minimal.der", with_header(CERT, b"\x30\x83" + body_len.to_bytes(3, "big")), "cert",
    "Parse", "outer length in more bytes than needed (not DER)")
add("len-short-by-one.der", with_header(CERT, b"\x30\x82" + (body_len - 1).to_bytes(2, "big"))[:-1],
    "cert", "Parse", "outer length one short of the content")
tbs_over = seq(b"\x30\x84\x7f\xff\xff\xff" + read(TBS_TLV)[2], SIGALG, SIG)
add("len-tbs-2g.der", tbs_over, "cert", "Parse", "TBSCertificate claims 2 GiB inside a small cert")
serial_tag, serial = TBS[1]
lying_serial = b"".join(tlv(t, c) for t, c in TBS[:1]) + b"\x02\x84\xff\xff\xff\xf0" + serial
add("len-serial-4g.der", seq(tlv(0x30, lying_serial + b"".join(tlv(t, c) for t, c in TBS[2:])),
    SIGALG, SIG), "cert", "Parse", "serial INTEGER claims 4 GiB")
_, _, key_body = read(KEY)
kparts = children(key_body)  # version, alg, privateKey OCTET STRING
bad_key = seq(tlv(*kparts[0]), tlv(*kparts[1]), b"\x04\x84\xff\xff\xff\xff" + kparts[2][1])
add("len-pkcs8-octets-4g.der", bad_key, "key", "Parse", "PKCS#8 privateKey claims 4 GiB")
add("len-csr-4g.der", with_header(CSR, b"\x30\x84\xff\xff\xff\xff"), "csr", "Parse",
    "CSR outer SEQUENCE claims 4 GiB")

# ---- deep nesting --------------------------------------------------------------------------
add("deep-10000.der", nested(10000), "cert", "Parse", "10,000 nested SEQUENCEs")
add("deep-indefinite.der", b"\x30\x80" * 50000, "cert", "Parse",
    "50,000 nested indefinite-length SEQUENCEs")
add("deep-as-key.der", nested(10000), "key", "Parse", "10,000 nested SEQUENCEs read as a key")
add("deep-as-csr.der", nested(10000), "csr", "Parse", "10,000 nested SEQUENCEs read as a CSR")
add("deep-in-extension.der", cert_with_extension("1.3.6.1.4.1.99999.1", nested(10000)), "cert",
    "ok", "an unknown non-critical extension holding 10,000 nested SEQUENCEs")
add("deep-in-critical-extension.der",
    cert_with_extension("1.3.6.1.4.1.99999.2", nested(10000), critical=True), "cert", "ok",
    "an unknown critical extension holding 10,000 nested SEQUENCEs (parses; verification refuses)")
subj_tag, _ = TBS[5]
deep_name = tlv(0x30, tlv(0x31, seq(oid("2.5.4.3"), nested(10000))))
add("deep-in-name.der", cert_with(TBS[:5] + [(subj_tag, read(deep_name)[2])] + TBS[6:]), "cert",
    "any", "a subject attribute value holding 10,000 nested SEQUENCEs")

# ---- huge integers -------------------------------------------------------------------------
big_serial = integer(rng.getrandbits(8 * 30000) | (1 << (8 * 30000 - 2)))
add("huge-serial.der", cert_with(TBS[:1] + [(0x02, read(big_serial)[2])] + TBS[2:]), "cert",
    "any", "a 30,000-byte serial number (RFC 5280 allows 20)")
RSA_OID = seq(oid("1.2.840.113549.1.1.1"), b"\x05\x00")


def rsa_spki(n, e):
    return seq(RSA_OID, tlv(0x03, b"\x00" + seq(integer(n), integer(e))))


def odd(bits):
    return rng.getrandbits(bits) | (1 << (bits - 1)) | 1


add("huge-rsa-modulus.pem", pem("PUBLIC KEY", rsa_spki(odd(40000), 65537)), "public",
    "Unsupported", "RSA public key with a 40,000-bit modulus")
add("huge-rsa-exponent.pem", pem("RSA PUBLIC KEY", seq(integer(odd(2048)), integer(odd(1000)))),
    "public", "Unsupported", "RSA public exponent of 1000 bits")
priv = seq(integer(0), integer(odd(20000)), integer(65537), *[integer(odd(10000))] * 6)
add("huge-rsa-private.pem", pem("RSA PRIVATE KEY", priv), "key", "Unsupported",
    "RSA private key with a 20,000-bit modulus")
add("rsa-negative-modulus.pem", pem("RSA PUBLIC KEY", seq(tlv(0x02, b"\x80" + b"\x01" * 255),
    integer(65537))), "public", "Parse", "RSA modulus that is a negative INTEGER")
add("rsa-zero-modulus.pem", pem("RSA PUBLIC KEY", seq(integer(0), integer(65537))), "public",
    "Parse", "RSA modulus 0")
ec_priv = seq(integer(1), octets(b"\x01" * 10000), tlv(0xA0, oid("1.2.840.10045.3.1.7")))
add("huge-ec-scalar.pem", pem("EC PRIVATE KEY", ec_priv), "key", "Parse",
    "SEC1 P-256 key with a 10,000-byte private scalar")
big_arc = seq(oid("1.2." + str(2**200)), b"\x05\x00")
add("huge-oid-arc.der", cert_with(TBS[:2] + [(0x30, read(big_arc)[2])] + TBS[3:]), "cert", "any",
    "signature algorithm OID with a 200-bit arc")

# ---- PEM: labels, line endings, broken bodies ---------------------------------------------
add("label-cert-as-key.pem", pem("PRIVATE KEY", CERT), "key", "Parse",
    "a certificate under a PRIVATE KEY label")
add("label-key-as-cert.pem", pem("CERTIFICATE", KEY), "cert", "Parse",
    "a private key under a CERTIFICATE label")
add("label-csr-as-cert.pem", pem("CERTIFICATE", CSR), "cert", "Parse",
    "a CSR under a CERTIFICATE label")
add("label-cert-as-csr.pem", pem("CERTIFICATE REQUEST", CERT), "csr", "Parse",
    "a certificate under a CERTIFICATE REQUEST label")
add("label-only-key.pem", pem("PRIVATE KEY", KEY), "cert", "Parse",
    "a well-formed key where a certificate is expected")
mismatch = pem("CERTIFICATE", CERT).replace(b"END CERTIFICATE", b"END PRIVATE KEY")
add("label-end-mismatch.pem", mismatch, "cert", "Parse", "BEGIN CERTIFICATE ... END PRIVATE KEY")
lines = pem("CERTIFICATE", CERT).split(b"\n")
mixed = b"".join(l + (b"\r\n" if i % 2 else b"\n") for i, l in enumerate(lines[:-1]))
add("eol-mixed.pem", mixed, "cert", "ok", "CRLF and LF line ends mixed (openssl reads it)")
add("eol-crlf.pem", pem("CERTIFICATE", CERT, eol="\r\n"), "cert", "ok", "CRLF line ends")
add("eol-cr-only.pem", pem("CERTIFICATE", CERT, eol="\r"), "cert", "any", "old-Mac CR line ends")
add("eol-key-mixed.pem", b"".join(l + (b"\r\n" if i % 3 else b"\n")
    for i, l in enumerate(pem("PRIVATE KEY", KEY).split(b"\n")[:-1])), "key", "ok",
    "a key with CRLF and LF line ends mixed")
body = pem("CERTIFICATE", CERT)
add("pem-nul.pem", body[:100] + b"\x00" + body[101:], "cert", "Parse", "a NUL byte in the base64")
add("pem-truncated-body.pem", body[:300] + b"\n-----END CERTIFICATE-----\n", "cert", "Parse",
    "base64 cut short, END line present")
add("pem-no-end.pem", body[: len(body) - 27], "cert", "Parse", "no END line")
add("pem-empty.pem", b"-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n", "cert", "Parse",
    "an empty block")
add("pem-random-body.pem", pem("CERTIFICATE", bytes(rng.getrandbits(8) for _ in range(900))),
    "cert", "Parse", "valid base64 of random bytes")
giant = base64.b64encode(bytes(rng.getrandbits(8) for _ in range(100000)))
add("pem-giant-line.pem", b"-----BEGIN CERTIFICATE-----\n" + giant + b"\n-----END CERTIFICATE-----\n",
    "cert", "Parse", "one 133,336-character base64 line of random bytes")
add("pem-utf16.pem", b"\xff\xfe" + body.decode().encode("utf-16-le"), "cert", "Parse",
    "the PEM text in UTF-16 with a byte-order mark")
add("pem-begin-unclosed.pem", b"-----BEGIN CERTIFICATE\n" + body[28:], "cert", "Parse",
    "BEGIN line without its closing dashes")
add("pem-label-newline.pem", b"-----BEGIN CERT\nIFICATE-----\n" + body[28:], "cert", "Parse",
    "a newline inside the label")
add("pem-headers-only.pem", pem("RSA PRIVATE KEY", b"", headers=[("Proc-Type", "4,ENCRYPTED")]),
    "key", "Parse", "Proc-Type header and no body")
add("der-trailing-garbage.der", CERT + b"junk", "cert", "Parse", "a certificate then 4 bytes")
add("der-empty.der", b"", "cert", "Parse", "an empty file")
add("der-one-byte.der", b"\x30", "key", "Parse", "one byte")

# ---- encrypted keys with hostile parameters -------------------------------------------------
PBES2 = "1.2.840.113549.1.5.13"
AES256 = seq(oid("2.16.840.1.101.3.4.1.42"), octets(b"\x11" * 16))


def pbes2_key(kdf):
    alg = seq(oid(PBES2), seq(kdf, AES256))
    return seq(alg, octets(b"\x22" * 48))


def scrypt_kdf(n, r=8, p=1):
    return seq(oid("1.3.6.1.4.1.11591.4.11"), seq(octets(b"\x33" * 16), integer(n), integer(r),
               integer(p)))


def pbkdf2_kdf(iterations):
    prf = seq(oid("1.2.840.113549.2.9"), b"\x05\x00")
    return seq(oid("1.2.840.113549.1.5.12"), seq(octets(b"\x44" * 16), integer(iterations), prf))


add("kdf-scrypt-2-30.pem", pem("ENCRYPTED PRIVATE KEY", pbes2_key(scrypt_kdf(1 << 30))), "key",
    "Unsupported", "scrypt N = 2^30 (128 GiB): refused before any allocation", "pw")
add("kdf-scrypt-p-huge.pem", pem("ENCRYPTED PRIVATE KEY", pbes2_key(scrypt_kdf(1 << 14, 8, 60000))),
    "key", "Unsupported", "scrypt p = 60,000 (120 GiB)", "pw")
add("kdf-scrypt-n-odd.pem", pem("ENCRYPTED PRIVATE KEY", pbes2_key(scrypt_kdf(12345))), "key",
    "Parse", "scrypt N not a power of two", "pw")
add("kdf-pbkdf2-4g.pem", pem("ENCRYPTED PRIVATE KEY", pbes2_key(pbkdf2_kdf(0xFFFFFFFF))), "key",
    "Unsupported", "PBKDF2 with 4,294,967,295 iterations", "pw")
add("kdf-pbkdf2-zero.pem", pem("ENCRYPTED PRIVATE KEY", pbes2_key(pbkdf2_kdf(0))), "key", "Parse",
    "PBKDF2 with 0 iterations", "pw")
add("kdf-pbkdf2-huge-int.pem", pem("ENCRYPTED PRIVATE KEY", pbes2_key(pbkdf2_kdf(1 << 4000))),
    "key", "Parse", "PBKDF2 iteration count of 4000 bits", "pw")
add("kdf-unknown.pem", pem("ENCRYPTED PRIVATE KEY", pbes2_key(seq(oid("1.2.3.4.5"), b"\x05\x00"))),
    "key", "Unsupported", "an unknown key derivation function", "pw")
pkcs12 = seq(seq(oid("1.2.840.113549.1.12.1.3"), seq(octets(b"\x55" * 8), integer(0xFFFFFFFF))),
             octets(b"\x66" * 32))
add("kdf-pkcs12-4g.pem", pem("ENCRYPTED PRIVATE KEY", pkcs12), "key", "Unsupported",
    "PKCS#12 PBE with 4,294,967,295 iterations", "pw")
add("kdf-no-passphrase.pem", pem("ENCRYPTED PRIVATE KEY", pbes2_key(pbkdf2_kdf(1000))), "key",
    "PassphraseRequired", "an encrypted key read without a passphrase")
add("kdf-partial-block.pem", pem("ENCRYPTED PRIVATE KEY", seq(seq(oid(PBES2), seq(pbkdf2_kdf(1000),
    AES256)), octets(b"\x22" * 47))), "key", "Parse",
    "PBES2 AES-256-CBC ciphertext that is not whole blocks", "pw")
add("kdf-pkcs12-partial-block.pem", pem("ENCRYPTED PRIVATE KEY", seq(seq(
    oid("1.2.840.113549.1.12.1.3"), seq(octets(b"\x55" * 8), integer(2048))), octets(b"\x66" * 31))),
    "key", "Parse", "PKCS#12 3DES ciphertext that is not whole blocks", "pw")
add("kdf-garbage-ciphertext.pem", pem("ENCRYPTED PRIVATE KEY", pbes2_key(pbkdf2_kdf(1000))), "key",
    "WrongPassphrase", "ciphertext that decrypts to garbage (or bad padding)", "pw")
legacy = pem("EC PRIVATE KEY", b"\x01" * 48,
             headers=[("Proc-Type", "4,ENCRYPTED"), ("DEK-Info", "AES-256-CBC,ZZZZ")])
add("legacy-bad-iv.pem", legacy, "key", "Parse", "DEK-Info with an IV that is not hex", "pw")
legacy = pem("RSA PRIVATE KEY", b"\x01" * 48,
             headers=[("Proc-Type", "4,ENCRYPTED"), ("DEK-Info", "RC2-CBC,0011223344556677")])
add("legacy-rc2.pem", legacy, "key", "Unsupported", "DEK-Info with RC2-CBC", "pw")
legacy = pem("RSA PRIVATE KEY", b"\x01" * 47,
             headers=[("Proc-Type", "4,ENCRYPTED"),
                      ("DEK-Info", "AES-128-CBC,00112233445566778899AABBCCDDEEFF")])
add("legacy-partial-block.pem", legacy, "key", "Parse",
    "legacy encrypted key whose ciphertext is not whole blocks", "pw")

# ---- keys that are not keys ----------------------------------------------------------------
sec1 = children(read(kparts[2][1])[2])  # version, privateKey, [1] publicKey (PKCS#8 drops [0])
_, _, bitstr = read([c for t, c in sec1 if t == 0xA1][0])
point = bytearray(bitstr)
point[-1] ^= 0x01  # the point leaves the curve
curve = tlv(0xA0, oid("1.2.840.10045.3.1.7"))
bad_sec1 = seq(tlv(*sec1[0]), tlv(*sec1[1]), curve, tlv(0xA1, tlv(0x03, bytes(point))))
add("ec-point-off-curve.pem", pem("EC PRIVATE KEY", bad_sec1), "key", "Parse",
    "SEC1 key whose public point is not on the curve")
ed = seq(integer(0), seq(oid("1.3.101.112")), octets(octets(b"\x77" * 31)))
add("ed25519-31-bytes.pem", pem("PRIVATE KEY", ed), "key", "Parse", "Ed25519 key of 31 bytes")
zero_scalar = seq(integer(1), octets(b"\x00" * 32), curve, tlv(0xA1, tlv(0x03, bitstr)))
add("ec-zero-scalar.pem", pem("EC PRIVATE KEY", zero_scalar), "key", "Parse",
    "P-256 private scalar 0 (with the public key of another scalar)")
unknown_alg = seq(integer(0), seq(oid("1.2.3.4.5.6")), octets(b"\x01" * 32))
add("pkcs8-unknown-algorithm.pem", pem("PRIVATE KEY", unknown_alg), "key", "Unsupported",
    "PKCS#8 with an unknown algorithm")

# ---- bundles -------------------------------------------------------------------------------
one = pem("CERTIFICATE", CERT)
junk = b"subject=whatever\nissuer=whoever\n"
add("bundle-200.pem", (junk + one) * 200, "bundle", "ok",
    "200 copies of a certificate with text between them")
broken = pem("CERTIFICATE", CERT[:200])
add("bundle-one-truncated.pem", one + broken + one, "bundle", "Parse",
    "three certificates, the middle one truncated")
add("bundle-key-inside.pem", one + pem("PRIVATE KEY", KEY) + one, "bundle", "any",
    "a private key between two certificates")

# ---- certificates with odd but parseable content -------------------------------------------
sans = b"".join(tlv(0x82, f"h{i}.hostile.test".encode()) for i in range(5000))
exts_tag, exts_content = TBS[7]
ext_list = children(read(exts_content)[2])
big_san = seq(oid("2.5.29.17"), octets(tlv(0x30, sans)))
others = [tlv(0x30, c) for _, c in ext_list if children(c)[0][1] != read(oid("2.5.29.17"))[2]]
many = tlv(0x30, b"".join(others) + big_san)
add("many-sans.der", cert_with(TBS[:7] + [(exts_tag, many)]), "cert", "ok",
    "a subjectAltName with 5,000 names")
add("duplicate-san.der", cert_with_extension("2.5.29.17", tlv(0x30, tlv(0x82, b"evil.test"))),
    "cert", "Parse", "a second subjectAltName extension (RFC 5280 allows one)")
val_tag, _ = TBS[4]
bad_time = seq(tlv(0x17, b"991332250000Z"), tlv(0x17, b"300101000000Z"))
add("time-invalid.der", cert_with(TBS[:4] + [(val_tag, read(bad_time)[2])] + TBS[5:]), "cert",
    "Parse", "notBefore on the 32nd day of the 13th month")
bad_utf8 = tlv(0x30, tlv(0x31, seq(oid("2.5.4.3"), tlv(0x0C, b"\xff\xfe\xc3"))))
add("name-bad-utf8.der", cert_with(TBS[:5] + [(subj_tag, read(bad_utf8)[2])] + TBS[6:]), "cert",
    "any", "a commonName UTF8String that is not UTF-8")

with open(os.path.join(HERE, "MANIFEST.tsv"), "w") as f:
    f.write("# file\tas\texpect\tpassphrase\twhat (generated by generate.py; do not edit)\n")
    for e in entries:
        f.write("\t".join(e) + "\n")
digest = hashlib.sha256("".join("\t".join(e) for e in entries).encode()).hexdigest()[:12]
print(f"{len(entries)} hostile inputs written to {HERE} (manifest {digest})")
