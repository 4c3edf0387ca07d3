/* Version, result names, the last error message, sslkit_bytes_free and _free(NULL). */
#include "harness.h"

_Static_assert(SSLKIT_OK == 0, "SSLKIT_OK is 0");
_Static_assert(SSLKIT_ERR_INVALID_INPUT == 1 && SSLKIT_ERR_PARSE == 2 &&
                   SSLKIT_ERR_PASSPHRASE_REQUIRED == 3 && SSLKIT_ERR_WRONG_PASSPHRASE == 4 &&
                   SSLKIT_ERR_UNSUPPORTED == 5 && SSLKIT_ERR_KEY_MISMATCH == 6 &&
                   SSLKIT_ERR_CHAIN_INCOMPLETE == 7 && SSLKIT_ERR_VERIFICATION == 8 &&
                   SSLKIT_ERR_IO == 9 && SSLKIT_ERR_INTERNAL == 10 && SSLKIT_ERR_PANIC == 11 &&
                   SSLKIT_ERR_NULL_ARGUMENT == 12,
               "the result codes keep their numbers");
_Static_assert(SSLKIT_KEY_RSA == 0 && SSLKIT_KEY_EC_P256 == 1 && SSLKIT_KEY_EC_P384 == 2 &&
                   SSLKIT_KEY_ED25519 == 3,
               "key types");
_Static_assert(SSLKIT_PROFILE_SERVER == 0 && SSLKIT_PROFILE_CLIENT == 1 &&
                   SSLKIT_PROFILE_SERVER_CLIENT == 2 && SSLKIT_PROFILE_INTERMEDIATE == 3,
               "profiles");
_Static_assert(sizeof(sslkit_bytes) == sizeof(uint8_t *) + sizeof(size_t), "sslkit_bytes");

static void test_version(void) {
    CHECK(strcmp(sslkit_version(), SSLKIT_VERSION_STRING) == 0);
    char joined[64];
    snprintf(joined, sizeof joined, "%d.%d.%d", SSLKIT_VERSION_MAJOR, SSLKIT_VERSION_MINOR,
             SSLKIT_VERSION_PATCH);
    CHECK(strcmp(joined, SSLKIT_VERSION_STRING) == 0);
    CHECK(sslkit_version() == sslkit_version()); /* static */
}

static void test_result_names(void) {
    static const char *names[] = {
        "SSLKIT_OK", "SSLKIT_ERR_INVALID_INPUT", "SSLKIT_ERR_PARSE",
        "SSLKIT_ERR_PASSPHRASE_REQUIRED", "SSLKIT_ERR_WRONG_PASSPHRASE",
        "SSLKIT_ERR_UNSUPPORTED", "SSLKIT_ERR_KEY_MISMATCH", "SSLKIT_ERR_CHAIN_INCOMPLETE",
        "SSLKIT_ERR_VERIFICATION", "SSLKIT_ERR_IO", "SSLKIT_ERR_INTERNAL", "SSLKIT_ERR_PANIC",
        "SSLKIT_ERR_NULL_ARGUMENT"};
    for (int i = 0; i <= 12; i++) {
        CHECK(strcmp(sslkit_result_name((sslkit_result)i), names[i]) == 0);
    }
    CHECK(strcmp(sslkit_result_name((sslkit_result)13), "SSLKIT_UNKNOWN_RESULT") == 0);
    CHECK(strcmp(sslkit_result_name((sslkit_result)-1), "SSLKIT_UNKNOWN_RESULT") == 0);
}

static void test_key_type_names(void) {
    CHECK(strcmp(sslkit_key_type_name(SSLKIT_KEY_RSA), "rsa") == 0);
    CHECK(strcmp(sslkit_key_type_name(SSLKIT_KEY_EC_P256), "ec-p256") == 0);
    CHECK(strcmp(sslkit_key_type_name(SSLKIT_KEY_EC_P384), "ec-p384") == 0);
    CHECK(strcmp(sslkit_key_type_name(SSLKIT_KEY_ED25519), "ed25519") == 0);
    CHECK(sslkit_key_type_name((sslkit_key_type)4) == NULL);
    CHECK(sslkit_key_type_name((sslkit_key_type)-7) == NULL);
}

/* Makes the library record an error whose message is known to contain `what`. */
static void make_parse_error(void) {
    sslkit_cert *cert = SENTINEL;
    CHECK_RC(sslkit_cert_from_pem(PASS("not a certificate"), &cert), SSLKIT_ERR_PARSE);
    CHECK(cert == NULL);
}

static void test_last_error_message(void) {
    make_parse_error();
    size_t full = sslkit_last_error_message(NULL, 0);
    CHECK(full > 10);

    char big[4096];
    memset(big, 'x', sizeof big);
    CHECK(sslkit_last_error_message(big, sizeof big) == full);
    CHECK(strlen(big) == full); /* whole, NUL-terminated */

    /* Truncation: cap - 1 bytes and a NUL; the return value is still the full length. */
    char small[8];
    memset(small, 'x', sizeof small);
    CHECK(sslkit_last_error_message(small, sizeof small) == full);
    CHECK(strlen(small) == 7);
    CHECK(strncmp(small, big, 7) == 0);

    char one[1] = {'x'};
    CHECK(sslkit_last_error_message(one, 1) == full);
    CHECK(one[0] == 0);

    /* cap 0: nothing is written, even with a buffer. */
    char untouched[4] = {'a', 'b', 'c', 0};
    CHECK(sslkit_last_error_message(untouched, 0) == full);
    CHECK(strcmp(untouched, "abc") == 0);
    /* NULL buffer with a capacity: nothing is written, the length is returned. */
    CHECK(sslkit_last_error_message(NULL, 100) == full);

    /* Exactly fitting: cap = full + 1. */
    char *exact = malloc(full + 1);
    REQUIRE(exact != NULL);
    CHECK(sslkit_last_error_message(exact, full + 1) == full);
    CHECK(strcmp(exact, big) == 0);
    free(exact);

    /* Reading the message does not clear it. */
    CHECK(sslkit_last_error_message(NULL, 0) == full);

    /* A call that succeeds clears it. */
    sslkit_key *key = NULL;
    REQUIRE_OK(sslkit_key_generate(SSLKIT_KEY_ED25519, 0, &key));
    CHECK(sslkit_last_error_message(NULL, 0) == 0);
    char empty[4] = {'z', 'z', 'z', 0};
    CHECK(sslkit_last_error_message(empty, sizeof empty) == 0);
    CHECK(empty[0] == 0);

    /* Functions without a result (free, version, names) leave the message alone. */
    make_parse_error();
    sslkit_key_free(key);
    (void)sslkit_version();
    (void)sslkit_result_name(SSLKIT_OK);
    sslkit_bytes_free(NULL);
    CHECK(sslkit_last_error_message(NULL, 0) == full);
}

static void test_last_error_truncates_at_character_boundaries(void) {
    /* A SAN with non-ASCII letters and an invalid character: the message quotes it. */
    sslkit_key *key = NULL;
    REQUIRE_OK(sslkit_key_generate(SSLKIT_KEY_ED25519, 0, &key));
    const char *sans[] = {"DNS:\xc3\xa9\xc3\xa9\xc3\xa9!.example"}; /* "ééé!.example" */
    sslkit_csr *csr = SENTINEL;
    CHECK_RC(sslkit_csr_create(key, "/CN=x", sans, 1, &csr), SSLKIT_ERR_INVALID_INPUT);
    CHECK(csr == NULL);
    sslkit_key_free(key);

    const char *full = last_error();
    const char *e = strstr(full, "\xc3\xa9");
    REQUIRE(e != NULL);
    size_t at = (size_t)(e - full); /* the first byte of the first 'é' */
    char buf[512];
    /* Room for `at` bytes and one byte of the 'é': the 'é' is left out entirely. */
    sslkit_last_error_message(buf, at + 2);
    CHECK(strlen(buf) == at);
    /* Room for the whole 'é'. */
    sslkit_last_error_message(buf, at + 3);
    CHECK(strlen(buf) == at + 2);
    CHECK(memcmp(buf, full, at + 2) == 0);
}

static void test_bytes_free(void) {
    sslkit_bytes_free(NULL); /* no-op */
    sslkit_bytes empty = {NULL, 0};
    sslkit_bytes_free(&empty);
    CHECK(IS_EMPTY(empty));

    sslkit_key *key = NULL;
    REQUIRE_OK(sslkit_key_generate(SSLKIT_KEY_EC_P256, 0, &key));
    sslkit_bytes pem = GARBAGE_BYTES;
    REQUIRE_OK(sslkit_key_to_pem(key, NULL, 0, &pem));
    CHECK(pem.data != NULL && pem.len > 0);
    CHECK(pem.data[pem.len] == 0); /* NUL after the data */
    CHECK(strlen(STR(pem)) == pem.len);
    sslkit_bytes_free(&pem);
    CHECK(IS_EMPTY(pem));
    sslkit_bytes_free(&pem); /* a second free is a no-op */
    CHECK(IS_EMPTY(pem));
    sslkit_key_free(key);
}

static void test_free_null_is_a_no_op(void) {
    sslkit_key_free(NULL);
    sslkit_csr_free(NULL);
    sslkit_cert_free(NULL);
    sslkit_certs_free(NULL);
    sslkit_bytes_free(NULL);
    CHECK(1);
}

int main(int argc, char **argv) {
    harness_init(argc, argv);
    RUN(test_version);
    RUN(test_result_names);
    RUN(test_key_type_names);
    RUN(test_last_error_message);
    RUN(test_last_error_truncates_at_character_boundaries);
    RUN(test_bytes_free);
    RUN(test_free_null_is_a_no_op);
    return harness_finish();
}
