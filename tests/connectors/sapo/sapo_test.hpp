#pragma once
// Sapo deliveries for the tests: a fixture (or a variant of one) signed with the test secret and
// sent with the headers Sapo Web or Sapo GO would send.
#include <catch2/catch.hpp>

#include <string>
#include <utility>

#include "connectors/fixture.hpp"
#include "sapo/sapo.hpp"
#include "util/error.hpp"

namespace loyalty::test::sapo {

inline const std::string secret = "sapo-test-secret-7c1d";

inline const connectors::Connector& connector() { return connectors::sapo_connector(); }

// `body` with `from` replaced once by `to`; the fixture must contain `from`, so a fixture edit
// cannot silently turn a test into one that checks nothing.
inline std::string edit(std::string body, const std::string& from, const std::string& to) {
    auto at = body.find(from);
    REQUIRE(at != std::string::npos);
    body.replace(at, from.size(), to);
    return body;
}

inline connectors::Headers web_headers(const std::string& topic, const std::string& body) {
    return headers({{"X-Sapo-Hmac-Sha256", base64_signature(body, secret)},
                    {"X-Sapo-Topic", topic},
                    {"X-Sapo-Shop-Domain", "cotton-saigon.mysapo.net"}});
}

inline connectors::Headers go_headers(const std::string& topic, const std::string& body, const std::string& object_id,
                                      const std::string& version) {
    return headers({{"x-sapo-hmac-sha256", base64_signature(body, secret)},
                    {"x-sapo-topic", topic},
                    {"x-sapo-tenant-domain", "cafe-caudat.mysapogo.com"},
                    {"x-sapo-object-id", object_id},
                    {"x-event-version", version}});
}

// Verifies as the engine would, then maps.
inline core::Delivery deliver(const connectors::Headers& h, const std::string& body) {
    return verified_map(connector(), h, body, secret);
}

inline core::Delivery web(const std::string& topic, const std::string& body) {
    return deliver(web_headers(topic, body), body);
}

inline core::Delivery go(const std::string& topic, const std::string& body, const std::string& object_id = "118693530",
                         const std::string& version = "7") {
    return deliver(go_headers(topic, body, object_id, version), body);
}

template <class Event>
const Event& only(const core::Delivery& d) {
    REQUIRE(d.events.size() == 1);
    REQUIRE(std::holds_alternative<Event>(d.events[0]));
    return std::get<Event>(d.events[0]);
}

inline const core::OrderInput& order_of(const core::Delivery& d) { return only<core::OrderUpdate>(d).order; }

// The invalid_argument message of mapping `body`, or "" when it did not throw that.
template <class Map>
std::string refusal(Map&& map) {
    try {
        map();
    } catch (const core::Error& e) {
        if (e.status() == core::Status::invalid_argument) return e.what();
        return std::string("wrong status: ") + e.what();
    }
    return "";
}

}  // namespace loyalty::test::sapo
