/* Chains: assembly for SSLCertificateChainFile, verification, certificate lists. */
#define _DEFAULT_SOURCE
#include "harness.h"

#include <time.h>

/* A root, an intermediate (pathlen 0) and a leaf for www.foo.dom, plus an unrelated
 * self-signed certificate and another root. */
static sslkit_key *root_key, *inter_key, *leaf_key, *other_key;
static sslkit_cert *root, *inter, *leaf, *unrelated, *other_root;
static sslkit_bytes root_pem, inter_pem, leaf_pem, unrelated_pem, other_root_pem;

static int setup(void) {
    sslkit_key **keys[] = {&root_key, &inter_key, &leaf_key, &other_key};
    for (size_t i = 0; i < 4; i++) {
        if (sslkit_key_generate(SSLKIT_KEY_EC_P256, 0, keys[i]) != SSLKIT_OK) return 0;
    }
    sslkit_csr *csr = NULL;
    int ok = sslkit_ca_create_root(root_key, "/O=Example/CN=Example Root CA", 0, &root) ==
                 SSLKIT_OK &&
             sslkit_ca_create_intermediate(root, root_key, inter_key,
                                           "/O=Example/CN=Example Intermediate CA", 0, 0,
                                           &inter) == SSLKIT_OK &&
             sslkit_csr_create(leaf_key, "/CN=www.foo.dom", NULL, 0, &csr) == SSLKIT_OK &&
             sslkit_ca_sign_csr(inter, inter_key, csr, 0, SSLKIT_PROFILE_SERVER, &leaf) ==
                 SSLKIT_OK &&
             sslkit_cert_self_signed(other_key, "/CN=unrelated.example", NULL, 0, 1,
                                     &unrelated) == SSLKIT_OK &&
             sslkit_ca_create_root(other_key, "/CN=Other Root CA", 0, &other_root) == SSLKIT_OK &&
             sslkit_cert_to_pem(root, &root_pem) == SSLKIT_OK &&
             sslkit_cert_to_pem(inter, &inter_pem) == SSLKIT_OK &&
             sslkit_cert_to_pem(leaf, &leaf_pem) == SSLKIT_OK &&
             sslkit_cert_to_pem(unrelated, &unrelated_pem) == SSLKIT_OK &&
             sslkit_cert_to_pem(other_root, &other_root_pem) == SSLKIT_OK;
    sslkit_csr_free(csr);
    return ok && write_bytes(work("root.pem"), root_pem) && write_bytes(work("leaf.pem"), leaf_pem);
}

static void teardown(void) {
    sslkit_bytes *all[] = {&root_pem, &inter_pem, &leaf_pem, &unrelated_pem, &other_root_pem};
    for (size_t i = 0; i < 5; i++) sslkit_bytes_free(all[i]);
    sslkit_cert_free(root);
    sslkit_cert_free(inter);
    sslkit_cert_free(leaf);
    sslkit_cert_free(unrelated);
    sslkit_cert_free(other_root);
    sslkit_key_free(root_key);
    sslkit_key_free(inter_key);
    sslkit_key_free(leaf_key);
    sslkit_key_free(other_key);
}

/* Concatenates PEM texts (NULL-terminated list); the caller frees the result. */
static char *cat(const sslkit_bytes *first, ...) {
    size_t total = 0;
    va_list ap;
    va_start(ap, first);
    for (const sslkit_bytes *b = first; b; b = va_arg(ap, const sslkit_bytes *)) total += b->len;
    va_end(ap);
    char *out = malloc(total + 1), *p = out;
    if (!out) return NULL;
    va_start(ap, first);
    for (const sslkit_bytes *b = first; b; b = va_arg(ap, const sslkit_bytes *)) {
        memcpy(p, b->data, b->len);
        p += b->len;
    }
    va_end(ap);
    *p = 0;
    return out;
}

/* The subjects of the certificates in a PEM text, joined by " | ". */
static const char *subjects(const sslkit_bytes *pem) {
    static char out[1024];
    out[0] = 0;
    sslkit_certs *certs = NULL;
    size_t n = 0;
    if (sslkit_certs_from_pem(pem->data, pem->len, &certs) != SSLKIT_OK ||
        sslkit_certs_count(certs, &n) != SSLKIT_OK) {
        sslkit_certs_free(certs);
        return "(unreadable)";
    }
    for (size_t i = 0; i < n; i++) {
        sslkit_cert *c = NULL;
        sslkit_bytes s = {0};
        if (sslkit_certs_get(certs, i, &c) == SSLKIT_OK && sslkit_cert_subject(c, &s) == SSLKIT_OK) {
            if (i) strncat(out, " | ", sizeof out - strlen(out) - 1);
            strncat(out, STR(s), sizeof out - strlen(out) - 1);
        }
        sslkit_bytes_free(&s);
        sslkit_cert_free(c);
    }
    sslkit_certs_free(certs);
    return out;
}

#define LEAF "CN=www.foo.dom"
#define INTER "CN=Example Intermediate CA,O=Example"
#define ROOT "CN=Example Root CA,O=Example"

static void test_assemble(void) {
    /* An unordered pool with duplicates, an unrelated certificate and the root mixed in. */
    char *pool = cat(&unrelated_pem, &root_pem, &inter_pem, &unrelated_pem, &inter_pem, NULL);
    REQUIRE(pool != NULL);
    sslkit_bytes chain = GARBAGE_BYTES;
    REQUIRE_OK(sslkit_chain_assemble(leaf, (const uint8_t *)pool, strlen(pool), false, &chain));
    CHECK(strcmp(subjects(&chain), LEAF " | " INTER) == 0);
    /* openssl verifies the leaf with what sslkit put in the chain file. */
    REQUIRE(write_bytes(work("chain.pem"), chain));
    CHECK(sh("openssl verify -CAfile '%s' -untrusted '%s' '%s'", work("root.pem"),
             work("chain.pem"), work("leaf.pem")) == 0);
    sslkit_bytes_free(&chain);
    REQUIRE_OK(sslkit_chain_assemble(leaf, (const uint8_t *)pool, strlen(pool), true, &chain));
    CHECK(strcmp(subjects(&chain), LEAF " | " INTER " | " ROOT) == 0);
    sslkit_bytes_free(&chain);
    free(pool);

    /* A self-signed certificate is its own chain, with an empty pool (NULL, 0). */
    REQUIRE_OK(sslkit_chain_assemble(unrelated, NULL, 0, true, &chain));
    CHECK(strcmp(subjects(&chain), "CN=unrelated.example") == 0);
    sslkit_bytes_free(&chain);

    /* With explicit roots. */
    REQUIRE_OK(sslkit_chain_assemble_with_roots(leaf, inter_pem.data, inter_pem.len,
                                                root_pem.data, root_pem.len, true, &chain));
    CHECK(strcmp(subjects(&chain), LEAF " | " INTER " | " ROOT) == 0);
    sslkit_bytes_free(&chain);
    REQUIRE_OK(sslkit_chain_assemble_with_roots(leaf, inter_pem.data, inter_pem.len,
                                                root_pem.data, root_pem.len, false, &chain));
    CHECK(strcmp(subjects(&chain), LEAF " | " INTER) == 0);
    sslkit_bytes_free(&chain);
}

static void test_assemble_incomplete(void) {
    /* The intermediate is missing: the error names it. */
    char *pool = cat(&root_pem, &unrelated_pem, NULL);
    REQUIRE(pool != NULL);
    sslkit_bytes chain = GARBAGE_BYTES;
    CHECK_RC(sslkit_chain_assemble(leaf, (const uint8_t *)pool, strlen(pool), false, &chain),
             SSLKIT_ERR_CHAIN_INCOMPLETE);
    CHECK(IS_EMPTY(chain));
    CHECK_MSG("Example Intermediate CA");
    free(pool);
    CHECK_RC(sslkit_chain_assemble(leaf, NULL, 0, false, &chain), SSLKIT_ERR_CHAIN_INCOMPLETE);
    CHECK_RC(sslkit_chain_assemble_with_roots(leaf, inter_pem.data, inter_pem.len,
                                              other_root_pem.data, other_root_pem.len, false,
                                              &chain),
             SSLKIT_ERR_CHAIN_INCOMPLETE);
    CHECK_MSG("Example Root CA");
    CHECK(IS_EMPTY(chain));
    /* A pool that is not PEM. */
    CHECK_RC(sslkit_chain_assemble(leaf, PASS("-----BEGIN CERTIFICATE-----\nnot base64\n"
                                              "-----END CERTIFICATE-----\n"),
                                   false, &chain),
             SSLKIT_ERR_PARSE);
    CHECK_RC(sslkit_chain_assemble(leaf, PASS("just text"), false, &chain), SSLKIT_ERR_PARSE);

    /* NULL arguments. */
    chain = (sslkit_bytes)GARBAGE_BYTES;
    CHECK_NULL_ARG(sslkit_chain_assemble(NULL, NULL, 0, false, &chain), "sslkit_chain_assemble");
    CHECK(IS_EMPTY(chain));
    CHECK_NULL_ARG(sslkit_chain_assemble(leaf, NULL, 10, false, &chain),
                   "sslkit_chain_assemble");
    CHECK_MSG("`pool_pem`");
    CHECK_NULL_ARG(sslkit_chain_assemble(leaf, NULL, 0, false, NULL), "sslkit_chain_assemble");
    CHECK_NULL_ARG(sslkit_chain_assemble_with_roots(NULL, NULL, 0, NULL, 0, false, &chain),
                   "sslkit_chain_assemble_with_roots");
    CHECK_NULL_ARG(sslkit_chain_assemble_with_roots(leaf, NULL, 1, NULL, 0, false, &chain),
                   "sslkit_chain_assemble_with_roots");
    CHECK_NULL_ARG(sslkit_chain_assemble_with_roots(leaf, NULL, 0, NULL, 1, false, &chain),
                   "sslkit_chain_assemble_with_roots");
    CHECK_MSG("`roots_pem`");
    CHECK_NULL_ARG(sslkit_chain_assemble_with_roots(leaf, NULL, 0, NULL, 0, false, NULL),
                   "sslkit_chain_assemble_with_roots");
}

static void test_verify(void) {
    sslkit_bytes path = GARBAGE_BYTES;
    REQUIRE_OK(sslkit_chain_verify(leaf, inter_pem.data, inter_pem.len, root_pem.data,
                                   root_pem.len, "www.foo.dom", 0, &path));
    CHECK(strcmp(subjects(&path), LEAF " | " INTER " | " ROOT) == 0);
    sslkit_bytes_free(&path);
    /* No host check with host NULL; a pinned time inside the validity. */
    long long now = (long long)time(NULL);
    CHECK_OK(sslkit_chain_verify(leaf, inter_pem.data, inter_pem.len, root_pem.data,
                                 root_pem.len, NULL, now + 86400, &path));
    sslkit_bytes_free(&path);

    /* Wrong host, expired (pinned in 20 years), not yet valid (1 day ago, before the leaf's
     * 5 minute backdating), an untrusted root, a missing intermediate. */
    CHECK_RC(sslkit_chain_verify(leaf, inter_pem.data, inter_pem.len, root_pem.data,
                                 root_pem.len, "www.evil.dom", 0, &path),
             SSLKIT_ERR_VERIFICATION);
    CHECK_MSG("www.evil.dom");
    CHECK(IS_EMPTY(path));
    CHECK_RC(sslkit_chain_verify(leaf, inter_pem.data, inter_pem.len, root_pem.data,
                                 root_pem.len, NULL, now + 20LL * 365 * 86400, &path),
             SSLKIT_ERR_VERIFICATION);
    CHECK_RC(sslkit_chain_verify(leaf, inter_pem.data, inter_pem.len, root_pem.data,
                                 root_pem.len, NULL, now - 86400, &path),
             SSLKIT_ERR_VERIFICATION);
    CHECK_RC(sslkit_chain_verify(leaf, inter_pem.data, inter_pem.len, other_root_pem.data,
                                 other_root_pem.len, NULL, 0, &path),
             SSLKIT_ERR_CHAIN_INCOMPLETE);
    CHECK_RC(sslkit_chain_verify(leaf, NULL, 0, root_pem.data, root_pem.len, NULL, 0, &path),
             SSLKIT_ERR_CHAIN_INCOMPLETE);
    CHECK_MSG("Example Intermediate CA");
    /* A self-signed certificate that is not among the roots. */
    CHECK_RC(sslkit_chain_verify(unrelated, NULL, 0, root_pem.data, root_pem.len, NULL, 0, &path),
             SSLKIT_ERR_VERIFICATION);
    /* No roots at all; roots that are not certificates. */
    CHECK_RC(sslkit_chain_verify(leaf, inter_pem.data, inter_pem.len, root_pem.data, 0, NULL, 0,
                                 &path),
             SSLKIT_ERR_INVALID_INPUT);
    CHECK_RC(sslkit_chain_verify(leaf, inter_pem.data, inter_pem.len, PASS("nope"), NULL, 0,
                                 &path),
             SSLKIT_ERR_PARSE);
    CHECK(IS_EMPTY(path));

    /* NULL arguments. */
    CHECK_NULL_ARG(sslkit_chain_verify(NULL, NULL, 0, root_pem.data, root_pem.len, NULL, 0, &path),
                   "sslkit_chain_verify");
    CHECK_NULL_ARG(sslkit_chain_verify(leaf, NULL, 5, root_pem.data, root_pem.len, NULL, 0, &path),
                   "sslkit_chain_verify");
    CHECK_NULL_ARG(sslkit_chain_verify(leaf, NULL, 0, NULL, 0, NULL, 0, &path),
                   "sslkit_chain_verify");
    CHECK_MSG("`roots_pem`");
    CHECK_NULL_ARG(sslkit_chain_verify(leaf, NULL, 0, root_pem.data, root_pem.len, NULL, 0, NULL),
                   "sslkit_chain_verify");
}

static void test_certs(void) {
    char *bundle = cat(&leaf_pem, &inter_pem, &root_pem, NULL);
    REQUIRE(bundle != NULL);
    /* Text and other PEM blocks around the certificates are skipped. */
    size_t blen = strlen(bundle) + 200;
    char *noisy = malloc(blen);
    REQUIRE(noisy != NULL);
    snprintf(noisy, blen, "# the chain\n%s-----BEGIN FOO-----\nAAAA\n-----END FOO-----\n", bundle);
    sslkit_certs *certs = SENTINEL;
    REQUIRE_OK(sslkit_certs_from_pem((const uint8_t *)noisy, strlen(noisy), &certs));
    free(noisy);
    size_t n = 0;
    CHECK_OK(sslkit_certs_count(certs, &n));
    CHECK(n == 3);
    sslkit_bytes all = {0};
    CHECK_OK(sslkit_certs_to_pem(certs, &all));
    CHECK(all.data && strcmp(STR(all), bundle) == 0);
    sslkit_bytes_free(&all);
    free(bundle);

    /* Certificates taken out of the list outlive it. */
    sslkit_cert *first = SENTINEL, *last = NULL, *none = SENTINEL;
    CHECK_OK(sslkit_certs_get(certs, 0, &first));
    CHECK_OK(sslkit_certs_get(certs, 2, &last));
    CHECK_RC(sslkit_certs_get(certs, 3, &none), SSLKIT_ERR_INVALID_INPUT);
    CHECK(none == NULL);
    CHECK_MSG("out of range");
    sslkit_certs_free(certs);
    sslkit_bytes s = {0};
    CHECK_OK(sslkit_cert_subject(first, &s));
    CHECK(s.data && strcmp(STR(s), LEAF) == 0);
    sslkit_bytes_free(&s);
    CHECK_OK(sslkit_cert_subject(last, &s));
    CHECK(s.data && strcmp(STR(s), ROOT) == 0);
    sslkit_bytes_free(&s);
    sslkit_cert_free(first);
    sslkit_cert_free(last);

    /* One DER certificate is a list of one. */
    sslkit_bytes der = {0};
    REQUIRE_OK(sslkit_cert_to_der(root, &der));
    REQUIRE_OK(sslkit_certs_from_pem(der.data, der.len, &certs));
    CHECK_OK(sslkit_certs_count(certs, &n));
    CHECK(n == 1);
    sslkit_certs_free(certs);
    sslkit_bytes_free(&der);

    /* No certificate in the input. */
    certs = SENTINEL;
    CHECK_RC(sslkit_certs_from_pem(PASS("-----BEGIN FOO-----\nAAAA\n-----END FOO-----\n"),
                                   &certs),
             SSLKIT_ERR_PARSE);
    CHECK(certs == NULL);
    CHECK_RC(sslkit_certs_from_pem(PASS("garbage"), &certs), SSLKIT_ERR_PARSE);

    /* NULL arguments. */
    certs = SENTINEL;
    CHECK_NULL_ARG(sslkit_certs_from_pem(NULL, 0, &certs), "sslkit_certs_from_pem");
    CHECK(certs == NULL);
    CHECK_NULL_ARG(sslkit_certs_from_pem(root_pem.data, root_pem.len, NULL),
                   "sslkit_certs_from_pem");
    REQUIRE_OK(sslkit_certs_from_pem(root_pem.data, root_pem.len, &certs));
    n = 9;
    CHECK_NULL_ARG(sslkit_certs_count(NULL, &n), "sslkit_certs_count");
    CHECK(n == 0);
    CHECK_NULL_ARG(sslkit_certs_count(certs, NULL), "sslkit_certs_count");
    none = SENTINEL;
    CHECK_NULL_ARG(sslkit_certs_get(NULL, 0, &none), "sslkit_certs_get");
    CHECK(none == NULL);
    CHECK_NULL_ARG(sslkit_certs_get(certs, 0, NULL), "sslkit_certs_get");
    sslkit_bytes b = GARBAGE_BYTES;
    CHECK_NULL_ARG(sslkit_certs_to_pem(NULL, &b), "sslkit_certs_to_pem");
    CHECK(IS_EMPTY(b));
    CHECK_NULL_ARG(sslkit_certs_to_pem(certs, NULL), "sslkit_certs_to_pem");
    sslkit_certs_free(certs);
}

/* sslkit_check: the FAQ's troubleshooting. A good set has no error; a wrong key, a missing
 * intermediate and a reversed chain each give their finding; NULL arguments are refused. */
static void test_check(void) {
    sslkit_bytes report = {0};
    size_t errors = 99;
    char *good_chain = cat(&inter_pem, NULL);
    char *reversed = cat(&root_pem, &inter_pem, NULL);
    REQUIRE(good_chain && reversed);
    /* the good set, the root given as the clients' trust anchor */
    CHECK_OK(sslkit_check(leaf_key, leaf, (const uint8_t *)good_chain, strlen(good_chain),
                          root_pem.data, root_pem.len, "www.foo.dom", 0, &report, &errors));
    CHECK(errors == 0);
    CHECK(report.data != NULL && strstr((const char *)report.data, "\terror\t") == NULL);
    sslkit_bytes_free(&report);
    /* the wrong key */
    CHECK_OK(sslkit_check(other_key, leaf, (const uint8_t *)good_chain, strlen(good_chain),
                          root_pem.data, root_pem.len, NULL, 0, &report, &errors));
    CHECK(errors == 1);
    CHECK(strstr((const char *)report.data, "error\tkey-mismatch\t") != NULL);
    sslkit_bytes_free(&report);
    /* the intermediate missing */
    CHECK_OK(sslkit_check(leaf_key, leaf, NULL, 0, root_pem.data, root_pem.len, NULL, 0, &report,
                          &errors));
    CHECK(errors >= 1);
    CHECK(strstr((const char *)report.data, "error\tchain-missing-intermediate\t") != NULL);
    sslkit_bytes_free(&report);
    /* the chain reversed (root first) */
    CHECK_OK(sslkit_check(NULL, leaf, (const uint8_t *)reversed, strlen(reversed), NULL, 0, NULL,
                          0, &report, &errors));
    CHECK(strstr((const char *)report.data, "error\tchain-wrong-order\t") != NULL);
    CHECK(strstr((const char *)report.data, "warning\tchain-has-root\t") != NULL);
    sslkit_bytes_free(&report);
    /* another host */
    CHECK_OK(sslkit_check(leaf_key, leaf, (const uint8_t *)good_chain, strlen(good_chain),
                          root_pem.data, root_pem.len, "other.test", 0, &report, &errors));
    CHECK(strstr((const char *)report.data, "error\thost-mismatch\t") != NULL);
    sslkit_bytes_free(&report);
    /* NULL where a pointer is required; a bad chain */
    CHECK_NULL_ARG(sslkit_check(leaf_key, NULL, NULL, 0, NULL, 0, NULL, 0, &report, &errors),
                   "sslkit_check");
    CHECK_NULL_ARG(sslkit_check(leaf_key, leaf, NULL, 0, NULL, 0, NULL, 0, NULL, &errors),
                   "sslkit_check");
    CHECK_NULL_ARG(sslkit_check(leaf_key, leaf, NULL, 0, NULL, 0, NULL, 0, &report, NULL),
                   "sslkit_check");
    CHECK_RC(sslkit_check(leaf_key, leaf, (const uint8_t *)"garbage", 7, NULL, 0, NULL, 0,
                          &report, &errors),
             SSLKIT_ERR_PARSE);
    CHECK(report.data == NULL && report.len == 0);
    free(good_chain);
    free(reversed);
}

int main(int argc, char **argv) {
    harness_init(argc, argv);
    if (!setup()) {
        fprintf(stderr, "setup failed: %s\n", last_error());
        return 1;
    }
    RUN(test_assemble);
    RUN(test_assemble_incomplete);
    RUN(test_verify);
    RUN(test_certs);
    RUN(test_check);
    teardown();
    return harness_finish();
}
