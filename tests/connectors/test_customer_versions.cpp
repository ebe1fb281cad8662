// Every platform's customer updates carry a version, so the engine can refuse an older one
// arriving after a newer one.
#include <catch2/catch.hpp>

#include <variant>

#include "connector.hpp"
#include "connectors/fixture.hpp"

using namespace loyalty;

namespace {

std::optional<int64_t> version_of(const core::Delivery& d, std::size_t i = 0) {
    REQUIRE(d.events.size() > i);
    const auto* upsert = std::get_if<core::CustomerUpsert>(&d.events[i]);
    REQUIRE(upsert);
    return upsert->version;
}

}  // namespace

TEST_CASE("customer updates carry the platform's update time or event version", "[connectors][customer]") {
    const std::string secret = "versions-test-secret";
    SECTION("Haravan: updated_at") {
        std::string body = test::fixture("haravan/customer_update.json");
        auto h = test::headers({{"X-Haravan-Topic", "customers/update"},
                                {"X-Haravan-Hmacsha256", test::base64_signature(body, secret)}});
        auto d = test::verified_map(*connectors::find_connector("haravan"), h, body, secret);
        CHECK(version_of(d) == 1716197465128000);  // 2024-05-20T09:31:05.128Z
    }
    SECTION("Sapo Web: modified_on") {
        std::string body = test::fixture("sapo/web_customer.json");
        auto h = test::headers({{"X-Sapo-Topic", "customers/update"}, {"X-Sapo-Shop-Domain", "s.mysapo.net"},
                                {"X-Sapo-Hmac-Sha256", test::base64_signature(body, secret)}});
        auto d = test::verified_map(*connectors::find_connector("sapo"), h, body, secret);
        CHECK(version_of(d) == 1715585141000000);  // 2024-05-13T14:25:41+07:00
    }
    SECTION("Sapo GO: x-event-version") {
        std::string body = test::fixture("sapo/go_customer.json");
        auto h = test::headers({{"x-sapo-topic", "customers/update"}, {"x-sapo-tenant-domain", "s.mysapogo.com"},
                                {"x-sapo-object-id", "54124500"}, {"x-event-version", "17"},
                                {"x-sapo-hmac-sha256", test::base64_signature(body, secret)}});
        auto d = test::verified_map(*connectors::find_connector("sapo"), h, body, secret);
        CHECK(version_of(d) == 17);
    }
    SECTION("KiotViet: ModifiedDate, in the shop's time zone") {
        std::string body = test::fixture("kiotviet/customer_update.json");
        auto mac = connectors::hmac_sha256(secret, body);
        auto h = test::headers({{"X-Hub-Signature", "sha256=" + connectors::hex_encode(mac)}});
        auto d = test::verified_map(*connectors::find_connector("kiotviet"), h, body, secret);
        CHECK(version_of(d, 0) == 1715307165330000);  // 2024-05-10T09:12:45.33 at +07:00
        CHECK(version_of(d, 1) == 1717239602000000);  // 2024-06-01T18:00:02 at +07:00
    }
}
