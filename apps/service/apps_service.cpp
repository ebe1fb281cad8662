#include "apps_service.hpp"

#include <boost/json.hpp>
#include <boost/url/url.hpp>

#include <chrono>

#include "api_failure.hpp"
#include "calls.hpp"
#include "connect_shop.hpp"
#include "credentials.hpp"
#include "haravan_oidc.hpp"
#include "engine.hpp"
#include "http/json_body.hpp"
#include "json_fields.hpp"
#include "kiotviet_token.hpp"
#include "platform_factory.hpp"
#include "util/error.hpp"

namespace loyalty::apps {
namespace {

namespace json = boost::json;

http::ClientOptions client_options(const AppsConfig& config, http::ClientOptions options) {
    if (!config.ca_file.empty()) options.ca_file = config.ca_file;
    return options;
}

int64_t wall_now() {
    using namespace std::chrono;
    return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

AppsService::AppsService(core::Engine& engine, AppsConfig config, AppsOptions options)
    : engine_(engine),
      config_(std::move(config)),
      options_(std::move(options)),
      box_(TokenBox::from_key_file(config_.token_key_file)),
      states_(box_.derived_key("loyalty install state v1")),
      client_(client_options(config_, options_.client)),
      limiter_(),
      retrying_(client_, options_.retry, http::real_sleeper(), &limiter_),
      syncer_(engine_, [this](const core::PlatformLink& l) { return api_for(l); },
              settings(), [this] { return now(); }),
      writer_(engine_, [this](const core::PlatformLink& l) { return api_for(l); }, [this] { return now(); }) {}

AppsService::~AppsService() { stop(); }

int64_t AppsService::now() const { return options_.clock ? options_.clock() : wall_now(); }

std::string AppsService::redirect_uri(const std::string& platform) const {
    return config_.public_url + "/apps/" + platform + "/callback";
}

std::unique_ptr<PlatformApi> AppsService::api_for(const core::PlatformLink& link) {
    Credentials c = Credentials::open(box_, link.credentials, link.shop_id, link.platform);
    PlatformContext context{engine_, config_, retrying_, limiter_, link, c, now()};
    auto made = make_platform_api(context);
    if (made.renewed) {
        core::PlatformLink renewed = link;
        renewed.credentials = made.renewed->seal(box_, link.shop_id, link.platform);
        engine_.set_link_credentials(link.shop_id, link.platform, renewed.credentials);
    }
    return std::move(made.api);
}

Redirect AppsService::begin_install(const std::string& platform, const QueryParams& query, bool admin) {
    auto param = [&](std::string_view key) {
        for (const auto& [k, v] : query)
            if (k == key) return v;
        return std::string();
    };
    std::string shop = param("shop");
    if (!shop.empty() && !admin) states_.check_ticket(param("ticket"), platform, shop, now());
    if (platform == "haravan") {
        if (!config_.haravan) core::fail(core::Status::not_found, "no Haravan app is configured (apps.haravan)");
        auto issued = states_.issue(platform, shop, "", now());
        return {haravan_authorize_url(*config_.haravan, redirect_uri(platform), issued.intent.state,
                                      issued.intent.nonce),
                {InstallStates::set_cookie(issued.cookie)}, {}, {}};
    }
    if (platform == "sapo") {
        if (!config_.sapo) core::fail(core::Status::not_found, "no Sapo app is configured (apps.sapo)");
        std::string store = sapo_store_of(query);
        if (store.empty())
            core::fail(core::Status::invalid_argument, "store is required: /apps/sapo/install?store=NAME");
        std::string base = config_.sapo->store_base(store);  // refuses what is not a store name
        auto issued = states_.issue(platform, shop, store, now());
        return {sapo_authorize_url(*config_.sapo, store, redirect_uri(platform), issued.intent.state),
                {InstallStates::set_cookie(issued.cookie)}, {}, {}};
    }
    core::fail(core::Status::not_found, "\"" + platform + "\" has no install: haravan and sapo do, kiotviet is "
                                        "connected with the shop's API client (POST /api/v1/shops/{shop}/connections/kiotviet)");
}

Redirect AppsService::finish_haravan(const QueryParams& form, const std::string& cookie_header) {
    if (!config_.haravan) core::fail(core::Status::not_found, "no Haravan app is configured (apps.haravan)");
    const HaravanApp& app = *config_.haravan;
    std::map<std::string, std::string> f(form.begin(), form.end());
    if (!f["error"].empty())
        core::fail(core::Status::unauthenticated, "Haravan refused the install: " + f["error"] +
                                                      (f["error_description"].empty() ? "" : " (" + f["error_description"] + ")"));
    InstallIntent intent =
        states_.verify(cookie_value(cookie_header, InstallStates::cookie_name), f["state"], "haravan", now());
    if (f["code"].empty()) core::fail(core::Status::invalid_argument, "Haravan's answer carries no code");

    boost::urls::url form_body;
    auto p = form_body.params();
    p.append({"grant_type", "authorization_code"});
    p.append({"code", f["code"]});
    p.append({"redirect_uri", redirect_uri("haravan")});
    p.append({"client_id", app.client_id});
    p.append({"client_secret", app.client_secret});
    http::Request r;
    r.method = "POST";
    r.url = app.accounts_url + "/connect/token";
    r.headers = {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "application/json"}};
    r.body = std::string(form_body.encoded_query());
    json::value answer = http::parse_json_body(checked("haravan", retrying_.send(r)));
    const json::object& token = answer.as_object();
    auto text = [&](const char* k) {
        const json::value* v = token.if_contains(k);
        return v && v->is_string() ? std::string(v->get_string()) : std::string();
    };
    // The id_token of this server-to-server answer, not the one the browser carried, names the shop.
    HaravanIdentity who = read_haravan_id_token(text("id_token"), app, intent.nonce, now());
    Credentials c;
    c.access_token = text("access_token");
    c.refresh_token = text("refresh_token");
    if (const json::value* e = token.if_contains("expires_in"); e && e->is_int64() && e->get_int64() > 0)
        c.expires_at = now() + e->get_int64();
    if (c.access_token.empty()) fail_api("haravan", "gave no access_token");
    std::string shop_id =
        connect_shop(engine_, {intent.shop_id, "haravan", who.org_id, app.client_secret, "haravan-" + who.org_id});
    finish_connect(shop_id, "haravan", who.org_id, c);
    return done_page(shop_id, "haravan");
}

Redirect AppsService::finish_sapo(const QueryParams& query, const std::string& cookie_header) {
    if (!config_.sapo) core::fail(core::Status::not_found, "no Sapo app is configured (apps.sapo)");
    const SapoApp& app = *config_.sapo;
    if (!sapo_callback_verifies(query, app.client_secret))
        core::fail(core::Status::unauthenticated, "Sapo's callback is not signed with this app's secret (hmac)");
    std::map<std::string, std::string> q(query.begin(), query.end());
    InstallIntent intent =
        states_.verify(cookie_value(cookie_header, InstallStates::cookie_name), q["state"], "sapo", now());
    std::string store = sapo_store_of(query);
    if (store.empty() || (!intent.store.empty() && store != intent.store))
        core::fail(core::Status::unauthenticated, "Sapo's callback names another store than the install began with");
    if (q["code"].empty()) core::fail(core::Status::invalid_argument, "Sapo's callback carries no code");
    http::Request r;
    r.method = "POST";
    r.url = app.store_base(store) + "/admin/oauth/access_token";
    r.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
    r.body = json::serialize(
        json::object{{"client_id", app.client_id}, {"client_secret", app.client_secret}, {"code", q["code"]}});
    json::value answer = http::parse_json_body(checked("sapo", retrying_.send(r)));
    Credentials c;
    if (const json::value* t = answer.as_object().if_contains("access_token"); t && t->is_string())
        c.access_token = std::string(t->get_string());
    if (c.access_token.empty()) fail_api("sapo", "gave no access_token");
    std::string shop_id = connect_shop(engine_, {intent.shop_id, "sapo", store, app.client_secret, "sapo-" + store});
    finish_connect(shop_id, "sapo", store, c);
    return done_page(shop_id, "sapo");
}

json::object AppsService::connect_kiotviet(const std::string& shop_id, const json::object& request) {
    documents::reject_unknown(request, {"retailer", "client_id", "client_secret", "history"}, "the body");
    std::string retailer = documents::require_string(request, "retailer", "the body");
    Credentials c;
    c.client_id = documents::require_string(request, "client_id", "the body");
    c.client_secret = documents::require_string(request, "client_secret", "the body");
    if (retailer.empty() || c.client_id.empty() || c.client_secret.empty())
        core::fail(core::Status::invalid_argument, "retailer, client_id and client_secret must not be empty");
    engine_.shop(shop_id);  // an existing shop: not_found otherwise
    // The token is asked for before anything is stored, so wrong credentials change nothing.
    c = kiotviet_token(config_, retrying_, c, now());
    std::string secret = random_secret();
    connect_shop(engine_, {shop_id, "kiotviet", retailer, secret, shop_id});
    finish_connect(shop_id, "kiotviet", retailer, c);
    return sync_status(shop_id);
}

json::object AppsService::install_link(const std::string& shop_id, const json::object& request) {
    documents::reject_unknown(request, {"platform", "store"}, "the body");
    std::string platform = documents::require_string(request, "platform", "the body");
    if (platform != "haravan" && platform != "sapo")
        core::fail(core::Status::invalid_argument, "platform must be haravan or sapo (kiotviet connects without one)");
    engine_.shop(shop_id);
    boost::urls::url u(config_.public_url + "/apps/" + platform + "/install");
    u.params().append({"shop", shop_id});
    u.params().append({"ticket", states_.ticket(platform, shop_id, now())});
    if (auto store = documents::get_string(request, "store", "the body")) u.params().append({"store", *store});
    return {{"url", std::string(u.buffer())}, {"expires_in", InstallStates::lifetime_s}};
}

void AppsService::finish_connect(const std::string& shop_id, const std::string& platform, const std::string& account,
                                 const Credentials& credentials) {
    auto existing = engine_.platform_link(shop_id, platform);
    core::PlatformLink link = existing.value_or(core::PlatformLink{});
    link.shop_id = shop_id;
    link.platform = platform;
    link.account = account;
    link.credentials = credentials.seal(box_, shop_id, platform);
    link.state = core::LinkState::connecting;
    link.last_error.reset();
    link = engine_.put_platform_link(link);
    api_for(link)->register_webhooks();
    // A shop installed again picks up from its last walk, so what it missed while disconnected comes
    // in; a new one brings in its history.
    bool known = existing && existing->last_reconciled_at;
    if (known) engine_.set_link_state(shop_id, platform, core::LinkState::live);
    syncer_.start(shop_id, platform, known ? SyncMode::reconcile : SyncMode::backfill, std::nullopt);
    {
        std::lock_guard lock(mutex_);
        backoff_.erase({shop_id, platform});
    }
    wake_.notify_all();
}

Redirect AppsService::done_page(const std::string& shop_id, const std::string& platform) const {
    boost::urls::url u(config_.public_url + "/apps/installed");
    u.params().append({"shop", shop_id});
    u.params().append({"platform", platform});
    return {std::string(u.buffer()), {InstallStates::clear_cookie()}, shop_id, platform};
}

}  // namespace loyalty::apps
