//! Private and public keys: RSA, ECDSA P-256/P-384 and Ed25519; generation; reading every common
//! format without a format flag; writing PKCS#8 or traditional, PEM or DER, clear or encrypted.

pub(crate) mod ct;
pub(crate) mod ec;
pub(crate) mod ed25519;
mod prime;
pub(crate) mod rsa;
pub(crate) mod rsa_pub;

pub use self::rsa::{MAX_RSA_BITS, MIN_RSA_BITS};

use std::fmt;
use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;

use der::asn1::{AnyRef, BitStringRef, ObjectIdentifier, OctetStringRef};
use der::{Decode, Encode};
use spki::AlgorithmIdentifierRef;
use zeroize::Zeroizing;

use self::ec::{Curve, EcPrivate};
use self::ed25519::EdPrivate;
use self::rsa::{RsaPrivate, bit_len, strip};
use crate::encrypt::{self, Cipher, Kdf};
use crate::error::{Error, ErrorKind, Result};
use crate::oid;
use crate::pem::{self, PemBlock};

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
}

#[allow(clippy::large_enum_variant)] // always behind an Arc
pub(crate) enum KeyData {
    Rsa(RsaPrivate),
    Ec(EcPrivate),
    Ed25519(EdPrivate),
}

/// A private key. Immutable, cheap to clone, `Send + Sync`; key bytes are zeroized on drop and
/// never printed by `Debug`.
///
/// ```
/// use sslkit::{EncodeOptions, KeyType, PrivateKey};
/// let key = PrivateKey::generate(KeyType::EcP256, None)?;
/// let pem = key.to_pem_with(&EncodeOptions::new().passphrase(b"correct horse"))?;
/// assert!(pem.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
/// let again = PrivateKey::from_pem(pem.as_bytes(), Some(b"correct horse"))?;
/// assert_eq!(again.public_key(), key.public_key());
/// # Ok::<(), sslkit::Error>(())
/// ```
#[derive(Clone)]
pub struct PrivateKey {
    inner: Arc<KeyData>,
}

const PRIVATE_LABELS: &[&str] = &[
    "PRIVATE KEY",
    "RSA PRIVATE KEY",
    "EC PRIVATE KEY",
    "ENCRYPTED PRIVATE KEY",
    "ANY PRIVATE KEY",
];

impl PrivateKey {
    fn new(data: KeyData) -> Self {
        PrivateKey {
            inner: Arc::new(data),
        }
    }

    /// Generates a key. `bits` applies to RSA (default 2048; 2048–16384, even); for EC and
    /// Ed25519 it may be omitted or must equal the curve size.
    ///
    /// ```
    /// let key = sslkit::PrivateKey::generate(sslkit::KeyType::Ed25519, None)?;
    /// assert_eq!(key.algorithm(), "ed25519");
    /// # Ok::<(), sslkit::Error>(())
    /// ```
    pub fn generate(key_type: KeyType, bits: Option<u32>) -> Result<Self> {
        let workers = std::thread::available_parallelism()
            .map(|n| n.get().min(2))
            .unwrap_or(1);
        Self::generate_with_workers(key_type, bits, workers)
    }

    /// [`PrivateKey::generate`] with the number of threads that search RSA primes (1 to 8; the
    /// default is 2, or 1 on a single-core machine). One thread leaves the other cores free for
    /// concurrent work; EC and Ed25519 keys always take one.
    pub fn generate_with_workers(
        key_type: KeyType,
        bits: Option<u32>,
        workers: usize,
    ) -> Result<Self> {
        if !(1..=8).contains(&workers) {
            return Err(Error::invalid(format!(
                "{workers} prime-search threads: give 1 to 8"
            )));
        }
        let check_bits = |want: u32| match bits {
            Some(b) if b != want => Err(Error::invalid(format!(
                "{key_type} keys are {want} bits; --bits {b} does not apply"
            ))),
            _ => Ok(()),
        };
        let data = match key_type {
            KeyType::Rsa => {
                let der = rsa::generate(bits.unwrap_or(2048), workers)?;
                KeyData::Rsa(RsaPrivate::from_pkcs1(&der)?)
            }
            KeyType::EcP256 => {
                check_bits(256)?;
                KeyData::Ec(ec::generate(Curve::P256)?)
            }
            KeyType::EcP384 => {
                check_bits(384)?;
                KeyData::Ec(ec::generate(Curve::P384)?)
            }
            KeyType::Ed25519 => {
                check_bits(256)?;
                KeyData::Ed25519(EdPrivate::generate()?)
            }
        };
        Ok(Self::new(data))
    }

    /// Generates an RSA key of `bits` bits (e = 65537).
    pub fn generate_rsa(bits: u32) -> Result<Self> {
        Self::generate(KeyType::Rsa, Some(bits))
    }

    /// Reads a key from PEM or DER, whichever `data` is. See [`PrivateKey::from_pem`].
    pub fn from_bytes(data: &[u8], passphrase: Option<&[u8]>) -> Result<Self> {
        pem::check_size(data)?;
        if pem::is_pem(data) {
            Self::from_pem(data, passphrase)
        } else {
            Self::from_der(data, passphrase)
        }
    }

    /// Reads a key from the first private-key PEM block in `data` (text before it is skipped):
    /// PKCS#8, PKCS#1, SEC1, encrypted PKCS#8 (PBES2 or PKCS#12 3DES), or legacy encrypted PEM.
    /// The block's content decides the format, not its label.
    ///
    /// Errors: `PassphraseRequired` when encrypted and `passphrase` is None, `WrongPassphrase`,
    /// `Parse` for malformed input, `Unsupported` for known but unimplemented algorithms.
    pub fn from_pem(data: &[u8], passphrase: Option<&[u8]>) -> Result<Self> {
        let blocks = pem::parse_blocks(data)?;
        let block = pem::find_block(&blocks, PRIVATE_LABELS, "private key")?;
        Self::from_block(block, passphrase)
    }

    fn from_block(block: &PemBlock, passphrase: Option<&[u8]>) -> Result<Self> {
        if encrypt::is_legacy_encrypted(block) {
            let pass = passphrase.ok_or_else(Error::passphrase_required)?;
            let der = encrypt::decrypt_legacy(block, pass)?;
            return decode_plain_der(&der, Some(block.label()))
                .map_err(wrong_passphrase_on_parse)
                .map(Self::new);
        }
        if block.label() == "ENCRYPTED PRIVATE KEY"
            || encrypt::looks_like_encrypted_pkcs8(block.contents())
        {
            return Self::from_encrypted_pkcs8(block.contents(), passphrase);
        }
        decode_plain_der(block.contents(), Some(block.label())).map(Self::new)
    }

    /// Reads a key from DER: PKCS#8, encrypted PKCS#8, PKCS#1 or SEC1.
    pub fn from_der(data: &[u8], passphrase: Option<&[u8]>) -> Result<Self> {
        pem::check_size(data)?;
        if encrypt::looks_like_encrypted_pkcs8(data) {
            return Self::from_encrypted_pkcs8(data, passphrase);
        }
        decode_plain_der(data, None).map(Self::new)
    }

    /// Reads a key file (PEM or DER).
    pub fn load(path: impl AsRef<Path>, passphrase: Option<&[u8]>) -> Result<Self> {
        let path = path.as_ref();
        let data = Zeroizing::new(crate::fs::read_input(path)?);
        Self::from_bytes(&data, passphrase).map_err(|e| e.context(path.display()))
    }

    fn from_encrypted_pkcs8(der: &[u8], passphrase: Option<&[u8]>) -> Result<Self> {
        let pass = passphrase.ok_or_else(Error::passphrase_required)?;
        let inner = encrypt::decrypt_pkcs8(der, pass)?;
        let info =
            pkcs8::PrivateKeyInfoRef::from_der(&inner).map_err(|_| Error::wrong_passphrase())?;
        // Decrypted bytes that have valid padding and parse as PKCS#8 but hold an inconsistent
        // key are a wrong passphrase or corruption too, never "parse error".
        from_pkcs8_info(&info)
            .map_err(wrong_passphrase_on_parse)
            .map(Self::new)
    }

    /// True when `data` (PEM or DER) holds an encrypted private key.
    ///
    /// ```
    /// let key = sslkit::PrivateKey::generate(sslkit::KeyType::Ed25519, None)?;
    /// assert!(!sslkit::PrivateKey::is_encrypted(key.to_pem()?.as_bytes()));
    /// # Ok::<(), sslkit::Error>(())
    /// ```
    pub fn is_encrypted(data: &[u8]) -> bool {
        if pem::is_pem(data) {
            let Ok(blocks) = pem::parse_blocks(data) else {
                return false;
            };
            blocks.iter().any(|b| {
                PRIVATE_LABELS.contains(&b.label())
                    && (encrypt::is_legacy_encrypted(b)
                        || b.label() == "ENCRYPTED PRIVATE KEY"
                        || encrypt::looks_like_encrypted_pkcs8(b.contents()))
            })
        } else {
            encrypt::looks_like_encrypted_pkcs8(data)
        }
    }

    /// The key's type.
    pub fn key_type(&self) -> KeyType {
        match &*self.inner {
            KeyData::Rsa(_) => KeyType::Rsa,
            KeyData::Ec(k) => match k.curve {
                Curve::P256 => KeyType::EcP256,
                Curve::P384 => KeyType::EcP384,
            },
            KeyData::Ed25519(_) => KeyType::Ed25519,
        }
    }

    /// The key type's name: `rsa`, `ec-p256`, `ec-p384` or `ed25519`.
    pub fn algorithm(&self) -> &'static str {
        self.key_type().name()
    }

    /// Size in bits: the RSA modulus, the curve size, 256 for Ed25519.
    pub fn bits(&self) -> u32 {
        match &*self.inner {
            KeyData::Rsa(k) => k.bits,
            KeyData::Ec(k) => k.curve.bits(),
            KeyData::Ed25519(_) => 256,
        }
    }

    /// The public half.
    pub fn public_key(&self) -> PublicKey {
        let kind = match &*self.inner {
            KeyData::Rsa(k) => PublicKind::Rsa {
                n: k.n.clone(),
                e: k.e.clone(),
            },
            KeyData::Ec(k) => PublicKind::Ec {
                curve: k.curve,
                point: k.point.clone(),
            },
            KeyData::Ed25519(k) => PublicKind::Ed25519(k.public),
        };
        PublicKey::from_kind(kind)
    }

    pub(crate) fn data(&self) -> &KeyData {
        &self.inner
    }

    /// Unencrypted PKCS#8 `PrivateKeyInfo` DER.
    pub fn to_pkcs8_der(&self) -> Result<Zeroizing<Vec<u8>>> {
        let (alg_oid, inner): (ObjectIdentifier, Zeroizing<Vec<u8>>) = match &*self.inner {
            KeyData::Rsa(k) => (oid::RSA_ENCRYPTION, k.pkcs1.clone()),
            KeyData::Ec(k) => (oid::EC_PUBLIC_KEY, k.to_sec1(false)?),
            KeyData::Ed25519(k) => (
                oid::ED25519,
                Zeroizing::new(OctetStringRef::new(&k.seed[..]).map_err(Error::der)?.to_der().map_err(Error::der)?),
            ),
        };
        let curve_oid = match &*self.inner {
            KeyData::Ec(k) => Some(k.curve.oid()),
            _ => None,
        };
        let parameters = match (&*self.inner, &curve_oid) {
            (KeyData::Rsa(_), _) => Some(AnyRef::NULL),
            (_, Some(c)) => Some(AnyRef::from(c)),
            _ => None,
        };
        let info = pkcs8::PrivateKeyInfoRef {
            algorithm: AlgorithmIdentifierRef {
                oid: alg_oid,
                parameters,
            },
            private_key: OctetStringRef::new(&inner).map_err(Error::der)?,
            public_key: None,
        };
        Ok(Zeroizing::new(info.to_der().map_err(Error::der)?))
    }

    /// Traditional DER: PKCS#1 for RSA, SEC1 (with the curve named) for EC.
    pub fn to_traditional_der(&self) -> Result<Zeroizing<Vec<u8>>> {
        match &*self.inner {
            KeyData::Rsa(k) => Ok(k.pkcs1.clone()),
            KeyData::Ec(k) => k.to_sec1(true),
            KeyData::Ed25519(_) => Err(Error::unsupported(
                "Ed25519 keys have no traditional format; use PKCS#8",
            )),
        }
    }

    fn traditional_label(&self) -> &'static str {
        match &*self.inner {
            KeyData::Rsa(_) => "RSA PRIVATE KEY",
            _ => "EC PRIVATE KEY",
        }
    }

    /// Clear PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`).
    pub fn to_pem(&self) -> Result<Zeroizing<String>> {
        self.to_pem_with(&EncodeOptions::default())
    }

    /// Clear PKCS#8 DER.
    pub fn to_der(&self) -> Result<Zeroizing<Vec<u8>>> {
        self.to_pkcs8_der()
    }

    /// PEM with the given layout and encryption.
    ///
    /// ```
    /// use sslkit::{Cipher, EncodeOptions, KeyFormat, PrivateKey};
    /// let key = PrivateKey::from_pem(include_bytes!("../../tests/data/rsa2048.pem"), None)?;
    /// // what `openssl genrsa -traditional -des3` writes:
    /// let opts = EncodeOptions::new().format(KeyFormat::Traditional).cipher(Cipher::DesEde3Cbc);
    /// let pem = key.to_pem_with(&opts.passphrase(b"pw"))?;
    /// assert!(pem.contains("DEK-Info: DES-EDE3-CBC,"));
    /// # Ok::<(), sslkit::Error>(())
    /// ```
    pub fn to_pem_with(&self, opts: &EncodeOptions<'_>) -> Result<Zeroizing<String>> {
        check_passphrase(opts.passphrase)?;
        match (opts.format, opts.passphrase) {
            (KeyFormat::Pkcs8, None) => Ok(pem::encode("PRIVATE KEY", &self.to_pkcs8_der()?)),
            (KeyFormat::Pkcs8, Some(pass)) => {
                let der =
                    encrypt::encrypt_pkcs8(&self.to_pkcs8_der()?, pass, opts.cipher, opts.kdf)?;
                Ok(pem::encode("ENCRYPTED PRIVATE KEY", &der))
            }
            (KeyFormat::Traditional, None) => Ok(pem::encode(
                self.traditional_label(),
                &self.to_traditional_der()?,
            )),
            (KeyFormat::Traditional, Some(pass)) => {
                let der = self.to_traditional_der()?;
                encrypt::encrypt_legacy(self.traditional_label(), &der, pass, opts.cipher)
            }
        }
    }

    /// DER with the given layout and encryption. Legacy (traditional) encryption exists only
    /// in PEM, so a traditional DER with a passphrase is `InvalidInput`.
    pub fn to_der_with(&self, opts: &EncodeOptions<'_>) -> Result<Zeroizing<Vec<u8>>> {
        check_passphrase(opts.passphrase)?;
        match (opts.format, opts.passphrase) {
            (KeyFormat::Pkcs8, None) => self.to_pkcs8_der(),
            (KeyFormat::Pkcs8, Some(pass)) => Ok(Zeroizing::new(encrypt::encrypt_pkcs8(
                &self.to_pkcs8_der()?,
                pass,
                opts.cipher,
                opts.kdf,
            )?)),
            (KeyFormat::Traditional, None) => self.to_traditional_der(),
            (KeyFormat::Traditional, Some(_)) => Err(Error::invalid(
                "traditional keys can only be encrypted in PEM; use PKCS#8 for encrypted DER",
            )),
        }
    }
}

fn check_passphrase(pass: Option<&[u8]>) -> Result<()> {
    if pass.is_some_and(|p| p.is_empty()) {
        return Err(Error::invalid(
            "empty passphrase: give a real one, or write the key without encryption",
        ));
    }
    Ok(())
}

fn wrong_passphrase_on_parse(e: Error) -> Error {
    if e.kind() == ErrorKind::Parse {
        Error::wrong_passphrase()
    } else {
        e
    }
}

impl PartialEq for PrivateKey {
    /// Two private keys are equal when their public keys are (a public key determines its
    /// private key).
    fn eq(&self, other: &Self) -> bool {
        self.public_key() == other.public_key()
    }
}

impl Eq for PrivateKey {}

impl std::hash::Hash for PrivateKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.public_key().hash(state)
    }
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PrivateKey")
            .field("type", &self.algorithm())
            .field("bits", &self.bits())
            .finish_non_exhaustive()
    }
}

/// Decodes an unencrypted private key DER of any layout; `label` is the PEM label, used only
/// to choose the most helpful error message.
fn decode_plain_der(der: &[u8], label: Option<&str>) -> Result<KeyData> {
    if let Ok(info) = pkcs8::PrivateKeyInfoRef::from_der(der) {
        return from_pkcs8_info(&info);
    }
    if pkcs1::RsaPrivateKeyRef::from_der(der).is_ok() {
        return RsaPrivate::from_pkcs1(der).map(KeyData::Rsa);
    }
    if sec1::EcPrivateKey::from_der(der).is_ok() {
        return EcPrivate::from_sec1(der, None).map(KeyData::Ec);
    }
    match label {
        Some("RSA PRIVATE KEY") => RsaPrivate::from_pkcs1(der).map(KeyData::Rsa),
        Some("EC PRIVATE KEY") => EcPrivate::from_sec1(der, None).map(KeyData::Ec),
        Some("PRIVATE KEY") => pkcs8::PrivateKeyInfoRef::from_der(der)
            .map_err(|e| Error::parse(format!("malformed PKCS#8 private key: {e}")))
            .and_then(|i| from_pkcs8_info(&i)),
        _ => Err(Error::parse(
            "not a private key (expected PKCS#8, PKCS#1, SEC1 or encrypted PKCS#8)",
        )),
    }
}

fn from_pkcs8_info(info: &pkcs8::PrivateKeyInfoRef<'_>) -> Result<KeyData> {
    let alg = &info.algorithm;
    let body = info.private_key.as_bytes();
    if alg.oid == oid::RSA_ENCRYPTION {
        RsaPrivate::from_pkcs1(body).map(KeyData::Rsa)
    } else if alg.oid == oid::EC_PUBLIC_KEY {
        let curve_oid = alg
            .parameters
            .ok_or_else(|| Error::parse("EC PKCS#8 key without curve parameter"))?
            .decode_as::<ObjectIdentifier>()
            .map_err(|_| {
                Error::unsupported("EC keys with explicit curve parameters are not supported")
            })?;
        let curve = Curve::from_oid(&curve_oid)?;
        EcPrivate::from_sec1(body, Some(curve)).map(KeyData::Ec)
    } else if alg.oid == oid::ED25519 {
        let seed = <&OctetStringRef>::from_der(body)
            .map_err(|e| Error::parse(format!("malformed Ed25519 private key: {e}")))?;
        let public = info.public_key.as_ref().and_then(|b| b.as_bytes());
        EdPrivate::from_seed(seed.as_bytes(), public).map(KeyData::Ed25519)
    } else {
        Err(Error::unsupported(format!(
            "private key algorithm {} is not supported (sslkit supports RSA, ECDSA P-256/P-384, Ed25519)",
            oid::describe(&alg.oid)
        )))
    }
}

#[derive(Clone, PartialEq, Eq, Hash)]
enum PublicKind {
    Rsa { n: Vec<u8>, e: Vec<u8> },
    Ec { curve: Curve, point: Vec<u8> },
    Ed25519([u8; 32]),
}

/// A public key. Equality is equality of the SubjectPublicKeyInfo.
///
/// ```
/// let key = sslkit::PrivateKey::generate(sslkit::KeyType::EcP384, None)?;
/// let pem = key.public_key().to_pem();
/// assert!(pem.starts_with("-----BEGIN PUBLIC KEY-----"));
/// assert_eq!(sslkit::PublicKey::from_pem(pem.as_bytes())?, key.public_key());
/// # Ok::<(), sslkit::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PublicKey {
    spki: Vec<u8>,
    kind: PublicKind,
    /// RSA: the verification context (Montgomery constants of n), built on first use and shared
    /// by clones; not part of equality or hashing.
    rsa_op: rsa_pub::OpCache,
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PublicKey")
            .field("type", &self.algorithm())
            .field("bits", &self.bits())
            .finish()
    }
}

impl PublicKey {
    fn from_kind(kind: PublicKind) -> Self {
        let spki = encode_spki(&kind).unwrap_or_default();
        PublicKey {
            spki,
            kind,
            rsa_op: rsa_pub::OpCache::default(),
        }
    }

    /// Reads a public key from PEM or DER, SPKI (`PUBLIC KEY`) or PKCS#1 (`RSA PUBLIC KEY`); the
    /// content decides, not the label.
    pub fn from_bytes(data: &[u8]) -> Result<Self> {
        if pem::is_pem(data) {
            Self::from_pem(data)
        } else {
            Self::from_der(data)
        }
    }

    /// Reads the first `PUBLIC KEY` or `RSA PUBLIC KEY` PEM block.
    pub fn from_pem(data: &[u8]) -> Result<Self> {
        let blocks = pem::parse_blocks(data)?;
        let block = pem::find_block(&blocks, &["PUBLIC KEY", "RSA PUBLIC KEY"], "public key")?;
        Self::from_der(block.contents())
    }

    /// Reads SPKI or PKCS#1 `RSAPublicKey` DER.
    pub fn from_der(der: &[u8]) -> Result<Self> {
        pem::check_size(der)?;
        if let Ok(spki) = spki::SubjectPublicKeyInfoRef::from_der(der) {
            return Self::from_spki(&spki);
        }
        if let Ok(rsa) = pkcs1::RsaPublicKeyRef::from_der(der) {
            return rsa_public(rsa.modulus.as_bytes(), rsa.public_exponent.as_bytes());
        }
        Err(Error::parse(
            "not a public key (expected SubjectPublicKeyInfo or PKCS#1 RSAPublicKey)",
        ))
    }

    pub(crate) fn from_spki(spki: &spki::SubjectPublicKeyInfoRef<'_>) -> Result<Self> {
        let alg = &spki.algorithm;
        let bits = spki
            .subject_public_key
            .as_bytes()
            .ok_or_else(|| Error::parse("public key BIT STRING has unused bits"))?;
        if alg.oid == oid::RSA_ENCRYPTION {
            let rsa = pkcs1::RsaPublicKeyRef::from_der(bits)
                .map_err(|e| Error::parse(format!("malformed RSA public key: {e}")))?;
            rsa_public(rsa.modulus.as_bytes(), rsa.public_exponent.as_bytes())
        } else if alg.oid == oid::EC_PUBLIC_KEY {
            let curve_oid = alg
                .parameters
                .ok_or_else(|| Error::parse("EC public key without curve parameter"))?
                .decode_as::<ObjectIdentifier>()
                .map_err(|_| {
                    Error::unsupported("EC keys with explicit curve parameters are not supported")
                })?;
            let curve = Curve::from_oid(&curve_oid)?;
            let len = curve.scalar_len();
            let ok = match bits.first() {
                Some(4) => bits.len() == 1 + 2 * len,
                Some(2) | Some(3) => bits.len() == 1 + len,
                _ => false,
            };
            if !ok {
                return Err(Error::parse("malformed EC public point"));
            }
            Ok(Self::from_kind(PublicKind::Ec {
                curve,
                point: bits.to_vec(),
            }))
        } else if alg.oid == oid::ED25519 {
            let k: [u8; 32] = bits
                .try_into()
                .map_err(|_| Error::parse("Ed25519 public key is not 32 bytes"))?;
            Ok(Self::from_kind(PublicKind::Ed25519(k)))
        } else {
            Err(Error::unsupported(format!(
                "public key algorithm {} is not supported",
                oid::describe(&alg.oid)
            )))
        }
    }

    /// Reads a public key file (PEM or DER).
    pub fn load(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let data = crate::fs::read_input(path)?;
        Self::from_bytes(&data).map_err(|e| e.context(path.display()))
    }

    /// The key's type.
    pub fn key_type(&self) -> KeyType {
        match &self.kind {
            PublicKind::Rsa { .. } => KeyType::Rsa,
            PublicKind::Ec {
                curve: Curve::P256, ..
            } => KeyType::EcP256,
            PublicKind::Ec {
                curve: Curve::P384, ..
            } => KeyType::EcP384,
            PublicKind::Ed25519(_) => KeyType::Ed25519,
        }
    }

    /// The key type's name.
    pub fn algorithm(&self) -> &'static str {
        self.key_type().name()
    }

    /// Size in bits.
    pub fn bits(&self) -> u32 {
        match &self.kind {
            PublicKind::Rsa { n, .. } => bit_len(n),
            PublicKind::Ec { curve, .. } => curve.bits(),
            PublicKind::Ed25519(_) => 256,
        }
    }

    /// The RSA modulus, big-endian without leading zeros (None for other keys).
    pub fn rsa_modulus(&self) -> Option<&[u8]> {
        match &self.kind {
            PublicKind::Rsa { n, .. } => Some(n),
            _ => None,
        }
    }

    /// The RSA public exponent, big-endian (None for other keys).
    pub fn rsa_exponent(&self) -> Option<&[u8]> {
        match &self.kind {
            PublicKind::Rsa { e, .. } => Some(e),
            _ => None,
        }
    }

    /// The cached RSA public-key operation for this key, when [`rsa_pub`] takes it (RSA keys
    /// of 1024 to 4158 bits with ring's exponent rules, on AVX-512 IFMA).
    pub(crate) fn rsa_op(&self) -> Option<&dyn rsa_pub::PublicOp> {
        match &self.kind {
            PublicKind::Rsa { n, e } => self.rsa_op.get(n, e),
            _ => None,
        }
    }

    pub(crate) fn ec_point(&self) -> Option<&[u8]> {
        match &self.kind {
            PublicKind::Ec { point, .. } => Some(point),
            _ => None,
        }
    }

    pub(crate) fn ed25519_bytes(&self) -> Option<&[u8]> {
        match &self.kind {
            PublicKind::Ed25519(k) => Some(k),
            _ => None,
        }
    }

    /// The SubjectPublicKeyInfo DER, borrowed.
    pub fn spki_der(&self) -> &[u8] {
        &self.spki
    }

    /// SubjectPublicKeyInfo DER.
    pub fn to_der(&self) -> Vec<u8> {
        self.spki.clone()
    }

    /// SubjectPublicKeyInfo PEM (`-----BEGIN PUBLIC KEY-----`), as `openssl pkey -pubout`.
    pub fn to_pem(&self) -> String {
        pem::encode("PUBLIC KEY", &self.spki).to_string()
    }

    /// PKCS#1 `RSAPublicKey` DER (RSA only), as `openssl rsa -RSAPublicKey_out -outform DER`.
    pub fn to_pkcs1_der(&self) -> Result<Vec<u8>> {
        match &self.kind {
            PublicKind::Rsa { n, e } => Ok(rsa_public_der(n, e).map_err(Error::der)?),
            _ => Err(Error::unsupported(
                "only RSA keys have a PKCS#1 public form",
            )),
        }
    }

    /// PKCS#1 `RSA PUBLIC KEY` PEM (RSA only).
    pub fn to_pkcs1_pem(&self) -> Result<String> {
        Ok(pem::encode("RSA PUBLIC KEY", &self.to_pkcs1_der()?).to_string())
    }
}

fn rsa_public(n: &[u8], e: &[u8]) -> Result<PublicKey> {
    let n = strip(n);
    let e = strip(e);
    if n.is_empty() || e.is_empty() {
        return Err(Error::parse("RSA public key with zero modulus or exponent"));
    }
    if bit_len(&n) > MAX_RSA_BITS {
        return Err(Error::unsupported(format!(
            "RSA key of {} bits is larger than sslkit's limit of {MAX_RSA_BITS}",
            bit_len(&n)
        )));
    }
    if e.len() > 8 {
        return Err(Error::unsupported(
            "RSA public exponent larger than 64 bits is not supported",
        ));
    }
    Ok(PublicKey::from_kind(PublicKind::Rsa { n, e }))
}

fn rsa_public_der(n: &[u8], e: &[u8]) -> der::Result<Vec<u8>> {
    let key = pkcs1::RsaPublicKeyRef {
        modulus: der::asn1::UintRef::new(n)?,
        public_exponent: der::asn1::UintRef::new(e)?,
    };
    key.to_der()
}

fn encode_spki(kind: &PublicKind) -> der::Result<Vec<u8>> {
    match kind {
        PublicKind::Rsa { n, e } => {
            let body = rsa_public_der(n, e)?;
            spki_der(oid::RSA_ENCRYPTION, Some(AnyRef::NULL), &body)
        }
        PublicKind::Ec { curve, point } => {
            let c = curve.oid();
            spki_der(oid::EC_PUBLIC_KEY, Some(AnyRef::from(&c)), point)
        }
        PublicKind::Ed25519(k) => spki_der(oid::ED25519, None, k),
    }
}

fn spki_der(
    alg: ObjectIdentifier,
    parameters: Option<AnyRef<'_>>,
    key: &[u8],
) -> der::Result<Vec<u8>> {
    spki::SubjectPublicKeyInfoRef {
        algorithm: AlgorithmIdentifierRef {
            oid: alg,
            parameters,
        },
        subject_public_key: BitStringRef::from_bytes(key)?,
    }
    .to_der()
}

pub(crate) fn rsa_crate_verify(
    key: &PublicKey,
    alg: crate::SignatureAlgorithm,
    msg: &[u8],
    sig: &[u8],
) -> Result<()> {
    match &key.kind {
        PublicKind::Rsa { n, e } => self::rsa::rsa_crate_verify(n, e, alg, msg, sig),
        _ => Err(Error::unsupported("not an RSA key")),
    }
}

#[cfg(test)]
mod secret_audit {
    use zeroize::ZeroizeOnDrop;

    fn wiped_on_drop<T: ZeroizeOnDrop>() {}

    /// The secrets audit, checked by the compiler: every type that holds private key bytes,
    /// a decrypted key, or a prime candidate wipes them on drop. (A private key is an `Arc` of one of the first three;
    /// passphrases are only borrowed by the core, and the CLI, C and Python faces keep their
    /// copies in `Zeroizing` buffers.)
    #[test]
    fn secret_types_zeroize_on_drop() {
        wiped_on_drop::<super::rsa::RsaPrivate>();
        wiped_on_drop::<super::ec::EcPrivate>();
        wiped_on_drop::<super::ed25519::EdPrivate>();
        wiped_on_drop::<rsa::PrivateKey>();
        wiped_on_drop::<crate::pem::PemBlock>();
        wiped_on_drop::<zeroize::Zeroizing<Vec<u8>>>();
        // The prime search's holders of a candidate or of values derived from it.
        wiped_on_drop::<super::prime::Monty<16>>();
        wiped_on_drop::<super::prime::IfmaMr<'static, 16, 3>>();
        wiped_on_drop::<sslkit_mont::Ifma<3>>();
        wiped_on_drop::<zeroize::Zeroizing<[u64; 16]>>();
    }
}
