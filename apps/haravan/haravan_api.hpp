#pragma once
// Haravan's Omni API for one shop (apis.haravan.com, a Bearer shop token): orders and customers by
// update time, the public app's webhook subscription, customer tags and discount codes.
#include <string>

#include "apps_config.hpp"
#include "platform_api.hpp"
#include "http/retry.hpp"
#include "tags.hpp"  // retagged(), declared here before it moved to platform/

namespace loyalty::apps {

class HaravanApi final : public PlatformApi {
public:
    static constexpr int page_size = 50;

    // `limit_key`: the shop's rate-limit bucket; `org_id`: the shop's organisation on Haravan.
    HaravanApi(const HaravanApp& app, http::RetryingClient& client, std::string limit_key, std::string org_id,
               std::string access_token);

    Page list(Resource resource, int64_t since, int page) override;
    std::optional<int64_t> count(Resource resource, int64_t since) override;
    void register_webhooks() override;
    void write_tier(const std::string& customer_id, const std::string& tier) override;
    std::string create_discount(const DiscountSpec& spec) override;
    void disable_discount(const std::string& code) override;

private:
    std::string discount_id(const std::string& code);  // empty when there is none
    http::Response call(const std::string& method, const std::string& url, const std::string& body = {});

    const HaravanApp& app_;
    http::RetryingClient& client_;
    std::string limit_key_;
    std::string org_id_;
    std::string token_;
};

}  // namespace loyalty::apps
