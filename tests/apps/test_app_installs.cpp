// Installing Sapo through the browser's round trip and connecting KiotViet with the shop's own API
// client, through AppsService against fakes of both.
#include <catch2/catch.hpp>
#include <boost/json.hpp>
#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <sstream>

#include "apps_test_support.hpp"
#include "../temp_path.hpp"
#include "apps_service.hpp"
#include "calls.hpp"
#include "codec.hpp"
#include "common/crypto.hpp"
#include "engine.hpp"
#include "fake_haravan.hpp"
#include "fake_kiotviet.hpp"
#include "fake_sapo.hpp"
#include "storage/open_store.hpp"
#include "util/error.hpp"

using namespace loyalty;
namespace json = boost::json;

using loyalty::test::status_of;

namespace {

std::string fixture(const std::string& name) {
    std::ifstream in(std::string(LOYALTY_FIXTURES) + "/" + name);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

struct Rig {
    int64_t clock = 1796428800;  // 2026-12-05
    test::FakeSapo sapo;
    test::FakeKiotViet kiotviet;
    std::unique_ptr<core::Engine> engine;
    std::unique_ptr<apps::AppsService> apps;

    Rig() {
        engine = std::make_unique<core::Engine>(core::open_store("sqlite::memory:", {}),
                                                documents::decode_shop_definition, [this] { return clock; });
        apps::AppsConfig config;
        config.public_url = "https://loyalty.example.vn";
        config.sapo = sapo.app();
        config.kiotviet.token_url = config.kiotviet.api_url = kiotviet.base();
        while (config.kiotviet.api_url.ends_with('/')) config.kiotviet.api_url.pop_back();
        config.kiotviet.token_url = config.kiotviet.api_url;
        config.ca_file = test::test_ca().ca_file;
        config.token_key_file = test::temp_db("token-key");
        std::ofstream(config.token_key_file, std::ios::binary) << std::string(32, '\x17');
        ::chmod(config.token_key_file.c_str(), 0600);
        apps::AppsOptions options;
        options.clock = [this] { return clock; };
        options.retry.base_delay = std::chrono::milliseconds(1);
        apps = std::make_unique<apps::AppsService>(*engine, config, options);
        sapo.server().on("POST", sapo.admin() + "/oauth/access_token", [](const test::ReceivedRequest& r) {
            json::object b = json::parse(r.body).as_object();
            bool ok = b.at("client_id") == "sapo-app-client" && b.at("client_secret") == "sapo-app-client-secret" &&
                      b.at("code") == "sapo-code";
            return test::FakeReply{ok ? 200u : 400u, {{"Content-Type", "application/json"}},
                                   ok ? R"({"access_token": "sapo-shop-token-0001", "scope": "read_orders"})"
                                      : R"({"error": "invalid_request"})",
                                   false};
        });
    }

    // Sapo's signed redirect back to the app, as the store's admin sends it.
    apps::QueryParams sapo_callback(const std::string& state, const std::string& secret = "sapo-app-client-secret") {
        apps::QueryParams q{{"code", "sapo-code"}, {"state", state}, {"store", sapo.store()}, {"timestamp", "1796428800"}};
        auto sorted = q;
        std::sort(sorted.begin(), sorted.end());
        std::string message;
        for (const auto& [k, v] : sorted) message += (message.empty() ? "" : "&") + k + "=" + v;
        q.emplace_back("hmac", connectors::base64_encode(connectors::hmac_sha256(secret, message)));
        return q;
    }
};

}  // namespace

TEST_CASE("a Sapo install registers the webhooks and brings in the store's orders", "[apps][sapo][install]") {
    Rig rig;
    rig.sapo.add_order(json::parse(fixture("sapo/web_order_paid.json")).as_object());
    auto begun = rig.apps->begin_install("sapo", {{"store", rig.sapo.store()}});
    CHECK(begun.location.starts_with(rig.sapo.app().store_base(rig.sapo.store()) + "/admin/oauth/authorize?"));
    auto q = test::form_fields(begun.location.substr(begun.location.find('?') + 1));
    CHECK(q["scope"] == "read_orders,read_customers,write_customers,write_price_rules");
    std::string cookie = begun.set_cookies.at(0).substr(0, begun.set_cookies.at(0).find(';'));

    // A callback whose signature is not the app's connects nothing.
    CHECK(status_of([&] { rig.apps->finish_sapo(rig.sapo_callback(q["state"], "not-the-app-secret"), cookie); }) ==
          core::Status::unauthenticated);
    CHECK(rig.engine->all_platform_links().empty());

    auto done = rig.apps->finish_sapo(rig.sapo_callback(q["state"]), cookie);
    std::string shop = "sapo-" + rig.sapo.store();
    CHECK(done.location == "https://loyalty.example.vn/apps/installed?shop=" + shop + "&platform=sapo");
    CHECK(rig.engine->shop(shop)->connection("sapo")->secrets == std::vector<std::string>{"sapo-app-client-secret"});
    auto hooks = rig.sapo.webhooks();
    CHECK(hooks.size() == 8);
    for (const auto& h : hooks)
        CHECK(h.at("address") == json::value("https://loyalty.example.vn/webhooks/sapo/" + shop));

    rig.apps->run_once();
    auto link = rig.engine->platform_link(shop, "sapo");
    CHECK(link->state == core::LinkState::live);
    CHECK(link->counts.orders_done == 1);
    CHECK(rig.engine->stats().entries == 1);
}

TEST_CASE("KiotViet connects with the shop's own API client, and wrong credentials change nothing", "[apps][kiotviet][install]") {
    Rig rig;
    documents::put_shop(*rig.engine, json::parse(R"({"shop_id": "tra", "earn": {"spend_per_point": 10000}})").as_object());
    json::object wrong{{"retailer", test::FakeKiotViet::retailer}, {"client_id", test::FakeKiotViet::client_id},
                       {"client_secret", "not-the-secret"}};
    CHECK(status_of([&] { rig.apps->connect_kiotviet("tra", wrong); }) == core::Status::unauthenticated);
    CHECK(rig.engine->shop("tra")->connections.empty());
    CHECK(rig.engine->all_platform_links().empty());
    CHECK(status_of([&] { rig.apps->connect_kiotviet("nope", wrong); }) == core::Status::not_found);

    json::object right{{"retailer", test::FakeKiotViet::retailer}, {"client_id", test::FakeKiotViet::client_id},
                       {"client_secret", test::FakeKiotViet::client_secret}};
    auto status = rig.apps->connect_kiotviet("tra", right);
    CHECK(status.at("platforms").at("kiotviet").at("state") == "backfilling");
    CHECK(rig.kiotviet.webhooks().size() == 3);
    const core::Connection* conn = rig.engine->shop("tra")->connection("kiotviet");
    REQUIRE(conn != nullptr);
    CHECK(conn->secrets.at(0).size() == 64);  // made by loyalty, registered with the webhooks
    auto link = rig.engine->platform_link("tra", "kiotviet");
    CHECK(link->account == test::FakeKiotViet::retailer);
    CHECK(link->credentials.find(test::FakeKiotViet::client_secret) == std::string::npos);

    rig.apps->run_once();
    CHECK(rig.engine->platform_link("tra", "kiotviet")->state == core::LinkState::live);
    CHECK(rig.kiotviet.tokens_issued() == 1);
    // A day later the token is renewed before the next walk, and stored sealed again.
    rig.clock += 86400;
    rig.apps->run_once();
    CHECK(rig.kiotviet.tokens_issued() == 2);
    CHECK(rig.engine->platform_link("tra", "kiotviet")->last_error == std::nullopt);

    // The owner deletes the API client: the next renewal is refused and the link stops, deleting nothing.
    rig.kiotviet.server().on("POST", "/connect/token", test::FakeReply{400, {}, R"({"error": "invalid_client"})", false});
    rig.clock += 86400;
    rig.apps->run_once();
    auto stopped = rig.engine->platform_link("tra", "kiotviet");
    CHECK(stopped->state == core::LinkState::disconnected);
    CHECK(stopped->last_error->find("refused the client id") != std::string::npos);
    CHECK(rig.engine->shop("tra")->connection("kiotviet") != nullptr);
}
