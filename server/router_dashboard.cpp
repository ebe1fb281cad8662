// The shop owner's dashboard (docs/dashboard.md): its pages, embedded in the binary; signing in and
// out; and the API routes only the dashboard needs (figures, the member list, staff, audit). Every
// other page of the dashboard reads and writes through the admin API with the session's cookie.
#include <boost/json.hpp>

#include "apps_service.hpp"
#include "calls_dashboard.hpp"
#include "calls_reports.hpp"
#include "dashboard_assets.hpp"
#include "json_fields.hpp"
#include "respond.hpp"
#include "router.hpp"
#include "staff_access.hpp"

namespace loyalty::server {
namespace {

namespace json = boost::json;
using beast_http::field;
using beast_http::verb;

constexpr std::string_view session_cookie = "loyalty_session";

// Only the dashboard's own files run on its pages; no other site may frame them.
void harden(Response& res) {
    res.set("Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            "frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
    res.set("X-Frame-Options", "DENY");
    res.set("X-Content-Type-Options", "nosniff");
    res.set("Referrer-Policy", "no-referrer");
}

Response asset(const Request& req, std::string_view name) {
    const DashboardAsset* a = dashboard_asset(name);
    if (!a) return error_response(req, 404, "not_found", "no such file");
    // Revalidated on every load (the files change with each release) but sent again only when changed.
    bool unchanged = req[field::if_none_match] == a->etag;
    Response res = reply(req, unchanged ? 304 : 200, unchanged ? std::string() : std::string(a->body),
                         std::string(a->type).c_str());
    res.set(field::etag, a->etag);
    res.set(field::cache_control, "no-cache");
    harden(res);
    return res;
}

Response redirect_to(const Request& req, std::string_view location) {
    Response res = reply(req, 302, "", "text/plain");
    res.set(field::location, location);
    return res;
}

std::string set_cookie(const std::string& token, int64_t max_age) {
    return std::string(session_cookie) + "=" + token + "; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=" +
           std::to_string(max_age);
}

Route report_route(std::string_view name) {
    if (name == "cohorts") return Route::cohort_report;
    if (name == "repeat-purchase") return Route::repeat_purchase_report;
    if (name == "liability") return Route::liability_report;
    if (name == "rewards") return Route::reward_report;
    if (name == "tiers") return Route::tier_report;
    return Route::segment_report;
}

}  // namespace

std::optional<core::StaffSession> Router::staff_session(const Request& req) {
    std::string token = cookie_value(req[field::cookie], session_cookie);
    if (token.empty()) return std::nullopt;
    return engine_.session(token, config_.sessions);
}

apps::Redirect Router::signed_in_owner(apps::Redirect r) {
    if (r.installed_shop.empty()) return r;
    try {
        auto login = engine_.platform_owner_session(r.installed_shop, r.installed_platform);
        r.set_cookies.push_back(set_cookie(login.token, config_.sessions.absolute_seconds));
    } catch (const std::exception&) {
        // The shop's program may not be stored yet (an install before its seed): the owner then
        // signs in with an account the operator makes, and the install itself stands.
    }
    return r;
}

Handled Router::dashboard(const Request& req, const Target& t) {
    const auto& seg = t.segments;
    const auto method = req.method();
    auto done = [](Route r, Response res) { return Handled{std::move(res), r, {}, {}}; };
    std::string_view path(req.target().data(), req.target().size());
    path = path.substr(0, path.find('?'));
    if (path == "/admin") return done(Route::admin_page, redirect_to(req, "/admin/"));
    if (path == "/admin/" || path == "/admin/login") {
        if (method != verb::get) return refused(req, Route::admin_page, 405, "invalid_argument", "use GET");
        // The pages need a session; without one the browser is sent to sign in.
        try {
            if (path == "/admin/" && !staff_session(req)) return done(Route::admin_page, redirect_to(req, "/admin/login"));
        } catch (...) {
            return done(Route::admin_page, failure_response(req, documents::current_failure()));
        }
        return done(Route::admin_page, asset(req, "index.html"));
    }
    if (seg.size() == 2 && seg[1] != "api") {
        if (method != verb::get) return refused(req, Route::admin_asset, 405, "invalid_argument", "use GET");
        if (seg[1] == "index.html") return done(Route::admin_asset, redirect_to(req, "/admin/"));
        return done(Route::admin_asset, asset(req, seg[1]));
    }
    if (seg.size() != 3 || seg[1] != "api") return refused(req, Route::unknown, 404, "not_found", "no such route");

    if (seg[2] == "login") {
        if (method != verb::post) return refused(req, Route::admin_login, 405, "invalid_argument", "use POST");
        // A form of another site can only post form types; a JSON body means the page is ours.
        if (!req[field::content_type].starts_with("application/json"))
            return refused(req, Route::admin_login, 415, "invalid_argument", "send the credentials as JSON");
        try {
            auto body = body_object(req);
            documents::reject_unknown(body, {"username", "password"}, "the body");
            auto username = documents::require_string(body, "username", "the body");
            auto password = documents::require_string(body, "password", "the body");
            auto result = engine_.login(username, password, config_.sessions);
            if (result.outcome == core::LoginOutcome::throttled) {
                json::object error{{"code", "too_many_requests"},
                                   {"message", "too many failed sign-ins: try again in " +
                                                   std::to_string(result.retry_after) + " s"},
                                   {"retry_after", result.retry_after}};
                Response res = reply(req, 429, json::serialize(json::object{{"error", std::move(error)}}));
                res.set(field::retry_after, std::to_string(result.retry_after));
                return done(Route::admin_login, std::move(res));
            }
            if (result.outcome == core::LoginOutcome::refused)
                return refused(req, Route::admin_login, 401, "unauthenticated", "wrong username or password");
            auto shop = engine_.shop(result.session.shop_id);
            Response res = reply(req, 200, json::serialize(documents::encode_session(result.session, *shop)));
            res.set(field::set_cookie, set_cookie(result.token, config_.sessions.absolute_seconds));
            return done(Route::admin_login, std::move(res));
        } catch (...) {
            return done(Route::admin_login, failure_response(req, documents::current_failure()));
        }
    }
    if (seg[2] == "session" || seg[2] == "logout") {
        Route r = seg[2] == "session" ? Route::admin_session : Route::admin_logout;
        if (method != (r == Route::admin_session ? verb::get : verb::post))
            return refused(req, r, 405, "invalid_argument", r == Route::admin_session ? "use GET" : "use POST");
        try {
            auto session = staff_session(req);
            if (!session) return refused(req, r, 401, "unauthenticated", "not signed in");
            if (r == Route::admin_session)
                return done(r, reply(req, 200,
                                     json::serialize(documents::encode_session(*session, *engine_.shop(session->shop_id)))));
            if (!csrf_matches(*session, req["X-CSRF-Token"]))
                return refused(req, r, 403, "forbidden", "signing out needs the session's X-CSRF-Token header");
            engine_.logout(cookie_value(req[field::cookie], session_cookie));
            Response res = reply(req, 204, "");
            res.erase(field::content_type);  // no content, so no type
            res.set(field::set_cookie, set_cookie("", 0));  // the browser forgets it
            return done(r, std::move(res));
        } catch (...) {
            return done(r, failure_response(req, documents::current_failure()));
        }
    }
    return refused(req, Route::unknown, 404, "not_found", "no such route");
}

std::optional<Handled> Router::dashboard_api(const Request& req, const Target& t) {
    const auto& seg = t.segments;
    const auto method = req.method();
    // /api/v1/shops/{shop}/overview | directory | directory.csv | reports/{report} | audit
    // | staff[/{username}[/password]]
    if (seg.size() < 5 || seg[2] != "shops") return std::nullopt;
    const std::string& shop = seg[3];
    const std::string& what = seg[4];
    auto done = [](Route r, Response res) { return Handled{std::move(res), r, {}, {}}; };
    auto not_allowed = [&](Route r) { return refused(req, r, 405, "invalid_argument", "method not allowed"); };
    std::string bad;
    if (seg.size() == 5 && what == "overview") {
        if (method != verb::get) return not_allowed(Route::overview);
        return done(Route::overview, answer(req, [&] { return documents::overview(engine_, shop); }));
    }
    if (seg.size() == 5 && (what == "directory" || what == "directory.csv")) {
        Route r = what == "directory" ? Route::directory : Route::directory_csv;
        if (method != verb::get) return not_allowed(r);
        json::object q;
        texts(t, {"q", "tier", "group"}, q);
        if (!numbers(t, {"limit", "offset"}, q, bad))
            return refused(req, r, 400, "invalid_argument", bad + " must be a whole number");
        if (r == Route::directory)
            return done(r, answer(req, [&] { return documents::directory(engine_, shop, q); }));
        try {
            Response res = reply(req, 200, documents::directory_csv(engine_, shop, q), "text/csv; charset=utf-8");
            res.set(field::content_disposition, "attachment; filename=\"members-" + shop + ".csv\"");
            return done(r, std::move(res));
        } catch (...) {
            return done(r, failure_response(req, documents::current_failure()));
        }
    }
    if (seg.size() == 6 && what == "reports") {
        const documents::ReportCall* call = documents::find_report(seg[5]);
        if (!call) return std::nullopt;
        const Route r = report_route(call->name);
        if (method != verb::get) return not_allowed(r);
        json::object q;
        texts(t, {"format"}, q);
        if (call->windowed && !numbers(t, {"months", "limit"}, q, bad))
            return refused(req, r, 400, "invalid_argument", bad + " must be a whole number");
        const json::value* format = q.if_contains("format");
        if (!format || *format == "json") return done(r, answer(req, [&] { return call->document(engine_, shop, q); }));
        if (*format != "csv") return refused(req, r, 400, "invalid_argument", "format must be json or csv");
        try {
            Response res = reply(req, 200, call->csv(engine_, shop, q), "text/csv; charset=utf-8");
            res.set(field::content_disposition,
                    "attachment; filename=\"" + std::string(call->name) + "-" + shop + ".csv\"");
            return done(r, std::move(res));
        } catch (...) {
            return done(r, failure_response(req, documents::current_failure()));
        }
    }
    if (seg.size() == 5 && what == "audit") {
        if (method != verb::get) return not_allowed(Route::audit);
        json::object q;
        if (!numbers(t, {"limit", "before"}, q, bad))
            return refused(req, Route::audit, 400, "invalid_argument", bad + " must be a whole number");
        return done(Route::audit, answer(req, [&] { return documents::audit(engine_, shop, q); }));
    }
    if (what != "staff") return std::nullopt;
    if (seg.size() == 5) {
        if (method == verb::get) return done(Route::staff, answer(req, [&] { return documents::list_staff(engine_, shop); }));
        if (method == verb::post)
            return done(Route::staff, answer(req, [&] { return documents::add_staff(engine_, shop, body_object(req)); }));
        return not_allowed(Route::staff);
    }
    const std::string& username = seg[5];
    if (seg.size() == 6) {
        if (method != verb::delete_) return not_allowed(Route::staff_member);
        return done(Route::staff_member, answer(req, [&] {
                        engine_.remove_staff(shop, username);
                        return json::object{{"username", username}, {"removed", true}};
                    }));
    }
    if (seg.size() == 7 && seg[6] == "password") {
        if (method != verb::post) return not_allowed(Route::staff_password);
        return done(Route::staff_password, answer(req, [&] {
                        auto body = body_object(req);
                        if (auto* given = body.if_contains("username");
                            given && (!given->is_string() || given->get_string() != username))
                            core::fail(core::Status::invalid_argument, "username in the body differs from the one in the path");
                        body["username"] = username;
                        return documents::reset_staff_password(engine_, shop, body);
                    }));
    }
    return std::nullopt;
}

}  // namespace loyalty::server
