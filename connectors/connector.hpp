#pragma once
// One platform's webhooks: is a delivery authentic, and what does it mean for loyalty.
// Connectors are pure: they touch no store, so the engine decides what a delivery changes.
#include <string>
#include <string_view>
#include <vector>

#include "common/headers.hpp"
#include "domain/delivery.hpp"

namespace loyalty::core {
class Zone;
}

namespace loyalty::connectors {

// How the platform is answered over HTTP when a delivery is not applied. The defaults say what
// happened; a platform that treats some answers as final overrides them.
struct HttpPolicy {
    unsigned unauthenticated = 401;
    unsigned unknown_shop = 404;
    unsigned quarantined = 400;  // 200: acknowledged, since a delivery kept in quarantine is not lost
    // Said in the error log when an answer differs from what happened, so an operator knows why.
    std::string_view note;
};

class Connector {
public:
    virtual ~Connector() = default;
    virtual std::string_view platform() const = 0;
    // True when the delivery's signature verifies over the raw `body` with any of `secrets`.
    virtual bool verify(const Headers& headers, std::string_view body, const std::vector<std::string>& secrets) const = 0;
    // The delivery's meaning. `zone` is the shop's, for timestamps that carry none. Throws
    // core::Error(invalid_argument) when the body is unparseable or misses a required field.
    virtual core::Delivery map(const Headers& headers, std::string_view body, const core::Zone& zone) const = 0;
    virtual HttpPolicy http_policy() const { return {}; }
    // True when the delivery says the shop removed the app (Haravan's and Sapo's app/uninstalled).
    virtual bool uninstalls(const Headers&) const { return false; }
};

// "haravan", "sapo" or "kiotviet"; nullptr for any other name.
const Connector* find_connector(std::string_view platform);

}  // namespace loyalty::connectors
