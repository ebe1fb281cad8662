// The shop's rewards, grants, checkout payments and distributor programs. Each route hands its body,
// or its query as a JSON document, to one call of documents/calls.hpp, as the C ABI does.
#include <boost/json.hpp>

#include <initializer_list>
#include <string_view>

#include "calls.hpp"
#include "respond.hpp"
#include "url.hpp"

namespace loyalty::server {
namespace {

namespace json = boost::json;
using beast_http::verb;

// POST /api/v1/shops/{shop}/{first}/{second}: the body is the call's request as it is.
struct PostRoute {
    std::string_view first, second;
    Route route;
    documents::ShopCall call;
};

constexpr PostRoute post_routes[] = {
    {"rewards", "claim", Route::reward_claim, documents::claim_reward},
    {"grants", "use", Route::grant_use, documents::use_grant},
    {"grants", "void", Route::grant_void, documents::void_grant},
    {"checkout", "pay", Route::checkout_pay, documents::pay_with_points},
    {"periods", "settle", Route::period_settle, documents::settle_period},
};

}  // namespace

Handled Router::rewards(const Request& req, const Target& t, const std::string& shop) {
    const auto& seg = t.segments;
    auto method = req.method();
    auto not_allowed = [&](Route r) { return refused(req, r, 405, "invalid_argument", "method not allowed"); };
    auto not_a_number = [&](Route r, const std::string& name) {
        return refused(req, r, 400, "invalid_argument", name + " must be a whole number");
    };

    if (seg.size() == 6) {
        for (const auto& p : post_routes) {
            if (seg[4] != p.first || seg[5] != p.second) continue;
            if (method != verb::post) return not_allowed(p.route);
            return {answer(req, [&] { return p.call(engine_, shop, body_object(req)); }), p.route, {}, {}};
        }
    }
    if (seg.size() == 5 && seg[4] == "grants") {
        if (method != verb::get) return not_allowed(Route::grants);
        json::object q;
        texts(t, {"member_id", "status", "code"}, q);
        std::string bad;
        if (!numbers(t, {"limit", "after"}, q, bad)) return not_a_number(Route::grants, bad);
        return {answer(req, [&] { return documents::list_grants(engine_, shop, q); }), Route::grants, {}, {}};
    }
    if (seg.size() == 7 && seg[4] == "programs" && seg[6] == "leaderboard") {
        if (method != verb::get) return not_allowed(Route::leaderboard);
        json::object q{{"program_id", seg[5]}};
        if (auto* at = t.param("at")) q["at"] = *at;
        std::string bad;
        if (!numbers(t, {"limit"}, q, bad)) return not_a_number(Route::leaderboard, bad);
        return {answer(req, [&] { return documents::leaderboard(engine_, shop, q); }), Route::leaderboard, {}, {}};
    }
    return refused(req, Route::unknown, 404, "not_found", "no such route");
}

}  // namespace loyalty::server
