//! Reading a command's inputs: the certificates of a bundle, the one object of a file. Shared
//! by the commands, so that no command imports from another.

use std::path::Path;

use sslkit::{Certificate, Object, PrivateKey};
use zeroize::Zeroizing;

use crate::error::{CliError, CliResult};
use crate::passphrase::{PassReader, PassSpec};

/// Reads every certificate of a PEM bundle (or the one in a DER file).
pub fn load_certs(path: &Path) -> CliResult<Vec<Certificate>> {
    let data = sslkit::fs::read_input(path)?;
    sslkit::load_certificates(&data).map_err(|e| CliError::from(e.context(path.display())))
}

/// Reads the file at `path` with the core's [`Object`]: the first private key, public key,
/// request or certificate in a PEM file (as `openssl x509|rsa|req` take the first), or a DER
/// object of any of these kinds. The passphrase from `passin` is read only when the file holds
/// an encrypted key.
pub fn read_object(path: &Path, passin: Option<&PassSpec>) -> CliResult<Object> {
    let data = Zeroizing::new(sslkit::fs::read_input(path)?);
    let pass = match passin {
        Some(spec) if PrivateKey::is_encrypted(&data) => {
            Some(PassReader::new().read(spec, "--passin")?)
        }
        _ => None,
    };
    Object::from_bytes(&data, pass.as_ref().map(|p| p.as_slice()))
        .map_err(|e| CliError::from(e.context(path.display())))
}
