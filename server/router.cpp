#include "router.hpp"

#include <boost/json.hpp>

#include <cstdio>
#include <set>

#include "calls.hpp"
#include "common/crypto.hpp"
#include "connector.hpp"
#include "deliver.hpp"
#include "json_fields.hpp"
#include "log_line.hpp"
#include "notify/backlog.hpp"
#include "respond.hpp"
#include "shop_patch.hpp"
#include "staff_access.hpp"
#include "url.hpp"

namespace loyalty::server {
namespace {

namespace json = boost::json;
using beast_http::field;
using beast_http::verb;

connectors::Headers headers_of(const Request& req) {
    connectors::Headers headers;
    for (const auto& h : req) headers.add(std::string(h.name_string()), std::string(h.value()));
    return headers;
}

// The delivery a webhook's HTTP request makes: `shop` empty when the delivery names its own (Haravan's org id).
connectors::DeliveryRequest delivery_request(const Request& req, const std::string& platform, const std::string& shop) {
    connectors::DeliveryRequest delivery{platform, std::nullopt, headers_of(req), req.body()};
    if (!shop.empty()) delivery.shop_id = shop;
    return delivery;
}

void log_error(const std::string& shop, const std::string& message) {
    LogLine(LogLevel::error).add_text("shop_id", shop).add_text("message", message).write();
}

// Shop documents carry platform secrets; the admin API shows that they are set, not what they are.
std::string redacted_shop(const std::string& text) {
    json::object shop = documents::parse_object(text, "stored shop");
    documents::redact_secrets(shop);
    return json::serialize(shop);
}

Metrics::AppFigures app_figures(core::Engine& engine) {
    Metrics::AppFigures f;
    for (const auto& link : engine.all_platform_links()) {
        bool failing = link.state != core::LinkState::disconnected && link.last_error;
        auto state = failing ? core::LinkState::error : link.state;
        f.links.at(static_cast<std::size_t>(state)) += 1;
        f.orders_backfilled += link.counts.orders_done;
        auto jobs = engine.job_counts(link.shop_id, link.platform);
        f.writes_pending += jobs.pending;
        f.writes_failed += jobs.failed;
    }
    return f;
}

// `platform`'s outbox jobs summed over the shops `counted` picks: waiting, given up on, done, and how long
// the oldest waiting one has waited.
template <class Pick>
Metrics::EventFigures backlog_figures(core::Engine& engine, std::string_view platform, Pick counted) {
    Metrics::EventFigures f;
    int64_t now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
                      .count();
    for (const auto& shop : engine.all_shops()) {
        if (!counted(*shop)) continue;
        auto b = core::job_backlog(engine.store(), shop->shop_id, platform);
        f.pending += b.pending;
        f.failed += b.failed;
        f.delivered += b.delivered;
        if (b.oldest_pending_at) f.oldest_pending_age = std::max(f.oldest_pending_age, now - *b.oldest_pending_at);
    }
    return f;
}

Metrics::EventFigures event_figures(core::Engine& engine) {
    return backlog_figures(engine, core::job_platform_webhook,
                           [](const core::ShopProgram& shop) { return !shop.notifications.endpoints.empty(); });
}

// Every shop: campaigns send messages too, without a message rule.
Metrics::EventFigures message_figures(core::Engine& engine, std::string_view channel) {
    return backlog_figures(engine, channel, [](const core::ShopProgram&) { return true; });
}

std::string digest(std::string_view secret) { return connectors::hmac_sha256("loyaltyd admin token", secret); }

}  // namespace

Router::Router(core::Engine& engine, const ServerConfig& config, Metrics& metrics, apps::AppsService* apps)
    : engine_(engine),
      config_(config),
      metrics_(metrics),
      apps_(apps),
      token_digest_(digest(config.admin_token)),
      metrics_digest_(digest(config.metrics_token)) {}

bool Router::authorized(const Request& req) const {
    return !config_.admin_token.empty() && bearer_matches(req, token_digest_);
}

bool Router::bearer_matches(const Request& req, const std::string& token_digest) const {
    auto header = req[field::authorization];
    constexpr std::string_view scheme = "Bearer ";
    if (header.size() <= scheme.size() || header.substr(0, scheme.size()) != scheme) return false;
    // Both sides hashed first, so the comparison takes the same time whatever the token's length.
    std::string_view given(header.data() + scheme.size(), header.size() - scheme.size());
    return connectors::constant_time_equal(digest(given), token_digest);
}

bool Router::answers_inline(const Request& req) const {
    auto target = req.target();
    // /healthz asks the store, which on PostgreSQL means a round trip to the server.
    // /apps/ calls the platforms (a token exchange) before it answers.
    // /admin/ reads the session (the store) and signs in with scrypt, which takes a tenth of a second.
    bool engine_route = target.starts_with("/webhooks/") || target.starts_with("/api/") ||
                        target.starts_with("/metrics") || target.starts_with("/healthz") ||
                        target.starts_with("/apps/") || target.starts_with("/admin") || target.starts_with("/c/");
    return !engine_route;
}

Handled Router::handle(const Request& req, std::shared_ptr<CheckedWebhook> checked) {
    auto target = parse_target(std::string_view(req.target().data(), req.target().size()));
    if (!target) return refused(req, Route::unknown, 400, "invalid_argument", "malformed request target");
    const auto& seg = target->segments;
    if (seg.size() == 1 && seg[0] == "healthz") {
        if (req.method() != verb::get) return refused(req, Route::healthz, 405, "invalid_argument", "use GET");
        // A load balancer takes an instance that cannot reach its store out of rotation.
        auto health = engine_.store().health();
        if (!health.ok) {
            json::object body{{"status", "unavailable"}, {"storage", health.problem}};
            return {reply(req, 503, json::serialize(body)), Route::healthz, {}, {}};
        }
        return {reply(req, 200, R"({"status":"ok"})"), Route::healthz, {}, {}};
    }
    if (seg.size() == 1 && seg[0] == "metrics") {
        if (req.method() != verb::get) return refused(req, Route::metrics, 405, "invalid_argument", "use GET");
        if (!config_.metrics_token.empty() && !bearer_matches(req, metrics_digest_))
            return refused(req, Route::metrics, 401, "unauthenticated", "metrics.token is required as a bearer token");
        try {
            auto stats = engine_.stats();
            metrics_.ledger(stats.entries, stats.quarantine_open);
            if (apps_) metrics_.apps(app_figures(engine_));
            metrics_.events(event_figures(engine_));
            metrics_.messages(message_figures(engine_, core::channel_sms), message_figures(engine_, core::channel_zalo));
        } catch (const core::Error&) {
            // The gauges keep their last values; /healthz is what says the store is unreachable.
        }
        return {reply(req, 200, metrics_.render(), "text/plain; version=0.0.4"), Route::metrics, {}, {}};
    }
    if (seg.size() == 2 && seg[0] == "webhooks" && seg[1] == "haravan") {
        // A Haravan public app's one URL for all its shops: X-Haravan-Org-Id names the shop.
        if (req.method() != verb::post)
            return {error_response(req, 405, "invalid_argument", "webhooks are POSTed"), Route::webhook, seg[1], {}};
        return webhook(req, seg[1], "", std::move(checked));
    }
    if (seg.size() == 3 && seg[0] == "webhooks") {
        if (req.method() == verb::post) return webhook(req, seg[1], seg[2], std::move(checked));
        if (req.method() == verb::get && seg[1] == "haravan") {
            auto param = [&](const char* name) {
                const std::string* v = target->param(name);
                return v ? *v : std::string();
            };
            try {
                auto challenge = documents::haravan_handshake(engine_, seg[2], param("hub.mode"),
                                                              param("hub.verify_token"), param("hub.challenge"));
                return {reply(req, 200, challenge, "text/plain; charset=utf-8"), Route::haravan_handshake, "haravan", {}};
            } catch (...) {
                return {failure_response(req, documents::current_failure()), Route::haravan_handshake, "haravan", {}};
            }
        }
        return {error_response(req, 405, "invalid_argument", "webhooks are POSTed"), Route::webhook, seg[1], {}};
    }
    if (!seg.empty() && seg[0] == "api") {
        // The operator's token, or a staff member's dashboard session within what their role allows.
        if (!req[field::authorization].empty()) {
            if (!authorized(req))
                return refused(req, Route::unknown, 401, "unauthenticated", "Authorization: Bearer <admin_token> is required");
            return api_call(req, *target, "");
        }
        return staff_api(req, *target);
    }
    if (!seg.empty() && seg[0] == "admin") return dashboard(req, *target);
    if (seg.size() == 2 && seg[0] == "c") return member_page(req, seg[1], *target);
    if (seg.size() == 5 && seg[0] == "c" && seg[2] == "games" && seg[4] == "plays") return member_play(req, seg[1], seg[3]);
    if (!seg.empty() && seg[0] == "apps") return app_page(req, *target);
    return refused(req, Route::unknown, 404, "not_found", "no such route");
}

Handled Router::api_call(const Request& req, const Target& t, const std::string& actor) {
    if (auto handled = apps_api(req, t)) return std::move(*handled);
    if (auto handled = dashboard_api(req, t)) return std::move(*handled);
    return api(req, t, actor);
}

Handled Router::staff_api(const Request& req, const Target& target) {
    const auto& seg = target.segments;
    std::optional<core::StaffSession> session;
    Target t = target;
    try {
        session = staff_session(req);
        if (!session)
            return refused(req, Route::unknown, 401, "unauthenticated",
                           "Authorization: Bearer <admin_token>, or a dashboard session, is required");
        if (auto refusal = staff_refusal(*session, req.method(), t, req["X-CSRF-Token"]))
            return refused(req, Route::unknown, refusal->status, refusal->code, refusal->message);
        if (seg.size() == 3 && seg[2] == "quarantine") {
            // A staff member's list is their shop's, whatever shop_id they ask for.
            std::erase_if(t.query, [](const auto& p) { return p.first == "shop_id"; });
            t.query.emplace_back("shop_id", session->shop_id);
        } else if (seg.size() >= 4 && seg[2] == "quarantine") {
            auto id = integer(seg[3]);
            if (id && engine_.quarantined_one(*id).shop_id != session->shop_id)
                return refused(req, Route::unknown, 404, "not_found", "no quarantined delivery " + seg[3]);
        }
    } catch (...) {
        return {failure_response(req, documents::current_failure()), Route::unknown, {}, {}};
    }
    const std::string actor = "staff:" + session->username;
    Handled h = api_call(req, t, actor);
    // An erasure is audited by the core, with the erasure itself.
    if (is_write(req.method()) && h.response.result_int() < 300 && h.route != Route::member_erase) {
        // The audit trail: who changed what. The change itself is durable already; a failure to
        // record it is logged, never turned into a failure of the change.
        core::AuditRecord record;
        record.shop_id = session->shop_id;
        record.actor = actor;
        record.action = std::string(req.method_string()) + " " + std::string(route_name(h.route));
        record.target = std::string(req.target().substr(0, req.target().find('?')));
        record.detail = std::to_string(h.response.result_int());
        try {
            engine_.record_audit(record);
        } catch (const std::exception& e) {
            log_error(session->shop_id, std::string("audit record not written: ") + e.what());
        }
    }
    return h;
}

struct CheckedWebhook {
    connectors::DeliveryRequest request;
    connectors::CheckedDelivery checked;
};

Router::Early Router::early(const Request& req) {
    Early early;
    if (req.method() != verb::post || !req.target().starts_with("/webhooks/")) return early;
    // On an I/O thread: whatever goes wrong here is left to handle(), which answers it.
    try {
        auto target = parse_target(std::string_view(req.target().data(), req.target().size()));
        if (!target) return early;
        const auto& seg = target->segments;
        bool by_org = seg.size() == 2 && seg[1] == "haravan";
        if (!by_org && seg.size() != 3) return early;
        const std::string shop = by_org ? std::string() : seg[2];
        connectors::DeliveryRequest delivery = delivery_request(req, seg[1], shop);
        auto found = connectors::check_early(engine_, delivery);
        if (found.duplicate) {
            metrics_.duplicate_from_memory(seg[1]);
            early.answer = webhook_answer(req, seg[1], shop, *found.duplicate);
        } else if (found.checked) {
            early.checked = std::make_shared<CheckedWebhook>(
                CheckedWebhook{std::move(delivery), std::move(*found.checked)});
        }
    } catch (...) {
        early = {};
    }
    return early;
}

Handled Router::webhook(const Request& req, const std::string& platform, const std::string& shop,
                        std::shared_ptr<CheckedWebhook> checked) {
    try {
        return webhook_answer(req, platform, shop,
                              checked ? connectors::deliver(engine_, checked->request, std::move(checked->checked))
                                      : connectors::deliver(engine_, delivery_request(req, platform, shop)));
    } catch (...) {
        Handled h{failure_response(req, documents::current_failure()), Route::webhook, platform, "failed"};
        h.shop_id = shop;
        metrics_.webhook(platform, h.outcome);
        return h;
    }
}

Handled Router::webhook_answer(const Request& req, const std::string& platform, const std::string& shop,
                               const connectors::DeliveryResult& result) {
    Handled h{{}, Route::webhook, platform, "failed"};
    h.shop_id = shop;
    try {
        const auto& policy = connectors::connector_named(platform).http_policy();
        h.outcome = connectors::to_string(result.outcome);
        if (!result.shop_id.empty()) h.shop_id = result.shop_id;
        using connectors::DeliveryOutcome;
        switch (result.outcome) {
            case DeliveryOutcome::unknown_shop:
            case DeliveryOutcome::unauthenticated: {
                bool unknown = result.outcome == DeliveryOutcome::unknown_shop;
                unsigned code = unknown ? policy.unknown_shop : policy.unauthenticated;
                if (code >= 500 && !policy.note.empty())
                    log_error(result.shop_id.empty() ? shop : result.shop_id,
                              result.message + "; " + std::string(policy.note));
                h.response = error_response(req, code, unknown ? "not_found" : "unauthenticated", result.message);
                break;
            }
            case DeliveryOutcome::quarantined: {
                h.quarantine_reason = result.message;
                json::object error{{"code", "invalid_argument"},
                                   {"message", result.message},
                                   {"quarantine_id", result.quarantine_id}};
                // Acknowledged (2xx) or refused, as the platform needs; the body says the same either way.
                json::object body = policy.quarantined < 300
                                        ? json::object{{"outcome", "quarantined"},
                                                       {"message", result.message},
                                                       {"quarantine_id", result.quarantine_id}}
                                        : json::object{{"error", std::move(error)}};
                h.response = reply(req, policy.quarantined, json::serialize(body));
                break;
            }
            default: h.response = reply(req, 200, json::serialize(documents::encode_delivery(result)));
        }
    } catch (...) {
        h.response = failure_response(req, documents::current_failure());
    }
    metrics_.webhook(platform, h.outcome);
    return h;
}

Handled Router::api(const Request& req, const Target& t, const std::string& actor) {
    const auto& seg = t.segments;
    auto method = req.method();
    auto not_allowed = [&](Route r) { return refused(req, r, 405, "invalid_argument", "method not allowed"); };
    auto param = [&](const char* name) { return t.param(name); };
    auto done = [&](Route r, Response res) { return Handled{std::move(res), r, {}, {}}; };
    if (seg.size() < 3 || seg[1] != "v1") return refused(req, Route::unknown, 404, "not_found", "no such route");

    if (seg[2] == "quarantine") {
        if (seg.size() == 3) {
            if (method != verb::get) return not_allowed(Route::quarantine_list);
            json::object q;
            if (auto* shop = param("shop_id")) q["shop_id"] = *shop;
            if (auto* all = param("include_resolved")) q["include_resolved"] = *all == "true" || *all == "1";
            std::string bad;
            if (!numbers(t, {"limit", "after"}, q, bad))
                return refused(req, Route::quarantine_list, 400, "invalid_argument", bad + " must be a whole number");
            return done(Route::quarantine_list, answer(req, [&] { return documents::list_quarantine(engine_, q); }));
        }
        if (seg.size() == 5) {
            Route r = seg[4] == "replay" ? Route::quarantine_replay : Route::quarantine_dismiss;
            if (seg[4] != "replay" && seg[4] != "dismiss") return refused(req, Route::unknown, 404, "not_found", "no such route");
            if (method != verb::post) return not_allowed(r);
            auto id = integer(seg[3]);
            if (!id) return refused(req, r, 404, "not_found", "no quarantined delivery " + seg[3]);
            if (r == Route::quarantine_replay)
                return done(r, answer(req, [&] { return documents::replay_quarantine(engine_, *id); }));
            return done(r, answer(req, [&] {
                            auto body = body_object(req);
                            documents::reject_unknown(body, {"reason"}, "the body");
                            const json::value* reason = body.if_contains("reason");
                            if (!reason || !reason->is_string())
                                core::fail(core::Status::invalid_argument, "the body must be {\"reason\": \"...\"}");
                            return documents::dismiss_quarantine(engine_, *id, std::string(reason->get_string()));
                        }));
        }
        return refused(req, Route::unknown, 404, "not_found", "no such route");
    }
    if (seg[2] != "shops" || seg.size() < 4) return refused(req, Route::unknown, 404, "not_found", "no such route");
    const std::string& shop = seg[3];

    if (seg.size() == 4) {
        if (method == verb::put) {
            return done(Route::shop, answer(req, [&] {
                            auto body = body_object(req, "shop");
                            const json::value* id = body.if_contains("shop_id");
                            if (id && (!id->is_string() || id->get_string() != shop))
                                core::fail(core::Status::invalid_argument,
                                           "shop_id in the body differs from the one in the path");
                            // A PUT replaces the whole program: one without connections would silently
                            // disconnect every platform (the next webhook gets 404), so that must be said with [].
                            if (!body.contains("connections"))
                                core::fail(core::Status::invalid_argument,
                                           "connections is required in a PUT (send \"connections\": [] to disconnect "
                                           "every platform, or PATCH to change other fields)");
                            if (!id) body["shop_id"] = shop;
                            documents::put_shop(engine_, body);
                            return json::object{{"shop_id", shop}};
                        }));
        }
        if (method == verb::get)
            return done(Route::shop, answer(req, [&] { return redacted_shop(documents::shop_definition(engine_, shop)); }));
        if (method == verb::patch)
            return done(Route::shop, answer(req, [&] {
                            return redacted_shop(documents::patch_shop(engine_, shop, body_object(req, "patch")));
                        }));
        return not_allowed(Route::shop);
    }
    if (seg.size() == 5 && seg[4] == "quote") {
        if (method != verb::post) return not_allowed(Route::quote);
        return done(Route::quote, answer(req, [&] { return documents::quote(engine_, shop, body_object(req)); }));
    }
    if (auto handled = events(req, t, shop)) return std::move(*handled);
    if (auto handled = campaigns(req, t, shop, actor)) return std::move(*handled);
    if (auto handled = games(req, t, shop)) return std::move(*handled);
    if (seg[4] != "members") return rewards(req, t, shop);
    if (seg.size() == 5) {
        if (method != verb::get) return not_allowed(Route::member_lookup);
        json::object q;
        texts(t, {"phone", "platform", "customer_id"}, q);
        return done(Route::member_lookup, answer(req, [&] { return documents::get_member(engine_, shop, q); }));
    }
    const std::string& member = seg[5];
    if (seg.size() == 6) {
        if (method == verb::patch)
            return done(Route::member, answer(req, [&] {
                            return documents::patch_member(engine_, shop, member, body_object(req, "patch"));
                        }));
        if (method != verb::get) return not_allowed(Route::member);
        json::object q{{"member_id", member}};
        return done(Route::member, answer(req, [&] { return documents::get_member(engine_, shop, q); }));
    }
    if ((seg.size() == 7 && seg[6] == "link") || (seg.size() == 8 && seg[6] == "link" && seg[7] == "rotate")) {
        const bool rotate = seg.size() == 8;
        Route r = rotate ? Route::member_link_rotate : Route::member_link;
        if (method != (rotate ? verb::post : verb::get)) return not_allowed(r);
        return done(r, answer(req, [&] { return documents::member_link(engine_, shop, member, rotate, public_base(req)); }));
    }
    if (seg.size() == 7 && (seg[6] == "export" || seg[6] == "erase")) {
        const bool erase = seg[6] == "erase";
        Route r = erase ? Route::member_erase : Route::member_export;
        if (method != (erase ? verb::post : verb::get)) return not_allowed(r);
        // The core records who asked in the audit trail, in the call's own transaction.
        json::object request{{"member_id", member}, {"actor", actor.empty() ? "admin_token" : actor}};
        auto call = erase ? documents::erase_member : documents::export_member;
        return done(r, answer(req, [&] { return call(engine_, shop, request); }));
    }
    if (seg.size() == 7 && seg[6] == "transactions") {
        if (method != verb::get) return not_allowed(Route::transactions);
        json::object q{{"member_id", member}};
        std::string bad;
        if (!numbers(t, {"limit", "before"}, q, bad))
            return refused(req, Route::transactions, 400, "invalid_argument", bad + " must be a whole number");
        return done(Route::transactions, answer(req, [&] { return documents::list_transactions(engine_, shop, q); }));
    }
    if (seg.size() == 7 && (seg[6] == "redemptions" || seg[6] == "adjustments")) {
        Route r = seg[6] == "redemptions" ? Route::redemptions : Route::adjustments;
        if (method != verb::post) return not_allowed(r);
        auto call = r == Route::redemptions ? documents::redeem_points_as : documents::adjust_points_as;
        return done(r, answer(req, [&] { return call(engine_, shop, with_member(req, member), actor); }));
    }
    if (seg.size() == 7 && (seg[6] == "tier" || seg[6] == "group")) {
        Route r = seg[6] == "tier" ? Route::tier : Route::group;
        if (method != verb::put) return not_allowed(r);
        auto call = r == Route::tier ? documents::set_tier : documents::set_group;
        return done(r, answer(req, [&] { return call(engine_, shop, with_member(req, member)); }));
    }
    return refused(req, Route::unknown, 404, "not_found", "no such route");
}

}  // namespace loyalty::server
