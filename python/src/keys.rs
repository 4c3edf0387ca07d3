//! The methods of `PrivateKey` and `PublicKey` (the types are in objects.rs).

use std::path::PathBuf;

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyTuple};
use sslkit::{Cipher, EncodeOptions, HashAlg, Kdf, KeyFormat, KeyType, SignatureAlgorithm};

use crate::convert::{BytesIn, Int, Passphrase, big_int, guard, opt_u32, parse_opt, pass_ref, run};
use crate::errors::to_py_err;
use crate::objects::{PyPrivateKey, PyPublicKey, has_key};

/// The core's encoding options from the Python names (the core parses them).
fn encode_options<'a>(
    passphrase: Option<&'a [u8]>,
    format: &str,
    cipher: &str,
    kdf: &str,
) -> PyResult<EncodeOptions<'a>> {
    let mut opts = EncodeOptions::new()
        .format(format.parse::<KeyFormat>().map_err(to_py_err)?)
        .cipher(cipher.parse::<Cipher>().map_err(to_py_err)?)
        .kdf(kdf.parse::<Kdf>().map_err(to_py_err)?);
    if let Some(p) = passphrase {
        opts = opts.passphrase(p);
    }
    Ok(opts)
}

#[pymethods]
impl PyPrivateKey {
    /// Generates a new key. `kind` is "rsa" (default), "ec-p256", "ec-p384" or "ed25519";
    /// `bits` applies to RSA (default 2048, 2048–16384; smaller sizes raise InvalidInput) and
    /// may be omitted for the others. `threads` is how many threads search RSA primes (1 to 8;
    /// default 2, or 1 on a one-core machine): 1 leaves the other cores to your own threads.
    /// The GIL is released while the key is made.
    #[staticmethod]
    #[pyo3(signature = (kind = "rsa", bits = None, threads = None))]
    fn generate(
        py: Python<'_>,
        kind: &str,
        bits: Option<Int>,
        threads: Option<Int>,
    ) -> PyResult<Self> {
        let key_type: KeyType = kind.parse().map_err(to_py_err)?;
        let bits = opt_u32(bits, "bits", 1)?;
        let threads = opt_u32(threads, "threads", 1)?;
        run(py, || match threads {
            Some(n) => sslkit::PrivateKey::generate_with_workers(key_type, bits, n as usize),
            None => sslkit::PrivateKey::generate(key_type, bits),
        })
        .map(Self)
    }

    /// Reads a key from the first private-key PEM block in `data` (PKCS#8, PKCS#1, SEC1,
    /// encrypted PKCS#8, or legacy `Proc-Type: 4,ENCRYPTED` PEM). Raises PassphraseRequired when
    /// the key is encrypted and no `passphrase` (bytes) is given, WrongPassphrase when it does
    /// not decrypt, ParseError for malformed input.
    #[staticmethod]
    #[pyo3(signature = (data, passphrase = None))]
    fn from_pem(py: Python<'_>, data: BytesIn, passphrase: Option<Passphrase>) -> PyResult<Self> {
        run(py, || {
            sslkit::PrivateKey::from_pem(&data.0, pass_ref(&passphrase))
        })
        .map(Self)
    }

    /// Reads a DER key (PKCS#8, encrypted PKCS#8, PKCS#1 or SEC1).
    #[staticmethod]
    #[pyo3(signature = (data, passphrase = None))]
    fn from_der(py: Python<'_>, data: BytesIn, passphrase: Option<Passphrase>) -> PyResult<Self> {
        run(py, || {
            sslkit::PrivateKey::from_der(&data.0, pass_ref(&passphrase))
        })
        .map(Self)
    }

    /// Reads a key from PEM or DER, whichever `data` is.
    #[staticmethod]
    #[pyo3(signature = (data, passphrase = None))]
    fn from_bytes(py: Python<'_>, data: BytesIn, passphrase: Option<Passphrase>) -> PyResult<Self> {
        run(py, || {
            sslkit::PrivateKey::from_bytes(&data.0, pass_ref(&passphrase))
        })
        .map(Self)
    }

    /// Reads a key file (PEM or DER); `path` is a str or os.PathLike. IoError when the file
    /// cannot be read.
    #[staticmethod]
    #[pyo3(signature = (path, passphrase = None))]
    fn load(py: Python<'_>, path: PathBuf, passphrase: Option<Passphrase>) -> PyResult<Self> {
        run(py, || {
            sslkit::PrivateKey::load(&path, pass_ref(&passphrase))
        })
        .map(Self)
    }

    /// True when `data` holds an encrypted private key (so `from_pem` needs a passphrase).
    #[staticmethod]
    fn is_encrypted(data: BytesIn) -> PyResult<bool> {
        guard(|| Ok(sslkit::PrivateKey::is_encrypted(&data.0)))
    }

    /// The key type: "rsa", "ec-p256", "ec-p384" or "ed25519".
    #[getter]
    fn algorithm(&self) -> &'static str {
        self.0.algorithm()
    }

    /// The size in bits (RSA modulus size; 256 or 384 for EC; 256 for Ed25519).
    #[getter]
    fn bits(&self) -> u32 {
        self.0.bits()
    }

    /// The public half.
    fn public_key(&self) -> PyPublicKey {
        PyPublicKey(self.0.public_key())
    }

    /// The key as PEM bytes. `format` "pkcs8" (default) or "traditional" (PKCS#1 / SEC1).
    /// With a `passphrase` (bytes): PKCS#8 PBES2 with `cipher` "aes256" (default) or "des3" and
    /// `kdf` "scrypt" (default) or "pbkdf2"; traditional keys get legacy DEK-Info encryption.
    /// The GIL is released while the passphrase is stretched.
    #[pyo3(signature = (passphrase = None, format = "pkcs8", cipher = "aes256", kdf = "scrypt"))]
    fn to_pem<'py>(
        &self,
        py: Python<'py>,
        passphrase: Option<Passphrase>,
        format: &str,
        cipher: &str,
        kdf: &str,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let opts = encode_options(pass_ref(&passphrase), format, cipher, kdf)?;
        let key = &self.0;
        let pem = run(py, || key.to_pem_with(&opts))?;
        Ok(PyBytes::new(py, pem.as_bytes()))
    }

    /// The key as DER bytes; the options are those of `to_pem` (legacy encryption exists only
    /// in PEM: a traditional DER with a passphrase raises InvalidInput).
    #[pyo3(signature = (passphrase = None, format = "pkcs8", cipher = "aes256", kdf = "scrypt"))]
    fn to_der<'py>(
        &self,
        py: Python<'py>,
        passphrase: Option<Passphrase>,
        format: &str,
        cipher: &str,
        kdf: &str,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let opts = encode_options(pass_ref(&passphrase), format, cipher, kdf)?;
        let key = &self.0;
        let der = run(py, || key.to_der_with(&opts))?;
        Ok(PyBytes::new(py, &der))
    }

    /// True when `other` (a Certificate, CertificateSigningRequest, PublicKey or PrivateKey)
    /// carries this key's public key (the SubjectPublicKeyInfo is compared).
    fn matches(&self, other: &Bound<'_, PyAny>) -> PyResult<bool> {
        let public = has_key(other)?.public_key();
        Ok(self.0.public_key() == public)
    }

    /// The signature algorithm this key signs with, by OpenSSL's name
    /// ("sha256WithRSAEncryption", "ecdsa-with-SHA256", "ED25519"). `hash` ("sha256", "sha384",
    /// "sha512") applies to RSA; EC keys use their curve's hash (Unsupported otherwise).
    #[pyo3(signature = (hash = None))]
    fn signature_algorithm(&self, hash: Option<&str>) -> PyResult<&'static str> {
        let hash = parse_opt::<HashAlg>(hash)?;
        guard(|| self.0.signature_algorithm(hash)).map(|a| a.name())
    }

    /// Signs `data` (hashed here) and returns the signature: RSA PKCS#1 v1.5, ECDSA as a DER
    /// Ecdsa-Sig-Value, or Ed25519. See `signature_algorithm` for `hash`.
    #[pyo3(signature = (data, hash = None))]
    fn sign<'py>(
        &self,
        py: Python<'py>,
        data: BytesIn,
        hash: Option<&str>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let hash = parse_opt::<HashAlg>(hash)?;
        let key = &self.0;
        let sig = run(py, || key.sign(&data.0, hash))?;
        Ok(PyBytes::new(py, &sig))
    }

    /// A human-readable description: type, size and the public half (never private values).
    fn text(&self) -> PyResult<String> {
        guard(|| Ok(sslkit::text::key_text(&self.0)))
    }

    fn __repr__(&self) -> String {
        format!("<PrivateKey {} {}>", self.0.algorithm(), self.0.bits())
    }

    fn __copy__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __deepcopy__<'py>(slf: PyRef<'py, Self>, _memo: &Bound<'py, PyAny>) -> PyRef<'py, Self> {
        slf
    }
}

/// The signature algorithm for a public key and a hash name (the verify side of
/// `PrivateKey::signature_algorithm`).
fn verify_algorithm(key: &sslkit::PublicKey, hash: Option<&str>) -> PyResult<SignatureAlgorithm> {
    let hash = parse_opt::<HashAlg>(hash)?;
    Ok(match (key.key_type(), hash) {
        (KeyType::Rsa, None | Some(HashAlg::Sha256)) => SignatureAlgorithm::RsaPkcs1Sha256,
        (KeyType::Rsa, Some(HashAlg::Sha384)) => SignatureAlgorithm::RsaPkcs1Sha384,
        (KeyType::Rsa, Some(HashAlg::Sha512)) => SignatureAlgorithm::RsaPkcs1Sha512,
        (KeyType::EcP256, None | Some(HashAlg::Sha256)) => SignatureAlgorithm::EcdsaSha256,
        (KeyType::EcP384, None | Some(HashAlg::Sha384)) => SignatureAlgorithm::EcdsaSha384,
        (KeyType::Ed25519, _) => SignatureAlgorithm::Ed25519,
        (t, Some(h)) => {
            return Err(to_py_err(sslkit::Error::new(
                sslkit::ErrorKind::Unsupported,
                format!("{t} keys do not sign with {h}"),
            )));
        }
    })
}

#[pymethods]
impl PyPublicKey {
    /// Reads the first `PUBLIC KEY` (SPKI) or `RSA PUBLIC KEY` (PKCS#1) PEM block.
    #[staticmethod]
    fn from_pem(data: BytesIn) -> PyResult<Self> {
        guard(|| sslkit::PublicKey::from_pem(&data.0)).map(Self)
    }

    /// Reads SPKI or PKCS#1 RSAPublicKey DER.
    #[staticmethod]
    fn from_der(data: BytesIn) -> PyResult<Self> {
        guard(|| sslkit::PublicKey::from_der(&data.0)).map(Self)
    }

    /// Reads a public key from PEM or DER, whichever `data` is.
    #[staticmethod]
    fn from_bytes(data: BytesIn) -> PyResult<Self> {
        guard(|| sslkit::PublicKey::from_bytes(&data.0)).map(Self)
    }

    /// Reads a public key file (PEM or DER); `path` is a str or os.PathLike.
    #[staticmethod]
    fn load(path: PathBuf) -> PyResult<Self> {
        guard(|| sslkit::PublicKey::load(&path)).map(Self)
    }

    /// The key type: "rsa", "ec-p256", "ec-p384" or "ed25519".
    #[getter]
    fn algorithm(&self) -> &'static str {
        self.0.algorithm()
    }

    /// The size in bits.
    #[getter]
    fn bits(&self) -> u32 {
        self.0.bits()
    }

    /// The RSA modulus as an int (None for other key types).
    #[getter]
    fn rsa_modulus<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.0.rsa_modulus().map(|n| big_int(py, n)).transpose()
    }

    /// The RSA public exponent as an int (None for other key types).
    #[getter]
    fn rsa_exponent<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.0.rsa_exponent().map(|e| big_int(py, e)).transpose()
    }

    /// SubjectPublicKeyInfo PEM (`-----BEGIN PUBLIC KEY-----`), as `openssl pkey -pubout`.
    fn to_pem<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, self.0.to_pem().as_bytes())
    }

    /// SubjectPublicKeyInfo DER.
    fn to_der<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, self.0.spki_der())
    }

    /// PKCS#1 `RSA PUBLIC KEY` PEM (RSA only; Unsupported for other keys).
    fn to_pkcs1_pem<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let pem = guard(|| self.0.to_pkcs1_pem())?;
        Ok(PyBytes::new(py, pem.as_bytes()))
    }

    /// PKCS#1 RSAPublicKey DER (RSA only; Unsupported for other keys).
    fn to_pkcs1_der<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let der = guard(|| self.0.to_pkcs1_der())?;
        Ok(PyBytes::new(py, &der))
    }

    /// The SPKI SHA-256 pin in base64 (HPKP `pin-sha256`, `curl --pinnedpubkey sha256//...`).
    fn spki_pin_sha256(&self) -> String {
        self.0.spki_pin_sha256()
    }

    /// The SPKI SHA-256 fingerprint as `AA:BB:...`: a match check that works for every key type.
    fn spki_fingerprint(&self) -> String {
        self.0.spki_fingerprint()
    }

    /// Checks `signature` over `data`, as made by `PrivateKey.sign(data, hash)`. Raises
    /// VerificationError when it does not verify.
    #[pyo3(signature = (signature, data, hash = None))]
    fn verify(
        &self,
        py: Python<'_>,
        signature: BytesIn,
        data: BytesIn,
        hash: Option<&str>,
    ) -> PyResult<()> {
        let alg = verify_algorithm(&self.0, hash)?;
        let key = &self.0;
        run(py, || key.verify(alg, &data.0, &signature.0))
    }

    /// A human-readable description (algorithm, size, RSA modulus and exponent, SPKI SHA-256).
    fn text(&self) -> PyResult<String> {
        guard(|| Ok(sslkit::text::public_key_text(&self.0)))
    }

    fn __repr__(&self) -> String {
        format!("<PublicKey {} {}>", self.0.algorithm(), self.0.bits())
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let cls = py.get_type::<Self>();
        let from_der = cls.getattr("from_der")?;
        let args = PyTuple::new(py, [PyBytes::new(py, self.0.spki_der())])?;
        PyTuple::new(py, [from_der, args.into_any()])
    }

    fn __copy__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __deepcopy__<'py>(slf: PyRef<'py, Self>, _memo: &Bound<'py, PyAny>) -> PyRef<'py, Self> {
        slf
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyPrivateKey>()?;
    m.add_class::<PyPublicKey>()?;
    Ok(())
}
