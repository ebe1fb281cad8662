// Durable order ingest through the C ABI, single-threaded and with concurrent callers, beside the
// baseline every durable SQLite writer pays: one INSERT and one fsync'd COMMIT per transaction,
// measured on the same disk in the same run. Usage: bench_ledger [DIR] [ORDERS_PER_THREAD]
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "loyalty/loyalty.h"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string fresh(const std::filesystem::path& dir, const char* name) {
    auto path = (dir / name).string();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
    return path;
}

double raw_sqlite_rate(const std::string& path, int n) {
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE t(k TEXT PRIMARY KEY, v INTEGER)",
                 nullptr, nullptr, nullptr);
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db, "INSERT INTO t VALUES (?1, ?2)", -1, &stmt, nullptr);
    auto start = Clock::now();
    for (int i = 0; i < n; ++i) {
        sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
        auto key = "k" + std::to_string(i);
        sqlite3_bind_text(stmt, 1, key.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(stmt, 2, i);
        sqlite3_step(stmt);
        sqlite3_reset(stmt);
        sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    }
    double rate = n / seconds_since(start);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return rate;
}

double engine_rate(const std::string& path, int threads, int per_thread) {
    loyalty_engine* e = nullptr;
    std::string config = R"({"storage": "sqlite:)" + path +
                         R"(", "shops": [{"shop_id": "bench", "earn": {"spend_per_point": 1000}}]})";
    if (loyalty_open(config.c_str(), &e) != LOYALTY_OK) {
        std::fprintf(stderr, "open failed: %s\n", loyalty_last_error());
        std::exit(1);
    }
    auto start = Clock::now();
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
        pool.emplace_back([&, t] {
            for (int i = 0; i < per_thread; ++i) {
                std::string order = R"({"order_id": "T)" + std::to_string(t) + "-" + std::to_string(i) +
                                    R"(", "status": "paid", "amount": 250000, "customer": {"platform": "pos", "customer_id": "C-)" +
                                    std::to_string(i % 500) + R"("}})";
                char* out = nullptr;
                if (loyalty_record_order(e, "bench", order.c_str(), &out) != LOYALTY_OK) {
                    std::fprintf(stderr, "record failed: %s\n", loyalty_last_error());
                    std::exit(1);
                }
                loyalty_free(out);
            }
        });
    }
    for (auto& th : pool) th.join();
    double rate = threads * per_thread / seconds_since(start);
    loyalty_close(e);
    return rate;
}

}  // namespace

int main(int argc, char** argv) {
    std::filesystem::path dir = argc > 1 ? argv[1] : std::filesystem::temp_directory_path() / "loyalty-bench";
    int n = argc > 2 ? std::atoi(argv[2]) : 400;
    std::filesystem::create_directories(dir);

    double baseline = raw_sqlite_rate(fresh(dir, "raw.db"), n);
    double single = engine_rate(fresh(dir, "single.db"), 1, n);
    double many = engine_rate(fresh(dir, "many.db"), 16, n);

    std::printf("durable writes on %s (synchronous=FULL, WAL), %d per caller\n", dir.string().c_str(), n);
    std::printf("  raw sqlite, 1 insert + commit per txn : %10.0f txn/s   (baseline)\n", baseline);
    std::printf("  record_order, 1 caller                : %10.0f orders/s  ratio %.2f\n", single, single / baseline);
    std::printf("  record_order, 16 callers (group commit): %10.0f orders/s  ratio %.2f\n", many, many / baseline);
    return 0;
}
