#pragma once
// One SQLite connection with its prepared statements cached: the hot paths run the same few
// statements millions of times, and preparing is most of their cost.
#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace loyalty::core::sqlite {

class Statement {
public:
    explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();  // resets, so the cached statement is ready for its next use

    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, int64_t value);
    Statement& bind(int index, std::optional<int64_t> value);
    Statement& bind_blob(int index, std::string_view bytes);
    bool step();  // true while a row is available
    void run();   // steps a statement that returns no rows
    std::string text(int column) const;
    int64_t integer(int column) const;
    std::optional<int64_t> optional_integer(int column) const;
    std::optional<std::string> optional_text(int column) const;
    std::string blob(int column) const;

private:
    sqlite3_stmt* stmt_;
};

class Connection {
public:
    Connection(const std::string& path, bool read_only, int busy_timeout_ms = 5000);
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    ~Connection();

    void exec(const char* sql);
    Statement prepare(const char* sql);  // `sql` must be a string literal: it keys the cache
    int64_t last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }
    sqlite3* handle() const { return db_; }

private:
    sqlite3* db_ = nullptr;
    std::unordered_map<const char*, sqlite3_stmt*> cache_;
};

[[noreturn]] void throw_sqlite(sqlite3* db, int rc, std::string_view what);

}  // namespace loyalty::core::sqlite
