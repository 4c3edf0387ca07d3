//! Distinguished names and subject alternative names, checked against the real `openssl`
//! command (3.x): the DER `openssl req -subj` writes, and what `-nameopt RFC2253` prints.

use std::path::Path;
use std::process::Command;

use der::{Decode, Encode};
use sslkit::ErrorKind;
use sslkit::name::DistinguishedName;
use sslkit::san::SubjectAltName;
use x509_cert::request::CertReq;

/// A fixed, minimal OpenSSL configuration, so the system's `openssl.cnf` cannot change the
/// string types (this is what OpenSSL 3 ships: `string_mask = utf8only`).
const OPENSSL_CNF: &str = "[req]\ndistinguished_name = dn\nstring_mask = utf8only\n[dn]\n";

struct Openssl {
    dir: tempfile::TempDir,
}

/// What openssl made of a `-subj` string.
struct Made {
    /// The DER of the CSR's subject.
    der: Vec<u8>,
    /// `openssl req -noout -subject -nameopt RFC2253`, without `subject=`.
    rfc2253: String,
}

impl Openssl {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("openssl.cnf"), OPENSSL_CNF).unwrap();
        let o = Openssl { dir };
        let key = o.path("key.pem");
        o.run(&["genpkey", "-algorithm", "ED25519", "-out", &key])
            .unwrap();
        o
    }

    fn path(&self, name: &str) -> String {
        self.dir.path().join(name).to_str().unwrap().to_string()
    }

    fn run(&self, args: &[&str]) -> Result<Vec<u8>, String> {
        let out = Command::new("openssl")
            .args(args)
            .output()
            .expect("the openssl command is installed");
        if out.status.success() {
            Ok(out.stdout)
        } else {
            Err(String::from_utf8_lossy(&out.stderr).into_owned())
        }
    }

    /// `openssl req -new -subj S [-utf8]`, or openssl's error.
    fn req(&self, subj: &str, utf8: bool) -> Result<Made, String> {
        let (cnf, key, csr) = (
            self.path("openssl.cnf"),
            self.path("key.pem"),
            self.path("csr.der"),
        );
        let mut args = vec![
            "req", "-new", "-config", &cnf, "-key", &key, "-subj", subj, "-outform", "DER", "-out",
            &csr,
        ];
        if utf8 {
            args.push("-utf8");
        }
        let out = self.run(&args)?;
        // OpenSSL 3.0 only warns (and skips the attribute) for some bad input.
        assert!(out.is_empty(), "{}", String::from_utf8_lossy(&out));
        let req = CertReq::from_der(&std::fs::read(Path::new(&csr)).unwrap()).unwrap();
        let der = req.info.subject.to_der().unwrap();
        let printed = self.run(&[
            "req", "-in", &csr, "-inform", "DER", "-noout", "-subject", "-nameopt", "RFC2253",
        ])?;
        let printed = String::from_utf8(printed).unwrap();
        let rfc2253 = printed
            .trim_end_matches('\n')
            .strip_prefix("subject=")
            .unwrap()
            .to_string();
        Ok(Made { der, rfc2253 })
    }
}

struct Case {
    /// The `-subj` string given to both openssl and sslkit.
    subj: &'static str,
    /// The same name written by hand in RFC 4514 (last RDN first).
    rfc4514: &'static str,
    /// Pass `-utf8` to openssl (non-ASCII values).
    utf8: bool,
}

const CASES: &[Case] = &[
    Case {
        subj: "/C=US/ST=California/L=San Francisco/O=Foo, Inc./OU=Web/CN=www.foo.dom/emailAddress=admin@foo.dom",
        rfc4514: r"emailAddress=admin@foo.dom,CN=www.foo.dom,OU=Web,O=Foo\, Inc.,L=San Francisco,ST=California,C=US",
        utf8: false,
    },
    Case {
        subj: r"/C=DE/O=Slash\/Back\\slash/CN=a\+b",
        rfc4514: r"CN=a\+b,O=Slash/Back\\slash,C=DE",
        utf8: false,
    },
    Case {
        subj: "/C=US/O=Multi/CN=aaaa+OU=b",
        rfc4514: "OU=b+CN=aaaa,O=Multi,C=US",
        utf8: false,
    },
    Case {
        subj: "/O=Bücher GmbH/CN=bücher.example",
        rfc4514: r"CN=b\C3\BCcher.example,O=Bücher GmbH",
        utf8: true,
    },
    Case {
        subj: "/C=JP/O=例え株式会社/CN=例え.テスト",
        rfc4514: "CN=例え.テスト,O=例え株式会社,C=JP",
        utf8: true,
    },
    Case {
        subj: "/DC=com/DC=example/UID=jdoe/CN=John Doe",
        rfc4514: "CN=John Doe,UID=jdoe,DC=example,DC=com",
        utf8: false,
    },
    Case {
        subj: "/serialNumber=1234-5678/C=US/O=Foo/CN=x",
        rfc4514: "CN=x,O=Foo,C=US,serialNumber=1234-5678",
        utf8: false,
    },
    Case {
        subj: "/street=1 Main St/title=Boss/GN=John/SN=Doe/initials=JD/pseudonym=jd/generationQualifier=Jr/postalCode=12345/CN=John Doe",
        rfc4514: "CN=John Doe,postalCode=12345,generationQualifier=Jr,pseudonym=jd,initials=JD,SN=Doe,GN=John,title=Boss,STREET=1 Main St",
        utf8: false,
    },
    Case {
        subj: "/jurisdictionC=US/jurisdictionST=Delaware/businessCategory=Private Organization/serialNumber=1234/dnQualifier=q1/organizationIdentifier=VATDE-123/CN=ev.example",
        rfc4514: "CN=ev.example,organizationIdentifier=VATDE-123,dnQualifier=q1,serialNumber=1234,businessCategory=Private Organization,jurisdictionST=Delaware,jurisdictionC=US",
        utf8: false,
    },
    Case {
        subj: r#"/O= lead and trail /OU=#hash/CN=a;b<c>d"e=f"#,
        rfc4514: r#"CN=a\;b\<c\>d\"e=f,OU=\#hash,O=\ lead and trail\ "#,
        utf8: false,
    },
    Case {
        subj: "/2.5.4.3=by oid/2.5.4.10=Org",
        rfc4514: "O=Org,CN=by oid",
        utf8: false,
    },
];

#[test]
fn subjects_encode_like_openssl_req() {
    let openssl = Openssl::new();
    for case in CASES {
        let made = openssl
            .req(case.subj, case.utf8)
            .unwrap_or_else(|e| panic!("openssl refused {}: {e}", case.subj));
        let dn = DistinguishedName::parse(case.subj).unwrap();
        assert_eq!(dn.to_der().unwrap(), made.der, "-subj {}", case.subj);
        assert_eq!(
            dn.to_x509().unwrap().to_der().unwrap(),
            made.der,
            "{}",
            case.subj
        );

        // The hand-written RFC 4514 form, and what openssl prints, are the same name.
        let rfc = DistinguishedName::parse(case.rfc4514).unwrap();
        assert_eq!(rfc.to_der().unwrap(), made.der, "RFC 4514 {}", case.rfc4514);
        assert_eq!(rfc, dn);
        let printed = DistinguishedName::from_rfc4514(&made.rfc2253)
            .unwrap_or_else(|e| panic!("reading openssl's {}: {e}", made.rfc2253));
        assert_eq!(printed.to_der().unwrap(), made.der, "{}", made.rfc2253);

        // Decoding openssl's DER gives the same name back, and the same bytes.
        let decoded = DistinguishedName::from_der(&made.der).unwrap();
        assert_eq!(decoded, dn);
        assert_eq!(decoded.to_der().unwrap(), made.der);
        let x509 = x509_cert::name::Name::from_der(&made.der).unwrap();
        assert_eq!(DistinguishedName::from_x509(&x509).unwrap(), dn);

        // Both string forms read back to the same name.
        assert_eq!(DistinguishedName::parse(&dn.to_openssl()).unwrap(), dn);
        assert_eq!(DistinguishedName::parse(&dn.to_rfc4514()).unwrap(), dn);
        assert_eq!(dn.to_string(), dn.to_rfc4514());
    }
}

#[test]
fn rfc4514_output_matches_openssl_nameopt_rfc2253() {
    let openssl = Openssl::new();
    for case in CASES.iter().filter(|c| !c.utf8) {
        let made = openssl.req(case.subj, false).unwrap();
        let dn = DistinguishedName::parse(case.subj).unwrap();
        // The one difference for ASCII names: OpenSSL writes streetAddress as "street",
        // RFC 4514 §3 (and sslkit) as "STREET".
        let expected = made.rfc2253.replace("street=", "STREET=");
        assert_eq!(dn.to_rfc4514(), expected, "{}", case.subj);
    }
}

#[test]
fn non_ascii_is_written_as_is_where_openssl_escapes_bytes() {
    let openssl = Openssl::new();
    let made = openssl
        .req("/O=Bücher GmbH/CN=bücher.example", true)
        .unwrap();
    // OpenSSL escapes each UTF-8 byte; both are valid RFC 4514 for the same name.
    assert_eq!(made.rfc2253, r"CN=b\C3\BCcher.example,O=B\C3\BCcher GmbH");
    let dn = DistinguishedName::from_der(&made.der).unwrap();
    assert_eq!(dn.to_rfc4514(), "CN=bücher.example,O=Bücher GmbH");
    assert_eq!(dn.common_name(), Some("bücher.example"));
}

#[test]
fn control_characters_are_hex_escaped_like_openssl() {
    let openssl = Openssl::new();
    let subj = "/CN=a\u{1}b\u{7f}c";
    let made = openssl.req(subj, false).unwrap();
    let dn = DistinguishedName::parse(subj).unwrap();
    assert_eq!(dn.to_der().unwrap(), made.der);
    assert_eq!(dn.to_rfc4514(), made.rfc2253);
    assert_eq!(dn.to_rfc4514(), r"CN=a\01b\7Fc");
}

#[test]
fn length_limits_are_openssls() {
    let openssl = Openssl::new();
    let cases: &[(&str, usize)] = &[("CN", 64), ("O", 64), ("OU", 64), ("L", 128), ("ST", 128)];
    for &(attr, max) in cases {
        let ok = format!("/{attr}={}", "a".repeat(max));
        let long = format!("/{attr}={}", "a".repeat(max + 1));
        assert_eq!(
            DistinguishedName::parse(&ok).unwrap().to_der().unwrap(),
            openssl.req(&ok, false).unwrap().der
        );
        assert!(openssl.req(&long, false).is_err(), "openssl took {long}");
        let err = DistinguishedName::parse(&long).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{long}");
        assert!(err.message().contains(&max.to_string()), "{err}");
    }
    // emailAddress: 128 characters.
    let ok = format!("/emailAddress={}@x.example", "a".repeat(128 - 10));
    let long = format!("/emailAddress={}@x.example", "a".repeat(129 - 10));
    assert_eq!(
        DistinguishedName::parse(&ok).unwrap().to_der().unwrap(),
        openssl.req(&ok, false).unwrap().der
    );
    assert!(openssl.req(&long, false).is_err());
    assert_eq!(
        DistinguishedName::parse(&long).unwrap_err().kind(),
        ErrorKind::InvalidInput
    );
    // Characters, not bytes: 64 'ü' is a valid CN.
    let cn = format!("/CN={}", "ü".repeat(64));
    assert_eq!(
        DistinguishedName::parse(&cn).unwrap().to_der().unwrap(),
        openssl.req(&cn, true).unwrap().der
    );
}

#[test]
fn openssl_refuses_what_sslkit_refuses() {
    let openssl = Openssl::new();
    for subj in ["/C=USA/CN=x", "/serialNumber=a_b", "/CN=foo\\", "CN=foo"] {
        assert!(openssl.req(subj, false).is_err(), "openssl took {subj}");
        let err = DistinguishedName::from_openssl(subj).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{subj}");
    }
    // emailAddress must be ASCII (IA5String).
    assert!(openssl.req("/emailAddress=é@x", true).is_err());
    assert_eq!(
        DistinguishedName::parse("/emailAddress=é@x")
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidInput
    );
}

fn invalid(s: &str) -> String {
    let err = DistinguishedName::parse(s).expect_err(s);
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{s}: {err}");
    err.message().to_string()
}

#[test]
fn bad_names_say_what_and_where() {
    let m = invalid("/C=US/ST=CA/XX=y");
    assert!(
        m.contains("at character 13") && m.contains("'XX' is not known"),
        "{m}"
    );
    let m = invalid("CN=x,XX=y");
    assert!(m.contains("at character 6") && m.contains("'XX'"), "{m}");
    assert!(invalid("/C=US/CN").contains("missing '='"));
    assert!(invalid("CN=x,O").contains("missing '='"));
    assert!(invalid("/O=x/CN=").contains("empty value for CN"));
    assert!(invalid("CN=,O=x").contains("empty value for CN"));
    assert!(invalid("/C=USA/CN=x").contains("C must be a two-letter country code"));
    assert!(invalid("C=1X").contains("two-letter"));
    assert!(invalid(r"/CN=foo\").contains("unterminated escape"));
    assert!(invalid(r"CN=foo\").contains("unterminated escape"));
    assert!(invalid(r"CN=foo\q").contains("invalid escape"));
    assert!(invalid(r"CN=foo\4").contains("hex"));
    assert!(invalid(r"CN=\C3").contains("UTF-8"));
    assert!(invalid("/").contains("empty name"));
    assert!(invalid("").contains("empty name"));
    assert!(invalid("CN=x,").contains("after ','"));
    assert!(invalid("CN=x+").contains("after '+'"));
    assert!(invalid("/CN=x+").contains("after '+'"));
    assert!(invalid("/CN=x//O=y").contains("expected an attribute"));
    assert!(invalid("CN=#0C0378").contains("DER"));
    assert!(invalid("CN=#0C01zz").contains("hex"));
    assert!(invalid("CN=\"quoted\"").contains("escaped"));
    assert!(invalid("CN=a;O=b").contains("escaped"));
    assert!(invalid("/CN=a\u{0}b").contains("NUL"));
    assert!(invalid("/serialNumber=a_b").contains("serialNumber"));
}

#[test]
fn attribute_names_and_lookup() {
    let dn = DistinguishedName::parse(
        "/c=us/s=CA/locality=x/o=A/organizationName=B/commonName=first/cn=last/E=a@b.example",
    );
    // "locality" is not a name: only the short and long names are.
    assert!(dn.is_err());
    let dn = DistinguishedName::parse(
        "/c=us/s=CA/localityName=x/o=A/organizationName=B/commonName=first/cn=last/E=a@b.example/email=c@d.example",
    )
    .unwrap();
    let same = DistinguishedName::parse(
        "/C=us/ST=CA/L=x/O=A/O=B/CN=first/CN=last/emailAddress=a@b.example/emailAddress=c@d.example",
    )
    .unwrap();
    assert_eq!(dn, same);
    assert_eq!(dn.common_name(), Some("last"));
    assert_eq!(dn.get("o"), vec!["A", "B"]);
    assert_eq!(dn.get("2.5.4.10"), vec!["A", "B"]);
    assert_eq!(dn.get("organizationName"), vec!["A", "B"]);
    assert_eq!(dn.get("emailAddress"), vec!["a@b.example", "c@d.example"]);
    assert!(dn.get("title").is_empty());
    assert!(dn.get("nonsense").is_empty());
    assert!(!dn.is_empty());
    assert_eq!(dn.len(), 9);
    assert!(DistinguishedName::default().is_empty());
    assert_eq!(DistinguishedName::default().to_rfc4514(), "");
}

#[test]
fn common_name_only() {
    let dn = DistinguishedName::from_common_name("a/b+c\\d").unwrap();
    assert_eq!(dn, DistinguishedName::parse(r"/CN=a\/b\+c\\d").unwrap());
    assert_eq!(dn.common_name(), Some("a/b+c\\d"));
    assert_eq!(
        DistinguishedName::from_common_name("").unwrap_err().kind(),
        ErrorKind::InvalidInput
    );
    assert_eq!(
        DistinguishedName::from_common_name(&"x".repeat(65))
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidInput
    );
}

#[test]
fn rfc4514_reading_details() {
    // Spaces around separators are ignored; escaped ones are kept.
    let a = DistinguishedName::parse(r"CN = www.foo.dom , O = Foo\  , C=US").unwrap();
    assert_eq!(a.get("CN"), vec!["www.foo.dom"]);
    assert_eq!(a.get("O"), vec!["Foo "]);
    // Hex pairs are UTF-8 bytes.
    let b = DistinguishedName::parse(r"CN=M\C3\BCnchen").unwrap();
    assert_eq!(b.common_name(), Some("München"));
    // A '#' value is a DER value: PrintableString "foo" stays PrintableString.
    let c = DistinguishedName::parse("CN=#1303666F6F").unwrap();
    assert_eq!(c.common_name(), Some("foo"));
    assert!(
        c.to_der()
            .unwrap()
            .ends_with(&[0x13, 0x03, b'f', b'o', b'o'])
    );
    assert_eq!(c, DistinguishedName::parse("CN=foo").unwrap());
    assert_ne!(
        c.to_der().unwrap(),
        DistinguishedName::parse("CN=foo")
            .unwrap()
            .to_der()
            .unwrap()
    );
    // Unknown dotted OIDs are written as '#' and the DER, as RFC 4514 requires.
    let d = DistinguishedName::parse("/1.2.3.4=foo/CN=x").unwrap();
    assert_eq!(d.get("1.2.3.4"), vec!["foo"]);
    assert_eq!(d.to_rfc4514(), "CN=x,1.2.3.4=#0C03666F6F");
    assert_eq!(d.to_openssl(), "/1.2.3.4=foo/CN=x");
    assert_eq!(DistinguishedName::parse(&d.to_rfc4514()).unwrap(), d);
}

#[test]
fn legacy_string_types_are_decoded() {
    // Hand-made DER: C=PrintableString "GB", O=TeletexString "Caf\xe9",
    // OU=BMPString "Ω", CN=UniversalString "€", and 2.5.4.45 = BIT STRING.
    fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
        let mut v = vec![tag, content.len() as u8];
        v.extend_from_slice(content);
        v
    }
    fn rdn(oid: &[u8], value: Vec<u8>) -> Vec<u8> {
        let mut atv = tlv(0x06, oid);
        atv.extend(value);
        tlv(0x31, &tlv(0x30, &atv))
    }
    let mut seq = Vec::new();
    seq.extend(rdn(&[0x55, 4, 6], tlv(0x13, b"GB")));
    seq.extend(rdn(&[0x55, 4, 10], tlv(0x14, b"Caf\xe9")));
    seq.extend(rdn(&[0x55, 4, 11], tlv(0x1e, &[0x03, 0xa9])));
    seq.extend(rdn(&[0x55, 4, 3], tlv(0x1c, &[0, 0, 0x20, 0xac])));
    seq.extend(rdn(&[0x55, 4, 45], tlv(0x03, &[0, 0xff])));
    let der = tlv(0x30, &seq);
    let dn = DistinguishedName::from_der(&der).unwrap();
    assert_eq!(dn.get("C"), vec!["GB"]);
    assert_eq!(dn.get("O"), vec!["Café"]);
    assert_eq!(dn.get("OU"), vec!["Ω"]);
    assert_eq!(dn.common_name(), Some("€"));
    assert_eq!(dn.get("2.5.4.45"), vec!["#030200FF"]);
    assert_eq!(dn.to_rfc4514(), "2.5.4.45=#030200FF,CN=€,OU=Ω,O=Café,C=GB");
    assert_eq!(dn.to_der().unwrap(), der, "the original encoding is kept");
    // openssl sees the same string types in these bytes.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("name.der");
    std::fs::write(&file, &der).unwrap();
    let printed = Command::new("openssl")
        .args(["asn1parse", "-inform", "DER", "-in", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(printed.status.success());
    let text = String::from_utf8_lossy(&printed.stdout);
    for t in [
        "PRINTABLESTRING",
        "T61STRING",
        "BMPSTRING",
        "UNIVERSALSTRING",
        "BIT STRING",
    ] {
        assert!(text.contains(t), "{t} in {text}");
    }
    // Malformed DER is a parse error.
    for bad in [&der[..der.len() - 1], &[0x30, 0x02, 0x31, 0x00][..], b"xx"] {
        assert_eq!(
            DistinguishedName::from_der(bad).unwrap_err().kind(),
            ErrorKind::Parse
        );
    }
}

#[test]
fn rfc5280_matching() {
    let a = DistinguishedName::parse("/C=US/O=Foo   Inc./CN=www.foo.dom+OU=Web").unwrap();
    let b = DistinguishedName::parse("OU=WEB+CN=WWW.Foo.Dom,O=  foo inc. ,C=us").unwrap();
    assert!(a.matches(&b));
    assert_ne!(a, b);
    // PrintableString vs UTF8String of the same text match too.
    let p = DistinguishedName::parse("CN=#1303666F6F").unwrap();
    assert!(p.matches(&DistinguishedName::parse("CN=FOO").unwrap()));
    // Different structure or values do not.
    let c = DistinguishedName::parse("/C=US/O=Foo Inc./CN=www.foo.dom/OU=Web").unwrap();
    assert!(!a.matches(&c));
    let d = DistinguishedName::parse("/C=US/O=Foo Inc/CN=www.foo.dom+OU=Web").unwrap();
    assert!(!a.matches(&d));
    let e = DistinguishedName::parse("/C=US/O=Foo Inc./CN=www.foo.dom+OU=Web/CN=x").unwrap();
    assert!(!a.matches(&e));
}

#[test]
fn eq_hash_debug() {
    use std::collections::HashSet;
    let a: DistinguishedName = "/O=Foo/CN=x".parse().unwrap();
    let b: DistinguishedName = "CN=x,O=Foo".parse().unwrap();
    let c: DistinguishedName = "CN=X,O=Foo".parse().unwrap();
    let set: HashSet<DistinguishedName> = [a.clone(), b, c].into_iter().collect();
    assert_eq!(set.len(), 2);
    assert_eq!(format!("{a:?}"), "DistinguishedName(\"CN=x,O=Foo\")");
    // A multi-valued RDN is the same name in any order.
    let m1: DistinguishedName = "/CN=a+OU=b".parse().unwrap();
    let m2: DistinguishedName = "/OU=b+CN=a".parse().unwrap();
    assert_eq!(m1, m2);
    assert_eq!(m1.to_der().unwrap(), m2.to_der().unwrap());
}

// ---- subject alternative names ----

fn san(s: &str) -> SubjectAltName {
    SubjectAltName::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn bad_san(s: &str) -> String {
    let err = SubjectAltName::parse(s).expect_err(s);
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{s}: {err}");
    err.message().to_string()
}

#[test]
fn punycode_standard_vectors() {
    for (input, expected) in [
        ("bücher.example", "xn--bcher-kva.example"),
        ("münchen.de", "xn--mnchen-3ya.de"),
        ("例え.テスト", "xn--r8jz45g.xn--zckzah"),
        ("Bücher.Example", "xn--bcher-kva.example"),
        ("*.bücher.example", "*.xn--bcher-kva.example"),
        ("例え。テスト", "xn--r8jz45g.xn--zckzah"),
    ] {
        assert_eq!(
            SubjectAltName::dns(input).unwrap(),
            SubjectAltName::Dns(expected.into()),
            "{input}"
        );
    }
}

#[test]
fn punycode_agrees_with_python_idna() {
    // Python's "idna" codec (IDNA 2003) as a second opinion, for names where IDNA 2003 and
    // 2008 agree (no ß, ς, ZWJ...).
    let names = [
        "bücher.example",
        "ñandú.com",
        "日本語.jp",
        "пример.испытание",
        "παράδειγμα.δοκιμή",
        "mañana.example.com",
        "ü.de",
        "中文.中国",
        "éèêë.fr",
    ];
    let script = "import sys\nfor n in sys.argv[1:]: print(n.encode('idna').decode())";
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(names)
        .output()
        .expect("python3 is installed");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected = String::from_utf8(out.stdout).unwrap();
    let expected: Vec<&str> = expected.lines().collect();
    assert_eq!(expected.len(), names.len());
    for (name, want) in names.iter().zip(expected) {
        assert_eq!(
            SubjectAltName::dns(name).unwrap().to_string(),
            format!("DNS:{want}"),
            "{name}"
        );
    }
}

#[test]
fn san_parsing_and_display() {
    assert_eq!(
        san("DNS:www.foo.dom"),
        SubjectAltName::Dns("www.foo.dom".into())
    );
    assert_eq!(
        san("dns:WWW.FOO.DOM."),
        SubjectAltName::Dns("www.foo.dom".into())
    );
    assert_eq!(san("www.foo.dom").to_string(), "DNS:www.foo.dom");
    assert_eq!(san("*.foo.dom").to_string(), "DNS:*.foo.dom");
    assert_eq!(san("127.0.0.1").to_string(), "IP:127.0.0.1");
    assert_eq!(san("IP:::1").to_string(), "IP:::1");
    assert_eq!(san("ip:2001:DB8::0:1").to_string(), "IP:2001:db8::1");
    assert_eq!(san("::1"), san("IP:0:0:0:0:0:0:0:1"));
    assert_eq!(san("EMAIL:a@foo.dom").to_string(), "email:a@foo.dom");
    assert_eq!(
        san("email:First.Last@Bücher.Example").to_string(),
        "email:First.Last@xn--bcher-kva.example"
    );
    assert_eq!(
        san("URI:https://foo.dom/x?y=1").to_string(),
        "URI:https://foo.dom/x?y=1"
    );
    assert_eq!(san("  DNS: foo.dom  ").to_string(), "DNS:foo.dom");
    let max_label = format!("{}.com", "a".repeat(63));
    assert_eq!(san(&max_label).to_string(), format!("DNS:{max_label}"));
    let long_name = [&"a".repeat(63)[..]; 4].join(".");
    assert_eq!(long_name.len(), 255);
    assert!(bad_san(&long_name).contains("253"));
    let ok_name = format!("{}.{}", [&"a".repeat(63)[..]; 3].join("."), "a".repeat(61));
    assert_eq!(ok_name.len(), 253);
    assert_eq!(san(&ok_name), SubjectAltName::Dns(ok_name.clone()));
    // Round trip through Display.
    for s in [
        "DNS:a.b",
        "IP:10.1.2.3",
        "IP:fe80::1",
        "email:x@y.z",
        "URI:urn:isbn:1",
    ] {
        assert_eq!(san(s).to_string(), s);
        assert_eq!(san(&san(s).to_string()), san(s));
    }
}

#[test]
fn bad_sans_are_invalid_input() {
    assert!(bad_san("DNS:foo..bar").contains("empty label"));
    assert!(bad_san("DNS:.foo").contains("empty label"));
    assert!(bad_san("DNS:").contains("empty"));
    assert!(bad_san("DNS:-foo.com").contains("'-'"));
    assert!(bad_san("DNS:foo-.com").contains("'-'"));
    assert!(bad_san("DNS:a*.b.com").contains("wildcard"));
    assert!(bad_san("DNS:*.*.com").contains("wildcard"));
    assert!(bad_san("DNS:www.*.com").contains("wildcard"));
    assert!(bad_san("DNS:*").contains("wildcard"));
    assert!(bad_san("DNS:foo_bar.com").contains("'_'"));
    assert!(bad_san("DNS:foo bar.com").contains("' '"));
    assert!(bad_san(&format!("DNS:{}.com", "a".repeat(64))).contains("63"));
    assert!(bad_san(&format!("DNS:{}.com", "ü".repeat(60))).contains("63"));
    assert!(bad_san("DNS:1.2.3.4").contains("digits"));
    assert!(bad_san("999.1.1.1").contains("digits"));
    assert!(bad_san("IP:999.1.1.1").contains("IP address"));
    assert!(bad_san("IP:foo.com").contains("IP address"));
    assert!(bad_san("IP:fe80::1%eth0").contains("IP address"));
    assert!(bad_san("email:nobody").contains("'@'"));
    assert!(bad_san("email:@foo.com").contains("before the '@'"));
    assert!(bad_san("email:a@b@foo.com").contains("'@'"));
    assert!(bad_san("email:a@").contains("domain"));
    assert!(bad_san("email:a@*.foo.com").contains("'*'"));
    assert!(bad_san("email:a b@foo.com").contains("ASCII"));
    assert!(bad_san("URI:no-scheme").contains("scheme"));
    assert!(bad_san("URI:1http://x").contains("scheme"));
    assert!(bad_san("URI:https:").contains("after the scheme"));
    assert!(bad_san("URI:https://bücher.example/").contains("ASCII"));
    assert!(bad_san("URI:https://foo/a b").contains("ASCII"));
    assert!(bad_san("RID:1.2.3").contains("unknown"));
    assert!(bad_san("admin@foo.dom").contains("email:"));
}
