// SapoApi against a fake Sapo Web store over verified TLS on loopback: pages of orders and
// customers as Sapo Web webhooks, counts, webhook registration, the tier tag, price-rule discount
// codes, retries under 429 and a revoked token.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <chrono>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <variant>

#include "apps_test_support.hpp"
#include "api_failure.hpp"
#include "connector.hpp"
#include "fake_clock.hpp"
#include "fake_sapo.hpp"
#include "http/https_client.hpp"
#include "http/retry.hpp"
#include "sapo_api.hpp"
#include "util/zone.hpp"

using namespace loyalty;
using namespace loyalty::apps;
using loyalty::test::FakeSapo;
using loyalty::test::FakeSleeper;
using loyalty::test::Fault;
using loyalty::test::ReceivedRequest;
using namespace std::chrono_literals;
namespace json = boost::json;

using loyalty::test::form_fields;
using loyalty::test::quick_policy;
using loyalty::test::trusting_test_ca;

namespace {

const std::string hook = "https://loyalty.example.vn/webhooks/sapo/shop-1";

std::string fixture(const std::string& name) {
    std::ifstream in(std::string(LOYALTY_FIXTURES) + "/" + name, std::ios::binary);
    REQUIRE(in);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

json::object fixture_object(const std::string& name) { return json::parse(fixture(name)).as_object(); }

std::map<std::string, std::string> form_fields(const ReceivedRequest& r) { return test::form_fields(r.query); }

// The requests to `path` under the store's admin, with `method`.
std::vector<ReceivedRequest> calls(FakeSapo& sapo, const std::string& method, const std::string& path) {
    std::vector<ReceivedRequest> out;
    for (const auto& r : sapo.server().requests())
        if (r.method == method && r.path == sapo.admin() + path) out.push_back(r);
    return out;
}

struct Fixture {
    FakeSapo sapo;
    SapoApp app = sapo.app();
    FakeSleeper sleeper;
    http::HttpsClient https{trusting_test_ca()};
    http::RetryingClient client{https, quick_policy(), sleeper};
    SapoApi api{app, client, "sapo:shop-1", sapo.store(), FakeSapo::token, hook};
};

const core::Zone& saigon() {
    static auto zone = core::Zone::load("Asia/Ho_Chi_Minh");
    return *zone;
}

}  // namespace

TEST_CASE("sapo: orders are listed with status=any, page by page, as Sapo Web webhooks", "[apps][sapo]") {
    Fixture f;
    json::object paid = fixture_object("sapo/web_order_paid.json");  // modified 2024-05-13
    f.sapo.add_order(paid);
    f.sapo.add_order(fixture_object("sapo/web_order_cancelled.json"));  // status cancelled: not in the default list
    json::object old = paid;
    old["id"] = 1;
    old["modified_on"] = "2024-04-30T23:59:59+07:00";  // before the walk's start
    f.sapo.add_order(old);
    for (int i = 0; i < 300; ++i) {
        json::object o = paid;
        o["id"] = 30000000 + i;
        o["modified_on"] = "2024-05-20T10:00:00+07:00";
        f.sapo.add_order(o);
    }
    const int64_t since = 1714521600;  // 2024-05-01T00:00:00Z

    Page first = f.api.list(Resource::orders, since, 1);
    CHECK(first.objects.size() == 250);
    CHECK(first.more);
    Page second = f.api.list(Resource::orders, since, 2);
    CHECK(second.objects.size() == 52);  // 302 changed since: the paid, the cancelled, 300 copies
    CHECK_FALSE(second.more);

    auto sent = calls(f.sapo, "GET", "/orders.json");
    REQUIRE(sent.size() == 2);
    for (int i = 0; i < 2; ++i) {
        auto q = form_fields(sent[i]);
        CHECK(q["status"] == "any");
        CHECK(q["modified_on_min"] == "2024-05-01T00:00:00Z");
        CHECK(q["limit"] == "250");
        CHECK(q["page"] == std::to_string(i + 1));
        CHECK(sent[i].header("x-sapo-access-token") == FakeSapo::token);
    }

    // Each object maps through the Sapo connector as Sapo Web's orders/updated, amounts exact.
    const connectors::Connector* sapo = connectors::find_connector("sapo");
    REQUIRE(sapo);
    int mapped = 0;
    for (const Page* page : {&first, &second})
        for (const PulledObject& o : page->objects) {
            REQUIRE(o.headers.find("X-Sapo-Topic"));
            CHECK(*o.headers.find("X-Sapo-Topic") == "orders/updated");
            CHECK(*o.headers.find("X-Sapo-Shop-Domain") == "cotton-saigon.mysapo.net");
            CHECK_FALSE(o.headers.find("x-sapo-tenant-domain"));  // not Sapo GO
            core::Delivery d = sapo->map(o.headers, o.body, saigon());
            REQUIRE(d.events.size() == 1);
            REQUIRE(std::holds_alternative<core::OrderUpdate>(d.events[0]));
            const core::OrderInput& order = std::get<core::OrderUpdate>(d.events[0]).order;
            if (order.order_id == "sapo:20391847") {
                ++mapped;
                CHECK(d.key == "sapo:web:orders/updated:20391847:2024-05-13T14:25:41.512+07:00");
                CHECK(order.status == core::OrderStatus::paid);
                CHECK(order.amount == 1250000);  // from "1250000.0000", kept as text by the exact reader
                CHECK(order.version == 1715585141512000);
                REQUIRE(order.lines.size() == 2);
                CHECK(order.lines[0].amount == 850000);
                CHECK(order.customer.customer_id == "5123401");
            } else if (order.order_id == "sapo:20391990") {
                ++mapped;
                CHECK(order.status == core::OrderStatus::cancelled);
                CHECK(order.amount == 590000);
            } else {
                CHECK(order.amount == 1250000);
            }
        }
    CHECK(mapped == 2);
    CHECK(first.objects.front().body.find("\"1280000.0000\"") != std::string::npos);
}

TEST_CASE("sapo: customers are listed as customers/update webhooks", "[apps][sapo]") {
    Fixture f;
    f.sapo.add_customer(fixture_object("sapo/web_customer.json"));
    Page page = f.api.list(Resource::customers, 0, 1);
    REQUIRE(page.objects.size() == 1);
    CHECK_FALSE(page.more);
    auto q = form_fields(calls(f.sapo, "GET", "/customers.json").at(0));
    CHECK(q["modified_on_min"] == "1970-01-01T00:00:00Z");
    CHECK(q.count("status") == 0);
    CHECK(q["limit"] == "250");
    CHECK(*page.objects[0].headers.find("X-Sapo-Topic") == "customers/update");
    core::Delivery d = connectors::find_connector("sapo")->map(page.objects[0].headers, page.objects[0].body, saigon());
    REQUIRE(d.events.size() == 1);
    REQUIRE(std::holds_alternative<core::CustomerUpsert>(d.events[0]));
    CHECK(std::get<core::CustomerUpsert>(d.events[0]).customer.customer_id == "5123401");
    CHECK(resources_of("sapo") == std::vector<Resource>{Resource::customers, Resource::orders});
}

TEST_CASE("sapo: counts", "[apps][sapo]") {
    Fixture f;
    json::object paid = fixture_object("sapo/web_order_paid.json");
    f.sapo.add_order(paid);
    f.sapo.add_order(fixture_object("sapo/web_order_cancelled.json"));
    paid["id"] = 2;
    paid["modified_on"] = "2024-01-01T00:00:00+07:00";
    f.sapo.add_order(paid);
    f.sapo.add_customer(fixture_object("sapo/web_customer.json"));

    CHECK(f.api.count(Resource::orders, 1714521600) == 2);  // the cancelled one counted too
    auto q = form_fields(calls(f.sapo, "GET", "/orders/count.json").at(0));
    CHECK(q["status"] == "any");
    CHECK(q["modified_on_min"] == "2024-05-01T00:00:00Z");
    CHECK(f.api.count(Resource::orders, 0) == 3);
    CHECK(f.api.count(Resource::customers, 0) == 1);
    // The customers' count cannot be filtered by time, so from a time it is unknown, not asked.
    std::size_t before = f.sapo.server().requests().size();
    CHECK_FALSE(f.api.count(Resource::customers, 1714521600));
    CHECK(f.sapo.server().requests().size() == before);
}

TEST_CASE("sapo: webhooks are registered once", "[apps][sapo]") {
    Fixture f;
    f.sapo.add_webhook("orders/create", hook);                          // already there
    f.sapo.add_webhook("orders/paid", "https://other-app.example/h");  // another address: not ours

    f.api.register_webhooks();
    auto posted = calls(f.sapo, "POST", "/webhooks.json");
    CHECK(posted.size() == SapoApi::topics().size() - 1);
    json::object body = json::parse(posted.at(0).body).as_object().at("webhook").as_object();
    CHECK(body.at("address") == hook.c_str());
    CHECK(body.at("format") == "json");
    int ours = 0;
    for (const auto& w : f.sapo.webhooks()) ours += w.at("address") == hook.c_str();
    CHECK(ours == 8);

    SECTION("again: nothing new") {
        f.api.register_webhooks();
        CHECK(calls(f.sapo, "POST", "/webhooks.json").size() == posted.size());
        CHECK(calls(f.sapo, "GET", "/webhooks.json").size() == 2);
        CHECK(f.sapo.webhooks().size() == 9);
    }
    SECTION("a topic another attempt registered meanwhile (422 already taken) is success") {
        f.sapo.hide_webhooks();
        CHECK_NOTHROW(f.api.register_webhooks());
        CHECK(f.sapo.webhooks().size() == 9);
    }
}

TEST_CASE("sapo: the tier tag is replaced and the shop's tags kept", "[apps][sapo]") {
    Fixture f;
    json::object c = fixture_object("sapo/web_customer.json");
    c["tags"] = "vip, loyalty:silver, hà nội";
    f.sapo.add_customer(c);

    f.api.write_tier("5123401", "gold");
    CHECK(f.sapo.customer("5123401").at("tags") == "vip, hà nội, loyalty:gold");
    auto puts = calls(f.sapo, "PUT", "/customers/5123401.json");
    REQUIRE(puts.size() == 1);
    json::object sent = json::parse(puts[0].body).as_object().at("customer").as_object();
    CHECK(sent.at("id") == 5123401);
    CHECK(sent.at("tags") == "vip, hà nội, loyalty:gold");

    f.api.write_tier("5123401", "gold");  // already right: read, not written
    CHECK(calls(f.sapo, "PUT", "/customers/5123401.json").size() == 1);

    f.api.write_tier("5123401", "");  // no tier: the tag goes
    CHECK(f.sapo.customer("5123401").at("tags") == "vip, hà nội");

    CHECK_THROWS_AS(f.api.write_tier("../5123401", "gold"), http::HttpError);
}

TEST_CASE("sapo: a discount code is created once, and disabling deletes its price rule", "[apps][sapo]") {
    Fixture f;
    DiscountSpec spec;
    spec.code = "LOY-7K2QX9";
    spec.customer_id = "5123401";
    spec.value = 50000;
    spec.starts_at = 1717200000;  // 2024-06-01T00:00:00Z
    spec.ends_at = 1719792000;    // 2024-07-01T00:00:00Z
    spec.title = "Đổi 500 điểm";

    SECTION("the lookup answered by a redirect (Shopify's) or by a body: found either way") {
        if (GENERATE(false, true)) f.sapo.lookup_answers_body();
        std::string id = f.api.create_discount(spec);
        CHECK(f.api.create_discount(spec) == id);  // the second call finds the first one's
        auto rules = f.sapo.price_rules();
        REQUIRE(rules.size() == 1);
        CHECK(std::to_string(rules[0].at("id").as_int64()) == id);
        CHECK(calls(f.sapo, "POST", "/price_rules.json").size() == 1);
        const json::object& rule = rules[0];
        CHECK(rule.at("title") == "Đổi 500 điểm");
        CHECK(rule.at("value_type") == "fixed_amount");
        CHECK(rule.at("value") == "-50000");
        CHECK(rule.at("target_type") == "line_item");
        CHECK(rule.at("target_selection") == "all");
        CHECK(rule.at("allocation_method") == "across");
        CHECK(rule.at("customer_selection") == "prerequisite");
        CHECK(rule.at("prerequisite_customer_ids") == json::array{5123401});
        CHECK(rule.at("once_per_customer") == true);
        CHECK(rule.at("usage_limit") == 1);
        CHECK(rule.at("starts_at") == "2024-06-01T00:00:00Z");
        CHECK(rule.at("ends_at") == "2024-07-01T00:00:00Z");
        REQUIRE(rule.at("codes").as_array().size() == 1);
        CHECK(rule.at("codes").as_array()[0].as_object().at("code") == "LOY-7K2QX9");

        f.api.disable_discount("LOY-7K2QX9");
        CHECK(f.sapo.price_rules().empty());
        CHECK(calls(f.sapo, "DELETE", "/price_rules/" + id + ".json").size() == 1);
        f.api.disable_discount("LOY-7K2QX9");  // already gone: nothing to delete
        CHECK(calls(f.sapo, "DELETE", "/price_rules/" + id + ".json").size() == 1);
    }
    SECTION("a percentage") {
        spec.percent = true;
        spec.value = 10;
        spec.ends_at = 0;
        f.api.create_discount(spec);
        auto rule = f.sapo.price_rules().at(0);
        CHECK(rule.at("value_type") == "percentage");
        CHECK(rule.at("value") == "-10");
        CHECK_FALSE(rule.contains("ends_at"));
    }
    SECTION("a code never created is nothing to disable") {
        CHECK_NOTHROW(f.api.disable_discount("NEVER-MADE"));
        for (const auto& r : f.sapo.server().requests()) CHECK(r.method == "GET");
    }
}

TEST_CASE("sapo: a 429 storm is waited out, then the page comes", "[apps][sapo]") {
    Fixture f;
    f.sapo.add_order(fixture_object("sapo/web_order_paid.json"));
    f.sapo.server().fail_next(Fault::status(429, {{"Retry-After", "2"}}, R"({"errors":"Exceeded 40 calls per minute"})"), 3);
    Page page = f.api.list(Resource::orders, 0, 1);
    CHECK(page.objects.size() == 1);
    CHECK(f.sleeper.waits() == std::vector<std::chrono::milliseconds>{2000ms, 2000ms, 2000ms});
    CHECK(calls(f.sapo, "GET", "/orders.json").size() == 4);
}

TEST_CASE("sapo: a token the store refuses surfaces as HttpError 401", "[apps][sapo]") {
    Fixture f;
    SapoApi wrong{f.app, f.client, "sapo:shop-1", f.sapo.store(), "not-the-token", hook};
    try {
        wrong.list(Resource::orders, 0, 1);
        FAIL("no error");
    } catch (const http::HttpError& e) {
        CHECK(e.kind() == http::ErrorKind::http_status);
        CHECK(e.status() == 401);
        CHECK(revoked(e));
    }
    f.sapo.add_customer(fixture_object("sapo/web_customer.json"));
    f.sapo.revoke();
    CHECK_THROWS_AS(f.api.write_tier("5123401", "gold"), http::HttpError);
    CHECK_THROWS_AS(f.api.register_webhooks(), http::HttpError);
    try {
        f.api.create_discount(DiscountSpec{"X-1", "5123401", false, 1000, 0, 0, "t"});
        FAIL("no error");
    } catch (const http::HttpError& e) {
        CHECK(e.status() == 401);
    }
}
