#include "router.hpp"

#include <boost/json.hpp>

#include <cstdio>

#include "common/crypto.hpp"
#include "respond.hpp"
#include "url.hpp"

namespace loyalty::http {
namespace {

namespace json = boost::json;
using beast_http::field;
using beast_http::verb;

std::string headers_json(const Request& req) {
    json::object headers;
    // Names as sent; the connectors match them case-insensitively. Repeated headers keep the first.
    for (const auto& h : req) {
        std::string name(h.name_string());
        if (!headers.contains(name)) headers[name] = std::string(h.value());
    }
    return json::serialize(headers);
}

std::string outcome_of(const std::string& body) {
    auto at = body.find("\"outcome\":\"");
    if (at == std::string::npos) return {};
    at += 11;
    return body.substr(at, body.find('"', at) - at);
}

// Shop documents carry platform secrets; the admin API shows that they are set, not what they are.
std::string redacted_shop(const std::string& text) {
    json::error_code ec;
    json::value v = json::parse(text, ec);
    if (ec || !v.is_object()) return text;
    if (auto* list = v.get_object().if_contains("connections"); list && list->is_array()) {
        for (auto& c : list->get_array()) {
            if (!c.is_object()) continue;
            auto& o = c.get_object();
            if (o.contains("secret")) o["secret"] = "***";
            if (auto* many = o.if_contains("secrets"); many && many->is_array())
                for (auto& s : many->get_array()) s = "***";
            if (o.contains("verify_token")) o["verify_token"] = "***";
        }
    }
    return json::serialize(v);
}

std::string digest(std::string_view secret) { return connectors::hmac_sha256("loyaltyd admin token", secret); }

}  // namespace

Router::Router(loyalty_engine* engine, const ServerConfig& config, Metrics& metrics)
    : engine_(engine), config_(config), metrics_(metrics), token_digest_(digest(config.admin_token)) {}

bool Router::authorized(const Request& req) const {
    auto header = req[field::authorization];
    constexpr std::string_view scheme = "Bearer ";
    if (config_.admin_token.empty() || header.size() <= scheme.size() || header.substr(0, scheme.size()) != scheme)
        return false;
    // Both sides hashed first, so the comparison takes the same time whatever the token's length.
    std::string_view given(header.data() + scheme.size(), header.size() - scheme.size());
    return connectors::constant_time_equal(digest(given), token_digest_);
}

bool Router::answers_inline(const Request& req) const {
    auto target = req.target();
    // /healthz asks the store, which on PostgreSQL means a round trip to the server.
    bool engine_route = target.starts_with("/webhooks/") || target.starts_with("/api/") ||
                        target.starts_with("/metrics") || target.starts_with("/healthz");
    return !engine_route;
}

Handled Router::handle(const Request& req) {
    auto target = parse_target(std::string_view(req.target().data(), req.target().size()));
    if (!target) return refused(req, Route::unknown, 400, "invalid_argument", "malformed request target");
    const auto& seg = target->segments;
    if (seg.size() == 1 && seg[0] == "healthz") {
        if (req.method() != verb::get) return refused(req, Route::healthz, 405, "invalid_argument", "use GET");
        // A load balancer takes an instance that cannot reach its store out of rotation.
        if (loyalty_check_storage(engine_) != LOYALTY_OK) {
            json::object body{{"status", "unavailable"}, {"storage", loyalty_last_error()}};
            return {reply(req, 503, json::serialize(body)), Route::healthz, {}, {}};
        }
        return {reply(req, 200, R"({"status":"ok"})"), Route::healthz, {}, {}};
    }
    if (seg.size() == 1 && seg[0] == "metrics") {
        if (req.method() != verb::get) return refused(req, Route::metrics, 405, "invalid_argument", "use GET");
        char* stats = nullptr;
        if (loyalty_get_stats(engine_, &stats) == LOYALTY_OK) {
            json::error_code ec;
            auto v = json::parse(stats, ec);
            if (!ec && v.is_object())
                metrics_.ledger(v.at("entries").to_number<int64_t>(), v.at("quarantine_open").to_number<int64_t>());
        }
        loyalty_free(stats);
        return {reply(req, 200, metrics_.render(), "text/plain; version=0.0.4"), Route::metrics, {}, {}};
    }
    if (seg.size() == 2 && seg[0] == "webhooks" && seg[1] == "haravan") {
        // A Haravan public app's one URL for all its shops: X-Haravan-Org-Id names the shop.
        if (req.method() != verb::post)
            return {error_response(req, 405, "invalid_argument", "webhooks are POSTed"), Route::webhook, seg[1], {}};
        return webhook(req, seg[1], "");
    }
    if (seg.size() == 3 && seg[0] == "webhooks") {
        if (req.method() == verb::post) return webhook(req, seg[1], seg[2]);
        if (req.method() == verb::get && seg[1] == "haravan") {
            auto param = [&](const char* name) {
                const std::string* v = target->param(name);
                return v ? *v : std::string();
            };
            char* out = nullptr;
            int s = loyalty_haravan_handshake(engine_, seg[2].c_str(), param("hub.mode").c_str(),
                                              param("hub.verify_token").c_str(), param("hub.challenge").c_str(), &out);
            if (s != LOYALTY_OK) return {answer(req, s, out), Route::haravan_handshake, "haravan", {}};
            std::string challenge = out;
            loyalty_free(out);
            return {reply(req, 200, challenge, "text/plain; charset=utf-8"), Route::haravan_handshake, "haravan", {}};
        }
        return {error_response(req, 405, "invalid_argument", "webhooks are POSTed"), Route::webhook, seg[1], {}};
    }
    if (!seg.empty() && seg[0] == "api") {
        if (!authorized(req))
            return refused(req, Route::unknown, 401, "unauthenticated", "Authorization: Bearer <admin_token> is required");
        return api(req, *target);
    }
    return refused(req, Route::unknown, 404, "not_found", "no such route");
}

Handled Router::webhook(const Request& req, const std::string& platform, const std::string& shop) {
    const std::string& body = req.body();
    char* out = nullptr;
    int s = loyalty_ingest_webhook(engine_, platform.c_str(), shop.empty() ? nullptr : shop.c_str(),
                                   headers_json(req).c_str(), body.data(), body.size(), &out);
    Handled h{answer(req, s, out), Route::webhook, platform, {}};
    if (s == LOYALTY_OK) h.outcome = outcome_of(h.response.body());
    else if (s == LOYALTY_UNAUTHENTICATED) h.outcome = "unauthenticated";
    else if (s == LOYALTY_INVALID_ARGUMENT && std::string_view(loyalty_last_error()).find("quarantine") != std::string_view::npos)
        h.outcome = "quarantined";
    else h.outcome = "failed";
    // Any 4xx makes KiotViet stop delivering to the endpoint. A signature failure there is most often a
    // secret configured wrong, so it answers 503: KiotViet retries, the log says what to fix, and once
    // it is fixed the retries apply. A delivery kept in quarantine is not lost, so it is acknowledged.
    if (platform == "kiotviet") {
        if (s == LOYALTY_NOT_FOUND) {
            // A shop not configured yet (or a URL typed wrong): a 404 would end the subscription.
            std::string line = json::serialize(json::object{
                {"level", "error"},
                {"shop_id", shop},
                {"message", std::string("KiotViet delivery for a shop this server cannot take: ") + loyalty_last_error() +
                                "; answering 503 so KiotViet retries instead of unsubscribing"}});
            line += '\n';
            std::fwrite(line.data(), 1, line.size(), stderr);
            h.outcome = "unknown_shop";
            h.response = error_response(req, 503, "not_found", "shop is not configured here yet; will accept the retry once it is");
        } else if (s == LOYALTY_UNAUTHENTICATED) {
            std::string line = json::serialize(json::object{
                {"level", "error"},
                {"shop_id", shop},
                {"message", "KiotViet signature does not verify: check the shop's kiotviet secret; answering 503 so "
                            "KiotViet retries instead of unsubscribing"}});
            line += '\n';
            std::fwrite(line.data(), 1, line.size(), stderr);
            h.response = error_response(req, 503, "unauthenticated", "signature does not verify; will accept the retry once the "
                                                            "shop's secret is corrected");
        } else if (h.outcome == "quarantined") {
            std::string message = loyalty_last_error();
            json::object body{{"outcome", "quarantined"}, {"message", message}};
            constexpr std::string_view marker = "quarantine as ";
            if (auto at = message.rfind(marker); at != std::string::npos) {
                if (auto id = integer(message.substr(at + marker.size(), message.find(')', at) - at - marker.size())))
                    body["quarantine_id"] = *id;
            }
            h.response = reply(req, 200, json::serialize(body));
        }
    }
    metrics_.webhook(platform, h.outcome);
    return h;
}

Handled Router::api(const Request& req, const Target& t) {
    const auto& seg = t.segments;
    auto method = req.method();
    auto not_allowed = [&](Route r) { return refused(req, r, 405, "invalid_argument", "method not allowed"); };
    auto param = [&](const char* name) { return t.param(name); };
    if (seg.size() < 3 || seg[1] != "v1") return refused(req, Route::unknown, 404, "not_found", "no such route");

    if (seg[2] == "quarantine") {
        if (seg.size() == 3) {
            if (method != verb::get) return not_allowed(Route::quarantine_list);
            json::object q;
            if (auto* shop = param("shop_id")) q["shop_id"] = *shop;
            if (auto* all = param("include_resolved")) q["include_resolved"] = *all == "true" || *all == "1";
            for (const char* name : {"limit", "after"}) {
                if (auto* v = param(name)) {
                    auto n = integer(*v);
                    if (!n) return refused(req, Route::quarantine_list, 400, "invalid_argument", std::string(name) + " must be a whole number");
                    q[name] = *n;
                }
            }
            std::string query = json::serialize(q);
            return {call(req, [&](char** out) { return loyalty_list_quarantine(engine_, query.c_str(), out); }),
                    Route::quarantine_list, {}, {}};
        }
        if (seg.size() == 5) {
            Route r = seg[4] == "replay" ? Route::quarantine_replay : Route::quarantine_dismiss;
            if (seg[4] != "replay" && seg[4] != "dismiss") return refused(req, Route::unknown, 404, "not_found", "no such route");
            if (method != verb::post) return not_allowed(r);
            auto id = integer(seg[3]);
            if (!id) return refused(req, r, 404, "not_found", "no quarantined delivery " + seg[3]);
            if (r == Route::quarantine_replay)
                return {call(req, [&](char** out) { return loyalty_replay_quarantine(engine_, *id, out); }), r, {}, {}};
            json::error_code ec;
            auto body = json::parse(req.body(), ec);
            const json::value* reason = !ec && body.is_object() ? body.get_object().if_contains("reason") : nullptr;
            if (!reason || !reason->is_string())
                return refused(req, r, 400, "invalid_argument", "the body must be {\"reason\": \"...\"}");
            int s = loyalty_dismiss_quarantine(engine_, *id, std::string(reason->get_string()).c_str());
            if (s != LOYALTY_OK) return {answer(req, s, nullptr), r, {}, {}};
            return {reply(req, 200, json::serialize(json::object{{"quarantine_id", *id}, {"resolution", "dismissed: " + std::string(reason->get_string())}})), r, {}, {}};
        }
        return refused(req, Route::unknown, 404, "not_found", "no such route");
    }
    if (seg[2] != "shops" || seg.size() < 4) return refused(req, Route::unknown, 404, "not_found", "no such route");
    const std::string& shop = seg[3];

    if (seg.size() == 4) {
        if (method == verb::put) {
            json::error_code ec;
            auto body = json::parse(req.body(), ec);
            const json::value* id = !ec && body.is_object() ? body.get_object().if_contains("shop_id") : nullptr;
            if (id && (!id->is_string() || id->get_string() != shop))
                return refused(req, Route::shop, 400, "invalid_argument", "shop_id in the body differs from the one in the path");
            // A PUT replaces the whole program: one without connections would silently disconnect
            // every platform (the next webhook gets 404), so that must be said with [].
            if (!ec && body.is_object() && !body.get_object().contains("connections"))
                return refused(req, Route::shop, 400, "invalid_argument",
                               "connections is required in a PUT (send \"connections\": [] to disconnect every "
                               "platform, or PATCH to change other fields)");
            if (!ec && body.is_object() && !id) body.get_object()["shop_id"] = shop;
            std::string text = ec ? req.body() : json::serialize(body);
            int s = loyalty_put_shop(engine_, text.c_str());
            if (s != LOYALTY_OK) return {answer(req, s, nullptr), Route::shop, {}, {}};
            return {reply(req, 200, json::serialize(json::object{{"shop_id", shop}})), Route::shop, {}, {}};
        }
        if (method == verb::get || method == verb::patch) {
            char* out = nullptr;
            int s = method == verb::get ? loyalty_get_shop(engine_, shop.c_str(), &out)
                                        : loyalty_patch_shop(engine_, shop.c_str(), req.body().c_str(), &out);
            if (s != LOYALTY_OK) return {answer(req, s, out), Route::shop, {}, {}};
            std::string text = redacted_shop(out);
            loyalty_free(out);
            return {reply(req, 200, std::move(text)), Route::shop, {}, {}};
        }
        return not_allowed(Route::shop);
    }
    if (seg.size() == 5 && seg[4] == "quote") {
        if (method != verb::post) return not_allowed(Route::quote);
        const std::string& body = req.body();
        return {call(req, [&](char** out) { return loyalty_quote(engine_, shop.c_str(), body.c_str(), out); }),
                Route::quote, {}, {}};
    }
    if (seg[4] != "members") return rewards(req, t, shop);
    if (seg.size() == 5) {
        if (method != verb::get) return not_allowed(Route::member_lookup);
        json::object q;
        if (auto* phone = param("phone")) q["phone"] = *phone;
        if (auto* platform = param("platform")) q["platform"] = *platform;
        if (auto* customer = param("customer_id")) q["customer_id"] = *customer;
        std::string query = json::serialize(q);
        return {call(req, [&](char** out) { return loyalty_get_member(engine_, shop.c_str(), query.c_str(), out); }),
                Route::member_lookup, {}, {}};
    }
    const std::string& member = seg[5];
    if (seg.size() == 6) {
        if (method != verb::get) return not_allowed(Route::member);
        std::string query = json::serialize(json::object{{"member_id", member}});
        return {call(req, [&](char** out) { return loyalty_get_member(engine_, shop.c_str(), query.c_str(), out); }),
                Route::member, {}, {}};
    }
    if (seg.size() == 7 && seg[6] == "transactions") {
        if (method != verb::get) return not_allowed(Route::transactions);
        json::object q{{"member_id", member}};
        for (const char* name : {"limit", "before"}) {
            if (auto* v = param(name)) {
                auto n = integer(*v);
                if (!n) return refused(req, Route::transactions, 400, "invalid_argument", std::string(name) + " must be a whole number");
                q[name] = *n;
            }
        }
        std::string query = json::serialize(q);
        return {call(req, [&](char** out) { return loyalty_list_transactions(engine_, shop.c_str(), query.c_str(), out); }),
                Route::transactions, {}, {}};
    }
    if (seg.size() == 7 && (seg[6] == "redemptions" || seg[6] == "adjustments")) {
        Route r = seg[6] == "redemptions" ? Route::redemptions : Route::adjustments;
        if (method != verb::post) return not_allowed(r);
        std::string problem;
        auto body = with_member(req.body(), member, problem);
        if (!body) return refused(req, r, 400, "invalid_argument", problem);
        auto fn = r == Route::redemptions ? loyalty_redeem_points : loyalty_adjust_points;
        return {call(req, [&](char** out) { return fn(engine_, shop.c_str(), body->c_str(), out); }), r, {}, {}};
    }
    if (seg.size() == 7 && (seg[6] == "tier" || seg[6] == "group")) {
        Route r = seg[6] == "tier" ? Route::tier : Route::group;
        if (method != verb::put) return not_allowed(r);
        std::string problem;
        auto body = with_member(req.body(), member, problem);
        if (!body) return refused(req, r, 400, "invalid_argument", problem);
        auto fn = r == Route::tier ? loyalty_set_tier : loyalty_set_group;
        return {call(req, [&](char** out) { return fn(engine_, shop.c_str(), body->c_str(), out); }), r, {}, {}};
    }
    return refused(req, Route::unknown, 404, "not_found", "no such route");
}

}  // namespace loyalty::http
