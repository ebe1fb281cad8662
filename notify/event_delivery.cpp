#include "event_delivery.hpp"

#include <boost/json.hpp>

#include "common/crypto.hpp"
#include "util/encoding.hpp"

namespace loyalty::notify {
namespace {

namespace json = boost::json;

json::object payload_of(const core::OutboxJob& job) {
    json::value v = json::parse(job.payload);
    if (!v.is_object() || !v.as_object().contains("url") || !v.as_object().contains("event"))
        throw std::runtime_error("delivery job " + std::to_string(job.job_id) + " has no url and event");
    return std::move(v.as_object());
}

}  // namespace

std::string signature(std::string_view secret, std::string_view body) {
    return "sha256=" + core::hex_encode(connectors::hmac_sha256(secret, body));
}

std::string delivery_url(const core::OutboxJob& job) { return std::string(payload_of(job).at("url").as_string()); }

apps::http::Request delivery_request(const core::OutboxJob& job, const core::Endpoint& endpoint) {
    json::object p = payload_of(job);
    apps::http::Request r;
    r.method = "POST";
    r.url = endpoint.url;
    // Serialized from the stored payload, so every attempt sends (and signs) the same bytes.
    r.body = json::serialize(p.at("event"));
    r.headers = {{"Content-Type", "application/json"},
                 {"X-Loyalty-Event", job.kind},
                 {"X-Loyalty-Event-Id", std::to_string(job.event_id.value_or(0))},
                 {"X-Loyalty-Signature", signature(endpoint.secret, r.body)}};
    // The receiver tells a repeat by the event id: a request cut off on a stale connection may go again.
    r.idempotent = true;
    return r;
}

std::string refusal(const apps::http::Response& response) {
    if (response.status >= 200 && response.status < 300) return "";
    std::string body = response.body.substr(0, 200);
    return "the endpoint answered " + std::to_string(response.status) + (body.empty() ? "" : ": " + body);
}

}  // namespace loyalty::notify
