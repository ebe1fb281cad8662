#pragma once
// Turns one HTTP request into one call of documents/calls.hpp (the calls the C ABI offers, so the
// server speaks exactly the JSON the ABI documents) or one delivery, and into one response.
#include <boost/beast/http.hpp>

#include <memory>
#include <optional>
#include <string>

#include "config.hpp"
#include "engine.hpp"
#include "metrics.hpp"

namespace loyalty::connectors {
struct DeliveryResult;
}

namespace loyalty::apps {
class AppsService;
struct Redirect;
}

namespace loyalty::server {

// A webhook as an I/O thread read it: the delivery request it made of the HTTP request, and what
// connectors::check_early found of it (router.cpp).
struct CheckedWebhook;

namespace beast_http = boost::beast::http;
using Request = beast_http::request<beast_http::string_body>;
using Response = beast_http::response<beast_http::string_body>;

// {"error": {"code": name, "message": message}} with the request's HTTP version and keep-alive.
Response error_response(const Request& request, unsigned code, const char* name, const std::string& message);

// What the access log and the metrics record of a request, besides its status.
struct Handled {
    Response response;
    Route route = Route::unknown;
    std::string platform;
    std::string outcome;
    std::string shop_id{};            // a webhook's shop: the path's, or the one its Haravan org names
    std::string quarantine_reason{};  // why a delivery went to quarantine instead of the ledger
};

class Router {
public:
    // `apps` is null when loyaltyd's document has no "apps" section: its routes then answer 404.
    Router(core::Engine& engine, const ServerConfig& config, Metrics& metrics, apps::AppsService* apps = nullptr);
    // True for requests answered without touching the engine (and so without blocking).
    bool answers_inline(const Request& request) const;
    // What an I/O thread can do for a webhook from memory (connectors::check_early): answer a duplicate the engine
    // knows, as handle() would answer it but without the store or an engine thread; or check and map it, for
    // handle() to take on. Neither for every other request.
    struct Early {
        std::optional<Handled> answer;
        std::shared_ptr<CheckedWebhook> checked;
    };
    Early early(const Request& request);
    // `checked`: what early() found for this request.
    Handled handle(const Request& request, std::shared_ptr<CheckedWebhook> checked = nullptr);

private:
    Handled webhook(const Request& request, const std::string& platform, const std::string& shop,
                    std::shared_ptr<CheckedWebhook> checked);
    // The answer to what connectors::deliver (or check_early) made of a delivery, counted in the metrics.
    Handled webhook_answer(const Request& request, const std::string& platform, const std::string& shop,
                           const connectors::DeliveryResult& result);
    // `actor` names a staff member ("staff:lan") for what they write; empty for the operator's token.
    Handled api(const Request& request, const struct Target& target, const std::string& actor);
    Handled api_call(const Request& request, const struct Target& target, const std::string& actor);
    // The API for a dashboard session: its role and shop checked, its writes audited.
    Handled staff_api(const Request& request, const struct Target& target);
    // The dashboard's pages and sign-in (router_dashboard.cpp), and its own API routes.
    Handled dashboard(const Request& request, const struct Target& target);
    std::optional<Handled> dashboard_api(const Request& request, const struct Target& target);
    std::optional<core::StaffSession> staff_session(const Request& request);
    // A completed install signs the shop's owner into the dashboard (a session cookie on the way).
    apps::Redirect signed_in_owner(apps::Redirect redirect);
    // Rewards, grants, checkout payments and distributor programs (router_rewards.cpp).
    Handled rewards(const Request& request, const struct Target& target, const std::string& shop);
    // The shop's event deliveries: listing and replay (router_events.cpp); nullopt for another path.
    std::optional<Handled> events(const Request& request, const struct Target& target, const std::string& shop);
    // Instant-win games and their plays (router_games.cpp); nullopt for another path.
    std::optional<Handled> games(const Request& request, const struct Target& target, const std::string& shop);
    // Campaigns and the messages to members (router_campaigns.cpp); nullopt for another path.
    std::optional<Handled> campaigns(const Request& request, const struct Target& target, const std::string& shop,
                                     const std::string& actor);
    // The platform apps: the browser's install round trips, and their admin routes (router_apps.cpp).
    Handled app_page(const Request& request, const struct Target& target);
    std::optional<Handled> apps_api(const Request& request, const struct Target& target);
    bool authorized(const Request& request) const;
    bool bearer_matches(const Request& request, const std::string& token_digest) const;
    // GET /c/{token}: the member's own points page (member_page.cpp renders it).
    Handled member_page(const Request& request, const std::string& token, const struct Target& target);
    // POST /c/{token}/games/{game}/plays: a play from that page's form (router_member_play.cpp).
    Handled member_play(const Request& request, const std::string& token, const std::string& game_id);
    // The member's page with the games they can play now, as member_page_reply answers it.
    Handled member_view(const Request& request, Route route, unsigned status, const core::MemberPage& page,
                        struct PageExtras extras);
    // An HTML answer on a member's route, with the headers those pages share (CSP, never cached).
    // `forms`: the page posts a form (to loyaltyd only).
    Handled member_page_reply(const Request& request, Route route, unsigned status, std::string html, bool forms);
    // Where loyaltyd is reached from the internet: apps.public_url, else https:// and the Host header.
    std::string public_base(const Request& request) const;

    core::Engine& engine_;
    const ServerConfig& config_;
    Metrics& metrics_;
    apps::AppsService* apps_;
    std::string token_digest_;
    std::string metrics_digest_;  // of metrics.token, when the configuration sets one
};

}  // namespace loyalty::server
