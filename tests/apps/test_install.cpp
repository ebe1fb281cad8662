// The install's pieces that need no network: the state bound to the browser, Haravan's
// authorization URL and id_token, Sapo's authorization URL and signed callback.
#include <catch2/catch.hpp>
#include <boost/url/parse.hpp>

#include <functional>
#include <map>

#include "apps_test_support.hpp"
#include "common/crypto.hpp"
#include "haravan_oidc.hpp"
#include "install_state.hpp"
#include "sapo_oauth.hpp"
#include "util/error.hpp"

using namespace loyalty;
using namespace loyalty::apps;

using loyalty::test::status_of;

namespace {

std::string base64url(const std::string& raw) {
    std::string b = connectors::base64_encode(raw);
    for (char& c : b) c = c == '+' ? '-' : c == '/' ? '_' : c;
    while (!b.empty() && b.back() == '=') b.pop_back();
    return b;
}

std::string jwt(const std::string& claims) {
    return base64url(R"({"alg":"RS256","typ":"JWT"})") + "." + base64url(claims) + ".c2lnbmF0dXJl";
}

std::map<std::string, std::string> query_of(const std::string& url) {
    auto u = boost::urls::parse_uri(url);
    REQUIRE(u);
    std::map<std::string, std::string> out;
    for (auto p : u->params()) out[std::string(p.key)] = std::string(p.value);
    return out;
}

}  // namespace

TEST_CASE("an install's state is accepted only from the browser that started it", "[apps][install]") {
    InstallStates states("install-state-key-for-tests-0123");
    auto issued = states.issue("haravan", "shop-1", "", 1000);
    CHECK(issued.intent.state.size() == 32);
    CHECK(issued.intent.nonce != issued.intent.state);
    auto back = states.verify(issued.cookie, issued.intent.state, "haravan", 1100);
    CHECK(back.shop_id == "shop-1");
    CHECK(back.nonce == issued.intent.nonce);
    CHECK(back.expires_at == 1000 + InstallStates::lifetime_s);

    auto other = states.issue("haravan", "shop-1", "", 1000);
    CHECK(other.intent.state != issued.intent.state);
    // Another browser's cookie with this callback's state, or no cookie at all.
    CHECK(status_of([&] { states.verify(other.cookie, issued.intent.state, "haravan", 1100); }) ==
          core::Status::unauthenticated);
    CHECK_THROWS_WITH(states.verify("", issued.intent.state, "haravan", 1100), Catch::Contains("did not start"));
    CHECK_THROWS_WITH(states.verify(issued.cookie, issued.intent.state, "sapo", 1100), Catch::Contains("for haravan"));
    CHECK_THROWS_WITH(states.verify(issued.cookie, issued.intent.state, "haravan", 1000 + 601),
                      Catch::Contains("10 minutes"));
    // A cookie edited to name another shop no longer carries this server's signature.
    std::string forged = issued.cookie;
    forged[3] = forged[3] == 'A' ? 'B' : 'A';
    CHECK_THROWS_WITH(states.verify(forged, issued.intent.state, "haravan", 1100), Catch::Contains("not one this server"));
    CHECK(status_of([&] { InstallStates("another-key-entirely-0123456789ab").verify(issued.cookie, issued.intent.state,
                                                                                     "haravan", 1100); }) ==
          core::Status::unauthenticated);

    auto set = InstallStates::set_cookie(issued.cookie);
    CHECK(set.find("HttpOnly") != std::string::npos);
    CHECK(set.find("Secure") != std::string::npos);
    CHECK(set.find("SameSite=None") != std::string::npos);
    CHECK(cookie_value("a=1; loyalty_install=" + issued.cookie + "; b=2", "loyalty_install") == issued.cookie);
    CHECK(cookie_value("a=1", "loyalty_install").empty());
}

TEST_CASE("an admin's install link connects one shop, for a while", "[apps][install]") {
    InstallStates states("install-state-key-for-tests-0123");
    std::string t = states.ticket("sapo", "shop-1", 1000);
    CHECK(status_of([&] { states.check_ticket(t, "sapo", "shop-1", 1500); }) == core::Status::ok);
    CHECK_THROWS_WITH(states.check_ticket(t, "sapo", "shop-2", 1500), Catch::Contains("shop-2"));
    CHECK(status_of([&] { states.check_ticket(t, "haravan", "shop-1", 1500); }) == core::Status::unauthenticated);
    CHECK_THROWS_WITH(states.check_ticket(t, "sapo", "shop-1", 1700), Catch::Contains("expired"));
    CHECK(status_of([&] { states.check_ticket("9999999999." + t.substr(t.find('.') + 1), "sapo", "shop-1", 1500); }) ==
          core::Status::unauthenticated);
}

TEST_CASE("Haravan: the authorization URL and the id_token's claims", "[apps][install][haravan]") {
    HaravanApp app;
    app.client_id = "hrv-client";
    app.client_secret = "hrv-secret";
    app.accounts_url = "https://127.0.0.1:9443";
    auto q = query_of(haravan_authorize_url(app, "https://loyalty.example.vn/apps/haravan/callback", "st", "nc"));
    CHECK(q["response_type"] == "code id_token");
    CHECK(q["response_mode"] == "form_post");
    CHECK(q["client_id"] == "hrv-client");
    CHECK(q["redirect_uri"] == "https://loyalty.example.vn/apps/haravan/callback");
    CHECK(q["state"] == "st");
    CHECK(q["nonce"] == "nc");
    for (const char* scope : {"openid", "org", "grant_service", "wh_api", "com.read_orders", "com.write_discounts"})
        CHECK(q["scope"].find(scope) != std::string::npos);
    CHECK(haravan_authorize_url(app, "r", "s", "n").starts_with("https://127.0.0.1:9443/connect/authorize?"));

    auto id = read_haravan_id_token(jwt(R"({"aud":"hrv-client","exp":2000,"nonce":"nc","orgid":1000012345,
                                           "orgname":"Cửa hàng A","sub":"77"})"),
                                    app, "nc", 1000);
    CHECK(id.org_id == "1000012345");
    CHECK(id.org_name == "Cửa hàng A");
    CHECK(id.subject == "77");
    CHECK(read_haravan_id_token(jwt(R"({"aud":["x","hrv-client"],"exp":2000,"nonce":"nc","orgid":"42"})"), app, "nc",
                                1000)
              .org_id == "42");

    auto refused = [&](const std::string& token) {
        return status_of([&] { read_haravan_id_token(token, app, "nc", 1000); });
    };
    CHECK(refused(jwt(R"({"aud":"other","exp":2000,"nonce":"nc","orgid":"42"})")) == core::Status::unauthenticated);
    CHECK(refused(jwt(R"({"aud":"hrv-client","exp":900,"nonce":"nc","orgid":"42"})")) == core::Status::unauthenticated);
    CHECK(refused(jwt(R"({"aud":"hrv-client","nonce":"nc","orgid":"42"})")) == core::Status::unauthenticated);
    CHECK(refused(jwt(R"({"aud":"hrv-client","exp":2000,"nonce":"replayed","orgid":"42"})")) ==
          core::Status::unauthenticated);
    CHECK(refused(jwt(R"({"aud":"hrv-client","exp":2000,"nonce":"nc"})")) == core::Status::unauthenticated);
    CHECK(refused("not-a-jwt") == core::Status::unauthenticated);
    CHECK(refused("a.%%%.c") == core::Status::unauthenticated);
}

TEST_CASE("Sapo: the authorization URL and the callback's signature", "[apps][install][sapo]") {
    SapoApp app;
    app.client_id = "sapo-client";
    app.client_secret = "sapo-secret";
    auto q = query_of(sapo_authorize_url(app, "my-store", "https://l.vn/apps/sapo/callback", "st"));
    CHECK(q["client_id"] == "sapo-client");
    CHECK(q["scope"] == "read_orders,read_customers,write_customers,write_price_rules");
    CHECK(q["state"] == "st");
    CHECK(sapo_authorize_url(app, "my-store", "r", "s").starts_with("https://my-store.mysapo.net/admin/oauth/authorize?"));
    CHECK(status_of([&] { sapo_authorize_url(app, "evil.com/x", "r", "s"); }) == core::Status::invalid_argument);

    QueryParams params{{"state", "st"}, {"code", "c0de"}, {"store", "my-store"}, {"timestamp", "1733300000"}};
    std::string digest = connectors::hmac_sha256("sapo-secret", "code=c0de&state=st&store=my-store&timestamp=1733300000");
    auto with = [&](const std::string& hmac) {
        QueryParams p = params;
        p.emplace_back("hmac", hmac);
        return p;
    };
    CHECK(sapo_callback_verifies(with(connectors::base64_encode(digest)), "sapo-secret"));
    CHECK(sapo_callback_verifies(with(connectors::hex_encode(digest)), "sapo-secret"));
    CHECK_FALSE(sapo_callback_verifies(with(connectors::base64_encode(digest)), "other-secret"));
    CHECK_FALSE(sapo_callback_verifies(params, "sapo-secret"));
    auto tampered = with(connectors::base64_encode(digest));
    tampered[1].second = "another-code";
    CHECK_FALSE(sapo_callback_verifies(tampered, "sapo-secret"));

    CHECK(sapo_store_of(params) == "my-store");
    CHECK(sapo_store_of({{"shop", "abc.mysapo.net"}}) == "abc");
    CHECK(sapo_store_of({{"code", "x"}}).empty());
}
