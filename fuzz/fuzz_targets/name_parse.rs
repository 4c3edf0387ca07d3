//! Distinguished names: OpenSSL's `/C=../CN=..` form, RFC 4514, and DER. A name that parses
//! prints and re-parses to an equal name.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sslkit::DistinguishedName;

fuzz_target!(|data: &[u8]| {
    if let Ok(name) = DistinguishedName::from_der(data) {
        let _ = name.to_openssl();
        let printed = name.to_rfc4514();
        let _ = DistinguishedName::from_rfc4514(&printed);
        let der = name.to_der().expect("a decoded name re-encodes");
        assert!(DistinguishedName::from_der(&der).expect("re-decodes") == name);
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for parsed in [
        DistinguishedName::parse(text),
        DistinguishedName::from_openssl(text),
        DistinguishedName::from_rfc4514(text),
    ] {
        let Ok(name) = parsed else { continue };
        let der = name.to_der().expect("a parsed name encodes");
        let decoded = DistinguishedName::from_der(&der).expect("its DER decodes");
        assert!(decoded == name, "DER round trip changed {text:?}");
        let printed = name.to_rfc4514();
        let reparsed = DistinguishedName::from_rfc4514(&printed)
            .unwrap_or_else(|e| panic!("printed name {printed:?} does not parse: {e}"));
        assert!(
            reparsed.matches(&name),
            "RFC 4514 round trip changed {text:?} -> {printed:?}"
        );
        let _ = (name.common_name(), name.rdns(), name.to_openssl());
    }
});
