/* Certificates: self-signed, read, write, inspect, fingerprints, host names. */
#define _DEFAULT_SOURCE /* for time() with -std=c11 */
#include "harness.h"

#include <time.h>

#define DAY 86400LL

static void test_self_signed_fields(void) {
    sslkit_key *key = NULL;
    REQUIRE_OK(sslkit_key_generate(SSLKIT_KEY_EC_P256, 0, &key));
    const char *sans[] = {"IP:127.0.0.1", "*.foo.dom"};
    sslkit_cert *cert = SENTINEL;
    long long now = (long long)time(NULL);
    REQUIRE_OK(sslkit_cert_self_signed(key, "/O=Foo/CN=www.foo.dom", sans, 2, 30, &cert));
    REQUIRE(cert != NULL && cert != SENTINEL);

    sslkit_bytes subject = {0}, issuer = {0};
    CHECK_OK(sslkit_cert_subject(cert, &subject));
    CHECK_OK(sslkit_cert_issuer(cert, &issuer));
    CHECK(subject.data && strcmp(STR(subject), "CN=www.foo.dom,O=Foo") == 0);
    CHECK(issuer.data && strcmp(STR(issuer), STR(subject)) == 0);

    /* The CN is a SAN too (browsers ignore the CN), next to the SANs asked for. */
    size_t n = 0;
    CHECK_OK(sslkit_cert_san_count(cert, &n));
    CHECK(n == 3);
    int seen_cn = 0, seen_ip = 0, seen_wild = 0;
    for (size_t i = 0; i < n; i++) {
        sslkit_bytes san = {0};
        CHECK_OK(sslkit_cert_san(cert, i, &san));
        if (!san.data) continue;
        seen_cn += strcmp(STR(san), "DNS:www.foo.dom") == 0;
        seen_ip += strcmp(STR(san), "IP:127.0.0.1") == 0;
        seen_wild += strcmp(STR(san), "DNS:*.foo.dom") == 0;
        sslkit_bytes_free(&san);
    }
    CHECK(seen_cn == 1 && seen_ip == 1 && seen_wild == 1);
    sslkit_bytes none = GARBAGE_BYTES;
    CHECK_RC(sslkit_cert_san(cert, n, &none), SSLKIT_ERR_INVALID_INPUT);
    CHECK(IS_EMPTY(none));

    bool is_ca = true;
    CHECK_OK(sslkit_cert_is_ca(cert, &is_ca));
    CHECK(!is_ca);
    sslkit_key_type t = SSLKIT_KEY_RSA;
    uint32_t bits = 0;
    CHECK_OK(sslkit_cert_key_algorithm(cert, &t));
    CHECK(t == SSLKIT_KEY_EC_P256);
    CHECK_OK(sslkit_cert_key_bits(cert, &bits));
    CHECK(bits == 256);

    /* Validity: from 5 minutes before now (clock skew, sslkit::BACKDATE) for 30 days. */
    int64_t nb = 0, na = 0;
    CHECK_OK(sslkit_cert_not_before(cert, &nb));
    CHECK_OK(sslkit_cert_not_after(cert, &na));
    CHECK(nb >= now - 300 - 60 && nb <= now - 300 + 60);
    CHECK(na >= now + 30 * DAY - 60 && na <= now + 30 * DAY + 60);

    /* openssl reads the same: serial, fingerprints, end date, host names, subject. */
    sslkit_bytes pem = {0};
    REQUIRE_OK(sslkit_cert_to_pem(cert, &pem));
    CHECK(strncmp(STR(pem), "-----BEGIN CERTIFICATE-----\n", 28) == 0);
    const char *f = work("self.pem");
    REQUIRE(write_bytes(f, pem));
    sslkit_bytes serial = {0}, fp256 = {0}, fp1 = {0}, spki = {0}, kspki = {0}, pin = {0},
                 kpin = {0};
    CHECK_OK(sslkit_cert_serial(cert, &serial));
    CHECK(sh("openssl x509 -in '%s' -noout -serial", f) == 0);
    CHECK(serial.data && strcmp(after_eq(sh_output()), STR(serial)) == 0);
    CHECK(serial.len >= 1 && serial.len <= 34); /* a positive 128-bit number */
    CHECK_OK(sslkit_cert_fingerprint(cert, SSLKIT_FINGERPRINT_SHA256, &fp256));
    CHECK(sh("openssl x509 -in '%s' -noout -fingerprint -sha256", f) == 0);
    CHECK(fp256.data && strcmp(after_eq(sh_output()), STR(fp256)) == 0);
    CHECK_OK(sslkit_cert_fingerprint(cert, SSLKIT_FINGERPRINT_SHA1, &fp1));
    CHECK(sh("openssl x509 -in '%s' -noout -fingerprint -sha1", f) == 0);
    CHECK(fp1.data && strcmp(after_eq(sh_output()), STR(fp1)) == 0);
    CHECK(sh("openssl x509 -in '%s' -noout -checkend %lld", f, (long long)na - now - 120) == 0);
    CHECK(sh("openssl x509 -in '%s' -noout -checkend %lld", f, (long long)na - now + 120) == 1);
    CHECK(sh("openssl x509 -in '%s' -noout -checkhost www.foo.dom", f) == 0);
    CHECK(strstr(sh_output(), "does match") != NULL);
    CHECK(sh("openssl x509 -in '%s' -noout -subject -nameopt RFC2253", f) == 0);
    CHECK(subject.data && strcmp(after_eq(sh_output()), STR(subject)) == 0);

    /* SPKI fingerprint and pin equal the key's. */
    CHECK_OK(sslkit_cert_spki_fingerprint(cert, &spki));
    CHECK_OK(sslkit_key_spki_fingerprint(key, &kspki));
    CHECK(spki.data && kspki.data && strcmp(STR(spki), STR(kspki)) == 0);
    CHECK_OK(sslkit_cert_spki_pin(cert, &pin));
    CHECK_OK(sslkit_key_spki_pin(key, &kpin));
    CHECK(pin.data && kpin.data && strcmp(STR(pin), STR(kpin)) == 0);
    CHECK_OK(sslkit_key_matches_cert(key, cert));

    /* Unknown fingerprint hash. */
    none = (sslkit_bytes)GARBAGE_BYTES;
    CHECK_RC(sslkit_cert_fingerprint(cert, (sslkit_fingerprint_hash)2, &none),
             SSLKIT_ERR_INVALID_INPUT);
    CHECK(IS_EMPTY(none));
    CHECK_MSG("sslkit_fingerprint_hash");

    /* Text dump. */
    sslkit_bytes text = {0};
    CHECK_OK(sslkit_cert_text(cert, &text));
    CHECK(text.data && strstr(STR(text), "www.foo.dom") != NULL);

    sslkit_bytes *all[] = {&subject, &issuer, &pem, &serial, &fp256, &fp1, &spki, &kspki, &pin,
                           &kpin, &text};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) sslkit_bytes_free(all[i]);
    sslkit_cert_free(cert);
    sslkit_key_free(key);
}

static void test_default_days_and_rsa(void) {
    size_t len = 0;
    uint8_t *pem = read_file(repo("tests/data/rsa2048.pem"), &len);
    REQUIRE(pem != NULL);
    sslkit_key *key = NULL;
    REQUIRE_OK(sslkit_key_from_pem(pem, len, NULL, 0, &key));
    free(pem);
    sslkit_cert *cert = NULL;
    long long now = (long long)time(NULL);
    REQUIRE_OK(sslkit_cert_self_signed(key, "CN=rsa.example", NULL, 0, 0, &cert));
    int64_t na = 0;
    CHECK_OK(sslkit_cert_not_after(cert, &na));
    CHECK(na >= now + 365 * DAY - 60 && na <= now + 365 * DAY + 60); /* days 0: 365 */
    sslkit_key_type t = SSLKIT_KEY_ED25519;
    uint32_t bits = 0;
    CHECK_OK(sslkit_cert_key_algorithm(cert, &t));
    CHECK(t == SSLKIT_KEY_RSA);
    CHECK_OK(sslkit_cert_key_bits(cert, &bits));
    CHECK(bits == 2048);
    sslkit_cert_free(cert);
    sslkit_key_free(key);
}

static void test_check_host(void) {
    sslkit_key *key = NULL;
    REQUIRE_OK(sslkit_key_generate(SSLKIT_KEY_ED25519, 0, &key));
    const char *sans[] = {"*.foo.dom", "IP:::1"};
    sslkit_cert *cert = NULL;
    REQUIRE_OK(sslkit_cert_self_signed(key, "/CN=www.foo.dom", sans, 2, 1, &cert));
    CHECK_OK(sslkit_cert_check_host(cert, "www.foo.dom"));
    CHECK_OK(sslkit_cert_check_host(cert, "mail.foo.dom"));
    CHECK_OK(sslkit_cert_check_host(cert, "::1"));
    CHECK_RC(sslkit_cert_check_host(cert, "foo.dom"), SSLKIT_ERR_VERIFICATION);
    CHECK_RC(sslkit_cert_check_host(cert, "a.b.foo.dom"), SSLKIT_ERR_VERIFICATION);
    CHECK_RC(sslkit_cert_check_host(cert, "www.evil.dom"), SSLKIT_ERR_VERIFICATION);
    CHECK_MSG("www.evil.dom");
    CHECK_MSG("DNS:*.foo.dom"); /* the message lists the certificate's names */
    CHECK_RC(sslkit_cert_check_host(cert, "\xff"), SSLKIT_ERR_INVALID_INPUT);
    CHECK_NULL_ARG(sslkit_cert_check_host(NULL, "www.foo.dom"), "sslkit_cert_check_host");
    CHECK_NULL_ARG(sslkit_cert_check_host(cert, NULL), "sslkit_cert_check_host");
    sslkit_cert_free(cert);
    sslkit_key_free(key);
}

static void test_read_write(void) {
    sslkit_key *key = NULL;
    REQUIRE_OK(sslkit_key_generate(SSLKIT_KEY_EC_P384, 0, &key));
    sslkit_cert *cert = NULL;
    REQUIRE_OK(sslkit_cert_self_signed(key, "/CN=rw.example", NULL, 0, 2, &cert));
    sslkit_bytes pem = {0}, der = {0};
    REQUIRE_OK(sslkit_cert_to_pem(cert, &pem));
    REQUIRE_OK(sslkit_cert_to_der(cert, &der));
    CHECK(der.data[0] == 0x30 && der.data[der.len] == 0);
    REQUIRE(write_bytes(work("rw.der"), der));
    CHECK(sh("openssl x509 -inform DER -in '%s' -noout -subject", work("rw.der")) == 0);
    CHECK(strstr(sh_output(), "rw.example") != NULL);

    /* DER and PEM round trips, text before the PEM block, openssl's TRUSTED CERTIFICATE. */
    sslkit_cert *a = NULL, *b = NULL, *c = NULL, *d = NULL;
    CHECK_OK(sslkit_cert_from_der(der.data, der.len, &a));
    CHECK_OK(sslkit_cert_from_pem(pem.data, pem.len, &b));
    char *with_text = malloc(pem.len + 64);
    REQUIRE(with_text != NULL);
    snprintf(with_text, pem.len + 64, "subject=CN = rw.example\n%s", STR(pem));
    CHECK_OK(sslkit_cert_from_pem((const uint8_t *)with_text, strlen(with_text), &c));
    free(with_text);
    REQUIRE(write_bytes(work("rw.pem"), pem));
    REQUIRE(sh("openssl x509 -in '%s' -trustout -addtrust serverAuth -out '%s'", work("rw.pem"),
               work("trusted.pem")) == 0);
    size_t tlen = 0;
    uint8_t *trusted = read_file(work("trusted.pem"), &tlen);
    REQUIRE(trusted != NULL);
    CHECK(strstr((const char *)trusted, "BEGIN TRUSTED CERTIFICATE") != NULL);
    CHECK_OK(sslkit_cert_from_pem(trusted, tlen, &d));
    free(trusted);
    sslkit_cert *all[] = {a, b, c, d};
    for (size_t i = 0; i < 4; i++) {
        sslkit_bytes fp = {0}, want = {0};
        CHECK(all[i] != NULL);
        if (!all[i]) continue;
        CHECK_OK(sslkit_cert_fingerprint(all[i], SSLKIT_FINGERPRINT_SHA256, &fp));
        CHECK_OK(sslkit_cert_fingerprint(cert, SSLKIT_FINGERPRINT_SHA256, &want));
        CHECK(fp.data && want.data && strcmp(STR(fp), STR(want)) == 0);
        sslkit_bytes_free(&fp);
        sslkit_bytes_free(&want);
        sslkit_cert_free(all[i]);
    }

    /* Bad input. */
    sslkit_cert *bad = SENTINEL;
    CHECK_RC(sslkit_cert_from_pem(PASS("garbage"), &bad), SSLKIT_ERR_PARSE);
    CHECK(bad == NULL);
    CHECK_RC(sslkit_cert_from_der(pem.data, pem.len, &bad), SSLKIT_ERR_PARSE);
    CHECK_RC(sslkit_cert_from_der(der.data, der.len - 1, &bad), SSLKIT_ERR_PARSE); /* truncated */
    CHECK_RC(sslkit_cert_from_pem(der.data, der.len, &bad), SSLKIT_ERR_PARSE);
    sslkit_bytes kpem = {0};
    REQUIRE_OK(sslkit_key_to_pem(key, NULL, 0, &kpem));
    CHECK_RC(sslkit_cert_from_pem(kpem.data, kpem.len, &bad), SSLKIT_ERR_PARSE);
    CHECK_MSG("PRIVATE KEY");
    CHECK(bad == NULL);
    /* A PEM block whose base64 is damaged. */
    char *broken = malloc(pem.len + 1);
    REQUIRE(broken != NULL);
    memcpy(broken, pem.data, pem.len + 1);
    broken[40] = '!';
    CHECK_RC(sslkit_cert_from_pem((const uint8_t *)broken, pem.len, &bad), SSLKIT_ERR_PARSE);
    free(broken);

    sslkit_bytes_free(&kpem);
    sslkit_bytes_free(&pem);
    sslkit_bytes_free(&der);
    sslkit_cert_free(cert);
    sslkit_key_free(key);
}

static void test_self_signed_errors(void) {
    sslkit_key *key = NULL;
    REQUIRE_OK(sslkit_key_generate(SSLKIT_KEY_ED25519, 0, &key));
    sslkit_cert *cert = SENTINEL;
    CHECK_RC(sslkit_cert_self_signed(key, "/CN=a", (const char *[]){"IP:300.1.1.1"}, 1, 1, &cert),
             SSLKIT_ERR_INVALID_INPUT);
    CHECK(cert == NULL);
    CHECK_RC(sslkit_cert_self_signed(key, "not a name", NULL, 0, 1, &cert),
             SSLKIT_ERR_INVALID_INPUT);
    cert = SENTINEL;
    CHECK_NULL_ARG(sslkit_cert_self_signed(NULL, "/CN=a", NULL, 0, 1, &cert),
                   "sslkit_cert_self_signed");
    CHECK(cert == NULL);
    CHECK_NULL_ARG(sslkit_cert_self_signed(key, NULL, NULL, 0, 1, &cert),
                   "sslkit_cert_self_signed");
    CHECK_NULL_ARG(sslkit_cert_self_signed(key, "/CN=a", NULL, 2, 1, &cert),
                   "sslkit_cert_self_signed");
    CHECK_NULL_ARG(sslkit_cert_self_signed(key, "/CN=a", (const char *[]){NULL}, 1, 1, &cert),
                   "sslkit_cert_self_signed");
    CHECK_MSG("`sans[0]`");
    CHECK_NULL_ARG(sslkit_cert_self_signed(key, "/CN=a", NULL, 0, 1, NULL),
                   "sslkit_cert_self_signed");
    sslkit_key_free(key);
}

static void test_null_arguments(void) {
    sslkit_key *key = NULL;
    REQUIRE_OK(sslkit_key_generate(SSLKIT_KEY_ED25519, 0, &key));
    sslkit_cert *cert = NULL;
    REQUIRE_OK(sslkit_cert_self_signed(key, "/CN=n.example", NULL, 0, 1, &cert));

    sslkit_cert *out = SENTINEL;
    CHECK_NULL_ARG(sslkit_cert_from_pem(NULL, 0, &out), "sslkit_cert_from_pem");
    CHECK(out == NULL);
    CHECK_NULL_ARG(sslkit_cert_from_pem(PASS("x"), NULL), "sslkit_cert_from_pem");
    out = SENTINEL;
    CHECK_NULL_ARG(sslkit_cert_from_der(NULL, 0, &out), "sslkit_cert_from_der");
    CHECK(out == NULL);
    CHECK_NULL_ARG(sslkit_cert_from_der(PASS("x"), NULL), "sslkit_cert_from_der");

    typedef sslkit_result (*bytes_fn)(const sslkit_cert *, sslkit_bytes *);
    struct {
        bytes_fn fn;
        const char *name;
    } getters[] = {
        {sslkit_cert_to_pem, "sslkit_cert_to_pem"},
        {sslkit_cert_to_der, "sslkit_cert_to_der"},
        {sslkit_cert_subject, "sslkit_cert_subject"},
        {sslkit_cert_issuer, "sslkit_cert_issuer"},
        {sslkit_cert_serial, "sslkit_cert_serial"},
        {sslkit_cert_spki_fingerprint, "sslkit_cert_spki_fingerprint"},
        {sslkit_cert_spki_pin, "sslkit_cert_spki_pin"},
        {sslkit_cert_text, "sslkit_cert_text"},
    };
    for (size_t i = 0; i < sizeof getters / sizeof getters[0]; i++) {
        sslkit_bytes b = GARBAGE_BYTES;
        CHECK_NULL_ARG(getters[i].fn(NULL, &b), getters[i].name);
        CHECK(IS_EMPTY(b));
        CHECK_NULL_ARG(getters[i].fn(cert, NULL), getters[i].name);
        CHECK_OK(getters[i].fn(cert, &b));
        CHECK(b.data != NULL && b.len > 0);
        sslkit_bytes_free(&b);
    }
    sslkit_bytes b = GARBAGE_BYTES;
    CHECK_NULL_ARG(sslkit_cert_fingerprint(NULL, SSLKIT_FINGERPRINT_SHA1, &b),
                   "sslkit_cert_fingerprint");
    CHECK(IS_EMPTY(b));
    CHECK_NULL_ARG(sslkit_cert_fingerprint(cert, SSLKIT_FINGERPRINT_SHA1, NULL),
                   "sslkit_cert_fingerprint");
    b = (sslkit_bytes)GARBAGE_BYTES;
    CHECK_NULL_ARG(sslkit_cert_san(NULL, 0, &b), "sslkit_cert_san");
    CHECK(IS_EMPTY(b));
    CHECK_NULL_ARG(sslkit_cert_san(cert, 0, NULL), "sslkit_cert_san");

    int64_t t = 5;
    CHECK_NULL_ARG(sslkit_cert_not_before(NULL, &t), "sslkit_cert_not_before");
    CHECK(t == 0);
    CHECK_NULL_ARG(sslkit_cert_not_before(cert, NULL), "sslkit_cert_not_before");
    t = 5;
    CHECK_NULL_ARG(sslkit_cert_not_after(NULL, &t), "sslkit_cert_not_after");
    CHECK(t == 0);
    CHECK_NULL_ARG(sslkit_cert_not_after(cert, NULL), "sslkit_cert_not_after");
    size_t n = 5;
    CHECK_NULL_ARG(sslkit_cert_san_count(NULL, &n), "sslkit_cert_san_count");
    CHECK(n == 0);
    CHECK_NULL_ARG(sslkit_cert_san_count(cert, NULL), "sslkit_cert_san_count");
    bool ca = true;
    CHECK_NULL_ARG(sslkit_cert_is_ca(NULL, &ca), "sslkit_cert_is_ca");
    CHECK(ca == false);
    CHECK_NULL_ARG(sslkit_cert_is_ca(cert, NULL), "sslkit_cert_is_ca");
    sslkit_key_type kt = SSLKIT_KEY_ED25519;
    CHECK_NULL_ARG(sslkit_cert_key_algorithm(NULL, &kt), "sslkit_cert_key_algorithm");
    CHECK(kt == SSLKIT_KEY_RSA);
    CHECK_NULL_ARG(sslkit_cert_key_algorithm(cert, NULL), "sslkit_cert_key_algorithm");
    uint32_t bits = 5;
    CHECK_NULL_ARG(sslkit_cert_key_bits(NULL, &bits), "sslkit_cert_key_bits");
    CHECK(bits == 0);
    CHECK_NULL_ARG(sslkit_cert_key_bits(cert, NULL), "sslkit_cert_key_bits");

    sslkit_cert_free(cert);
    sslkit_key_free(key);
}

int main(int argc, char **argv) {
    harness_init(argc, argv);
    RUN(test_self_signed_fields);
    RUN(test_default_days_and_rsa);
    RUN(test_check_host);
    RUN(test_read_write);
    RUN(test_self_signed_errors);
    RUN(test_null_arguments);
    return harness_finish();
}
