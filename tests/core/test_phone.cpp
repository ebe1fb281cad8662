#include <catch2/catch.hpp>

#include <optional>
#include <string>

#include "util/phone.hpp"

using loyalty::core::canonical_phone;

namespace {
std::optional<std::string> none() { return std::nullopt; }
}  // namespace

TEST_CASE("canonical_phone: Vietnamese mobile in every prefix form", "[phone]") {
    const std::string expected = "+84912345678";
    for (const char* raw :
         {"0912345678", "+84912345678", "84912345678", "0084912345678", "912345678"}) {
        INFO(raw);
        CHECK(canonical_phone(raw) == expected);
    }
}

TEST_CASE("canonical_phone: separators between digits", "[phone]") {
    const std::string expected = "+84912345678";
    for (const char* raw :
         {"0912 345 678", "0912.345.678", "0912-345-678", "(091) 234 5678", "091-234-5678",
          "+84 912 345 678", "+84-912-345-678", "+84.912.345.678", "+84 (912) 345-678",
          "(+84) 912 345 678", "84 912 345 678", "0084 912 345 678", " 0912345678 ",
          "0912  345 . 678", "00 84 912 345 678"}) {
        INFO(raw);
        CHECK(canonical_phone(raw) == expected);
    }
}

TEST_CASE("canonical_phone: every pre-2018 11-digit mobile prefix", "[phone]") {
    struct Row {
        const char* old_prefix;  // with trunk 0
        const char* new_prefix;  // with trunk 0
    };
    const Row rows[] = {
        {"0162", "032"}, {"0163", "033"}, {"0164", "034"}, {"0165", "035"}, {"0166", "036"},
        {"0167", "037"}, {"0168", "038"}, {"0169", "039"}, {"0120", "070"}, {"0121", "079"},
        {"0122", "077"}, {"0126", "076"}, {"0128", "078"}, {"0123", "083"}, {"0124", "084"},
        {"0125", "085"}, {"0127", "081"}, {"0129", "082"}, {"0186", "056"}, {"0188", "058"},
        {"0199", "059"},
    };
    for (const auto& row : rows) {
        const std::string subscriber = "6123456";
        const std::string old_national = std::string(row.old_prefix).substr(1) + subscriber;
        const std::string expected = "+84" + std::string(row.new_prefix).substr(1) + subscriber;
        INFO(row.old_prefix);
        CHECK(canonical_phone(std::string(row.old_prefix) + subscriber) == expected);
        CHECK(canonical_phone("+84" + old_national) == expected);
        CHECK(canonical_phone("84" + old_national) == expected);
        CHECK(canonical_phone("0084" + old_national) == expected);
        // The new number itself canonicalises to the same string, so old and new match one member.
        CHECK(canonical_phone(std::string(row.new_prefix) + subscriber) == expected);
    }
}

TEST_CASE("canonical_phone: the brief's renumbering example", "[phone]") {
    CHECK(canonical_phone("01626123456") == "+84326123456");
    CHECK(canonical_phone("+841626123456") == "+84326123456");
    CHECK(canonical_phone("841626123456") == "+84326123456");
    CHECK(canonical_phone("0162 612 3456") == "+84326123456");
}

TEST_CASE("canonical_phone: 11-digit numbers with an unassigned old prefix", "[phone]") {
    for (const char* raw : {"01306123456", "01616123456", "01706123456", "01876123456",
                            "01986123456", "01006123456", "+841306123456", "841306123456"}) {
        INFO(raw);
        CHECK(canonical_phone(raw) == none());
    }
}

TEST_CASE("canonical_phone: landlines", "[phone]") {
    for (const char* raw : {"024 3765 4321", "02437654321", "+84 24 3765 4321", "842437654321",
                            "0084 24 3765 4321", "(024) 3765-4321"}) {
        INFO(raw);
        CHECK(canonical_phone(raw) == "+842437654321");
    }
    CHECK(canonical_phone("028 3822 1234") == "+842838221234");
}

TEST_CASE("canonical_phone: bare national numbers", "[phone]") {
    // Nine digits without a trunk 0: a national number whose 0 was dropped.
    CHECK(canonical_phone("912345678") == "+84912345678");
    CHECK(canonical_phone("326123456") == "+84326123456");
    // Nine digits starting with 84 are a national number (084 is a mobile prefix), not "+84…".
    CHECK(canonical_phone("841234567") == "+84841234567");
    CHECK(canonical_phone("0841234567") == "+84841234567");
    // Ten bare digits are neither a national number nor 84 + one.
    CHECK(canonical_phone("2437654321") == none());
    CHECK(canonical_phone("1626123456") == none());
    CHECK(canonical_phone("8491234567") == none());
}

TEST_CASE("canonical_phone: wrong lengths for Vietnam", "[phone]") {
    for (const char* raw : {"091234567", "09123456789", "091234567890", "+8491234567",
                            "+849123456789", "+840912345678", "00840912345678", "8491234567890",
                            "0", "84", "+84", "0084", "00", "02437654321 1"}) {
        INFO(raw);
        CHECK(canonical_phone(raw) == none());
    }
    // An 11-digit national number starting with 2 is not a landline.
    CHECK(canonical_phone("024376543210") == none());
}

TEST_CASE("canonical_phone: other countries", "[phone]") {
    CHECK(canonical_phone("+1 415 555 2671") == "+14155552671");
    CHECK(canonical_phone("+1 (415) 555-2671") == "+14155552671");
    CHECK(canonical_phone("+44 20 7946 0958") == "+442079460958");
    CHECK(canonical_phone("+65 6123 4567") == "+6561234567");
    CHECK(canonical_phone("001 415 555 2671") == "+14155552671");
    // "00" then 243 (DR Congo): an international number, not a Vietnamese landline.
    CHECK(canonical_phone("00243 7654 3210") == "+24376543210");
    // E.164 bounds: 8 to 15 digits including the country code.
    CHECK(canonical_phone("+12345678") == "+12345678");
    CHECK(canonical_phone("+1234567") == none());
    CHECK(canonical_phone("+123456789012345") == "+123456789012345");
    CHECK(canonical_phone("+1234567890123456") == none());
    CHECK(canonical_phone("00123456789012345") == "+123456789012345");
    CHECK(canonical_phone("001234567890123456") == none());
    // Country codes never start with 0.
    CHECK(canonical_phone("+0912345678") == none());
    CHECK(canonical_phone("000912345678") == none());
}

TEST_CASE("canonical_phone: malformed input", "[phone]") {
    for (const char* raw : {"",
                            " ",
                            "-",
                            "()",
                            "+",
                            "++84912345678",
                            "+84+912345678",
                            "0912+345678",
                            "0912345678+",
                            "84+912345678",
                            ".+84912345678",
                            "-+84912345678",
                            "0912345678a",
                            "O912345678",
                            "abc",
                            "0912_345_678",
                            "0912/345/678",
                            "0912\t345678",
                            "0912,345,678",
                            "tel:0912345678",
                            "0912345678 ext 2",
                            "#0912345678",
                            "\xef\xbc\x90\x39\x31\x32"}) {
        INFO(raw);
        CHECK(canonical_phone(raw) == none());
    }
    CHECK(canonical_phone(std::string("0912") + '\0' + "345678") == none());
    CHECK(canonical_phone(std::string(10000, '9')) == none());
}
