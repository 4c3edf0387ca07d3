/* Certificate signing requests: create, read, write, inspect, verify. */
#include "harness.h"

static const char *SUBJECT = "/C=US/ST=CA/O=Foo/CN=www.foo.dom";
static const char *SUBJECT_RFC4514 = "CN=www.foo.dom,O=Foo,ST=CA,C=US";

static void test_create_and_inspect(void) {
    sslkit_key *key = NULL;
    REQUIRE_OK(sslkit_key_generate(SSLKIT_KEY_EC_P256, 0, &key));
    const char *sans[] = {"www.foo.dom", "IP:127.0.0.1", "email:admin@foo.dom"};
    sslkit_csr *csr = SENTINEL;
    REQUIRE_OK(sslkit_csr_create(key, SUBJECT, sans, 3, &csr));
    REQUIRE(csr != NULL && csr != SENTINEL);

    sslkit_bytes subject = {0};
    REQUIRE_OK(sslkit_csr_subject(csr, &subject));
    CHECK(strcmp(STR(subject), SUBJECT_RFC4514) == 0);
    sslkit_bytes_free(&subject);

    size_t n = 99;
    CHECK_OK(sslkit_csr_san_count(csr, &n));
    CHECK(n == 3);
    const char *want[] = {"DNS:www.foo.dom", "IP:127.0.0.1", "email:admin@foo.dom"};
    for (size_t i = 0; i < 3; i++) {
        sslkit_bytes san = {0};
        CHECK_OK(sslkit_csr_san(csr, i, &san));
        CHECK(san.data && strcmp(STR(san), want[i]) == 0);
        sslkit_bytes_free(&san);
    }
    sslkit_bytes none = GARBAGE_BYTES;
    CHECK_RC(sslkit_csr_san(csr, 3, &none), SSLKIT_ERR_INVALID_INPUT);
    CHECK(IS_EMPTY(none));
    CHECK_MSG("out of range");
    CHECK_RC(sslkit_csr_san(csr, (size_t)-1, &none), SSLKIT_ERR_INVALID_INPUT);

    CHECK_OK(sslkit_csr_verify(csr));
    CHECK_OK(sslkit_key_matches_csr(key, csr));

    /* openssl agrees: the signature verifies, the names are there. */
    sslkit_bytes pem = {0};
    REQUIRE_OK(sslkit_csr_to_pem(csr, &pem));
    CHECK(strncmp(STR(pem), "-----BEGIN CERTIFICATE REQUEST-----\n", 36) == 0);
    REQUIRE(write_bytes(work("req.pem"), pem));
    CHECK(sh("openssl req -in '%s' -noout -verify", work("req.pem")) == 0);
    CHECK(sh("openssl req -in '%s' -noout -text", work("req.pem")) == 0);
    CHECK(strstr(sh_output(), "DNS:www.foo.dom") != NULL);
    CHECK(strstr(sh_output(), "IP Address:127.0.0.1") != NULL);
    CHECK(sh("openssl req -in '%s' -noout -subject -nameopt RFC2253", work("req.pem")) == 0);
    CHECK(strcmp(after_eq(sh_output()), SUBJECT_RFC4514) == 0);

    /* The text dump names the subject and the SANs. */
    sslkit_bytes text = {0};
    CHECK_OK(sslkit_csr_text(csr, &text));
    CHECK(text.data && strstr(STR(text), "www.foo.dom") != NULL);
    sslkit_bytes_free(&text);

    /* The same request through DER and back. */
    sslkit_bytes der = {0}, pem2 = {0};
    REQUIRE_OK(sslkit_csr_to_der(csr, &der));
    CHECK(der.data[0] == 0x30);
    sslkit_csr *back = NULL;
    REQUIRE_OK(sslkit_csr_from_der(der.data, der.len, &back));
    CHECK_OK(sslkit_csr_to_pem(back, &pem2));
    CHECK(pem2.data && strcmp(STR(pem), STR(pem2)) == 0);
    sslkit_csr_free(back);
    sslkit_bytes_free(&pem2);
    REQUIRE_OK(sslkit_csr_from_pem(pem.data, pem.len, &back));
    CHECK_OK(sslkit_csr_to_pem(back, &pem2));
    CHECK(pem2.data && strcmp(STR(pem), STR(pem2)) == 0);
    sslkit_csr_free(back);
    sslkit_bytes_free(&pem2);

    /* Another key does not match. */
    sslkit_key *other = NULL;
    REQUIRE_OK(sslkit_key_generate(SSLKIT_KEY_EC_P256, 0, &other));
    CHECK_RC(sslkit_key_matches_csr(other, csr), SSLKIT_ERR_KEY_MISMATCH);
    CHECK_MSG("www.foo.dom");
    sslkit_key_free(other);

    sslkit_bytes_free(&der);
    sslkit_bytes_free(&pem);
    sslkit_csr_free(csr);
    sslkit_key_free(key);
}

static void test_subject_forms_and_no_sans(void) {
    sslkit_key *key = NULL;
    REQUIRE_OK(sslkit_key_generate(SSLKIT_KEY_ED25519, 0, &key));
    /* RFC 4514 input gives the same name as the -subj form; sans NULL with count 0. */
    sslkit_csr *a = NULL, *b = NULL;
    REQUIRE_OK(sslkit_csr_create(key, SUBJECT, NULL, 0, &a));
    REQUIRE_OK(sslkit_csr_create(key, SUBJECT_RFC4514, NULL, 0, &b));
    sslkit_bytes sa = {0}, sb = {0};
    CHECK_OK(sslkit_csr_subject(a, &sa));
    CHECK_OK(sslkit_csr_subject(b, &sb));
    CHECK(sa.data && sb.data && strcmp(STR(sa), STR(sb)) == 0);
    size_t n = 5;
    CHECK_OK(sslkit_csr_san_count(a, &n));
    CHECK(n == 0);
    sslkit_bytes_free(&sa);
    sslkit_bytes_free(&sb);
    sslkit_csr_free(a);
    sslkit_csr_free(b);
    sslkit_key_free(key);
}

static void test_create_errors(void) {
    sslkit_key *key = NULL;
    REQUIRE_OK(sslkit_key_generate(SSLKIT_KEY_ED25519, 0, &key));
    const char *sans[] = {"DNS:a.example", NULL};
    sslkit_csr *csr = SENTINEL;

    CHECK_RC(sslkit_csr_create(key, "", NULL, 0, &csr), SSLKIT_ERR_INVALID_INPUT);
    CHECK(csr == NULL);
    CHECK_RC(sslkit_csr_create(key, "/XX=nope/CN=a", NULL, 0, &csr), SSLKIT_ERR_INVALID_INPUT);
    CHECK_RC(sslkit_csr_create(key, "/CN=\xff\xfe", NULL, 0, &csr), SSLKIT_ERR_INVALID_INPUT);
    CHECK_MSG("UTF-8");
    const char *bad_san[] = {"FOO:bar"};
    CHECK_RC(sslkit_csr_create(key, "/CN=a", bad_san, 1, &csr), SSLKIT_ERR_INVALID_INPUT);
    CHECK_MSG("FOO");

    csr = SENTINEL;
    CHECK_NULL_ARG(sslkit_csr_create(NULL, "/CN=a", NULL, 0, &csr), "sslkit_csr_create");
    CHECK(csr == NULL);
    CHECK_NULL_ARG(sslkit_csr_create(key, NULL, NULL, 0, &csr), "sslkit_csr_create");
    CHECK_NULL_ARG(sslkit_csr_create(key, "/CN=a", NULL, 1, &csr), "sslkit_csr_create");
    CHECK_MSG("`sans`");
    CHECK_NULL_ARG(sslkit_csr_create(key, "/CN=a", sans, 2, &csr), "sslkit_csr_create");
    CHECK_MSG("`sans[1]`");
    CHECK_NULL_ARG(sslkit_csr_create(key, "/CN=a", sans, 1, NULL), "sslkit_csr_create");
    CHECK(csr == NULL);
    sslkit_key_free(key);
}

static void test_read_errors_and_tampering(void) {
    sslkit_csr *csr = SENTINEL;
    CHECK_RC(sslkit_csr_from_pem(PASS("garbage"), &csr), SSLKIT_ERR_PARSE);
    CHECK(csr == NULL);
    CHECK_RC(sslkit_csr_from_der(PASS("\x30\x82\x01"), &csr), SSLKIT_ERR_PARSE);

    sslkit_key *key = NULL;
    REQUIRE_OK(sslkit_key_generate(SSLKIT_KEY_EC_P256, 0, &key));
    /* A key is not a request. */
    sslkit_bytes key_pem = {0};
    REQUIRE_OK(sslkit_key_to_pem(key, NULL, 0, &key_pem));
    CHECK_RC(sslkit_csr_from_pem(key_pem.data, key_pem.len, &csr), SSLKIT_ERR_PARSE);
    sslkit_bytes_free(&key_pem);

    /* A request whose signature no longer matches: it reads, but does not verify. */
    sslkit_csr *good = NULL;
    REQUIRE_OK(sslkit_csr_create(key, "/CN=tamper.example", NULL, 0, &good));
    sslkit_bytes der = {0};
    REQUIRE_OK(sslkit_csr_to_der(good, &der));
    /* The CN is in the signed part: change its first letter. */
    uint8_t *t = find_text(der.data, der.len, "tamper.example");
    REQUIRE(t != NULL);
    *t = 'x';
    REQUIRE_OK(sslkit_csr_from_der(der.data, der.len, &csr));
    CHECK_RC(sslkit_csr_verify(csr), SSLKIT_ERR_VERIFICATION);
    sslkit_csr_free(csr);
    sslkit_bytes_free(&der);

    /* What openssl makes (the FAQ's `openssl req -new`), sslkit reads and verifies. */
    sslkit_bytes pem = {0};
    REQUIRE_OK(sslkit_key_to_pem(key, NULL, 0, &pem));
    REQUIRE(write_bytes(work("k.pem"), pem));
    sslkit_bytes_free(&pem);
    REQUIRE(sh("openssl req -new -key '%s' -subj '/O=Org/CN=o.example' -addext "
               "'subjectAltName=DNS:o.example,IP:10.0.0.1' -out '%s'",
               work("k.pem"), work("o.csr")) == 0);
    size_t len = 0;
    uint8_t *data = read_file(work("o.csr"), &len);
    REQUIRE(data != NULL);
    REQUIRE_OK(sslkit_csr_from_pem(data, len, &csr));
    CHECK_OK(sslkit_csr_verify(csr));
    CHECK_OK(sslkit_key_matches_csr(key, csr));
    sslkit_bytes s = {0};
    CHECK_OK(sslkit_csr_subject(csr, &s));
    CHECK(s.data && strcmp(STR(s), "CN=o.example,O=Org") == 0);
    sslkit_bytes_free(&s);
    CHECK_OK(sslkit_csr_san(csr, 1, &s));
    CHECK(s.data && strcmp(STR(s), "IP:10.0.0.1") == 0);
    sslkit_bytes_free(&s);
    sslkit_csr_free(csr);
    free(data);

    /* NULL arguments. */
    csr = SENTINEL;
    CHECK_NULL_ARG(sslkit_csr_from_pem(NULL, 0, &csr), "sslkit_csr_from_pem");
    CHECK(csr == NULL);
    CHECK_NULL_ARG(sslkit_csr_from_pem(PASS("x"), NULL), "sslkit_csr_from_pem");
    csr = SENTINEL;
    CHECK_NULL_ARG(sslkit_csr_from_der(NULL, 4, &csr), "sslkit_csr_from_der");
    CHECK(csr == NULL);
    CHECK_NULL_ARG(sslkit_csr_from_der(PASS("x"), NULL), "sslkit_csr_from_der");
    sslkit_bytes none = GARBAGE_BYTES;
    CHECK_NULL_ARG(sslkit_csr_to_pem(NULL, &none), "sslkit_csr_to_pem");
    CHECK(IS_EMPTY(none));
    CHECK_NULL_ARG(sslkit_csr_to_pem(good, NULL), "sslkit_csr_to_pem");
    none = (sslkit_bytes)GARBAGE_BYTES;
    CHECK_NULL_ARG(sslkit_csr_to_der(NULL, &none), "sslkit_csr_to_der");
    CHECK(IS_EMPTY(none));
    CHECK_NULL_ARG(sslkit_csr_to_der(good, NULL), "sslkit_csr_to_der");
    none = (sslkit_bytes)GARBAGE_BYTES;
    CHECK_NULL_ARG(sslkit_csr_subject(NULL, &none), "sslkit_csr_subject");
    CHECK(IS_EMPTY(none));
    CHECK_NULL_ARG(sslkit_csr_subject(good, NULL), "sslkit_csr_subject");
    size_t n = 3;
    CHECK_NULL_ARG(sslkit_csr_san_count(NULL, &n), "sslkit_csr_san_count");
    CHECK(n == 0);
    CHECK_NULL_ARG(sslkit_csr_san_count(good, NULL), "sslkit_csr_san_count");
    none = (sslkit_bytes)GARBAGE_BYTES;
    CHECK_NULL_ARG(sslkit_csr_san(NULL, 0, &none), "sslkit_csr_san");
    CHECK(IS_EMPTY(none));
    CHECK_NULL_ARG(sslkit_csr_san(good, 0, NULL), "sslkit_csr_san");
    CHECK_NULL_ARG(sslkit_csr_verify(NULL), "sslkit_csr_verify");
    none = (sslkit_bytes)GARBAGE_BYTES;
    CHECK_NULL_ARG(sslkit_csr_text(NULL, &none), "sslkit_csr_text");
    CHECK(IS_EMPTY(none));
    CHECK_NULL_ARG(sslkit_csr_text(good, NULL), "sslkit_csr_text");
    CHECK_NULL_ARG(sslkit_key_matches_csr(NULL, good), "sslkit_key_matches_csr");
    CHECK_NULL_ARG(sslkit_key_matches_csr(key, NULL), "sslkit_key_matches_csr");

    sslkit_csr_free(good);
    sslkit_key_free(key);
}

int main(int argc, char **argv) {
    harness_init(argc, argv);
    RUN(test_create_and_inspect);
    RUN(test_subject_forms_and_no_sans);
    RUN(test_create_errors);
    RUN(test_read_errors_and_tampering);
    return harness_finish();
}
