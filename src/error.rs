//! The one error type shared by every face of sslkit (Rust, C, Python, CLI).

use std::fmt;

/// What kind of failure happened. Each kind maps to one C result code and one Python exception
/// (see DESIGN.md); the numbering of the C codes follows this order and never changes.
///
/// ```
/// use sslkit::{ErrorKind, PrivateKey};
/// let err = PrivateKey::from_pem(b"not a key", None).unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::Parse);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The caller asked for something invalid (bad size, bad name, empty passphrase, ...).
    InvalidInput,
    /// The input bytes are not a well-formed object of the expected kind.
    Parse,
    /// The input is encrypted and no passphrase was given.
    PassphraseRequired,
    /// The passphrase does not decrypt the input (or the ciphertext is corrupted).
    WrongPassphrase,
    /// A known algorithm or format that sslkit does not implement.
    Unsupported,
    /// A key does not belong to a certificate or CSR.
    KeyMismatch,
    /// A certificate's issuer could not be found.
    ChainIncomplete,
    /// A signature or certificate check failed.
    Verification,
    /// Reading or writing a file failed.
    Io,
    /// A bug in sslkit: this should not happen.
    Internal,
}

impl ErrorKind {
    /// A short, stable name for the kind (`"WrongPassphrase"`), as used in the error table.
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::InvalidInput => "InvalidInput",
            ErrorKind::Parse => "Parse",
            ErrorKind::PassphraseRequired => "PassphraseRequired",
            ErrorKind::WrongPassphrase => "WrongPassphrase",
            ErrorKind::Unsupported => "Unsupported",
            ErrorKind::KeyMismatch => "KeyMismatch",
            ErrorKind::ChainIncomplete => "ChainIncomplete",
            ErrorKind::Verification => "Verification",
            ErrorKind::Io => "Io",
            ErrorKind::Internal => "Internal",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An sslkit error: a [`ErrorKind`] and a one-line message saying what went wrong (and, where
/// one exists, how to fix it). Messages never contain passphrases or key bytes.
///
/// ```
/// use sslkit::{ErrorKind, KeyType, PrivateKey};
/// let err = PrivateKey::generate(KeyType::Rsa, Some(1024)).unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::InvalidInput);
/// assert!(err.to_string().contains("2048"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    message: String,
    violation: Option<Box<crate::verify::Violation>>,
}

impl Error {
    /// Makes an error of `kind` with a message.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
            violation: None,
        }
    }

    /// An error whose message is `violation`'s text, carrying it for [`Error::violation`].
    pub(crate) fn with_violation(kind: ErrorKind, violation: crate::verify::Violation) -> Self {
        Error {
            kind,
            message: violation.to_string(),
            violation: Some(Box::new(violation)),
        }
    }

    /// For a refused certificate chain: the rule it breaks, the certificate and the fix.
    pub fn violation(&self) -> Option<&crate::verify::Violation> {
        self.violation.as_deref()
    }

    /// The kind of the error.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The message, without the kind.
    pub fn message(&self) -> &str {
        &self.message
    }

    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::InvalidInput, message)
    }

    pub(crate) fn parse(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Parse, message)
    }

    pub(crate) fn unsupported(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Unsupported, message)
    }

    pub(crate) fn wrong_passphrase() -> Self {
        Error::new(
            ErrorKind::WrongPassphrase,
            "wrong passphrase (or the encrypted key is corrupted)",
        )
    }

    pub(crate) fn passphrase_required() -> Self {
        Error::new(
            ErrorKind::PassphraseRequired,
            "the key is encrypted: a passphrase is required",
        )
    }

    pub(crate) fn internal(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Internal, message)
    }

    /// An I/O error about `path`.
    pub(crate) fn io(path: &std::path::Path, err: &std::io::Error) -> Self {
        Error::new(ErrorKind::Io, format!("{}: {}", path.display(), err))
    }

    /// Prefixes the message with some context, keeping the kind.
    pub fn context(mut self, what: impl fmt::Display) -> Self {
        self.message = format!("{what}: {}", self.message);
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl From<der::Error> for Error {
    fn from(err: der::Error) -> Self {
        Error::parse(format!("malformed DER: {err}"))
    }
}

/// `Result` with sslkit's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
