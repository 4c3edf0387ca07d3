/* sslkit_chain_verify_with: purposes (a server checking a client certificate, as mod_ssl's
 * SSLVerifyClient does), trust flags (given roots, the system's roots, both), and the checks of
 * its arguments. */
#define _DEFAULT_SOURCE
#include "harness.h"

#include <time.h>
#include <unistd.h>

/* A private root that signs a client certificate (alice) and a server certificate
 * (www.foo.dom) directly, and another root that signs nothing. */
static sslkit_key *root_key, *client_key, *server_key, *other_key;
static sslkit_cert *root, *client, *server, *other_root;
static sslkit_bytes root_pem, client_pem, other_root_pem;

static int setup(void) {
    sslkit_key **keys[] = {&root_key, &client_key, &server_key, &other_key};
    for (size_t i = 0; i < 4; i++) {
        if (sslkit_key_generate(SSLKIT_KEY_EC_P256, 0, keys[i]) != SSLKIT_OK) return 0;
    }
    const char *client_sans[] = {"email:alice@foo.dom"};
    sslkit_csr *client_csr = NULL, *server_csr = NULL;
    int ok =
        sslkit_ca_create_root(root_key, "/O=Example/CN=Example Client CA", 0, &root) ==
            SSLKIT_OK &&
        sslkit_ca_create_root(other_key, "/CN=Other Root CA", 0, &other_root) == SSLKIT_OK &&
        sslkit_csr_create(client_key, "/CN=alice", client_sans, 1, &client_csr) == SSLKIT_OK &&
        sslkit_ca_sign_csr(root, root_key, client_csr, 0, SSLKIT_PROFILE_CLIENT, &client) ==
            SSLKIT_OK &&
        sslkit_csr_create(server_key, "/CN=www.foo.dom", NULL, 0, &server_csr) == SSLKIT_OK &&
        sslkit_ca_sign_csr(root, root_key, server_csr, 0, SSLKIT_PROFILE_SERVER, &server) ==
            SSLKIT_OK &&
        sslkit_cert_to_pem(root, &root_pem) == SSLKIT_OK &&
        sslkit_cert_to_pem(client, &client_pem) == SSLKIT_OK &&
        sslkit_cert_to_pem(other_root, &other_root_pem) == SSLKIT_OK;
    sslkit_csr_free(client_csr);
    sslkit_csr_free(server_csr);
    return ok && write_bytes(work("root.pem"), root_pem) &&
           write_bytes(work("client.pem"), client_pem) &&
           write_bytes(work("other_root.pem"), other_root_pem);
}

static void teardown(void) {
    sslkit_bytes_free(&root_pem);
    sslkit_bytes_free(&client_pem);
    sslkit_bytes_free(&other_root_pem);
    sslkit_cert_free(root);
    sslkit_cert_free(client);
    sslkit_cert_free(server);
    sslkit_cert_free(other_root);
    sslkit_key_free(root_key);
    sslkit_key_free(client_key);
    sslkit_key_free(server_key);
    sslkit_key_free(other_key);
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

#define CLIENT "CN=alice"
#define SERVER "CN=www.foo.dom"
#define ROOT "CN=Example Client CA,O=Example"
#define GIVEN SSLKIT_TRUST_GIVEN
#define SYSTEM SSLKIT_TRUST_SYSTEM

/* A client certificate (extendedKeyUsage clientAuth) is refused as a server certificate, with
 * the rule and both purposes named; the old sslkit_chain_verify says the same. */
static void test_client_cert_for_server_purpose(void) {
    sslkit_bytes path = GARBAGE_BYTES;
    CHECK_RC(sslkit_chain_verify_with(client, NULL, 0, root_pem.data, root_pem.len, GIVEN,
                                      SSLKIT_PURPOSE_SERVER, NULL, 0, &path),
             SSLKIT_ERR_VERIFICATION);
    CHECK(IS_EMPTY(path));
    CHECK_MSG("serverAuth");
    CHECK_MSG("clientAuth");
    CHECK_MSG("[rule eku-purpose]");
    CHECK_MSG("certificate 0 'CN=alice'");
    char with[2048];
    snprintf(with, sizeof with, "%s", last_error());
    path = (sslkit_bytes)GARBAGE_BYTES;
    CHECK_RC(sslkit_chain_verify(client, NULL, 0, root_pem.data, root_pem.len, NULL, 0, &path),
             SSLKIT_ERR_VERIFICATION);
    CHECK(IS_EMPTY(path));
    CHECK(strcmp(last_error(), with) == 0);
    /* openssl agrees. */
    CHECK(sh("openssl verify -purpose sslserver -CAfile '%s' '%s'", work("root.pem"),
             work("client.pem")) != 0);
}

/* mod_ssl's SSLVerifyClient: the client certificate verifies for the client purpose, and the
 * path holds it and the root. */
static void test_client_cert_for_client_purpose(void) {
    sslkit_bytes path = GARBAGE_BYTES;
    REQUIRE_OK(sslkit_chain_verify_with(client, NULL, 0, root_pem.data, root_pem.len, GIVEN,
                                        SSLKIT_PURPOSE_CLIENT, NULL, 0, &path));
    CHECK(strcmp(last_error(), "") == 0);
    sslkit_certs *certs = NULL;
    size_t n = 0;
    REQUIRE_OK(sslkit_certs_from_pem(path.data, path.len, &certs));
    CHECK_OK(sslkit_certs_count(certs, &n));
    CHECK(n == 2);
    sslkit_certs_free(certs);
    CHECK(strcmp(subjects(&path), CLIENT " | " ROOT) == 0);
    sslkit_bytes_free(&path);
    /* The root also among the untrusted certificates, a pinned time, DER roots. */
    long long now = (long long)time(NULL);
    CHECK_OK(sslkit_chain_verify_with(client, root_pem.data, root_pem.len, root_pem.data,
                                      root_pem.len, GIVEN, SSLKIT_PURPOSE_CLIENT, NULL,
                                      now + 86400, &path));
    CHECK(strcmp(subjects(&path), CLIENT " | " ROOT) == 0);
    sslkit_bytes_free(&path);
    sslkit_bytes der = {0};
    REQUIRE_OK(sslkit_cert_to_der(root, &der));
    CHECK_OK(sslkit_chain_verify_with(client, NULL, 0, der.data, der.len, GIVEN,
                                      SSLKIT_PURPOSE_CLIENT, NULL, 0, &path));
    sslkit_bytes_free(&path);
    sslkit_bytes_free(&der);
    /* Expired in 20 years; another root. */
    CHECK_RC(sslkit_chain_verify_with(client, NULL, 0, root_pem.data, root_pem.len, GIVEN,
                                      SSLKIT_PURPOSE_CLIENT, NULL, now + 20LL * 365 * 86400,
                                      &path),
             SSLKIT_ERR_VERIFICATION);
    CHECK_MSG("[rule expired]");
    CHECK(IS_EMPTY(path));
    CHECK_RC(sslkit_chain_verify_with(client, NULL, 0, other_root_pem.data, other_root_pem.len,
                                      GIVEN, SSLKIT_PURPOSE_CLIENT, NULL, 0, &path),
             SSLKIT_ERR_CHAIN_INCOMPLETE);
    CHECK_MSG("Example Client CA");
    CHECK(IS_EMPTY(path));
    /* openssl agrees. */
    CHECK(sh("openssl verify -purpose sslclient -CAfile '%s' '%s'", work("root.pem"),
             work("client.pem")) == 0);
}

/* A server certificate verifies for the server purpose with its host name, and not for
 * another host or for the client purpose. */
static void test_server_cert(void) {
    sslkit_bytes path = GARBAGE_BYTES;
    REQUIRE_OK(sslkit_chain_verify_with(server, NULL, 0, root_pem.data, root_pem.len, GIVEN,
                                        SSLKIT_PURPOSE_SERVER, "www.foo.dom", 0, &path));
    CHECK(strcmp(subjects(&path), SERVER " | " ROOT) == 0);
    sslkit_bytes_free(&path);
    path = (sslkit_bytes)GARBAGE_BYTES;
    CHECK_RC(sslkit_chain_verify_with(server, NULL, 0, root_pem.data, root_pem.len, GIVEN,
                                      SSLKIT_PURPOSE_SERVER, "www.evil.dom", 0, &path),
             SSLKIT_ERR_VERIFICATION);
    CHECK(IS_EMPTY(path));
    CHECK_MSG("www.evil.dom");
    CHECK_MSG("[rule host-mismatch]");
    CHECK_RC(sslkit_chain_verify_with(server, NULL, 0, root_pem.data, root_pem.len, GIVEN,
                                      SSLKIT_PURPOSE_CLIENT, NULL, 0, &path),
             SSLKIT_ERR_VERIFICATION);
    CHECK_MSG("[rule eku-purpose]");
    CHECK_MSG("clientAuth");
    CHECK(IS_EMPTY(path));
}

/* trust: 0 and unknown bits are refused; SSLKIT_TRUST_GIVEN needs roots. */
static void test_trust_flags(void) {
    const uint32_t bad[] = {0, 4, GIVEN | 4, GIVEN | SYSTEM | 8, 0x80000000u, UINT32_MAX};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sslkit_bytes path = GARBAGE_BYTES;
        CHECK_RC(sslkit_chain_verify_with(client, NULL, 0, root_pem.data, root_pem.len, bad[i],
                                          SSLKIT_PURPOSE_CLIENT, NULL, 0, &path),
                 SSLKIT_ERR_INVALID_INPUT);
        CHECK(IS_EMPTY(path));
        CHECK(strncmp(last_error(), "sslkit_chain_verify_with: trust ", 32) == 0);
    }
    CHECK_MSG("unknown bits");
    /* SSLKIT_TRUST_GIVEN with roots_pem NULL: SSLKIT_ERR_NULL_ARGUMENT, naming roots_pem. */
    sslkit_bytes path = GARBAGE_BYTES;
    CHECK_NULL_ARG(sslkit_chain_verify_with(client, NULL, 0, NULL, 0, GIVEN,
                                            SSLKIT_PURPOSE_CLIENT, NULL, 0, &path),
                   "sslkit_chain_verify_with");
    CHECK_MSG("`roots_pem`");
    CHECK(IS_EMPTY(path));
    CHECK_NULL_ARG(sslkit_chain_verify_with(client, NULL, 0, NULL, 0, GIVEN | SYSTEM,
                                            SSLKIT_PURPOSE_CLIENT, NULL, 0, &path),
                   "sslkit_chain_verify_with");
    /* ... with an empty list and no system roots: no trust anchor, SSLKIT_ERR_INVALID_INPUT. */
    CHECK_RC(sslkit_chain_verify_with(client, NULL, 0, root_pem.data, 0, GIVEN,
                                      SSLKIT_PURPOSE_CLIENT, NULL, 0, &path),
             SSLKIT_ERR_INVALID_INPUT);
    CHECK_MSG("no trust anchors");
    /* Roots that are not certificates. */
    CHECK_RC(sslkit_chain_verify_with(client, NULL, 0, PASS("nope"), GIVEN,
                                      SSLKIT_PURPOSE_CLIENT, NULL, 0, &path),
             SSLKIT_ERR_PARSE);
    CHECK(IS_EMPTY(path));
}

/* purpose is checked: a value that is no sslkit_purpose is SSLKIT_ERR_INVALID_INPUT. */
static void test_purpose_values(void) {
    const int bad[] = {2, 7, -1, 1000};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sslkit_bytes path = GARBAGE_BYTES;
        CHECK_RC(sslkit_chain_verify_with(client, NULL, 0, root_pem.data, root_pem.len, GIVEN,
                                          (sslkit_purpose)bad[i], NULL, 0, &path),
                 SSLKIT_ERR_INVALID_INPUT);
        CHECK(IS_EMPTY(path));
        CHECK_MSG("sslkit_chain_verify_with: unknown sslkit_purpose value");
    }
}

/* SSLKIT_TRUST_SYSTEM: the system's roots (SSL_CERT_FILE when set); roots_pem is then ignored
 * unless SSLKIT_TRUST_GIVEN is set too. */
static void test_system_trust(void) {
    sslkit_bytes path = GARBAGE_BYTES;
    const char *saved = getenv("SSL_CERT_FILE");
    char *saved_copy = saved ? strdup(saved) : NULL;

    /* The real store (when there is one) does not know the private root; roots_pem is
     * ignored without SSLKIT_TRUST_GIVEN. */
    unsetenv("SSL_CERT_FILE");
    if (access("/etc/ssl/certs/ca-certificates.crt", R_OK) == 0) {
        CHECK_RC(sslkit_chain_verify_with(client, NULL, 0, root_pem.data, root_pem.len, SYSTEM,
                                          SSLKIT_PURPOSE_CLIENT, NULL, 0, &path),
                 SSLKIT_ERR_CHAIN_INCOMPLETE);
        CHECK_MSG("Example Client CA");
        CHECK_MSG("[rule issuer-missing]");
        CHECK(IS_EMPTY(path));
    } else {
        printf("# no /etc/ssl/certs/ca-certificates.crt: the real system store is not tried\n");
    }

    /* A small store of our own, through SSL_CERT_FILE (fast under valgrind): only the other
     * root. The private root is trusted neither when given nor among the untrusted ones. */
    CHECK(write_bytes(work("system.pem"), other_root_pem));
    setenv("SSL_CERT_FILE", work("system.pem"), 1);
    CHECK_RC(sslkit_chain_verify_with(client, NULL, 0, root_pem.data, root_pem.len, SYSTEM,
                                      SSLKIT_PURPOSE_CLIENT, NULL, 0, &path),
             SSLKIT_ERR_CHAIN_INCOMPLETE);
    CHECK_MSG("[rule issuer-missing]");
    CHECK_RC(sslkit_chain_verify_with(client, root_pem.data, root_pem.len, NULL, 0, SYSTEM,
                                      SSLKIT_PURPOSE_CLIENT, NULL, 0, &path),
             SSLKIT_ERR_VERIFICATION);
    CHECK_MSG("[rule untrusted-root]");
    CHECK(IS_EMPTY(path));
    /* Given and system together: the given root anchors the path. */
    CHECK_OK(sslkit_chain_verify_with(client, NULL, 0, root_pem.data, root_pem.len,
                                      GIVEN | SYSTEM, SSLKIT_PURPOSE_CLIENT, NULL, 0, &path));
    CHECK(strcmp(subjects(&path), CLIENT " | " ROOT) == 0);
    sslkit_bytes_free(&path);

    /* The store holding the private root: trusted without SSLKIT_TRUST_GIVEN; roots_pem is
     * not read then (NULL with a length is no error). */
    FILE *f = fopen(work("system.pem"), "ab");
    CHECK(f != NULL && fwrite(root_pem.data, 1, root_pem.len, f) == root_pem.len);
    CHECK(f != NULL && fclose(f) == 0);
    CHECK_OK(sslkit_chain_verify_with(client, NULL, 0, NULL, 0, SYSTEM, SSLKIT_PURPOSE_CLIENT,
                                      NULL, 0, &path));
    CHECK(strcmp(subjects(&path), CLIENT " | " ROOT) == 0);
    sslkit_bytes_free(&path);
    CHECK_OK(sslkit_chain_verify_with(client, NULL, 0, NULL, 99, SYSTEM, SSLKIT_PURPOSE_CLIENT,
                                      NULL, 0, &path));
    sslkit_bytes_free(&path);
    CHECK_OK(sslkit_chain_verify_with(server, NULL, 0, other_root_pem.data, other_root_pem.len,
                                      GIVEN | SYSTEM, SSLKIT_PURPOSE_SERVER, "www.foo.dom", 0,
                                      &path));
    sslkit_bytes_free(&path);
    /* Still the purpose is checked. */
    CHECK_RC(sslkit_chain_verify_with(client, NULL, 0, NULL, 0, SYSTEM, SSLKIT_PURPOSE_SERVER,
                                      NULL, 0, &path),
             SSLKIT_ERR_VERIFICATION);
    CHECK_MSG("[rule eku-purpose]");

    /* A store that cannot be read. */
    setenv("SSL_CERT_FILE", work("no-such-store.pem"), 1);
    CHECK_RC(sslkit_chain_verify_with(client, NULL, 0, NULL, 0, SYSTEM, SSLKIT_PURPOSE_CLIENT,
                                      NULL, 0, &path),
             SSLKIT_ERR_IO);
    CHECK(IS_EMPTY(path));

    if (saved_copy) {
        setenv("SSL_CERT_FILE", saved_copy, 1);
        free(saved_copy);
    } else {
        unsetenv("SSL_CERT_FILE");
    }
}

/* NULL arguments name the function and the argument; out_pem is reset. */
static void test_null_arguments(void) {
    sslkit_bytes path = GARBAGE_BYTES;
    CHECK_NULL_ARG(sslkit_chain_verify_with(NULL, NULL, 0, root_pem.data, root_pem.len, GIVEN,
                                            SSLKIT_PURPOSE_CLIENT, NULL, 0, &path),
                   "sslkit_chain_verify_with");
    CHECK_MSG("`leaf`");
    CHECK(IS_EMPTY(path));
    CHECK_NULL_ARG(sslkit_chain_verify_with(client, NULL, 5, root_pem.data, root_pem.len, GIVEN,
                                            SSLKIT_PURPOSE_CLIENT, NULL, 0, &path),
                   "sslkit_chain_verify_with");
    CHECK_MSG("`untrusted_pem`");
    CHECK_NULL_ARG(sslkit_chain_verify_with(client, NULL, 0, root_pem.data, root_pem.len, GIVEN,
                                            SSLKIT_PURPOSE_CLIENT, NULL, 0, NULL),
                   "sslkit_chain_verify_with");
    CHECK_MSG("`out_pem`");
    /* The old function keeps its own name in its messages. */
    CHECK_NULL_ARG(sslkit_chain_verify(client, NULL, 0, NULL, 0, NULL, 0, &path),
                   "sslkit_chain_verify");
    CHECK_MSG("`roots_pem`");
}

int main(int argc, char **argv) {
    harness_init(argc, argv);
    if (!setup()) {
        fprintf(stderr, "setup failed: %s\n", last_error());
        return 1;
    }
    RUN(test_client_cert_for_server_purpose);
    RUN(test_client_cert_for_client_purpose);
    RUN(test_server_cert);
    RUN(test_trust_flags);
    RUN(test_purpose_values);
    RUN(test_system_trust);
    RUN(test_null_arguments);
    teardown();
    return harness_finish();
}
