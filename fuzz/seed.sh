#!/usr/bin/env bash
# Builds the fuzz corpora's seeds in fuzz/corpus/<target>/ (not committed):
#  - every key, certificate and request file of ../shared/testdata (when it is there; a clone
#    without it gets a visible notice and only the generated seeds),
#  - a small PKI made here with the openssl command (RSA, P-256 and Ed25519 root, intermediate,
#    leaves with every SAN kind, a CSR with challengePassword and an unknown extension),
#  - the committed text seeds in fuzz/seeds/ (names and SANs).
set -euo pipefail
cd "$(dirname "$0")"
TESTDATA=../../shared/testdata
C="$PWD/corpus"
mkdir -p $C/key_decode $C/cert_parse $C/csr_parse $C/bundle_chain $C/name_parse $C/san_parse
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# key_decode's first byte picks the parser and passphrase (see fuzz_targets/key_decode.rs).
pass_byte() {
  case "$1" in
    PolarSSLTest) echo 128 ;; hunter42) echo 136 ;; 123456) echo 144 ;; password) echo 152 ;;
    testkey) echo 160 ;; foobar) echo 168 ;; hunter2) echo 176 ;; baz) echo 184 ;;
    a123456) echo 192 ;; *) echo 0 ;;
  esac
}
add_key() { # file [password]
  local b n
  b=$(pass_byte "${2:-}")
  n=$(basename "$1")
  { printf "\\$(printf %03o "$b")"; cat "$1"; } > "$C/key_decode/td-$n"
}

if [ -d "$TESTDATA/keys" ]; then
  python3 - "$TESTDATA/keys" > "$tmp/keys.txt" <<'PY'
import json, sys
root = sys.argv[1]
for e in json.load(open(f"{root}/MANIFEST.json"))["entries"]:
    print(f"{root}/{e['path']}\t{e.get('password') or ''}")
PY
  while IFS=$'\t' read -r path pw; do add_key "$path" "$pw"; done < "$tmp/keys.txt"
  for f in "$TESTDATA"/keys/mbedtls/*.crt; do
    cp "$f" "$C/cert_parse/td-$(basename "$f")"
    cp "$f" "$C/bundle_chain/td-$(basename "$f")"
  done
  cp "$TESTDATA/keys/mbedtls/test-ca.req.sha256" "$C/csr_parse/td-test-ca.req"
  cat "$TESTDATA"/keys/mbedtls/server2.crt "$TESTDATA"/keys/mbedtls/test-ca.crt > "$C/bundle_chain/td-server2-chain.pem"
else
  echo "NOTICE: $TESTDATA is absent; fuzz seeds come from the generated PKI only"
fi

# A small PKI from the openssl command.
cd "$tmp"
cat > ext.cnf <<'CNF'
[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[inter]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
nameConstraints = permitted;DNS:.example.com, permitted;IP:192.0.2.0/255.255.255.0, excluded;email:bad.example
authorityInfoAccess = caIssuers;URI:http://ca.example.com/root.crt, OCSP;URI:http://ocsp.example.com
[leaf]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth, clientAuth
subjectAltName = DNS:www.example.com, DNS:*.example.com, IP:192.0.2.1, IP:2001:db8::1, email:a@example.com, URI:https://example.com/x
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
1.2.3.4.5 = DER:0500
[req]
distinguished_name = dn
attributes = attrs
[dn]
[attrs]
challengePassword = secret
CNF
o() { openssl "$@" 2>/dev/null; }
for t in rsa ec ed; do
  case $t in
    rsa) alg=(-algorithm RSA -pkeyopt rsa_keygen_bits:2048) ;;
    ec) alg=(-algorithm EC -pkeyopt ec_paramgen_curve:P-256) ;;
    ed) alg=(-algorithm ED25519) ;;
  esac
  o genpkey "${alg[@]}" -out $t-root.key
  o genpkey "${alg[@]}" -out $t-inter.key
  o genpkey "${alg[@]}" -out $t-leaf.key
  o req -new -x509 -key $t-root.key -subj "/C=US/O=Fuzz Root $t/CN=Root $t" -days 3650 -config ext.cnf -extensions ca -out $t-root.crt
  o req -new -key $t-inter.key -subj "/C=US/O=Fuzz/OU=Intermediate/CN=Inter $t" -config ext.cnf -out $t-inter.csr
  o x509 -req -in $t-inter.csr -CA $t-root.crt -CAkey $t-root.key -CAcreateserial -days 1825 -extfile ext.cnf -extensions inter -out $t-inter.crt
  o req -new -key $t-leaf.key -subj "/C=DE/ST=Berlin/L=Berlin/O=Fuzz GmbH/CN=www.example.com/emailAddress=a@example.com" -config ext.cnf -addext "subjectAltName=DNS:www.example.com,IP:192.0.2.1" -out $t-leaf.csr
  o x509 -req -in $t-leaf.csr -CA $t-inter.crt -CAkey $t-inter.key -CAcreateserial -days 365 -extfile ext.cnf -extensions leaf -out $t-leaf.crt
  for f in $t-*.crt; do
    cp $f "$C/cert_parse/gen-$f"
    o x509 -in $f -outform DER -out "$C/cert_parse/gen-$f.der"
  done
  cp $t-leaf.csr $t-inter.csr "$C/csr_parse/"
  o req -in $t-leaf.csr -outform DER -out "$C/csr_parse/$t-leaf.csr.der"
  cat $t-leaf.crt $t-root.crt $t-inter.crt > "$C/bundle_chain/gen-$t-chain.pem"
  cat $t-leaf.crt $t-inter.crt $t-root.crt > "$C/bundle_chain/gen-$t-chain-ordered.pem"
  o pkcs8 -topk8 -in $t-leaf.key -passout pass:password -v2 aes-128-cbc -iter 1000 -out $t-enc.key
  for f in $t-leaf.key $t-enc.key; do add_key "$f" password; done
  o pkey -in $t-leaf.key -outform DER -out $t-leaf.der && { printf '\002'; cat $t-leaf.der; } > "$C/key_decode/gen-$t-leaf.der"
  o pkey -in $t-leaf.key -pubout -out $t-pub.pem && add_key $t-pub.pem
  o x509 -in $t-leaf.crt -noout -subject -nameopt RFC2253 | sed 's/^subject=//' | tr -d '\n' > "$C/name_parse/gen-$t-rfc4514"
  o x509 -in $t-leaf.crt -noout -subject -nameopt compat | sed 's/^subject=//' | tr -d '\n' > "$C/name_parse/gen-$t-compat"
done
cd "$OLDPWD"
cp seeds/name-* "$C/name_parse/"
cp seeds/san-* "$C/san_parse/"
for t in key_decode cert_parse csr_parse bundle_chain name_parse san_parse; do
  printf '%s: %s seeds  ' "$t" "$(ls "$C/$t" | wc -l)"
done
echo
