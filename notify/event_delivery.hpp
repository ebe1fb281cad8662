#pragma once
// One delivery of an event to one endpoint: the POST loyalty sends and what its answer means.
#include <string>
#include <string_view>

#include "domain/notifications.hpp"
#include "domain/platform_link.hpp"
#include "http/https_client.hpp"

namespace loyalty::notify {

// "sha256=" and the lower-case hex HMAC-SHA256 of `body` under `secret`: X-Loyalty-Signature.
std::string signature(std::string_view secret, std::string_view body);

// The request for a delivery job (its payload holds the endpoint's URL and the event): the event's
// JSON as the body, with X-Loyalty-Event, X-Loyalty-Event-Id and X-Loyalty-Signature.
apps::http::Request delivery_request(const core::OutboxJob& job, const core::Endpoint& endpoint);

// The endpoint URL a delivery job is for.
std::string delivery_url(const core::OutboxJob& job);

// Why an answer is not a delivery, or empty when it is one (any 2xx).
std::string refusal(const apps::http::Response& response);

}  // namespace loyalty::notify
