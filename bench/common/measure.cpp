#include "measure.hpp"

#include <sqlite3.h>

#include <cstdlib>

namespace loyalty::bench {

std::filesystem::path bench_dir(int argc, char** argv, int at) {
    const char* tmp = std::getenv("TMPDIR");
    std::filesystem::path dir = argc > at ? argv[at] : std::filesystem::path(tmp ? tmp : "/tmp") / "loyalty-bench";
    std::filesystem::create_directories(dir);
    return dir;
}

std::string fresh(const std::filesystem::path& dir, const char* name) {
    auto path = (dir / name).string();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
    return path;
}

sqlite3* open_sqlite(const std::string& path, int flags) {
    // Whichever opens SQLite first in a process fixes its memory counting for all. Left at SQLite's default, a bench
    // that opened a file itself before the engine put the engine's every allocation under SQLite's one global mutex,
    // which loyaltyd never runs with (core/storage/sqlite/connection.cpp turns the counting off).
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
        sqlite3_close(db);
        return nullptr;
    }
    return db;
}

double raw_sqlite_rate(const std::string& path, int n, int batch) {
    sqlite3* db = open_sqlite(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE t(k TEXT PRIMARY KEY, v INTEGER)",
                 nullptr, nullptr, nullptr);
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db, "INSERT INTO t VALUES (?1, ?2)", -1, &stmt, nullptr);
    auto start = Clock::now();
    for (int i = 0; i < n; i += batch) {
        sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
        for (int j = i; j < i + batch && j < n; ++j) {
            auto key = "k" + std::to_string(j);
            sqlite3_bind_text(stmt, 1, key.c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(stmt, 2, j);
            sqlite3_step(stmt);
            sqlite3_reset(stmt);
        }
        sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    }
    double rate = n / seconds_since(start);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return rate;
}

}  // namespace loyalty::bench
