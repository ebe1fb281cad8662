#include "storage/postgres/pg_connection.hpp"

#include <charconv>

#include "storage/sql/dialect.hpp"

namespace loyalty::core::postgres {
namespace {

std::string trimmed(const char* message) {
    std::string m = message ? message : "";
    while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
    return m;
}

bool ok_status(const PGresult* r) {
    auto s = PQresultStatus(r);
    return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
}

}  // namespace

Failure classify(const std::string& sqlstate, bool connection_ok) {
    // No SQLSTATE means libpq itself gave up (could not send, the server closed the socket): the
    // server never answered.
    if (!connection_ok || sqlstate.empty() || sqlstate.starts_with("08")) return Failure::connection;
    // The server is shutting down, crashed, or is still starting: the same request will work on a
    // new connection once it is back.
    if (sqlstate == "57P01" || sqlstate == "57P02" || sqlstate == "57P03") return Failure::connection;
    // Serialization failure, deadlock, and a duplicate key from a concurrent insert of the same key:
    // run again, and the winner's row is there to be read.
    if (sqlstate == "40001" || sqlstate == "40P01" || sqlstate == "23505") return Failure::conflict;
    return Failure::other;
}

Params& Params::text(std::string_view value) {
    // libpq passes text parameters as C strings, so a NUL would silently cut the value short.
    if (value.find('\0') != std::string_view::npos)
        fail(Status::invalid_argument, "text with a NUL character cannot be stored in PostgreSQL");
    values_.emplace_back(value);
    null_.push_back(false);
    lengths_.push_back(0);
    formats_.push_back(0);
    return *this;
}

Params& Params::integer(int64_t value) { return text(std::to_string(value)); }

Params& Params::integer(std::optional<int64_t> value) {
    if (value) return integer(*value);
    values_.emplace_back();
    null_.push_back(true);
    lengths_.push_back(0);
    formats_.push_back(0);
    return *this;
}

Params& Params::boolean(bool value) { return text(value ? "true" : "false"); }

Params& Params::bytes(std::string_view value) {
    values_.emplace_back(value);
    null_.push_back(false);
    lengths_.push_back(static_cast<int>(value.size()));
    formats_.push_back(1);
    return *this;
}

void Params::clear() {
    values_.clear();
    null_.clear();
    lengths_.clear();
    formats_.clear();
}

std::vector<const char*> Params::pointers() const {
    std::vector<const char*> out;
    out.reserve(values_.size());
    for (std::size_t i = 0; i < values_.size(); ++i) out.push_back(null_[i] ? nullptr : values_[i].data());
    return out;
}

std::string Result::text(int row, int column) const {
    return std::string(PQgetvalue(r_, row, column), static_cast<std::size_t>(PQgetlength(r_, row, column)));
}

int64_t Result::integer(int row, int column) const {
    const char* p = PQgetvalue(r_, row, column);
    const char* end = p + PQgetlength(r_, row, column);
    int64_t v = 0;
    auto [at, ec] = std::from_chars(p, end, v);
    if (ec != std::errc() || at != end)
        fail(Status::internal, "postgresql: \"" + std::string(p, end) + "\" is not an integer");
    return v;
}

std::optional<int64_t> Result::optional_integer(int row, int column) const {
    if (null(row, column)) return std::nullopt;
    return integer(row, column);
}

std::optional<std::string> Result::optional_text(int row, int column) const {
    if (null(row, column)) return std::nullopt;
    return text(row, column);
}

std::string Result::bytes(int row, int column) const {
    std::size_t length = 0;
    unsigned char* raw = PQunescapeBytea(reinterpret_cast<const unsigned char*>(PQgetvalue(r_, row, column)), &length);
    if (!raw) fail(Status::internal, "postgresql: cannot decode a bytea value");
    std::string out(reinterpret_cast<const char*>(raw), length);
    PQfreemem(raw);
    return out;
}

int64_t Result::affected() const {
    const char* n = PQcmdTuples(r_);
    int64_t v = 0;
    if (n && *n) std::from_chars(n, n + std::char_traits<char>::length(n), v);
    return v;
}

Connection::Connection(const ConnectOptions& options) {
    std::string timeout = std::to_string(options.connect_timeout_s);
    // Keywords before dbname are defaults the URI may override; client_encoding after it is not
    // negotiable, since every string the engine handles is UTF-8.
    const char* keywords[] = {"connect_timeout", "application_name", "dbname", "client_encoding", nullptr};
    const char* values[] = {timeout.c_str(), "loyalty", options.url.c_str(), "UTF8", nullptr};
    conn_ = PQconnectdbParams(keywords, values, 1);
    if (!conn_) throw PgError(Failure::connection, "", "postgresql: out of memory while connecting");
    if (PQstatus(conn_) != CONNECTION_OK) {
        std::string message = "postgresql: cannot connect: " + trimmed(PQerrorMessage(conn_));
        PQfinish(conn_);
        conn_ = nullptr;
        throw PgError(Failure::connection, "", message);
    }
    // Notices ("relation already exists, skipping") would otherwise go to the host's stderr.
    PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);
}

Connection::~Connection() { PQfinish(conn_); }

void Connection::raise(const PGresult* r, std::string_view what) const {
    const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    std::string sqlstate = state ? state : "";
    std::string message = trimmed(r ? PQresultErrorMessage(r) : nullptr);
    if (message.empty()) message = trimmed(PQerrorMessage(conn_));
    message = "postgresql: " + std::string(what) + ": " + message;
    Failure kind = classify(sqlstate, PQstatus(conn_) == CONNECTION_OK);
    // A data exception (invalid UTF-8, a value out of range) is the request's fault, not the store's.
    if (kind == Failure::other && sqlstate.starts_with("22")) fail(Status::invalid_argument, message);
    throw PgError(kind, sqlstate, message);
}

void Connection::exec(const char* sql) {
    settle();
    PGresult* r = PQexec(conn_, sql);
    if (!r || !ok_status(r)) {
        try {
            raise(r, "exec");
        } catch (...) {
            PQclear(r);
            throw;
        }
    }
    PQclear(r);
}

void Connection::rollback() noexcept {
    if (PQstatus(conn_) != CONNECTION_OK) return;
    if (PQpipelineStatus(conn_) != PQ_PIPELINE_OFF) {
        try {
            drain(nullptr);
        } catch (...) {
            // Failures of a transaction being thrown away; a pipeline that could not be ended leaves the connection
            // unfit for the pool (reusable).
        }
        if (PQpipelineStatus(conn_) != PQ_PIPELINE_OFF) return;
    }
    PQclear(PQexec(conn_, "ROLLBACK"));
}

void Connection::enter_pipeline() {
    if (PQpipelineStatus(conn_) == PQ_PIPELINE_OFF && PQenterPipelineMode(conn_) != 1) raise(nullptr, "pipeline");
}

void Connection::send_later(const std::string& name, const Params& params) {
    enter_pipeline();
    auto pointers = params.pointers();
    if (!PQsendQueryPrepared(conn_, name.c_str(), params.size(), pointers.data(), params.lengths(), params.formats(),
                             0))
        raise(nullptr, "send");
}

void Connection::send_sql_later(const char* sql, const Params& params, bool alone) {
    enter_pipeline();
    auto pointers = params.pointers();
    if (!PQsendQueryParams(conn_, sql, params.size(), nullptr, pointers.data(), params.lengths(), params.formats(), 0))
        raise(nullptr, "send");
    if (!alone) return;
    if (!PQpipelineSync(conn_)) raise(nullptr, "sync");
    ++syncs_;
}

void Connection::settle() {
    if (PQpipelineStatus(conn_) != PQ_PIPELINE_OFF) drain(nullptr);
}

void Connection::discard_pending() {
    try {
        settle();
    } catch (const PgError& e) {
        if (e.kind() == Failure::connection) throw;
    } catch (const Error&) {
        // A value the server refused (a data exception): the undone work's own failure.
    }
}

void Connection::drain(std::optional<Result>* last, std::vector<Result>* all) {
    if (!PQpipelineSync(conn_)) raise(nullptr, "sync");
    ++syncs_;
    // Each statement's answer is its result and a null; a sync's is PGRES_PIPELINE_SYNC. After a failure the
    // statements behind it up to the next sync answer PGRES_PIPELINE_ABORTED; the first failure is raised at the end.
    std::optional<Result> failed, latest;
    int nulls = 0;
    for (;;) {
        PGresult* r = PQgetResult(conn_);
        if (!r) {
            if (++nulls > 1 || PQstatus(conn_) != CONNECTION_OK) break;  // no sync coming: the connection is gone
            continue;
        }
        nulls = 0;
        Result result(r);
        ExecStatusType status = PQresultStatus(r);
        if (status == PGRES_PIPELINE_SYNC) {
            if (--syncs_ > 0) continue;
            if (PQexitPipelineMode(conn_) != 1) raise(nullptr, "pipeline");
            if (failed) raise(failed->get(), "query");
            if (all && latest) all->push_back(std::move(*latest));
            else if (last && latest) last->emplace(std::move(*latest));
            return;
        }
        if (status == PGRES_PIPELINE_ABORTED) continue;
        if (!ok_status(r)) {
            if (!failed) failed.emplace(std::move(result));
            continue;
        }
        if (all) {
            if (latest) all->push_back(std::move(*latest));
            latest.reset();
        }
        latest.emplace(std::move(result));
    }
    syncs_ = 0;  // the connection is gone with whatever it still owed
    if (failed) raise(failed->get(), "query");
    raise(nullptr, "pipeline");
}

sql::Statement& Connection::prepare(const sql::Query& query) {
    auto& cached = prepared_[query.index()];
    if (cached) {
        if (cached->source() != query.text)
            fail(Status::internal, "postgresql: query " + std::to_string(query.index()) + " has two texts");
        return *cached;
    }
    settle();
    std::string name = "loyalty_" + std::to_string(query.index());
    std::string text = sql::render(query.text, sql::postgres_dialect);
    Result prepared(PQprepare(conn_, name.c_str(), text.c_str(), 0, nullptr));
    if (!ok_status(prepared.get())) raise(prepared.get(), "prepare");
    cached = std::make_unique<Statement>(*this, std::move(name), query.text);
    return *cached;
}

Result Connection::run_prepared(const std::string& name, const Params& params) {
    if (PQpipelineStatus(conn_) != PQ_PIPELINE_OFF) {
        send_later(name, params);  // behind the statements sent earlier, in the same round trip
        std::optional<Result> last;
        drain(&last);
        if (!last) raise(nullptr, "query");
        return std::move(*last);
    }
    auto pointers = params.pointers();
    Result r(PQexecPrepared(conn_, name.c_str(), params.size(), pointers.data(), params.lengths(), params.formats(),
                            0));
    if (!ok_status(r.get())) raise(r.get(), "query");
    return r;
}

Result Connection::query(const char* sql, const Params& params) {
    settle();
    auto pointers = params.pointers();
    Result r(PQexecParams(conn_, sql, params.size(), nullptr, pointers.data(), params.lengths(), params.formats(), 0));
    if (!ok_status(r.get())) raise(r.get(), "query");
    return r;
}

void Connection::exec_all(const char* sql, std::vector<Result>& received) {
    settle();
    if (!PQsendQuery(conn_, sql)) raise(nullptr, "send");
    std::optional<Result> failed;
    while (PGresult* r = PQgetResult(conn_)) {
        Result result(r);
        if (failed) continue;  // the rest of the batch was skipped by the server; drain it
        if (ok_status(r)) received.push_back(std::move(result));
        else failed.emplace(std::move(result));
    }
    if (failed) raise(failed->get(), "exec");
    if (PQstatus(conn_) != CONNECTION_OK) raise(nullptr, "exec");
}

void Statement::check_index(int index) const {
    // libpq takes parameters in order; Call binds them so.
    if (index != params_.size() + 1)
        fail(Status::internal, "postgresql: parameter " + std::to_string(index) + " bound out of order");
}

void Statement::bind_text(int index, std::string_view value) {
    check_index(index);
    params_.text(value);
}

void Statement::bind_integer(int index, int64_t value) {
    check_index(index);
    params_.integer(value);
}

void Statement::bind_bool(int index, bool value) {
    check_index(index);
    params_.boolean(value);
}

void Statement::bind_bytes(int index, std::string_view value) {
    check_index(index);
    params_.bytes(value);
}

void Statement::bind_null(int index) {
    check_index(index);
    params_.integer(std::nullopt);
}

bool Statement::step() {
    if (!result_) {
        result_.emplace(conn_.run_prepared(name_, params_));
        row_ = -1;
    }
    return ++row_ < result_->rows();
}

void Statement::run_later() { conn_.send_later(name_, params_); }

void Connection::run_together(std::initializer_list<sql::Statement*> statements) {
    // Sent as run_later sends, behind what was sent before, whose answers come first in the same round trip.
    for (sql::Statement* s : statements) s->run_later();
    std::vector<Result> answers;
    drain(nullptr, &answers);
    if (answers.size() < statements.size()) raise(nullptr, "pipeline");
    std::size_t k = answers.size() - statements.size();
    for (sql::Statement* s : statements) static_cast<Statement*>(s)->keep(std::move(answers[k++]));
}

void Statement::reset() noexcept {
    params_.clear();
    result_.reset();
    row_ = -1;
}

}  // namespace loyalty::core::postgres
