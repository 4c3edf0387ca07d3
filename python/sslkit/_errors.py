"""sslkit's exception classes, defined in Python (as pyca/cryptography defines its own).

The native module imports this module once and raises these classes, one per core error kind
(`sslkit::ErrorKind`): the mapping is the exhaustive match in python/src/errors.rs, listed by
``sslkit._sslkit._error_table()`` and described in the repository's README.md ("Errors"). Every
class says ``__module__ == "sslkit"``: use them as ``sslkit.Error``, ``sslkit.ParseError``, ...
This module must not import the rest of the package (the native module imports it while
``sslkit`` is still being imported).
"""

from typing import Optional

__all__ = [
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


class Error(Exception):
    """Base class of every sslkit error. Raised as such for internal errors (a bug in sslkit)."""

    __module__ = "sslkit"


class InvalidInput(Error, ValueError):
    """The caller asked for something invalid: a bad key size, name, SAN, profile, an empty passphrase, ..."""

    __module__ = "sslkit"


class ParseError(Error, ValueError):
    """The input bytes are not a well-formed object of the expected kind (truncated, corrupted, wrong label)."""

    __module__ = "sslkit"


class PassphraseRequired(Error):
    """The key is encrypted and no passphrase was given."""

    __module__ = "sslkit"


class WrongPassphrase(Error):
    """The passphrase does not decrypt the key (or the encrypted key is corrupted)."""

    __module__ = "sslkit"


class Unsupported(Error):
    """A known algorithm or format that sslkit does not implement (e.g. the modulus of a non-RSA key)."""

    __module__ = "sslkit"


class KeyMismatch(Error):
    """A private key does not belong to a certificate or request."""

    __module__ = "sslkit"


# ChainIncomplete and VerificationError say which rule a refused chain breaks: the native module
# sets `rule` (the rule's id), `depth` (the certificate's, 0 = leaf), `subject` and `fix` on each
# raised instance from the core's violation. They stay None (the class defaults) when the error
# is not about a chain rule.


class ChainIncomplete(Error):
    """A certificate's issuer could not be found; the message names it (and its AIA URL)."""

    __module__ = "sslkit"
    rule: Optional[str] = None
    depth: Optional[int] = None
    subject: Optional[str] = None
    fix: Optional[str] = None


class VerificationError(Error):
    """A signature or certificate check failed (expired, not a CA, wrong host, bad signature, ...)."""

    __module__ = "sslkit"
    rule: Optional[str] = None
    depth: Optional[int] = None
    subject: Optional[str] = None
    fix: Optional[str] = None


class IoError(Error, OSError):
    """Reading or writing a file failed."""

    __module__ = "sslkit"
