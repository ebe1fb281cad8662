// Rewards and distributor programs through the C ABI, each beside the operation it builds on,
// measured in the same run on the same store: orders with lines (stored for volume bonuses) beside
// orders without; claims beside plain redemptions; a leaderboard and a settlement over every
// distributor beside reading each one's balance once; a member read, which computes the member's
// standing in each program, beside a balance read. Usage: bench_programs [DIR] [DISTRIBUTORS]
// The store runs synchronous=normal: these figures are the engine's work, not the disk's fsync
// (bench_ledger measures that).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

#include "args.hpp"
#include "loyalty/loyalty.h"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

void check(int status, const char* what) {
    if (status == LOYALTY_OK) return;
    std::fprintf(stderr, "%s failed: %s\n", what, loyalty_last_error());
    std::exit(1);
}

std::string call(int (*fn)(loyalty_engine*, const char*, const char*, char**), loyalty_engine* e,
                 const std::string& request, const char* what) {
    char* out = nullptr;
    check(fn(e, "bench", request.c_str(), &out), what);
    std::string text = out;
    loyalty_free(out);
    return text;
}

const char* shop = R"({"shop_id": "bench", "earn": {"spend_per_point": 1000},
  "rewards": [{"reward_id": "tea", "name": "Tea", "kind": "gift", "cost_points": 1, "valid_days": 30}],
  "volume_bonuses": [{"program_id": "cases", "period": "quarter", "skus": ["CASE"], "units": 50, "repeat": true,
                      "points": 100}],
  "targets": [{"program_id": "target", "period": "quarter",
               "bands": [{"spend": 1000000, "points": 10}, {"spend": 5000000, "points": 100, "rebate_pct": 1}]}],
  "rankings": [{"program_id": "top", "period": "quarter", "prizes": [{"up_to": 10, "points": 1000}]}]})";

// Now, so that member reads and leaderboards have the current period to count.
std::string now_text() {
    std::time_t t = std::time(nullptr);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
    return buf;
}

// Every other order falls in 2026-Q3, for the settlement to count.
std::string order(int n, int member, bool lines) {
    static const std::string now = now_text();
    std::string when = n % 2 ? "2026-08-15T10:00:00+07:00" : now;
    std::string o = R"({"order_id": "O-)" + std::to_string(n) + R"(", "status": "paid", "amount": 500000,
        "occurred_at": ")" + when + R"(", "customer": {"platform": "pos", "customer_id": "D-)" +
                    std::to_string(member) + "\"}";
    if (lines) {
        o += R"(, "lines": [)";
        for (int l = 0; l < 5; ++l)
            o += std::string(l ? "," : "") + R"({"sku": ")" + (l == 0 ? "CASE" : "SKU-" + std::to_string(l)) +
                 R"(", "quantity": 3, "amount": 100000, "category": "beer"})";
        o += "]";
    }
    return o + "}";
}

double rate(int n, double seconds) { return n / seconds; }

}  // namespace

int main(int argc, char** argv) {
    std::filesystem::path dir = argc > 1 ? argv[1] : std::filesystem::temp_directory_path() / "loyalty-bench";
    const char* usage = "usage: bench_programs [DIR] [DISTRIBUTORS]";
    const int members = static_cast<int>(loyalty::bench::number_arg(argc, argv, 2, "DISTRIBUTORS", 1000, 1, 10'000'000, usage));
    if (argc > 3) loyalty::bench::refuse("too many arguments", usage);
    const int orders_each = 4;
    std::filesystem::create_directories(dir);
    auto path = (dir / "programs.db").string();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
    loyalty_engine* e = nullptr;
    std::string config = R"({"storage": "sqlite:)" + path + R"(", "sqlite": {"synchronous": "normal"}})";
    check(loyalty_open(config.c_str(), &e), "open");
    check(loyalty_put_shop(e, shop), "put_shop");

    // Half the orders without lines, half with five: the difference is what volume bonuses cost.
    int n = 0;
    auto start = Clock::now();
    for (int m = 0; m < members; ++m)
        for (int k = 0; k < orders_each / 2; ++k) call(loyalty_record_order, e, order(n++, m, false), "order");
    double plain = rate(n, seconds_since(start));
    int with_lines = 0;
    start = Clock::now();
    for (int m = 0; m < members; ++m)
        for (int k = 0; k < orders_each / 2; ++k, ++with_lines) call(loyalty_record_order, e, order(n++, m, true), "order");
    double lined = rate(with_lines, seconds_since(start));
    std::printf("orders/s       without lines %8.0f   with 5 lines %8.0f   ratio %.2f\n", plain, lined, lined / plain);

    auto member_id = [&](int m) {
        std::string q = R"({"platform": "pos", "customer_id": "D-)" + std::to_string(m) + "\"}";
        std::string j = call(loyalty_get_member, e, q, "get_member");
        auto at = j.find("\"member_id\":\"") + 13;
        return j.substr(at, j.find('"', at) - at);
    };
    std::vector<std::string> ids;
    start = Clock::now();
    for (int m = 0; m < members; ++m) ids.push_back(member_id(m));
    double details = rate(members, seconds_since(start));
    start = Clock::now();
    for (const auto& id : ids) {
        int64_t available = 0, pending = 0;
        check(loyalty_get_balance(e, "bench", id.c_str(), &available, &pending), "get_balance");
    }
    double reads = rate(members, seconds_since(start));

    int claims = std::min(members, 1000);
    start = Clock::now();
    for (int i = 0; i < claims; ++i)
        call(loyalty_redeem_points, e,
             R"({"member_id": ")" + ids[static_cast<std::size_t>(i)] + R"(", "points": 1, "idempotency_key": "r)" +
                 std::to_string(i) + "\"}",
             "redeem");
    double redeems = rate(claims, seconds_since(start));
    start = Clock::now();
    for (int i = 0; i < claims; ++i)
        call(loyalty_claim_reward, e,
             R"({"member_id": ")" + ids[static_cast<std::size_t>(i)] + R"(", "reward_id": "tea", "idempotency_key": "c)" +
                 std::to_string(i) + "\"}",
             "claim");
    double claimed = rate(claims, seconds_since(start));
    std::printf("debits/s       redeem        %8.0f   claim        %8.0f   ratio %.2f\n", redeems, claimed,
                claimed / redeems);

    // Per member, a leaderboard and a settlement against one member read (with its programs).
    for (const char* program : {"cases", "target", "top"}) {
        start = Clock::now();
        call(loyalty_leaderboard, e, std::string(R"({"program_id": ")") + program + R"(", "limit": 1000})",
             "leaderboard");
        double board = seconds_since(start);
        std::printf("leaderboard    %-6s %5d members  %7.1f ms   per member / balance read %.2f\n", program, members,
                    board * 1000, board / members * reads);
    }
    start = Clock::now();
    std::string report = call(loyalty_settle_period, e, R"({"period": "2026-Q3"})", "settle");
    double settle = seconds_since(start);
    std::printf("settlement     3 programs %5d members  %7.1f ms   per member / balance read %.2f\n", members,
                settle * 1000, settle / (3.0 * members) * reads);
    std::printf("reads/s        balance       %8.0f   member with its programs %8.0f   ratio %.3f\n", reads, details,
                details / reads);
    loyalty_close(e);
    return 0;
}
