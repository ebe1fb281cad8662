#pragma once
// The `state` of an install, bound to the browser that started it. Starting an install sets a
// short-lived signed cookie that holds the state value and what the install is for; the callback
// is accepted only with a state parameter equal to the one in the browser's own cookie, so a
// callback URL replayed from another browser, or forged, connects nothing.
#include <cstdint>
#include <string>
#include <string_view>

namespace loyalty::apps {

struct InstallIntent {
    std::string platform;  // "haravan", "sapo"
    std::string shop_id;   // the existing shop to connect; empty: the platform names the shop
    std::string store;     // Sapo's store name, when known at the start
    std::string nonce;     // OpenID Connect's nonce (Haravan)
    std::string state;     // the value sent as `state`
    int64_t expires_at = 0;
};

class InstallStates {
public:
    static constexpr int64_t lifetime_s = 600;
    static constexpr std::string_view cookie_name = "loyalty_install";

    explicit InstallStates(std::string key);

    // A fresh intent (random state and nonce) and the cookie's value that carries it.
    struct Issued {
        InstallIntent intent;
        std::string cookie;
    };
    Issued issue(const std::string& platform, const std::string& shop_id, const std::string& store,
                 int64_t now) const;

    // The intent the browser's cookie holds, when it is authentic, unexpired, for `platform` and its
    // state equals `state_param`. Throws core::Error(unauthenticated) otherwise, saying which.
    InstallIntent verify(std::string_view cookie, std::string_view state_param, std::string_view platform,
                         int64_t now) const;

    // The Set-Cookie header's value. SameSite=None: Haravan returns by a cross-site form POST, which a
    // Lax cookie would not accompany; Secure is then required, and HttpOnly keeps it from scripts.
    static std::string set_cookie(const std::string& value);
    static std::string clear_cookie();

    // An admin's one-time link for connecting an existing shop from the owner's browser: signed, for
    // one shop and platform, valid `lifetime_s`.
    std::string ticket(const std::string& platform, const std::string& shop_id, int64_t now) const;
    void check_ticket(std::string_view ticket, const std::string& platform, const std::string& shop_id,
                      int64_t now) const;

private:
    std::string sign(std::string_view payload) const;
    std::string key_;
};

// Reads one cookie's value out of a Cookie header; empty when it is not there.
std::string cookie_value(std::string_view cookie_header, std::string_view name);

}  // namespace loyalty::apps
