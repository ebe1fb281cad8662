#include <catch2/catch.hpp>
#include <boost/json.hpp>

#include <fstream>

#include "../temp_path.hpp"
#include "apps_config.hpp"
#include "util/error.hpp"

using loyalty::apps::decode_apps;

namespace {

std::string readable_file() {
    std::string path = loyalty::test::temp_db("apps-config");
    std::ofstream(path) << "x";
    return path;
}

boost::json::object apps(const std::string& extra = "") {
    std::string text = R"({"public_url": "https://loyalty.example.vn/", "token_key_file": ")" + readable_file() +
                       "\"" + extra + "}";
    return boost::json::parse(text).as_object();
}

}  // namespace

TEST_CASE("the apps section: real hosts by default, every base URL can be moved", "[apps][config]") {
    auto plain = decode_apps(apps());
    CHECK(plain.public_url == "https://loyalty.example.vn");
    CHECK_FALSE(plain.haravan);
    CHECK_FALSE(plain.sapo);
    CHECK(plain.kiotviet.token_url == "https://id.kiotviet.vn");
    CHECK(plain.kiotviet.api_url == "https://public.kiotapi.com");
    CHECK(plain.reconcile_interval == std::chrono::seconds(900));

    auto full = decode_apps(apps(R"(, "haravan": {"client_id": "hid", "client_secret": "hsecret"},
        "sapo": {"client_id": "sid", "client_secret": "ssecret", "store_url": "https://127.0.0.1:9443/{store}/"},
        "kiotviet": {"token_url": "https://127.0.0.1:9444", "api_url": "https://127.0.0.1:9445/"},
        "reconcile_interval_s": 300)"));
    REQUIRE(full.haravan);
    CHECK(full.haravan->accounts_url == "https://accounts.haravan.com");
    CHECK(full.haravan->api_url == "https://apis.haravan.com");
    CHECK(full.haravan->webhook_url == "https://webhook.haravan.com");
    REQUIRE(full.sapo);
    CHECK(full.sapo->store_base("my-shop1") == "https://127.0.0.1:9443/my-shop1");
    CHECK(full.kiotviet.api_url == "https://127.0.0.1:9445");
    CHECK(full.reconcile_interval == std::chrono::seconds(300));
    CHECK(decode_apps(apps(R"(, "sapo": {"client_id": "s", "client_secret": "t"})")).sapo->store_base("abc") ==
          "https://abc.mysapo.net");
}

TEST_CASE("the apps section refuses what would leak, mislead or be ignored", "[apps][config]") {
    using Catch::Contains;
    CHECK_THROWS_WITH(decode_apps(apps(R"(, "sapo_": {})")), Contains("sapo_"));
    CHECK_THROWS_WITH(decode_apps(apps(R"(, "haravan": {"client_id": "h", "client_secret": ""})")),
                      Contains("apps.haravan.client_secret"));
    CHECK_THROWS_WITH(
        decode_apps(apps(R"(, "haravan": {"client_id": "h", "client_secret": "s", "api_url": "http://apis.haravan.com"})")),
        Contains("apps.haravan.api_url must be an https URL"));
    CHECK_THROWS_WITH(decode_apps(apps(R"(, "kiotviet": {"api_url": "https://x.vn/?a=1"})")),
                      Contains("apps.kiotviet.api_url"));
    CHECK_THROWS_WITH(decode_apps(apps(R"(, "sapo": {"client_id": "s", "client_secret": "t", "store_url": "https://x.vn"})")),
                      Contains("{store}"));
    CHECK_THROWS_WITH(decode_apps(apps(R"(, "reconcile_interval_s": 5)")), Contains("reconcile_interval_s"));
    CHECK_THROWS_WITH(decode_apps(boost::json::parse(R"({"public_url": "https://a.vn"})").as_object()),
                      Contains("token_key_file"));
    CHECK_THROWS_WITH(decode_apps(apps(R"(, "ca_file": "/nonexistent/ca.pem")")), Contains("apps.ca_file"));
    auto with_public = [](const std::string& url) {
        auto o = apps();
        o["public_url"] = url;
        return decode_apps(o).public_url;
    };
    CHECK(with_public("http://127.0.0.1:8080") == "http://127.0.0.1:8080");
    CHECK_THROWS_WITH(with_public("http://loyalty.example.vn"), Contains("apps.public_url"));
    CHECK_THROWS_WITH(with_public("loyalty.example.vn"), Contains("apps.public_url"));

    auto sapo = decode_apps(apps(R"(, "sapo": {"client_id": "s", "client_secret": "t"})")).sapo;
    std::vector<std::string> not_names{"", "a.b", "evil.com/x", "A", "-a", "a@b", std::string(64, 'a')};
    for (const std::string& bad : not_names)
        CHECK_THROWS_AS(sapo->store_base(bad), loyalty::core::Error);
}
