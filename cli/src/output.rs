//! Writing a command's result: to a file atomically through [`sslkit::fs::write_atomic`] (no
//! partial file on error, no overwrite without `--force`), or to standard output.

use std::io::Write;
use std::path::Path;

use crate::error::{CliError, CliResult};
use crate::options::OutputArgs;

/// Mode of files that hold a private key.
pub const SECRET_MODE: u32 = 0o600;
/// Mode of files that hold only public data (certificates, public keys, CSRs).
pub const PUBLIC_MODE: u32 = 0o644;

/// Whether output holds secrets (decides the file mode).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sensitivity {
    /// A private key: mode 0600.
    Secret,
    /// Public data: mode 0644 (less the umask).
    Public,
}

/// Writes `data` where `out` says.
pub fn write(out: &OutputArgs, data: &[u8], sensitivity: Sensitivity) -> CliResult<()> {
    match &out.out {
        Some(path) => write_file(path, data, sensitivity, out.force),
        None => write_stdout(data),
    }
}

fn write_file(path: &Path, data: &[u8], sensitivity: Sensitivity, force: bool) -> CliResult<()> {
    // `--force` replaces files, never devices, FIFOs or sockets (write_atomic would rename over
    // them). Symbolic links and folders are refused by write_atomic itself.
    if let Ok(meta) = std::fs::symlink_metadata(path) {
        let kind = meta.file_type();
        if !kind.is_file() && !kind.is_symlink() && !kind.is_dir() {
            return Err(CliError::usage(format!(
                "{} is not a regular file; refusing to replace it",
                path.display()
            ))
            .hint("leave out --out to write to standard output"));
        }
    }
    let mode = match sensitivity {
        Sensitivity::Secret => SECRET_MODE,
        Sensitivity::Public => PUBLIC_MODE,
    };
    sslkit::fs::write_atomic(path, data, mode, force).map_err(|e| {
        let exists = !force && e.kind() == sslkit::ErrorKind::InvalidInput && path.exists();
        let err = CliError::from(e);
        if exists {
            err.hint("use --force to overwrite it")
        } else {
            err
        }
    })
}

fn write_stdout(data: &[u8]) -> CliResult<()> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(data)
        .and_then(|()| stdout.flush())
        .map_err(|e| CliError::usage(format!("writing to standard output: {e}")))
}

/// Standard output, as an [`OutputArgs`].
pub fn stdout() -> OutputArgs {
    OutputArgs {
        out: None,
        force: false,
    }
}
