//! OpenSSL's legacy PEM encryption: `Proc-Type: 4,ENCRYPTED` and `DEK-Info: CIPHER,IV`, key
//! from `EVP_BytesToKey(MD5, passphrase, salt = IV[0..8], 1 iteration)`. What `openssl genrsa
//! -traditional -des3` and every OpenSSL 1.x writes.

use cbc::cipher::{BlockModeDecrypt, BlockModeEncrypt, KeyIvInit, block_padding::Pkcs7};
use md5::{Digest, Md5};
use zeroize::Zeroizing;

use super::Cipher;
use crate::error::{Error, Result};
use crate::pem::PemBlock;

#[derive(Clone, Copy)]
enum Alg {
    Des,
    Des3,
    Aes128,
    Aes192,
    Aes256,
}

impl Alg {
    fn parse(name: &str) -> Result<Alg> {
        Ok(match name.to_ascii_uppercase().as_str() {
            "DES-CBC" => Alg::Des,
            "DES-EDE3-CBC" => Alg::Des3,
            "AES-128-CBC" => Alg::Aes128,
            "AES-192-CBC" => Alg::Aes192,
            "AES-256-CBC" => Alg::Aes256,
            other => {
                return Err(Error::unsupported(format!(
                    "legacy PEM cipher {other} is not supported (sslkit reads DES-CBC, DES-EDE3-CBC, AES-128/192/256-CBC)"
                )));
            }
        })
    }
    fn name(self) -> &'static str {
        match self {
            Alg::Des => "DES-CBC",
            Alg::Des3 => "DES-EDE3-CBC",
            Alg::Aes128 => "AES-128-CBC",
            Alg::Aes192 => "AES-192-CBC",
            Alg::Aes256 => "AES-256-CBC",
        }
    }
    fn key_len(self) -> usize {
        match self {
            Alg::Des => 8,
            Alg::Des3 | Alg::Aes192 => 24,
            Alg::Aes128 => 16,
            Alg::Aes256 => 32,
        }
    }
    fn iv_len(self) -> usize {
        match self {
            Alg::Des | Alg::Des3 => 8,
            _ => 16,
        }
    }
}

/// EVP_BytesToKey with MD5 and one iteration.
fn bytes_to_key(pass: &[u8], salt: &[u8], len: usize) -> Zeroizing<Vec<u8>> {
    let mut out = Zeroizing::new(Vec::with_capacity(len + 16));
    let mut prev: Option<Zeroizing<[u8; 16]>> = None;
    while out.len() < len {
        let mut h = Md5::new();
        if let Some(p) = &prev {
            h.update(&p[..]);
        }
        h.update(pass);
        h.update(salt);
        let d: Zeroizing<[u8; 16]> = Zeroizing::new(h.finalize().into());
        out.extend_from_slice(&d[..]);
        prev = Some(d);
    }
    out.truncate(len);
    out
}

fn decode_hex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// True when the block carries `Proc-Type: 4,ENCRYPTED`.
pub(crate) fn is_legacy_encrypted(block: &PemBlock) -> bool {
    block
        .header("Proc-Type")
        .is_some_and(|v| v.replace(' ', "").eq_ignore_ascii_case("4,ENCRYPTED"))
}

/// Decrypts a legacy-encrypted PEM block's contents.
pub(crate) fn decrypt_legacy(block: &PemBlock, pass: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
    let dek = block.header("DEK-Info").ok_or_else(|| {
        Error::parse("PEM says Proc-Type: 4,ENCRYPTED but has no DEK-Info header")
    })?;
    let (name, iv_hex) = dek
        .split_once(',')
        .ok_or_else(|| Error::parse(format!("DEK-Info '{dek}' has no ',IV' part")))?;
    let alg = Alg::parse(name.trim())?;
    let iv =
        decode_hex(iv_hex.trim()).ok_or_else(|| Error::parse("DEK-Info IV is not hexadecimal"))?;
    if iv.len() != alg.iv_len() {
        return Err(Error::parse(format!(
            "DEK-Info IV is {} bytes; {} needs {}",
            iv.len(),
            alg.name(),
            alg.iv_len()
        )));
    }
    let ct = block.contents();
    // For CBC the IV is one block long.
    super::check_ciphertext_len(ct, alg.iv_len())?;
    let key = bytes_to_key(pass, &iv[..8], alg.key_len());
    let plain = match alg {
        Alg::Des => cbc_dec::<des::Des>(&key, &iv, ct),
        Alg::Des3 => cbc_dec::<des::TdesEde3>(&key, &iv, ct),
        Alg::Aes128 => cbc_dec::<aes::Aes128>(&key, &iv, ct),
        Alg::Aes192 => cbc_dec::<aes::Aes192>(&key, &iv, ct),
        Alg::Aes256 => cbc_dec::<aes::Aes256>(&key, &iv, ct),
    };
    plain.ok_or_else(Error::wrong_passphrase)
}

fn cbc_dec<C>(key: &[u8], iv: &[u8], ct: &[u8]) -> Option<Zeroizing<Vec<u8>>>
where
    C: cbc::cipher::BlockCipherDecrypt + cbc::cipher::KeyInit,
{
    let dec = cbc::Decryptor::<C>::new_from_slices(key, iv).ok()?;
    dec.decrypt_padded_vec::<Pkcs7>(ct).ok().map(Zeroizing::new)
}

fn cbc_enc<C>(key: &[u8], iv: &[u8], pt: &[u8]) -> Result<Vec<u8>>
where
    C: cbc::cipher::BlockCipherEncrypt + cbc::cipher::KeyInit,
{
    let enc = cbc::Encryptor::<C>::new_from_slices(key, iv)
        .map_err(|_| Error::internal("cipher key setup"))?;
    Ok(enc.encrypt_padded_vec::<Pkcs7>(pt))
}

/// Encrypts `der` as a legacy PEM block with `label`.
pub(crate) fn encrypt_legacy(
    label: &str,
    der: &[u8],
    pass: &[u8],
    cipher: Cipher,
) -> Result<Zeroizing<String>> {
    let (alg, iv): (Alg, Vec<u8>) = match cipher {
        Cipher::Aes256Cbc => (Alg::Aes256, super::random_bytes::<16>()?.to_vec()),
        Cipher::DesEde3Cbc => (Alg::Des3, super::random_bytes::<8>()?.to_vec()),
    };
    let key = bytes_to_key(pass, &iv[..8], alg.key_len());
    let ct = match alg {
        Alg::Des3 => cbc_enc::<des::TdesEde3>(&key, &iv, der)?,
        _ => cbc_enc::<aes::Aes256>(&key, &iv, der)?,
    };
    let iv_hex: String = iv.iter().map(|b| format!("{b:02X}")).collect();
    let headers = vec![
        ("Proc-Type".to_string(), "4,ENCRYPTED".to_string()),
        ("DEK-Info".to_string(), format!("{},{iv_hex}", alg.name())),
    ];
    Ok(crate::pem::encode_with_headers(label, &headers, &ct))
}
