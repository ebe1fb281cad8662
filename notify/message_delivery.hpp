#pragma once
// The requests that carry a message to a member (docs/notifications.md): an SMS through the shop's
// gateway template, or a Zalo ZNS template through its Official Account, and how each provider's
// answer says whether the message was taken.
#include <optional>
#include <string>

#include "domain/notifications.hpp"
#include "domain/platform_link.hpp"
#include "http/https_client.hpp"

namespace loyalty::notify {

// A message job's payload, as the core queued it.
struct MessagePayload {
    std::string channel;
    std::string member_id;
    std::string phone;  // canonical, +84…
    std::string text;   // sms
    std::string template_id;                              // zalo
    std::vector<std::pair<std::string, std::string>> params;  // zalo
};

MessagePayload message_payload(const core::OutboxJob& job);

// +84912345678 as a gateway wants it: 84912345678, or 0912345678.
std::string phone_for(const std::string& canonical, bool with_84);

apps::http::Request sms_request(const core::SmsChannel& sms, const std::string& phone, const std::string& text);
// Empty when the gateway took the message; else why not.
std::string sms_refusal(const core::SmsChannel& sms, const apps::http::Response& answer);

apps::http::Request zalo_send_request(const core::ZaloChannel& zalo, const std::string& access_token,
                                      const MessagePayload& message, const std::string& tracking_id);
struct ZaloAnswer {
    bool sent = false;
    bool token_rejected = false;  // the access token is invalid or expired: refresh, then send again
    std::string text;             // the message id when sent, else why not
};
ZaloAnswer zalo_answer(const apps::http::Response& answer);

apps::http::Request zalo_refresh_request(const core::ZaloChannel& zalo, const std::string& refresh_token);
// The new tokens from a refresh's answer; throws with Zalo's reason when it gave none.
core::ChannelToken zalo_tokens(const apps::http::Response& answer, int64_t now);

}  // namespace loyalty::notify
