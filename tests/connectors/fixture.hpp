#pragma once
// Fixtures are real-shaped deliveries kept under tests/fixtures/<platform>/; tests sign them with
// a test secret, as the platform would, so every byte the signature covers is the fixture's.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

#include "common/crypto.hpp"
#include "common/headers.hpp"
#include "connector.hpp"
#include "util/error.hpp"
#include "util/zone.hpp"

namespace loyalty::test {

inline std::string fixture(const std::string& relative) {
    std::ifstream in(std::string(LOYALTY_FIXTURES) + "/" + relative, std::ios::binary);
    if (!in) throw std::runtime_error("missing fixture " + relative);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline const core::Zone& saigon() {
    static auto zone = core::Zone::load("Asia/Ho_Chi_Minh");
    return *zone;
}

// base64(HMAC-SHA256(body, secret)): how Haravan and Sapo sign.
inline std::string base64_signature(const std::string& body, const std::string& secret) {
    return connectors::base64_encode(connectors::hmac_sha256(secret, body));
}

inline connectors::Headers headers(std::initializer_list<std::pair<std::string, std::string>> items) {
    connectors::Headers h;
    for (const auto& [name, value] : items) h.add(name, value);
    return h;
}

// Checks the signature as the engine would before mapping, in Saigon time: a test must not pass on
// a body whose signature the engine would turn away before ever mapping it.
inline core::Delivery verified_map(const connectors::Connector& connector, const connectors::Headers& h,
                                   const std::string& body, const std::string& secret) {
    REQUIRE(connector.verify(h, body, {secret}));
    return connector.map(h, body, saigon());
}

// `text` with its one occurrence of `from` replaced: a fixture varied in exactly the field a test
// means, so a fixture edit cannot quietly make the test check something else, or nothing.
inline std::string replaced(std::string text, const std::string& from, const std::string& to) {
    auto first = text.find(from);
    REQUIRE(first != std::string::npos);
    REQUIRE(text.find(from, first + 1) == std::string::npos);
    return text.replace(first, from.size(), to);
}

// The message of the invalid_argument that `map()` raises; fails the test on anything else,
// including no error at all.
template <class Map>
std::string refusal_message(Map&& map) {
    try {
        map();
    } catch (const core::Error& e) {
        CHECK(e.status() == core::Status::invalid_argument);
        return e.what();
    }
    FAIL("the delivery was accepted");
    return {};
}

}  // namespace loyalty::test
