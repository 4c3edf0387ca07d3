//! PKCS#12 PBE (RFC 7292 appendix B) with SHA-1 and 3-key triple DES: the
//! `pbeWithSHAAnd3-KeyTripleDES-CBC` that old Java keytool and Windows exports write. Read only.

use cbc::cipher::{BlockModeDecrypt, KeyIvInit, block_padding::Pkcs7};
use sha1::{Digest, Sha1};
use zeroize::Zeroizing;

use crate::error::{Error, Result};

const U: usize = 20; // SHA-1 output
const V: usize = 64; // SHA-1 block

/// The password as a NUL-terminated BMPString (UTF-16BE), as PKCS#12 wants it. OpenSSL 3 treats
/// the bytes as UTF-8; bytes that are not UTF-8 are taken one byte per character.
fn bmp_password(pass: &[u8]) -> Zeroizing<Vec<u8>> {
    let mut out = Zeroizing::new(Vec::with_capacity(pass.len() * 2 + 2));
    match std::str::from_utf8(pass) {
        Ok(s) => {
            for unit in s.encode_utf16() {
                out.extend_from_slice(&unit.to_be_bytes());
            }
        }
        Err(_) => {
            for &b in pass {
                out.extend_from_slice(&[0, b]);
            }
        }
    }
    out.extend_from_slice(&[0, 0]);
    out
}

/// RFC 7292 B.2 key derivation with SHA-1.
fn derive(pass: &[u8], salt: &[u8], id: u8, iterations: u32, n: usize) -> Zeroizing<Vec<u8>> {
    let p = bmp_password(pass);
    let fill = |src: &[u8]| -> Zeroizing<Vec<u8>> {
        if src.is_empty() {
            return Zeroizing::new(Vec::new());
        }
        let len = V * src.len().div_ceil(V);
        Zeroizing::new(src.iter().copied().cycle().take(len).collect())
    };
    let mut i_buf = fill(salt);
    i_buf.extend_from_slice(&fill(&p));
    let d = [id; V];
    let mut out = Zeroizing::new(Vec::with_capacity(n + U));
    while out.len() < n {
        let mut a = Sha1::new().chain_update(d).chain_update(&*i_buf).finalize();
        for _ in 1..iterations {
            a = Sha1::digest(a);
        }
        out.extend_from_slice(&a);
        if out.len() >= n {
            break;
        }
        // I_j = (I_j + B + 1) mod 2^(8v), B = A repeated to v bytes.
        let b: Vec<u8> = a.iter().copied().cycle().take(V).collect();
        for chunk in i_buf.chunks_mut(V) {
            let mut carry: u16 = 1;
            for k in (0..V).rev() {
                let sum = chunk[k] as u16 + b[k] as u16 + carry;
                chunk[k] = sum as u8;
                carry = sum >> 8;
            }
        }
    }
    out.truncate(n);
    out
}

/// Decrypts `pbeWithSHAAnd3-KeyTripleDES-CBC` data.
pub(crate) fn decrypt_sha1_3des(
    pass: &[u8],
    salt: &[u8],
    iterations: u32,
    ciphertext: &[u8],
) -> Result<Zeroizing<Vec<u8>>> {
    if iterations == 0 {
        return Err(Error::parse("PKCS#12 PBE iteration count is 0"));
    }
    if iterations > super::PBKDF2_LIMIT {
        return Err(Error::unsupported(format!(
            "PKCS#12 PBE iteration count {iterations} is above sslkit's limit of {}",
            super::PBKDF2_LIMIT
        )));
    }
    super::check_ciphertext_len(ciphertext, 8)?;
    let key = derive(pass, salt, 1, iterations, 24);
    let iv = derive(pass, salt, 2, iterations, 8);
    let dec = cbc::Decryptor::<des::TdesEde3>::new_from_slices(&key, &iv)
        .map_err(|_| Error::internal("3DES key setup"))?;
    dec.decrypt_padded_vec::<Pkcs7>(ciphertext)
        .map(Zeroizing::new)
        .map_err(|_| Error::wrong_passphrase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bmp_password_is_utf16be_with_terminator() {
        assert_eq!(&*bmp_password(b"ab"), &[0, b'a', 0, b'b', 0, 0]);
        assert_eq!(&*bmp_password(b""), &[0, 0]);
    }
}
