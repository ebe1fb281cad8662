#include "writer.hpp"

#include <boost/json.hpp>

#include "api_failure.hpp"
#include "engine.hpp"
#include "util/error.hpp"

namespace loyalty::apps {
namespace {

namespace json = boost::json;

std::string text(const json::object& o, std::string_view key) {
    const json::value* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

int64_t integer(const json::object& o, std::string_view key) {
    const json::value* v = o.if_contains(key);
    return v && v->is_int64() ? v->get_int64() : 0;
}

}  // namespace

Writer::Writer(core::Engine& engine, ApiFactory api_for, std::function<int64_t()> clock)
    : engine_(engine), api_for_(std::move(api_for)), clock_(std::move(clock)) {}

int Writer::run_due(int limit, const std::optional<std::string>& shop_id) {
    auto jobs = engine_.claim_jobs(clock_(), lease_seconds, limit, shop_id);
    for (const auto& job : jobs) {
        try {
            run(job);
        } catch (const std::exception& e) {
            if (access_refused(e))
                engine_.set_link_state(job.shop_id, job.platform, core::LinkState::disconnected,
                                       "the shop revoked loyalty's access: " + std::string(e.what()));
            engine_.fail_job(job.job_id, e.what(), clock_());
        }
    }
    return static_cast<int>(jobs.size());
}

void Writer::run(const core::OutboxJob& job) {
    auto link = engine_.platform_link(job.shop_id, job.platform);
    if (!link || link->state == core::LinkState::disconnected)
        core::fail(core::Status::conflict, "shop \"" + job.shop_id + "\" is not connected to " + job.platform);
    json::value doc = json::parse(job.payload);
    const json::object& p = doc.as_object();
    auto api = api_for_(*link);
    if (job.kind == core::job_customer_tier) {
        // The member's tier now, not the one in the payload: jobs for one customer may run out of
        // order, and the tag must end as the tier the member holds.
        core::MemberQuery q;
        q.member_id = text(p, "member_id");
        std::string tier = engine_.member(job.shop_id, q).tier.name;
        api->write_tier(text(p, "customer_id"), tier);
        engine_.complete_job(job.job_id, tier.empty() ? "no tier" : "loyalty:" + tier);
    } else if (job.kind == core::job_discount_create) {
        DiscountSpec spec;
        spec.code = text(p, "code");
        spec.customer_id = text(p, "customer_id");
        spec.percent = text(p, "kind") == "voucher_pct";
        spec.value = integer(p, "value");
        spec.starts_at = job.created_at;
        spec.ends_at = integer(p, "expires_at");
        spec.title = "Loyalty " + spec.code;
        engine_.complete_job(job.job_id, api->create_discount(spec));
    } else if (job.kind == core::job_discount_disable) {
        api->disable_discount(text(p, "code"));
        engine_.complete_job(job.job_id, "disabled");
    } else {
        core::fail(core::Status::invalid_argument, "job kind \"" + job.kind + "\" is not one this release runs");
    }
}

}  // namespace loyalty::apps
