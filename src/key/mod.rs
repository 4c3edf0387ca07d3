//! Private and public keys: RSA, ECDSA P-256/P-384 and Ed25519; generation; reading every common
//! format without a format flag; writing PKCS#8 or traditional, PEM or DER, clear or encrypted.

mod assemble;
pub(crate) mod ct;
mod decode;
pub(crate) mod ec;
pub(crate) mod ed25519;
mod options;
mod prime;
mod private;
mod public;
pub(crate) mod rsa;
pub(crate) mod rsa_verify;

pub use self::options::{EncodeOptions, KeyFormat, KeyType};
pub use self::private::PrivateKey;
pub use self::public::PublicKey;
pub use self::rsa::{MAX_RSA_BITS, MIN_RSA_BITS};

pub(crate) use self::private::KeyData;
pub(crate) use self::public::rsa_crate_verify;
#[allow(unused_imports)] // for the child modules
use self::{decode::*, options::*, private::*, public::*};

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
