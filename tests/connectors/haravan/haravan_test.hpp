#pragma once
// Shared by the Haravan tests: deliveries signed as Haravan signs them, and short ways to look at
// what the connector made of them.
#include <catch2/catch.hpp>

#include <string>
#include <variant>

#include "connectors/fixture.hpp"
#include "haravan/haravan.hpp"

namespace loyalty::test::haravan {

inline const std::string kSecret = "hrv_whsec_5f3a9c2e7b1d4086";
inline const std::string kOrgId = "1000012345";

inline const connectors::Connector& connector() { return connectors::haravan_connector(); }

inline connectors::Headers signed_headers(const std::string& topic, const std::string& body,
                                          const std::string& secret = kSecret) {
    return headers({{"X-Haravan-Hmacsha256", base64_signature(body, secret)},
                    {"X-Haravan-Topic", topic},
                    {"X-Haravan-Org-Id", kOrgId},
                    {"Content-Type", "application/json"}});
}

inline core::Delivery deliver(const std::string& topic, const std::string& body) {
    return verified_map(connector(), signed_headers(topic, body), body, kSecret);
}

inline core::OrderInput order_of(const core::Delivery& d) {
    REQUIRE(d.events.size() == 1);
    const auto* update = std::get_if<core::OrderUpdate>(&d.events[0]);
    REQUIRE(update != nullptr);
    return update->order;
}

inline core::OrderInput order_from(const std::string& topic, const std::string& body) {
    return order_of(deliver(topic, body));
}

inline core::CustomerInput customer_of(const core::Delivery& d) {
    REQUIRE(d.events.size() == 1);
    const auto* upsert = std::get_if<core::CustomerUpsert>(&d.events[0]);
    REQUIRE(upsert != nullptr);
    return upsert->customer;
}

inline core::Skipped skipped_of(const core::Delivery& d) {
    REQUIRE(d.events.size() == 1);
    const auto* skipped = std::get_if<core::Skipped>(&d.events[0]);
    REQUIRE(skipped != nullptr);
    return *skipped;
}

// The message of the invalid_argument that mapping `body` raises; fails the test on anything else.
inline std::string refusal(const std::string& topic, const std::string& body) {
    return refusal_message([&] { deliver(topic, body); });
}

}  // namespace loyalty::test::haravan
