//! subjectAltName entries as the CLI and APIs take them (`DNS:`, `IP:`, `email:`, `URI:`,
//! bare names, internationalised names). An entry that parses prints and re-parses to itself.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sslkit::SubjectAltName;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for entry in text.split(',') {
        if let Ok(san) = SubjectAltName::parse(entry) {
            let printed = san.to_string();
            let again = SubjectAltName::parse(&printed)
                .unwrap_or_else(|e| panic!("printed SAN {printed:?} does not parse: {e}"));
            assert_eq!(again, san, "{entry:?} -> {printed:?}");
        }
    }
});
