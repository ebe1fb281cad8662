#pragma once
// The little SqlTransaction needs from a backend: a prepared statement per query, parameters
// bound by number, rows stepped through, columns read. One implementation per backend
// (sqlite/connection.hpp, postgres/pg_connection.hpp); everything above it is written once.
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "storage/sql/query.hpp"
#include "util/error.hpp"

namespace loyalty::core::sql {

// One prepared statement, owned and cached by its connection. Use it through Call.
class Statement {
public:
    virtual ~Statement() = default;

    virtual void bind_text(int index, std::string_view value) = 0;
    virtual void bind_integer(int index, int64_t value) = 0;
    virtual void bind_bool(int index, bool value) = 0;
    virtual void bind_bytes(int index, std::string_view value) = 0;  // a blob / bytea
    virtual void bind_null(int index) = 0;
    // Runs the statement on the first call; true while a row is available.
    virtual bool step() = 0;
    // Rows the statement inserted, updated or deleted, once it has run to the end.
    virtual int64_t changes() const = 0;
    virtual bool null(int column) const = 0;
    virtual std::string text(int column) const = 0;
    virtual int64_t integer(int column) const = 0;
    virtual bool boolean(int column) const = 0;
    virtual std::string bytes(int column) const = 0;
    // Runs a statement whose rows and count nobody reads. A backend may send it with the next statement instead
    // of waiting for its answer; its failure then surfaces there, still within the same transaction.
    virtual void run_later() {
        while (step()) {
        }
    }
    // Forgets the parameters and the rows: ready for the next use.
    virtual void reset() noexcept = 0;

    bool in_use = false;  // a Call holds it
};

// The connection a transaction runs on.
class Session {
public:
    virtual ~Session() = default;
    // The query's statement, prepared on first use and cached by the query's id.
    virtual Statement& prepare(const Query& query) = 0;
    // True when statements sent together cost one round trip instead of one each (PostgreSQL's pipeline).
    virtual bool pipelines() const { return false; }
    // Runs the bound statements together, each keeping its rows for its Call to read; a session that does not
    // pipeline leaves each to run when it is read.
    virtual void run_together(std::initializer_list<Statement*>) {}

    uint64_t calls = 0;  // Calls made on this session: a read-ahead stays true while this does not move
};

// One use of a query: parameters bound in order (?1, ?2, …), then rows read. Resets the statement
// when it goes, so the cached statement is ready for its next use.
class Call {
public:
    Call(Session& db, const Query& query) : s_(db.prepare(query)) {
        // A query run again while its own rows are being read would clobber them.
        if (s_.in_use) fail(Status::internal, "sql: a query was run again while in use");
        s_.in_use = true;
        ++db.calls;
    }
    Call(const Call&) = delete;
    Call& operator=(const Call&) = delete;
    ~Call() {
        s_.reset();
        s_.in_use = false;
    }

    Call& bind(std::string_view value) {
        s_.bind_text(++bound_, value);
        return *this;
    }
    Call& bind(int64_t value) {
        s_.bind_integer(++bound_, value);
        return *this;
    }
    Call& bind(std::optional<int64_t> value) {
        if (value) s_.bind_integer(++bound_, *value);
        else s_.bind_null(++bound_);
        return *this;
    }
    // Text or NULL; not an overload of bind, which a string or a literal would find ambiguous.
    Call& bind_optional_text(const std::optional<std::string>& value) {
        if (value) s_.bind_text(++bound_, *value);
        else s_.bind_null(++bound_);
        return *this;
    }
    Call& bind_bool(bool value) {
        s_.bind_bool(++bound_, value);
        return *this;
    }
    Call& bind_bool(std::optional<bool> value) {
        if (value) s_.bind_bool(++bound_, *value);
        else s_.bind_null(++bound_);
        return *this;
    }
    Call& bind_bytes(std::string_view value) {
        s_.bind_bytes(++bound_, value);
        return *this;
    }

    bool row() { return s_.step(); }  // the next row: true while there is one
    Statement& statement() { return s_; }  // for Session::run_together
    void run() {
        while (s_.step()) {
        }
    }
    // A write whose answer is not needed now (Statement::run_later): its failure may surface at the next statement.
    void run_later() { s_.run_later(); }
    int64_t changes() const { return s_.changes(); }

    std::string text(int column) const { return s_.text(column); }
    int64_t integer(int column) const { return s_.integer(column); }
    bool boolean(int column) const { return s_.boolean(column); }
    std::string bytes(int column) const { return s_.bytes(column); }
    std::optional<int64_t> optional_integer(int column) const {
        if (s_.null(column)) return std::nullopt;
        return s_.integer(column);
    }
    std::optional<std::string> optional_text(int column) const {
        if (s_.null(column)) return std::nullopt;
        return s_.text(column);
    }

private:
    Statement& s_;
    int bound_ = 0;
};

}  // namespace loyalty::core::sql
