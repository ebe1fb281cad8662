#include "events.hpp"

#include <memory>
#include <optional>

#include "json_text.hpp"

namespace loyaltyctl {
namespace {

struct ListArgs {
    std::string shop, status;
    int64_t limit = 50;
    int64_t after = 0;
};

struct ReplayArgs {
    std::string shop;
    std::optional<int64_t> from;
    std::optional<int64_t> to;
    bool only_failed = false;
};

}  // namespace

void add_events_commands(CLI::App& app, Action& chosen) {
    CLI::App* events = noun(app, "events", "the shop's events to its endpoints: deliveries and replays");

    auto list = std::make_shared<ListArgs>();
    CLI::App* list_cmd = verb(*events, "list", "deliveries oldest first, with the backlog", chosen,
                              [list](loyalty_engine* e) {
                                  std::string query = "{\"limit\": " + std::to_string(list->limit);
                                  if (!list->status.empty()) query += ", \"status\": " + quote(list->status);
                                  if (list->after > 0) query += ", \"after\": " + std::to_string(list->after);
                                  query += "}";
                                  return call_shop(loyalty_list_events, e, list->shop, query);
                              });
    list_cmd->add_option("SHOP", list->shop, "the shop's id")->required();
    list_cmd->add_option("--status", list->status, "pending, delivered or failed")
        ->check(CLI::IsMember({"pending", "delivered", "failed"}));
    list_cmd->add_option("--limit", list->limit, "1 to 500 (50)")->check(CLI::Range(1, 500));
    list_cmd->add_option("--after", list->after, "the previous page's next_after");

    auto replay = std::make_shared<ReplayArgs>();
    CLI::App* replay_cmd = verb(*events, "replay",
                                "send events FROM..TO again to the endpoints they were delivered to or failed at",
                                chosen, [replay](loyalty_engine* e) {
                                    int64_t from = replay->from.value_or(0);
                                    std::string request = "{\"from\": " + std::to_string(from) + ", \"to\": " +
                                                          std::to_string(replay->to.value_or(from)) + ", \"only_failed\": " +
                                                          (replay->only_failed ? "true" : "false") + "}";
                                    return call_shop(loyalty_replay_events, e, replay->shop, request);
                                });
    replay_cmd->add_option("SHOP", replay->shop, "the shop's id")->required();
    add_integer(*replay_cmd, "FROM", replay->from, "the first event id")->required();
    add_integer(*replay_cmd, "TO", replay->to, "the last event id (FROM when absent)");
    replay_cmd->add_flag("--only-failed", replay->only_failed, "leave delivered ones alone");
}

}  // namespace loyaltyctl
