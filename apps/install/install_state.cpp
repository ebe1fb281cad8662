#include "install_state.hpp"

#include <vector>

#include "common/crypto.hpp"
#include "util/error.hpp"

namespace loyalty::apps {
namespace {

using connectors::base64_decode;
using connectors::hex_encode;

std::string random_hex(std::size_t bytes) { return hex_encode(core::random_bytes(bytes)); }

[[noreturn]] void refuse(const std::string& why) { core::fail(core::Status::unauthenticated, why); }

// Fields are joined with '|', which none of them may hold (platform names, shop ids, store names,
// hex): a field that did would shift the others.
std::string join(const std::vector<std::string>& fields) {
    std::string out;
    for (const auto& f : fields) {
        if (f.find('|') != std::string::npos) core::fail(core::Status::invalid_argument, "'|' in \"" + f + "\"");
        if (!out.empty()) out += '|';
        out += f;
    }
    return out;
}

std::vector<std::string> split(std::string_view s) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= s.size(); ++i) {
        if (i == s.size() || s[i] == '|') {
            out.emplace_back(s.substr(start, i - start));
            start = i + 1;
        }
    }
    return out;
}

std::string base64url(std::string_view raw) {
    std::string b = connectors::base64_encode(raw);
    for (char& c : b) c = c == '+' ? '-' : c == '/' ? '_' : c;
    while (!b.empty() && b.back() == '=') b.pop_back();
    return b;
}

int64_t number(const std::string& s) {
    int64_t v = 0;
    if (s.empty() || s.size() > 18) return -1;
    for (char c : s) {
        if (c < '0' || c > '9') return -1;
        v = v * 10 + (c - '0');
    }
    return v;
}

}  // namespace

InstallStates::InstallStates(std::string key) : key_(std::move(key)) {}

std::string InstallStates::sign(std::string_view payload) const {
    return base64url(connectors::hmac_sha256(key_, payload));
}

InstallStates::Issued InstallStates::issue(const std::string& platform, const std::string& shop_id,
                                           const std::string& store, int64_t now) const {
    Issued out;
    out.intent = {platform, shop_id, store, random_hex(16), random_hex(16), now + lifetime_s};
    const auto& i = out.intent;
    std::string payload = join({"v1", i.platform, i.shop_id, i.store, i.nonce, i.state, std::to_string(i.expires_at)});
    out.cookie = base64url(payload) + "." + sign(payload);
    return out;
}

InstallIntent InstallStates::verify(std::string_view cookie, std::string_view state_param, std::string_view platform,
                                    int64_t now) const {
    if (cookie.empty())
        refuse("this browser did not start the install (no install cookie): start again from the install link");
    auto dot = cookie.find('.');
    auto payload = dot == std::string_view::npos ? std::nullopt : base64_decode(cookie.substr(0, dot));
    if (!payload || !connectors::constant_time_equal(sign(*payload), cookie.substr(dot + 1)))
        refuse("the install cookie is not one this server signed");
    auto f = split(*payload);
    if (f.size() != 7 || f[0] != "v1") refuse("the install cookie is not one this server signed");
    InstallIntent i{f[1], f[2], f[3], f[4], f[5], number(f[6])};
    if (i.platform != platform) refuse("the install cookie is for " + i.platform + ", not " + std::string(platform));
    if (i.expires_at < now) refuse("the install took longer than 10 minutes: start again from the install link");
    if (!connectors::constant_time_equal(i.state, state_param))
        refuse("the state parameter is not the one this browser's install was given");
    return i;
}

std::string InstallStates::set_cookie(const std::string& value) {
    return std::string(cookie_name) + "=" + value + "; Path=/apps/; Max-Age=" + std::to_string(lifetime_s) +
           "; HttpOnly; Secure; SameSite=None";
}

std::string InstallStates::clear_cookie() {
    return std::string(cookie_name) + "=; Path=/apps/; Max-Age=0; HttpOnly; Secure; SameSite=None";
}

std::string InstallStates::ticket(const std::string& platform, const std::string& shop_id, int64_t now) const {
    std::string expires = std::to_string(now + lifetime_s);
    return expires + "." + sign(join({"ticket", platform, shop_id, expires}));
}

void InstallStates::check_ticket(std::string_view ticket, const std::string& platform, const std::string& shop_id,
                                 int64_t now) const {
    auto dot = ticket.find('.');
    if (dot == std::string_view::npos) refuse("the install link is not one this server made");
    std::string expires(ticket.substr(0, dot));
    if (number(expires) < 0 ||
        !connectors::constant_time_equal(sign(join({"ticket", platform, shop_id, expires})), ticket.substr(dot + 1)))
        refuse("the install link is not one this server made for shop \"" + shop_id + "\"");
    if (number(expires) < now) refuse("the install link has expired: ask for a new one");
}

std::string cookie_value(std::string_view header, std::string_view name) {
    while (!header.empty()) {
        auto semi = header.find(';');
        std::string_view pair = header.substr(0, semi);
        while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
        auto eq = pair.find('=');
        if (eq != std::string_view::npos && pair.substr(0, eq) == name) return std::string(pair.substr(eq + 1));
        if (semi == std::string_view::npos) break;
        header.remove_prefix(semi + 1);
    }
    return {};
}

}  // namespace loyalty::apps
