//! The CLI's error type: an exit status, a one-line message and an optional hint, printed to
//! stderr as `sslkit: <message>; <hint>`.
//!
//! Every [`sslkit::Error`] becomes exit status 2 (usage or input error), except where a check
//! command ([`CliError::from_check`]) says which kinds mean "the check said no" (exit 1); the
//! hint depends on the error's kind (a wrong passphrase says "check --passin", and so on).

use std::fmt;
use std::io::Write;

use sslkit::ErrorKind;

/// Exit status of a check that said no (a mismatch, a failed verification).
pub const EXIT_CHECK_FAILED: u8 = 1;
/// Exit status of a usage or input error.
pub const EXIT_USAGE: u8 = 2;

/// An error that ends the command: what went wrong, a hint where one exists, and the exit status.
#[derive(Debug)]
pub struct CliError {
    code: u8,
    message: String,
    hint: Option<String>,
}

impl CliError {
    /// A usage or input error (exit status 2).
    pub fn usage(message: impl Into<String>) -> Self {
        CliError {
            code: EXIT_USAGE,
            message: message.into(),
            hint: None,
        }
    }

    /// A check that said no (exit status 1): a key mismatch, a failed verification, an
    /// incomplete chain.
    pub fn check_failed(message: impl Into<String>) -> Self {
        CliError {
            code: EXIT_CHECK_FAILED,
            message: message.into(),
            hint: None,
        }
    }

    /// An sslkit error from a check command: exit status 1 when its kind is one of `said_no`
    /// (the answer of the check), 2 otherwise (the check could not be made).
    pub fn from_check(err: sslkit::Error, said_no: &[ErrorKind]) -> Self {
        let kind = err.kind();
        let mut cli = CliError::from(err);
        if said_no.contains(&kind) {
            cli.code = EXIT_CHECK_FAILED;
        }
        cli
    }

    /// Sets (or replaces) the hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The exit status.
    pub fn code(&self) -> u8 {
        self.code
    }

    /// Prints the error to stderr as one line. A failure to write to stderr is ignored: there is
    /// nowhere left to report it.
    pub fn report(&self) {
        let mut stderr = std::io::stderr().lock();
        let _ = writeln!(stderr, "sslkit: {self}");
        let _ = stderr.flush();
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&one_line(&self.message))?;
        if let Some(hint) = &self.hint {
            write!(f, "; {}", one_line(hint))?;
        }
        Ok(())
    }
}

/// Replaces line breaks (a file name may hold one) so the message stays on one line.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// The hint for an sslkit error of `kind`, if there is a useful one.
fn hint_for(kind: ErrorKind) -> Option<&'static str> {
    match kind {
        ErrorKind::WrongPassphrase => Some("check --passin"),
        ErrorKind::PassphraseRequired => {
            Some("give it with --passin SRC (pass:TEXT, env:VAR, file:PATH, fd:N or stdin)")
        }
        _ => None,
    }
}

impl From<sslkit::Error> for CliError {
    fn from(err: sslkit::Error) -> Self {
        CliError {
            code: EXIT_USAGE,
            message: err.to_string(),
            hint: hint_for(err.kind()).map(str::to_string),
        }
    }
}

/// The `Result` of a command.
pub type CliResult<T> = Result<T, CliError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_stay_on_one_line() {
        let err = CliError::usage("bad\nfile\rname").hint("try\nthis");
        assert_eq!(err.to_string(), "bad file name; try this");
        assert_eq!(err.code(), 2);
    }

    #[test]
    fn wrong_passphrase_hints_at_passin() {
        let core = sslkit::PrivateKey::from_bytes(b"not a key", None).unwrap_err();
        assert_eq!(CliError::from(core).hint, None);
        let err = CliError::from(sslkit::Error::new(ErrorKind::WrongPassphrase, "wrong"));
        assert_eq!(err.to_string(), "wrong; check --passin");
    }

    #[test]
    fn check_errors_say_no_with_status_1() {
        let mismatch = sslkit::Error::new(ErrorKind::KeyMismatch, "no");
        assert_eq!(
            CliError::from_check(mismatch.clone(), &[ErrorKind::KeyMismatch]).code(),
            1
        );
        assert_eq!(
            CliError::from_check(mismatch, &[ErrorKind::Verification]).code(),
            2
        );
        let parse = sslkit::Error::new(ErrorKind::Parse, "bad");
        assert_eq!(
            CliError::from_check(parse, &[ErrorKind::KeyMismatch]).code(),
            2
        );
        assert_eq!(CliError::check_failed("no").code(), 1);
    }
}
