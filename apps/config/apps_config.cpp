#include "apps_config.hpp"

#include <boost/url/parse.hpp>

#include <unistd.h>

#include "json_fields.hpp"
#include "util/error.hpp"

namespace loyalty::apps {
namespace {

using namespace documents;

bool loopback(std::string_view host) { return host == "localhost" || host == "127.0.0.1" || host == "[::1]"; }

// A platform base URL: https (certificates are always verified), a host, no query or fragment.
std::string base_url(const json::object& o, std::string_view key, std::string_view path, std::string fallback) {
    std::string url = get_string(o, key, path).value_or(std::move(fallback));
    std::string checked = url;
    // The store placeholder is not a host name yet; check the URL as a real store would make it.
    if (auto at = checked.find("{store}"); at != std::string::npos) checked.replace(at, 7, "store");
    auto u = boost::urls::parse_absolute_uri(checked);
    if (!u || u->scheme() != "https" || u->host().empty() || u->has_query() || u->has_fragment())
        bad(field_path(path, key) + " must be an https URL with a host and no query, got \"" + url + "\"");
    while (url.ends_with('/')) url.pop_back();
    return url;
}

std::string secret(const json::object& o, std::string_view path) {
    std::string s = require_string(o, "client_secret", path);
    if (s.empty()) bad(field_path(path, "client_secret") + " must not be empty");
    return s;
}

std::string readable_file(const json::object& o, std::string_view key, bool required) {
    auto path = required ? std::optional(require_string(o, key, "apps")) : get_string(o, key, "apps");
    if (!path) return {};
    if (path->empty() || ::access(path->c_str(), R_OK) != 0)
        bad("apps." + std::string(key) + " \"" + *path + "\" cannot be read");
    return *path;
}

}  // namespace

std::string SapoApp::store_base(const std::string& store) const {
    // A Sapo store name is a host label: letters, digits and hyphens, so it can never change the host.
    bool ok = !store.empty() && store.size() <= 63 && store.front() != '-' && store.back() != '-';
    for (char c : store) ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');
    if (!ok) core::fail(core::Status::invalid_argument, "\"" + store + "\" is not a Sapo store name");
    std::string url = store_url;
    url.replace(url.find("{store}"), 7, store);
    return url;
}

AppsConfig decode_apps(const json::object& apps) {
    reject_unknown(apps,
                   {"public_url", "haravan", "sapo", "kiotviet", "ca_file", "token_key_file", "reconcile_interval_s"},
                   "apps");
    AppsConfig c;
    c.public_url = require_string(apps, "public_url", "apps");
    auto pub = boost::urls::parse_absolute_uri(c.public_url);
    // Platforms send browsers and webhooks here; plain http is only for a developer's own machine.
    if (!pub || pub->host().empty() || pub->has_query() || pub->has_fragment() ||
        !(pub->scheme() == "https" || (pub->scheme() == "http" && loopback(pub->host()))))
        bad("apps.public_url must be an https URL with no query, got \"" + c.public_url + "\"");
    while (c.public_url.ends_with('/')) c.public_url.pop_back();

    if (const json::object* h = get_object(apps, "haravan", "apps")) {
        reject_unknown(*h, {"client_id", "client_secret", "accounts_url", "api_url", "webhook_url"}, "apps.haravan");
        HaravanApp a;
        a.client_id = require_string(*h, "client_id", "apps.haravan");
        a.client_secret = secret(*h, "apps.haravan");
        a.accounts_url = base_url(*h, "accounts_url", "apps.haravan", a.accounts_url);
        a.api_url = base_url(*h, "api_url", "apps.haravan", a.api_url);
        a.webhook_url = base_url(*h, "webhook_url", "apps.haravan", a.webhook_url);
        c.haravan = std::move(a);
    }
    if (const json::object* s = get_object(apps, "sapo", "apps")) {
        reject_unknown(*s, {"client_id", "client_secret", "store_url"}, "apps.sapo");
        SapoApp a;
        a.client_id = require_string(*s, "client_id", "apps.sapo");
        a.client_secret = secret(*s, "apps.sapo");
        a.store_url = base_url(*s, "store_url", "apps.sapo", a.store_url);
        auto at = a.store_url.find("{store}");
        if (at == std::string::npos || a.store_url.find("{store}", at + 1) != std::string::npos)
            bad("apps.sapo.store_url must name the store once, as {store}");
        c.sapo = std::move(a);
    }
    if (const json::object* k = get_object(apps, "kiotviet", "apps")) {
        reject_unknown(*k, {"token_url", "api_url"}, "apps.kiotviet");
        c.kiotviet.token_url = base_url(*k, "token_url", "apps.kiotviet", c.kiotviet.token_url);
        c.kiotviet.api_url = base_url(*k, "api_url", "apps.kiotviet", c.kiotviet.api_url);
    }
    c.ca_file = readable_file(apps, "ca_file", false);
    // Tokens are never stored in the clear, so the apps cannot run without the key.
    c.token_key_file = readable_file(apps, "token_key_file", true);
    if (auto s = get_integer(apps, "reconcile_interval_s", "apps")) {
        if (*s < 60 || *s > 86400) bad("apps.reconcile_interval_s must be 60..86400 seconds");
        c.reconcile_interval = std::chrono::seconds(*s);
    }
    return c;
}

}  // namespace loyalty::apps
