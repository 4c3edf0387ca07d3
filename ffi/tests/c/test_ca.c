/* The small CA: roots, intermediates, signing requests under each profile. */
#define _DEFAULT_SOURCE
#include "harness.h"

#include <time.h>

#define DAY 86400LL

static sslkit_key *ec(void) {
    sslkit_key *k = NULL;
    sslkit_key_generate(SSLKIT_KEY_EC_P256, 0, &k);
    return k;
}

static int save_cert(const sslkit_cert *cert, const char *path) {
    sslkit_bytes pem = {0};
    int ok = sslkit_cert_to_pem(cert, &pem) == SSLKIT_OK && write_bytes(path, pem);
    sslkit_bytes_free(&pem);
    return ok;
}

static int is_ca(const sslkit_cert *cert) {
    bool b = false;
    return sslkit_cert_is_ca(cert, &b) == SSLKIT_OK && b;
}

/* The certificate's name (subject or issuer) equals `want`. */
static int name_is(sslkit_result (*fn)(const sslkit_cert *, sslkit_bytes *),
                   const sslkit_cert *cert, const char *want) {
    sslkit_bytes b = {0};
    int same = fn(cert, &b) == SSLKIT_OK && strcmp(STR(b), want) == 0;
    sslkit_bytes_free(&b);
    return same;
}

static void test_root_intermediate_leaf(void) {
    sslkit_key *root_key = ec(), *inter_key = ec(), *leaf_key = ec();
    REQUIRE(root_key && inter_key && leaf_key);
    long long now = (long long)time(NULL);

    sslkit_cert *root = SENTINEL;
    REQUIRE_OK(sslkit_ca_create_root(root_key, "/O=Example/CN=Example Root CA", 0, &root));
    CHECK(is_ca(root));
    CHECK(name_is(sslkit_cert_subject, root, "CN=Example Root CA,O=Example"));
    CHECK(name_is(sslkit_cert_issuer, root, "CN=Example Root CA,O=Example"));
    CHECK_OK(sslkit_key_matches_cert(root_key, root));
    int64_t na = 0;
    CHECK_OK(sslkit_cert_not_after(root, &na));
    CHECK(na >= now + 3650 * DAY - 60 && na <= now + 3650 * DAY + 60); /* CA default */

    sslkit_cert *inter = SENTINEL;
    REQUIRE_OK(sslkit_ca_create_intermediate(root, root_key, inter_key,
                                             "CN=Example Intermediate CA,O=Example", 0, 0, &inter));
    CHECK(is_ca(inter));
    CHECK(name_is(sslkit_cert_issuer, inter, "CN=Example Root CA,O=Example"));
    CHECK_OK(sslkit_key_matches_cert(inter_key, inter));
    CHECK_OK(sslkit_cert_not_after(inter, &na));
    CHECK(na >= now + 1825 * DAY - 60 && na <= now + 1825 * DAY + 60);

    const char *sans[] = {"DNS:www.foo.dom", "DNS:foo.dom"};
    sslkit_csr *csr = NULL;
    REQUIRE_OK(sslkit_csr_create(leaf_key, "/CN=www.foo.dom", sans, 2, &csr));
    sslkit_cert *leaf = SENTINEL;
    REQUIRE_OK(sslkit_ca_sign_csr(inter, inter_key, csr, 0, SSLKIT_PROFILE_SERVER, &leaf));
    CHECK(!is_ca(leaf));
    CHECK(name_is(sslkit_cert_issuer, leaf, "CN=Example Intermediate CA,O=Example"));
    CHECK(name_is(sslkit_cert_subject, leaf, "CN=www.foo.dom"));
    CHECK_OK(sslkit_key_matches_cert(leaf_key, leaf));
    CHECK_RC(sslkit_key_matches_cert(inter_key, leaf), SSLKIT_ERR_KEY_MISMATCH);
    CHECK_OK(sslkit_cert_not_after(leaf, &na));
    CHECK(na >= now + 365 * DAY - 60 && na <= now + 365 * DAY + 60);
    size_t n = 0;
    CHECK_OK(sslkit_cert_san_count(leaf, &n));
    CHECK(n == 2); /* the SANs of the request (the CN is among them already) */

    /* openssl verifies the chain, the purpose and the host. */
    REQUIRE(save_cert(root, work("root.pem")) && save_cert(inter, work("inter.pem")) &&
            save_cert(leaf, work("leaf.pem")));
    CHECK(sh("openssl verify -CAfile '%s' -untrusted '%s' -purpose sslserver "
             "-verify_hostname foo.dom '%s'",
             work("root.pem"), work("inter.pem"), work("leaf.pem")) == 0);
    CHECK(strstr(sh_output(), ": OK") != NULL);
    CHECK(sh("openssl verify -CAfile '%s' '%s'", work("root.pem"), work("inter.pem")) == 0);
    CHECK(sh("openssl x509 -in '%s' -noout -ext basicConstraints", work("inter.pem")) == 0);
    CHECK(strstr(sh_output(), "CA:TRUE") != NULL && strstr(sh_output(), "pathlen:0") != NULL);

    /* An intermediate with pathlen 0 signs only leaves. */
    sslkit_key *k2 = ec();
    sslkit_cert *sub = SENTINEL;
    CHECK_RC(sslkit_ca_create_intermediate(inter, inter_key, k2, "/CN=Sub CA",
                                           SSLKIT_PATH_LEN_UNLIMITED, 0, &sub),
             SSLKIT_ERR_INVALID_INPUT);
    CHECK_MSG("pathlen 0");
    CHECK(sub == NULL);
    /* ...while the root may make another, unlimited one. */
    CHECK_OK(sslkit_ca_create_intermediate(root, root_key, k2, "/CN=Other CA",
                                           SSLKIT_PATH_LEN_UNLIMITED, 10, &sub));
    REQUIRE(save_cert(sub, work("sub.pem")));
    CHECK(sh("openssl x509 -in '%s' -noout -ext basicConstraints", work("sub.pem")) == 0);
    CHECK(strstr(sh_output(), "CA:TRUE") != NULL && strstr(sh_output(), "pathlen") == NULL);
    sslkit_cert_free(sub);
    sslkit_key_free(k2);

    sslkit_cert_free(leaf);
    sslkit_csr_free(csr);
    sslkit_cert_free(inter);
    sslkit_cert_free(root);
    sslkit_key_free(root_key);
    sslkit_key_free(inter_key);
    sslkit_key_free(leaf_key);
}

static void test_profiles(void) {
    sslkit_key *ca_key = ec(), *key = ec();
    REQUIRE(ca_key && key);
    sslkit_cert *ca = NULL;
    REQUIRE_OK(sslkit_ca_create_root(ca_key, "/CN=Profile CA", 30, &ca));
    REQUIRE(save_cert(ca, work("pca.pem")));
    sslkit_csr *csr = NULL;
    REQUIRE_OK(sslkit_csr_create(key, "/CN=user.example", NULL, 0, &csr));
    struct {
        sslkit_profile profile;
        const char *eku;    /* expected in the extendedKeyUsage (NULL: none) */
        const char *absent; /* not expected there */
        int ca;
    } cases[] = {
        {SSLKIT_PROFILE_SERVER, "TLS Web Server Authentication", "Client", 0},
        {SSLKIT_PROFILE_CLIENT, "TLS Web Client Authentication", "Server", 0},
        {SSLKIT_PROFILE_SERVER_CLIENT, "TLS Web Server Authentication, TLS Web Client "
                                       "Authentication", NULL, 0},
        {SSLKIT_PROFILE_INTERMEDIATE, NULL, NULL, 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sslkit_cert *cert = NULL;
        REQUIRE_OK(sslkit_ca_sign_csr(ca, ca_key, csr, 7, cases[i].profile, &cert));
        CHECK(is_ca(cert) == cases[i].ca);
        REQUIRE(save_cert(cert, work("p.pem")));
        CHECK(sh("openssl verify -CAfile '%s' '%s'", work("pca.pem"), work("p.pem")) == 0);
        CHECK(sh("openssl x509 -in '%s' -noout -ext extendedKeyUsage,basicConstraints",
                 work("p.pem")) == 0);
        if (cases[i].eku) CHECK(strstr(sh_output(), cases[i].eku) != NULL);
        if (cases[i].absent) CHECK(strstr(sh_output(), cases[i].absent) == NULL);
        if (cases[i].ca) CHECK(strstr(sh_output(), "CA:TRUE") != NULL);
        sslkit_cert_free(cert);
    }
    /* The server profile writes the CN as a SAN. */
    sslkit_cert *server = NULL;
    REQUIRE_OK(sslkit_ca_sign_csr(ca, ca_key, csr, 7, SSLKIT_PROFILE_SERVER, &server));
    sslkit_bytes san = {0};
    CHECK_OK(sslkit_cert_san(server, 0, &san));
    CHECK(san.data && strcmp(STR(san), "DNS:user.example") == 0);
    sslkit_bytes_free(&san);
    CHECK_OK(sslkit_cert_check_host(server, "user.example"));
    sslkit_cert_free(server);

    /* Intermediates from a request, with a path length. */
    sslkit_cert *inter = NULL;
    REQUIRE_OK(sslkit_ca_sign_intermediate_csr(ca, ca_key, csr, 2, 0, &inter));
    CHECK(is_ca(inter));
    REQUIRE(save_cert(inter, work("pi.pem")));
    CHECK(sh("openssl x509 -in '%s' -noout -ext basicConstraints", work("pi.pem")) == 0);
    CHECK(strstr(sh_output(), "pathlen:2") != NULL);
    sslkit_cert_free(inter);
    REQUIRE_OK(sslkit_ca_sign_intermediate_csr(ca, ca_key, csr, SSLKIT_PATH_LEN_UNLIMITED, 0,
                                               &inter));
    CHECK(is_ca(inter));
    sslkit_cert_free(inter);
    inter = SENTINEL;
    CHECK_RC(sslkit_ca_sign_intermediate_csr(ca, ca_key, csr, 256, 0, &inter),
             SSLKIT_ERR_INVALID_INPUT);
    CHECK(inter == NULL);
    CHECK_RC(sslkit_ca_sign_intermediate_csr(ca, ca_key, csr, -2, 0, &inter),
             SSLKIT_ERR_INVALID_INPUT);
    CHECK_RC(sslkit_ca_create_intermediate(ca, ca_key, key, "/CN=x", 300, 0, &inter),
             SSLKIT_ERR_INVALID_INPUT);
    CHECK_MSG("path_len");

    /* A leaf never outlives its CA (30 days): 400 days are clamped. */
    sslkit_cert *longer = NULL;
    REQUIRE_OK(sslkit_ca_sign_csr(ca, ca_key, csr, 400, SSLKIT_PROFILE_CLIENT, &longer));
    int64_t ca_end = 0, leaf_end = 0;
    CHECK_OK(sslkit_cert_not_after(ca, &ca_end));
    CHECK_OK(sslkit_cert_not_after(longer, &leaf_end));
    CHECK(leaf_end <= ca_end);
    sslkit_cert_free(longer);

    sslkit_csr_free(csr);
    sslkit_cert_free(ca);
    sslkit_key_free(ca_key);
    sslkit_key_free(key);
}

static void test_sign_refusals(void) {
    sslkit_key *ca_key = ec(), *other = ec(), *key = ec();
    REQUIRE(ca_key && other && key);
    sslkit_cert *ca = NULL, *leaf_cert = NULL;
    REQUIRE_OK(sslkit_ca_create_root(ca_key, "/CN=Refusing CA", 0, &ca));
    REQUIRE_OK(sslkit_cert_self_signed(key, "/CN=not-a-ca.example", NULL, 0, 1, &leaf_cert));
    sslkit_csr *csr = NULL;
    REQUIRE_OK(sslkit_csr_create(key, "/CN=r.example", NULL, 0, &csr));
    sslkit_cert *out = SENTINEL;

    /* The CA key must belong to the CA certificate. */
    CHECK_RC(sslkit_ca_sign_csr(ca, other, csr, 0, SSLKIT_PROFILE_SERVER, &out),
             SSLKIT_ERR_KEY_MISMATCH);
    CHECK(out == NULL);
    CHECK_RC(sslkit_ca_create_intermediate(ca, other, key, "/CN=i", 0, 0, &out),
             SSLKIT_ERR_KEY_MISMATCH);
    /* The CA certificate must be a CA. */
    CHECK_RC(sslkit_ca_sign_csr(leaf_cert, key, csr, 0, SSLKIT_PROFILE_SERVER, &out),
             SSLKIT_ERR_INVALID_INPUT);
    CHECK_MSG("not a CA");
    /* Unknown profile. */
    CHECK_RC(sslkit_ca_sign_csr(ca, ca_key, csr, 0, (sslkit_profile)4, &out),
             SSLKIT_ERR_INVALID_INPUT);
    CHECK_MSG("sslkit_profile");
    CHECK_RC(sslkit_ca_sign_csr(ca, ca_key, csr, 0, (sslkit_profile)-1, &out),
             SSLKIT_ERR_INVALID_INPUT);
    /* A root needs a subject. */
    CHECK_RC(sslkit_ca_create_root(ca_key, "", 0, &out), SSLKIT_ERR_INVALID_INPUT);
    CHECK(out == NULL);

    /* A request whose signature does not verify is refused. */
    sslkit_bytes der = {0};
    REQUIRE_OK(sslkit_csr_to_der(csr, &der));
    uint8_t *r = find_text(der.data, der.len, "r.example"); /* the CN, in the signed part */
    REQUIRE(r != NULL);
    *r = 'X';
    sslkit_csr *tampered = NULL;
    REQUIRE_OK(sslkit_csr_from_der(der.data, der.len, &tampered));
    CHECK_RC(sslkit_ca_sign_csr(ca, ca_key, tampered, 0, SSLKIT_PROFILE_SERVER, &out),
             SSLKIT_ERR_VERIFICATION);
    CHECK_MSG("refusing to sign");
    CHECK(out == NULL);
    sslkit_csr_free(tampered);
    sslkit_bytes_free(&der);

    /* A request that asks for CA:TRUE (openssl req -addext) gets a leaf all the same. */
    sslkit_bytes kpem = {0};
    REQUIRE_OK(sslkit_key_to_pem(key, NULL, 0, &kpem));
    REQUIRE(write_bytes(work("ca-req.key"), kpem));
    sslkit_bytes_free(&kpem);
    REQUIRE(sh("openssl req -new -key '%s' -subj /CN=sneaky.example -addext "
               "basicConstraints=critical,CA:TRUE -out '%s'",
               work("ca-req.key"), work("ca-req.csr")) == 0);
    size_t len = 0;
    uint8_t *data = read_file(work("ca-req.csr"), &len);
    REQUIRE(data != NULL);
    sslkit_csr *sneaky = NULL;
    REQUIRE_OK(sslkit_csr_from_pem(data, len, &sneaky));
    free(data);
    REQUIRE_OK(sslkit_ca_sign_csr(ca, ca_key, sneaky, 0, SSLKIT_PROFILE_SERVER, &out));
    CHECK(!is_ca(out));
    sslkit_cert_free(out);
    sslkit_csr_free(sneaky);

    /* NULL arguments, each with the out-parameter reset. */
    out = SENTINEL;
    CHECK_NULL_ARG(sslkit_ca_create_root(NULL, "/CN=a", 0, &out), "sslkit_ca_create_root");
    CHECK(out == NULL);
    CHECK_NULL_ARG(sslkit_ca_create_root(ca_key, NULL, 0, &out), "sslkit_ca_create_root");
    CHECK_NULL_ARG(sslkit_ca_create_root(ca_key, "/CN=a", 0, NULL), "sslkit_ca_create_root");
    out = SENTINEL;
    CHECK_NULL_ARG(sslkit_ca_create_intermediate(NULL, ca_key, key, "/CN=i", 0, 0, &out),
                   "sslkit_ca_create_intermediate");
    CHECK(out == NULL);
    CHECK_NULL_ARG(sslkit_ca_create_intermediate(ca, NULL, key, "/CN=i", 0, 0, &out),
                   "sslkit_ca_create_intermediate");
    CHECK_NULL_ARG(sslkit_ca_create_intermediate(ca, ca_key, NULL, "/CN=i", 0, 0, &out),
                   "sslkit_ca_create_intermediate");
    CHECK_NULL_ARG(sslkit_ca_create_intermediate(ca, ca_key, key, NULL, 0, 0, &out),
                   "sslkit_ca_create_intermediate");
    CHECK_NULL_ARG(sslkit_ca_create_intermediate(ca, ca_key, key, "/CN=i", 0, 0, NULL),
                   "sslkit_ca_create_intermediate");
    out = SENTINEL;
    CHECK_NULL_ARG(sslkit_ca_sign_csr(NULL, ca_key, csr, 0, SSLKIT_PROFILE_SERVER, &out),
                   "sslkit_ca_sign_csr");
    CHECK(out == NULL);
    CHECK_NULL_ARG(sslkit_ca_sign_csr(ca, NULL, csr, 0, SSLKIT_PROFILE_SERVER, &out),
                   "sslkit_ca_sign_csr");
    CHECK_NULL_ARG(sslkit_ca_sign_csr(ca, ca_key, NULL, 0, SSLKIT_PROFILE_SERVER, &out),
                   "sslkit_ca_sign_csr");
    CHECK_NULL_ARG(sslkit_ca_sign_csr(ca, ca_key, csr, 0, SSLKIT_PROFILE_SERVER, NULL),
                   "sslkit_ca_sign_csr");
    out = SENTINEL;
    CHECK_NULL_ARG(sslkit_ca_sign_intermediate_csr(NULL, ca_key, csr, 0, 0, &out),
                   "sslkit_ca_sign_intermediate_csr");
    CHECK(out == NULL);
    CHECK_NULL_ARG(sslkit_ca_sign_intermediate_csr(ca, NULL, csr, 0, 0, &out),
                   "sslkit_ca_sign_intermediate_csr");
    CHECK_NULL_ARG(sslkit_ca_sign_intermediate_csr(ca, ca_key, NULL, 0, 0, &out),
                   "sslkit_ca_sign_intermediate_csr");
    CHECK_NULL_ARG(sslkit_ca_sign_intermediate_csr(ca, ca_key, csr, 0, 0, NULL),
                   "sslkit_ca_sign_intermediate_csr");

    sslkit_csr_free(csr);
    sslkit_cert_free(leaf_cert);
    sslkit_cert_free(ca);
    sslkit_key_free(ca_key);
    sslkit_key_free(other);
    sslkit_key_free(key);
}

int main(int argc, char **argv) {
    harness_init(argc, argv);
    RUN(test_root_intermediate_leaf);
    RUN(test_profiles);
    RUN(test_sign_refusals);
    return harness_finish();
}
