#include "platform_writes.hpp"

#include <cstdio>

#include "domain/platform_link.hpp"

namespace loyalty::core {
namespace {

std::string json_name_or_null(const std::string& name) { return name.empty() ? "null" : json_string(name); }

}  // namespace

std::string json_string(std::string_view s) {
    std::string out = "\"";
    for (char ch : s) {
        auto c = static_cast<unsigned char>(ch);
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", c);
                    out += buf;
                } else {
                    out += ch;  // UTF-8 passes through
                }
        }
    }
    return out + "\"";
}

void enqueue_tier_change(Transaction& tx, const std::string& shop_id, const std::string& member_id,
                         const std::string& previous, const std::string& next, int64_t since, int64_t now) {
    if (previous == next) return;
    for (const PlatformRef& ref : tx.linked_refs(shop_id, member_id)) {
        NewJob job;
        job.shop_id = shop_id;
        job.platform = ref.platform;
        job.kind = std::string(job_customer_tier);
        // The same change (same member, same move, same time) is one job however often it is applied.
        job.dedup_key = "customer_tier:" + ref.platform + ":" + ref.customer_id + ":" + member_id + ":" + previous +
                        ">" + next + "@" + std::to_string(since);
        job.payload = "{\"member_id\":" + json_string(member_id) + ",\"platform\":" + json_string(ref.platform) +
                      ",\"customer_id\":" + json_string(ref.customer_id) + ",\"tier\":" + json_name_or_null(next) +
                      ",\"previous\":" + json_name_or_null(previous) + "}";
        tx.enqueue_job(job, now);
    }
}

void enqueue_grant_change(Transaction& tx, const std::string& shop_id, const Grant& grant, std::string_view job_kind,
                          int64_t now) {
    if (grant.kind != RewardKind::voucher_amount && grant.kind != RewardKind::voucher_pct) return;
    for (const PlatformRef& ref : tx.linked_refs(shop_id, grant.member_id)) {
        NewJob job;
        job.shop_id = shop_id;
        job.platform = ref.platform;
        job.kind = std::string(job_kind);
        job.dedup_key = job.kind + ":" + ref.platform + ":" + std::to_string(grant.grant_id);
        job.payload = "{\"grant_id\":" + std::to_string(grant.grant_id) + ",\"code\":" + json_string(grant.code) +
                      ",\"kind\":" + json_string(to_string(grant.kind)) +
                      ",\"value\":" + std::to_string(grant.value) + ",\"expires_at\":" +
                      (grant.expires_at ? std::to_string(*grant.expires_at) : std::string("null")) +
                      ",\"member_id\":" + json_string(grant.member_id) + ",\"platform\":" + json_string(ref.platform) +
                      ",\"customer_id\":" + json_string(ref.customer_id) + "}";
        tx.enqueue_job(job, now);
    }
}

}  // namespace loyalty::core
