//! Property tests (proptest): encode → decode round trips for every key format and encryption
//! choice, distinguished names in both string forms, SANs, and certificates.

use proptest::prelude::*;
use sslkit::{
    Certificate, Cipher, DistinguishedName, EncodeOptions, IssueOptions, Kdf, KeyFormat, KeyType,
    PrivateKey, Profile, SubjectAltName,
};

/// Keys are made once: generation is not what is under test, and RSA is slow in debug.
fn keys() -> &'static [PrivateKey] {
    static KEYS: std::sync::OnceLock<Vec<PrivateKey>> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        [
            KeyType::Rsa,
            KeyType::EcP256,
            KeyType::EcP384,
            KeyType::Ed25519,
        ]
        .iter()
        .map(|t| PrivateKey::generate(*t, None).expect("key"))
        .collect()
    })
}

/// A printable value without leading/trailing spaces (RFC 5280 comparison folds those).
fn value() -> impl Strategy<Value = String> {
    "[A-Za-z0-9][A-Za-z0-9 ,+=#;<>\"\\\\/.äöüé-]{0,30}[A-Za-z0-9]"
}

fn dns_name() -> impl Strategy<Value = String> {
    prop::collection::vec("[a-z]([a-z0-9-]{0,10}[a-z0-9])?", 2..4).prop_map(|l| l.join("."))
}

fn san() -> impl Strategy<Value = SubjectAltName> {
    prop_oneof![
        dns_name().prop_map(|d| SubjectAltName::parse(&format!("DNS:{d}")).expect("dns")),
        dns_name().prop_map(|d| SubjectAltName::parse(&format!("DNS:*.{d}")).expect("wildcard")),
        any::<[u8; 4]>().prop_map(|a| SubjectAltName::Ip(std::net::Ipv4Addr::from(a).into())),
        any::<[u8; 16]>().prop_map(|a| SubjectAltName::Ip(std::net::Ipv6Addr::from(a).into())),
        dns_name().prop_map(|d| SubjectAltName::parse(&format!("email:admin@{d}")).expect("email")),
        dns_name().prop_map(|d| SubjectAltName::parse(&format!("URI:https://{d}/x")).expect("uri")),
    ]
}

fn name() -> impl Strategy<Value = DistinguishedName> {
    (
        prop::option::of("[A-Z]{2}"),
        prop::option::of(value()),
        prop::option::of(value()),
        value(),
    )
        .prop_map(|(c, o, ou, cn)| {
            let esc = |v: &str| {
                v.replace('\\', "\\\\")
                    .replace('/', "\\/")
                    .replace('+', "\\+")
            };
            let mut s = String::new();
            if let Some(c) = c {
                s.push_str(&format!("/C={c}"));
            }
            if let Some(o) = o {
                s.push_str(&format!("/O={}", esc(&o)));
            }
            if let Some(ou) = ou {
                s.push_str(&format!("/OU={}", esc(&ou)));
            }
            s.push_str(&format!("/CN={}", esc(&cn)));
            DistinguishedName::parse(&s).expect("generated names are valid")
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    /// Both string forms parse back to the same name, and the DER round-trips.
    #[test]
    fn names_round_trip(n in name()) {
        prop_assert_eq!(&DistinguishedName::parse(&n.to_rfc4514()).unwrap(), &n);
        prop_assert_eq!(&DistinguishedName::parse(&n.to_openssl()).unwrap(), &n);
        let der = n.to_der().unwrap();
        let back = DistinguishedName::from_der(&der).unwrap();
        prop_assert_eq!(back.to_der().unwrap(), der);
        prop_assert!(back.matches(&n));
    }

    /// A SAN's text form parses back to it.
    #[test]
    fn sans_round_trip(s in san()) {
        prop_assert_eq!(SubjectAltName::parse(&s.to_string()).unwrap(), s);
    }

    /// A self-signed certificate carries the name and SANs it was made with.
    #[test]
    fn certificates_round_trip(n in name(), sans in prop::collection::vec(san(), 1..5), k in 0usize..4) {
        let key = &keys()[k];
        let cert = Certificate::self_signed_with(key, &n, &sans, &IssueOptions::new(Profile::Client)).unwrap();
        let again = Certificate::from_der(&cert.to_der()).unwrap();
        prop_assert_eq!(&again, &cert);
        prop_assert_eq!(again.subject(), &n);
        prop_assert_eq!(again.sans(), &sans[..]);
        prop_assert!(again.verify_signed_by(&key.public_key()).is_ok());
        prop_assert!(key.matches(&again));
    }
}

proptest! {
    // KDFs make each case cost tens of milliseconds: fewer cases (about half of them are
    // contradictory choices, refused at once).
    #![proptest_config(ProptestConfig { cases: 40, .. ProptestConfig::default() })]

    /// Every layout and encryption choice, PEM and DER, decodes to the same key.
    #[test]
    fn keys_round_trip(
        k in 0usize..4,
        traditional in any::<bool>(),
        encrypt in any::<bool>(),
        des3 in any::<bool>(),
        pbkdf2 in any::<bool>(),
        der in any::<bool>(),
        pass in "[ -~]{1,24}",
    ) {
        let key = &keys()[k];
        let traditional = traditional && key.key_type() != KeyType::Ed25519;
        let der = der && !(traditional && encrypt);
        let mut opts = EncodeOptions::new()
            .format(if traditional { KeyFormat::Traditional } else { KeyFormat::Pkcs8 })
            .cipher(if des3 { Cipher::DesEde3Cbc } else { Cipher::Aes256Cbc })
            .kdf(if pbkdf2 { Kdf::Pbkdf2 } else { Kdf::Scrypt });
        if encrypt {
            opts = opts.passphrase(pass.as_bytes());
        }
        // Choices that contradict each other are refused, PEM and DER alike (a cipher or a KDF
        // without a passphrase; PBKDF2 for the traditional layout, whose encryption has its own
        // key derivation); the rest must round-trip.
        let contradictory = (!encrypt && (des3 || pbkdf2)) || (traditional && pbkdf2);
        if contradictory {
            let pem = key.to_pem_with(&opts).map(|_| ()).unwrap_err();
            let der = key.to_der_with(&opts).map(|_| ()).unwrap_err();
            prop_assert_eq!(pem.kind(), sslkit::ErrorKind::InvalidInput);
            prop_assert_eq!(der.kind(), sslkit::ErrorKind::InvalidInput);
            return Ok(());
        }
        let bytes: Vec<u8> = if der {
            key.to_der_with(&opts).unwrap().to_vec()
        } else {
            key.to_pem_with(&opts).unwrap().as_bytes().to_vec()
        };
        let back = PrivateKey::from_bytes(&bytes, encrypt.then_some(pass.as_bytes())).unwrap();
        prop_assert_eq!(&back, key);
        prop_assert_eq!(PrivateKey::is_encrypted(&bytes), encrypt);
        prop_assert_eq!(back.to_pkcs8_der().unwrap(), key.to_pkcs8_der().unwrap());
    }
}
