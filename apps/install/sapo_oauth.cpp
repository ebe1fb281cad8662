#include "sapo_oauth.hpp"

#include <boost/url/url.hpp>

#include <algorithm>

#include "common/crypto.hpp"

namespace loyalty::apps {
namespace {

const std::string* param(const QueryParams& params, std::string_view key) {
    for (const auto& [k, v] : params)
        if (k == key) return &v;
    return nullptr;
}

}  // namespace

std::string sapo_authorize_url(const SapoApp& app, const std::string& store, const std::string& redirect_uri,
                               const std::string& state) {
    boost::urls::url u(app.store_base(store) + "/admin/oauth/authorize");
    auto p = u.params();
    p.append({"client_id", app.client_id});
    p.append({"scope", sapo_scopes});
    p.append({"redirect_uri", redirect_uri});
    p.append({"state", state});
    return std::string(u.buffer());
}

bool sapo_callback_verifies(const QueryParams& params, std::string_view client_secret) {
    const std::string* given = param(params, "hmac");
    if (!given || given->empty() || client_secret.empty()) return false;
    QueryParams signed_params;
    for (const auto& kv : params)
        if (kv.first != "hmac" && kv.first != "signature") signed_params.push_back(kv);
    std::sort(signed_params.begin(), signed_params.end());
    std::string message;
    for (const auto& [k, v] : signed_params) message += (message.empty() ? "" : "&") + k + "=" + v;
    std::string digest = connectors::hmac_sha256(client_secret, message);
    auto raw = connectors::hex_decode(*given);
    if (!raw || raw->size() != digest.size()) raw = connectors::base64_decode(*given);
    return raw && connectors::constant_time_equal(*raw, digest);
}

std::string sapo_store_of(const QueryParams& params) {
    if (const std::string* store = param(params, "store")) return *store;
    if (const std::string* shop = param(params, "shop")) {
        std::string s = *shop;
        if (auto dot = s.find('.'); dot != std::string::npos) s.resize(dot);
        return s;
    }
    return {};
}

}  // namespace loyalty::apps
