#include "rewards.hpp"

#include <memory>
#include <optional>

#include "json_text.hpp"

namespace loyaltyctl {

namespace {

void add_group(CLI::App& app, Action& chosen) {
    struct Args {
        std::string shop, member_id;
        std::optional<std::string> group;
        bool clear = false;
    };
    auto a = std::make_shared<Args>();
    auto check = [a] {
        if (!a->group && !a->clear) throw CLI::ValidationError("group set needs a GROUP or --clear");
    };
    CLI::App* set = verb(
        *noun(app, "group", "customer groups"), "set",
        "set the member's group in this shop; --clear hands it back to the platform", chosen,
        [a](loyalty_engine* e) {
            // --clear sends "group": null, which hands the member's group back to the platform.
            std::string request = "{\"member_id\": " + quote(a->member_id) +
                                  ", \"group\": " + (a->clear ? std::string("null") : quote(*a->group)) + "}";
            return call_shop(loyalty_set_group, e, a->shop, request);
        },
        check);
    set->add_option("SHOP", a->shop, "the shop's id")->required();
    set->add_option("MEMBER_ID", a->member_id, "the member's id")->required();
    CLI::Option* group = set->add_option("GROUP", a->group, "the group's name");
    set->add_flag("--clear", a->clear, "no group of the shop's own")->excludes(group);
}

void add_grant(CLI::App& app, Action& chosen) {
    CLI::App* grant = noun(app, "grant", "rewards claimed by members");
    struct Args {
        std::string shop;
        std::optional<std::string> member_id, status, code;
        std::optional<std::int64_t> limit, after;
    };
    auto a = std::make_shared<Args>();
    CLI::App* list = verb(*grant, "list", "a shop's grants, filtered", chosen, [a](loyalty_engine* e) {
        std::string fields;
        auto add = [&](const char* name, const std::string& value) {
            fields += (fields.empty() ? "" : ", ") + quote(name) + ": " + value;
        };
        if (a->member_id) add("member_id", quote(*a->member_id));
        if (a->status) add("status", quote(*a->status));
        if (a->code) add("code", quote(*a->code));
        if (a->limit) add("limit", std::to_string(*a->limit));
        if (a->after) add("after", std::to_string(*a->after));
        std::string query = "{" + fields + "}";
        return call_shop(loyalty_list_grants, e, a->shop, query);
    });
    list->add_option("SHOP", a->shop, "the shop's id")->required();
    list->add_option("--member-id", a->member_id, "only this member's grants");
    list->add_option("--status", a->status, "only grants in this status, e.g. issued");
    list->add_option("--code", a->code, "the grant with this code");
    add_integer(*list, "--limit", a->limit, "at most this many grants");
    add_integer(*list, "--after", a->after, "grants after this GRANT_ID");
    document_verb(*grant, "use", "{\"grant_id\" | \"code\", \"order_id\"}", chosen, loyalty_use_grant);
    document_verb(*grant, "void", "{\"grant_id\" | \"code\", \"reason\"}: returns its points", chosen,
                  loyalty_void_grant);
}

void add_period(CLI::App& app, Action& chosen) {
    struct Args {
        std::string shop, period;
        std::optional<std::string> program, at;
    };
    auto a = std::make_shared<Args>();
    CLI::App* settle = verb(*noun(app, "period", "distributor programs' periods"), "settle",
                            "pay a finished period's targets", chosen, [a](loyalty_engine* e) {
                                std::string request = "{\"period\": " + quote(a->period);
                                if (a->program) request += ", \"program_id\": " + quote(*a->program);
                                if (a->at) request += ", \"at\": " + quote(*a->at);
                                request += "}";
                                return call_shop(loyalty_settle_period, e, a->shop, request);
                            });
    settle->add_option("SHOP", a->shop, "the shop's id")->required();
    settle->add_option("PERIOD", a->period, "2026-Q4, 2026-11 or 2026")->required();
    settle->add_option("--program", a->program, "only this program")->type_name("ID");
    settle->add_option("--at", a->at, "settle as at this TIME")->type_name("TIME");
}

void add_leaderboard(CLI::App& app, Action& chosen) {
    struct Args {
        std::string shop, program;
        std::optional<std::string> at;
        std::optional<std::int64_t> limit;
    };
    auto a = std::make_shared<Args>();
    CLI::App* leaderboard = verb(app, "leaderboard", "a distributor program's standings", chosen,
                                 [a](loyalty_engine* e) {
                                     std::string request = "{\"program_id\": " + quote(a->program);
                                     if (a->at) request += ", \"at\": " + quote(*a->at);
                                     request += number_field("limit", a->limit);
                                     request += "}";
                                     return call_shop(loyalty_leaderboard, e, a->shop, request);
                                 });
    leaderboard->add_option("SHOP", a->shop, "the shop's id")->required();
    leaderboard->add_option("PROGRAM_ID", a->program, "the program's id")->required();
    leaderboard->add_option("--at", a->at, "standings as at this TIME")->type_name("TIME");
    add_integer(*leaderboard, "--limit", a->limit, "at most this many members");
}

}  // namespace

void add_reward_commands(CLI::App& app, Action& chosen) {
    add_group(app, chosen);
    document_verb(*noun(app, "reward", "a shop's rewards"), "claim",
                  "{\"member_id\", \"reward_id\", \"idempotency_key\"}: points for a grant", chosen,
                  loyalty_claim_reward);
    add_grant(app, chosen);
    add_period(app, chosen);
    add_leaderboard(app, chosen);
}

}  // namespace loyaltyctl
