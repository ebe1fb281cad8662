#pragma once
// One SQLite connection with its prepared statements cached by query id: the hot paths run the
// same few statements millions of times, and preparing is most of their cost. The SQLite side of
// sql/statement.hpp.
#include <sqlite3.h>

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "storage/sql/statement.hpp"

// RETURNING, which the shared queries use for new ids, came in 3.35.
#if SQLITE_VERSION_NUMBER < 3035000
#error "SQLite 3.35 or newer is required"
#endif

namespace loyalty::core::sqlite {

class Statement final : public sql::Statement {
public:
    Statement(sqlite3_stmt* stmt, const char* source) : stmt_(stmt), source_(source) {}
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement() override { sqlite3_finalize(stmt_); }

    const char* source() const { return source_; }

    void bind_text(int index, std::string_view value) override;
    void bind_integer(int index, int64_t value) override;
    void bind_bool(int index, bool value) override { bind_integer(index, value ? 1 : 0); }
    void bind_bytes(int index, std::string_view value) override;
    void bind_null(int index) override;
    bool step() override;
    int64_t changes() const override { return sqlite3_changes64(sqlite3_db_handle(stmt_)); }
    bool null(int column) const override { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
    std::string text(int column) const override;
    int64_t integer(int column) const override { return sqlite3_column_int64(stmt_, column); }
    bool boolean(int column) const override { return integer(column) != 0; }
    std::string bytes(int column) const override;
    void reset() noexcept override {
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
    }

private:
    sqlite3_stmt* stmt_;
    const char* source_;  // the query text it was rendered from
};

class Connection final : public sql::Session {
public:
    Connection(const std::string& path, bool read_only, int busy_timeout_ms = 5000);
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    ~Connection() override;

    sql::Statement& prepare(const sql::Query& query) override;
    void exec(const char* sql);
    // One statement of no result (BEGIN, SAVEPOINT, COMMIT), prepared the first time `sql` (a literal: cached by
    // its address) is run: the writer runs a savepoint and its release for every caller of a batch.
    void exec_once_prepared(const char* sql);
    // The first column of the first row of `sql` (a PRAGMA), prepared for this once; "" if no row.
    std::string first_text(const char* sql);
    sqlite3* handle() const { return db_; }

private:
    sqlite3* db_ = nullptr;
    std::array<std::unique_ptr<Statement>, sql::query_count> cache_;  // by query id
    std::vector<std::pair<const char*, sqlite3_stmt*>> control_;  // exec_once_prepared's, by the text's address
};

[[noreturn]] void throw_sqlite(sqlite3* db, int rc, std::string_view what);

}  // namespace loyalty::core::sqlite
