#pragma once
// KiotViet's Public API for one shop (public.kiotapi.com, `Retailer` + a client-credentials Bearer
// token): customers and invoices by modification time, the shop's webhooks, customer groups as the
// tier shown at the till, and vouchers of the shop's own voucher campaigns.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "apps_config.hpp"
#include "platform_api.hpp"
#include "http/retry.hpp"

namespace loyalty::core {
class Zone;
}

namespace loyalty::apps {

class KiotVietApi final : public PlatformApi {
public:
    static constexpr int page_size = 100;  // KiotViet's largest page

    // `retailer`: the shop's name on KiotViet (the Retailer header); `webhook_address` and
    // `webhook_secret`: where KiotViet posts this shop's webhooks and the connection's secret they
    // are signed with; `zone`: the shop's time zone, in which KiotViet reads and writes its times;
    // `tier_groups`: tier name -> KiotViet customer group id (empty: tiers are not written).
    KiotVietApi(const KiotVietApp& app, http::RetryingClient& client, std::string limit_key, std::string retailer,
                std::string access_token, std::string webhook_address, std::string webhook_secret,
                std::shared_ptr<const core::Zone> zone, std::map<std::string, std::string> tier_groups);

    // Returns are left out: the KiotViet connector has no notification a return maps to (no
    // webhook exists for them), so a pulled return would be quarantined. list() and count()
    // refuse Resource::returns.
    Page list(Resource resource, int64_t since, int page) override;
    std::optional<int64_t> count(Resource resource, int64_t since) override;
    void register_webhooks() override;
    void write_tier(const std::string& customer_id, const std::string& tier) override;
    std::string create_discount(const DiscountSpec& spec) override;
    void disable_discount(const std::string& code) override;

    // The webhook types registered: what the connector reads.
    static const std::vector<std::string>& webhook_types();
    // The Secret registered with each webhook (see kiotviet_api.cpp).
    std::string registered_secret() const;

private:
    struct Voucher {
        std::string id;
        std::string campaign_id;
        int64_t status = -1;  // 0 created, 1 released, 2 used, 3 cancelled
    };

    http::Response call(const std::string& method, const std::string& url, const std::string& body = {});
    boost::json::value get_json(const std::string& url);
    std::string local_time(int64_t t) const;  // 2026-01-31T00:00:00, the shop's wall time
    std::optional<Voucher> find_voucher(const std::string& campaign_id, const std::string& code);
    std::vector<std::string> active_campaigns(std::optional<int64_t> price);
    std::vector<std::string> current_groups(const boost::json::object& customer);

    const KiotVietApp& app_;
    http::RetryingClient& client_;
    std::string limit_key_;
    std::string retailer_;
    std::string token_;
    std::string webhook_address_;
    std::string webhook_secret_;
    std::shared_ptr<const core::Zone> zone_;
    std::map<std::string, std::string> tier_groups_;
};

}  // namespace loyalty::apps
