#pragma once
// Makes a link's platform API: the platform's class, its rate-limit bucket, and a token renewed
// when it is about to run out.
#include <memory>
#include <optional>

#include "apps_config.hpp"
#include "credentials.hpp"
#include "domain/platform_link.hpp"
#include "platform_api.hpp"
#include "http/rate_limiter.hpp"
#include "http/retry.hpp"

namespace loyalty::core {
class Engine;
}

namespace loyalty::apps {

struct PlatformContext {
    core::Engine& engine;
    const AppsConfig& config;
    http::RetryingClient& client;
    http::RateLimiter& limiter;
    const core::PlatformLink& link;
    const Credentials& credentials;
    int64_t now;
};

struct MadeApi {
    std::unique_ptr<PlatformApi> api;
    std::optional<Credentials> renewed;  // to store, sealed, when the token was renewed
};

// Throws not_found for a platform whose app is not configured.
MadeApi make_platform_api(const PlatformContext& context);

// The rate-limit bucket of a shop on a platform: one per shop, so one shop never waits on another.
std::string limit_key(const core::PlatformLink& link);

// A random secret for signing webhooks the app registers itself (KiotViet): 32 bytes as hex.
std::string random_secret();

}  // namespace loyalty::apps
