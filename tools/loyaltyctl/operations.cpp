#include "operations.hpp"

#include <cstring>
#include <ctime>
#include <iostream>
#include <memory>
#include <optional>

#include "json_text.hpp"

namespace loyaltyctl {

namespace {

void add_maintenance(CLI::App& app, Action& chosen) {
    auto now = std::make_shared<std::optional<std::int64_t>>();
    CLI::App* maintenance = verb(
        app, "maintenance", "time-based work and a ledger check; exits 1 if inconsistent", chosen,
        [now](loyalty_engine* e) {
            std::int64_t at = now->value_or(static_cast<std::int64_t>(std::time(nullptr)));
            char* out = nullptr;
            int status = loyalty_run_maintenance(e, at, &out);
            if (status != LOYALTY_OK) return report(status, out);
            bool consistent = std::strstr(out, "\"ledger_consistent\":true") != nullptr;
            int code = report(status, out);
            if (!consistent) {
                std::cerr << "loyaltyctl: the ledger check found cached balances that differ from their entries\n";
                return int{exit_failed};
            }
            return code;
        });
    add_integer(*maintenance, "--now", *now, "the time to run at, in UNIX_SECONDS (default: now)");
}

void add_webhook(CLI::App& app, Action& chosen) {
    struct Args {
        std::string platform, shop, headers, body;
    };
    auto a = std::make_shared<Args>();
    CLI::App* ingest = verb(*noun(app, "webhook", "platform deliveries"), "ingest",
                            "feed one delivery (headers as a JSON object, body as raw bytes)", chosen,
                            [a](loyalty_engine* e) {
                                std::string headers = read_document(a->headers);
                                std::string body = read_document(a->body);
                                char* out = nullptr;
                                int status = loyalty_ingest_webhook(e, a->platform.c_str(), a->shop.c_str(),
                                                                    headers.c_str(), body.data(), body.size(), &out);
                                return report(status, out);
                            });
    ingest->add_option("PLATFORM", a->platform, "the platform that sent it, e.g. haravan")->required();
    ingest->add_option("SHOP", a->shop, "the shop's id")->required();
    ingest->add_option("HEADERS_FILE", a->headers, "the delivery's headers as a JSON object; - reads standard input")
        ->required();
    ingest->add_option("BODY_FILE", a->body, "the delivery's body; - reads standard input")->required();
}

void add_quarantine(CLI::App& app, Action& chosen) {
    CLI::App* quarantine = noun(app, "quarantine", "deliveries the engine could not apply");
    struct List {
        std::optional<std::string> shop;
        bool all = false;
        std::optional<std::int64_t> limit, after;
    };
    auto l = std::make_shared<List>();
    CLI::App* list = verb(*quarantine, "list", "the quarantined deliveries, open ones unless --all", chosen,
                          [l](loyalty_engine* e) {
                              std::string query = "{\"include_resolved\": ";
                              query += l->all ? "true" : "false";
                              if (l->shop) query += ", \"shop_id\": " + quote(*l->shop);
                              query += number_field("limit", l->limit);
                              query += number_field("after", l->after);
                              query += "}";
                              char* out = nullptr;
                              int status = loyalty_list_quarantine(e, query.c_str(), &out);
                              return report(status, out);
                          });
    list->add_option("--shop", l->shop, "only this shop's deliveries");
    list->add_flag("--all", l->all, "resolved deliveries too");
    add_integer(*list, "--limit", l->limit, "at most this many deliveries");
    add_integer(*list, "--after", l->after, "deliveries after this ID");

    struct Resolve {
        std::optional<std::int64_t> id;
        std::string reason;
    };
    auto r = std::make_shared<Resolve>();
    CLI::App* replay = verb(*quarantine, "replay", "apply a quarantined delivery again, after a fix", chosen,
                            [r](loyalty_engine* e) {
                                char* out = nullptr;
                                int status = loyalty_replay_quarantine(e, *r->id, &out);
                                return report(status, out);
                            });
    add_integer(*replay, "ID", r->id, "the delivery's quarantine_id")->required();
    auto d = std::make_shared<Resolve>();
    CLI::App* dismiss = verb(*quarantine, "dismiss", "close a quarantined delivery without applying it", chosen,
                             [d](loyalty_engine* e) {
                                 return report(loyalty_dismiss_quarantine(e, *d->id, d->reason.c_str()), nullptr);
                             });
    add_integer(*dismiss, "ID", d->id, "the delivery's quarantine_id")->required();
    dismiss->add_option("REASON", d->reason, "why, kept on record")->required();
}

}  // namespace

void add_operator_commands(CLI::App& app, Action& chosen) {
    add_maintenance(app, chosen);
    add_webhook(app, chosen);
    add_quarantine(app, chosen);
}

}  // namespace loyaltyctl
