#include "commands.hpp"

#include <cstring>
#include <ctime>
#include <iostream>

#include "json_text.hpp"
#include "rewards.hpp"
#include "support.hpp"

namespace loyaltyctl {

const char* const usage_text =
    "usage: loyaltyctl [--db PATH | --storage URI] COMMAND\n"
    "  --db PATH                 SQLite database (default: $LOYALTY_DB, else loyalty.db)\n"
    "  --storage URI             any storage the library accepts, e.g. sqlite::memory:\n"
    "commands (FILE may be - for standard input):\n"
    "  shop put FILE             create or update a shop's program\n"
    "  shop patch SHOP FILE      JSON Merge Patch of a stored shop; \"***\" or absent secrets are kept\n"
    "  shop show SHOP\n"
    "  order record SHOP FILE    record an order in its latest state\n"
    "  customer upsert SHOP FILE create or update a member from a platform customer\n"
    "  member show SHOP (--member-id ID | --phone PHONE | --platform P --customer-id ID)\n"
    "  member balance SHOP MEMBER_ID\n"
    "  member transactions SHOP MEMBER_ID [--limit N] [--before ENTRY_ID]\n"
    "  points redeem SHOP FILE   {\"member_id\", \"points\", \"idempotency_key\", \"reason\"}\n"
    "  points adjust SHOP FILE   same shape; points may be negative\n"
    "  tier set SHOP FILE        {\"member_id\", \"tier\", \"until\"}: a manual tier until a time\n"
    "  checkout quote SHOP FILE  {\"member_id\"?, \"amount\", \"lines\"?, \"redeem_points\"?}: writes nothing\n"
    "  checkout pay SHOP FILE    {\"member_id\", \"order_id\", \"order_amount\", \"points\", \"idempotency_key\"}\n"
    "  group set SHOP MEMBER_ID (GROUP | --clear)   the shop's group; --clear hands it back to the platform\n"
    "  reward claim SHOP FILE    {\"member_id\", \"reward_id\", \"idempotency_key\"}: points for a grant\n"
    "  grant list SHOP [--member-id ID] [--status S] [--code CODE] [--limit N] [--after GRANT_ID]\n"
    "  grant use SHOP FILE       {\"grant_id\" | \"code\", \"order_id\"}\n"
    "  grant void SHOP FILE      {\"grant_id\" | \"code\", \"reason\"}: returns its points\n"
    "  period settle SHOP PERIOD [--program ID] [--at TIME]   PERIOD: 2026-Q4, 2026-11 or 2026\n"
    "  leaderboard SHOP PROGRAM_ID [--at TIME] [--limit N]\n"
    "  maintenance [--now UNIX_SECONDS]   time-based work and a ledger check; exits 1 if inconsistent\n"
    "  webhook ingest PLATFORM SHOP HEADERS_FILE BODY_FILE\n"
    "                            feed one delivery (headers as a JSON object, body as raw bytes)\n"
    "  quarantine list [--shop SHOP] [--all] [--limit N] [--after ID]\n"
    "  quarantine replay ID      apply a quarantined delivery again, after a fix\n"
    "  quarantine dismiss ID REASON\n";

namespace {

int shop(loyalty_engine* e, const std::string& verb, const Words& w) {
    char* out = nullptr;
    if (verb == "put") {
        w.expect(1, {});
        std::string doc = read_document(w.at(0));
        return report(loyalty_put_shop(e, doc.c_str()), nullptr);
    }
    if (verb == "patch") {
        w.expect(2, {});
        std::string patch = read_document(w.at(1));
        int status = loyalty_patch_shop(e, w.at(0).c_str(), patch.c_str(), &out);
        return report(status, out);
    }
    if (verb == "show") {
        w.expect(1, {});
        int status = loyalty_get_shop(e, w.at(0).c_str(), &out);
        return report(status, out);
    }
    throw UsageError{"unknown shop command " + verb};
}

int member(loyalty_engine* e, const std::string& verb, const Words& w) {
    char* out = nullptr;
    if (verb == "show") {
        w.expect(1, {"--member-id", "--phone", "--platform", "--customer-id"});
        std::string query;
        if (auto id = w.flag("--member-id")) query = "{\"member_id\": " + quote(*id) + "}";
        else if (auto phone = w.flag("--phone")) query = "{\"phone\": " + quote(*phone) + "}";
        else if (w.flag("--platform") && w.flag("--customer-id"))
            query = "{\"platform\": " + quote(*w.flag("--platform")) + ", \"customer_id\": " +
                    quote(*w.flag("--customer-id")) + "}";
        else throw UsageError{"member show needs --member-id, --phone, or --platform with --customer-id"};
        int status = loyalty_get_member(e, w.at(0).c_str(), query.c_str(), &out);
        return report(status, out);
    }
    if (verb == "balance") {
        w.expect(2, {});
        std::int64_t available = 0, pending = 0;
        int status = loyalty_get_balance(e, w.at(0).c_str(), w.at(1).c_str(), &available, &pending);
        if (status != LOYALTY_OK) return report(status, nullptr);
        std::cout << "{\n  \"available\": " << available << ",\n  \"pending\": " << pending << "\n}\n";
        return exit_ok;
    }
    if (verb == "transactions") {
        w.expect(2, {"--limit", "--before"});
        std::string query = "{\"member_id\": " + quote(w.at(1));
        if (auto limit = w.flag("--limit")) query += ", \"limit\": " + std::to_string(parse_int("--limit", *limit));
        if (auto before = w.flag("--before")) query += ", \"before\": " + std::to_string(parse_int("--before", *before));
        query += "}";
        int status = loyalty_list_transactions(e, w.at(0).c_str(), query.c_str(), &out);
        return report(status, out);
    }
    throw UsageError{"unknown member command " + verb};
}

int maintenance(loyalty_engine* e, const Words& w) {
    w.expect(0, {"--now"});
    std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
    if (auto flag = w.flag("--now")) now = parse_int("--now", *flag);
    char* out = nullptr;
    int status = loyalty_run_maintenance(e, now, &out);
    if (status != LOYALTY_OK) return report(status, out);
    bool consistent = std::strstr(out, "\"ledger_consistent\":true") != nullptr;
    int code = report(status, out);
    if (!consistent) {
        std::cerr << "loyaltyctl: the ledger check found cached balances that differ from their entries\n";
        return exit_failed;
    }
    return code;
}

int webhook(loyalty_engine* e, const std::string& verb, const Words& w) {
    if (verb != "ingest") throw UsageError{"unknown webhook command " + verb};
    w.expect(4, {});
    std::string headers = read_document(w.at(2));
    std::string body = read_document(w.at(3));
    char* out = nullptr;
    int status = loyalty_ingest_webhook(e, w.at(0).c_str(), w.at(1).c_str(), headers.c_str(), body.data(), body.size(),
                                        &out);
    return report(status, out);
}

int quarantine(loyalty_engine* e, const std::string& verb, const Words& w) {
    char* out = nullptr;
    if (verb == "list") {
        w.expect(0, {"--shop", "--all", "--limit", "--after"});
        std::string query = "{\"include_resolved\": ";
        query += w.flag("--all") ? "true" : "false";
        if (auto shop = w.flag("--shop")) query += ", \"shop_id\": " + quote(*shop);
        if (auto limit = w.flag("--limit")) query += ", \"limit\": " + std::to_string(parse_int("--limit", *limit));
        if (auto after = w.flag("--after")) query += ", \"after\": " + std::to_string(parse_int("--after", *after));
        query += "}";
        int status = loyalty_list_quarantine(e, query.c_str(), &out);
        return report(status, out);
    }
    if (verb == "replay") {
        w.expect(1, {});
        int status = loyalty_replay_quarantine(e, parse_int("ID", w.at(0)), &out);
        return report(status, out);
    }
    if (verb == "dismiss") {
        w.expect(2, {});
        return report(loyalty_dismiss_quarantine(e, parse_int("ID", w.at(0)), w.at(1).c_str()), nullptr);
    }
    throw UsageError{"unknown quarantine command " + verb};
}

}  // namespace

int run_command(loyalty_engine* e, const std::vector<std::string>& words) {
    const std::string& noun = words[0];
    if (noun == "maintenance") return maintenance(e, Words(words, 1));
    if (noun == "leaderboard") return leaderboard(e, Words(words, 1));
    if (words.size() < 2) throw UsageError{"incomplete command " + noun};
    const std::string& verb = words[1];
    Words rest(words, 2);
    if (noun == "shop") return shop(e, verb, rest);
    if (noun == "member") return member(e, verb, rest);
    if (noun == "webhook") return webhook(e, verb, rest);
    if (noun == "quarantine") return quarantine(e, verb, rest);
    if (noun == "group") return group(e, verb, rest);
    if (noun == "grant") return grant(e, verb, rest);
    if (noun == "period") return period(e, verb, rest);
    if (noun == "order" && verb == "record") return with_document(e, rest, loyalty_record_order);
    if (noun == "customer" && verb == "upsert") return with_document(e, rest, loyalty_upsert_customer);
    if (noun == "points" && verb == "redeem") return with_document(e, rest, loyalty_redeem_points);
    if (noun == "points" && verb == "adjust") return with_document(e, rest, loyalty_adjust_points);
    if (noun == "tier" && verb == "set") return with_document(e, rest, loyalty_set_tier);
    if (noun == "checkout" && verb == "quote") return with_document(e, rest, loyalty_quote);
    if (noun == "checkout" && verb == "pay") return with_document(e, rest, loyalty_pay_with_points);
    if (noun == "reward" && verb == "claim") return with_document(e, rest, loyalty_claim_reward);
    throw UsageError{"unknown command " + noun + " " + verb};
}

}  // namespace loyaltyctl
