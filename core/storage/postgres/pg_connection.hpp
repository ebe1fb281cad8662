#pragma once
// One libpq connection with its prepared statements cached, and the classification of failures the
// store needs to decide between retrying and giving up.
#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

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

class Connection {
public:
    explicit Connection(const ConnectOptions& options);  // throws PgError(Failure::connection)
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    ~Connection();

    // A statement without parameters (BEGIN, COMMIT, DDL); several may be separated by semicolons.
    void exec(const char* sql);
    // `sql` must be a string literal or otherwise live as long as the connection: it keys the cache
    // of prepared statements.
    Result query(const char* sql, const Params& params = {});
    // Sends several statements in one round trip and returns every result, in order. Results that
    // arrived before a failure are kept in `received` so the caller can tell how far it got.
    void exec_all(const char* sql, std::vector<Result>& received);
    // Ends a failed transaction; a connection that cannot even do that is left unhealthy.
    void rollback() noexcept;
    bool healthy() const { return PQstatus(conn_) == CONNECTION_OK; }
    // Healthy and outside any transaction: fit to go back to the pool.
    bool reusable() const { return healthy() && PQtransactionStatus(conn_) == PQTRANS_IDLE; }

private:
    [[noreturn]] void raise(const PGresult* r, std::string_view what) const;
    PGconn* conn_ = nullptr;
    std::unordered_map<const char*, std::string> prepared_;
};

// Failure kind from an SQLSTATE and the connection's state.
Failure classify(const std::string& sqlstate, bool connection_ok);

}  // namespace loyalty::core::postgres
