//! [`PrivateKey`]: generation, reading (every common layout, clear or encrypted) and writing.

#[allow(unused_imports)]
use super::*;

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
    pub(super) inner: Arc<KeyData>,
}

pub(super) const PRIVATE_LABELS: &[&str] = &[
    "PRIVATE KEY",
    "RSA PRIVATE KEY",
    "EC PRIVATE KEY",
    "ENCRYPTED PRIVATE KEY",
    "ANY PRIVATE KEY",
];

impl PrivateKey {
    pub(super) fn new(data: KeyData) -> Self {
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
                "{key_type} keys are {want} bits; a size of {b} bits does not apply"
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

    pub(super) fn from_block(block: &PemBlock, passphrase: Option<&[u8]>) -> Result<Self> {
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

    pub(super) fn from_encrypted_pkcs8(der: &[u8], passphrase: Option<&[u8]>) -> Result<Self> {
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
                Zeroizing::new(
                    OctetStringRef::new(&k.seed[..])
                        .map_err(Error::der)?
                        .to_der()
                        .map_err(Error::der)?,
                ),
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

    pub(super) fn traditional_label(&self) -> &'static str {
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
        opts.validate()?;
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
        opts.validate()?;
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

pub(super) fn check_passphrase(pass: Option<&[u8]>) -> Result<()> {
    if pass.is_some_and(|p| p.is_empty()) {
        return Err(Error::invalid(
            "empty passphrase: give a real one, or write the key without encryption",
        ));
    }
    Ok(())
}

pub(super) fn wrong_passphrase_on_parse(e: Error) -> Error {
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
