"""sslkit: keys, CSRs, certificates and a small CA for TLS servers.

The jobs of the Apache mod_ssl FAQ's ``openssl`` commands as one library, backed by sslkit's
pure-Rust core::

    import sslkit
    key = sslkit.PrivateKey.generate("rsa", bits=2048)          # openssl genrsa 2048
    pem = key.to_pem(passphrase=b"pw")                          # ... -aes256
    csr = sslkit.CertificateSigningRequest.create(key, "/CN=www.foo.dom", sans=["www.foo.dom"])
    cert = sslkit.Certificate.self_signed(key, "/CN=localhost", sans=["localhost"])
    assert sslkit.modulus_md5(key) == sslkit.modulus_md5(cert)  # the FAQ's match check

Every object is immutable and thread-safe; ``bytes`` go in and out; times are aware UTC
``datetime`` objects; errors are subclasses of :class:`sslkit.Error`, one class per kind of
core error (the table is in the repository's README.md, "Errors"; the classes are defined in
``sslkit/_errors.py``). Long operations release the GIL.
"""

# The exception classes are defined in Python; the native module raises these same classes.
from ._errors import (
    ChainIncomplete as ChainIncomplete,
    Error as Error,
    InvalidInput as InvalidInput,
    IoError as IoError,
    KeyMismatch as KeyMismatch,
    ParseError as ParseError,
    PassphraseRequired as PassphraseRequired,
    Unsupported as Unsupported,
    VerificationError as VerificationError,
    WrongPassphrase as WrongPassphrase,
)

from ._sslkit import (
    EXPIRY_WARNING_DAYS as EXPIRY_WARNING_DAYS,
    MAX_CHAIN_DEPTH as MAX_CHAIN_DEPTH,
    MAX_INPUT_SIZE as MAX_INPUT_SIZE,
    MAX_PBKDF2_ITERATIONS as MAX_PBKDF2_ITERATIONS,
    MAX_PEM_BLOCKS as MAX_PEM_BLOCKS,
    MAX_POOL_SIZE as MAX_POOL_SIZE,
    MAX_SCRYPT_MEMORY as MAX_SCRYPT_MEMORY,
    MAX_DAYS as MAX_DAYS,
    MAX_RSA_BITS as MAX_RSA_BITS,
    MIN_RSA_BITS as MIN_RSA_BITS,
    PBKDF2_ITERATIONS as PBKDF2_ITERATIONS,
    SYSTEM_ROOTS as SYSTEM_ROOTS,
    BasicConstraints as BasicConstraints,
    Certificate as Certificate,
    CertificateAuthority as CertificateAuthority,
    CertificateSigningRequest as CertificateSigningRequest,
    Extension as Extension,
    Finding as Finding,
    PrivateKey as PrivateKey,
    PublicKey as PublicKey,
    __version__ as __version__,
    assemble_chain as assemble_chain,
    check as check,
    check_files as check_files,
    check_host as check_host,
    check_match as check_match,
    der_to_pem as der_to_pem,
    detect_label as detect_label,
    load_certificates as load_certificates,
    load_object as load_object,
    max_input_size as max_input_size,
    modulus as modulus,
    modulus_md5 as modulus_md5,
    pem_blocks as pem_blocks,
    pem_to_der as pem_to_der,
    set_max_input_size as set_max_input_size,
    system_roots as system_roots,
    verify_chain as verify_chain,
)

__all__ = [
    "EXPIRY_WARNING_DAYS",
    "MAX_CHAIN_DEPTH",
    "MAX_INPUT_SIZE",
    "MAX_PBKDF2_ITERATIONS",
    "MAX_PEM_BLOCKS",
    "MAX_POOL_SIZE",
    "MAX_SCRYPT_MEMORY",
    "MAX_DAYS",
    "MAX_RSA_BITS",
    "MIN_RSA_BITS",
    "PBKDF2_ITERATIONS",
    "SYSTEM_ROOTS",
    "BasicConstraints",
    "Certificate",
    "CertificateAuthority",
    "CertificateSigningRequest",
    "ChainIncomplete",
    "Error",
    "Extension",
    "Finding",
    "InvalidInput",
    "IoError",
    "KeyMismatch",
    "ParseError",
    "PassphraseRequired",
    "PrivateKey",
    "PublicKey",
    "Unsupported",
    "VerificationError",
    "WrongPassphrase",
    "__version__",
    "assemble_chain",
    "check",
    "check_files",
    "check_host",
    "check_match",
    "der_to_pem",
    "detect_label",
    "load_certificates",
    "load_object",
    "max_input_size",
    "modulus",
    "modulus_md5",
    "pem_blocks",
    "pem_to_der",
    "set_max_input_size",
    "system_roots",
    "verify_chain",
]
