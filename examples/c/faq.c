/*
 * The Apache mod_ssl FAQ, done with libsslkit instead of `openssl` commands:
 *
 *   1. a server key with a passphrase          openssl genrsa -des3 -out server.key 2048
 *   2. the passphrase removed for unattended   openssl rsa -in server.key -out server.key.unsecure
 *      restarts
 *   3. a CSR                                   openssl req -new -key server.key -out server.csr
 *   4. a small CA (root + intermediate) that   openssl req -x509 ..., openssl x509 -req -CA ...
 *      signs the CSR
 *   5. "does the key match the certificate?"   openssl x509 -noout -modulus -in server.crt | openssl md5
 *   6. the certificate chain, in order         (by hand)
 *
 * Build: cc -std=c11 faq.c $(pkg-config --cflags --libs sslkit) -o faq
 * Run:   ./faq [DIR]      (writes its files into DIR, default ".")
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sslkit.h>

static const char *dir = ".";

/* Stops the program with sslkit's message when a call fails. */
static void check(sslkit_result rc, const char *what) {
    if (rc == SSLKIT_OK) return;
    char msg[512];
    sslkit_last_error_message(msg, sizeof msg);
    fprintf(stderr, "faq: %s: %s (%s)\n", what, msg, sslkit_result_name(rc));
    exit(1);
}

static void save(const char *name, sslkit_bytes *b) {
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(b->data, 1, b->len, f) != b->len || fclose(f) != 0) {
        fprintf(stderr, "faq: cannot write %s\n", path);
        exit(1);
    }
    printf("  wrote %s\n", path);
}

int main(int argc, char **argv) {
    if (argc > 1) dir = argv[1];
    const char *pass = "change me"; /* in real life: ask for it, do not put it in a program */
    printf("sslkit %s\n", sslkit_version());

    /* 1. The server key, RSA 2048 as in the FAQ, encrypted with a passphrase (PKCS#8,
     * AES-256-CBC, scrypt; SSLKIT_KEY_FORMAT_TRADITIONAL + SSLKIT_CIPHER_DES_EDE3_CBC would
     * write exactly what `genrsa -des3` wrote in OpenSSL 1.x). */
    printf("1. server key\n");
    sslkit_key *key = NULL;
    check(sslkit_key_generate(SSLKIT_KEY_RSA, 2048, &key), "generate the server key");
    sslkit_bytes key_pem = {0};
    check(sslkit_key_to_pem(key, (const uint8_t *)pass, strlen(pass), &key_pem), "encrypt the key");
    save("server.key", &key_pem);
    sslkit_key_free(key);

    /* 2. Apache asks for the passphrase at every start; the FAQ's answer is a copy without it
     * (readable by root only!). Reading the key needs the passphrase: */
    printf("2. passphrase removed\n");
    key = NULL;
    sslkit_result rc = sslkit_key_from_pem(key_pem.data, key_pem.len, NULL, 0, &key);
    printf("  without the passphrase: %s\n", sslkit_result_name(rc));
    check(sslkit_key_from_pem(key_pem.data, key_pem.len, (const uint8_t *)pass, strlen(pass), &key),
          "decrypt the key");
    sslkit_bytes clear_pem = {0};
    check(sslkit_key_to_pem(key, NULL, 0, &clear_pem), "write the key in the clear");
    save("server.key.unsecure", &clear_pem);
    sslkit_bytes_free(&clear_pem); /* wipes the private key from memory, then frees it */

    /* 3. The CSR. Browsers read only the SANs; sslkit also puts the CN there. */
    printf("3. certificate signing request\n");
    const char *sans[] = {"DNS:www.foo.dom", "DNS:foo.dom"};
    sslkit_csr *csr = NULL;
    check(sslkit_csr_create(key, "/C=US/ST=CA/O=Foo Inc/CN=www.foo.dom", sans, 2, &csr),
          "make the CSR");
    sslkit_bytes csr_pem = {0};
    check(sslkit_csr_to_pem(csr, &csr_pem), "write the CSR");
    save("server.csr", &csr_pem);

    /* 4. A small CA: a root, an intermediate that signs only leaves (pathlen 0), and the
     * server certificate signed by the intermediate. */
    printf("4. CA signs the request\n");
    sslkit_key *root_key = NULL, *inter_key = NULL;
    check(sslkit_key_generate(SSLKIT_KEY_EC_P384, 0, &root_key), "generate the root key");
    check(sslkit_key_generate(SSLKIT_KEY_EC_P256, 0, &inter_key), "generate the CA key");
    sslkit_cert *root = NULL, *inter = NULL, *server = NULL;
    check(sslkit_ca_create_root(root_key, "/O=Foo Inc/CN=Foo Root CA", 0, &root), "make the root");
    check(sslkit_ca_create_intermediate(root, root_key, inter_key, "/O=Foo Inc/CN=Foo Issuing CA",
                                        0, 0, &inter),
          "make the intermediate");
    check(sslkit_ca_sign_csr(inter, inter_key, csr, 365, SSLKIT_PROFILE_SERVER, &server),
          "sign the CSR");
    sslkit_bytes root_pem = {0}, inter_pem = {0}, server_pem = {0};
    check(sslkit_cert_to_pem(root, &root_pem), "write the root");
    check(sslkit_cert_to_pem(inter, &inter_pem), "write the intermediate");
    check(sslkit_cert_to_pem(server, &server_pem), "write the certificate");
    save("ca.crt", &root_pem);
    save("server.crt", &server_pem);
    sslkit_bytes subject = {0}, issuer = {0}, fp = {0};
    check(sslkit_cert_subject(server, &subject), "subject");
    check(sslkit_cert_issuer(server, &issuer), "issuer");
    check(sslkit_cert_fingerprint(server, SSLKIT_FINGERPRINT_SHA256, &fp), "fingerprint");
    printf("  subject %s\n  issuer  %s\n  SHA256  %s\n", (const char *)subject.data,
           (const char *)issuer.data, (const char *)fp.data);

    /* 5. The FAQ's check: the same modulus MD5 for key, CSR and certificate. */
    printf("5. does the key match the certificate?\n");
    char md5_key[33], md5_csr[33], md5_crt[33];
    check(sslkit_modulus_md5(key_pem.data, key_pem.len, (const uint8_t *)pass, strlen(pass),
                             md5_key),
          "modulus of the key");
    check(sslkit_modulus_md5(csr_pem.data, csr_pem.len, NULL, 0, md5_csr), "modulus of the CSR");
    check(sslkit_modulus_md5(server_pem.data, server_pem.len, NULL, 0, md5_crt),
          "modulus of the certificate");
    printf("  server.key  MD5(stdin)= %s\n  server.csr  MD5(stdin)= %s\n"
           "  server.crt  MD5(stdin)= %s\n",
           md5_key, md5_csr, md5_crt);
    if (strcmp(md5_key, md5_crt) != 0 || strcmp(md5_key, md5_csr) != 0) {
        fprintf(stderr, "faq: the modulus MD5s differ\n");
        return 1;
    }
    check(sslkit_key_matches_cert(key, server), "match the key and the certificate");
    printf("  they match (sslkit_key_matches_cert agrees, and works for EC keys too)\n");

    /* 6. The chain: from a pile of certificates in any order, sslkit returns the leaf first,
     * then the intermediates (the root only when asked: clients have it already). That is the
     * SSLCertificateFile of Apache >= 2.4.8 (and nginx's ssl_certificate); older Apache wants
     * the intermediates alone in SSLCertificateChainFile. Then verify it as a browser that
     * trusts the root would. */
    printf("6. certificate chain\n");
    size_t pool_len = root_pem.len + inter_pem.len;
    char *pool = malloc(pool_len + 1);
    if (!pool) return 1;
    memcpy(pool, root_pem.data, root_pem.len); /* root first: the order does not matter */
    memcpy(pool + root_pem.len, inter_pem.data, inter_pem.len + 1);
    sslkit_bytes fullchain = {0};
    check(sslkit_chain_assemble(server, (const uint8_t *)pool, pool_len, false, &fullchain),
          "assemble the chain");
    save("fullchain.pem", &fullchain);
    sslkit_certs *certs = NULL;
    size_t n = 0;
    check(sslkit_certs_from_pem(fullchain.data, fullchain.len, &certs), "read the chain");
    check(sslkit_certs_count(certs, &n), "count the chain");
    char path_name[1024];
    snprintf(path_name, sizeof path_name, "%s/chain.pem", dir);
    FILE *chain_file = fopen(path_name, "wb");
    for (size_t i = 1; chain_file && i < n; i++) { /* without the leaf */
        sslkit_cert *c = NULL;
        sslkit_bytes pem = {0};
        check(sslkit_certs_get(certs, i, &c), "take a certificate");
        check(sslkit_cert_to_pem(c, &pem), "write a certificate");
        fwrite(pem.data, 1, pem.len, chain_file);
        sslkit_bytes_free(&pem);
        sslkit_cert_free(c);
    }
    if (!chain_file || fclose(chain_file) != 0) {
        fprintf(stderr, "faq: cannot write %s\n", path_name);
        return 1;
    }
    printf("  wrote %s (%zu intermediate)\n", path_name, n - 1);
    sslkit_certs_free(certs);
    sslkit_bytes path = {0};
    check(sslkit_chain_verify(server, fullchain.data, fullchain.len, root_pem.data, root_pem.len,
                              "www.foo.dom", 0, &path),
          "verify the chain");
    printf("  verified for www.foo.dom up to the root\n\n");
    printf("Apache 2.4.8+:\n  SSLCertificateFile    %s/fullchain.pem\n"
           "  SSLCertificateKeyFile %s/server.key.unsecure\n"
           "older Apache:\n  SSLCertificateFile    %s/server.crt\n"
           "  SSLCertificateChainFile %s/chain.pem\n",
           dir, dir, dir, dir);

    free(pool);
    sslkit_bytes *bytes[] = {&key_pem, &csr_pem, &root_pem, &inter_pem, &server_pem,
                             &subject, &issuer, &fp, &fullchain, &path};
    for (size_t i = 0; i < sizeof bytes / sizeof bytes[0]; i++) sslkit_bytes_free(bytes[i]);
    sslkit_cert_free(server);
    sslkit_cert_free(inter);
    sslkit_cert_free(root);
    sslkit_key_free(inter_key);
    sslkit_key_free(root_key);
    sslkit_csr_free(csr);
    sslkit_key_free(key);
    return 0;
}
