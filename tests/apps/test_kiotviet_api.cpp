// KiotVietApi against a fake KiotViet: the client-credentials token, paged lists as the webhooks
// the connector reads, removals, webhooks, customer groups as tiers, vouchers, and retries.
#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <boost/url/parse_query.hpp>

#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <variant>

#include "apps_test_support.hpp"
#include "api_failure.hpp"
#include "common/crypto.hpp"
#include "connector.hpp"
#include "fake_clock.hpp"
#include "fake_kiotviet.hpp"
#include "http/https_client.hpp"
#include "http/retry.hpp"
#include "kiotviet_api.hpp"
#include "kiotviet_token.hpp"
#include "util/error.hpp"
#include "util/timestamp.hpp"
#include "util/zone.hpp"

using namespace loyalty;
using namespace loyalty::apps;
using loyalty::test::FakeKiotViet;
using loyalty::test::FakeSleeper;
using loyalty::test::Fault;
using loyalty::test::ReceivedRequest;
using namespace std::chrono_literals;
namespace json = boost::json;

using loyalty::test::form_fields;
using loyalty::test::quick_policy;
using loyalty::test::trusting_test_ca;

namespace {

// The connection's secret as the app makes its own: 32 random bytes as hex.
const std::string webhook_secret = "5f2b8c0e9a7d4136b1e0c2f48d6a9b3e7c1d0f25a4b6e8c9d3f1a2b4c6d8e0f1";
const std::string webhook_address = "https://loyalty.example.vn/webhooks/kiotviet/tiem-tra";

const core::Zone& shop_zone() {
    static const auto zone = core::Zone::load("Asia/Ho_Chi_Minh");
    return *zone;
}

// The object in a webhook fixture (its first notification's first object), as the API spells it.
json::object fixture_object(const std::string& name) {
    std::ifstream in(std::string(LOYALTY_FIXTURES) + "/kiotviet/" + name);
    REQUIRE(in);
    std::stringstream text;
    text << in.rdbuf();
    json::value doc = json::parse(text.str());
    return loyalty::test::camel_cased(doc.at("Notifications").at(0).at("Data").at(0)).as_object();
}

std::vector<json::object> fixture_objects(const std::string& name) {
    std::ifstream in(std::string(LOYALTY_FIXTURES) + "/kiotviet/" + name);
    REQUIRE(in);
    std::stringstream text;
    text << in.rdbuf();
    json::value doc = json::parse(text.str());
    std::vector<json::object> out;
    for (const auto& o : doc.at("Notifications").at(0).at("Data").as_array())
        out.push_back(loyalty::test::camel_cased(o).as_object());
    return out;
}

struct Rig {
    FakeKiotViet kv;
    FakeSleeper sleeper;
    http::HttpsClient https{trusting_test_ca()};
    http::RetryingClient client{https, quick_policy(), sleeper};
    AppsConfig config;
    Credentials credentials;

    Rig() {
        config.kiotviet.token_url = kv.base();
        config.kiotviet.api_url = kv.base();
        credentials.client_id = FakeKiotViet::client_id;
        credentials.client_secret = FakeKiotViet::client_secret;
        credentials = kiotviet_token(config, client, credentials, 1000);
    }

    KiotVietApi api(std::map<std::string, std::string> tier_groups = {}, std::string token = {}) {
        return KiotVietApi(config.kiotviet, client, "kiotviet:tiem-tra", FakeKiotViet::retailer,
                           token.empty() ? credentials.access_token : token, webhook_address, webhook_secret,
                           core::Zone::load("Asia/Ho_Chi_Minh"), std::move(tier_groups));
    }

    std::vector<ReceivedRequest> requests(const std::string& method, const std::string& path) {
        std::vector<ReceivedRequest> out;
        for (auto& r : kv.server().requests())
            if (r.method == method && r.path == path) out.push_back(r);
        return out;
    }
};

core::Delivery mapped(const PulledObject& o) {
    const connectors::Connector* kiotviet = connectors::find_connector("kiotviet");
    REQUIRE(kiotviet);
    return kiotviet->map(o.headers, o.body, shop_zone());
}

int64_t local(const std::string& text) { return *core::parse_timestamp(text, shop_zone()); }

}  // namespace

TEST_CASE("KiotViet: a token for the shop's client, renewed when due, and a wrong secret is unauthenticated",
          "[apps][kiotviet]") {
    Rig rig;
    CHECK(rig.credentials.access_token == "kv-token-1");
    CHECK(rig.credentials.expires_at == 1000 + 86400);
    CHECK_FALSE(kiotviet_token_due(rig.credentials, 1000));
    CHECK_FALSE(kiotviet_token_due(rig.credentials, 1000 + 86400 - kiotviet_renew_before - 1));
    CHECK(kiotviet_token_due(rig.credentials, 1000 + 86400 - kiotviet_renew_before + 1));
    Credentials renewed = kiotviet_token(rig.config, rig.client, rig.credentials, 80000);
    CHECK(renewed.access_token == "kv-token-2");
    CHECK(renewed.expires_at == 80000 + 86400);
    CHECK(renewed.client_id == FakeKiotViet::client_id);  // the client stays for the next renewal
    auto asked = rig.requests("POST", "/connect/token");
    REQUIRE(asked.size() == 2);
    auto form = form_fields(asked[0].body);
    CHECK(form["grant_type"] == "client_credentials");
    CHECK(form["scopes"] == "PublicApi.Access");

    Credentials wrong = rig.credentials;
    wrong.client_secret = "not-the-secret";
    wrong.access_token.clear();
    try {
        kiotviet_token(rig.config, rig.client, wrong, 1000);
        FAIL("a wrong client secret bought a token");
    } catch (const core::Error& e) {
        CHECK(e.status() == core::Status::unauthenticated);
    }
    CHECK(rig.kv.tokens_issued() == 2);
}

TEST_CASE("KiotViet: customers are paged by currentItem to the end, since a shop-local time", "[apps][kiotviet]") {
    Rig rig;
    rig.kv.add_customer(json::object{{"id", 1}, {"name", "Cũ"}, {"modifiedDate", "2026-01-30T23:59:59.0000000"}});
    for (int i = 0; i < 250; ++i) {
        char modified[40];
        std::snprintf(modified, sizeof modified, "2026-02-01T%02d:%02d:%02d.0000000", 8 + i / 3600, (i / 60) % 60, i % 60);
        rig.kv.add_customer(json::object{{"id", 10000 + i}, {"name", "Khách " + std::to_string(i)},
                                         {"contactNumber", "0903" + std::to_string(100000 + i)}, {"modifiedDate", modified}});
    }
    auto api = rig.api();
    const int64_t since = local("2026-01-31T00:00:00");  // 2026-01-30T17:00:00Z

    CHECK(api.count(Resource::customers, since) == 250);
    std::vector<std::size_t> sizes;
    std::set<std::string> keys;
    int page = 1;
    for (bool more = true; more; ++page) {
        REQUIRE(page <= 5);
        Page p = api.list(Resource::customers, since, page);
        sizes.push_back(p.objects.size());
        for (const auto& o : p.objects) keys.insert(mapped(o).key);
        more = p.more;
    }
    CHECK(sizes == std::vector<std::size_t>{100, 100, 50});
    CHECK(keys.size() == 250);
    CHECK(keys.count("kiotviet:pull:customer:10000:2026-02-01T08:00:00.0000000") == 1);

    auto asked = rig.requests("GET", "/customers");
    REQUIRE(asked.size() == 4);
    CHECK(form_fields(asked[0].query)["pageSize"] == "1");  // count()
    for (std::size_t i = 1; i < asked.size(); ++i) {
        auto q = form_fields(asked[i].query);
        CHECK(q["lastModifiedFrom"] == "2026-01-31T00:00:00");
        CHECK(q["pageSize"] == "100");
        CHECK(q["currentItem"] == std::to_string((i - 1) * 100));
        CHECK(q["orderBy"] == "modifiedDate");
        CHECK(q["includeRemoveIds"] == "true");
        CHECK(asked[i].header("retailer") == FakeKiotViet::retailer);
        CHECK(asked[i].header("authorization") == "Bearer " + rig.credentials.access_token);
    }
    // KiotViet sends no webhook for returns: they are walked last.
    CHECK(resources_of("kiotviet") == std::vector<Resource>{Resource::customers, Resource::orders, Resource::returns});
}

TEST_CASE("KiotViet: pulled returns map to refunds of their invoices", "[apps][kiotviet]") {
    Rig rig;
    rig.kv.add_return(json::object{{"id", 5501}, {"code", "TH000001"}, {"invoiceId", 107382911},
                                   {"returnDate", "2024-05-20T10:00:00"}, {"totalPayment", 250000},
                                   {"status", 1}, {"modifiedDate", "2024-05-20T10:05:00"}});
    auto api = rig.api();
    Page returns = api.list(Resource::returns, local("2024-01-01T00:00:00"), 1);
    REQUIRE(returns.objects.size() == 1);
    core::Delivery d = mapped(returns.objects[0]);
    CHECK(d.key == "kiotviet:pull:return:5501:2024-05-20T10:05:00");
    REQUIRE(d.events.size() == 1);
    REQUIRE(std::holds_alternative<core::OrderReturn>(d.events[0]));
    const auto& r = std::get<core::OrderReturn>(d.events[0]);
    CHECK(r.order_id == "kiotviet:107382911");
    CHECK(r.return_id == "5501");
    CHECK(r.amount == 250000);
    CHECK(rig.kv.server().requests().back().path == "/returns");
}

TEST_CASE("KiotViet: pulled invoices and customers map through the connector as their webhooks would",
          "[apps][kiotviet]") {
    Rig rig;
    rig.kv.add_invoice(fixture_object("invoice_completed.json"));
    rig.kv.add_invoice(fixture_object("invoice_surcharge.json"));
    for (auto& c : fixture_objects("customer_update.json")) rig.kv.add_customer(c);
    auto api = rig.api();

    Page invoices = api.list(Resource::orders, local("2024-01-01T00:00:00"), 1);
    CHECK_FALSE(invoices.more);
    REQUIRE(invoices.objects.size() == 2);
    core::Delivery first = mapped(invoices.objects[0]);
    CHECK(first.key == "kiotviet:pull:invoice:107382911:2024-05-13T14:25:31.4570000");
    CHECK(first.topic == "invoice.update");
    REQUIRE(first.events.size() == 1);
    REQUIRE(std::holds_alternative<core::OrderUpdate>(first.events[0]));
    const auto& sale = std::get<core::OrderUpdate>(first.events[0]).order;
    CHECK(sale.order_id == "kiotviet:107382911");
    CHECK(sale.status == core::OrderStatus::paid);
    CHECK(sale.amount == 1250000);
    CHECK(sale.customer.customer_id == "30451278");
    CHECK(sale.occurred_at == local("2024-05-13T14:20:00"));
    CHECK(sale.lines.size() == 2);

    core::Delivery second = mapped(invoices.objects[1]);
    REQUIRE(std::holds_alternative<core::OrderUpdate>(second.events.at(0)));
    // Total 1,213,000 less the surcharges (25,000 shipping, 88,000 VAT): the goods.
    CHECK(std::get<core::OrderUpdate>(second.events[0]).order.amount == 1100000);

    // The same invoice pulled again is the same delivery.
    CHECK(mapped(api.list(Resource::orders, local("2024-01-01T00:00:00"), 1).objects[0]).key == first.key);
    // Only what changed since: the surcharge invoice was modified in July.
    CHECK(api.list(Resource::orders, local("2024-06-01T00:00:00"), 1).objects.size() == 1);
    CHECK(api.count(Resource::orders, local("2024-01-01T00:00:00")) == 2);

    Page customers = api.list(Resource::customers, local("2024-01-01T00:00:00"), 1);
    REQUIRE(customers.objects.size() == 2);
    core::Delivery lan = mapped(customers.objects[0]);
    REQUIRE(std::holds_alternative<core::CustomerUpsert>(lan.events.at(0)));
    const auto& upsert = std::get<core::CustomerUpsert>(lan.events[0]);
    CHECK(upsert.customer.customer_id == "30451278");
    CHECK(upsert.customer.group == "Khách VIP");
    CHECK(upsert.version.has_value());
}

TEST_CASE("KiotViet: removeIds become customer unlinks, one delivery per id", "[apps][kiotviet]") {
    Rig rig;
    rig.kv.add_customer(json::object{{"id", 3001}, {"name", "A"}, {"modifiedDate", "2026-02-01T08:00:00"}});
    rig.kv.add_customer(json::object{{"id", 3002}, {"name", "B"}, {"modifiedDate", "2026-02-01T08:00:00"}});
    rig.kv.add_customer(json::object{{"id", 3003}, {"name", "C"}, {"modifiedDate", "2026-02-01T08:00:00"}});
    rig.kv.remove_customer(3001);
    rig.kv.remove_customer(3002);
    auto api = rig.api();
    Page p = api.list(Resource::customers, local("2026-01-01T00:00:00"), 1);
    REQUIRE(p.objects.size() == 3);  // customer 3003, then the two removals
    std::vector<std::string> unlinked;
    for (const auto& o : p.objects) {
        core::Delivery d = mapped(o);
        for (const auto& e : d.events)
            if (const auto* u = std::get_if<core::CustomerUnlink>(&e)) {
                CHECK(u->ref.platform == "kiotviet");
                CHECK(d.key == "kiotviet:pull:customer.delete:" + u->ref.customer_id);
                unlinked.push_back(u->ref.customer_id);
            }
    }
    CHECK(unlinked == std::vector<std::string>{"3001", "3002"});
}

TEST_CASE("KiotViet: webhooks are registered once, signed with the connection's secret", "[apps][kiotviet]") {
    Rig rig;
    rig.kv.add_webhook(json::object{{"type", "customer.update"}, {"url", webhook_address}, {"isActive", true}});
    rig.kv.add_webhook(json::object{{"type", "invoice.update"}, {"url", "https://elsewhere.example/hook"}, {"isActive", true}});
    // Stopped by KiotViet after an error answer: replaced.
    rig.kv.add_webhook(json::object{{"type", "customer.delete"}, {"url", webhook_address}, {"isActive", false}});
    auto api = rig.api();
    api.register_webhooks();
    api.register_webhooks();

    auto posted = rig.requests("POST", "/webhooks");
    REQUIRE(posted.size() == 2);
    std::set<std::string> types;
    for (const auto& w : rig.kv.webhooks())
        if (w.at("url").as_string() == webhook_address) {
            CHECK(w.at("isActive") == true);
            types.insert(std::string(w.at("type").as_string()));
        }
    CHECK(types == std::set<std::string>{"customer.update", "customer.delete", "invoice.update"});
    CHECK(rig.kv.webhooks().size() == 4);

    json::object hook = json::parse(posted[0].body).at("Webhook").as_object();
    CHECK(hook.at("Url").as_string() == webhook_address);
    CHECK(hook.at("IsActive") == true);
    CHECK(hook.at("Description") == "loyalty");
    CHECK(posted[0].header("retailer") == FakeKiotViet::retailer);
    // Whichever way KiotViet keys the HMAC with the Secret registered (the text, or the bytes it
    // decodes to), the connector verifies the delivery with the connection's secret.
    const std::string registered(hook.at("Secret").as_string());
    CHECK(connectors::base64_decode(registered).has_value());
    const std::string body = R"({"Id":"x","Attempt":1,"Notifications":[]})";
    const connectors::Connector* kiotviet = connectors::find_connector("kiotviet");
    for (const std::string& key : {registered, *connectors::base64_decode(registered)}) {
        connectors::Headers h;
        h.add("X-Hub-Signature", "sha256=" + connectors::hex_encode(connectors::hmac_sha256(key, body)));
        CHECK(kiotviet->verify(h, body, {webhook_secret}));
    }
}

TEST_CASE("KiotViet: a tier moves the customer between mapped groups and keeps the shop's own", "[apps][kiotviet]") {
    Rig rig;
    rig.kv.add_customer(json::object{{"id", 501}, {"name", "Lan"}, {"groupIds", json::array{7, 100001}},
                                     {"modifiedDate", "2026-02-01T08:00:00"}});
    auto before = rig.kv.server().requests().size();
    rig.api().write_tier("501", "Vàng");  // no mapping: KiotViet has no tags, nothing is written
    CHECK(rig.kv.server().requests().size() == before);

    auto api = rig.api({{"Bạc", "100001"}, {"Vàng", "100002"}});
    api.write_tier("501", "Vàng");
    CHECK(rig.kv.customer(501).at("groupIds") == json::array{7, 100002});
    api.write_tier("501", "Vàng");  // already right: read, not written
    CHECK(rig.requests("PUT", "/customers/501").size() == 1);
    api.write_tier("501", "Kim cương");  // a tier without a group: out of the mapped ones
    CHECK(rig.kv.customer(501).at("groupIds") == json::array{7});
    api.write_tier("501", "");
    CHECK(rig.requests("PUT", "/customers/501").size() == 2);
    api.write_tier("501", "Bạc");
    CHECK(rig.kv.customer(501).at("groupIds") == json::array{7, 100001});
    auto put = rig.requests("PUT", "/customers/501");
    REQUIRE(put.size() == 3);
    CHECK(json::parse(put.back().body) == json::parse(R"({"groupIds":[7,100001]})"));
}

TEST_CASE("KiotViet: a customer whose groups come as names keeps them, found by name", "[apps][kiotviet]") {
    Rig rig;
    rig.kv.add_group(7, "Khách sỉ");
    rig.kv.add_group(100001, "Bạc");
    rig.kv.add_group(100002, "Vàng");
    rig.kv.add_customer(json::object{{"id", 502}, {"name", "Hùng"}, {"groups", "Khách sỉ|Bạc"},
                                     {"modifiedDate", "2026-02-01T08:00:00"}});
    auto api = rig.api({{"Bạc", "100001"}, {"Vàng", "100002"}});
    api.write_tier("502", "Vàng");
    CHECK(rig.kv.customer(502).at("groupIds") == json::array{7, 100002});

    // A group the shop's list does not name: the write stops rather than drop the customer from it.
    rig.kv.add_customer(json::object{{"id", 503}, {"name", "Mai"}, {"groups", "Nhóm lạ"},
                                     {"modifiedDate", "2026-02-01T08:00:00"}});
    CHECK_THROWS_AS(api.write_tier("503", "Vàng"), http::HttpError);
    CHECK(rig.requests("PUT", "/customers/503").empty());
}

TEST_CASE("KiotViet: a voucher is created and released once however often it is asked for", "[apps][kiotviet]") {
    Rig rig;
    rig.kv.add_campaign(50000, false);  // not active: never used
    rig.kv.add_campaign(20000);
    const int64_t campaign = rig.kv.add_campaign(50000);
    auto api = rig.api();
    DiscountSpec spec;
    spec.code = "LOY-7Q2M9K";
    spec.customer_id = "501";
    spec.value = 50000;
    spec.starts_at = local("2026-02-01T09:30:00");
    spec.title = "Đổi 500 điểm";

    std::string id = api.create_discount(spec);
    CHECK(api.create_discount(spec) == id);
    auto vouchers = rig.kv.vouchers();
    REQUIRE(vouchers.size() == 1);
    CHECK(std::to_string(vouchers[0].at("id").as_int64()) == id);
    CHECK(vouchers[0].at("voucherCampaignId") == campaign);
    CHECK(vouchers[0].at("status") == 1);  // released
    CHECK(vouchers[0].at("releaseDate") == "2026-02-01T09:30:00");
    CHECK(rig.requests("POST", "/voucher").size() == 1);
    CHECK(rig.requests("POST", "/voucher/release/give").size() == 1);

    SECTION("a percent reward, or a value no active campaign has, is refused") {
        DiscountSpec percent = spec;
        percent.percent = true;
        percent.value = 10;
        CHECK_THROWS_AS(api.create_discount(percent), core::Error);
        DiscountSpec odd = spec;
        odd.code = "LOY-OTHER";
        odd.value = 30000;
        try {
            api.create_discount(odd);
            FAIL("a voucher without a campaign of its value");
        } catch (const core::Error& e) {
            CHECK(e.status() == core::Status::not_found);
        }
        CHECK(rig.kv.vouchers().size() == 1);
    }
    SECTION("disabling cancels it once; an unknown code is already gone") {
        api.disable_discount(spec.code);
        CHECK(rig.kv.vouchers()[0].at("status") == 3);
        api.disable_discount(spec.code);
        api.disable_discount("LOY-NEVER");
        auto cancelled = rig.requests("DELETE", "/voucher/cancel");
        REQUIRE(cancelled.size() == 1);
        CHECK(json::parse(cancelled[0].body) ==
              json::parse(R"({"CampaignId":)" + std::to_string(campaign) + R"(,"Vouchers":[{"Code":"LOY-7Q2M9K"}]})"));
    }
}

TEST_CASE("KiotViet: a 5xx is retried after a backoff, and a bad token is a revoked app", "[apps][kiotviet]") {
    Rig rig;
    rig.kv.add_customer(json::object{{"id", 42}, {"name", "Hùng"}, {"modifiedDate", "2026-02-01T08:00:00"}});
    auto api = rig.api();
    rig.kv.server().fail_next(Fault::status(503), 1);
    Page p = api.list(Resource::customers, 0, 1);
    CHECK(p.objects.size() == 1);
    CHECK(rig.sleeper.waits().size() == 1);
    CHECK(rig.requests("GET", "/customers").size() == 2);

    auto stale = rig.api({}, "kv-token-expired");
    try {
        stale.list(Resource::customers, 0, 1);
        FAIL("a bad token listed customers");
    } catch (const http::HttpError& e) {
        CHECK(e.status() == 401);
        CHECK(revoked(e));
    }
}
