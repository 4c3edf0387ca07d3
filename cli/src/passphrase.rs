//! Passphrase sources in OpenSSL's syntax: `pass:TEXT`, `env:VAR`, `file:PATH`, `fd:N`, `stdin`.
//!
//! `file:`, `fd:` and `stdin` give their first line, without the line end. As in OpenSSL, when
//! `--passin` and `--passout` name the same file, descriptor or stdin, the first line is the
//! input passphrase and the second the output one: a [`PassReader`] keeps each source open and
//! reads one line per request, byte by byte so that nothing past the line is consumed.
//!
//! Passphrases live in [`Zeroizing`] buffers and are never printed: error messages name the
//! source (`env:VAR`, `file:PATH`) but never echo `pass:TEXT`.

use std::collections::HashMap;
use std::ffi::{OsStr, OsString};
use std::fmt;
use std::fs::File;
use std::io::{self, Read};
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use crate::error::{CliError, CliResult};

/// The longest passphrase line sslkit reads from a file, descriptor or stdin.
pub const MAX_PASSPHRASE_LEN: usize = 4096;

const SOURCES: &str = "pass:TEXT, env:VAR, file:PATH, fd:N or stdin";

/// A passphrase source exactly as given on the command line. The bytes are zeroized on drop and
/// `Debug` does not show them (a `pass:` source holds the passphrase itself).
#[derive(Clone)]
pub struct PassSpec(Zeroizing<Vec<u8>>);

impl PassSpec {
    /// Takes ownership of a command-line argument.
    pub fn from_os(arg: OsString) -> Self {
        PassSpec(Zeroizing::new(arg.into_vec()))
    }

    /// Parses the source; `flag` (e.g. `--passin`) names it in error messages.
    fn source(&self, flag: &str) -> CliResult<Source<'_>> {
        let s: &[u8] = &self.0;
        if let Some(text) = s.strip_prefix(b"pass:") {
            Ok(Source::Pass(text))
        } else if let Some(var) = s.strip_prefix(b"env:") {
            if var.is_empty() || var.contains(&b'=') {
                return Err(CliError::usage(format!(
                    "{flag} env:VAR needs an environment variable name"
                )));
            }
            Ok(Source::Env(OsStr::from_bytes(var)))
        } else if let Some(path) = s.strip_prefix(b"file:") {
            if path.is_empty() {
                return Err(CliError::usage(format!(
                    "{flag} file:PATH needs a file name"
                )));
            }
            Ok(Source::File(Path::new(OsStr::from_bytes(path))))
        } else if let Some(fd) = s.strip_prefix(b"fd:") {
            let fd = std::str::from_utf8(fd)
                .ok()
                .filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|d| d.parse::<u32>().ok())
                .ok_or_else(|| {
                    CliError::usage(format!("{flag} fd:N needs a file descriptor number"))
                })?;
            Ok(Source::Fd(fd))
        } else if s == b"stdin" {
            Ok(Source::Stdin)
        } else {
            // Never echo the argument: it may be a passphrase typed without "pass:".
            Err(CliError::usage(format!(
                "{flag} is not a passphrase source; use {SOURCES}"
            )))
        }
    }
}

impl fmt::Debug for PassSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PassSpec(..)")
    }
}

/// A parsed passphrase source.
enum Source<'a> {
    Pass(&'a [u8]),
    Env(&'a OsStr),
    File(&'a Path),
    Fd(u32),
    Stdin,
}

/// Reads passphrases, keeping `file:` and `fd:` sources open so that a second read of the same
/// source gives its next line.
#[derive(Default)]
pub struct PassReader {
    open: HashMap<PathBuf, File>,
}

impl PassReader {
    /// A reader with no source open yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads the passphrase that `spec` (given to `flag`) names.
    pub fn read(&mut self, spec: &PassSpec, flag: &str) -> CliResult<Zeroizing<Vec<u8>>> {
        match spec.source(flag)? {
            Source::Pass(text) => Ok(Zeroizing::new(text.to_vec())),
            Source::Env(var) => match std::env::var_os(var) {
                Some(value) => Ok(Zeroizing::new(value.into_vec())),
                None => Err(CliError::usage(format!(
                    "{flag} env:{}: the environment variable is not set",
                    var.to_string_lossy()
                ))),
            },
            Source::File(path) => {
                let what = format!("{flag} file:{}", path.display());
                self.read_open(path.to_path_buf(), &what)
            }
            Source::Fd(fd) => {
                let what = format!("{flag} fd:{fd}");
                self.read_open(PathBuf::from(format!("/dev/fd/{fd}")), &what)
            }
            Source::Stdin => {
                let what = format!("{flag} stdin");
                let line = read_line(&mut io::stdin().lock())
                    .map_err(|e| CliError::usage(format!("{what}: {e}")))?;
                line.ok_or_else(|| {
                    CliError::usage(format!("{what}: no passphrase line on standard input"))
                })
            }
        }
    }

    /// Reads the next line of the file at `path`, opening it on first use.
    fn read_open(&mut self, path: PathBuf, what: &str) -> CliResult<Zeroizing<Vec<u8>>> {
        let file = match self.open.entry(path) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => {
                let file =
                    File::open(e.key()).map_err(|err| CliError::usage(format!("{what}: {err}")))?;
                e.insert(file)
            }
        };
        read_line(file)
            .map_err(|e| CliError::usage(format!("{what}: {e}")))?
            .ok_or_else(|| CliError::usage(format!("{what}: no passphrase line to read")))
    }
}

/// Reads one line, without its `\n` or `\r\n`. `None` at end of input before any byte. Reads a
/// byte at a time so nothing past the line end is consumed, and never reallocates (so no copy of
/// the passphrase is left behind un-zeroized).
fn read_line(reader: &mut impl Read) -> io::Result<Option<Zeroizing<Vec<u8>>>> {
    let mut line = Zeroizing::new(Vec::with_capacity(MAX_PASSPHRASE_LEN + 1));
    let mut byte = Zeroizing::new([0u8; 1]);
    let mut got_any = false;
    loop {
        match reader.read(&mut byte[..]) {
            Ok(0) => break,
            Ok(_) => {
                got_any = true;
                if byte[0] == b'\n' {
                    break;
                }
                if line.len() == MAX_PASSPHRASE_LEN + 1 {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!("the passphrase is longer than {MAX_PASSPHRASE_LEN} bytes"),
                    ));
                }
                line.push(byte[0]);
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
    if !got_any {
        return Ok(None);
    }
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    if line.len() > MAX_PASSPHRASE_LEN {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("the passphrase is longer than {MAX_PASSPHRASE_LEN} bytes"),
        ));
    }
    Ok(Some(line))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(s: &str) -> PassSpec {
        PassSpec::from_os(OsString::from(s))
    }

    #[test]
    fn lines_are_read_one_at_a_time() {
        let mut input: &[u8] = b"first\r\nsecond\nthird";
        assert_eq!(read_line(&mut input).unwrap().unwrap().as_slice(), b"first");
        assert_eq!(
            read_line(&mut input).unwrap().unwrap().as_slice(),
            b"second"
        );
        assert_eq!(read_line(&mut input).unwrap().unwrap().as_slice(), b"third");
        assert!(read_line(&mut input).unwrap().is_none());
        let mut empty_line: &[u8] = b"\n";
        assert_eq!(read_line(&mut empty_line).unwrap().unwrap().as_slice(), b"");
    }

    #[test]
    fn overlong_lines_are_refused() {
        let long = vec![b'a'; MAX_PASSPHRASE_LEN + 1];
        assert!(read_line(&mut long.as_slice()).is_err());
        let ok = vec![b'a'; MAX_PASSPHRASE_LEN];
        assert_eq!(
            read_line(&mut ok.as_slice()).unwrap().unwrap().len(),
            MAX_PASSPHRASE_LEN
        );
    }

    #[test]
    fn pass_source_is_never_echoed() {
        let err = PassReader::new()
            .read(&spec("hunter2"), "--passin")
            .unwrap_err()
            .to_string();
        assert!(!err.contains("hunter2"), "{err}");
        assert!(
            format!("{:?}", spec("pass:hunter2"))
                .find("hunter2")
                .is_none()
        );
    }

    #[test]
    fn sources_parse() {
        let mut r = PassReader::new();
        assert_eq!(
            r.read(&spec("pass:a b"), "--passin").unwrap().as_slice(),
            b"a b"
        );
        assert_eq!(r.read(&spec("pass:"), "--passin").unwrap().as_slice(), b"");
        assert!(r.read(&spec("fd:x"), "--passin").is_err());
        assert!(r.read(&spec("fd:"), "--passin").is_err());
        assert!(r.read(&spec("env:"), "--passin").is_err());
        assert!(r.read(&spec("file:"), "--passin").is_err());
        assert!(
            r.read(&spec("env:SSLKIT_SURELY_UNSET_VARIABLE"), "--passin")
                .is_err()
        );
    }
}
