/*
 * The hostile corpus (tests/data/hostile/, see generate.py and MANIFEST.tsv) through the C ABI,
 * under valgrind: the reader the manifest names gives the expected result code; every reader
 * gives a result of the error table (never SSLKIT_ERR_PANIC or SSLKIT_ERR_INTERNAL, never a
 * crash, no leak); a real certificate truncated at every length is SSLKIT_ERR_PARSE; the input
 * size cap can be changed and is enforced.
 */
#include "harness.h"

#include <stdbool.h>

struct entry {
    char file[128];
    char as[16];
    char expect[32];
    char pass[64]; /* "" for none */
    uint8_t *data;
    size_t len;
};

static struct entry entries[256];
static size_t n_entries;

static void load_corpus(void) {
    if (n_entries) return;
    FILE *f = fopen(repo("tests/data/hostile/MANIFEST.tsv"), "r");
    if (!f) return;
    char line[1024];
    while (fgets(line, sizeof line, f) && n_entries < 256) {
        if (line[0] == '#' || line[0] == '\n') continue;
        struct entry *e = &entries[n_entries];
        char *save = NULL;
        char *file = strtok_r(line, "\t", &save);
        char *as = strtok_r(NULL, "\t", &save);
        char *expect = strtok_r(NULL, "\t", &save);
        char *pass = strtok_r(NULL, "\t", &save);
        if (!file || !as || !expect || !pass) continue;
        snprintf(e->file, sizeof e->file, "%s", file);
        snprintf(e->as, sizeof e->as, "%s", as);
        snprintf(e->expect, sizeof e->expect, "%s", expect);
        snprintf(e->pass, sizeof e->pass, "%s", strcmp(pass, "-") == 0 ? "" : pass);
        char rel[256];
        snprintf(rel, sizeof rel, "tests/data/hostile/%s", file);
        e->data = read_file(repo(rel), &e->len);
        if (e->data) n_entries++;
    }
    fclose(f);
}

static void free_corpus(void) {
    for (size_t i = 0; i < n_entries; i++) free(entries[i].data);
    n_entries = 0;
}

static int is_pem(const struct entry *e) {
    static const char begin[] = "-----BEGIN ";
    for (size_t i = 0; i + 11 <= e->len; i++) {
        if (memcmp(e->data + i, begin, 11) == 0) return 1;
    }
    return 0;
}

static sslkit_result expected_code(const char *expect, int *any) {
    *any = strcmp(expect, "any") == 0;
    if (strcmp(expect, "ok") == 0) return SSLKIT_OK;
    if (strcmp(expect, "Parse") == 0) return SSLKIT_ERR_PARSE;
    if (strcmp(expect, "InvalidInput") == 0) return SSLKIT_ERR_INVALID_INPUT;
    if (strcmp(expect, "Unsupported") == 0) return SSLKIT_ERR_UNSUPPORTED;
    if (strcmp(expect, "PassphraseRequired") == 0) return SSLKIT_ERR_PASSPHRASE_REQUIRED;
    if (strcmp(expect, "WrongPassphrase") == 0) return SSLKIT_ERR_WRONG_PASSPHRASE;
    return SSLKIT_ERR_INTERNAL;
}

/* A result an input may give: success or one of the table's input errors. */
static int input_result(sslkit_result rc) {
    return rc == SSLKIT_OK || rc == SSLKIT_ERR_PARSE || rc == SSLKIT_ERR_INVALID_INPUT ||
           rc == SSLKIT_ERR_UNSUPPORTED || rc == SSLKIT_ERR_PASSPHRASE_REQUIRED ||
           rc == SSLKIT_ERR_WRONG_PASSPHRASE;
}

static void report(const struct entry *e, const char *reader, sslkit_result rc) {
    char what[512];
    snprintf(what, sizeof what, "%s: %s gave %s", e->file, reader, sslkit_result_name(rc));
    harness_fail(__FILE__, __LINE__, what);
}

#define READER(e, name, expr)                                                                 \
    do {                                                                                      \
        sslkit_result rc_ = (expr);                                                           \
        harness_checks++;                                                                     \
        if (!input_result(rc_)) report((e), (name), rc_);                                     \
    } while (0)

static void test_corpus_gives_expected_results(void) {
    load_corpus();
    REQUIRE(n_entries >= 60);
    for (size_t i = 0; i < n_entries; i++) {
        const struct entry *e = &entries[i];
        const uint8_t *pass = e->pass[0] ? (const uint8_t *)e->pass : NULL;
        size_t pass_len = strlen(e->pass);
        int pem = is_pem(e);
        sslkit_result rc;
        if (strcmp(e->as, "cert") == 0) {
            sslkit_cert *c = NULL;
            rc = pem ? sslkit_cert_from_pem(e->data, e->len, &c)
                     : sslkit_cert_from_der(e->data, e->len, &c);
            sslkit_cert_free(c);
        } else if (strcmp(e->as, "csr") == 0) {
            sslkit_csr *c = NULL;
            rc = pem ? sslkit_csr_from_pem(e->data, e->len, &c)
                     : sslkit_csr_from_der(e->data, e->len, &c);
            sslkit_csr_free(c);
        } else if (strcmp(e->as, "key") == 0) {
            sslkit_key *k = NULL;
            rc = pem ? sslkit_key_from_pem(e->data, e->len, pass, pass_len, &k)
                     : sslkit_key_from_der(e->data, e->len, pass, pass_len, &k);
            sslkit_key_free(k);
        } else if (strcmp(e->as, "bundle") == 0) {
            sslkit_certs *cs = NULL;
            rc = sslkit_certs_from_pem(e->data, e->len, &cs);
            sslkit_certs_free(cs);
        } else { /* public: sslkit_modulus reads public keys (and everything else) */
            sslkit_bytes out = {NULL, 0};
            rc = sslkit_modulus(e->data, e->len, NULL, 0, &out);
            sslkit_bytes_free(&out);
        }
        int any;
        sslkit_result want = expected_code(e->expect, &any);
        harness_checks++;
        if (any ? !input_result(rc) : rc != want) {
            char what[512];
            snprintf(what, sizeof what, "%s read as %s gave %s, expected %s", e->file, e->as,
                     sslkit_result_name(rc), e->expect);
            harness_fail(__FILE__, __LINE__, what);
        }
        /* A failure leaves a message, never one that is empty. */
        if (rc != SSLKIT_OK) CHECK(last_error()[0] != '\0');
    }
}

static void exercise_cert(const struct entry *e, sslkit_cert *c, sslkit_key *k) {
    sslkit_bytes b = {NULL, 0};
    READER(e, "cert_text", sslkit_cert_text(c, &b));
    sslkit_bytes_free(&b);
    b = (sslkit_bytes){NULL, 0};
    READER(e, "cert_subject", sslkit_cert_subject(c, &b));
    sslkit_bytes_free(&b);
    size_t n = 0;
    if (sslkit_cert_san_count(c, &n) == SSLKIT_OK) {
        for (size_t i = 0; i < n && i < 50; i++) {
            b = (sslkit_bytes){NULL, 0};
            READER(e, "cert_san", sslkit_cert_san(c, i, &b));
            sslkit_bytes_free(&b);
        }
    }
    sslkit_result host = sslkit_cert_check_host(c, "hostile.test");
    CHECK(host == SSLKIT_OK || host == SSLKIT_ERR_VERIFICATION || input_result(host));
    b = (sslkit_bytes){NULL, 0};
    sslkit_result v = sslkit_chain_verify(c, NULL, 0, e->data, e->len, "hostile.test", 1800000000,
                                          &b);
    sslkit_bytes_free(&b);
    CHECK(v == SSLKIT_OK || v == SSLKIT_ERR_VERIFICATION || v == SSLKIT_ERR_CHAIN_INCOMPLETE ||
          input_result(v));
    b = (sslkit_bytes){NULL, 0};
    sslkit_result a = sslkit_chain_assemble(c, e->data, e->len, true, &b);
    sslkit_bytes_free(&b);
    CHECK(a == SSLKIT_OK || a == SSLKIT_ERR_CHAIN_INCOMPLETE || a == SSLKIT_ERR_VERIFICATION ||
          input_result(a));
    if (k) {
        sslkit_result m = sslkit_key_matches_cert(k, c);
        CHECK(m == SSLKIT_OK || m == SSLKIT_ERR_KEY_MISMATCH);
    }
}

static void test_every_reader_on_every_file(void) {
    load_corpus();
    for (size_t i = 0; i < n_entries; i++) {
        const struct entry *e = &entries[i];
        const uint8_t *passes[3] = {NULL, (const uint8_t *)e->pass, (const uint8_t *)"wrong"};
        size_t lens[3] = {0, strlen(e->pass), 5};
        sslkit_key *key = NULL;
        for (int p = 0; p < 3; p++) {
            sslkit_key *k = NULL;
            READER(e, "key_from_pem", sslkit_key_from_pem(e->data, e->len, passes[p], lens[p], &k));
            if (k && !key) key = k; else sslkit_key_free(k);
            k = NULL;
            READER(e, "key_from_der", sslkit_key_from_der(e->data, e->len, passes[p], lens[p], &k));
            sslkit_key_free(k);
            sslkit_bytes m = {NULL, 0};
            READER(e, "modulus", sslkit_modulus(e->data, e->len, passes[p], lens[p], &m));
            sslkit_bytes_free(&m);
        }
        if (key) {
            sslkit_bytes b = {NULL, 0};
            READER(e, "key_public_to_pem", sslkit_key_public_to_pem(key, &b));
            sslkit_bytes_free(&b);
        }
        sslkit_cert *c = NULL;
        READER(e, "cert_from_pem", sslkit_cert_from_pem(e->data, e->len, &c));
        if (c) exercise_cert(e, c, key);
        sslkit_cert_free(c);
        c = NULL;
        READER(e, "cert_from_der", sslkit_cert_from_der(e->data, e->len, &c));
        if (c) exercise_cert(e, c, key);
        sslkit_cert_free(c);
        sslkit_csr *r = NULL;
        READER(e, "csr_from_pem", sslkit_csr_from_pem(e->data, e->len, &r));
        if (r) {
            sslkit_bytes b = {NULL, 0};
            READER(e, "csr_text", sslkit_csr_text(r, &b));
            sslkit_bytes_free(&b);
        }
        sslkit_csr_free(r);
        r = NULL;
        READER(e, "csr_from_der", sslkit_csr_from_der(e->data, e->len, &r));
        sslkit_csr_free(r);
        sslkit_certs *cs = NULL;
        READER(e, "certs_from_pem", sslkit_certs_from_pem(e->data, e->len, &cs));
        if (cs) {
            size_t n = 0;
            CHECK_OK(sslkit_certs_count(cs, &n));
            if (n > 0) {
                sslkit_cert *leaf = NULL;
                CHECK_OK(sslkit_certs_get(cs, 0, &leaf));
                if (leaf && key) {
                    sslkit_bytes report_ = {NULL, 0};
                    size_t errs = 0;
                    sslkit_result chk = sslkit_check(key, leaf, e->data, e->len, NULL, 0,
                                                     "hostile.test", 1800000000, &report_, &errs);
                    CHECK(input_result(chk) || chk == SSLKIT_ERR_VERIFICATION);
                    sslkit_bytes_free(&report_);
                }
                sslkit_cert_free(leaf);
            }
        }
        sslkit_certs_free(cs);
        sslkit_bytes b = {NULL, 0};
        READER(e, "pem_to_der", sslkit_pem_to_der(e->data, e->len, &b));
        sslkit_bytes_free(&b);
        b = (sslkit_bytes){NULL, 0};
        READER(e, "der_to_pem", sslkit_der_to_pem(e->data, e->len, &b));
        sslkit_bytes_free(&b);
        sslkit_key_free(key);
    }
    free_corpus();
}

static void test_certificate_truncated_at_every_length(void) {
    size_t pem_len = 0;
    uint8_t *pem = read_file(repo("tests/data/hostile/base-cert.pem"), &pem_len);
    REQUIRE(pem != NULL);
    sslkit_bytes der = {NULL, 0};
    CHECK_OK(sslkit_pem_to_der(pem, pem_len, &der));
    sslkit_cert *c = NULL;
    CHECK_OK(sslkit_cert_from_der(der.data, der.len, &c));
    sslkit_cert_free(c);
    int wrong = 0;
    for (size_t cut = 0; cut < der.len; cut++) {
        /* A copy of exactly `cut` bytes, so valgrind sees any read past the end. */
        uint8_t *part = malloc(cut ? cut : 1);
        memcpy(part, der.data, cut);
        c = NULL;
        sslkit_result rc = sslkit_cert_from_der(cut ? part : (const uint8_t *)"", cut, &c);
        wrong += rc != SSLKIT_ERR_PARSE || c != NULL;
        free(part);
    }
    for (size_t cut = 0; cut + 1 < pem_len; cut++) {
        uint8_t *part = malloc(cut ? cut : 1);
        memcpy(part, pem, cut);
        c = NULL;
        sslkit_result rc = sslkit_cert_from_pem(cut ? part : (const uint8_t *)"", cut, &c);
        wrong += rc != SSLKIT_ERR_PARSE || c != NULL;
        free(part);
    }
    harness_checks++;
    if (wrong) harness_fail(__FILE__, __LINE__, "a truncated certificate was not SSLKIT_ERR_PARSE");
    printf("# %zu DER and %zu PEM truncations: all SSLKIT_ERR_PARSE\n", der.len, pem_len - 1);
    sslkit_bytes_free(&der);
    free(pem);
}

static void test_input_size_cap(void) {
    CHECK(sslkit_max_input_size() == SSLKIT_MAX_INPUT_SIZE);
    size_t pem_len = 0;
    uint8_t *pem = read_file(repo("tests/data/hostile/base-cert.pem"), &pem_len);
    REQUIRE(pem != NULL);
    /* The certificate after junk text, 2000 and 2001 bytes in all. */
    uint8_t *buf = malloc(2001);
    memset(buf, '#', 2001);
    buf[2000 - pem_len - 1] = '\n';
    memcpy(buf + 2000 - pem_len, pem, pem_len);
    CHECK(sslkit_set_max_input_size(2000) == SSLKIT_MAX_INPUT_SIZE);
    CHECK(sslkit_max_input_size() == 2000);
    sslkit_cert *c = NULL;
    CHECK_OK(sslkit_cert_from_pem(buf, 2000, &c));
    sslkit_cert_free(c);
    /* Shift by one: 2001 bytes. */
    memmove(buf + 1, buf, 2000);
    buf[0] = '#';
    c = NULL;
    CHECK_RC(sslkit_cert_from_pem(buf, 2001, &c), SSLKIT_ERR_INVALID_INPUT);
    CHECK(c == NULL);
    CHECK_MSG("2000 bytes");
    CHECK(sslkit_set_max_input_size(0) == 2000); /* 0 restores the default */
    CHECK(sslkit_max_input_size() == SSLKIT_MAX_INPUT_SIZE);
    CHECK_OK(sslkit_cert_from_pem(buf, 2001, &c));
    sslkit_cert_free(c);
    free(buf);
    free(pem);
}

int main(int argc, char **argv) {
    harness_init(argc, argv);
    RUN(test_corpus_gives_expected_results);
    RUN(test_every_reader_on_every_file);
    RUN(test_certificate_truncated_at_every_length);
    RUN(test_input_size_cap);
    return harness_finish();
}
