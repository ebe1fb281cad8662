#include "reports.hpp"

#include <memory>
#include <optional>

#include "json_text.hpp"

namespace loyaltyctl {

void add_report_command(CLI::App& app, Action& chosen) {
    struct Args {
        std::string shop, name;
        std::optional<std::int64_t> months, limit;
    };
    auto a = std::make_shared<Args>();
    CLI::App* command = verb(app, "report",
                             "a report of the shop as JSON: segments, cohorts, repeat-purchase, liability, rewards "
                             "or tiers (docs/program.md, Reports); writes nothing",
                             chosen, [a](loyalty_engine* e) {
                                 return call_shop(loyalty_report, e, a->shop,
                                                  "{\"report\": " + quote(a->name) + number_field("months", a->months) +
                                                      number_field("limit", a->limit) + "}");
                             });
    command->add_option("SHOP", a->shop, "the shop's id")->required();
    command->add_option("NAME", a->name, "segments, cohorts, repeat-purchase, liability, rewards or tiers")->required();
    add_integer(*command, "--months", a->months,
                "the last 1-36 months of the shop's calendar (default 12; not for segments)");
    add_integer(*command, "--limit", a->limit, "rewards only: at most this many rewards, 1-100 (default 10)");
}

}  // namespace loyaltyctl
