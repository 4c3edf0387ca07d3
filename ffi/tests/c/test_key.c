/* Private keys: generate, read (every format, encrypted or not), write, inspect. */
#include "harness.h"

static const char *PW = "correct horse";

/* The repository's RSA 2048 test key (unencrypted PKCS#8 or PKCS#1 PEM, made by openssl). */
static sslkit_key *rsa_fixture(void) {
    size_t len = 0;
    uint8_t *pem = read_file(repo("tests/data/rsa2048.pem"), &len);
    sslkit_key *key = NULL;
    if (pem) sslkit_key_from_pem(pem, len, NULL, 0, &key);
    free(pem);
    return key;
}

/* The two keys have the same public key (compared as SPKI PEM). */
static int same_public_key(const sslkit_key *a, const sslkit_key *b) {
    sslkit_bytes pa = {0}, pb = {0};
    int same = sslkit_key_public_to_pem(a, &pa) == SSLKIT_OK &&
               sslkit_key_public_to_pem(b, &pb) == SSLKIT_OK && strcmp(STR(pa), STR(pb)) == 0;
    sslkit_bytes_free(&pa);
    sslkit_bytes_free(&pb);
    return same;
}

static void test_generate_each_type(void) {
    struct {
        sslkit_key_type type;
        uint32_t bits_in, bits_out;
    } cases[] = {
        {SSLKIT_KEY_EC_P256, 0, 256},
        {SSLKIT_KEY_EC_P256, 256, 256},
        {SSLKIT_KEY_EC_P384, 0, 384},
        {SSLKIT_KEY_ED25519, 0, 256},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sslkit_key *key = SENTINEL;
        REQUIRE_OK(sslkit_key_generate(cases[i].type, cases[i].bits_in, &key));
        REQUIRE(key != NULL && key != SENTINEL);
        sslkit_key_type t = (sslkit_key_type)99;
        uint32_t bits = 1;
        CHECK_OK(sslkit_key_algorithm(key, &t));
        CHECK(t == cases[i].type);
        CHECK_OK(sslkit_key_bits(key, &bits));
        CHECK(bits == cases[i].bits_out);
        sslkit_key_free(key);
    }
    /* Two generated keys differ. */
    sslkit_key *a = NULL, *b = NULL;
    REQUIRE_OK(sslkit_key_generate(SSLKIT_KEY_ED25519, 0, &a));
    REQUIRE_OK(sslkit_key_generate(SSLKIT_KEY_ED25519, 0, &b));
    sslkit_bytes fa = {0}, fb = {0};
    CHECK_OK(sslkit_key_spki_fingerprint(a, &fa));
    CHECK_OK(sslkit_key_spki_fingerprint(b, &fb));
    CHECK(fa.len == fb.len && strcmp(STR(fa), STR(fb)) != 0);
    sslkit_bytes_free(&fa);
    sslkit_bytes_free(&fb);
    sslkit_key_free(a);
    sslkit_key_free(b);
}

static void test_generate_errors(void) {
    sslkit_key *key = SENTINEL;
    /* The FAQ's "512 bit" trouble: RSA below 2048 bits is refused. */
    CHECK_RC(sslkit_key_generate(SSLKIT_KEY_RSA, 1024, &key), SSLKIT_ERR_INVALID_INPUT);
    CHECK_MSG("2048");
    CHECK(key == NULL);
    key = SENTINEL;
    CHECK_RC(sslkit_key_generate(SSLKIT_KEY_RSA, 512, &key), SSLKIT_ERR_INVALID_INPUT);
    CHECK(key == NULL);
    CHECK_RC(sslkit_key_generate(SSLKIT_KEY_EC_P256, 384, &key), SSLKIT_ERR_INVALID_INPUT);
    CHECK_RC(sslkit_key_generate(SSLKIT_KEY_ED25519, 255, &key), SSLKIT_ERR_INVALID_INPUT);
    CHECK_RC(sslkit_key_generate((sslkit_key_type)4, 0, &key), SSLKIT_ERR_INVALID_INPUT);
    CHECK_MSG("sslkit_key_type");
    CHECK_RC(sslkit_key_generate((sslkit_key_type)-1, 0, &key), SSLKIT_ERR_INVALID_INPUT);
    CHECK(key == NULL);
    CHECK_NULL_ARG(sslkit_key_generate(SSLKIT_KEY_EC_P256, 0, NULL), "sslkit_key_generate");
}

static void test_rsa_fixture_and_openssl_formats(void) {
    sslkit_key *key = rsa_fixture();
    REQUIRE(key != NULL);
    sslkit_key_type t;
    uint32_t bits = 0;
    CHECK_OK(sslkit_key_algorithm(key, &t));
    CHECK(t == SSLKIT_KEY_RSA);
    CHECK_OK(sslkit_key_bits(key, &bits));
    CHECK(bits == 2048);

    sslkit_bytes pub = {0};
    REQUIRE_OK(sslkit_key_public_to_pem(key, &pub));

    /* What openssl writes, sslkit reads: the FAQ's `genrsa -des3` (OpenSSL 3: encrypted
     * PKCS#8), OpenSSL 1.x's legacy DEK-Info PEM, PKCS#1, and DER. */
    const char *in = repo("tests/data/rsa2048.pem");
    struct {
        const char *file, *cmd, *pass;
        int der;
    } cases[] = {
        {"o_pkcs8_enc.pem", "openssl pkey -in '%s' -aes256 -passout 'pass:%s' -out '%s'", PW, 0},
        {"o_legacy_3des.pem",
         "openssl rsa -in '%s' -traditional -des3 -passout 'pass:%s' -out '%s'", PW, 0},
        {"o_pkcs1.pem", "openssl rsa -in '%s' -traditional -out '%s'%s", NULL, 0},
        {"o_pkcs8.der", "openssl pkey -in '%s' -outform DER -out '%s'%s", NULL, 1},
        {"o_pkcs8_enc.der",
         "openssl pkcs8 -topk8 -in '%s' -v2 aes128 -passout 'pass:%s' -outform DER -out '%s'", PW,
         1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *out = work(cases[i].file);
        int st = cases[i].pass ? sh(cases[i].cmd, in, cases[i].pass, out)
                               : sh(cases[i].cmd, in, out, "");
        REQUIRE(st == 0);
        size_t len = 0;
        uint8_t *data = read_file(out, &len);
        REQUIRE(data != NULL);
        sslkit_key *k = NULL;
        const uint8_t *pass = cases[i].pass ? (const uint8_t *)PW : NULL;
        size_t pass_len = cases[i].pass ? strlen(PW) : 0;
        if (cases[i].der) {
            CHECK_OK(sslkit_key_from_der(data, len, pass, pass_len, &k));
        } else {
            CHECK_OK(sslkit_key_from_pem(data, len, pass, pass_len, &k));
        }
        sslkit_bytes p = {0};
        CHECK_OK(sslkit_key_public_to_pem(k, &p));
        CHECK(p.data != NULL && same_text(STR(p), STR(pub)));
        if (cases[i].pass) {
            sslkit_key *none = SENTINEL;
            if (cases[i].der) {
                CHECK_RC(sslkit_key_from_der(data, len, NULL, 0, &none),
                         SSLKIT_ERR_PASSPHRASE_REQUIRED);
                CHECK_RC(sslkit_key_from_der(data, len, PASS("wrong"), &none),
                         SSLKIT_ERR_WRONG_PASSPHRASE);
            } else {
                CHECK_RC(sslkit_key_from_pem(data, len, NULL, 0, &none),
                         SSLKIT_ERR_PASSPHRASE_REQUIRED);
                CHECK(none == NULL);
                none = SENTINEL;
                CHECK_RC(sslkit_key_from_pem(data, len, PASS("wrong"), &none),
                         SSLKIT_ERR_WRONG_PASSPHRASE);
                CHECK_MSG("wrong passphrase");
                /* The empty passphrase (non-NULL pointer, length 0) is a passphrase. */
                CHECK_RC(sslkit_key_from_pem(data, len, (const uint8_t *)"", 0, &none),
                         SSLKIT_ERR_WRONG_PASSPHRASE);
            }
            CHECK(none == NULL);
        }
        sslkit_bytes_free(&p);
        sslkit_key_free(k);
        free(data);
    }
    sslkit_bytes_free(&pub);
    sslkit_key_free(key);
}

static void test_from_pem_errors(void) {
    sslkit_key *key = SENTINEL;
    CHECK_RC(sslkit_key_from_pem(PASS("garbage"), NULL, 0, &key), SSLKIT_ERR_PARSE);
    CHECK(key == NULL);
    const char *truncated = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49\n"
                            "-----END PRIVATE KEY-----\n";
    CHECK_RC(sslkit_key_from_pem(PASS(truncated), NULL, 0, &key), SSLKIT_ERR_PARSE);
    CHECK_RC(sslkit_key_from_pem((const uint8_t *)"", 0, NULL, 0, &key), SSLKIT_ERR_PARSE);
    /* DER handed to the PEM reader, and PEM to the DER reader. */
    sslkit_key *k = NULL;
    REQUIRE_OK(sslkit_key_generate(SSLKIT_KEY_EC_P256, 0, &k));
    sslkit_bytes der = {0}, pem = {0};
    REQUIRE_OK(sslkit_key_to_der_with(k, SSLKIT_KEY_FORMAT_PKCS8, SSLKIT_CIPHER_AES_256_CBC,
                                      SSLKIT_KDF_SCRYPT, NULL, 0, &der));
    REQUIRE_OK(sslkit_key_to_pem(k, NULL, 0, &pem));
    CHECK_RC(sslkit_key_from_pem(der.data, der.len, NULL, 0, &key), SSLKIT_ERR_PARSE);
    CHECK_RC(sslkit_key_from_der(pem.data, pem.len, NULL, 0, &key), SSLKIT_ERR_PARSE);
    CHECK_RC(sslkit_key_from_der(PASS("\x30\x03\x02\x01"), NULL, 0, &key), SSLKIT_ERR_PARSE);
    CHECK(key == NULL);
    /* A certificate is not a key. */
    sslkit_cert *cert = NULL;
    REQUIRE_OK(sslkit_cert_self_signed(k, "/CN=x", NULL, 0, 1, &cert));
    sslkit_bytes cert_pem = {0};
    REQUIRE_OK(sslkit_cert_to_pem(cert, &cert_pem));
    CHECK_RC(sslkit_key_from_pem(cert_pem.data, cert_pem.len, NULL, 0, &key), SSLKIT_ERR_PARSE);

    /* NULL arguments, each out reset. */
    key = SENTINEL;
    CHECK_NULL_ARG(sslkit_key_from_pem(NULL, 0, NULL, 0, &key), "sslkit_key_from_pem");
    CHECK(key == NULL);
    CHECK_NULL_ARG(sslkit_key_from_pem(NULL, 10, NULL, 0, &key), "sslkit_key_from_pem");
    CHECK_NULL_ARG(sslkit_key_from_pem(pem.data, pem.len, NULL, 3, &key), "sslkit_key_from_pem");
    CHECK_MSG("`pass`");
    CHECK_NULL_ARG(sslkit_key_from_pem(pem.data, pem.len, NULL, 0, NULL), "sslkit_key_from_pem");
    key = SENTINEL;
    CHECK_NULL_ARG(sslkit_key_from_der(NULL, 0, NULL, 0, &key), "sslkit_key_from_der");
    CHECK(key == NULL);
    CHECK_NULL_ARG(sslkit_key_from_der(der.data, der.len, NULL, 1, &key), "sslkit_key_from_der");
    CHECK_NULL_ARG(sslkit_key_from_der(der.data, der.len, NULL, 0, NULL), "sslkit_key_from_der");
    /* The valid inputs do work. */
    CHECK_OK(sslkit_key_from_der(der.data, der.len, NULL, 0, &key));
    sslkit_key_free(key);
    CHECK_OK(sslkit_key_from_pem(pem.data, pem.len, NULL, 0, &key));
    sslkit_key_free(key);

    sslkit_bytes_free(&cert_pem);
    sslkit_cert_free(cert);
    sslkit_bytes_free(&der);
    sslkit_bytes_free(&pem);
    sslkit_key_free(k);
}

static void test_to_pem_clear_and_encrypted(void) {
    sslkit_key *key = NULL;
    REQUIRE_OK(sslkit_key_generate(SSLKIT_KEY_EC_P256, 0, &key));
    sslkit_bytes pub = {0};
    REQUIRE_OK(sslkit_key_public_to_pem(key, &pub));
    CHECK(strncmp(STR(pub), "-----BEGIN PUBLIC KEY-----\n", 27) == 0);

    /* Clear: PKCS#8, which openssl reads; its public key is ours. */
    sslkit_bytes clear = GARBAGE_BYTES;
    REQUIRE_OK(sslkit_key_to_pem(key, NULL, 0, &clear));
    CHECK(strncmp(STR(clear), "-----BEGIN PRIVATE KEY-----\n", 28) == 0);
    REQUIRE(write_bytes(work("clear.pem"), clear));
    CHECK(sh("openssl pkey -in '%s' -pubout", work("clear.pem")) == 0);
    CHECK(same_text(sh_output(), STR(pub)));

    /* With a passphrase: encrypted PKCS#8 (scrypt, AES-256-CBC) that openssl decrypts. */
    sslkit_bytes enc = {0};
    REQUIRE_OK(sslkit_key_to_pem(key, PASS(PW), &enc));
    CHECK(strncmp(STR(enc), "-----BEGIN ENCRYPTED PRIVATE KEY-----\n", 38) == 0);
    REQUIRE(write_bytes(work("enc.pem"), enc));
    CHECK(sh("openssl pkey -in '%s' -passin 'pass:%s' -pubout", work("enc.pem"), PW) == 0);
    CHECK(same_text(sh_output(), STR(pub)));
    CHECK(sh("openssl pkey -in '%s' -passin pass:wrong -noout", work("enc.pem")) != 0);
    CHECK(sh("openssl asn1parse -in '%s'", work("enc.pem")) == 0);
    /* The default KDF and cipher: scrypt N = 2^14 (0x4000), r = 8, p = 1; AES-256-CBC. */
    CHECK(strstr(sh_output(), ":scrypt") != NULL);
    CHECK(strstr(sh_output(), "INTEGER           :4000") != NULL);
    CHECK(strstr(sh_output(), "INTEGER           :08") != NULL);
    CHECK(strstr(sh_output(), "INTEGER           :01") != NULL);
    CHECK(strstr(sh_output(), ":aes-256-cbc") != NULL);

    /* And sslkit reads it back: none, wrong, right. */
    sslkit_key *back = SENTINEL;
    CHECK_RC(sslkit_key_from_pem(enc.data, enc.len, NULL, 0, &back),
             SSLKIT_ERR_PASSPHRASE_REQUIRED);
    CHECK(back == NULL);
    CHECK_RC(sslkit_key_from_pem(enc.data, enc.len, PASS("Correct horse"), &back),
             SSLKIT_ERR_WRONG_PASSPHRASE);
    REQUIRE_OK(sslkit_key_from_pem(enc.data, enc.len, PASS(PW), &back));
    CHECK(same_public_key(back, key));

    /* An empty passphrase is refused for writing (write the key in the clear instead). */
    sslkit_bytes none = GARBAGE_BYTES;
    CHECK_RC(sslkit_key_to_pem(key, (const uint8_t *)"", 0, &none), SSLKIT_ERR_INVALID_INPUT);
    CHECK(IS_EMPTY(none));

    /* NULL arguments. */
    none = (sslkit_bytes)GARBAGE_BYTES;
    CHECK_NULL_ARG(sslkit_key_to_pem(NULL, NULL, 0, &none), "sslkit_key_to_pem");
    CHECK(IS_EMPTY(none));
    CHECK_NULL_ARG(sslkit_key_to_pem(key, NULL, 5, &none), "sslkit_key_to_pem");
    CHECK_NULL_ARG(sslkit_key_to_pem(key, NULL, 0, NULL), "sslkit_key_to_pem");
    none = (sslkit_bytes)GARBAGE_BYTES;
    CHECK_NULL_ARG(sslkit_key_public_to_pem(NULL, &none), "sslkit_key_public_to_pem");
    CHECK(IS_EMPTY(none));
    CHECK_NULL_ARG(sslkit_key_public_to_pem(key, NULL), "sslkit_key_public_to_pem");

    sslkit_key_free(back);
    sslkit_bytes_free(&enc);
    sslkit_bytes_free(&clear);
    sslkit_bytes_free(&pub);
    sslkit_key_free(key);
}

static void test_to_pem_with_choices(void) {
    sslkit_key *ec = NULL, *ed = NULL;
    REQUIRE_OK(sslkit_key_generate(SSLKIT_KEY_EC_P384, 0, &ec));
    REQUIRE_OK(sslkit_key_generate(SSLKIT_KEY_ED25519, 0, &ed));

    /* Traditional, clear: SEC1. */
    sslkit_bytes out = {0};
    REQUIRE_OK(sslkit_key_to_pem_with(ec, SSLKIT_KEY_FORMAT_TRADITIONAL,
                                      SSLKIT_CIPHER_AES_256_CBC, SSLKIT_KDF_SCRYPT, NULL, 0, &out));
    CHECK(strncmp(STR(out), "-----BEGIN EC PRIVATE KEY-----\n", 31) == 0);
    sslkit_bytes_free(&out);

    /* Traditional with DES-EDE3-CBC: what `openssl genrsa -traditional -des3` writes. */
    REQUIRE_OK(sslkit_key_to_pem_with(ec, SSLKIT_KEY_FORMAT_TRADITIONAL,
                                      SSLKIT_CIPHER_DES_EDE3_CBC, SSLKIT_KDF_SCRYPT, PASS(PW),
                                      &out));
    CHECK(strstr(STR(out), "Proc-Type: 4,ENCRYPTED") != NULL);
    CHECK(strstr(STR(out), "DEK-Info: DES-EDE3-CBC,") != NULL);
    REQUIRE(write_bytes(work("legacy.pem"), out));
    CHECK(sh("openssl ec -in '%s' -passin 'pass:%s' -noout", work("legacy.pem"), PW) == 0);
    sslkit_key *back = NULL;
    CHECK_OK(sslkit_key_from_pem(out.data, out.len, PASS(PW), &back));
    CHECK(same_public_key(back, ec));
    sslkit_key_free(back);
    sslkit_bytes_free(&out);

    /* PKCS#8 with PBKDF2 (for readers without scrypt) and DES-EDE3-CBC. */
    REQUIRE_OK(sslkit_key_to_pem_with(ed, SSLKIT_KEY_FORMAT_PKCS8, SSLKIT_CIPHER_DES_EDE3_CBC,
                                      SSLKIT_KDF_PBKDF2, PASS(PW), &out));
    REQUIRE(write_bytes(work("pbkdf2.pem"), out));
    CHECK(sh("openssl asn1parse -in '%s'", work("pbkdf2.pem")) == 0);
    CHECK(strstr(sh_output(), "PBKDF2") != NULL);
    CHECK(strstr(sh_output(), "des-ede3-cbc") != NULL);
    CHECK(sh("openssl pkey -in '%s' -passin 'pass:%s' -noout", work("pbkdf2.pem"), PW) == 0);
    CHECK_OK(sslkit_key_from_pem(out.data, out.len, PASS(PW), &back));
    CHECK(same_public_key(back, ed));
    sslkit_key_free(back);
    sslkit_bytes_free(&out);

    /* Ed25519 has no traditional form. */
    sslkit_bytes none = GARBAGE_BYTES;
    CHECK_RC(sslkit_key_to_pem_with(ed, SSLKIT_KEY_FORMAT_TRADITIONAL, SSLKIT_CIPHER_AES_256_CBC,
                                    SSLKIT_KDF_SCRYPT, NULL, 0, &none),
             SSLKIT_ERR_UNSUPPORTED);
    CHECK(IS_EMPTY(none));
    /* Choices that contradict each other are refused, as in every face: a cipher or a KDF
       without a passphrase (nothing would be encrypted), PBKDF2 for a traditional key (its
       legacy encryption has its own key derivation). */
    CHECK_RC(sslkit_key_to_pem_with(ec, SSLKIT_KEY_FORMAT_PKCS8, SSLKIT_CIPHER_DES_EDE3_CBC,
                                    SSLKIT_KDF_SCRYPT, NULL, 0, &none),
             SSLKIT_ERR_INVALID_INPUT);
    CHECK_MSG("without a passphrase");
    CHECK(IS_EMPTY(none));
    CHECK_RC(sslkit_key_to_der_with(ec, SSLKIT_KEY_FORMAT_PKCS8, SSLKIT_CIPHER_AES_256_CBC,
                                    SSLKIT_KDF_PBKDF2, NULL, 0, &none),
             SSLKIT_ERR_INVALID_INPUT);
    CHECK(IS_EMPTY(none));
    CHECK_RC(sslkit_key_to_pem_with(ec, SSLKIT_KEY_FORMAT_TRADITIONAL, SSLKIT_CIPHER_AES_256_CBC,
                                    SSLKIT_KDF_PBKDF2, PASS(PW), &none),
             SSLKIT_ERR_INVALID_INPUT);
    CHECK_MSG("PKCS#8 encryption only");
    CHECK(IS_EMPTY(none));
    /* Unknown enum values. */
    CHECK_RC(sslkit_key_to_pem_with(ec, (sslkit_key_format)2, SSLKIT_CIPHER_AES_256_CBC,
                                    SSLKIT_KDF_SCRYPT, NULL, 0, &none),
             SSLKIT_ERR_INVALID_INPUT);
    CHECK_MSG("sslkit_key_format");
    CHECK_RC(sslkit_key_to_pem_with(ec, SSLKIT_KEY_FORMAT_PKCS8, (sslkit_cipher)7,
                                    SSLKIT_KDF_SCRYPT, NULL, 0, &none),
             SSLKIT_ERR_INVALID_INPUT);
    CHECK_MSG("sslkit_cipher");
    CHECK_RC(sslkit_key_to_pem_with(ec, SSLKIT_KEY_FORMAT_PKCS8, SSLKIT_CIPHER_AES_256_CBC,
                                    (sslkit_kdf)-3, NULL, 0, &none),
             SSLKIT_ERR_INVALID_INPUT);
    CHECK_MSG("sslkit_kdf");
    /* NULL arguments. */
    CHECK_NULL_ARG(sslkit_key_to_pem_with(NULL, SSLKIT_KEY_FORMAT_PKCS8,
                                          SSLKIT_CIPHER_AES_256_CBC, SSLKIT_KDF_SCRYPT, NULL, 0,
                                          &none),
                   "sslkit_key_to_pem_with");
    CHECK_NULL_ARG(sslkit_key_to_pem_with(ec, SSLKIT_KEY_FORMAT_PKCS8, SSLKIT_CIPHER_AES_256_CBC,
                                          SSLKIT_KDF_SCRYPT, NULL, 2, &none),
                   "sslkit_key_to_pem_with");
    CHECK_NULL_ARG(sslkit_key_to_pem_with(ec, SSLKIT_KEY_FORMAT_PKCS8, SSLKIT_CIPHER_AES_256_CBC,
                                          SSLKIT_KDF_SCRYPT, NULL, 0, NULL),
                   "sslkit_key_to_pem_with");
    CHECK(IS_EMPTY(none));
    sslkit_key_free(ec);
    sslkit_key_free(ed);
}

static void test_to_der_with(void) {
    sslkit_key *key = NULL;
    REQUIRE_OK(sslkit_key_generate(SSLKIT_KEY_EC_P256, 0, &key));
    sslkit_bytes der = {0}, sec1 = {0}, enc = {0};
    REQUIRE_OK(sslkit_key_to_der_with(key, SSLKIT_KEY_FORMAT_PKCS8, SSLKIT_CIPHER_AES_256_CBC,
                                      SSLKIT_KDF_SCRYPT, NULL, 0, &der));
    CHECK(der.len > 0 && der.data[0] == 0x30);
    CHECK(der.data[der.len] == 0);
    REQUIRE(write_bytes(work("k.der"), der));
    CHECK(sh("openssl pkey -inform DER -in '%s' -noout", work("k.der")) == 0);
    REQUIRE_OK(sslkit_key_to_der_with(key, SSLKIT_KEY_FORMAT_TRADITIONAL,
                                      SSLKIT_CIPHER_AES_256_CBC, SSLKIT_KDF_SCRYPT, NULL, 0,
                                      &sec1));
    REQUIRE(write_bytes(work("k.sec1.der"), sec1));
    CHECK(sh("openssl ec -inform DER -in '%s' -noout", work("k.sec1.der")) == 0);
    REQUIRE_OK(sslkit_key_to_der_with(key, SSLKIT_KEY_FORMAT_PKCS8, SSLKIT_CIPHER_AES_256_CBC,
                                      SSLKIT_KDF_SCRYPT, PASS(PW), &enc));
    REQUIRE(write_bytes(work("k.enc.der"), enc));
    CHECK(sh("openssl pkey -inform DER -in '%s' -passin 'pass:%s' -noout", work("k.enc.der"),
             PW) == 0);

    /* Round trips. */
    sslkit_key *a = NULL, *b = SENTINEL, *c = NULL;
    CHECK_OK(sslkit_key_from_der(der.data, der.len, NULL, 0, &a));
    CHECK_RC(sslkit_key_from_der(enc.data, enc.len, NULL, 0, &b), SSLKIT_ERR_PASSPHRASE_REQUIRED);
    CHECK(b == NULL);
    CHECK_OK(sslkit_key_from_der(enc.data, enc.len, PASS(PW), &b));
    CHECK_OK(sslkit_key_from_der(sec1.data, sec1.len, NULL, 0, &c));
    sslkit_bytes fa = {0}, fb = {0}, fc = {0}, fk = {0};
    CHECK_OK(sslkit_key_spki_fingerprint(key, &fk));
    CHECK_OK(sslkit_key_spki_fingerprint(a, &fa));
    CHECK_OK(sslkit_key_spki_fingerprint(b, &fb));
    CHECK_OK(sslkit_key_spki_fingerprint(c, &fc));
    CHECK(fk.data && fa.data && fb.data && fc.data);
    if (fk.data && fa.data && fb.data && fc.data) {
        CHECK(strcmp(STR(fk), STR(fa)) == 0 && strcmp(STR(fk), STR(fb)) == 0 &&
              strcmp(STR(fk), STR(fc)) == 0);
    }

    /* Legacy encryption exists only in PEM. */
    sslkit_bytes none = GARBAGE_BYTES;
    CHECK_RC(sslkit_key_to_der_with(key, SSLKIT_KEY_FORMAT_TRADITIONAL,
                                    SSLKIT_CIPHER_AES_256_CBC, SSLKIT_KDF_SCRYPT, PASS(PW), &none),
             SSLKIT_ERR_INVALID_INPUT);
    CHECK(IS_EMPTY(none));
    CHECK_RC(sslkit_key_to_der_with(key, (sslkit_key_format)9, SSLKIT_CIPHER_AES_256_CBC,
                                    SSLKIT_KDF_SCRYPT, NULL, 0, &none),
             SSLKIT_ERR_INVALID_INPUT);
    CHECK_NULL_ARG(sslkit_key_to_der_with(NULL, SSLKIT_KEY_FORMAT_PKCS8,
                                          SSLKIT_CIPHER_AES_256_CBC, SSLKIT_KDF_SCRYPT, NULL, 0,
                                          &none),
                   "sslkit_key_to_der_with");
    CHECK_NULL_ARG(sslkit_key_to_der_with(key, SSLKIT_KEY_FORMAT_PKCS8, SSLKIT_CIPHER_AES_256_CBC,
                                          SSLKIT_KDF_SCRYPT, NULL, 1, &none),
                   "sslkit_key_to_der_with");
    CHECK_NULL_ARG(sslkit_key_to_der_with(key, SSLKIT_KEY_FORMAT_PKCS8, SSLKIT_CIPHER_AES_256_CBC,
                                          SSLKIT_KDF_SCRYPT, NULL, 0, NULL),
                   "sslkit_key_to_der_with");

    sslkit_bytes_free(&fa);
    sslkit_bytes_free(&fb);
    sslkit_bytes_free(&fc);
    sslkit_bytes_free(&fk);
    sslkit_key_free(a);
    sslkit_key_free(b);
    sslkit_key_free(c);
    sslkit_bytes_free(&der);
    sslkit_bytes_free(&sec1);
    sslkit_bytes_free(&enc);
    sslkit_key_free(key);
}

static void test_inspection_and_spki(void) {
    sslkit_key *key = NULL;
    REQUIRE_OK(sslkit_key_generate(SSLKIT_KEY_EC_P256, 0, &key));
    sslkit_bytes pem = {0}, fp = GARBAGE_BYTES, pin = GARBAGE_BYTES;
    REQUIRE_OK(sslkit_key_to_pem(key, NULL, 0, &pem));
    REQUIRE(write_bytes(work("spki.pem"), pem));
    REQUIRE_OK(sslkit_key_spki_fingerprint(key, &fp));
    REQUIRE_OK(sslkit_key_spki_pin(key, &pin));
    CHECK(fp.len == 95); /* 32 bytes as AA:BB:... */
    CHECK(pin.len == 44); /* 32 bytes in base64 */

    /* openssl's view: SHA-256 of the DER SubjectPublicKeyInfo. */
    CHECK(sh("openssl pkey -in '%s' -pubout -outform DER | openssl dgst -sha256 -c",
             work("spki.pem")) == 0);
    CHECK(strcasecmp(after_eq(sh_output()) + 1, STR(fp)) == 0);
    CHECK(sh("openssl pkey -in '%s' -pubout -outform DER | openssl dgst -sha256 -binary | "
             "openssl base64 -A",
             work("spki.pem")) == 0);
    CHECK(strcmp(sh_output(), STR(pin)) == 0);

    /* NULL arguments and reset outputs. */
    sslkit_key_type t = SSLKIT_KEY_ED25519;
    uint32_t bits = 77;
    CHECK_NULL_ARG(sslkit_key_algorithm(NULL, &t), "sslkit_key_algorithm");
    CHECK(t == SSLKIT_KEY_RSA); /* reset to 0 */
    CHECK_NULL_ARG(sslkit_key_algorithm(key, NULL), "sslkit_key_algorithm");
    CHECK_NULL_ARG(sslkit_key_bits(NULL, &bits), "sslkit_key_bits");
    CHECK(bits == 0);
    CHECK_NULL_ARG(sslkit_key_bits(key, NULL), "sslkit_key_bits");
    sslkit_bytes none = GARBAGE_BYTES;
    CHECK_NULL_ARG(sslkit_key_spki_fingerprint(NULL, &none), "sslkit_key_spki_fingerprint");
    CHECK(IS_EMPTY(none));
    CHECK_NULL_ARG(sslkit_key_spki_fingerprint(key, NULL), "sslkit_key_spki_fingerprint");
    none = (sslkit_bytes)GARBAGE_BYTES;
    CHECK_NULL_ARG(sslkit_key_spki_pin(NULL, &none), "sslkit_key_spki_pin");
    CHECK(IS_EMPTY(none));
    CHECK_NULL_ARG(sslkit_key_spki_pin(key, NULL), "sslkit_key_spki_pin");

    sslkit_bytes_free(&pem);
    sslkit_bytes_free(&fp);
    sslkit_bytes_free(&pin);
    sslkit_key_free(key);
}

int main(int argc, char **argv) {
    harness_init(argc, argv);
    RUN(test_generate_each_type);
    RUN(test_generate_errors);
    RUN(test_rsa_fixture_and_openssl_formats);
    RUN(test_from_pem_errors);
    RUN(test_to_pem_clear_and_encrypted);
    RUN(test_to_pem_with_choices);
    RUN(test_to_der_with);
    RUN(test_inspection_and_spki);
    return harness_finish();
}
