// The dashboard over TLS (docs/dashboard.md): its pages embedded and locked down, signing in with a
// cookie, and what each role may ask of the admin API.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "https_client.hpp"
#include "served.hpp"

using namespace loyalty::test;
using boost::beast::http::verb;

namespace {

void add_staff(Served& s, const std::string& shop, const std::string& username, const std::string& role) {
    std::string request =
        R"({"username": ")" + username + R"(", "role": ")" + role + R"(", "password": "mat-khau-)" + username + "\"}";
    char* out = nullptr;
    REQUIRE(loyalty_add_staff(s.engine, shop.c_str(), request.c_str(), &out) == LOYALTY_OK);
    loyalty_free(out);
}

struct Signed {
    std::string cookie;  // "loyalty_session=…"
    std::string csrf;
    std::map<std::string, std::string> reads() const { return {{"Cookie", cookie}}; }
    std::map<std::string, std::string> writes() const { return {{"Cookie", cookie}, {"X-CSRF-Token", csrf}}; }
};

Signed sign_in(Https& c, const std::string& username) {
    auto r = c.send(verb::post, "/admin/api/login",
                    R"({"username": ")" + username + R"(", "password": "mat-khau-)" + username + "\"}",
                    {{"Content-Type", "application/json"}});
    REQUIRE(r.status == 200);
    std::string set = r.header("Set-Cookie");
    REQUIRE(set.starts_with("loyalty_session="));
    Signed s{set.substr(0, set.find(';')), std::string(boost::json::parse(r.body).at("csrf_token").as_string())};
    return s;
}

std::string member_of_order(Served& s, Https& c) {
    std::string body = haravan_order("1001", "1130000");
    REQUIRE(c.send(verb::post, "/webhooks/haravan/demo", body, haravan_headers(body)).status == 200);
    auto found = c.get("/api/v1/shops/demo/members?phone=0912345678", bearer());
    REQUIRE(found.status == 200);
    (void)s;
    return std::string(boost::json::parse(found.body).at("member_id").as_string());
}

}  // namespace

TEST_CASE("the dashboard's pages are served from the binary, locked down, and need a session", "[server][dashboard]") {
    Served s;
    REQUIRE(s.ok());
    Https c(s.port);
    auto root = c.get("/admin");
    CHECK(root.status == 302);
    CHECK(root.header("Location") == "/admin/");
    auto home = c.get("/admin/");
    CHECK(home.status == 302);
    CHECK(home.header("Location") == "/admin/login");
    auto login = c.get("/admin/login");
    REQUIRE(login.status == 200);
    CHECK(login.header("Content-Type").starts_with("text/html"));
    CHECK(login.body.find("/admin/app.js") != std::string::npos);
    CHECK(login.header("Content-Security-Policy").find("script-src 'self'") != std::string::npos);
    CHECK(login.header("X-Frame-Options") == "DENY");
    auto js = c.get("/admin/app.js");
    REQUIRE(js.status == 200);
    CHECK(js.header("Content-Type").starts_with("text/javascript"));
    CHECK(js.body.size() > 1000);
    // Nothing is fetched from another host.
    CHECK(js.body.find("https://") == std::string::npos);
    std::string etag = js.header("ETag");
    REQUIRE_FALSE(etag.empty());
    auto cached = c.get("/admin/app.js", {{"If-None-Match", etag}});
    CHECK(cached.status == 304);
    CHECK(cached.body.empty());
    CHECK(c.get("/admin/app.css").status == 200);
    // The bundled packages' licences go with them.
    auto licenses = c.get("/admin/licenses.txt");
    CHECK(licenses.status == 200);
    CHECK(licenses.header("Content-Type").starts_with("text/plain"));
    CHECK(licenses.body.find("==== preact ") != std::string::npos);
    CHECK(licenses.body.find("==== uplot ") != std::string::npos);
    CHECK(c.get("/admin/secret.txt").status == 404);
    CHECK(c.get("/admin/..%2Fserver.key").status == 404);
    CHECK(c.send(verb::post, "/admin/app.js").status == 405);

    add_staff(s, "demo", "chu", "owner");
    auto owner = sign_in(c, "chu");
    auto page = c.get("/admin/", owner.reads());
    CHECK(page.status == 200);
    CHECK(page.header("Content-Type").starts_with("text/html"));
}

TEST_CASE("signing in: JSON only, a cookie the page cannot read, a growing wait after five failures",
          "[server][dashboard]") {
    Served s;
    REQUIRE(s.ok());
    Https c(s.port);
    add_staff(s, "demo", "lan", "cashier");
    const std::map<std::string, std::string> json{{"Content-Type", "application/json"}};
    auto form = c.send(verb::post, "/admin/api/login", "username=lan&password=mat-khau-lan",
                       {{"Content-Type", "application/x-www-form-urlencoded"}});
    CHECK(form.status == 415);
    CHECK(c.send(verb::get, "/admin/api/login").status == 405);
    auto wrong = c.send(verb::post, "/admin/api/login", R"({"username": "lan", "password": "sai-mat-khau"})", json);
    CHECK(wrong.status == 401);
    CHECK(wrong.header("Set-Cookie").empty());
    CHECK(c.send(verb::post, "/admin/api/login", R"({"username": "lan"})", json).status == 400);

    auto in = c.send(verb::post, "/admin/api/login", R"({"username": "LAN", "password": "mat-khau-lan"})", json);
    REQUIRE(in.status == 200);
    std::string cookie = in.header("Set-Cookie");
    for (const char* attribute : {"HttpOnly", "Secure", "SameSite=Strict", "Path=/", "Max-Age=43200"})
        CHECK(cookie.find(attribute) != std::string::npos);
    auto session = boost::json::parse(in.body).as_object();
    CHECK(session.at("username") == "lan");
    CHECK(session.at("role") == "cashier");
    CHECK(session.at("shop_id") == "demo");
    CHECK(session.at("zone") == "Asia/Ho_Chi_Minh");
    CHECK(session.at("csrf_token").as_string().size() == 43);
    std::string token = cookie.substr(0, cookie.find(';'));
    CHECK(c.get("/admin/api/session", {{"Cookie", token}}).status == 200);
    CHECK(c.get("/admin/api/session", {{"Cookie", "loyalty_session=forged"}}).status == 401);

    for (int i = 0; i < 4; ++i)
        CHECK(c.send(verb::post, "/admin/api/login", R"({"username": "lan", "password": "sai-mat-khau"})", json).status ==
              401);
    CHECK(c.send(verb::post, "/admin/api/login", R"({"username": "lan", "password": "sai-mat-khau"})", json).status ==
          401);
    auto held = c.send(verb::post, "/admin/api/login", R"({"username": "lan", "password": "mat-khau-lan"})", json);
    CHECK(held.status == 429);
    // Two seconds from the fifth failure, in whole seconds of the wall clock: 2, or 1 once a second ticked.
    auto retry = boost::json::parse(held.body).at("error").at("retry_after").as_int64();
    CHECK((retry == 1 || retry == 2));
    CHECK(held.header("Retry-After") == std::to_string(retry));

    // Signing out needs the CSRF token, then the cookie names no session.
    CHECK(c.send(verb::post, "/admin/api/logout", "", {{"Cookie", token}}).status == 403);
    auto out = c.send(verb::post, "/admin/api/logout", "",
                      {{"Cookie", token}, {"X-CSRF-Token", std::string(session.at("csrf_token").as_string())}});
    CHECK(out.status == 204);
    CHECK(out.header("Set-Cookie").find("Max-Age=0") != std::string::npos);
    CHECK(c.get("/admin/api/session", {{"Cookie", token}}).status == 401);
}

TEST_CASE("each role reaches its own shop only, within what it may do, and every write names who made it",
          "[server][dashboard]") {
    Served s;
    REQUIRE(s.ok());
    Https c(s.port);
    REQUIRE(loyalty_put_shop(s.engine, R"({"shop_id": "other", "earn": {"spend_per_point": 1000}})") == LOYALTY_OK);
    std::string id = member_of_order(s, c);
    add_staff(s, "demo", "chu", "owner");
    add_staff(s, "demo", "lan", "cashier");
    add_staff(s, "demo", "xem", "viewer");
    auto owner = sign_in(c, "chu");
    auto cashier = sign_in(c, "lan");
    auto viewer = sign_in(c, "xem");
    const std::string m = "/api/v1/shops/demo/members/" + id;
    const std::string redeem = R"({"points": 10, "idempotency_key": "quay-1", "reason": "đổi quà"})";

    // Reads: every role, own shop only.
    for (const auto* who : {&owner, &cashier, &viewer}) {
        CHECK(c.get(m, who->reads()).status == 200);
        CHECK(c.get("/api/v1/shops/demo/overview", who->reads()).status == 200);
        CHECK(c.get("/api/v1/shops/other", who->reads()).status == 403);
        CHECK(c.get("/api/v1/shops/other/overview", who->reads()).status == 403);
        CHECK(c.get("/api/v1/shops", who->reads()).status == 403);
        CHECK(c.send(verb::post, "/api/v1/shops/demo/quote", R"({"amount": 500000})", who->writes()).status == 200);
    }
    CHECK(c.get(m).status == 401);

    // Writes need the CSRF token, whoever makes them.
    CHECK(c.send(verb::post, m + "/redemptions", redeem, owner.reads()).status == 403);
    CHECK(c.send(verb::post, m + "/redemptions", redeem, {{"Cookie", owner.cookie}, {"X-CSRF-Token", cashier.csrf}})
              .status == 403);

    // A viewer writes nothing; a cashier redeems but does not adjust or change the program.
    CHECK(c.send(verb::post, m + "/redemptions", redeem, viewer.writes()).status == 403);
    auto redeemed = c.send(verb::post, m + "/redemptions", redeem, cashier.writes());
    REQUIRE(redeemed.status == 200);
    // The double click: the same key, the same answer, one entry.
    CHECK(c.send(verb::post, m + "/redemptions", redeem, cashier.writes()).body == redeemed.body);
    CHECK(c.send(verb::post, m + "/adjustments", R"({"points": 5, "idempotency_key": "a", "reason": "x"})",
                 cashier.writes())
              .status == 403);
    CHECK(c.send(verb::patch, "/api/v1/shops/demo", R"({"earn": {"spend_per_point": 5000}})", cashier.writes()).status ==
          403);
    CHECK(c.get("/api/v1/shops/demo/staff", cashier.reads()).status == 403);
    CHECK(c.get("/api/v1/shops/demo/audit", viewer.reads()).status == 403);

    // The owner changes the program; another shop stays out of reach.
    CHECK(c.send(verb::patch, "/api/v1/shops/demo", R"({"earn": {"spend_per_point": 5000}})", owner.writes()).status ==
          200);
    CHECK(c.send(verb::patch, "/api/v1/shops/other", R"({"earn": {"spend_per_point": 5}})", owner.writes()).status ==
          403);

    // The ledger entry names the cashier; the audit trail names everyone who wrote.
    auto history = boost::json::parse(c.get(m + "/transactions", bearer()).body);
    const auto& latest = history.at("transactions").as_array().at(0).as_object();
    CHECK(latest.at("kind") == "redeem");
    CHECK(latest.at("detail") == "by staff:lan");
    auto audit = boost::json::parse(c.get("/api/v1/shops/demo/audit", owner.reads()).body);
    const auto& records = audit.at("records").as_array();
    REQUIRE(records.size() >= 3);
    CHECK(records.at(0).at("actor") == "staff:chu");
    CHECK(records.at(0).at("action") == "PATCH /api/v1/shops/{shop}");
    bool cashier_recorded = false;
    for (const auto& r : records)
        cashier_recorded |= r.at("actor") == "staff:lan" && r.at("target") == boost::json::string(m + "/redemptions");
    CHECK(cashier_recorded);

    // The overview names each connection's latest webhook.
    auto overview = boost::json::parse(c.get("/api/v1/shops/demo/overview", viewer.reads()).body);
    const auto& connections = overview.at("connections").as_array();
    REQUIRE(connections.size() == 2);
    CHECK(connections.at(0).at("platform") == "haravan");
    CHECK(connections.at(0).at("last_delivery_at").is_string());
    CHECK(connections.at(1).at("platform") == "kiotviet");
    CHECK(connections.at(1).at("last_delivery_at").is_null());
    CHECK(overview.at("webhooks_today").at("received") == 1);

    // The operator's token still reaches every shop.
    CHECK(c.get("/api/v1/shops/other", bearer()).status == 200);
}

TEST_CASE("a staff member's quarantine is their shop's, whatever they ask for", "[server][dashboard]") {
    Served s;
    REQUIRE(s.ok());
    Https c(s.port);
    REQUIRE(loyalty_put_shop(s.engine, R"({"shop_id": "other", "earn": {"spend_per_point": 1000},
        "connections": [{"platform": "haravan", "secret": "haravan-test-secret"}]})") == LOYALTY_OK);
    std::string bad = R"({"id": 7, "financial_status": "paid"})";
    CHECK(c.send(verb::post, "/webhooks/haravan/other", bad, haravan_headers(bad)).status == 400);
    add_staff(s, "demo", "chu", "owner");
    auto owner = sign_in(c, "chu");
    auto list = boost::json::parse(c.get("/api/v1/quarantine?shop_id=other", owner.reads()).body);
    CHECK(list.at("deliveries").as_array().empty());
    auto all = boost::json::parse(c.get("/api/v1/quarantine?shop_id=other", bearer()).body);
    REQUIRE(all.at("deliveries").as_array().size() == 1);
    auto qid = all.at("deliveries").as_array().at(0).at("quarantine_id").as_int64();
    CHECK(c.send(verb::post, "/api/v1/quarantine/" + std::to_string(qid) + "/dismiss", R"({"reason": "x"})",
                 owner.writes())
              .status == 404);
}

TEST_CASE("a member's export and erasure: owners and the admin token only, each audited", "[server][dashboard]") {
    Served s;
    REQUIRE(s.ok());
    Https c(s.port);
    std::string id = member_of_order(s, c);
    add_staff(s, "demo", "chu", "owner");
    add_staff(s, "demo", "lan", "cashier");
    add_staff(s, "demo", "xem", "viewer");
    auto owner = sign_in(c, "chu");
    auto cashier = sign_in(c, "lan");
    auto viewer = sign_in(c, "xem");
    const std::string m = "/api/v1/shops/demo/members/" + id;

    for (const auto* who : {&cashier, &viewer}) {
        CHECK(c.get(m + "/export", who->reads()).status == 403);
        CHECK(c.send(verb::post, m + "/erase", "", who->writes()).status == 403);
    }
    CHECK(c.get(m + "/export").status == 401);
    CHECK(c.send(verb::post, m + "/erase", "", owner.reads()).status == 403);  // no CSRF token
    CHECK(c.send(verb::post, m + "/export", "", bearer()).status == 405);
    CHECK(c.get(m + "/erase", bearer()).status == 405);
    CHECK(c.get("/api/v1/shops/demo/members/m_nobody/export", bearer()).status == 404);
    CHECK(c.send(verb::post, "/api/v1/shops/demo/members/m_nobody/erase", "", bearer()).status == 404);

    auto exported = c.get(m + "/export", owner.reads());
    REQUIRE(exported.status == 200);
    auto doc = boost::json::parse(exported.body);
    CHECK(doc.at("member").at("phone") == "+84912345678");
    CHECK(doc.at("orders").as_array().size() == 1);
    CHECK(doc.at("erased_at").is_null());

    auto erased = c.send(verb::post, m + "/erase", "", owner.writes());
    REQUIRE(erased.status == 200);
    CHECK(boost::json::parse(erased.body).at("already_erased") == false);
    CHECK(c.get("/api/v1/shops/demo/members?phone=0912345678", bearer()).status == 404);
    auto again = c.send(verb::post, m + "/erase", "", bearer());
    REQUIRE(again.status == 200);
    CHECK(boost::json::parse(again.body).at("already_erased") == true);
    auto member = boost::json::parse(c.get(m, bearer()).body);
    CHECK(member.at("phone") == "");
    CHECK(member.at("refs").as_array().empty());

    // One audit record per call, naming who asked; the erasure is not recorded twice.
    auto audit = boost::json::parse(c.get("/api/v1/shops/demo/audit", owner.reads()).body);
    const auto& records = audit.at("records").as_array();
    REQUIRE(records.size() >= 3);
    CHECK(records.at(0).at("actor") == "admin_token");
    CHECK(records.at(0).at("detail") == "already erased");
    CHECK(records.at(1).at("actor") == "staff:chu");
    CHECK(records.at(1).at("action") == "POST /api/v1/shops/{shop}/members/{id}/erase");
    CHECK(records.at(1).at("target") == boost::json::string(id));
    CHECK(records.at(2).at("actor") == "staff:chu");
    CHECK(records.at(2).at("action") == "GET /api/v1/shops/{shop}/members/{id}/export");
}

TEST_CASE("the analytics reports: JSON, CSV, a window of 1 to 36 months, and the roles that read them",
          "[server][dashboard]") {
    Served s;
    REQUIRE(s.ok());
    Https c(s.port);
    std::string id = member_of_order(s, c);  // 113 points, earned in May 2024
    REQUIRE(c.send(verb::post, "/api/v1/shops/demo/members/" + id + "/adjustments",
                   R"({"points": 5, "idempotency_key": "a", "reason": "x"})", bearer())
                .status == 200);
    const std::string reports = "/api/v1/shops/demo/reports/";
    auto json_of = [&](const std::string& target) {
        auto r = c.get(reports + target, bearer());
        INFO(target << ": " << r.body);
        REQUIRE(r.status == 200);
        CHECK(r.header("Content-Type").starts_with("application/json"));
        return boost::json::parse(r.body).as_object();
    };

    // This month only: the adjustment moved 5, on top of the 113 outstanding from before.
    auto liability = json_of("liability?months=1");
    const std::string month(liability.at("to").as_string());
    CHECK(liability.at("from") == boost::json::value(month));
    const auto& months = liability.at("months").as_array();
    REQUIRE(months.size() == 1);
    CHECK(months[0] == boost::json::parse(R"({"month": ")" + month + R"(", "earned": 0, "redeemed": 0, "expired": 0,
        "adjusted": 5, "outstanding_available": 118, "outstanding_pending": 0})"));

    auto cohorts = json_of("cohorts?months=36");  // reaches back to May 2024's order
    const auto& rows = cohorts.at("cohorts").as_array();
    REQUIRE(rows.size() == 36);
    CHECK(rows.front().at("retained").as_array().size() == 36);
    CHECK(rows.back().at("retained").as_array().size() == 1);
    CHECK(rows.back().at("month") == cohorts.at("to"));
    int64_t members = 0;
    for (const auto& row : rows) {
        CHECK(row.as_object().size() == 4);
        CHECK(row.at("repeat_members") == 0);
        members += row.at("members").as_int64();
    }
    CHECK(members == 1);

    auto repeat = json_of("repeat-purchase");  // 12 months: May 2024 is before them
    CHECK(repeat.at("by_month").as_array().size() == 12);
    CHECK((repeat.at("customers") == 0 && repeat.at("repeat_customers") == 0 && repeat.at("orders") == 0));
    CHECK(repeat.at("by_month").as_array().back() ==
          boost::json::parse(R"({"month": ")" + month + R"(", "customers": 0, "returning_customers": 0, "orders": 0})"));
    auto rewards = json_of("rewards?limit=100");
    CHECK(rewards.at("rewards").as_array().empty());
    CHECK(rewards.size() == 3);
    CHECK(json_of("tiers").at("tiers").as_array().empty());  // the shop has no tiers

    // CSV: a byte order mark, the columns, one row a month, as an attachment.
    auto csv = c.get(reports + "liability?months=1&format=csv", bearer());
    REQUIRE(csv.status == 200);
    CHECK(csv.header("Content-Type").starts_with("text/csv"));
    CHECK(csv.header("Content-Disposition") == "attachment; filename=\"liability-demo.csv\"");
    CHECK(csv.body == "\xEF\xBB\xBFmonth,earned,redeemed,expired,adjusted,outstanding_available,outstanding_pending\r\n" +
                          month + ",0,0,0,5,118,0\r\n");
    auto cohort_csv = c.get(reports + "cohorts?months=2&format=csv", bearer());
    REQUIRE(cohort_csv.status == 200);
    CHECK(cohort_csv.body.ends_with("\r\n" + month + ",0,0,0,\r\n"));  // the current month has one cell
    CHECK(cohort_csv.body.starts_with("\xEF\xBB\xBFmonth,members,repeat_members,month_0,month_1\r\n"));
    for (const char* name : {"repeat-purchase", "rewards", "tiers"}) {
        auto r = c.get(reports + name + "?format=csv", bearer());
        CHECK(r.status == 200);
        CHECK(r.header("Content-Disposition") == "attachment; filename=\"" + std::string(name) + "-demo.csv\"");
    }
    CHECK(c.get(reports + "repeat-purchase?months=1&format=csv", bearer()).body ==
          "\xEF\xBB\xBFmonth,customers,returning_customers,orders\r\n" + month + ",0,0,0\r\n");
    CHECK(c.get(reports + "tiers?format=csv", bearer()).body == "\xEF\xBB\xBFtier,members,earned,redeemed,redeeming_members\r\n");

    // Bad input is 400 naming what is wrong; an unknown shop or report 404; only GET.
    for (const char* name : {"cohorts", "repeat-purchase", "liability", "rewards", "tiers"}) {
        INFO(name);
        for (const char* query : {"?months=0", "?months=37", "?months=abc", "?months=", "?format=xml", "?months=99999999999"}) {
            INFO(query);
            auto r = c.get(reports + name + query, bearer());
            CHECK(r.status == 400);
            CHECK(r.body.find(std::string(query).find("format") != std::string::npos ? "format" : "months") !=
                  std::string::npos);
        }
        CHECK(c.get("/api/v1/shops/nope/reports/" + std::string(name), bearer()).status == 404);
        CHECK(c.send(verb::post, reports + name, "{}", bearer()).status == 405);
    }
    for (const char* query : {"?limit=0", "?limit=101", "?limit=x"}) {
        auto r = c.get(reports + "rewards" + query, bearer());
        CHECK(r.status == 400);
        CHECK(r.body.find("limit") != std::string::npos);
    }
    CHECK(c.get(reports + "nope", bearer()).status == 404);

    // Every role reads them, as the segment report, for its own shop only.
    REQUIRE(loyalty_put_shop(s.engine, R"({"shop_id": "other", "earn": {"spend_per_point": 1000}})") == LOYALTY_OK);
    add_staff(s, "demo", "lan", "cashier");
    add_staff(s, "demo", "xem", "viewer");
    for (const auto& who : {sign_in(c, "lan"), sign_in(c, "xem")}) {
        CHECK(c.get(reports + "segments", who.reads()).status == 200);
        CHECK(c.get(reports + "cohorts?format=csv", who.reads()).status == 200);
        CHECK(c.get(reports + "tiers", who.reads()).status == 200);
        CHECK(c.get("/api/v1/shops/other/reports/liability", who.reads()).status == 403);
    }
    CHECK(c.get(reports + "liability").status == 401);
}

TEST_CASE("loyalty_report gives the document the report's route returns", "[server][dashboard]") {
    Served s;
    REQUIRE(s.ok());
    Https c(s.port);
    member_of_order(s, c);
    const struct {
        const char* request;
        const char* target;
    } cases[] = {
        {R"({"report": "segments"})", "segments"},
        {R"({"report": "cohorts", "months": 36})", "cohorts?months=36"},
        {R"({"report": "repeat-purchase"})", "repeat-purchase"},
        {R"({"report": "liability", "months": 3})", "liability?months=3"},
        {R"({"report": "rewards", "months": 24, "limit": 5})", "rewards?months=24&limit=5"},
        {R"({"report": "tiers", "months": 1})", "tiers?months=1"},
    };
    for (const auto& k : cases) {
        INFO(k.request);
        char* out = nullptr;
        REQUIRE(loyalty_report(s.engine, "demo", k.request, &out) == LOYALTY_OK);
        const std::string text = out;
        loyalty_free(out);
        auto r = c.get("/api/v1/shops/demo/reports/" + std::string(k.target), bearer());
        REQUIRE(r.status == 200);
        CHECK(boost::json::parse(text) == boost::json::parse(r.body));
    }
}
