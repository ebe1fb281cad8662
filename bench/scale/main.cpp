// The store at scale: MEMBERS members with five paid orders each (the issue's 10M members and 50M entries by
// default), built once through the bulk path (core::Engine::ingest_batch, a durable commit per 1,000 orders) and kept
// in DIR for later runs. Measured on it, and on a store of SMALL members built the same way on the same disk, in the
// same run: a member's balance read and a member found by phone (p50 and p99 over random members), durable webhook
// ingest (signed Haravan orders/paid deliveries of random existing members, through connectors::deliver as the server
// hands them over: signature, mapping, a durable commit shared by concurrent callers) from 16 callers in three runs
// taking turns between the stores, the ratio of that ingest at MEMBERS to the same at SMALL (min / median / max over
// the runs), and the database's size per member. HTTP and TLS, which cost the same whatever the store's size, are
// bench_ingest's: left out, they cannot flatter the ratio.
// Usage: bench_scale [MEMBERS] [DIR] [SMALL]   (defaults: 10000000, $TMPDIR/loyalty-bench, 100000)
#include <sqlite3.h>

#include <boost/json.hpp>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "args.hpp"
#include "common/crypto.hpp"
#include "deliver.hpp"
#include "engine.hpp"
#include "fake_haravan.hpp"
#include "measure.hpp"
#include "storage/open_store.hpp"
#include "util/zone.hpp"

using namespace loyalty;
using namespace loyalty::bench;
namespace json = boost::json;

namespace {

constexpr int kOrdersPerMember = 5;
constexpr int kBatch = 1000;
constexpr int kReads = 20000;
constexpr int kCallers = 16;
constexpr int kOrdersPerCaller = 300;
constexpr int kRuns = 3;
constexpr const char* kSecret = "bench-scale-secret";
constexpr const char* kOrg = "300000";

core::ShopProgram decode(const std::string&) {
    core::ShopProgram p;
    p.shop_id = "scale";
    p.timezone = "Asia/Ho_Chi_Minh";
    p.zone = core::Zone::load(p.timezone);
    p.spend_per_point = 1000;
    core::Connection haravan;
    haravan.platform = "haravan";
    haravan.secrets = {kSecret};
    haravan.org_id = kOrg;
    p.connections.push_back(haravan);
    p.definition = "scale";
    return p;
}

std::unique_ptr<core::Engine> engine_at(const std::string& path) {
    auto engine = std::make_unique<core::Engine>(core::open_store("sqlite:" + path, {}), decode);
    engine->put_shop(decode(""));
    return engine;
}

std::string phone_of(long m) { return "09" + std::to_string(10000000 + m); }
// Member m is Haravan's customer 700000 + m, so a webhook of that customer finds the member the build made.
long customer_of(long m) { return 700000 + m; }

core::OrderInput order(const std::string& id, long member, int64_t at) {
    core::OrderInput o;
    o.order_id = id;
    o.status = core::OrderStatus::paid;
    o.amount = 250000;
    o.occurred_at = at;
    o.customer.platform = "haravan";
    o.customer.customer_id = std::to_string(customer_of(member));
    o.customer.phone = phone_of(member);
    return o;
}

long member_count(const std::string& path) {
    long n = -1;
    if (sqlite3* db = open_sqlite(path, SQLITE_OPEN_READONLY)) {
        sqlite3_stmt* s = nullptr;
        if (sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM members", -1, &s, nullptr) == SQLITE_OK &&
            sqlite3_step(s) == SQLITE_ROW)
            n = static_cast<long>(sqlite3_column_int64(s, 0));
        sqlite3_finalize(s);
        sqlite3_close(db);
    }
    return n;
}

// Orders go round the members, so each of the first `members` orders creates its member and the rest find theirs.
void build(const std::string& path, long members) {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
    auto engine = engine_at(path);
    const long orders = members * kOrdersPerMember;
    auto start = Clock::now();
    std::vector<core::Delivery> batch;
    for (long i = 0; i < orders; ++i) {
        long m = i % members;
        batch.push_back({"haravan", "o" + std::to_string(i), "orders/paid",
                         {core::OrderUpdate{order("O" + std::to_string(i), m, 1700000000 + i)}}});
        if (static_cast<int>(batch.size()) == kBatch || i + 1 == orders) {
            for (const auto& slot : engine->ingest_batch("scale", batch))
                if (slot.error) std::rethrow_exception(slot.error);
            batch.clear();
        }
        if ((i + 1) % 1000000 == 0)
            std::printf("    %ld of %ld orders, %.0f orders/s\n", i + 1, orders,
                        static_cast<double>(i + 1) / seconds_since(start));
    }
    std::printf("  built %ld members, %ld orders in %.0f s (%.0f orders/s)\n", members, orders, seconds_since(start),
                static_cast<double>(orders) / seconds_since(start));
}

struct Figures {
    double phone_p50_us, phone_p99_us, balance_p50_us, balance_p99_us;
    std::vector<double> ingest;  // one figure a run
    double bytes_per_member;
};

double percentile(std::vector<double> v, double q) {
    std::sort(v.begin(), v.end());
    return v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1))];
}

// Member by phone, then the balance of the same members: each read timed alone.
void time_reads(core::Engine& engine, long members, Figures& f) {
    std::mt19937_64 random(42);
    std::uniform_int_distribution<long> any(0, members - 1);
    std::vector<double> phone, balance;
    std::vector<std::string> ids;
    for (int i = 0; i < kReads; ++i) {
        auto t = Clock::now();
        core::MemberQuery q;
        q.phone = phone_of(any(random));
        ids.push_back(engine.member("scale", q).member_id);
        phone.push_back(seconds_since(t) * 1e6);
    }
    for (const auto& id : ids) {
        auto t = Clock::now();
        engine.balances("scale", id);
        balance.push_back(seconds_since(t) * 1e6);
    }
    f.phone_p50_us = percentile(phone, 0.5);
    f.phone_p99_us = percentile(phone, 0.99);
    f.balance_p50_us = percentile(balance, 0.5);
    f.balance_p99_us = percentile(balance, 0.99);
}

// One caller's webhooks for a run: Haravan orders/paid deliveries, each a new order of a random existing member,
// signed as Haravan signs them. Made before the clock starts: signing is the platform's work.
struct Webhook {
    connectors::Headers headers;
    std::string body;
};
// The stores are kept, and so are the orders each invocation adds: every invocation numbers its orders from a random
// base of its own, so that none is a duplicate of an earlier one's (two invocations share a base once in 10^9).
const int64_t kInvocation = [] {
    std::random_device device;
    return 10'000'000'000 + static_cast<int64_t>(device() % 1'000'000'000) * 100'000;
}();
static_assert(int64_t{kRuns} * kCallers * kOrdersPerCaller < 100'000);

std::vector<Webhook> webhooks_for(long members, int run, int caller) {
    std::mt19937_64 r(static_cast<uint64_t>(run * kCallers + caller) + 1);
    std::uniform_int_distribution<long> pick(0, members - 1);
    std::vector<Webhook> out;
    for (int i = 0; i < kOrdersPerCaller; ++i) {
        const long m = pick(r);
        const int64_t id = kInvocation + (static_cast<int64_t>(run) * kCallers + caller) * kOrdersPerCaller + i;
        auto o = test::history_order(0, 1);
        o["id"] = id;
        o["name"] = "#" + std::to_string(id);
        auto& customer = o["customer"].as_object();
        customer["id"] = customer_of(m);
        customer["phone"] = phone_of(m);
        Webhook w{{}, json::serialize(o)};
        w.headers.add("X-Haravan-Topic", "orders/paid");
        w.headers.add("X-Haravan-Org-Id", kOrg);
        w.headers.add("X-Haravan-Hmacsha256", connectors::base64_encode(connectors::hmac_sha256(kSecret, w.body)));
        out.push_back(std::move(w));
    }
    return out;
}

// Durable webhooks/s of 16 callers delivering one run's webhooks. `run` keeps the orders of one run apart from
// another's. A webhook that does not apply stops the program: the figure would not be ingest.
double time_ingest(core::Engine& engine, long members, int run) {
    std::vector<std::vector<Webhook>> work;
    for (int c = 0; c < kCallers; ++c) work.push_back(webhooks_for(members, run, c));
    std::atomic<long> refused{0};
    std::string refusal;
    std::mutex refusal_mutex;
    auto start = Clock::now();
    std::vector<std::thread> callers;
    for (int c = 0; c < kCallers; ++c)
        callers.emplace_back([&, c] {
            for (const auto& w : work[static_cast<std::size_t>(c)]) {
                auto result = connectors::deliver(engine, {"haravan", std::string("scale"), w.headers, w.body});
                bool applied = false;
                for (const auto& e : result.ingest.events)
                    if (e.type == "order") applied = e.applied && !e.member_id.empty();
                if ((result.outcome != connectors::DeliveryOutcome::applied || !applied) && refused.fetch_add(1) == 0) {
                    std::lock_guard lock(refusal_mutex);
                    refusal = std::string(connectors::to_string(result.outcome)) + " " + result.message;
                    for (const auto& e : result.ingest.events)
                        refusal += " [" + e.type + " " + e.ref + (e.created ? " created" : "") + " " + e.note + "]";
                }
            }
        });
    for (auto& t : callers) t.join();
    const double rate = kCallers * kOrdersPerCaller / seconds_since(start);
    if (refused > 0) {
        std::fprintf(stderr, "bench_scale: %ld webhooks not applied, the first: %s\n", refused.load(), refusal.c_str());
        std::exit(1);
    }
    return rate;
}

void print(const char* what, long members, const Figures& f) {
    auto s = spread(f.ingest);
    std::printf("  %-6s %10ld members: by phone p50 %6.1f us p99 %7.1f us, balance p50 %6.1f us p99 %7.1f us, "
                "webhooks %6.0f / %6.0f / %6.0f /s, %5.0f bytes/member\n",
                what, members, f.phone_p50_us, f.phone_p99_us, f.balance_p50_us, f.balance_p99_us, s.min, s.median,
                s.max, f.bytes_per_member);
}

}  // namespace

int main(int argc, char** argv) {
    const char* usage = "usage: bench_scale [MEMBERS] [DIR] [SMALL]   (SMALL < MEMBERS)";
    long members = number_arg(argc, argv, 1, "MEMBERS", 10'000'000, 2, 1'000'000'000, usage);
    long small = number_arg(argc, argv, 3, "SMALL", 100'000, 1, 1'000'000'000, usage);
    // The two stores are files named by their sizes: equal sizes would be one file measured against itself.
    if (small >= members) refuse("SMALL (" + std::to_string(small) + ") must be below MEMBERS (" +
                                 std::to_string(members) + ")", usage);
    if (argc > 4) refuse("too many arguments", usage);
    std::filesystem::path dir = bench_dir(argc, argv, 2);
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    std::printf("scale: %ld members and %ld at %d orders each, synchronous=FULL (WAL), on %s\n", members, small,
                kOrdersPerMember, dir.string().c_str());
    // The large store is built once and kept: building it is most of the run.
    const std::string large_path = (dir / ("scale-haravan-" + std::to_string(members) + ".db")).string();
    if (member_count(large_path) != members) build(large_path, members);
    else std::printf("  %s already holds %ld members: kept\n", large_path.c_str(), members);
    const std::string small_path = (dir / ("scale-haravan-" + std::to_string(small) + ".db")).string();
    if (member_count(small_path) != small) build(small_path, small);

    // Both stores open at once, their ingest runs taking turns, so a disk that is slower for a while weighs on both
    // sides of each run's ratio.
    Figures at_small{}, at_large{};
    std::vector<double> ratio;
    {
        auto small_engine = engine_at(small_path);
        auto large_engine = engine_at(large_path);
        time_reads(*small_engine, small, at_small);
        time_reads(*large_engine, members, at_large);
        for (int run = 0; run < kRuns; ++run) {
            at_small.ingest.push_back(time_ingest(*small_engine, small, run));
            at_large.ingest.push_back(time_ingest(*large_engine, members, run));
            ratio.push_back(at_large.ingest.back() / at_small.ingest.back());
        }
    }  // a clean close folds each WAL back into its file
    // Every webhook was a member the build made: a store that gained members measured something else.
    for (auto [path, count] : {std::pair{small_path, small}, std::pair{large_path, members}})
        if (member_count(path) != count) {
            std::fprintf(stderr, "bench_scale: %s holds %ld members after the webhooks, not %ld\n", path.c_str(),
                         member_count(path), count);
            return 1;
        }
    at_small.bytes_per_member = static_cast<double>(std::filesystem::file_size(small_path)) / static_cast<double>(small);
    at_large.bytes_per_member =
        static_cast<double>(std::filesystem::file_size(large_path)) / static_cast<double>(members);
    print("small", small, at_small);
    print("large", members, at_large);
    auto r = spread(ratio);
    std::printf("  ratio: webhook ingest at %ld members / at %ld, min / median / max over %d runs: %.2f / %.2f / %.2f (aim >= "
                "0.7); balance read p99 at %ld: %.3f ms (aim < 1 ms)\n",
                members, small, kRuns, r.min, r.median, r.max, members, at_large.balance_p99_us / 1000.0);
    return 0;
}
