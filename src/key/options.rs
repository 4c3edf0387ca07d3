//! The names of key types and layouts, and the choices for writing a private key.

#[allow(unused_imports)]
use super::*;

/// The kinds of key sslkit makes and reads.
///
/// ```
/// use sslkit::KeyType;
/// assert_eq!("ec-p256".parse::<KeyType>().unwrap(), KeyType::EcP256);
/// assert_eq!(KeyType::Ed25519.to_string(), "ed25519");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyType {
    /// RSA, e = 65537; 2048 bits by default.
    Rsa,
    /// ECDSA on NIST P-256 (secp256r1).
    EcP256,
    /// ECDSA on NIST P-384 (secp384r1).
    EcP384,
    /// Ed25519 (RFC 8410).
    Ed25519,
}

impl KeyType {
    /// Every key type: the one list the CLI's choices, the C enum and the Python names follow.
    ///
    /// ```
    /// for t in sslkit::KeyType::ALL {
    ///     assert_eq!(t.name().parse::<sslkit::KeyType>().unwrap(), t);
    /// }
    /// ```
    pub const ALL: [KeyType; 4] = [
        KeyType::Rsa,
        KeyType::EcP256,
        KeyType::EcP384,
        KeyType::Ed25519,
    ];

    /// The name used by the CLI, Python and C: `rsa`, `ec-p256`, `ec-p384`, `ed25519`.
    pub fn name(self) -> &'static str {
        match self {
            KeyType::Rsa => "rsa",
            KeyType::EcP256 => "ec-p256",
            KeyType::EcP384 => "ec-p384",
            KeyType::Ed25519 => "ed25519",
        }
    }
}

impl fmt::Display for KeyType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for KeyType {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.to_ascii_lowercase().as_str() {
            "rsa" => Ok(KeyType::Rsa),
            "ec-p256" | "p256" | "p-256" | "ec" | "prime256v1" | "secp256r1" => Ok(KeyType::EcP256),
            "ec-p384" | "p384" | "p-384" | "secp384r1" => Ok(KeyType::EcP384),
            "ed25519" => Ok(KeyType::Ed25519),
            _ => Err(Error::invalid(format!(
                "unknown key type '{s}' (expected {})",
                crate::error::one_of(&KeyType::ALL, KeyType::name)
            ))),
        }
    }
}

/// How a private key is laid out when written.
///
/// ```
/// assert_eq!("traditional".parse::<sslkit::KeyFormat>().unwrap(), sslkit::KeyFormat::Traditional);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum KeyFormat {
    /// PKCS#8 (`PRIVATE KEY` / `ENCRYPTED PRIVATE KEY`): the default, for every key type.
    #[default]
    Pkcs8,
    /// PKCS#1 (`RSA PRIVATE KEY`) or SEC1 (`EC PRIVATE KEY`), encrypted with the legacy
    /// `DEK-Info` scheme when a passphrase is given. Ed25519 has no traditional form.
    Traditional,
}

impl KeyFormat {
    /// Every layout, in the order of the C enum.
    pub const ALL: [KeyFormat; 2] = [KeyFormat::Pkcs8, KeyFormat::Traditional];

    /// `pkcs8` or `traditional`.
    pub fn name(self) -> &'static str {
        match self {
            KeyFormat::Pkcs8 => "pkcs8",
            KeyFormat::Traditional => "traditional",
        }
    }
}

impl fmt::Display for KeyFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for KeyFormat {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.to_ascii_lowercase().as_str() {
            "pkcs8" => Ok(KeyFormat::Pkcs8),
            "traditional" | "pkcs1" | "sec1" => Ok(KeyFormat::Traditional),
            _ => Err(Error::invalid(format!(
                "unknown key format '{s}' (expected {})",
                crate::error::one_of(&KeyFormat::ALL, KeyFormat::name)
            ))),
        }
    }
}

/// Choices for writing a private key: layout, passphrase, cipher and KDF.
///
/// ```
/// use sslkit::{EncodeOptions, KeyFormat, Kdf};
/// let opts = EncodeOptions::new().passphrase(b"secret").kdf(Kdf::Pbkdf2);
/// assert_eq!(opts.format, KeyFormat::Pkcs8);
/// ```
#[derive(Clone, Copy, Default)]
pub struct EncodeOptions<'a> {
    /// PKCS#8 (default) or traditional.
    pub format: KeyFormat,
    /// Encrypt with this passphrase (None: write the key in the clear).
    pub passphrase: Option<&'a [u8]>,
    /// Cipher for encryption (default AES-256-CBC).
    pub cipher: Cipher,
    /// KDF for encrypted PKCS#8 (default scrypt); the legacy traditional scheme has its own.
    pub kdf: Kdf,
}

impl fmt::Debug for EncodeOptions<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EncodeOptions")
            .field("format", &self.format)
            .field("encrypted", &self.passphrase.is_some())
            .field("cipher", &self.cipher)
            .field("kdf", &self.kdf)
            .finish()
    }
}

impl<'a> EncodeOptions<'a> {
    /// Clear PKCS#8.
    pub fn new() -> Self {
        Self::default()
    }
    /// Sets the layout.
    pub fn format(mut self, format: KeyFormat) -> Self {
        self.format = format;
        self
    }
    /// Encrypts with `passphrase`.
    pub fn passphrase(mut self, passphrase: &'a [u8]) -> Self {
        self.passphrase = Some(passphrase);
        self
    }
    /// Sets the cipher.
    pub fn cipher(mut self, cipher: Cipher) -> Self {
        self.cipher = cipher;
        self
    }
    /// Sets the KDF.
    pub fn kdf(mut self, kdf: Kdf) -> Self {
        self.kdf = kdf;
        self
    }

    /// Refuses choices that contradict each other, the same way in every face (the encoders
    /// call it first): a cipher or KDF other than the default without a passphrase (nothing
    /// would be encrypted), a KDF other than the default for the traditional layout (its legacy
    /// encryption has its own key derivation), and an empty passphrase.
    ///
    /// ```
    /// use sslkit::{EncodeOptions, Kdf, KeyFormat};
    /// assert!(EncodeOptions::new().passphrase(b"pw").kdf(Kdf::Pbkdf2).validate().is_ok());
    /// let traditional = EncodeOptions::new().format(KeyFormat::Traditional).passphrase(b"pw");
    /// assert!(traditional.kdf(Kdf::Pbkdf2).validate().is_err());
    /// assert!(EncodeOptions::new().kdf(Kdf::Pbkdf2).validate().is_err());
    /// ```
    pub fn validate(&self) -> Result<()> {
        check_passphrase(self.passphrase)?;
        if self.passphrase.is_none()
            && (self.cipher != Cipher::default() || self.kdf != Kdf::default())
        {
            return Err(Error::invalid(
                "a cipher or key derivation was chosen without a passphrase: nothing would be encrypted",
            ));
        }
        if self.format == KeyFormat::Traditional && self.kdf != Kdf::default() {
            return Err(Error::invalid(format!(
                "the {} key derivation applies to PKCS#8 encryption only; traditional keys use OpenSSL's legacy key derivation",
                self.kdf
            )));
        }
        Ok(())
    }
}
