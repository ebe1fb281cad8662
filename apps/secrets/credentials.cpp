#include "credentials.hpp"

#include <boost/json.hpp>

#include "util/error.hpp"

namespace loyalty::apps {
namespace {

namespace json = boost::json;

std::string context(const std::string& shop_id, const std::string& platform) { return shop_id + "/" + platform; }

}  // namespace

std::string Credentials::seal(const TokenBox& box, const std::string& shop_id, const std::string& platform) const {
    json::object o{{"access_token", access_token}, {"refresh_token", refresh_token}, {"expires_at", expires_at},
                   {"client_id", client_id},       {"client_secret", client_secret}};
    return box.seal(json::serialize(o), context(shop_id, platform));
}

Credentials Credentials::open(const TokenBox& box, const std::string& sealed, const std::string& shop_id,
                              const std::string& platform) {
    if (sealed.empty())
        core::fail(core::Status::invalid_argument, "shop \"" + shop_id + "\" holds no " + platform + " token");
    json::error_code ec;
    json::value v = json::parse(box.open(sealed, context(shop_id, platform)), ec);
    if (ec || !v.is_object()) core::fail(core::Status::internal, "a stored " + platform + " token is damaged");
    const json::object& o = v.get_object();
    auto text = [&](const char* k) {
        const json::value* x = o.if_contains(k);
        return x && x->is_string() ? std::string(x->get_string()) : std::string();
    };
    Credentials c;
    c.access_token = text("access_token");
    c.refresh_token = text("refresh_token");
    const json::value* exp = o.if_contains("expires_at");
    c.expires_at = exp && exp->is_int64() ? exp->get_int64() : 0;
    c.client_id = text("client_id");
    c.client_secret = text("client_secret");
    return c;
}

}  // namespace loyalty::apps
