#include "haravan_oidc.hpp"

#include <boost/json.hpp>
#include <boost/url/url.hpp>

#include "common/crypto.hpp"
#include "util/error.hpp"

namespace loyalty::apps {
namespace {

namespace json = boost::json;

[[noreturn]] void refuse(const std::string& why) {
    core::fail(core::Status::unauthenticated, "Haravan's id_token " + why);
}

std::string text_claim(const json::object& claims, std::string_view name) {
    const json::value* v = claims.if_contains(name);
    if (!v) return {};
    if (v->is_string()) return std::string(v->get_string());
    // Ids arrive as numbers in some tokens; any whole number is the same id.
    if (v->is_int64()) return std::to_string(v->get_int64());
    if (v->is_uint64()) return std::to_string(v->get_uint64());
    return {};
}

bool has_audience(const json::object& claims, std::string_view client_id) {
    const json::value* aud = claims.if_contains("aud");
    if (!aud) return false;
    if (aud->is_string()) return aud->get_string() == client_id;
    if (aud->is_array())
        for (const auto& a : aud->get_array())
            if (a.is_string() && a.get_string() == client_id) return true;
    return false;
}

}  // namespace

std::string haravan_authorize_url(const HaravanApp& app, const std::string& redirect_uri, const std::string& state,
                                  const std::string& nonce) {
    boost::urls::url u(app.accounts_url + "/connect/authorize");
    auto p = u.params();
    p.append({"response_mode", "form_post"});
    p.append({"response_type", "code id_token"});
    p.append({"scope", haravan_scopes});
    p.append({"client_id", app.client_id});
    p.append({"redirect_uri", redirect_uri});
    p.append({"nonce", nonce});
    p.append({"state", state});
    return std::string(u.buffer());
}

HaravanIdentity read_haravan_id_token(std::string_view id_token, const HaravanApp& app,
                                      std::string_view expected_nonce, int64_t now) {
    auto first = id_token.find('.');
    auto second = first == std::string_view::npos ? first : id_token.find('.', first + 1);
    if (second == std::string_view::npos) refuse("is not a JWT (header.payload.signature)");
    auto payload = connectors::base64_decode(id_token.substr(first + 1, second - first - 1));
    if (!payload) refuse("payload is not base64url");
    json::error_code ec;
    json::value doc = json::parse(*payload, ec);
    if (ec || !doc.is_object()) refuse("payload is not a JSON object");
    const json::object& claims = doc.get_object();
    if (!has_audience(claims, app.client_id)) refuse("is not for this app (aud)");
    const json::value* exp = claims.if_contains("exp");
    int64_t expires = exp && exp->is_int64() ? exp->get_int64() : exp && exp->is_uint64() ? INT64_MAX : 0;
    // A minute's grace for the two clocks.
    if (expires < now - 60) refuse("has expired, or says no expiry (exp)");
    if (text_claim(claims, "nonce") != expected_nonce) refuse("nonce is not the one this install sent");
    HaravanIdentity id;
    id.org_id = text_claim(claims, "orgid");
    if (id.org_id.empty()) id.org_id = text_claim(claims, "org_id");
    if (id.org_id.empty()) refuse("carries no orgid: was the org scope granted?");
    id.org_name = text_claim(claims, "orgname");
    id.subject = text_claim(claims, "sub");
    return id;
}

}  // namespace loyalty::apps
