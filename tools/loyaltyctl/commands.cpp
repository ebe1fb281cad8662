#include "commands.hpp"

#include <cstdlib>
#include <iostream>
#include <memory>
#include <optional>

#include "json_text.hpp"

namespace loyaltyctl {

namespace {

void add_shop(CLI::App& app, Action& chosen) {
    CLI::App* shop = noun(app, "shop", "a shop's program");
    auto put_file = std::make_shared<std::string>();
    verb(*shop, "put", "create or update a shop's program", chosen, [put_file](loyalty_engine* e) {
        std::string doc = read_document(*put_file);
        return report(loyalty_put_shop(e, doc.c_str()), nullptr);
    })->add_option("FILE", *put_file, "the shop document; - reads standard input")->required();
    document_verb(*shop, "patch", "JSON Merge Patch of a stored shop; \"***\" or absent secrets are kept", chosen,
                  loyalty_patch_shop);
    auto show_shop = std::make_shared<std::string>();
    verb(*shop, "show", "print a stored shop", chosen, [show_shop](loyalty_engine* e) {
        char* out = nullptr;
        int status = loyalty_get_shop(e, show_shop->c_str(), &out);
        return report(status, out);
    })->add_option("SHOP", *show_shop, "the shop's id")->required();
}

void add_member_show(CLI::App& member, Action& chosen) {
    struct Args {
        std::string shop;
        std::optional<std::string> member_id, phone, platform, customer_id;
    };
    auto a = std::make_shared<Args>();
    // The first key given decides: --member-id, then --phone, then --platform with --customer-id.
    auto query = [a] {
        if (a->member_id) return "{\"member_id\": " + quote(*a->member_id) + "}";
        if (a->phone) return "{\"phone\": " + quote(*a->phone) + "}";
        if (a->platform && a->customer_id)
            return "{\"platform\": " + quote(*a->platform) + ", \"customer_id\": " + quote(*a->customer_id) + "}";
        return std::string();
    };
    auto check = [query] {
        if (query().empty())
            throw CLI::ValidationError("member show needs --member-id, --phone, or --platform with --customer-id");
    };
    CLI::App* show = verb(
        member, "show", "find a member by id, phone or platform customer", chosen,
        [a, query](loyalty_engine* e) {
            char* out = nullptr;
            int status = loyalty_get_member(e, a->shop.c_str(), query().c_str(), &out);
            return report(status, out);
        },
        check);
    show->add_option("SHOP", a->shop, "the shop's id")->required();
    show->add_option("--member-id", a->member_id, "the member's id");
    show->add_option("--phone", a->phone, "the member's phone");
    show->add_option("--platform", a->platform, "a platform, with --customer-id");
    show->add_option("--customer-id", a->customer_id, "the customer's id on --platform");
}

void add_member(CLI::App& app, Action& chosen) {
    CLI::App* member = noun(app, "member", "a member, its balance and its ledger");
    member->alias("members");
    add_member_show(*member, chosen);

    struct Args {
        std::string shop, member_id;
        std::optional<std::int64_t> limit, before;
    };
    auto b = std::make_shared<Args>();
    CLI::App* balance = verb(*member, "balance", "a member's available and pending points", chosen,
                             [b](loyalty_engine* e) {
                                 std::int64_t available = 0, pending = 0;
                                 int status = loyalty_get_balance(e, b->shop.c_str(), b->member_id.c_str(), &available,
                                                                  &pending);
                                 if (status != LOYALTY_OK) return report(status, nullptr);
                                 std::cout << "{\n  \"available\": " << available << ",\n  \"pending\": " << pending
                                           << "\n}\n";
                                 return int{exit_ok};
                             });
    balance->add_option("SHOP", b->shop, "the shop's id")->required();
    balance->add_option("MEMBER_ID", b->member_id, "the member's id")->required();

    auto t = std::make_shared<Args>();
    CLI::App* transactions = verb(*member, "transactions", "a member's ledger, newest first", chosen,
                                  [t](loyalty_engine* e) {
                                      std::string query = "{\"member_id\": " + quote(t->member_id);
                                      query += number_field("limit", t->limit);
                                      query += number_field("before", t->before);
                                      query += "}";
                                      return call_shop(loyalty_list_transactions, e, t->shop, query);
                                  });
    transactions->add_option("SHOP", t->shop, "the shop's id")->required();
    transactions->add_option("MEMBER_ID", t->member_id, "the member's id")->required();
    add_integer(*transactions, "--limit", t->limit, "at most this many entries");
    add_integer(*transactions, "--before", t->before, "entries older than this ENTRY_ID (a page's next_before)");

    // Personal data (docs/personal-data.md): the audit trail names the operator's login.
    struct PersonalArgs {
        std::string shop, member_id, actor;
        bool yes = false;
    };
    auto personal = [&chosen, member](const char* name, const char* description, auto call, bool destructive) {
        auto a = std::make_shared<PersonalArgs>();
        CLI::App* command = verb(
            *member, name, description, chosen,
            [a, call](loyalty_engine* e) {
                std::string actor = a->actor;
                if (actor.empty()) {
                    const char* user = std::getenv("USER");
                    actor = std::string("loyaltyctl:") + (user && *user ? user : "unknown");
                }
                std::string request = "{\"member_id\": " + quote(a->member_id) + ", \"actor\": " + quote(actor) + "}";
                return call_shop(call, e, a->shop, request);
            },
            [a, destructive] {
                if (destructive && !a->yes)
                    throw CLI::ValidationError("--yes", "erasing cannot be undone: add --yes to go ahead");
            });
        command->add_option("SHOP", a->shop, "the shop's id")->required();
        command->add_option("MEMBER_ID", a->member_id, "the member's id")->required();
        command->add_option("--actor", a->actor, "who asks, for the audit trail (default loyaltyctl:$USER)");
        if (destructive) command->add_flag("--yes", a->yes, "erase for good");
    };
    personal("export", "everything kept about a member, as one JSON document (audited)", loyalty_export_member, false);
    personal("erase", "erase a member's personal data for good; the ledger stays (audited)", loyalty_erase_member, true);
}

void add_orders(CLI::App& app, Action& chosen) {
    document_verb(*noun(app, "order", "orders from a platform"), "record", "record an order in its latest state",
                  chosen, loyalty_record_order);
    document_verb(*noun(app, "customer", "platform customers"), "upsert",
                  "create or update a member from a platform customer", chosen, loyalty_upsert_customer);
}

void add_points(CLI::App& app, Action& chosen) {
    CLI::App* points = noun(app, "points", "spending and correcting points");
    document_verb(*points, "redeem", "{\"member_id\", \"points\", \"idempotency_key\", \"reason\"}", chosen,
                  loyalty_redeem_points);
    document_verb(*points, "adjust", "same shape as redeem; points may be negative", chosen, loyalty_adjust_points);
    document_verb(*noun(app, "tier", "manual tiers"), "set",
                  "{\"member_id\", \"tier\", \"until\"}: a manual tier until a time", chosen, loyalty_set_tier);
    CLI::App* checkout = noun(app, "checkout", "points at the till");
    document_verb(*checkout, "quote", "{\"member_id\"?, \"amount\", \"lines\"?, \"redeem_points\"?}: writes nothing",
                  chosen, loyalty_quote);
    document_verb(*checkout, "pay",
                  "{\"member_id\", \"order_id\", \"order_amount\", \"points\", \"idempotency_key\"}", chosen,
                  loyalty_pay_with_points);
}

}  // namespace

void add_commands(CLI::App& app, Action& chosen) {
    add_shop(app, chosen);
    add_orders(app, chosen);
    add_member(app, chosen);
    add_points(app, chosen);
}

}  // namespace loyaltyctl
