//! Reading inputs with a size cap, and writing files atomically (private keys 0600).

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Reads a whole file, refusing more than the input cap
/// ([`limits::max_input_size`](crate::limits::max_input_size), 16 MiB by default) before
/// reading past it.
pub fn read_input(path: &Path) -> Result<Vec<u8>> {
    let cap = crate::limits::max_input_size();
    let file = File::open(path).map_err(|e| Error::io(path, &e))?;
    let mut buf = Vec::new();
    file.take(cap as u64 + 1)
        .read_to_end(&mut buf)
        .map_err(|e| Error::io(path, &e))?;
    if buf.len() > cap {
        return Err(Error::invalid(format!(
            "{}: larger than {}; sslkit does not read files that big",
            path.display(),
            crate::limits::describe(cap)
        )));
    }
    Ok(buf)
}

/// Writes `data` to `path` atomically: a new temp file (O_EXCL, `mode`) in the same folder,
/// fsynced, then moved into place. Without `overwrite`, an existing `path` is an error and is
/// left untouched. A `path` that is a symbolic link is refused. On any error no file is left.
///
/// ```no_run
/// sslkit::fs::write_atomic("server.key".as_ref(), b"...", 0o600, false)?;
/// # Ok::<(), sslkit::Error>(())
/// ```
pub fn write_atomic(path: &Path, data: &[u8], mode: u32, overwrite: bool) -> Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            return Err(Error::invalid(format!(
                "{} is a symbolic link; refusing to write through it",
                path.display()
            )));
        }
        Ok(meta) if !meta.is_file() => {
            return Err(Error::invalid(format!(
                "{} is not a regular file (a directory, device or FIFO); refusing to replace it",
                path.display()
            )));
        }
        Ok(_) if !overwrite => {
            return Err(Error::invalid(format!(
                "{} exists; refusing to overwrite it unless asked to",
                path.display()
            )));
        }
        _ => {}
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| Error::invalid(format!("{} is not a file name", path.display())))?;
    let mut tmp = None;
    for _ in 0..16 {
        let suffix: [u8; 6] = crate::encrypt::random_bytes()?;
        let suffix: String = suffix.iter().map(|b| format!("{b:02x}")).collect();
        let candidate = dir.join(format!(".{}.{suffix}.tmp", name.to_string_lossy()));
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(mode)
            .open(&candidate)
        {
            Ok(f) => {
                tmp = Some((candidate, f));
                break;
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(Error::io(path, &e)),
        }
    }
    let (tmp_path, mut file) =
        tmp.ok_or_else(|| Error::internal("could not create a temporary file"))?;
    let result = (|| -> std::io::Result<()> {
        file.write_all(data)?;
        file.sync_all()?;
        drop(file);
        if overwrite {
            fs::rename(&tmp_path, path)?;
        } else {
            // link() fails if `path` appeared meanwhile: no clobbering, even in a race.
            fs::hard_link(&tmp_path, path)?;
            fs::remove_file(&tmp_path)?;
        }
        if let Ok(d) = File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp_path);
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            return Err(Error::invalid(format!(
                "{} exists; refusing to overwrite it unless asked to",
                path.display()
            )));
        }
        return Err(Error::io(path, &e));
    }
    Ok(())
}
