#pragma once
// Shared by the KiotViet connector tests: fixtures signed as KiotViet signs them, then mapped.
#include <catch2/catch.hpp>

#include <string>
#include <variant>

#include "common/crypto.hpp"
#include "connectors/fixture.hpp"
#include "kiotviet/kiotviet.hpp"

namespace loyalty::test::kv {

// Registered with KiotViet as base64 text, as its registration asks: base64("kiotviet-test-secret-2024").
inline const std::string secret = "a2lvdHZpZXQtdGVzdC1zZWNyZXQtMjAyNA==";

inline const connectors::Connector& connector() { return connectors::kiotviet_connector(); }

// `sha256=<hex>` keyed with the registered string: the most common form integrations report.
inline std::string sign(const std::string& body, const std::string& key = secret) {
    return "sha256=" + connectors::hex_encode(connectors::hmac_sha256(key, body));
}

// Verifies `body` as the shop's endpoint would, then maps it in Saigon time.
inline core::Delivery deliver_body(const std::string& body) {
    return verified_map(connector(), headers({{"X-Hub-Signature", sign(body)}, {"Content-Type", "application/json"}}),
                        body, secret);
}

inline core::Delivery deliver(const std::string& name) { return deliver_body(fixture("kiotviet/" + name)); }

inline std::string kv_fixture(const std::string& name) { return fixture("kiotviet/" + name); }

// The message of the invalid_argument that mapping `body` throws; fails the test on anything else.
inline std::string refusal(const std::string& body) {
    return refusal_message([&] { connector().map({}, body, saigon()); });
}

inline const core::OrderInput& order_at(const core::Delivery& d, std::size_t i) {
    REQUIRE(i < d.events.size());
    REQUIRE(std::holds_alternative<core::OrderUpdate>(d.events[i]));
    return std::get<core::OrderUpdate>(d.events[i]).order;
}

inline const core::CustomerInput& customer_at(const core::Delivery& d, std::size_t i) {
    REQUIRE(i < d.events.size());
    REQUIRE(std::holds_alternative<core::CustomerUpsert>(d.events[i]));
    return std::get<core::CustomerUpsert>(d.events[i]).customer;
}

inline const core::Skipped& skipped_at(const core::Delivery& d, std::size_t i) {
    REQUIRE(i < d.events.size());
    REQUIRE(std::holds_alternative<core::Skipped>(d.events[i]));
    return std::get<core::Skipped>(d.events[i]);
}

inline const core::PlatformRef& unlinked_at(const core::Delivery& d, std::size_t i) {
    REQUIRE(i < d.events.size());
    REQUIRE(std::holds_alternative<core::CustomerUnlink>(d.events[i]));
    return std::get<core::CustomerUnlink>(d.events[i]).ref;
}

// From a temporary delivery, a copy: `const auto& o = order_at(deliver(..), 0)` stays valid.
inline core::OrderInput order_at(core::Delivery&& d, std::size_t i) { return order_at(d, i); }
inline core::CustomerInput customer_at(core::Delivery&& d, std::size_t i) { return customer_at(d, i); }
inline core::Skipped skipped_at(core::Delivery&& d, std::size_t i) { return skipped_at(d, i); }
inline core::PlatformRef unlinked_at(core::Delivery&& d, std::size_t i) { return unlinked_at(d, i); }

}  // namespace loyalty::test::kv
