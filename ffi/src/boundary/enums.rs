//! C enum values ↔ core values. Enum parameters arrive from C as plain integers (see the note
//! on enum arguments in lib.rs); `c_enum!` declares, for each C enum, its list of values
//! with the core value each stands for, and from that one list makes the check of an integer
//! from C and the conversion to the core. The way back, core → C, is a match over the core
//! enum. Both conversions are exhaustive matches without a fallback, so a value added to either
//! side fails to compile until it is mapped; the tests walk every core `ALL` and every C value.

use sslkit::{Cipher, FingerprintHash, Kdf, KeyFormat, KeyType, Profile, Purpose};

use super::Failure;
use crate::chain::{PurposeArg, sslkit_purpose};
use crate::{
    CipherArg, FingerprintHashArg, KdfArg, KeyFormatArg, KeyTypeArg, ProfileArg, sslkit_cipher,
    sslkit_fingerprint_hash, sslkit_kdf, sslkit_key_format, sslkit_key_type, sslkit_profile,
};

fn unknown(what: &str, raw: u32) -> Failure {
    Failure::invalid(format!("unknown {what} value {raw}"))
}

/// For the C enum `$c`, from the list of its values in numeric order, each with the core value
/// it stands for: `$c::ALL`, `$c::from_raw` (the value an integer from C names, if any),
/// `$c::to_core` (an exhaustive match), and the checked argument conversion `$arg_fn`
/// (an unknown value is `SSLKIT_ERR_INVALID_INPUT`, "unknown `$c` value N").
macro_rules! c_enum {
    (
        $(#[$doc:meta])*
        pub fn $arg_fn:ident($arg:ty) -> $core:ty;
        $c:ident {
            $($variant:ident => $value:expr),+ $(,)?
        }
    ) => {
        impl $c {
            /// Every value, in numeric order (0, 1, ...).
            pub const ALL: &'static [$c] = &[$($c::$variant),+];

            /// The value that the integer `raw` from C names, or None when it is none.
            pub fn from_raw(raw: u32) -> Option<$c> {
                $c::ALL.iter().copied().find(|v| *v as u32 == raw)
            }

            /// The core value this C value stands for.
            pub fn to_core(self) -> $core {
                match self {
                    $($c::$variant => $value,)+
                }
            }
        }

        $(#[$doc])*
        pub fn $arg_fn(raw: $arg) -> Result<$core, Failure> {
            $c::from_raw(raw)
                .map($c::to_core)
                .ok_or_else(|| unknown(stringify!($c), raw))
        }
    };
}

c_enum! {
    /// The core key type for an `sslkit_key_type`.
    pub fn key_type(KeyTypeArg) -> KeyType;
    sslkit_key_type {
        SSLKIT_KEY_RSA => KeyType::Rsa,
        SSLKIT_KEY_EC_P256 => KeyType::EcP256,
        SSLKIT_KEY_EC_P384 => KeyType::EcP384,
        SSLKIT_KEY_ED25519 => KeyType::Ed25519,
    }
}

impl sslkit_key_type {
    /// The C value of a core key type.
    pub fn from_core(t: KeyType) -> Self {
        match t {
            KeyType::Rsa => sslkit_key_type::SSLKIT_KEY_RSA,
            KeyType::EcP256 => sslkit_key_type::SSLKIT_KEY_EC_P256,
            KeyType::EcP384 => sslkit_key_type::SSLKIT_KEY_EC_P384,
            KeyType::Ed25519 => sslkit_key_type::SSLKIT_KEY_ED25519,
        }
    }
}

c_enum! {
    /// The core profile for an `sslkit_profile` (intermediates without a path length limit).
    pub fn profile(ProfileArg) -> Profile;
    sslkit_profile {
        SSLKIT_PROFILE_SERVER => Profile::Server,
        SSLKIT_PROFILE_CLIENT => Profile::Client,
        SSLKIT_PROFILE_SERVER_CLIENT => Profile::ServerClient,
        SSLKIT_PROFILE_INTERMEDIATE => Profile::Intermediate { path_len: None },
    }
}

impl sslkit_profile {
    /// The C value of a core profile (an intermediate's path length is not part of it); None
    /// for the root profile, which C does not pass (`sslkit_ca_create_root` makes roots).
    pub fn from_core(p: Profile) -> Option<Self> {
        match p {
            Profile::Server => Some(sslkit_profile::SSLKIT_PROFILE_SERVER),
            Profile::Client => Some(sslkit_profile::SSLKIT_PROFILE_CLIENT),
            Profile::ServerClient => Some(sslkit_profile::SSLKIT_PROFILE_SERVER_CLIENT),
            Profile::Intermediate { .. } => Some(sslkit_profile::SSLKIT_PROFILE_INTERMEDIATE),
            Profile::Root => None,
        }
    }
}

c_enum! {
    /// The core key format for an `sslkit_key_format`.
    pub fn key_format(KeyFormatArg) -> KeyFormat;
    sslkit_key_format {
        SSLKIT_KEY_FORMAT_PKCS8 => KeyFormat::Pkcs8,
        SSLKIT_KEY_FORMAT_TRADITIONAL => KeyFormat::Traditional,
    }
}

impl sslkit_key_format {
    /// The C value of a core key format.
    pub fn from_core(f: KeyFormat) -> Self {
        match f {
            KeyFormat::Pkcs8 => sslkit_key_format::SSLKIT_KEY_FORMAT_PKCS8,
            KeyFormat::Traditional => sslkit_key_format::SSLKIT_KEY_FORMAT_TRADITIONAL,
        }
    }
}

c_enum! {
    /// The core cipher for an `sslkit_cipher`.
    pub fn cipher(CipherArg) -> Cipher;
    sslkit_cipher {
        SSLKIT_CIPHER_AES_256_CBC => Cipher::Aes256Cbc,
        SSLKIT_CIPHER_DES_EDE3_CBC => Cipher::DesEde3Cbc,
    }
}

impl sslkit_cipher {
    /// The C value of a core cipher.
    pub fn from_core(c: Cipher) -> Self {
        match c {
            Cipher::Aes256Cbc => sslkit_cipher::SSLKIT_CIPHER_AES_256_CBC,
            Cipher::DesEde3Cbc => sslkit_cipher::SSLKIT_CIPHER_DES_EDE3_CBC,
        }
    }
}

c_enum! {
    /// The core KDF for an `sslkit_kdf`.
    pub fn kdf(KdfArg) -> Kdf;
    sslkit_kdf {
        SSLKIT_KDF_SCRYPT => Kdf::Scrypt,
        SSLKIT_KDF_PBKDF2 => Kdf::Pbkdf2,
    }
}

impl sslkit_kdf {
    /// The C value of a core KDF.
    pub fn from_core(k: Kdf) -> Self {
        match k {
            Kdf::Scrypt => sslkit_kdf::SSLKIT_KDF_SCRYPT,
            Kdf::Pbkdf2 => sslkit_kdf::SSLKIT_KDF_PBKDF2,
        }
    }
}

c_enum! {
    /// The core fingerprint hash for an `sslkit_fingerprint_hash`.
    pub fn fingerprint_hash(FingerprintHashArg) -> FingerprintHash;
    sslkit_fingerprint_hash {
        SSLKIT_FINGERPRINT_SHA1 => FingerprintHash::Sha1,
        SSLKIT_FINGERPRINT_SHA256 => FingerprintHash::Sha256,
    }
}

impl sslkit_fingerprint_hash {
    /// The C value of a core fingerprint hash.
    pub fn from_core(h: FingerprintHash) -> Self {
        match h {
            FingerprintHash::Sha1 => sslkit_fingerprint_hash::SSLKIT_FINGERPRINT_SHA1,
            FingerprintHash::Sha256 => sslkit_fingerprint_hash::SSLKIT_FINGERPRINT_SHA256,
        }
    }
}

c_enum! {
    /// The core purpose for an `sslkit_purpose`.
    pub fn purpose(PurposeArg) -> Purpose;
    sslkit_purpose {
        SSLKIT_PURPOSE_SERVER => Purpose::Server,
        SSLKIT_PURPOSE_CLIENT => Purpose::Client,
    }
}

impl sslkit_purpose {
    /// The C value of a core purpose.
    pub fn from_core(p: Purpose) -> Self {
        match p {
            Purpose::Server => sslkit_purpose::SSLKIT_PURPOSE_SERVER,
            Purpose::Client => sslkit_purpose::SSLKIT_PURPOSE_CLIENT,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::boundary::{guard, with_last_error};
    use crate::sslkit_result;

    /// Checks one C enum against its core enum, both ways: the C values are 0, 1, ... in
    /// order; every one of them is accepted from C and maps to a core value that maps back to
    /// it; the integers past them are refused with `SSLKIT_ERR_INVALID_INPUT`; every value of
    /// the core's `ALL` maps to a C value that maps back to it, except the core values listed
    /// after `no_c_value`.
    macro_rules! check_table {
        ($c:ident, $core:ident, $arg_fn:ident, $from_core:expr, no_c_value: [$($none:expr),*]) => {{
            let from_core: fn($core) -> Option<$c> = $from_core;
            for (i, &c) in $c::ALL.iter().enumerate() {
                let raw = u32::try_from(i).unwrap();
                assert_eq!(c as u32, raw, "{c:?} is not numbered in order");
                assert_eq!($c::from_raw(raw), Some(c));
                let core = $arg_fn(raw).unwrap_or_else(|_| panic!("{raw} is refused"));
                assert_eq!(core, c.to_core());
                assert_eq!(from_core(core), Some(c), "{c:?} -> {core:?} -> C");
            }
            let past = u32::try_from($c::ALL.len()).unwrap();
            for raw in [past, past + 1, u32::MAX] {
                assert_eq!($c::from_raw(raw), None, "{raw}");
                let err = $arg_fn(raw).unwrap_err();
                assert_eq!(err.code(), sslkit_result::SSLKIT_ERR_INVALID_INPUT);
            }
            let none: &[$core] = &[$($none),*];
            for core in $core::ALL {
                match from_core(core) {
                    Some(c) => assert_eq!(c.to_core(), core, "{core:?} -> {c:?} -> core"),
                    None => assert!(none.contains(&core), "{core:?} has no C value"),
                }
            }
            for core in none {
                assert_eq!(from_core(*core), None, "{core:?}");
            }
        }};
    }

    #[test]
    fn key_types_map_both_ways() {
        check_table!(
            sslkit_key_type,
            KeyType,
            key_type,
            |t| Some(sslkit_key_type::from_core(t)),
            no_c_value: []
        );
    }

    #[test]
    fn profiles_map_both_ways() {
        check_table!(
            sslkit_profile,
            Profile,
            profile,
            sslkit_profile::from_core,
            no_c_value: [Profile::Root]
        );
        // A path length does not change the C value; the one from C has none.
        for path_len in [None, Some(0), Some(255)] {
            assert_eq!(
                sslkit_profile::from_core(Profile::Intermediate { path_len }),
                Some(sslkit_profile::SSLKIT_PROFILE_INTERMEDIATE)
            );
        }
    }

    #[test]
    fn key_formats_map_both_ways() {
        check_table!(
            sslkit_key_format,
            KeyFormat,
            key_format,
            |f| Some(sslkit_key_format::from_core(f)),
            no_c_value: []
        );
    }

    #[test]
    fn ciphers_map_both_ways() {
        check_table!(
            sslkit_cipher,
            Cipher,
            cipher,
            |c| Some(sslkit_cipher::from_core(c)),
            no_c_value: []
        );
    }

    #[test]
    fn kdfs_map_both_ways() {
        check_table!(
            sslkit_kdf,
            Kdf,
            kdf,
            |k| Some(sslkit_kdf::from_core(k)),
            no_c_value: []
        );
    }

    #[test]
    fn fingerprint_hashes_map_both_ways() {
        check_table!(
            sslkit_fingerprint_hash,
            FingerprintHash,
            fingerprint_hash,
            |h| Some(sslkit_fingerprint_hash::from_core(h)),
            no_c_value: []
        );
    }

    #[test]
    fn purposes_map_both_ways() {
        check_table!(
            sslkit_purpose,
            Purpose,
            purpose,
            |p| Some(sslkit_purpose::from_core(p)),
            no_c_value: []
        );
    }

    #[test]
    fn an_unknown_value_names_its_enum() {
        let r = guard("sslkit_test", || key_type(4).map(drop));
        assert_eq!(r, sslkit_result::SSLKIT_ERR_INVALID_INPUT);
        with_last_error(|m| assert_eq!(m, "sslkit_test: unknown sslkit_key_type value 4"));
        let r = guard("sslkit_test", || purpose(7).map(drop));
        assert_eq!(r, sslkit_result::SSLKIT_ERR_INVALID_INPUT);
        with_last_error(|m| assert_eq!(m, "sslkit_test: unknown sslkit_purpose value 7"));
    }
}
