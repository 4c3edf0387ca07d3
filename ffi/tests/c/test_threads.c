/* Handles are shared between threads: 4 threads use one key and one certificate at once
 * (signing requests with them, reading their fields), and each thread keeps its own last
 * error message. */
#include "harness.h"

#include <pthread.h>

#define THREADS 4
#define ROUNDS 6

static sslkit_key *shared_key;   /* the CA's key: signs every thread's requests */
static sslkit_cert *shared_cert; /* the CA's certificate */
static char want_subject[256], want_fingerprint[128];
static pthread_barrier_t barrier;

struct worker {
    int id;
    int failures;
    char first_failure[512];
};

static void fail(struct worker *w, int line, const char *what) {
    if (w->failures++ == 0) {
        char msg[256];
        sslkit_last_error_message(msg, sizeof msg);
        snprintf(w->first_failure, sizeof w->first_failure, "line %d: %s (last error: %s)", line,
                 what, msg);
    }
}
#define W_CHECK(cond)                                                                         \
    do {                                                                                      \
        if (!(cond)) fail(w, __LINE__, #cond);                                                \
    } while (0)

static void *work_thread(void *arg) {
    struct worker *w = arg;
    for (int round = 0; round < ROUNDS; round++) {
        /* Read the shared certificate. */
        sslkit_bytes subject = {0}, fp = {0};
        W_CHECK(sslkit_cert_subject(shared_cert, &subject) == SSLKIT_OK);
        W_CHECK(subject.data && strcmp(STR(subject), want_subject) == 0);
        W_CHECK(sslkit_cert_fingerprint(shared_cert, SSLKIT_FINGERPRINT_SHA256, &fp) ==
                SSLKIT_OK);
        W_CHECK(fp.data && strcmp(STR(fp), want_fingerprint) == 0);
        W_CHECK(sslkit_key_matches_cert(shared_key, shared_cert) == SSLKIT_OK);
        sslkit_bytes_free(&subject);
        sslkit_bytes_free(&fp);

        /* A request signed with the shared key, and a leaf signed by the shared CA. */
        char cn[64];
        snprintf(cn, sizeof cn, "/CN=t%d-r%d.example", w->id, round);
        sslkit_key *own = NULL;
        sslkit_csr *csr = NULL, *ca_csr = NULL;
        sslkit_cert *leaf = NULL;
        W_CHECK(sslkit_key_generate(SSLKIT_KEY_ED25519, 0, &own) == SSLKIT_OK);
        W_CHECK(sslkit_csr_create(shared_key, cn, NULL, 0, &ca_csr) == SSLKIT_OK);
        W_CHECK(sslkit_key_matches_csr(shared_key, ca_csr) == SSLKIT_OK);
        W_CHECK(sslkit_csr_create(own, cn, NULL, 0, &csr) == SSLKIT_OK);
        W_CHECK(sslkit_ca_sign_csr(shared_cert, shared_key, csr, 1, SSLKIT_PROFILE_SERVER,
                                   &leaf) == SSLKIT_OK);
        if (leaf) {
            sslkit_bytes issuer = {0}, san = {0};
            W_CHECK(sslkit_cert_issuer(leaf, &issuer) == SSLKIT_OK);
            W_CHECK(issuer.data && strcmp(STR(issuer), want_subject) == 0);
            W_CHECK(sslkit_cert_san(leaf, 0, &san) == SSLKIT_OK);
            W_CHECK(san.data && strncmp(STR(san), "DNS:t", 5) == 0 &&
                    strstr(STR(san), cn + 4) != NULL);
            W_CHECK(sslkit_key_matches_cert(own, leaf) == SSLKIT_OK);
            W_CHECK(sslkit_key_matches_cert(shared_key, leaf) == SSLKIT_ERR_KEY_MISMATCH);
            sslkit_bytes_free(&issuer);
            sslkit_bytes_free(&san);
        }
        sslkit_cert_free(leaf);
        sslkit_csr_free(csr);
        sslkit_csr_free(ca_csr);
        sslkit_key_free(own);
    }

    /* Each thread's last error is its own: all threads fail differently, wait for each other,
     * then read their own message back. */
    char expect[64];
    snprintf(expect, sizeof expect, "SAN index %d ", 1000 + w->id);
    sslkit_bytes none = {0};
    W_CHECK(sslkit_cert_san(shared_cert, (size_t)(1000 + w->id), &none) ==
            SSLKIT_ERR_INVALID_INPUT);
    pthread_barrier_wait(&barrier);
    if (w->id == 0) {
        /* One thread succeeds meanwhile: that clears only its own message. */
        size_t n = 0;
        W_CHECK(sslkit_cert_san_count(shared_cert, &n) == SSLKIT_OK);
        W_CHECK(sslkit_last_error_message(NULL, 0) == 0);
    }
    pthread_barrier_wait(&barrier);
    if (w->id != 0) {
        char msg[256];
        sslkit_last_error_message(msg, sizeof msg);
        W_CHECK(strstr(msg, expect) != NULL);
    }
    return NULL;
}

static void test_shared_handles(void) {
    REQUIRE_OK(sslkit_key_generate(SSLKIT_KEY_EC_P256, 0, &shared_key));
    REQUIRE_OK(sslkit_ca_create_root(shared_key, "/O=Threads/CN=Shared CA", 0, &shared_cert));
    sslkit_bytes s = {0}, fp = {0};
    REQUIRE_OK(sslkit_cert_subject(shared_cert, &s));
    REQUIRE_OK(sslkit_cert_fingerprint(shared_cert, SSLKIT_FINGERPRINT_SHA256, &fp));
    snprintf(want_subject, sizeof want_subject, "%s", STR(s));
    snprintf(want_fingerprint, sizeof want_fingerprint, "%s", STR(fp));
    sslkit_bytes_free(&s);
    sslkit_bytes_free(&fp);

    REQUIRE(pthread_barrier_init(&barrier, NULL, THREADS) == 0);
    pthread_t threads[THREADS];
    struct worker workers[THREADS];
    for (int i = 0; i < THREADS; i++) {
        workers[i] = (struct worker){.id = i};
        REQUIRE(pthread_create(&threads[i], NULL, work_thread, &workers[i]) == 0);
    }
    for (int i = 0; i < THREADS; i++) {
        CHECK(pthread_join(threads[i], NULL) == 0);
        if (workers[i].failures) {
            fprintf(stderr, "thread %d: %d failures; first: %s\n", i, workers[i].failures,
                    workers[i].first_failure);
        }
        CHECK(workers[i].failures == 0);
    }
    pthread_barrier_destroy(&barrier);
    /* The main thread's message was not touched by the workers. */
    CHECK(sslkit_last_error_message(NULL, 0) == 0);
    sslkit_cert_free(shared_cert);
    sslkit_key_free(shared_key);
}

int main(int argc, char **argv) {
    harness_init(argc, argv);
    RUN(test_shared_handles);
    return harness_finish();
}
