/* The FAQ's checks: modulus and its MD5, key matching; PEM/DER conversion. */
#include "harness.h"

static const char *PW = "s3cret pass";

/* openssl's modulus MD5 (`... -noout -modulus | openssl md5`) for a command's input. */
static int openssl_modulus_md5(const char *openssl_cmd, const char *path, char out[33]) {
    if (sh("openssl %s -noout -modulus -in '%s' -passin 'pass:%s' | openssl md5", openssl_cmd,
           path, PW) != 0)
        return 0;
    const char *o = strstr(sh_output(), "= ");
    if (!o || strlen(o + 2) != 32) return 0;
    memcpy(out, o + 2, 33);
    return 1;
}

static sslkit_result md5_of_file(const char *path, const char *pass, char out[33]) {
    size_t len = 0;
    uint8_t *data = read_file(path, &len);
    if (!data) return SSLKIT_ERR_IO;
    sslkit_result r = sslkit_modulus_md5(data, len, (const uint8_t *)pass, pass ? strlen(pass) : 0,
                                         out);
    free(data);
    return r;
}

static void test_modulus_md5_matches_openssl(void) {
    const char *key_path = repo("tests/data/rsa2048.pem");
    size_t len = 0;
    uint8_t *pem = read_file(key_path, &len);
    REQUIRE(pem != NULL);
    sslkit_key *key = NULL;
    REQUIRE_OK(sslkit_key_from_pem(pem, len, NULL, 0, &key));
    free(pem);

    char want[33];
    REQUIRE(openssl_modulus_md5("rsa", key_path, want));

    /* The key, its CSR and its certificate, in PEM and DER, clear and encrypted. */
    sslkit_csr *csr = NULL;
    sslkit_cert *cert = NULL;
    REQUIRE_OK(sslkit_csr_create(key, "/CN=www.foo.dom", NULL, 0, &csr));
    REQUIRE_OK(sslkit_cert_self_signed(key, "/CN=www.foo.dom", NULL, 0, 1, &cert));
    sslkit_bytes b = {0};
    REQUIRE_OK(sslkit_csr_to_pem(csr, &b));
    REQUIRE(write_bytes(work("m.csr"), b));
    sslkit_bytes_free(&b);
    REQUIRE_OK(sslkit_cert_to_pem(cert, &b));
    REQUIRE(write_bytes(work("m.crt"), b));
    sslkit_bytes_free(&b);
    REQUIRE_OK(sslkit_cert_to_der(cert, &b));
    REQUIRE(write_bytes(work("m.crt.der"), b));
    sslkit_bytes_free(&b);
    REQUIRE_OK(sslkit_key_public_to_pem(key, &b));
    REQUIRE(write_bytes(work("m.pub"), b));
    sslkit_bytes_free(&b);
    REQUIRE_OK(sslkit_key_to_pem_with(key, SSLKIT_KEY_FORMAT_TRADITIONAL,
                                      SSLKIT_CIPHER_DES_EDE3_CBC, SSLKIT_KDF_SCRYPT, PASS(PW), &b));
    REQUIRE(write_bytes(work("m.legacy.key"), b));
    sslkit_bytes_free(&b);
    REQUIRE(sh("openssl pkey -in '%s' -aes128 -passout 'pass:%s' -out '%s'", key_path, PW,
               work("m.p8.key")) == 0);

    /* openssl prints the same MD5 for the CSR and the certificate (the FAQ's check). */
    char o[33];
    CHECK(openssl_modulus_md5("req", work("m.csr"), o) && strcmp(o, want) == 0);
    CHECK(openssl_modulus_md5("x509", work("m.crt"), o) && strcmp(o, want) == 0);

    struct {
        const char *path, *pass;
    } inputs[] = {
        {key_path, NULL},       {work("m.csr"), NULL},     {work("m.crt"), NULL},
        {work("m.crt.der"), NULL}, {work("m.pub"), NULL},   {work("m.legacy.key"), PW},
        {work("m.p8.key"), PW},
    };
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        char hex[33];
        memset(hex, 'x', sizeof hex);
        CHECK_OK(md5_of_file(inputs[i].path, inputs[i].pass, hex));
        CHECK(strlen(hex) == 32 && strcmp(hex, want) == 0);
    }

    /* Encrypted keys: no passphrase, wrong passphrase; out_hex is "" on failure. */
    char hex[33] = "not touched";
    CHECK_RC(md5_of_file(work("m.legacy.key"), NULL, hex), SSLKIT_ERR_PASSPHRASE_REQUIRED);
    CHECK(hex[0] == 0);
    memcpy(hex, "x", 2);
    CHECK_RC(md5_of_file(work("m.p8.key"), "wrong", hex), SSLKIT_ERR_WRONG_PASSPHRASE);
    CHECK(hex[0] == 0);

    /* The modulus line itself, as openssl prints it. */
    sslkit_bytes line = GARBAGE_BYTES;
    size_t clen = 0;
    uint8_t *crt = read_file(work("m.crt"), &clen);
    REQUIRE(crt != NULL);
    REQUIRE_OK(sslkit_modulus(crt, clen, NULL, 0, &line));
    CHECK(sh("openssl x509 -noout -modulus -in '%s'", work("m.crt")) == 0);
    CHECK(strncmp(STR(line), "Modulus=", 8) == 0 && line.data[line.len - 1] == '\n');
    CHECK(same_text(STR(line), sh_output()));
    sslkit_bytes_free(&line);
    free(crt);

    sslkit_csr_free(csr);
    sslkit_cert_free(cert);
    sslkit_key_free(key);
}

static void test_modulus_errors(void) {
    sslkit_key *key = NULL;
    REQUIRE_OK(sslkit_key_generate(SSLKIT_KEY_EC_P256, 0, &key));
    sslkit_bytes pem = {0};
    REQUIRE_OK(sslkit_key_to_pem(key, NULL, 0, &pem));
    char hex[33] = "untouched";
    /* Only RSA keys have a modulus: the message points to the SPKI fingerprint. */
    CHECK_RC(sslkit_modulus_md5(pem.data, pem.len, NULL, 0, hex), SSLKIT_ERR_UNSUPPORTED);
    CHECK(hex[0] == 0);
    CHECK_MSG("SPKI");
    sslkit_bytes line = GARBAGE_BYTES;
    CHECK_RC(sslkit_modulus(pem.data, pem.len, NULL, 0, &line), SSLKIT_ERR_UNSUPPORTED);
    CHECK(IS_EMPTY(line));
    /* Garbage, an unknown PEM block, a truncated DER. */
    CHECK_RC(sslkit_modulus_md5(PASS("hello"), NULL, 0, hex), SSLKIT_ERR_PARSE);
    CHECK_RC(sslkit_modulus_md5(PASS("-----BEGIN FOO-----\nAAAA\n-----END FOO-----\n"), NULL, 0,
                                hex),
             SSLKIT_ERR_PARSE);
    CHECK_MSG("FOO");
    CHECK_RC(sslkit_modulus(PASS("\x30\x82\x05\x00\x01"), NULL, 0, &line), SSLKIT_ERR_PARSE);
    /* NULL arguments. */
    memcpy(hex, "abc", 4);
    CHECK_NULL_ARG(sslkit_modulus_md5(NULL, 0, NULL, 0, hex), "sslkit_modulus_md5");
    CHECK(hex[0] == 0);
    CHECK_NULL_ARG(sslkit_modulus_md5(pem.data, pem.len, NULL, 4, hex), "sslkit_modulus_md5");
    CHECK_NULL_ARG(sslkit_modulus_md5(pem.data, pem.len, NULL, 0, NULL), "sslkit_modulus_md5");
    CHECK_MSG("`out_hex`");
    line = (sslkit_bytes)GARBAGE_BYTES;
    CHECK_NULL_ARG(sslkit_modulus(NULL, 0, NULL, 0, &line), "sslkit_modulus");
    CHECK(IS_EMPTY(line));
    CHECK_NULL_ARG(sslkit_modulus(pem.data, pem.len, NULL, 1, &line), "sslkit_modulus");
    CHECK_NULL_ARG(sslkit_modulus(pem.data, pem.len, NULL, 0, NULL), "sslkit_modulus");
    sslkit_bytes_free(&pem);
    sslkit_key_free(key);
}

static void test_key_matching(void) {
    sslkit_key *a = NULL, *b = NULL;
    REQUIRE_OK(sslkit_key_generate(SSLKIT_KEY_ED25519, 0, &a));
    REQUIRE_OK(sslkit_key_generate(SSLKIT_KEY_ED25519, 0, &b));
    sslkit_cert *cert = NULL;
    sslkit_csr *csr = NULL;
    REQUIRE_OK(sslkit_cert_self_signed(a, "/CN=match.example", NULL, 0, 1, &cert));
    REQUIRE_OK(sslkit_csr_create(a, "/CN=match.example", NULL, 0, &csr));
    CHECK_OK(sslkit_key_matches_cert(a, cert));
    CHECK(sslkit_last_error_message(NULL, 0) == 0);
    CHECK_OK(sslkit_key_matches_csr(a, csr));
    CHECK_RC(sslkit_key_matches_cert(b, cert), SSLKIT_ERR_KEY_MISMATCH);
    CHECK_MSG("does not belong to the certificate");
    CHECK_MSG("CN=match.example");
    CHECK_RC(sslkit_key_matches_csr(b, csr), SSLKIT_ERR_KEY_MISMATCH);
    CHECK_MSG("request");
    /* Different key types never match. */
    sslkit_key *ec = NULL;
    REQUIRE_OK(sslkit_key_generate(SSLKIT_KEY_EC_P256, 0, &ec));
    CHECK_RC(sslkit_key_matches_cert(ec, cert), SSLKIT_ERR_KEY_MISMATCH);
    CHECK_NULL_ARG(sslkit_key_matches_cert(NULL, cert), "sslkit_key_matches_cert");
    CHECK_NULL_ARG(sslkit_key_matches_cert(a, NULL), "sslkit_key_matches_cert");
    sslkit_key_free(ec);
    sslkit_csr_free(csr);
    sslkit_cert_free(cert);
    sslkit_key_free(a);
    sslkit_key_free(b);
}

static void test_pem_der_conversion(void) {
    sslkit_key *key = NULL;
    REQUIRE_OK(sslkit_key_generate(SSLKIT_KEY_EC_P256, 0, &key));
    sslkit_cert *cert = NULL, *cert2 = NULL;
    REQUIRE_OK(sslkit_cert_self_signed(key, "/CN=conv.example", NULL, 0, 1, &cert));
    REQUIRE_OK(sslkit_cert_self_signed(key, "/CN=conv2.example", NULL, 0, 1, &cert2));
    sslkit_bytes pem = {0}, der = {0}, out = GARBAGE_BYTES, back = {0};
    REQUIRE_OK(sslkit_cert_to_pem(cert, &pem));
    REQUIRE_OK(sslkit_cert_to_der(cert, &der));

    /* PEM -> DER is the certificate's DER, and openssl reads it; DER -> PEM is the PEM. */
    REQUIRE_OK(sslkit_pem_to_der(pem.data, pem.len, &out));
    CHECK(out.len == der.len && memcmp(out.data, der.data, der.len) == 0);
    REQUIRE(write_bytes(work("c.der"), out));
    CHECK(sh("openssl x509 -inform DER -in '%s' -noout -subject", work("c.der")) == 0);
    REQUIRE_OK(sslkit_der_to_pem(out.data, out.len, &back));
    CHECK(strcmp(STR(back), STR(pem)) == 0);
    sslkit_bytes_free(&back);
    sslkit_bytes_free(&out);
    /* openssl's DER -> PEM is the same as ours. */
    CHECK(sh("openssl x509 -inform DER -in '%s'", work("c.der")) == 0);
    CHECK(same_text(sh_output(), STR(pem)));

    /* A private key: the label is found from the DER structure. */
    sslkit_bytes kder = {0};
    REQUIRE_OK(sslkit_key_to_der_with(key, SSLKIT_KEY_FORMAT_PKCS8, SSLKIT_CIPHER_AES_256_CBC,
                                      SSLKIT_KDF_SCRYPT, NULL, 0, &kder));
    REQUIRE_OK(sslkit_der_to_pem(kder.data, kder.len, &out));
    CHECK(strncmp(STR(out), "-----BEGIN PRIVATE KEY-----\n", 28) == 0);
    sslkit_bytes_free(&out);
    sslkit_bytes_free(&kder);
    /* A CSR. */
    sslkit_csr *csr = NULL;
    REQUIRE_OK(sslkit_csr_create(key, "/CN=conv.example", NULL, 0, &csr));
    sslkit_bytes cder = {0};
    REQUIRE_OK(sslkit_csr_to_der(csr, &cder));
    REQUIRE_OK(sslkit_der_to_pem(cder.data, cder.len, &out));
    CHECK(strncmp(STR(out), "-----BEGIN CERTIFICATE REQUEST-----\n", 36) == 0);
    sslkit_bytes_free(&out);
    sslkit_bytes_free(&cder);
    sslkit_csr_free(csr);

    /* A bundle has no single DER form; nor has a legacy encrypted key. */
    sslkit_bytes pem2 = {0};
    REQUIRE_OK(sslkit_cert_to_pem(cert2, &pem2));
    size_t blen = pem.len + pem2.len;
    char *bundle = malloc(blen + 1);
    REQUIRE(bundle != NULL);
    memcpy(bundle, pem.data, pem.len);
    memcpy(bundle + pem.len, pem2.data, pem2.len + 1);
    out = (sslkit_bytes)GARBAGE_BYTES;
    CHECK_RC(sslkit_pem_to_der((const uint8_t *)bundle, blen, &out), SSLKIT_ERR_INVALID_INPUT);
    CHECK(IS_EMPTY(out));
    CHECK_MSG("2 certificates");
    free(bundle);
    sslkit_bytes legacy = {0};
    REQUIRE_OK(sslkit_key_to_pem_with(key, SSLKIT_KEY_FORMAT_TRADITIONAL,
                                      SSLKIT_CIPHER_AES_256_CBC, SSLKIT_KDF_SCRYPT, PASS(PW),
                                      &legacy));
    CHECK_RC(sslkit_pem_to_der(legacy.data, legacy.len, &out), SSLKIT_ERR_INVALID_INPUT);
    sslkit_bytes_free(&legacy);
    CHECK_RC(sslkit_pem_to_der(PASS("no pem here"), &out), SSLKIT_ERR_PARSE);
    CHECK_RC(sslkit_der_to_pem(PASS("\x04\x02hi"), &out), SSLKIT_ERR_PARSE);
    CHECK(IS_EMPTY(out));

    /* NULL arguments. */
    CHECK_NULL_ARG(sslkit_pem_to_der(NULL, 0, &out), "sslkit_pem_to_der");
    CHECK_NULL_ARG(sslkit_pem_to_der(pem.data, pem.len, NULL), "sslkit_pem_to_der");
    CHECK_NULL_ARG(sslkit_der_to_pem(NULL, 3, &out), "sslkit_der_to_pem");
    CHECK_NULL_ARG(sslkit_der_to_pem(der.data, der.len, NULL), "sslkit_der_to_pem");

    sslkit_bytes_free(&pem2);
    sslkit_bytes_free(&pem);
    sslkit_bytes_free(&der);
    sslkit_cert_free(cert);
    sslkit_cert_free(cert2);
    sslkit_key_free(key);
}

int main(int argc, char **argv) {
    harness_init(argc, argv);
    RUN(test_modulus_md5_matches_openssl);
    RUN(test_modulus_errors);
    RUN(test_key_matching);
    RUN(test_pem_der_conversion);
    return harness_finish();
}
