#pragma once
// Which backend a test's engine runs on. LOYALTY_TEST_STORAGE unset or empty: SQLite in memory. A
// postgresql:// URI, or "@FILE" naming a file that holds one (the CTest fixture writes it once its
// throwaway server is up): PostgreSQL, each engine in a fresh, empty schema of its own, so the same
// test cases run unchanged and independently on both backends.
#include <libpq-fe.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <random>
#include <stdexcept>
#include <string>

#include <unistd.h>

#include "temp_path.hpp"

namespace loyalty::test {

// The test server's URI, or "" when the tests run on SQLite.
inline std::string postgres_base_url() {
    const char* value = std::getenv("LOYALTY_TEST_STORAGE");
    if (!value || !*value) return {};
    std::string url = value;
    if (url[0] == '@') {
        std::ifstream in(url.substr(1));
        url.clear();
        std::getline(in, url);
        if (url.empty()) throw std::runtime_error("LOYALTY_TEST_STORAGE names a file without a URI");
    }
    return url;
}

inline bool on_postgres() {
    const char* value = std::getenv("LOYALTY_TEST_STORAGE");
    return value && *value;
}

inline std::string with_param(const std::string& url, const std::string& param) {
    return url + (url.find('?') == std::string::npos ? "?" : "&") + param;
}

// Runs statements on the test server as its administrator (no values: names the tests made up),
// and returns the first column of the first row, if any.
inline std::string admin_sql(const std::string& sql, const std::string& url = postgres_base_url()) {
    PGconn* c = PQconnectdb(url.c_str());
    if (PQstatus(c) != CONNECTION_OK) {
        std::string message = PQerrorMessage(c);
        PQfinish(c);
        throw std::runtime_error("test server: " + message);
    }
    PQsetNoticeProcessor(c, [](void*, const char*) {}, nullptr);
    PGresult* r = PQexec(c, sql.c_str());
    std::string message = PQresultErrorMessage(r);
    bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
    std::string first = ok && PQntuples(r) > 0 && PQnfields(r) > 0 ? PQgetvalue(r, 0, 0) : "";
    PQclear(r);
    PQfinish(c);
    if (!ok) throw std::runtime_error("test server: " + message);
    return first;
}

// A schema name no other test process uses.
inline std::string unique_schema(const std::string& stem = "t") {
    static std::atomic<int> counter{0};
    static const unsigned salt = std::random_device{}() % 100000;
    return stem + "_" + std::to_string(getpid()) + "_" + std::to_string(salt) + "_" + std::to_string(counter++);
}

// The URI of a new, empty schema on the test server.
inline std::string fresh_postgres_url(const std::string& schema = unique_schema()) {
    admin_sql("CREATE SCHEMA " + schema);
    return with_param(postgres_base_url(), "options=-csearch_path%3D" + schema);
}

// A storage URL for one engine: SQLite in memory, or a fresh PostgreSQL schema.
inline std::string storage_url() { return on_postgres() ? fresh_postgres_url() : std::string("sqlite::memory:"); }

// A store that outlives its engine, for tests that close and open again: a new SQLite file, or a
// fresh PostgreSQL schema.
inline std::string durable_url(const std::string& name) {
    return on_postgres() ? fresh_postgres_url() : "sqlite:" + temp_db(name);
}

}  // namespace loyalty::test
