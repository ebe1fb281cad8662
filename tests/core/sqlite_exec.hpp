#pragma once
// Runs SQL on a database file behind the store's back: to age a schema, or to try what the
// database itself must refuse. Throws the SQLite error message.
#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <stdexcept>
#include <string>

namespace loyalty::test {

inline void sqlite_exec(const std::string& path, const char* sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    char* error = nullptr;
    int rc = sqlite3_exec(db, sql, nullptr, nullptr, &error);
    std::string message = error ? error : "";
    sqlite3_free(error);
    sqlite3_close(db);
    if (rc != SQLITE_OK) throw std::runtime_error(message);
}

}  // namespace loyalty::test
