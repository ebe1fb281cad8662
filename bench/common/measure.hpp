#pragma once
// What the bench programs share: a clock, the spread of repeated runs, a fresh SQLite file, and the raw SQLite
// baseline that the engine's durable writes are set beside.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

struct sqlite3;

namespace loyalty::bench {

using Clock = std::chrono::steady_clock;

inline double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

struct Spread {
    double min, median, max;
};

inline Spread spread(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return {v.front(), v[v.size() / 2], v.back()};
}

// The directory argument argv[at] when given, else $TMPDIR/loyalty-bench (/tmp when TMPDIR is unset); created.
std::filesystem::path bench_dir(int argc, char** argv, int at);

// `dir`/`name` with no database left there from an earlier run.
std::string fresh(const std::filesystem::path& dir, const char* name);

// The database at `path` opened straight through SQLite, as the engine opens its own connections (`flags` as for
// sqlite3_open_v2; SQLITE_OPEN_NOMUTEX is added). Null when it cannot be opened.
sqlite3* open_sqlite(const std::string& path, int flags);

// Rows/s of `n` single-row INSERTs into a two-column table, `batch` per fsync'd COMMIT (WAL, synchronous=FULL): what a
// durable SQLite writer pays for `batch` rows that share one commit, the fair baseline for writes sharing the engine's.
double raw_sqlite_rate(const std::string& path, int n, int batch);

}  // namespace loyalty::bench
