#include <catch2/catch.hpp>
#include <sys/stat.h>

#include <fstream>

#include "../temp_path.hpp"
#include "token_box.hpp"
#include "util/error.hpp"

using loyalty::apps::TokenBox;

namespace {

std::array<uint8_t, 32> key_of(uint8_t fill) {
    std::array<uint8_t, 32> k{};
    k.fill(fill);
    k[31] = 7;
    return k;
}

std::string key_file(const std::string& contents, mode_t mode = 0600) {
    std::string path = loyalty::test::temp_db("token-key");
    std::ofstream(path, std::ios::binary) << contents;
    ::chmod(path.c_str(), mode);
    return path;
}

}  // namespace

TEST_CASE("a sealed token opens with its key and context, and with nothing else", "[apps][secrets]") {
    TokenBox box(key_of(1));
    std::string token = "hrv-access-token-0123456789";
    std::string sealed = box.seal(token, "shop-a/haravan");
    CHECK(sealed.find(token) == std::string::npos);
    CHECK(sealed.size() == 1 + 12 + token.size() + 16);
    CHECK(box.open(sealed, "shop-a/haravan") == token);
    // Each seal draws a new nonce: equal tokens do not look equal at rest.
    CHECK(box.seal(token, "shop-a/haravan") != sealed);
    CHECK(box.open(box.seal("", "c"), "c").empty());

    CHECK_THROWS_AS(box.open(sealed, "shop-b/haravan"), loyalty::core::Error);
    CHECK_THROWS_AS(TokenBox(key_of(2)).open(sealed, "shop-a/haravan"), loyalty::core::Error);
    for (std::size_t i : {std::size_t{1}, std::size_t{13}, sealed.size() - 1}) {
        std::string altered = sealed;
        altered[i] = static_cast<char>(altered[i] ^ 0x01);
        CHECK_THROWS_AS(box.open(altered, "shop-a/haravan"), loyalty::core::Error);
    }
    CHECK_THROWS_AS(box.open(sealed.substr(0, 20), "shop-a/haravan"), loyalty::core::Error);
    std::string newer = sealed;
    newer[0] = 2;
    CHECK_THROWS_WITH(box.open(newer, "shop-a/haravan"), Catch::Contains("newer release"));
}

TEST_CASE("the token key file holds 32 bytes, raw or hex, readable by its owner only", "[apps][secrets]") {
    std::string raw(32, '\x5a');
    TokenBox from_raw = TokenBox::from_key_file(key_file(raw));
    std::string hex;
    for (int i = 0; i < 32; ++i) hex += "5a";
    TokenBox from_hex = TokenBox::from_key_file(key_file(hex + "\n"));
    // Both spellings are the same key.
    CHECK(from_hex.open(from_raw.seal("t", "c"), "c") == "t");

    CHECK_THROWS_WITH(TokenBox::from_key_file(key_file(std::string(31, 'x'))), Catch::Contains("32 random bytes"));
    CHECK_THROWS_WITH(TokenBox::from_key_file(key_file(std::string(64, 'g'))), Catch::Contains("32 random bytes"));
    CHECK_THROWS_WITH(TokenBox::from_key_file(key_file(raw, 0644)), Catch::Contains("chmod 600"));
    CHECK_THROWS_WITH(TokenBox::from_key_file(loyalty::test::temp_db("absent")), Catch::Contains("cannot be read"));
}
