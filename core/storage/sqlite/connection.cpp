#include "storage/sqlite/connection.hpp"

#include <mutex>

#include "storage/sql/dialect.hpp"
#include "util/error.hpp"

namespace loyalty::core::sqlite {

// LOYALTY_STORAGE promises that a retry may succeed: only a busy or locked database, a full or
// failing disk, memory, or an interrupted call. Anything else (a constraint, a type mismatch, an
// arithmetic overflow in SQL, a corrupt file) would fail the same way again, so it is internal.
Status status_of(int rc) {
    switch (rc & 0xff) {
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
        case SQLITE_NOMEM:
        case SQLITE_IOERR:
        case SQLITE_FULL:
        case SQLITE_CANTOPEN:
        case SQLITE_PROTOCOL:
        case SQLITE_INTERRUPT: return Status::storage;
        default: return Status::internal;
    }
}

void throw_sqlite(sqlite3* db, int rc, std::string_view what) {
    std::string message = "sqlite: " + std::string(what) + ": ";
    message += db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    fail(status_of(rc), message);
}

void Statement::bind_text(int index, std::string_view text) {
    int rc = sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    if (rc != SQLITE_OK) throw_sqlite(sqlite3_db_handle(stmt_), rc, "bind");
}

void Statement::bind_integer(int index, int64_t value) {
    int rc = sqlite3_bind_int64(stmt_, index, value);
    if (rc != SQLITE_OK) throw_sqlite(sqlite3_db_handle(stmt_), rc, "bind");
}

void Statement::bind_null(int index) {
    int rc = sqlite3_bind_null(stmt_, index);
    if (rc != SQLITE_OK) throw_sqlite(sqlite3_db_handle(stmt_), rc, "bind");
}

void Statement::bind_bytes(int index, std::string_view bytes) {
    // A zero-length blob still binds as a blob, not NULL.
    static const char empty = 0;
    int rc = sqlite3_bind_blob64(stmt_, index, bytes.empty() ? &empty : bytes.data(), bytes.size(), SQLITE_TRANSIENT);
    if (rc != SQLITE_OK) throw_sqlite(sqlite3_db_handle(stmt_), rc, "bind");
}

bool Statement::step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw_sqlite(sqlite3_db_handle(stmt_), rc, "step");
}

std::string Statement::text(int column) const {
    auto p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))) : std::string();
}

std::string Statement::bytes(int column) const {
    auto p = static_cast<const char*>(sqlite3_column_blob(stmt_, column));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))) : std::string();
}

namespace {

// SQLite counts every allocation under one process-wide mutex unless told not to: the writer and the readers
// allocate for each statement, so on the hot path that lock costs more than the statements' own work. Nothing here
// reads the counts. It can only be set before SQLite initialises; a host that initialised it first keeps its choice.
void skip_memory_counts() {
    static std::once_flag once;
    std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

}  // namespace

Connection::Connection(const std::string& path, bool read_only, int busy_timeout_ms) {
    skip_memory_counts();
    int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI |
                (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string message = "sqlite: cannot open \"" + path + "\": ";
        message += db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close(db_);
        db_ = nullptr;
        fail(Status::storage, message);
    }
    if (sqlite3_libversion_number() < 3035000) {
        sqlite3_close(db_);
        db_ = nullptr;
        fail(Status::internal, std::string("sqlite: version 3.35 or newer is required, this is ") + sqlite3_libversion());
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, busy_timeout_ms);
}

Connection::~Connection() {
    for (auto& stmt : cache_) stmt.reset();  // every statement is finalized before the connection closes
    for (auto& [text, stmt] : control_) sqlite3_finalize(stmt);
    sqlite3_close(db_);
}

void Connection::exec(const char* sql) {
    char* error = nullptr;
    int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &error);
    if (rc != SQLITE_OK) {
        std::string message = error ? error : sqlite3_errstr(rc);
        sqlite3_free(error);
        fail(status_of(rc), "sqlite: " + message);
    }
}

void Connection::exec_once_prepared(const char* sql) {
    sqlite3_stmt* stmt = nullptr;
    for (auto& [text, prepared] : control_)
        if (text == sql) stmt = prepared;
    if (!stmt) {
        int rc = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
        if (rc != SQLITE_OK) throw_sqlite(db_, rc, sql);
        control_.emplace_back(sql, stmt);
    }
    int rc = sqlite3_step(stmt);
    while (rc == SQLITE_ROW) rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE) throw_sqlite(db_, rc, sql);
}

sql::Statement& Connection::prepare(const sql::Query& query) {
    auto& cached = cache_[query.index()];
    if (cached) {
        if (cached->source() != query.text)
            fail(Status::internal, "sqlite: query " + std::to_string(query.index()) + " has two texts");
        return *cached;
    }
    std::string text = sql::render(query.text, sql::sqlite_dialect);
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, text.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) throw_sqlite(db_, rc, "prepare");
    cached = std::make_unique<Statement>(stmt, query.text);
    return *cached;
}

std::string Connection::first_text(const char* sql) {
    sqlite3_stmt* raw = nullptr;
    int rc = sqlite3_prepare_v2(db_, sql, -1, &raw, nullptr);
    if (rc != SQLITE_OK) throw_sqlite(db_, rc, "prepare");
    Statement stmt(raw, sql);
    return stmt.step() ? stmt.text(0) : std::string();
}

}  // namespace loyalty::core::sqlite
