/*
 * A small test harness for the C tests of libsslkit (ffi/tests/c, run by scripts/test-c).
 *
 * Each test program is run as `prog WORKDIR ROOT`: WORKDIR is an empty scratch directory,
 * ROOT the repository (for tests/data). A program defines `static void test_x(void)`
 * functions and calls RUN(test_x) for each from main(), then returns harness_finish().
 * It prints "ok - name" or "not ok - name" per test and a summary line
 * "# N tests, M checks, F failed", which scripts/test-c adds up.
 *
 * CHECK*: a failure is reported (file:line, the expression, sslkit's last error) and the test
 *         goes on.
 * REQUIRE*: a failure is reported and the test function returns at once.
 */
#ifndef SSLKIT_TEST_HARNESS_H
#define SSLKIT_TEST_HARNESS_H

#define _POSIX_C_SOURCE 200809L

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>

#include <sslkit.h>

static int harness_tests, harness_tests_failed, harness_checks, harness_checks_failed;
static const char *harness_test = "";
static const char *harness_workdir = ".";
static const char *harness_root = ".";

/* The calling thread's last error message (a static buffer: not for threads). */
static inline const char *last_error(void) {
    static char buf[2048];
    sslkit_last_error_message(buf, sizeof buf);
    return buf;
}

static inline void harness_fail(const char *file, int line, const char *what) {
    char msg[2048];
    sslkit_last_error_message(msg, sizeof msg);
    harness_checks_failed++;
    fprintf(stderr, "%s:%d: [%s] failed: %s\n    (last error: \"%s\")\n", file, line,
            harness_test, what, msg);
}

static inline int harness_rc(sslkit_result got, sslkit_result want, const char *file, int line,
                      const char *expr) {
    harness_checks++;
    if (got == want) {
        return 1;
    }
    char what[1024];
    snprintf(what, sizeof what, "%s returned %s, expected %s", expr,
             sslkit_result_name(got), sslkit_result_name(want));
    harness_fail(file, line, what);
    return 0;
}

#define CHECK(cond)                                                                           \
    do {                                                                                      \
        harness_checks++;                                                                     \
        if (!(cond)) harness_fail(__FILE__, __LINE__, #cond);                                 \
    } while (0)
#define REQUIRE(cond)                                                                         \
    do {                                                                                      \
        harness_checks++;                                                                     \
        if (!(cond)) {                                                                        \
            harness_fail(__FILE__, __LINE__, #cond);                                          \
            return;                                                                           \
        }                                                                                     \
    } while (0)
#define CHECK_RC(expr, want) ((void)harness_rc((expr), (want), __FILE__, __LINE__, #expr))
#define REQUIRE_RC(expr, want)                                                                \
    do {                                                                                      \
        if (!harness_rc((expr), (want), __FILE__, __LINE__, #expr)) return;                   \
    } while (0)
#define CHECK_OK(expr) CHECK_RC(expr, SSLKIT_OK)
#define REQUIRE_OK(expr) REQUIRE_RC(expr, SSLKIT_OK)
/* The last error message contains `needle`. */
#define CHECK_MSG(needle) CHECK(strstr(last_error(), (needle)) != NULL)
/* A NULL argument: SSLKIT_ERR_NULL_ARGUMENT, and the message names the function. */
#define CHECK_NULL_ARG(expr, fn_name)                                                         \
    do {                                                                                      \
        CHECK_RC(expr, SSLKIT_ERR_NULL_ARGUMENT);                                             \
        CHECK(names_null_argument_of(fn_name));                                               \
    } while (0)

/* The last error is "FUNCTION: argument `NAME` is NULL". */
static inline int names_null_argument_of(const char *function) {
    char prefix[256];
    snprintf(prefix, sizeof prefix, "%s: argument `", function);
    const char *msg = last_error();
    return strncmp(msg, prefix, strlen(prefix)) == 0 && strstr(msg, "` is NULL") != NULL;
}

/* A value that is not a valid handle, stored in out-parameters to see them reset. */
static inline void *harness_sentinel(void) {
    static char object;
    return &object;
}
#define SENTINEL (harness_sentinel())
/* An sslkit_bytes holding garbage that must be reset to {NULL, 0}. */
#define GARBAGE_BYTES {(uint8_t *)harness_sentinel(), 77}
#define IS_EMPTY(b) ((b).data == NULL && (b).len == 0)

#define RUN(fn)                                                                               \
    do {                                                                                      \
        int before_ = harness_checks_failed;                                                  \
        harness_test = #fn;                                                                   \
        fn();                                                                                 \
        harness_tests++;                                                                      \
        if (harness_checks_failed != before_) harness_tests_failed++;                         \
        printf("%s - %s\n", harness_checks_failed == before_ ? "ok" : "not ok", #fn);         \
        fflush(stdout);                                                                       \
    } while (0)

static inline void harness_init(int argc, char **argv) {
    if (argc > 1) harness_workdir = argv[1];
    if (argc > 2) harness_root = argv[2];
}

static inline int harness_finish(void) {
    printf("# %d tests, %d checks, %d failed\n", harness_tests, harness_checks,
           harness_checks_failed);
    return harness_checks_failed == 0 ? 0 : 1;
}

/* ---- files and commands -------------------------------------------------------------- */

/* WORKDIR/name, in one of 32 rotating static buffers (so a path stays valid while the next 31
 * are made). */
static inline const char *work(const char *name) {
    static char bufs[32][1024];
    static int next;
    char *b = bufs[next++ % 32];
    snprintf(b, sizeof bufs[0], "%s/%s", harness_workdir, name);
    return b;
}

/* ROOT/rel, in one of 4 rotating static buffers. */
static inline const char *repo(const char *rel) {
    static char bufs[4][1024];
    static int next;
    char *b = bufs[next++ % 4];
    snprintf(b, sizeof bufs[0], "%s/%s", harness_root, rel);
    return b;
}

/* The whole file, NUL-terminated; the caller frees it. NULL if it cannot be read. */
static inline uint8_t *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 4096, n = 0;
    uint8_t *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n - 1 == 0) {
            uint8_t *bigger = realloc(buf, cap * 2);
            if (!bigger) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = bigger;
            cap *= 2;
        }
    }
    fclose(f);
    if (buf) {
        buf[n] = 0;
        if (len) *len = n;
    }
    return buf;
}

static inline int write_file(const char *path, const void *data, size_t len) {
    FILE *f = fopen(path, "wb");
    if (!f) return 0;
    int ok = fwrite(data, 1, len, f) == len;
    return fclose(f) == 0 && ok;
}

static inline int write_bytes(const char *path, sslkit_bytes b) { return write_file(path, b.data, b.len); }

/* WORKDIR/cmd.out, where sh() puts the output of its command. */
static inline const char *sh_output_path(void) {
    static char path[1024];
    snprintf(path, sizeof path, "%s/cmd.out", harness_workdir);
    return path;
}

/* Runs a shell command (printf-style); returns its exit status, or -1. Its output goes to
 * WORKDIR/cmd.out. */
static inline int sh(const char *fmt, ...) {
    char cmd[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    char full[4600];
    snprintf(full, sizeof full, "(%s) >'%s' 2>&1", cmd, sh_output_path());
    int st = system(full);
    if (st == -1 || !WIFEXITED(st)) return -1;
    return WEXITSTATUS(st);
}

/* The output of the last sh() command, NUL-terminated, trailing newlines removed; static. */
static inline const char *sh_output(void) {
    static char out[16384];
    size_t n = 0;
    uint8_t *data = read_file(sh_output_path(), &n);
    out[0] = 0;
    if (data) {
        if (n >= sizeof out) n = sizeof out - 1;
        memcpy(out, data, n);
        out[n] = 0;
        while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == '\r')) out[--n] = 0;
        free(data);
    }
    return out;
}

/* Text after the first '=' of s (openssl's "SHA256 Fingerprint=..."), or s. */
static inline const char *after_eq(const char *s) {
    const char *e = strchr(s, '=');
    return e ? e + 1 : s;
}

/* Equal texts, ignoring newlines at the end of either. */
static inline int same_text(const char *a, const char *b) {
    size_t la = strlen(a), lb = strlen(b);
    while (la > 0 && a[la - 1] == '\n') la--;
    while (lb > 0 && b[lb - 1] == '\n') lb--;
    return la == lb && memcmp(a, b, la) == 0;
}

/* The first occurrence of the string `needle` in data[0..len], or NULL. */
static inline uint8_t *find_text(uint8_t *data, size_t len, const char *needle) {
    size_t n = strlen(needle);
    for (size_t i = 0; n <= len && i <= len - n; i++) {
        if (memcmp(data + i, needle, n) == 0) return data + i;
    }
    return NULL;
}

/* A bytes output as a C string (the NUL after data is part of the contract). */
#define STR(b) ((const char *)(b).data)
#define PASS(s) (const uint8_t *)(s), strlen(s)

#endif
