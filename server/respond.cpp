#include "respond.hpp"

#include "json_fields.hpp"

namespace loyalty::server {
namespace {

namespace json = boost::json;
using beast_http::field;
using beast_http::status;

}  // namespace

unsigned http_status(core::Status s) {
    switch (s) {
        case core::Status::ok: return 200;
        case core::Status::invalid_argument: return 400;
        case core::Status::unauthenticated: return 401;
        case core::Status::not_found: return 404;
        case core::Status::conflict: return 409;
        case core::Status::insufficient_points: return 422;
        case core::Status::storage: return 503;
        case core::Status::internal: return 500;
    }
    return 500;
}

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

Response failure_response(const Request& req, const documents::Failure& failure) {
    return reply(req, http_status(failure.status),
                 json::serialize(json::object{{"error", documents::encode_failure(failure)}}));
}

Handled refused(const Request& req, Route route, unsigned code, const char* name, const std::string& message) {
    return {error_response(req, code, name, message), route, {}, {}};
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

void texts(const Target& t, std::initializer_list<const char*> names, json::object& q) {
    for (const char* name : names)
        if (auto* v = t.param(name)) q[name] = *v;
}

bool numbers(const Target& t, std::initializer_list<const char*> names, json::object& q, std::string& bad) {
    for (const char* name : names) {
        if (auto* v = t.param(name)) {
            auto n = integer(*v);
            if (!n) {
                bad = name;
                return false;
            }
            q[name] = *n;
        }
    }
    return true;
}

json::object body_object(const Request& req, std::string_view what) {
    return documents::parse_object(std::string_view(req.body()), what);
}

json::object with_member(const Request& req, const std::string& member_id) {
    json::object o = body_object(req);
    if (auto* given = o.if_contains("member_id"); given && (!given->is_string() || given->get_string() != member_id))
        core::fail(core::Status::invalid_argument, "member_id in the body differs from the one in the path");
    o["member_id"] = member_id;
    return o;
}

}  // namespace loyalty::server
