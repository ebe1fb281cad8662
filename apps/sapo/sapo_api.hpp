#pragma once
// Sapo Web's store API for one shop (https://{store}.mysapo.net/admin, X-Sapo-Access-Token):
// orders and customers by modified_on, webhook subscriptions, customer tags, and single-use
// discount codes as price rules with one code each. The API is Shopify-like; which of the shapes
// used here are confirmed and which only reported is said in sapo_api.cpp.
#include <optional>
#include <string>

#include "apps_config.hpp"
#include "http/retry.hpp"
#include "platform_api.hpp"

namespace loyalty::apps {

class SapoApi final : public PlatformApi {
public:
    static constexpr int page_size = 250;  // the largest `limit` Sapo accepts

    // `limit_key`: the shop's rate-limit bucket; `store`: the store's name (`{store}.mysapo.net`);
    // `webhook_address`: where Sapo is to post this shop's webhooks.
    SapoApi(const SapoApp& app, http::RetryingClient& client, std::string limit_key, std::string store,
            std::string access_token, std::string webhook_address);

    Page list(Resource resource, int64_t since, int page) override;
    std::optional<int64_t> count(Resource resource, int64_t since) override;
    void register_webhooks() override;
    void write_tier(const std::string& customer_id, const std::string& tier) override;
    // Returns the price rule's id: the code's rule is what disable_discount deletes.
    std::string create_discount(const DiscountSpec& spec) override;
    void disable_discount(const std::string& code) override;

    // The webhook topics register_webhooks subscribes.
    static const std::vector<std::string>& topics();

private:
    // The id of the price rule holding `code`; empty when no rule holds it.
    std::string price_rule_of(const std::string& code);
    http::Request request(const std::string& method, const std::string& path_and_query,
                          const std::string& body = {}) const;
    http::Response call(const std::string& method, const std::string& path_and_query, const std::string& body = {});

    std::string base_;  // https://{store}.mysapo.net, or where the configuration points
    http::RetryingClient& client_;
    std::string limit_key_;
    std::string store_;
    std::string token_;
    std::string webhook_address_;
};

}  // namespace loyalty::apps
