//! Decoding an unencrypted private key of any layout (PKCS#8, PKCS#1, SEC1).

#[allow(unused_imports)]
use super::*;

/// Decodes an unencrypted private key DER of any layout; `label` is the PEM label, used only
/// to choose the most helpful error message.
pub(super) fn decode_plain_der(der: &[u8], label: Option<&str>) -> Result<KeyData> {
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

pub(super) fn from_pkcs8_info(info: &pkcs8::PrivateKeyInfoRef<'_>) -> Result<KeyData> {
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
