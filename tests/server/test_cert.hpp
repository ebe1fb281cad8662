#pragma once
// A self-signed certificate for localhost, made with OpenSSL when the tests run and never committed.
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <stdexcept>
#include <string>
#include <unistd.h>

#include "../temp_path.hpp"

namespace loyalty::test {

struct TestCert {
    std::string cert;
    std::string key;
};

inline const TestCert& test_cert() {
    static const TestCert made = [] {
        EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
        X509* x = X509_new();
        if (!key || !x) throw std::runtime_error("OpenSSL could not make a test key");
        X509_set_version(x, 2);
        ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
        X509_gmtime_adj(X509_getm_notBefore(x), -60);
        X509_gmtime_adj(X509_getm_notAfter(x), 24 * 3600);
        X509_set_pubkey(x, key);
        X509_NAME* name = X509_get_subject_name(x);
        X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("localhost"), -1,
                                   -1, 0);
        X509_set_issuer_name(x, name);
        X509V3_CTX ctx;
        X509V3_set_ctx_nodb(&ctx);
        X509V3_set_ctx(&ctx, x, x, nullptr, nullptr, 0);
        X509_EXTENSION* san = X509V3_EXT_conf_nid(nullptr, &ctx, NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1");
        X509_add_ext(x, san, -1);
        X509_EXTENSION_free(san);
        X509_sign(x, key, EVP_sha256());
        std::string base = temp_db("tls");
        TestCert out{base + ".cert.pem", base + ".key.pem"};
        FILE* c = std::fopen(out.cert.c_str(), "w");
        FILE* k = std::fopen(out.key.c_str(), "w");
        if (!c || !k) throw std::runtime_error("cannot write the test certificate");
        PEM_write_X509(c, x);
        PEM_write_PrivateKey(k, key, nullptr, nullptr, 0, nullptr, nullptr);
        std::fclose(c);
        std::fclose(k);
        X509_free(x);
        EVP_PKEY_free(key);
        return out;
    }();
    return made;
}

}  // namespace loyalty::test
