// Sapo: two APIs (Sapo Web and Sapo GO) behind one connection. Both sign the same way; the
// headers tell which one sent a delivery.
#include "sapo.hpp"

#include "common/crypto.hpp"
#include "fields.hpp"
#include "go.hpp"
#include "web.hpp"

namespace loyalty::connectors {
namespace {

class Sapo final : public Connector {
public:
    std::string_view platform() const override { return "sapo"; }

    // X-Sapo-Hmac-Sha256 = base64(HMAC-SHA256(raw body, secret)), for Web and GO alike.
    bool verify(const Headers& headers, std::string_view body, const std::vector<std::string>& secrets) const override {
        auto header = sapo_fields::header_text(headers, "X-Sapo-Hmac-Sha256");
        if (!header) return false;
        auto claimed = base64_decode(*header);
        if (!claimed || claimed->size() != 32) return false;
        bool ok = false;
        // Every secret is tried, so the time taken does not tell which one (if any) matched.
        for (const auto& secret : secrets) {
            // An empty secret is a missing configuration, never a key anyone may sign with.
            if (secret.empty()) continue;
            ok = constant_time_equal(hmac_sha256(secret, body), *claimed) || ok;
        }
        return ok;
    }

    bool uninstalls(const Headers& headers) const override {
        auto topic = sapo_fields::header_text(headers, "X-Sapo-Topic");
        return topic && *topic == "app/uninstalled";
    }

    core::Delivery map(const Headers& headers, std::string_view body, const core::Zone& zone) const override {
        if (sapo_go::is_go(headers)) return sapo_go::map(headers, body, zone);
        return sapo_web::map(headers, body, zone);
    }
};

}  // namespace

const Connector& sapo_connector() {
    static const Sapo connector;
    return connector;
}

}  // namespace loyalty::connectors
