#include "message_delivery.hpp"

#include <boost/json.hpp>
#include <boost/url.hpp>

#include "notify/messages.hpp"

namespace loyalty::notify {
namespace {

namespace json = boost::json;

const json::object& object_of(const json::value& v, const char* what) {
    if (!v.is_object()) throw std::runtime_error(std::string(what) + " is not a JSON object");
    return v.get_object();
}

std::string text_of(const json::object& o, std::string_view key) {
    const json::value* v = o.if_contains(key);
    if (!v) return "";
    if (v->is_string()) return std::string(v->get_string());
    return json::serialize(*v);
}

std::string url_encoded(std::string_view s) { return boost::urls::encode(s, boost::urls::unreserved_chars); }

// A JSON string's inside, without its quotes: the template writes the quotes.
std::string json_inside(std::string_view s) {
    std::string quoted = json::serialize(json::string(s));
    return quoted.substr(1, quoted.size() - 2);
}

}  // namespace

MessagePayload message_payload(const core::OutboxJob& job) {
    json::value v = json::parse(job.payload);
    const json::object& o = object_of(v, "a message job's payload");
    MessagePayload m;
    m.channel = text_of(o, "channel");
    m.member_id = text_of(o, "member_id");
    m.phone = text_of(o, "phone");
    m.text = text_of(o, "text");
    m.template_id = text_of(o, "template_id");
    if (const json::value* p = o.if_contains("params")) {
        const json::object& params = object_of(*p, "params");
        for (const auto& kv : params) m.params.emplace_back(std::string(kv.key()), text_of(params, kv.key()));
    }
    if (m.phone.empty()) throw std::runtime_error("message job " + std::to_string(job.job_id) + " has no phone");
    return m;
}

std::string phone_for(const std::string& canonical, bool with_84) {
    std::string digits = canonical.rfind('+', 0) == 0 ? canonical.substr(1) : canonical;
    if (!with_84 && digits.rfind("84", 0) == 0) return "0" + digits.substr(2);
    return digits;
}

apps::http::Request sms_request(const core::SmsChannel& sms, const std::string& phone, const std::string& text) {
    const bool json_body = sms.content_type.find("json") != std::string::npos;
    auto value = [&](std::string_view name, auto encode) -> std::optional<std::string> {
        if (name == "phone") return encode(phone);
        if (name == "message") return encode(text);
        if (name.rfind("secret.", 0) == 0) {
            auto s = sms.secrets.find(std::string(name.substr(7)));
            if (s != sms.secrets.end()) return encode(s->second);
        }
        return std::nullopt;
    };
    auto raw = [](std::string_view s) { return std::string(s); };
    apps::http::Request r;
    r.method = sms.method;
    r.url = core::fill_placeholders(sms.url, [&](std::string_view n) { return value(n, url_encoded); });
    auto raw_value = [&](std::string_view n) { return value(n, raw); };
    for (const auto& [k, v] : sms.headers) r.headers.emplace_back(k, core::fill_placeholders(v, raw_value));
    if (!sms.body.empty()) {
        auto body_value = [&](std::string_view n) { return json_body ? value(n, json_inside) : value(n, url_encoded); };
        r.body = core::fill_placeholders(sms.body, body_value);
        r.headers.emplace_back("Content-Type", sms.content_type);
    }
    // A gateway bills each request: a request cut off after it left is not sent again blindly.
    r.idempotent = false;
    return r;
}

std::string sms_refusal(const core::SmsChannel& sms, const apps::http::Response& answer) {
    std::string body = answer.body.substr(0, 200);
    if (answer.status < 200 || answer.status >= 300)
        return "the SMS gateway answered " + std::to_string(answer.status) + (body.empty() ? "" : ": " + body);
    if (sms.success_field.empty()) return "";
    boost::system::error_code ec;
    json::value v = json::parse(answer.body, ec);
    if (ec || !v.is_object()) return "the SMS gateway's answer is not a JSON object: " + body;
    if (text_of(v.get_object(), sms.success_field) != sms.success_value)
        return "the SMS gateway did not take the message: " + body;
    return "";
}

apps::http::Request zalo_send_request(const core::ZaloChannel& zalo, const std::string& access_token,
                                      const MessagePayload& message, const std::string& tracking_id) {
    json::object data;
    for (const auto& [k, v] : message.params) data[k] = v;
    json::object body{{"phone", phone_for(message.phone, true)},
                      {"template_id", message.template_id},
                      {"template_data", std::move(data)},
                      {"tracking_id", tracking_id}};
    apps::http::Request r;
    r.method = "POST";
    r.url = zalo.send_url;
    r.headers = {{"Content-Type", "application/json"}, {"access_token", access_token}};
    r.body = json::serialize(body);
    r.idempotent = false;
    return r;
}

ZaloAnswer zalo_answer(const apps::http::Response& answer) {
    std::string body = answer.body.substr(0, 200);
    if (answer.status < 200 || answer.status >= 300)
        return {false, answer.status == 401, "Zalo answered " + std::to_string(answer.status) + ": " + body};
    boost::system::error_code ec;
    json::value v = json::parse(answer.body, ec);
    if (ec || !v.is_object()) return {false, false, "Zalo's answer is not a JSON object: " + body};
    const json::object& o = v.get_object();
    std::string error = text_of(o, "error");
    if (error == "0") {
        const json::value* d = o.if_contains("data");
        return {true, false, d && d->is_object() ? text_of(d->get_object(), "msg_id") : ""};
    }
    // -124: the access token is invalid or has expired; -216 (reported): it is not valid for this app.
    return {false, error == "-124" || error == "-216", "Zalo refused the message (" + error + "): " + text_of(o, "message")};
}

apps::http::Request zalo_refresh_request(const core::ZaloChannel& zalo, const std::string& refresh_token) {
    boost::urls::url form;
    auto p = form.params();
    p.append({"refresh_token", refresh_token});
    p.append({"app_id", zalo.app_id});
    p.append({"grant_type", "refresh_token"});
    apps::http::Request r;
    r.method = "POST";
    r.url = zalo.token_url;
    r.headers = {{"Content-Type", "application/x-www-form-urlencoded"}, {"secret_key", zalo.secret_key}};
    r.body = std::string(form.encoded_query());
    // A refresh token is good once: a refresh whose answer was lost cannot be repeated.
    r.idempotent = false;
    return r;
}

core::ChannelToken zalo_tokens(const apps::http::Response& answer, int64_t now) {
    std::string body = answer.body.substr(0, 200);
    boost::system::error_code ec;
    json::value v = json::parse(answer.body, ec);
    if (answer.status < 200 || answer.status >= 300 || ec || !v.is_object())
        throw std::runtime_error("Zalo did not refresh the access token (" + std::to_string(answer.status) + "): " + body);
    const json::object& o = v.get_object();
    core::ChannelToken t;
    t.channel = std::string(core::channel_zalo);
    t.access_token = text_of(o, "access_token");
    t.refresh_token = text_of(o, "refresh_token");
    if (t.access_token.empty() || t.refresh_token.empty())
        throw std::runtime_error("Zalo did not refresh the access token: " + body);
    // expires_in arrives as text ("90000") in the documented answer; a number is taken too.
    std::string expires = text_of(o, "expires_in");
    int64_t seconds = 0;
    for (char c : expires) {
        if (c < '0' || c > '9' || seconds > 10'000'000) break;
        seconds = seconds * 10 + (c - '0');
    }
    t.expires_at = now + (seconds > 0 ? seconds : 3600);
    return t;
}

}  // namespace loyalty::notify
