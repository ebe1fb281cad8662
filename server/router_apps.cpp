// The platform apps' routes: the browser's install round trips (/apps/...), answered with
// redirects and small Vietnamese pages, and the admin API's shops, sync and connection routes.
#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/parse_query.hpp>

#include "apps_service.hpp"
#include "html.hpp"
#include "respond.hpp"
#include "router.hpp"

namespace loyalty::server {
namespace {

namespace json = boost::json;
using beast_http::field;
using beast_http::verb;


// The owner sees these on a phone, mid-install: short, Vietnamese, and never a raw JSON error.
Response page(const Request& req, unsigned status, const std::string& title, const std::string& message,
              const std::string& link = "", const std::string& link_text = "") {
    std::string html =
        "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" +
        html_escape(title) + "</title></head><body style=\"font-family:system-ui,sans-serif;margin:2rem;max-width:36rem\"><h1>" +
        html_escape(title) + "</h1><p>" + html_escape(message) + "</p>" +
        (link.empty() ? "" : "<p><a href=\"" + html_escape(link) + "\">" + html_escape(link_text) + "</a></p>") +
        "</body></html>";
    Response res = reply(req, status, std::move(html), "text/html; charset=utf-8");
    // The page may name a shop; nothing on it is for other sites to frame or cache.
    res.set(field::cache_control, "no-store");
    res.set("X-Frame-Options", "DENY");
    return res;
}

Response redirect(const Request& req, const apps::Redirect& r) {
    Response res = reply(req, 303, "", "text/plain");
    res.set(field::location, r.location);
    res.set(field::cache_control, "no-store");
    for (const auto& cookie : r.set_cookies) res.insert(field::set_cookie, cookie);
    return res;
}

apps::QueryParams params_of(const Target& t) {
    apps::QueryParams out;
    for (const auto& [k, v] : t.query) out.emplace_back(k, v);
    return out;
}

apps::QueryParams form_of(const Request& req) {
    apps::QueryParams out;
    auto parsed = boost::urls::parse_query(req.body());
    if (!parsed) return out;
    for (auto p : *parsed) out.emplace_back(std::string(p.key), std::string(p.value));
    return out;
}

const char* failure_title(core::Status s) {
    switch (s) {
        case core::Status::unauthenticated: return "Không thể xác nhận lượt cài đặt";
        case core::Status::not_found: return "Không tìm thấy";
        case core::Status::invalid_argument: return "Yêu cầu không hợp lệ";
        default: return "Chưa kết nối được";
    }
}

}  // namespace

Handled Router::app_page(const Request& req, const Target& t) {
    const auto& seg = t.segments;
    auto method = req.method();
    Route route = seg.size() == 2 && seg[1] == "installed" ? Route::app_installed
                  : seg.size() == 3 && seg[2] == "install" ? Route::app_install
                  : seg.size() == 3 && seg[2] == "callback" ? Route::app_callback
                                                            : Route::unknown;
    if (route == Route::unknown) return {page(req, 404, "Không tìm thấy", "Trang này không tồn tại."), route, {}, {}};
    if (!apps_)
        return {page(req, 404, "Chưa bật ứng dụng", "Máy chủ này chưa cấu hình kết nối ứng dụng (apps)."), route, {}, {}};
    std::string platform = seg.size() == 3 ? seg[1] : "";
    try {
        if (route == Route::app_installed) {
            const std::string* shop = t.param("shop");
            const std::string* p = t.param("platform");
            std::string text = "Cửa hàng " + (shop ? *shop : std::string("?")) + " đã kết nối với " +
                               (p ? *p : std::string("nền tảng")) +
                               ". Khách hàng và đơn hàng cũ đang được nhập; điểm sẽ tự động cộng cho mỗi đơn đã "
                               "thanh toán.";
            // A link, not a redirect: the install came from the platform's site, and the browser
            // sends the SameSite=Strict session cookie only on a navigation that starts here.
            return {page(req, 200, "Đã kết nối", text, "/admin/#/connections", "Mở trang quản lý chương trình"), route,
                    platform, {}};
        }
        if (route == Route::app_install) {
            if (method != verb::get) return {page(req, 405, "Yêu cầu không hợp lệ", "Dùng GET."), route, platform, {}};
            // An admin's own request (the admin token) may name the shop without a ticket.
            return {redirect(req, apps_->begin_install(platform, params_of(t), authorized(req))), route, platform, {}};
        }
        if (platform == "haravan" && method == verb::post)
            return {redirect(req, signed_in_owner(apps_->finish_haravan(form_of(req), std::string(req[field::cookie])))),
                    route, platform, {}};
        if (platform == "sapo" && method == verb::get)
            return {redirect(req, signed_in_owner(apps_->finish_sapo(params_of(t), std::string(req[field::cookie])))),
                    route, platform, {}};
        return {page(req, 405, "Yêu cầu không hợp lệ", "Nền tảng này không quay lại theo cách đó."), route, platform, {}};
    } catch (...) {
        documents::Failure f = documents::current_failure();
        return {page(req, http_status(f.status), failure_title(f.status), f.message), route, platform, {}};
    }
}

std::optional<Handled> Router::apps_api(const Request& req, const Target& t) {
    const auto& seg = t.segments;
    auto method = req.method();
    // /api/v1/shops, /api/v1/shops/{shop}/sync, …/connections/kiotviet, …/install_links
    if (seg.size() < 3 || seg[1] != "v1" || seg[2] != "shops") return std::nullopt;
    Route route = seg.size() == 3                                                  ? Route::shops
                  : seg.size() == 5 && seg[4] == "sync"                            ? Route::shop_sync
                  : seg.size() == 6 && seg[4] == "connections" && seg[5] == "kiotviet" ? Route::kiotviet_connect
                  : seg.size() == 5 && seg[4] == "install_links"                   ? Route::install_link
                                                                                   : Route::unknown;
    if (route == Route::unknown) return std::nullopt;
    if (!apps_) return refused(req, route, 404, "not_found", "the platform apps are not configured (\"apps\")");
    auto done = [&](Response res) { return Handled{std::move(res), route, {}, {}}; };
    auto not_allowed = [&] { return refused(req, route, 405, "invalid_argument", "method not allowed"); };
    const std::string shop = seg.size() > 3 ? seg[3] : "";
    switch (route) {
        case Route::shops:
            if (method != verb::get) return not_allowed();
            return done(answer(req, [&] { return apps_->shops(); }));
        case Route::shop_sync:
            if (method == verb::get) return done(answer(req, [&] { return apps_->sync_status(shop); }));
            if (method == verb::post) return done(answer(req, [&] { return apps_->start_sync(shop, body_object(req)); }));
            return not_allowed();
        case Route::kiotviet_connect:
            if (method != verb::post) return not_allowed();
            return done(answer(req, [&] { return apps_->connect_kiotviet(shop, body_object(req)); }));
        case Route::install_link:
            if (method != verb::post) return not_allowed();
            return done(answer(req, [&] { return apps_->install_link(shop, body_object(req)); }));
        default: return std::nullopt;
    }
}

}  // namespace loyalty::server
