#include "connect_shop.hpp"

#include <boost/json.hpp>

#include "calls.hpp"
#include "util/error.hpp"

namespace loyalty::apps {
namespace {

namespace json = boost::json;

// A shop made by an install from the platform's app store: one point per 10,000 VND paid, the
// owner's to change from the dashboard.
json::object new_shop(const std::string& shop_id) {
    return {{"shop_id", shop_id}, {"timezone", "Asia/Ho_Chi_Minh"}, {"earn", json::object{{"spend_per_point", 10000}}},
            {"connections", json::array{}}};
}

std::string linked_shop(core::Engine& engine, const std::string& platform, const std::string& account) {
    for (const auto& link : engine.all_platform_links())
        if (link.platform == platform && link.account == account) return link.shop_id;
    if (platform == "haravan") {
        try {
            return engine.shop_by_org(platform, account)->shop_id;
        } catch (const core::Error& e) {
            if (e.status() != core::Status::not_found) throw;
        }
    }
    return {};
}

}  // namespace

std::string connect_shop(core::Engine& engine, const Connecting& c) {
    if (c.secret.empty()) core::fail(core::Status::invalid_argument, "an install needs the platform's signing secret");
    std::string shop_id = c.shop_id.empty() ? linked_shop(engine, c.platform, c.account) : c.shop_id;
    if (shop_id.empty()) shop_id = c.default_id;
    json::object shop;
    try {
        shop = json::parse(documents::shop_definition(engine, shop_id)).as_object();
    } catch (const core::Error& e) {
        if (e.status() != core::Status::not_found || !c.shop_id.empty()) throw;
        shop = new_shop(shop_id);
    }
    json::array connections;
    bool found = false;
    if (const json::value* existing = shop.if_contains("connections"); existing && existing->is_array())
        connections = existing->get_array();
    for (auto& value : connections) {
        json::object& conn = value.as_object();
        if (conn.at("platform") != json::value(c.platform)) continue;
        found = true;
        json::array secrets;
        if (auto* one = conn.if_contains("secret")) secrets.push_back(*one);
        if (auto* many = conn.if_contains("secrets"); many && many->is_array())
            for (const auto& s : many->get_array()) secrets.push_back(s);
        conn.erase("secret");
        bool has = false;
        for (const auto& s : secrets) has = has || s == json::value(c.secret);
        if (!has) secrets.emplace(secrets.begin(), c.secret);
        conn["secrets"] = secrets;
        if (c.platform == "haravan") conn["org_id"] = c.account;
    }
    if (!found) {
        json::object conn{{"platform", c.platform}, {"secrets", json::array{json::value(c.secret)}}};
        if (c.platform == "haravan") conn["org_id"] = c.account;
        connections.push_back(conn);
    }
    shop["connections"] = connections;
    documents::put_shop(engine, shop);
    return shop_id;
}

}  // namespace loyalty::apps
