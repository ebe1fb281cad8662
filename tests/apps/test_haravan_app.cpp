// The Haravan app end to end against a fake Haravan: install, webhook subscription, backfill,
// reconciliation, tier tags and discount codes.
#include "apps_test_support.hpp"
#include "haravan_app_fixture.hpp"

#include "common/crypto.hpp"
#include "deliver.hpp"
#include "fake_kiotviet.hpp"
#include "util/error.hpp"

using namespace loyalty;
using test::AppHarness;
namespace json = boost::json;

using loyalty::test::status_of;

namespace {

int64_t entries(core::Engine& e) { return e.stats().entries; }

std::string iso(int day, int second = 0) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "2025-11-%02dT03:%02d:%02d.000Z", day, second / 60, second % 60);
    return buf;
}

}  // namespace

TEST_CASE("a Haravan install connects the shop, subscribes its webhooks and brings in its history", "[apps][haravan]") {
    AppHarness h;
    for (int i = 0; i < 120; ++i) h.fake.add_order(test::haravan_order(5000 + i, 70000 + i % 7, iso(1 + i % 20, i)));
    auto done = h.install();
    CHECK(done.location == "https://loyalty.example.vn/apps/installed?shop=" + h.shop_id() + "&platform=haravan");
    CHECK(done.set_cookies.at(0).find("Max-Age=0") != std::string::npos);
    CHECK(h.fake.subscriptions() == 1);

    // The shop exists, verifying deliveries with the app's secret, and names its organisation.
    auto shop = h.engine->shop(h.shop_id());
    const core::Connection* conn = shop->connection("haravan");
    REQUIRE(conn != nullptr);
    CHECK(conn->org_id == h.fake.org_id());
    CHECK(conn->secrets == std::vector<std::string>{test::FakeHaravan::client_secret});
    auto link = h.engine->platform_link(h.shop_id(), "haravan");
    REQUIRE(link);
    CHECK(link->state == core::LinkState::backfilling);
    // The token is kept sealed, never as itself.
    CHECK(link->credentials.find(test::FakeHaravan::token) == std::string::npos);

    h.apps->run_once();
    link = h.engine->platform_link(h.shop_id(), "haravan");
    CHECK(link->state == core::LinkState::live);
    CHECK(link->counts.orders_done == 120);
    CHECK(link->counts.orders_total == 120);
    CHECK(link->last_reconciled_at == h.clock);
    CHECK(entries(*h.engine) == 120);

    auto status = h.apps->sync_status(h.shop_id());
    auto& haravan = status.at("platforms").at("haravan").as_object();
    CHECK(haravan.at("state") == "live");
    CHECK(haravan.at("orders").at("done") == 120);
    CHECK(haravan.at("last_error").is_null());

    // A backfill run again credits nothing twice.
    h.apps->start_sync(h.shop_id(), json::object{{"platform", "haravan"}, {"mode", "backfill"}});
    h.apps->run_once();
    CHECK(entries(*h.engine) == 120);
    CHECK(h.engine->platform_link(h.shop_id(), "haravan")->counts.orders_done == 120);
}

TEST_CASE("reconciliation recovers an order whose webhook never came", "[apps][haravan]") {
    AppHarness h;
    h.fake.add_order(test::haravan_order(6001, 71001, "2025-12-01T01:00:00.000Z"));
    h.install();
    h.apps->run_once();
    CHECK(entries(*h.engine) == 1);

    h.fake.add_order(test::haravan_order(6002, 71002, "2026-12-05T02:00:00.000Z"));
    h.clock += 60;
    h.apps->run_once();  // not due yet: nothing asked of Haravan
    CHECK(entries(*h.engine) == 1);
    h.clock += 900;
    h.apps->run_once();
    CHECK(entries(*h.engine) == 2);
    auto link = h.engine->platform_link(h.shop_id(), "haravan");
    CHECK(link->last_reconciled_at == h.clock);
    CHECK(link->state == core::LinkState::live);
}

TEST_CASE("a spend_only backfill brings the history in without points, then reconciliation earns", "[apps][haravan]") {
    AppHarness h;
    h.install();
    h.apps->run_once();
    for (int i = 0; i < 3; ++i) h.fake.add_order(test::haravan_order(7000 + i, 72000, iso(2 + i)));
    h.apps->start_sync(h.shop_id(),
                       json::object{{"platform", "haravan"}, {"mode", "backfill"}, {"history", "spend_only"}});
    h.apps->run_once();
    CHECK(entries(*h.engine) == 0);
    CHECK(h.engine->platform_link(h.shop_id(), "haravan")->counts.orders_done == 3);
    core::MemberQuery q;
    q.platform = "haravan";
    q.customer_id = "72000";
    auto member = h.engine->member(h.shop_id(), q);
    CHECK(member.balances.lifetime_spend > 0);
    CHECK(member.balances.available == 0);

    // An order the reconciliation walk finds later is live: it earns.
    h.fake.add_order(test::haravan_order(7100, 72000, "2026-12-05T02:00:00.000Z"));
    h.clock += 960;
    h.apps->run_once();
    CHECK(entries(*h.engine) == 1);
    CHECK(h.engine->balances(h.shop_id(), member.member_id).available > 0);
}

TEST_CASE("an install is refused from another browser and changes nothing", "[apps][haravan]") {
    AppHarness h;
    auto begun = h.apps->begin_install("haravan", {});
    auto q = test::form_fields(begun.location.substr(begun.location.find('?') + 1));
    std::string code = h.fake.authorize(q["nonce"]);
    CHECK(status_of([&] { h.apps->finish_haravan({{"code", code}, {"state", q["state"]}}, ""); }) ==
          core::Status::unauthenticated);
    auto other = h.apps->begin_install("haravan", {});
    std::string other_cookie = other.set_cookies.at(0).substr(0, other.set_cookies.at(0).find(';'));
    CHECK(status_of([&] { h.apps->finish_haravan({{"code", code}, {"state", q["state"]}}, other_cookie); }) ==
          core::Status::unauthenticated);
    CHECK(status_of([&] { h.engine->shop(h.shop_id()); }) == core::Status::not_found);
    CHECK(h.engine->all_platform_links().empty());
    CHECK(h.fake.subscriptions() == 0);
    // An install for an existing shop needs the admin's link, or the admin's own request.
    CHECK(status_of([&] { h.apps->begin_install("haravan", {{"shop", "demo"}}); }) == core::Status::unauthenticated);
    CHECK(status_of([&] { h.apps->begin_install("haravan", {{"shop", "demo"}, {"ticket", "1.forged"}}); }) ==
          core::Status::unauthenticated);
    CHECK(h.apps->begin_install("haravan", {{"shop", "demo"}}, true).set_cookies.size() == 1);
}

TEST_CASE("an admin's install link connects an existing shop and keeps its own secret", "[apps][haravan]") {
    AppHarness h;
    documents::put_shop(*h.engine, json::parse(R"({"shop_id": "demo", "earn": {"spend_per_point": 1000},
        "connections": [{"platform": "haravan", "secret": "the-shop-own-secret"}]})").as_object());
    auto link = h.apps->install_link("demo", json::object{{"platform", "haravan"}});
    std::string url(link.at("url").as_string());
    auto q = test::form_fields(url.substr(url.find('?') + 1));
    h.install({{"shop", "demo"}, {"ticket", q["ticket"]}});
    auto shop = h.engine->shop("demo");
    CHECK(shop->spend_per_point == 1000);
    CHECK(shop->connection("haravan")->secrets ==
          std::vector<std::string>{test::FakeHaravan::client_secret, "the-shop-own-secret"});
    CHECK(shop->connection("haravan")->org_id == h.fake.org_id());
    CHECK(status_of([&] { h.engine->shop(h.shop_id()); }) == core::Status::not_found);
}

TEST_CASE("a revoked token disconnects the link and deletes nothing", "[apps][haravan]") {
    AppHarness h;
    h.fake.add_order(test::haravan_order(6101, 71101, "2025-12-01T01:00:00.000Z"));
    h.install();
    h.fake.revoke();
    h.apps->run_once();
    auto link = h.engine->platform_link(h.shop_id(), "haravan");
    CHECK(link->state == core::LinkState::disconnected);
    REQUIRE(link->last_error);
    CHECK(link->last_error->find("revoked") != std::string::npos);
    CHECK(h.apps->sync_status(h.shop_id()).at("platforms").at("haravan").at("state") == "disconnected");
    CHECK(status_of([&] { h.engine->shop(h.shop_id()); }) == core::Status::ok);
}

TEST_CASE("a 429 storm and a 5xx slow a backfill down but lose nothing", "[apps][haravan]") {
    AppHarness h;
    for (int i = 0; i < 60; ++i) h.fake.add_order(test::haravan_order(7000 + i, 72000 + i, iso(2, i)));
    h.install();
    h.fake.server().fail_next(test::Fault::status(429, {{"Retry-After", "0"}}), 3);
    h.fake.server().fail_next(test::Fault::status(503), 1);
    h.apps->run_once();
    CHECK(entries(*h.engine) == 60);
    CHECK(h.engine->platform_link(h.shop_id(), "haravan")->state == core::LinkState::live);
}

TEST_CASE("a platform that keeps failing leaves the walk where it was, with the error shown", "[apps][haravan]") {
    AppHarness h;
    for (int i = 0; i < 60; ++i) h.fake.add_order(test::haravan_order(7100 + i, 73000 + i, iso(3, i)));
    h.install();
    h.fake.server().fail_next(test::Fault::status(500), 100);
    h.apps->run_once();
    auto status = h.apps->sync_status(h.shop_id()).at("platforms").at("haravan").as_object();
    CHECK(status.at("state") == "error");
    CHECK(status.at("last_error").as_string().find("500") != json::string::npos);
    CHECK(entries(*h.engine) == 0);
}

TEST_CASE("a tier change tags the Haravan customer, and a voucher becomes a discount code", "[apps][haravan]") {
    AppHarness h;
    h.fake.add_customer(json::parse(R"({"id": 74001, "first_name": "An", "phone": "0912000001",
        "tags": "VIP, loyalty:Old", "updated_at": "2025-11-01T00:00:00.000Z"})").as_object());
    h.install();
    h.apps->run_once();
    // The owner sets up tiers and a voucher, as the dashboard would.
    documents::patch_shop(*h.engine, h.shop_id(), json::parse(R"({
        "tiers": {"basis": "spend", "levels": [{"name": "Member", "threshold": 0}, {"name": "Gold", "threshold": 500000}]},
        "rewards": [{"reward_id": "v50k", "name": "Voucher 50.000đ", "kind": "voucher_amount", "value": 50000,
                     "cost_points": 10}]})").as_object());
    auto order = test::haravan_order(7501, 74001, "2026-12-05T01:00:00.000Z");
    order["customer"].as_object()["phone"] = "0912000001";
    h.fake.add_order(order);
    h.apps->start_sync(h.shop_id(), json::object{{"platform", "haravan"}, {"mode", "reconcile"}});
    h.apps->run_once();

    core::MemberQuery q;
    q.platform = "haravan";
    q.customer_id = "74001";
    auto member = h.engine->member(h.shop_id(), q);
    REQUIRE(member.tier.name == "Gold");
    CHECK(std::string(h.fake.customer("74001").at("tags").as_string()) == "VIP, loyalty:Gold");

    auto claimed = documents::claim_reward(*h.engine, h.shop_id(),
                                           json::object{{"member_id", member.member_id}, {"reward_id", "v50k"},
                                                        {"idempotency_key", "claim-1"}});
    std::string code(claimed.at("grant").at("code").as_string());
    h.apps->run_once();
    auto discounts = h.fake.discounts();
    REQUIRE(discounts.size() == 1);
    CHECK(discounts[0].at("code") == json::value(code));
    CHECK(discounts[0].at("usage_limit") == 1);
    CHECK(discounts[0].at("entitled_customer_ids").as_array().at(0) == 74001);

    // Voiding the grant disables the code.
    documents::void_grant(*h.engine, h.shop_id(), json::object{{"code", code}, {"reason", "test"}});
    h.apps->run_once();
    CHECK(h.fake.discounts().empty());
    auto writes = h.apps->sync_status(h.shop_id()).at("platforms").at("haravan").at("writes").as_object();
    CHECK(writes.at("failed") == 0);
    CHECK(writes.at("pending") == 0);
}

TEST_CASE("app/uninstalled, signed with the app's secret, disconnects the link", "[apps][haravan]") {
    AppHarness h;
    h.install();
    std::string body = R"({"id": 200000, "name": "Cửa hàng thử"})";
    connectors::DeliveryRequest r{"haravan", std::nullopt, {}, body};
    r.headers.add("X-Haravan-Topic", "app/uninstalled");
    r.headers.add("X-Haravan-Org-Id", h.fake.org_id());
    r.headers.add("X-Haravan-Hmacsha256",
                  connectors::base64_encode(connectors::hmac_sha256(test::FakeHaravan::client_secret, body)));
    auto result = connectors::deliver(*h.engine, r);
    CHECK(result.outcome == connectors::DeliveryOutcome::ignored);
    CHECK(result.shop_id == h.shop_id());
    auto link = h.engine->platform_link(h.shop_id(), "haravan");
    CHECK(link->state == core::LinkState::disconnected);
    CHECK(*link->last_error == "the shop uninstalled the app");
    // Nothing more is pulled; the shop and its program stay.
    h.clock += 3600;
    CHECK(h.apps->run_once() == 0);
    CHECK(status_of([&] { h.engine->shop(h.shop_id()); }) == core::Status::ok);
    // Installing again reconnects it.
    h.install();
    CHECK(h.engine->platform_link(h.shop_id(), "haravan")->state != core::LinkState::disconnected);
}

TEST_CASE("one shop's stalled platform never holds back another shop's backfill", "[apps][haravan][workers]") {
    test::FakeKiotViet kiotviet;
    AppHarness h([&](apps::AppsConfig& config, apps::AppsOptions& options) {
        config.kiotviet.token_url = config.kiotviet.api_url = kiotviet.base();
        while (config.kiotviet.api_url.ends_with('/')) config.kiotviet.api_url.pop_back();
        config.kiotviet.token_url = config.kiotviet.api_url;
        options.sync_workers = 2;
        options.tick = std::chrono::milliseconds(20);
        options.client.read_timeout = std::chrono::seconds(1);
    });
    for (int i = 0; i < 60; ++i) h.fake.add_order(test::haravan_order(7200 + i, 75000 + i, iso(4, i)));
    h.install();
    std::size_t asked = h.fake.server().requests().size();
    // From now on Haravan takes every request and never answers it.
    h.fake.server().fail_next(test::Fault::stall(), 1000);
    documents::put_shop(*h.engine, json::parse(R"({"shop_id": "tra", "earn": {"spend_per_point": 10000}})").as_object());
    h.apps->connect_kiotviet("tra", json::object{{"retailer", test::FakeKiotViet::retailer},
                                                 {"client_id", test::FakeKiotViet::client_id},
                                                 {"client_secret", test::FakeKiotViet::client_secret}});
    h.apps->start();
    // A worker is held by Haravan's stalled backfill...
    REQUIRE(h.fake.server().wait_for_requests(asked + 1, std::chrono::seconds(10)));
    // ...and the other one brings KiotViet's shop in meanwhile.
    auto live = [&] { return h.engine->platform_link("tra", "kiotviet")->state == core::LinkState::live; };
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!live() && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
    CHECK(live());
    CHECK(h.engine->platform_link(h.shop_id(), "haravan")->state == core::LinkState::backfilling);
    CHECK(h.engine->stats().entries == 0);
    // Stalled reads end when the connections close, so the workers stop promptly.
    h.fake.server().drop_connections();
    h.fake.server().stop();
    h.apps->stop();
}
