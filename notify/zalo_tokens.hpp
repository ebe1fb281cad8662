#pragma once
// The access tokens of the shops' Zalo Official Accounts: read from the store, refreshed when they
// are about to expire or Zalo rejects them, and the new (single-use) refresh token written back at
// once. One refresh at a time per process: two would spend the same refresh token, and the second
// would lose the account until the shop pastes a new one. Instances sharing a PostgreSQL store can
// still race; docs/notifications.md says to let one instance send Zalo messages.
#include <mutex>
#include <string>

#include "domain/notifications.hpp"
#include "engine.hpp"
#include "http/https_client.hpp"

namespace loyalty::notify {

class ZaloTokens {
public:
    ZaloTokens(core::Engine& engine, apps::http::HttpsClient& client) : engine_(engine), client_(client) {}
    // A token to send with; refreshed first when it expires within a minute, or when `rejected` is
    // the token Zalo just refused.
    std::string access_token(const std::string& shop_id, const core::ZaloChannel& zalo, int64_t now,
                             const std::string& rejected = "");

private:
    core::Engine& engine_;
    apps::http::HttpsClient& client_;
    std::mutex refresh_;
};

}  // namespace loyalty::notify
