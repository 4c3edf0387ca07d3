//! What a verification is asked: the purpose, the time, the host name and where trust comes
//! from.

use std::fmt;
use std::time::SystemTime;

use crate::error::{Error, Result};

/// What the leaf certificate must be good for.
///
/// `Server` (the default) is a TLS server as browsers and rustls clients check it: the leaf's
/// extendedKeyUsage, when present, lists serverAuth, and a host name is matched against its
/// subjectAltNames. `Client` is a TLS client certificate as a server checks it (mod_ssl's
/// `SSLVerifyClient require`): clientAuth instead of serverAuth, and no host name.
///
/// ```
/// use sslkit::Purpose;
/// assert_eq!("client".parse::<Purpose>()?, Purpose::Client);
/// assert_eq!(Purpose::default().name(), "server");
/// # Ok::<(), sslkit::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Purpose {
    /// A TLS server certificate (extendedKeyUsage serverAuth).
    #[default]
    Server,
    /// A TLS client certificate (extendedKeyUsage clientAuth).
    Client,
}

impl Purpose {
    /// Every purpose, in the order of the C enum.
    pub const ALL: [Purpose; 2] = [Purpose::Server, Purpose::Client];

    /// `server` or `client`.
    pub fn name(self) -> &'static str {
        match self {
            Purpose::Server => "server",
            Purpose::Client => "client",
        }
    }

    /// The extendedKeyUsage purpose this asks for (`serverAuth` or `clientAuth`).
    pub fn eku_name(self) -> &'static str {
        match self {
            Purpose::Server => "serverAuth",
            Purpose::Client => "clientAuth",
        }
    }
}

impl std::str::FromStr for Purpose {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.to_ascii_lowercase().as_str() {
            "server" | "sslserver" => Ok(Purpose::Server),
            "client" | "sslclient" => Ok(Purpose::Client),
            _ => Err(Error::invalid(format!(
                "unknown purpose '{s}' (expected {})",
                crate::error::one_of(&Purpose::ALL, Purpose::name)
            ))),
        }
    }
}

impl fmt::Display for Purpose {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Choices for [`verify_chain`](crate::verify_chain): the time, the host name, the purpose and
/// whether the system's roots are trusted besides the ones given. Build it with
/// [`VerifyOptions::new`] and the setters.
///
/// Trust is never implied: the anchors are the `roots` passed to `verify_chain`, plus the
/// system store only when [`system_roots`](Self::system_roots) says so; with neither, nothing
/// verifies (`InvalidInput`).
///
/// ```
/// use sslkit::{Purpose, VerifyOptions};
/// let opts = VerifyOptions::new().host("www.foo.dom").purpose(Purpose::Server);
/// assert_eq!(opts.host.as_deref(), Some("www.foo.dom"));
/// assert!(!opts.system_roots);
/// ```
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct VerifyOptions {
    /// The time to verify at (default: now). Certificates carry whole seconds, so the time is
    /// rounded down to a whole second.
    pub at: Option<SystemTime>,
    /// A host name (or IP address) the leaf must be valid for (server purpose).
    pub host: Option<String>,
    /// What the leaf must be good for (default: server).
    pub purpose: Purpose,
    /// Also trust the system's roots ([`system_roots`](crate::system_roots)).
    pub system_roots: bool,
}

impl VerifyOptions {
    /// Every default: now, no host name, server purpose, only the given roots.
    pub fn new() -> Self {
        Self::default()
    }

    /// Verifies at `at` instead of now.
    pub fn at(mut self, at: SystemTime) -> Self {
        self.at = Some(at);
        self
    }

    /// Requires the leaf to be valid for `host` (a DNS name, internationalised names allowed,
    /// or an IP address).
    pub fn host(mut self, host: impl Into<String>) -> Self {
        self.host = Some(host.into());
        self
    }

    /// Sets the purpose.
    pub fn purpose(mut self, purpose: Purpose) -> Self {
        self.purpose = purpose;
        self
    }

    /// Trusts the system's roots too (`true`), or only the given ones (`false`, the default).
    pub fn system_roots(mut self, yes: bool) -> Self {
        self.system_roots = yes;
        self
    }
}
