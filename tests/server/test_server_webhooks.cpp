// Webhooks over real TLS on loopback: every status the contract names.
#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <boost/json.hpp>

#include <chrono>

#include "https_client.hpp"
#include "served.hpp"

using namespace loyalty::test;
using boost::beast::http::verb;

namespace {

std::string code_of(const Reply& r) {
    auto v = boost::json::parse(r.body);
    return std::string(v.at("error").at("code").as_string());
}

}  // namespace

TEST_CASE("webhook deliveries get the status the platform should see", "[server]") {
    Served s(R"("limits": {"body_bytes": 65536})");
    REQUIRE(s.ok());
    Https c(s.port);
    REQUIRE(c.connected());
    std::string body = haravan_order("1001", "1130000");

    auto applied = c.send(verb::post, "/webhooks/haravan/demo", body, haravan_headers(body));
    CHECK(applied.status == 200);
    CHECK(applied.body.find(R"("outcome":"applied")") != std::string::npos);
    CHECK(applied.body.find(R"("points_delta":113)") != std::string::npos);
    CHECK_FALSE(applied.header("X-Request-Id").empty());

    auto duplicate = c.send(verb::post, "/webhooks/haravan/demo", body, haravan_headers(body));
    CHECK(duplicate.status == 200);
    CHECK(duplicate.body.find(R"("outcome":"duplicate")") != std::string::npos);

    auto forged = c.send(verb::post, "/webhooks/haravan/demo", haravan_order("1002", "9000000"), haravan_headers(body));
    CHECK(forged.status == 401);
    CHECK(code_of(forged) == "unauthenticated");

    std::string truncated = body.substr(0, 80);
    auto malformed = c.send(verb::post, "/webhooks/haravan/demo", truncated, haravan_headers(truncated));
    CHECK(malformed.status == 400);
    CHECK(malformed.body.find("quarantine") != std::string::npos);

    CHECK(c.send(verb::post, "/webhooks/haravan/nowhere", body, haravan_headers(body)).status == 404);
    CHECK(c.send(verb::post, "/webhooks/shopee/demo", body, haravan_headers(body)).status == 404);
    CHECK(c.send(verb::get, "/webhooks/sapo/demo").status == 405);
    CHECK(c.get("/no/such/route").status == 404);

    std::string huge(70000, ' ');
    auto oversized = c.send(verb::post, "/webhooks/haravan/demo", huge, haravan_headers(huge));
    CHECK(oversized.status == 413);
    CHECK_FALSE(c.connected());  // the server does not read the rest of an oversized body

    Https again(s.port);
    auto member = again.get("/api/v1/shops/demo/members?platform=haravan&customer_id=501", bearer());
    CHECK(member.status == 200);
    CHECK(member.body.find(R"("available":113)") != std::string::npos);
}

TEST_CASE("KiotViet is never answered with a 4xx that would end its subscription", "[server]") {
    Served s;
    REQUIRE(s.ok());
    Https c(s.port);
    std::string body = R"({"Id": "d-1", "Attempt": 1})";  // authentic, but without its Notifications
    auto forged = c.send(verb::post, "/webhooks/kiotviet/demo", body, {{"X-Hub-Signature", hub_hmac(body, "wrong-secret")}});
    CHECK(forged.status == 503);
    auto quarantined =
        c.send(verb::post, "/webhooks/kiotviet/demo", body, {{"X-Hub-Signature", hub_hmac(body, kiotviet_secret)}});
    CHECK(quarantined.status == 200);
    auto v = boost::json::parse(quarantined.body);
    CHECK(v.at("outcome") == "quarantined");
    int64_t id = v.at("quarantine_id").as_int64();
    auto listed = c.get("/api/v1/quarantine", bearer());
    CHECK(listed.body.find("\"quarantine_id\":" + std::to_string(id)) != std::string::npos);
}

TEST_CASE("Haravan's subscription handshake over HTTPS", "[server]") {
    Served s;
    REQUIRE(s.ok());
    Https c(s.port);
    auto ok = c.get("/webhooks/haravan/demo?hub.mode=subscribe&hub.verify_token=verify-me-please&hub.challenge=c%2D42");
    CHECK(ok.status == 200);
    CHECK(ok.body == "c-42");
    CHECK(c.get("/webhooks/haravan/demo?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=x").status == 401);
    CHECK(c.get("/webhooks/haravan/nowhere?hub.mode=subscribe&hub.verify_token=x&hub.challenge=x").status == 404);
}

TEST_CASE("storage that cannot be written answers 503, and the retry applies", "[server]") {
    Served s("", R"({"busy_timeout_ms": 50})");
    REQUIRE(s.ok());
    Https c(s.port);
    std::string body = haravan_order("2001", "500000");
    sqlite3* other = nullptr;
    REQUIRE(sqlite3_open(s.db().c_str(), &other) == SQLITE_OK);
    // Another process holding the write lock: the engine's commit cannot proceed.
    REQUIRE(sqlite3_exec(other, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr) == SQLITE_OK);
    auto busy = c.send(verb::post, "/webhooks/haravan/demo", body, haravan_headers(body));
    CHECK(busy.status == 503);
    CHECK(code_of(busy) == "storage");
    sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(other);
    Https retry(s.port);
    auto applied = retry.send(verb::post, "/webhooks/haravan/demo", body, haravan_headers(body));
    CHECK(applied.status == 200);
    CHECK(applied.body.find(R"("outcome":"applied")") != std::string::npos);
}

TEST_CASE("a platform's retry of a stored delivery is answered from memory, as the store would answer it", "[server]") {
    Served s;
    REQUIRE(s.ok());
    Served other("", "", s.db());  // a second instance on the same store
    REQUIRE(other.ok());
    auto from_memory = [](int port) {
        const std::string series = R"(loyalty_webhook_duplicates_from_memory_total{platform="haravan"} )";
        auto body = Https(port).get("/metrics").body;
        auto at = body.find(series);
        REQUIRE(at != std::string::npos);
        return std::stoll(body.substr(at + series.size()));
    };
    Https c(s.port);
    std::string body = haravan_order("2501", "700000");
    REQUIRE(c.send(verb::post, "/webhooks/haravan/demo", body, haravan_headers(body)).status == 200);
    CHECK(from_memory(s.port) == 0);

    // The other instance finds it in the store, then knows it.
    Https o(other.port);
    auto read = o.send(verb::post, "/webhooks/haravan/demo", body, haravan_headers(body));
    CHECK(read.status == 200);
    CHECK(from_memory(other.port) == 0);
    auto remembered = o.send(verb::post, "/webhooks/haravan/demo", body, haravan_headers(body));
    CHECK(remembered.status == 200);
    CHECK(remembered.body == read.body);
    CHECK(remembered.body.find(R"("outcome":"duplicate")") != std::string::npos);
    CHECK(from_memory(other.port) == 1);

    auto retry = c.send(verb::post, "/webhooks/haravan/demo", body, haravan_headers(body));
    CHECK(retry.status == 200);
    CHECK(retry.body == read.body);
    CHECK(from_memory(s.port) == 1);
    // A forged copy is not a duplicate: the signature is checked first, here as in the store's path.
    auto forged = c.send(verb::post, "/webhooks/haravan/demo", body, haravan_headers(body, "not-the-secret"));
    CHECK(forged.status == 401);
    CHECK(from_memory(s.port) == 1);
    auto metrics = Https(s.port).get("/metrics").body;
    CHECK(metrics.find(R"(loyalty_webhook_outcomes_total{platform="haravan",outcome="duplicate"} 1)") !=
          std::string::npos);
}

TEST_CASE("health and metrics need no token and report what happened", "[server]") {
    Served s;
    REQUIRE(s.ok());
    Https c(s.port);
    CHECK(c.get("/healthz").status == 200);
    std::string body = haravan_order("3001", "200000");
    c.send(verb::post, "/webhooks/haravan/demo", body, haravan_headers(body));
    auto metrics = c.get("/metrics");
    CHECK(metrics.status == 200);
    CHECK(metrics.header("Content-Type").starts_with("text/plain"));
    CHECK(metrics.body.find(R"(loyalty_webhook_outcomes_total{platform="haravan",outcome="applied"} 1)") !=
          std::string::npos);
    CHECK(metrics.body.find(R"(loyalty_http_requests_total{route="/healthz",status="200"} 1)") != std::string::npos);
    CHECK(metrics.body.find("loyalty_ledger_entries 1") != std::string::npos);
    CHECK(metrics.body.find("loyalty_quarantine_open 0") != std::string::npos);
    CHECK(metrics.body.find("loyalty_http_request_duration_seconds_bucket") != std::string::npos);
    CHECK(metrics.body.find("loyalty_build_info{version=\"" + std::string(loyalty_version()) + "\"} 1") !=
          std::string::npos);
    // The process's own figures, as the standard exporters name them, with values that can be true.
    auto value = [&](const std::string& name) {
        auto at = metrics.body.find("\n" + name + " ");
        REQUIRE(at != std::string::npos);
        return std::stod(metrics.body.substr(at + name.size() + 2));
    };
    CHECK(value("process_cpu_seconds_total") > 0);
    CHECK(value("process_resident_memory_bytes") > 1e6);
    CHECK(value("process_open_fds") >= 3);
    CHECK(value("process_max_fds") >= value("process_open_fds"));
    auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
    CHECK(value("process_start_time_seconds") <= static_cast<double>(now.count()));
    CHECK(value("process_start_time_seconds") > static_cast<double>(now.count()) - 600);
    CHECK(metrics.body.find("loyalty_events{status=\"pending\"} 0") != std::string::npos);
}
