#pragma once
// A throwaway self-signed certificate for "localhost" (P-256), so a bench's server speaks real TLS and
// no key sits in the repository. Throws std::runtime_error when OpenSSL or the files fail.
#include <string>

namespace loyalty::bench {

void write_self_signed(const std::string& cert_path, const std::string& key_path);

}  // namespace loyalty::bench
