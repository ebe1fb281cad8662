#pragma once
// A test CA and a leaf certificate for localhost (SAN DNS:localhost, IP:127.0.0.1) signed by it,
// made with OpenSSL when the tests run and never committed: the client under test verifies a real
// chain and a real host name. unknown_ca() is a second, unrelated CA with its own leaf.
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <stdexcept>
#include <string>

#include "../temp_path.hpp"

namespace loyalty::test {

struct TestPki {
    std::string ca_file;    // the CA certificate (PEM): what a client trusts
    std::string cert_file;  // the leaf certificate (PEM), for the server
    std::string key_file;   // the leaf's private key (PEM)
};

namespace detail {

inline void add_ext(X509* cert, X509* issuer, int nid, const char* value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    if (!ext) throw std::runtime_error(std::string("OpenSSL refused the extension ") + value);
    X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
}

inline X509* new_cert(EVP_PKEY* key, long serial, const char* common_name) {
    X509* x = X509_new();
    if (!x) throw std::runtime_error("OpenSSL could not make a certificate");
    X509_set_version(x, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(x), serial);
    X509_gmtime_adj(X509_getm_notBefore(x), -60);
    X509_gmtime_adj(X509_getm_notAfter(x), 24 * 3600);
    X509_set_pubkey(x, key);
    X509_NAME_add_entry_by_txt(X509_get_subject_name(x), "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>(common_name), -1, -1, 0);
    return x;
}

inline void write_pem(const std::string& path, X509* cert, EVP_PKEY* key) {
    FILE* f = std::fopen(path.c_str(), "w");
    if (!f) throw std::runtime_error("cannot write " + path);
    if (cert) PEM_write_X509(f, cert);
    if (key) PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr);
    std::fclose(f);
}

}  // namespace detail

inline TestPki make_test_pki(const std::string& name, const char* leaf_san = "DNS:localhost,IP:127.0.0.1") {
    using namespace detail;
    EVP_PKEY* ca_key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
    EVP_PKEY* leaf_key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
    if (!ca_key || !leaf_key) throw std::runtime_error("OpenSSL could not make a test key");

    std::string ca_name = "Loyalty test CA " + name;
    X509* ca = new_cert(ca_key, 1, ca_name.c_str());
    X509_set_issuer_name(ca, X509_get_subject_name(ca));
    add_ext(ca, ca, NID_basic_constraints, "critical,CA:TRUE");
    add_ext(ca, ca, NID_key_usage, "critical,keyCertSign,cRLSign");
    add_ext(ca, ca, NID_subject_key_identifier, "hash");
    X509_sign(ca, ca_key, EVP_sha256());

    X509* leaf = new_cert(leaf_key, 2, "localhost");
    X509_set_issuer_name(leaf, X509_get_subject_name(ca));
    add_ext(leaf, ca, NID_basic_constraints, "CA:FALSE");
    add_ext(leaf, ca, NID_key_usage, "critical,digitalSignature");
    add_ext(leaf, ca, NID_ext_key_usage, "serverAuth");
    add_ext(leaf, ca, NID_subject_alt_name, leaf_san);
    add_ext(leaf, ca, NID_subject_key_identifier, "hash");
    add_ext(leaf, ca, NID_authority_key_identifier, "keyid:always");
    X509_sign(leaf, ca_key, EVP_sha256());

    std::string base = temp_db("pki-" + name);
    TestPki out{base + ".ca.pem", base + ".cert.pem", base + ".key.pem"};
    write_pem(out.ca_file, ca, nullptr);
    write_pem(out.cert_file, leaf, nullptr);
    write_pem(out.key_file, nullptr, leaf_key);
    X509_free(leaf);
    X509_free(ca);
    EVP_PKEY_free(leaf_key);
    EVP_PKEY_free(ca_key);
    return out;
}

// The CA the tests' clients trust.
inline const TestPki& test_ca() {
    static const TestPki pki = make_test_pki("trusted");
    return pki;
}

// A CA no test client trusts.
inline const TestPki& unknown_ca() {
    static const TestPki pki = make_test_pki("unknown");
    return pki;
}

}  // namespace loyalty::test
