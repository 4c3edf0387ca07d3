//! [`PublicKey`]: SubjectPublicKeyInfo in and out, fingerprints' raw material, verification.

#[allow(unused_imports)]
use super::*;

#[derive(Clone, PartialEq, Eq, Hash)]
pub(super) enum PublicKind {
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
    pub(super) spki: Vec<u8>,
    pub(super) kind: PublicKind,
    /// RSA: the verification context (Montgomery constants of n), built on first use and shared
    /// by clones; not part of equality or hashing.
    pub(super) rsa_op: rsa_verify::OpCache,
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
    pub(super) fn from_kind(kind: PublicKind) -> Self {
        let spki = encode_spki(&kind).unwrap_or_default();
        PublicKey {
            spki,
            kind,
            rsa_op: rsa_verify::OpCache::default(),
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

    /// The cached RSA public-key operation for this key, when [`rsa_verify`] takes it (RSA keys
    /// of 1024 to 4158 bits with ring's exponent rules, on AVX-512 IFMA).
    pub(crate) fn rsa_op(&self) -> Option<&dyn rsa_verify::PublicOp> {
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

pub(super) fn rsa_public(n: &[u8], e: &[u8]) -> Result<PublicKey> {
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

pub(super) fn rsa_public_der(n: &[u8], e: &[u8]) -> der::Result<Vec<u8>> {
    let key = pkcs1::RsaPublicKeyRef {
        modulus: der::asn1::UintRef::new(n)?,
        public_exponent: der::asn1::UintRef::new(e)?,
    };
    key.to_der()
}

pub(super) fn encode_spki(kind: &PublicKind) -> der::Result<Vec<u8>> {
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

pub(super) fn spki_der(
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
