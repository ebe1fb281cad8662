#include "sync.hpp"

#include <boost/json.hpp>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <thread>

#include "json_text.hpp"

namespace loyaltyctl {
namespace {

namespace json = boost::json;

struct StartArgs {
    std::string shop, platform, since;
    bool spend_only = false, reconcile = false, no_wait = false;
};

std::optional<json::object> sync_status(loyalty_engine* e, const std::string& shop) {
    char* out = nullptr;
    if (loyalty_get_sync_status(e, shop.c_str(), &out) != LOYALTY_OK) return std::nullopt;
    json::value v = json::parse(out);
    loyalty_free(out);
    return v.as_object();
}

int64_t number(const json::value& v) { return v.is_int64() ? v.get_int64() : 0; }

// "[##########..........]  2,500 / 5,000 orders  backfilling" on one line, redrawn in place.
void draw(const json::object& p) {
    const json::object& orders = p.at("orders").as_object();
    int64_t done = number(orders.at("done"));
    int64_t total = orders.at("total").is_int64() ? orders.at("total").get_int64() : 0;
    constexpr int width = 30;
    int filled = total > 0 ? static_cast<int>(std::min<int64_t>(width, done * width / total)) : 0;
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.resize(width, '.');
    std::printf("\r[%s] %lld / %s orders, %lld customers  %s   ", bar.c_str(), static_cast<long long>(done),
                total > 0 ? std::to_string(total).c_str() : "?",
                static_cast<long long>(number(p.at("customers").as_object().at("done"))),
                std::string(p.at("state").as_string()).c_str());
    std::fflush(stdout);
}

// Follows a backfill until it is live, stopped by an error, or disconnected. The walk is loyaltyd's:
// leaving early (Ctrl-C) stops only the watching.
int follow(loyalty_engine* e, const StartArgs& a) {
    std::cerr << "loyaltyctl: loyaltyd's workers carry out the backfill; Ctrl-C stops watching, not the backfill\n";
    while (true) {
        auto status = sync_status(e, a.shop);
        if (!status) break;
        const json::value* p = status->at("platforms").as_object().if_contains(a.platform);
        if (!p) break;
        draw(p->as_object());
        std::string state(p->at("state").as_string());
        if (state == "live" || state == "error" || state == "disconnected") {
            std::printf("\n");
            return state == "live" ? exit_ok : exit_failed;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
    std::printf("\n");
    return exit_failed;
}

}  // namespace

void add_sync_commands(CLI::App& app, Action& chosen) {
    CLI::App* sync = noun(app, "sync", "platform apps: backfill and reconciliation (run by loyaltyd)");

    auto shop = std::make_shared<std::string>();
    CLI::App* status = verb(*sync, "status", "a shop's sync status per connected platform", chosen,
                            [shop](loyalty_engine* e) {
                                char* out = nullptr;
                                int code = loyalty_get_sync_status(e, shop->c_str(), &out);
                                return report(code, out);
                            });
    status->add_option("SHOP", *shop, "the shop's id")->required();

    auto a = std::make_shared<StartArgs>();
    CLI::App* start = verb(
        *sync, "start", "start a backfill (or --reconcile) that loyaltyd carries out", chosen,
        [a](loyalty_engine* e) {
            json::object request{{"platform", a->platform}, {"mode", a->reconcile ? "reconcile" : "backfill"}};
            if (!a->since.empty()) request["since"] = a->since;
            if (a->spend_only) request["history"] = "spend_only";
            char* out = nullptr;
            int code = loyalty_start_sync(e, a->shop.c_str(), json::serialize(request).c_str(), &out);
            // A terminal gets a progress bar; a script gets the status document at once.
            if (code != LOYALTY_OK || a->no_wait || a->reconcile || !::isatty(STDOUT_FILENO)) return report(code, out);
            loyalty_free(out);
            return follow(e, *a);
        },
        [a] {
            if (a->spend_only && a->reconcile)
                throw CLI::ValidationError("--spend-only", "applies to a backfill, not to --reconcile");
        });
    start->add_option("SHOP", a->shop, "the shop's id")->required();
    start->add_option("PLATFORM", a->platform, "haravan, sapo or kiotviet")->required();
    start->add_option("--since", a->since, "from DATE (2026-01-31, the shop's midnight) or a time with its zone");
    start->add_flag("--spend-only", a->spend_only,
                    "past orders count for tiers and distributor programs but post no points");
    start->add_flag("--reconcile", a->reconcile, "pull what changed since the last walk instead of a backfill");
    start->add_flag("--no-wait", a->no_wait, "print the status and return, even on a terminal");
}

}  // namespace loyaltyctl
