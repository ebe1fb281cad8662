// The RFM computation of a maintenance run (docs/program.md, "Segments") at two shop sizes, beside
// reading every member once through the store in pages of the same size, measured in the same run on
// the same files: what scoring costs per member over touching each member at all, and whether the cost
// per member holds as the shop grows ten times. Usage: bench_segments [DIR] [SMALL] [LARGE]
// (defaults: $TMPDIR/loyalty-bench, 100000, 1000000). Members have 0-5 paid orders over two years,
// seeded straight into SQLite; the store runs synchronous=normal, so the figures are the engine's work
// rather than the disk's fsync.
#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "args.hpp"
#include "segments/compute.hpp"
#include "storage/open_store.hpp"
#include "util/zone.hpp"

namespace {

using namespace loyalty;
using Clock = std::chrono::steady_clock;

constexpr int64_t now = 1798761600;  // 2027-01-01T00:00:00Z
constexpr int64_t two_years = 2 * 365 * 86400;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

void check(int rc, sqlite3* db, const char* what) {
    if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW) return;
    std::fprintf(stderr, "%s: %s\n", what, sqlite3_errmsg(db));
    std::exit(1);
}

// Deterministic, so every run measures the same shop.
uint64_t next(uint64_t& state) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state >> 33;
}

// N members, 1 in 6 without a paid order, the others with 1-5 orders of 50,000-5,000,000 VND.
int64_t seed(const std::string& path, int64_t members) {
    sqlite3* db = nullptr;
    check(sqlite3_open(path.c_str(), &db), db, "open");
    check(sqlite3_exec(db, "PRAGMA synchronous = OFF; BEGIN", nullptr, nullptr, nullptr), db, "begin");
    sqlite3_stmt* member = nullptr;
    sqlite3_stmt* order = nullptr;
    check(sqlite3_prepare_v2(db, "INSERT INTO members (shop_id, member_id, created_at) VALUES ('bench', ?1, 0)", -1,
                             &member, nullptr),
          db, "prepare member");
    check(sqlite3_prepare_v2(db,
                             "INSERT INTO orders (shop_id, order_id, member_id, status, amount, refunded_amount, "
                             "earn_rate, points, spend, occurred_at, updated_at, full_points, locked_amount, paid_at) "
                             "VALUES ('bench', ?1, ?2, 'paid', ?3, 0, 1000, ?3 / 1000, ?3, ?4, ?4, ?3 / 1000, ?3, ?4)",
                             -1, &order, nullptr),
          db, "prepare order");
    uint64_t state = 42;
    int64_t orders = 0;
    char id[32];
    for (int64_t m = 0; m < members; ++m) {
        std::snprintf(id, sizeof id, "M%09lld", static_cast<long long>(m));
        sqlite3_bind_text(member, 1, id, -1, SQLITE_TRANSIENT);
        check(sqlite3_step(member), db, "member");
        sqlite3_reset(member);
        const int64_t count = static_cast<int64_t>(next(state) % 6);
        for (int64_t k = 0; k < count; ++k) {
            const std::string order_id = std::string(id) + "-" + std::to_string(k);
            const int64_t amount = 50000 + static_cast<int64_t>(next(state) % 100) * 50000;
            const int64_t at = now - static_cast<int64_t>(next(state) % two_years);
            sqlite3_bind_text(order, 1, order_id.c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(order, 2, id, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(order, 3, amount);
            sqlite3_bind_int64(order, 4, at);
            check(sqlite3_step(order), db, "order");
            sqlite3_reset(order);
            ++orders;
        }
    }
    sqlite3_finalize(member);
    sqlite3_finalize(order);
    check(sqlite3_exec(db, "COMMIT; ANALYZE", nullptr, nullptr, nullptr), db, "commit");
    sqlite3_close(db);
    return orders;
}

struct Figures {
    double baseline = 0;  // seconds to read every member once, a page per transaction
    double rfm = 0;       // seconds of the computation
    int64_t scored = 0;
};

Figures measure(const std::string& dir, int64_t members) {
    const std::string path = dir + "/segments-" + std::to_string(members) + ".db";
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
    core::StoreSettings settings;
    settings.synchronous_full = false;
    core::open_store("sqlite:" + path, settings);  // the schema, then closed
    auto seeding = Clock::now();
    const int64_t orders = seed(path, members);
    std::printf("  %lld members, %lld orders seeded in %.1f s\n", static_cast<long long>(members),
                static_cast<long long>(orders), seconds_since(seeding));

    auto store = core::open_store("sqlite:" + path, settings);
    core::ShopProgram p;
    p.shop_id = "bench";
    p.timezone = "Asia/Ho_Chi_Minh";
    p.zone = core::Zone::load(p.timezone);
    Figures f;
    auto start = Clock::now();
    int64_t read = 0;
    for (std::string after;;) {
        auto page = store->read([&](core::Transaction& tx) {
            return tx.member_page_after(p.shop_id, after, core::rfm_page_size);
        });
        read += static_cast<int64_t>(page.size());
        if (static_cast<int>(page.size()) < core::rfm_page_size) break;
        after = page.back().member_id;
    }
    f.baseline = seconds_since(start);
    if (read != members) std::fprintf(stderr, "read %lld members of %lld\n", static_cast<long long>(read),
                                      static_cast<long long>(members));
    start = Clock::now();
    f.scored = core::compute_segments(*store, p, now).value_or(-1);
    f.rfm = seconds_since(start);
    return f;
}

void print(int64_t members, const Figures& f) {
    const double n = static_cast<double>(members);
    std::printf("%9lld members: read each once %7.2f s (%6.2f µs/member) | RFM run %7.2f s (%6.2f µs/member, "
                "%lld scored) | ratio %.2f\n",
                static_cast<long long>(members), f.baseline, f.baseline / n * 1e6, f.rfm, f.rfm / n * 1e6,
                static_cast<long long>(f.scored), f.rfm / f.baseline);
}

}  // namespace

int main(int argc, char** argv) {
    const char* tmp = std::getenv("TMPDIR");
    const std::string dir = argc > 1 ? argv[1] : std::string(tmp ? tmp : "/tmp") + "/loyalty-bench";
    const char* usage = "usage: bench_segments [DIR] [SMALL] [LARGE]";
    const int64_t small = bench::number_arg(argc, argv, 2, "SMALL", 100000, 1, 1'000'000'000, usage);
    const int64_t large = bench::number_arg(argc, argv, 3, "LARGE", 1000000, 1, 1'000'000'000, usage);
    if (argc > 4) bench::refuse("too many arguments", usage);
    std::filesystem::create_directories(dir);
    std::printf("bench_segments: the RFM computation of one maintenance run, in %s\n", dir.c_str());
    const Figures a = measure(dir, small);
    print(small, a);
    const Figures b = measure(dir, large);
    print(large, b);
    const double per_small = a.rfm / static_cast<double>(small), per_large = b.rfm / static_cast<double>(large);
    std::printf("time per member, %lld against %lld members: %.2f (1.00: linear in the shop's size)\n",
                static_cast<long long>(large), static_cast<long long>(small), per_large / per_small);
    return 0;
}
