//! The one error type shared by every face of sslkit (Rust, C, Python, CLI).

use std::fmt;

/// What kind of failure happened. Each kind maps to one C result code and one Python exception
/// (README, "Errors"); [`ErrorKind::code`] is the stable number behind both.
///
/// ```
/// use sslkit::{ErrorKind, PrivateKey};
/// let err = PrivateKey::from_pem(b"not a key", None).unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::Parse);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
    /// Every kind, in the order of their stable codes (1, 2, …): the one list from which the C
    /// result codes and the Python exceptions are made, and which their tests walk.
    ///
    /// ```
    /// use sslkit::ErrorKind;
    /// for (i, kind) in ErrorKind::ALL.iter().enumerate() {
    ///     assert_eq!(kind.code() as usize, i + 1);
    ///     assert_eq!(ErrorKind::from_code(kind.code()), Some(*kind));
    ///     assert_eq!(ErrorKind::from_name(kind.name()), Some(*kind));
    /// }
    /// ```
    pub const ALL: [ErrorKind; 10] = [
        ErrorKind::InvalidInput,
        ErrorKind::Parse,
        ErrorKind::PassphraseRequired,
        ErrorKind::WrongPassphrase,
        ErrorKind::Unsupported,
        ErrorKind::KeyMismatch,
        ErrorKind::ChainIncomplete,
        ErrorKind::Verification,
        ErrorKind::Io,
        ErrorKind::Internal,
    ];

    /// The kind's stable number: 1 for `InvalidInput` … 10 for `Internal` (0 is success in C).
    /// A code is never reused or renumbered; a new kind takes the next one.
    pub fn code(self) -> u32 {
        match self {
            ErrorKind::InvalidInput => 1,
            ErrorKind::Parse => 2,
            ErrorKind::PassphraseRequired => 3,
            ErrorKind::WrongPassphrase => 4,
            ErrorKind::Unsupported => 5,
            ErrorKind::KeyMismatch => 6,
            ErrorKind::ChainIncomplete => 7,
            ErrorKind::Verification => 8,
            ErrorKind::Io => 9,
            ErrorKind::Internal => 10,
        }
    }

    /// The kind with this [`code`](Self::code), if any.
    pub fn from_code(code: u32) -> Option<ErrorKind> {
        ErrorKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The kind with this [`name`](Self::name) (`"WrongPassphrase"`), if any.
    pub fn from_name(name: &str) -> Option<ErrorKind> {
        ErrorKind::ALL.into_iter().find(|k| k.name() == name)
    }

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

    /// Appends a remark in parentheses to the message, keeping the kind and the violation.
    pub(crate) fn note(mut self, remark: impl fmt::Display) -> Self {
        self.message = format!("{} ({remark})", self.message);
        self
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

impl Error {
    /// A DER decoding or encoding failure, as a `Parse` error. Crate-private: `der` is an
    /// implementation detail, not part of the API (there is no public `From<der::Error>`).
    pub(crate) fn der(err: der::Error) -> Self {
        Error::parse(format!("malformed DER: {err}"))
    }
}

/// "a, b or c": the names a parser accepts, for its error message (made from the type's `ALL`,
/// so that the message cannot fall behind the list).
pub(crate) fn one_of<T: Copy>(all: &[T], name: impl Fn(T) -> &'static str) -> String {
    let names: Vec<&str> = all.iter().map(|&t| name(t)).collect();
    match names.split_last() {
        Some((last, [])) => (*last).to_string(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// `Result` with sslkit's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
