#include "respond.hpp"

#include <boost/json.hpp>

namespace loyalty::http {
namespace {

namespace json = boost::json;
using beast_http::field;
using beast_http::status;

unsigned http_status(int s) {
    switch (s) {
        case LOYALTY_OK: return 200;
        case LOYALTY_INVALID_ARGUMENT: return 400;
        case LOYALTY_UNAUTHENTICATED: return 401;
        case LOYALTY_NOT_FOUND: return 404;
        case LOYALTY_CONFLICT: return 409;
        case LOYALTY_INSUFFICIENT_POINTS: return 422;
        case LOYALTY_STORAGE: return 503;
        default: return 500;
    }
}

}  // namespace

Response reply(const Request& req, unsigned code, std::string body, const char* type) {
    Response res{static_cast<status>(code), req.version()};
    res.set(field::content_type, type);
    res.set(field::cache_control, "no-store");
    res.keep_alive(req.keep_alive());
    res.body() = std::move(body);
    res.prepare_payload();
    return res;
}

Response error_response(const Request& req, unsigned code, const char* name, const std::string& message) {
    return reply(req, code, json::serialize(json::object{{"error", {{"code", name}, {"message", message}}}}));
}

Handled refused(const Request& req, Route route, unsigned code, const char* name, const std::string& message) {
    return {error_response(req, code, name, message), route, {}, {}};
}

Response answer(const Request& req, int s, char* out) {
    if (s != LOYALTY_OK) {
        loyalty_free(out);
        return error_response(req, http_status(s), loyalty_status_name(s), loyalty_last_error());
    }
    std::string body = out ? out : "{}";
    loyalty_free(out);
    return reply(req, 200, std::move(body));
}

std::optional<int64_t> integer(const std::string& text) {
    if (text.empty() || text.size() > 18) return std::nullopt;
    int64_t v = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + (c - '0');
    }
    return v;
}

std::optional<std::string> with_member(const std::string& body, const std::string& member_id, std::string& problem) {
    json::error_code ec;
    json::value v = json::parse(body, ec);
    if (ec || !v.is_object()) {
        problem = "the request body must be a JSON object";
        return std::nullopt;
    }
    auto& o = v.get_object();
    if (auto* given = o.if_contains("member_id"); given && (!given->is_string() || given->get_string() != member_id)) {
        problem = "member_id in the body differs from the one in the path";
        return std::nullopt;
    }
    o["member_id"] = member_id;
    return json::serialize(v);
}

}  // namespace loyalty::http
