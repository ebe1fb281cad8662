#pragma once
// One libpq connection with its prepared statements cached by query id (the PostgreSQL side of
// sql/statement.hpp), and the classification of failures the store needs to decide between
// retrying and giving up.
#include <libpq-fe.h>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "storage/sql/statement.hpp"
#include "util/error.hpp"

namespace loyalty::core::postgres {

// What a failed statement means for the transaction around it.
enum class Failure {
    other,       // the statement itself was refused: retrying would fail the same way
    connection,  // the connection is gone (or the server is going away): reconnect and run again
    conflict,    // another transaction won a race (serialization failure, deadlock, duplicate key)
};

// LOYALTY_STORAGE promises that a retry may succeed: a lost connection, a lost race, or the
// server short of resources (53), going away (57) or failing on its side (58). A statement refused
// for what it is would be refused again: internal.
inline Status status_of(Failure kind, const std::string& sqlstate) {
    if (kind != Failure::other) return Status::storage;
    if (sqlstate.starts_with("53") || sqlstate.starts_with("57") || sqlstate.starts_with("58")) return Status::storage;
    return Status::internal;
}

class PgError : public Error {
public:
    PgError(Failure kind, std::string sqlstate, const std::string& message)
        : Error(status_of(kind, sqlstate), message), kind_(kind), sqlstate_(std::move(sqlstate)) {}
    Failure kind() const noexcept { return kind_; }
    const std::string& sqlstate() const noexcept { return sqlstate_; }

private:
    Failure kind_;
    std::string sqlstate_;
};

// Values for one statement's parameters. Everything goes as text except byte strings, which go in
// binary so they need no escaping.
class Params {
public:
    Params& text(std::string_view value);
    Params& integer(int64_t value);
    Params& integer(std::optional<int64_t> value);
    Params& boolean(bool value);
    Params& bytes(std::string_view value);

    int size() const { return static_cast<int>(values_.size()); }
    void clear();
    // Pointers into this object: valid until it is changed or destroyed.
    std::vector<const char*> pointers() const;
    const int* lengths() const { return lengths_.data(); }
    const int* formats() const { return formats_.data(); }

private:
    std::vector<std::string> values_;
    std::vector<bool> null_;
    std::vector<int> lengths_;
    std::vector<int> formats_;
};

class Result {
public:
    explicit Result(PGresult* r) : r_(r) {}
    Result(Result&& other) noexcept : r_(other.r_) { other.r_ = nullptr; }
    Result& operator=(Result&&) = delete;
    Result(const Result&) = delete;
    ~Result() { PQclear(r_); }

    const PGresult* get() const { return r_; }
    int rows() const { return PQntuples(r_); }
    bool null(int row, int column) const { return PQgetisnull(r_, row, column) != 0; }
    std::string text(int row, int column) const;
    int64_t integer(int row, int column) const;
    std::optional<int64_t> optional_integer(int row, int column) const;
    std::optional<std::string> optional_text(int row, int column) const;
    std::string bytes(int row, int column) const;  // a bytea column, decoded
    int64_t affected() const;                      // rows an INSERT, UPDATE or DELETE touched

private:
    PGresult* r_;
};

struct ConnectOptions {
    std::string url;  // a libpq connection URI
    int connect_timeout_s = 5;
};

class Connection;

// A prepared statement of one connection: its parameters, then the rows of its one run.
class Statement final : public sql::Statement {
public:
    Statement(Connection& conn, std::string name, const char* source)
        : conn_(conn), name_(std::move(name)), source_(source) {}

    const char* source() const { return source_; }

    void bind_text(int index, std::string_view value) override;
    void bind_integer(int index, int64_t value) override;
    void bind_bool(int index, bool value) override;
    void bind_bytes(int index, std::string_view value) override;
    void bind_null(int index) override;
    bool step() override;
    int64_t changes() const override { return result_ ? result_->affected() : 0; }
    bool null(int column) const override { return result_->null(row_, column); }
    std::string text(int column) const override { return result_->text(row_, column); }
    int64_t integer(int column) const override { return result_->integer(row_, column); }
    bool boolean(int column) const override { return result_->text(row_, column) == "t"; }
    std::string bytes(int column) const override { return result_->bytes(row_, column); }
    void run_later() override;
    void reset() noexcept override;
    // Connection::run_together's: its answer, kept for step() to read.
    void keep(Result result) {
        result_.emplace(std::move(result));
        row_ = -1;
    }

private:
    void check_index(int index) const;

    Connection& conn_;
    std::string name_;
    const char* source_;  // the query text it was rendered from
    Params params_;
    std::optional<Result> result_;
    int row_ = -1;
};

class Connection final : public sql::Session {
public:
    explicit Connection(const ConnectOptions& options);  // throws PgError(Failure::connection)
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    ~Connection() override;

    sql::Statement& prepare(const sql::Query& query) override;
    bool pipelines() const override { return true; }
    // The statements in one round trip, behind any sent by send_later or send_sql_later; each keeps its own result.
    void run_together(std::initializer_list<sql::Statement*> statements) override;
    // Runs a statement prepared by prepare(), with any sent by send_later ahead of it in the same round trip.
    Result run_prepared(const std::string& name, const Params& params);
    // Sends a prepared statement without waiting for its answer (libpq's pipeline mode): the answer is read with the
    // next statement's, and a failure is raised there, or by settle().
    void send_later(const std::string& name, const Params& params);
    // Sends the text of a statement not worth preparing (BEGIN, a lock) as send_later sends a prepared one. With
    // `alone`, a sync follows it, so it runs in a transaction of its own and whatever is sent next starts afresh.
    void send_sql_later(const char* sql, const Params& params, bool alone);
    // Reads the answers of what send_later and send_sql_later sent, and raises the first failure among them. Every
    // other call settles first; a transaction settles before its COMMIT.
    void settle();
    // Reads those answers and drops their failures, which belong to the work being undone; a lost connection is
    // still raised.
    void discard_pending();
    // A statement without parameters (BEGIN, COMMIT, DDL); several may be separated by semicolons.
    void exec(const char* sql);
    // A statement with parameters that is not worth preparing: run once per connection or rarely.
    Result query(const char* sql, const Params& params = {});
    // Sends several statements in one round trip and returns every result, in order. Results that
    // arrived before a failure are kept in `received` so the caller can tell how far it got.
    void exec_all(const char* sql, std::vector<Result>& received);
    // Ends a failed transaction; a connection that cannot even do that is left unhealthy.
    void rollback() noexcept;
    bool healthy() const { return PQstatus(conn_) == CONNECTION_OK; }
    // Healthy, outside any transaction and any pipeline: fit to go back to the pool.
    bool reusable() const {
        return healthy() && PQpipelineStatus(conn_) == PQ_PIPELINE_OFF && PQtransactionStatus(conn_) == PQTRANS_IDLE;
    }

private:
    [[noreturn]] void raise(const PGresult* r, std::string_view what) const;
    void enter_pipeline();  // a no-op when already in it
    // Ends the pipeline: the sync, then every answer up to it; the last statement's result goes to `last`, and with
    // `all` every statement's, in the order sent.
    void drain(std::optional<Result>* last, std::vector<Result>* all = nullptr);
    PGconn* conn_ = nullptr;
    int syncs_ = 0;  // sent in the pipeline, their answers not yet read
    std::array<std::unique_ptr<Statement>, sql::query_count> prepared_;  // by query id
};

// Failure kind from an SQLSTATE and the connection's state.
Failure classify(const std::string& sqlstate, bool connection_ok);

}  // namespace loyalty::core::postgres
