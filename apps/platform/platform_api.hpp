#pragma once
// What the sync and write-back need of one shop's platform, whatever the platform: pages of what
// changed, each object as the webhook the platform would have sent; webhook registration; and the
// writes that show the programme at the till. One implementation per platform folder.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/headers.hpp"
#include "deliver.hpp"

namespace loyalty::apps {

enum class Resource { customers, orders, returns };
std::string_view to_string(Resource r);

// The resources a backfill of the platform walks, in order: customers before the orders that name
// them; KiotViet's returns last (it sends no webhook for them, so they are only ever pulled).
std::vector<Resource> resources_of(std::string_view platform);

// One object pulled from the API, as the webhook it stands for (connectors::deliver_pulled).
using PulledObject = connectors::PulledObject;

struct Page {
    std::vector<PulledObject> objects;
    bool more = false;  // another page follows
};

// A reward grant as a platform discount code: single use, for one customer where the platform allows.
struct DiscountSpec {
    std::string code;
    std::string customer_id;  // the platform's customer
    bool percent = false;     // false: `value` VND off; true: `value` percent off
    int64_t value = 0;
    int64_t starts_at = 0;    // unix seconds
    int64_t ends_at = 0;      // 0: no end
    std::string title;
};

class PlatformApi {
public:
    virtual ~PlatformApi() = default;
    // Page `page` (from 1) of `resource` changed at or after `since` (unix seconds).
    virtual Page list(Resource resource, int64_t since, int page) = 0;
    // How many there are, when the platform can say without walking them.
    virtual std::optional<int64_t> count(Resource resource, int64_t since) = 0;
    // Subscribes the shop's webhooks; doing it again changes nothing.
    virtual void register_webhooks() = 0;
    // Shows `tier` (empty: none) on the customer, replacing the previous one and leaving the
    // shop's own tags or groups alone.
    virtual void write_tier(const std::string& customer_id, const std::string& tier) = 0;
    // Creates the code, or finds the one an earlier attempt created; returns the platform's id.
    virtual std::string create_discount(const DiscountSpec& spec) = 0;
    // Disables the code (found by its text); one already gone is what was asked for.
    virtual void disable_discount(const std::string& code) = 0;
};

}  // namespace loyalty::apps
