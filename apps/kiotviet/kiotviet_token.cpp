#include "kiotviet_token.hpp"

#include <boost/json.hpp>
#include <boost/url/url.hpp>

#include "api_failure.hpp"
#include "http/json_body.hpp"
#include "util/error.hpp"

namespace loyalty::apps {

bool kiotviet_token_due(const Credentials& c, int64_t now) {
    return c.access_token.empty() || (c.expires_at > 0 && c.expires_at - now < kiotviet_renew_before);
}

Credentials kiotviet_token(const AppsConfig& config, http::RetryingClient& client, Credentials c, int64_t now) {
    boost::urls::url form;
    auto p = form.params();
    p.append({"scopes", "PublicApi.Access"});
    p.append({"grant_type", "client_credentials"});
    p.append({"client_id", c.client_id});
    p.append({"client_secret", c.client_secret});
    http::Request r;
    r.method = "POST";
    r.url = config.kiotviet.token_url + "/connect/token";
    r.headers = {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "application/json"}};
    r.body = std::string(form.encoded_query());
    // Asking for a token again is harmless: a lost answer may be asked for again.
    r.idempotent = true;
    http::Response answer = client.send(r);
    if (answer.status == 400 || answer.status == 401)
        core::fail(core::Status::unauthenticated,
                   "KiotViet refused the client id and secret (" + std::to_string(answer.status) +
                       "): copy them again from Thiết lập cửa hàng → Thiết lập kết nối API");
    boost::json::value doc = http::parse_json_body(checked("kiotviet", answer));
    const boost::json::object* o = doc.if_object();
    const boost::json::value* token = o ? o->if_contains("access_token") : nullptr;
    if (!token || !token->is_string() || token->get_string().empty()) fail_api("kiotviet", "gave no access_token");
    c.access_token = std::string(token->get_string());
    const boost::json::value* expires = o->if_contains("expires_in");
    c.expires_at = now + (expires && expires->is_int64() && expires->get_int64() > 0 ? expires->get_int64() : 86400);
    return c;
}

}  // namespace loyalty::apps
