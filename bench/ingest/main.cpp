// Durable webhook ingest over HTTPS, end to end: engines and the library's server in this process,
// driven by keep-alive TLS connections. The webhook rate only means something beside the ceiling of
// the same HTTP/TLS stack, so the same connections first hammer GET /healthz, then POST distinct
// signed Haravan orders; the ratio of the two is the figure that matters.
// One run measures up to three cases with the same workload, each on fresh storage:
//   sqlite  one engine on a fresh SQLite file (synchronous=full)
//   pg1     one engine on a fresh PostgreSQL schema
//   pg2     two engines, each with its own server and connection pool, on one fresh schema, the
//           connections spread across both servers
// The PostgreSQL cases need a server: --postgresql URI or LOYALTY_BENCH_POSTGRESQL; without one they
// are skipped.
// Usage: bench_ingest [CONNECTIONS] [SECONDS] [DIR] [--postgresql URI] [--pool-size N] [--shops N]
//                     [--customers cycle|random] [--cases LIST] [--no-analyze] [--runs N (default 3: ratios as min / median / max)]
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <libpq-fe.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <sys/resource.h>
#include <unistd.h>

#include "args.hpp"
#include "loyalty/loyalty.h"
#include "self_signed.hpp"

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr const char* kSecret = "bench-haravan-secret-1";
constexpr int kCustomers = 1000;
// Two threads drive every connection: the client does as much TLS work per request as the server,
// and on a 2-core machine more threads would only steal more of the cores the server runs on.
constexpr unsigned kClientThreads = 2;
// A request that takes this long is a stalled server, not a slow one: it is reported as such.
constexpr auto kStall = std::chrono::seconds(30);

[[noreturn]] void die(const std::string& message) {
    std::fprintf(stderr, "bench_ingest: %s\n", message.c_str());
    std::exit(1);
}

// ---- Requests ----

std::string base64(const unsigned char* data, int len) {
    std::string out(static_cast<std::size_t>(4 * ((len + 2) / 3)), '\0');
    int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, len);
    out.resize(static_cast<std::size_t>(n));
    return out;
}

std::string iso8601(std::int64_t unix_ms) {
    std::time_t seconds = static_cast<std::time_t>(unix_ms / 1000);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char buf[96];  // room for any int the format could be given, so GCC can prove no truncation
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(unix_ms % 1000));
    return buf;
}

// Shops the orders are spread over (--shops): "bench", or "bench-0" to "bench-<N-1>".
int g_shops = 1;
// Which customer each timed order comes from (--customers): "cycle" takes them in turn, in the order the warm-up
// created them, the best case for a store whose member ids sort by creation; "random" draws one at random for
// each order, as returning customers come to a shop.
bool g_random_customers = false;

int customer_of(std::uint64_t i) {
    if (!g_random_customers || i < static_cast<std::uint64_t>(kCustomers)) return static_cast<int>(i % kCustomers);
    std::uint64_t z = i + 0x9e3779b97f4a7c15ULL;  // splitmix64: the same draw for the same order in every run
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return static_cast<int>((z ^ (z >> 31)) % kCustomers);
}

std::string shop_id(int k) { return g_shops == 1 ? std::string("bench") : "bench-" + std::to_string(k); }

// Order `i` of the run, as a complete HTTP/1.1 request: a new order every time (its own id and
// updated_at), from one of kCustomers returning customers, each a customer of one shop.
std::string webhook_request(std::uint64_t i) {
    static const char* const first[] = {"An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Khánh", "Linh", "Minh", "Nga"};
    static const char* const last[] = {"Nguyễn Văn", "Trần Thị", "Lê Văn", "Phạm Thị", "Hoàng Văn", "Vũ Thị"};
    const std::int64_t base_ms = 1716174600000;  // 2024-05-20T03:10:00Z, like the example
    const int customer = customer_of(i);
    const std::int64_t subtotal = 100000 + static_cast<std::int64_t>(i % 50) * 10000;
    char phone[16];
    std::snprintf(phone, sizeof phone, "09%08d", 10000000 + customer * 7919 % 90000000);
    std::string id = std::to_string(500000000 + i);
    std::string body;
    body.reserve(512);
    body += R"({"id":)" + id + R"(,"name":"#)" + id + R"(","currency":"VND","created_at":")" +
            iso8601(base_ms + static_cast<std::int64_t>(i) * 1000) + R"(","updated_at":")" +
            iso8601(base_ms + static_cast<std::int64_t>(i) * 1000 + 161512) +
            R"(","financial_status":"paid","fulfillment_status":null,"cancelled_at":null,"subtotal_price":")" +
            std::to_string(subtotal) + R"(.0000","total_price":")" + std::to_string(subtotal + 30000) +
            R"(.0000","customer":{"id":)" + std::to_string(700000 + customer) + R"(,"phone":")" + phone +
            R"(","first_name":")" + first[customer % 10] + R"(","last_name":")" + last[customer % 6] + R"("}})";

    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int mac_len = 0;
    HMAC(EVP_sha256(), kSecret, static_cast<int>(std::char_traits<char>::length(kSecret)),
         reinterpret_cast<const unsigned char*>(body.data()), body.size(), mac, &mac_len);
    std::string req;
    req.reserve(body.size() + 256);
    req += "POST /webhooks/haravan/" + shop_id(customer % g_shops) +
           " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
           "X-Haravan-Topic: orders/paid\r\nX-Haravan-Hmacsha256: ";
    req += base64(mac, static_cast<int>(mac_len));
    req += "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n";
    req += body;
    return req;
}

const std::string kHealthz = "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n";

// ---- The load generator ----

using Stream = beast::ssl_stream<beast::tcp_stream>;

struct Connection {
    tcp::endpoint server;  // which instance this connection talks to
    std::unique_ptr<Stream> stream;
    beast::flat_buffer buffer;
    std::vector<std::uint32_t> latency_us;
    std::uint64_t in_window = 0;  // good answers that arrived before the deadline
    std::uint64_t applied = 0;    // every "applied" answer, including the last one after the deadline
    std::uint64_t errors = 0;
};

enum class Kind { healthz, webhook, duplicate };

struct Phase {
    explicit Phase(Kind k) : kind(k) {}
    Kind kind;
    const std::vector<std::string>* pool = nullptr;
    std::atomic<std::uint64_t> next{0};
    std::uint64_t limit = UINT64_MAX;  // orders past this one are not sent (the warm-up sends a fixed number)
    std::uint64_t first = 0, count = 0;  // duplicates: the pool's orders [first, first + count), sent again in turn
    std::atomic<std::uint64_t> signed_late{0};
    // Paced: each connection sends one request every `pace` (the connections spread evenly over it), whatever the
    // answers; zero: the next as soon as the last is answered.
    Clock::duration pace{0};
    std::atomic<int> started{0};
    Clock::time_point deadline;
    std::mutex mutex;
    std::map<std::string, std::uint64_t> error_kinds;
    int printed = 0;

    void error(const std::string& kind, const std::string& detail) {
        std::lock_guard lock(mutex);
        ++error_kinds[kind];
        // Enough to see what went wrong without flooding the terminal when everything does.
        if (printed++ < 10) std::fprintf(stderr, "  error: %s: %s\n", kind.c_str(), detail.c_str());
    }
};

struct Client {
    net::io_context io;
    ssl::context tls{ssl::context::tls_client};
    std::vector<Connection> connections;

    net::awaitable<void> connect(Connection& c, beast::error_code& ec) {
        c.stream = std::make_unique<Stream>(io, tls);
        c.buffer.clear();
        c.stream->set_verify_callback(ssl::host_name_verification("localhost"));
        auto& tcp_stream = beast::get_lowest_layer(*c.stream);
        tcp_stream.expires_after(kStall);
        co_await tcp_stream.async_connect(c.server, net::redirect_error(net::use_awaitable, ec));
        if (ec) co_return;
        // Requests go out as one write each; Nagle would only hold the next one behind a delayed ACK.
        tcp_stream.socket().set_option(tcp::no_delay(true), ec);
        co_await c.stream->async_handshake(ssl::stream_base::client, net::redirect_error(net::use_awaitable, ec));
    }

    net::awaitable<void> open(Connection& c, std::atomic<int>& failed) {
        beast::error_code ec;
        co_await connect(c, ec);
        if (ec) {
            std::fprintf(stderr, "  connect/handshake failed: %s\n", ec.message().c_str());
            c.stream.reset();
            ++failed;
        }
    }

    net::awaitable<void> drive(Connection& c, Phase& p) {
        std::string late;
        const bool paced = p.pace.count() > 0;
        Clock::time_point due = Clock::now();
        if (paced) due += p.pace * p.started.fetch_add(1) / static_cast<int>(connections.size());
        while (c.stream && Clock::now() < p.deadline) {
            if (paced) {
                if (due >= p.deadline) break;
                if (due > Clock::now()) {
                    net::steady_timer timer(co_await net::this_coro::executor, due);
                    co_await timer.async_wait(net::use_awaitable);
                }
            }
            const std::string* request = &kHealthz;
            if (p.kind == Kind::webhook) {
                std::uint64_t i = p.next.fetch_add(1, std::memory_order_relaxed);
                if (i >= p.limit) break;
                if (i < p.pool->size()) {
                    request = &(*p.pool)[i];
                } else {
                    late = webhook_request(i);
                    request = &late;
                    p.signed_late.fetch_add(1, std::memory_order_relaxed);
                }
            } else if (p.kind == Kind::duplicate) {
                std::uint64_t i = p.next.fetch_add(1, std::memory_order_relaxed);
                request = &(*p.pool)[p.first + i % p.count];
            }
            beast::error_code ec;
            // Paced, a request sent late counts from when it was due: the wait was the server's doing.
            auto start = paced ? due : Clock::now();
            due += p.pace;
            auto& tcp_stream = beast::get_lowest_layer(*c.stream);
            tcp_stream.expires_after(kStall);
            co_await net::async_write(*c.stream, net::buffer(*request), net::redirect_error(net::use_awaitable, ec));
            http::response<http::string_body> res;
            if (!ec) co_await http::async_read(*c.stream, c.buffer, res, net::redirect_error(net::use_awaitable, ec));
            auto end = Clock::now();
            if (ec) {
                ++c.errors;
                p.error(ec == beast::error::timeout ? "stalled (no answer in 30 s)" : "transport: " + ec.message(),
                        ec.message());
                // The answer is lost, not the connection's share of the load: open another and go on.
                beast::error_code closing;
                tcp_stream.socket().close(closing);
                co_await connect(c, ec);
                if (ec) {
                    p.error("reconnect failed", ec.message());
                    c.stream.reset();
                }
                continue;
            }
            c.latency_us.push_back(
                static_cast<std::uint32_t>(std::chrono::duration_cast<std::chrono::microseconds>(end - start).count()));
            bool good = res.result_int() == 200;
            if (good && p.kind == Kind::webhook) good = res.body().find("\"outcome\":\"applied\"") != std::string::npos;
            if (good && p.kind == Kind::duplicate)
                good = res.body().find("\"outcome\":\"duplicate\"") != std::string::npos;
            if (!good) {
                ++c.errors;
                std::string kind = "HTTP " + std::to_string(res.result_int());
                if (res.result_int() == 200) {
                    auto at = res.body().find("\"outcome\":\"");
                    kind += at == std::string::npos ? " without outcome" : " outcome " + res.body().substr(at + 11, 12);
                }
                p.error(kind, res.body().substr(0, 300));
            } else {
                if (p.kind == Kind::webhook) ++c.applied;
                if (end <= p.deadline) ++c.in_window;
            }
            if (!res.keep_alive()) {
                p.error("server closed the connection", "Connection: close on a keep-alive request");
                beast::error_code closing;
                tcp_stream.socket().close(closing);
                co_await connect(c, ec);
                if (ec) c.stream.reset();
            }
        }
    }

    void run_io() {
        io.restart();
        std::vector<std::thread> threads;
        for (unsigned t = 0; t < kClientThreads; ++t) threads.emplace_back([this] { io.run(); });
        for (auto& t : threads) t.join();
    }
};

struct Row {
    const char* name;
    double rate;
    double p50_ms;
    double p99_ms;
    std::uint64_t errors;
    std::uint64_t applied;
    double cpu_cores;  // CPU time of the whole process (server and generator) per second of the phase
    double wall_s;     // how long the phase took, the last answers after its deadline included
};

double cpu_seconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    auto s = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
    return s(u.ru_utime) + s(u.ru_stime);
}

Row run_phase(Client& client, Phase& phase, const char* name, double seconds) {
    for (auto& c : client.connections) {
        c.latency_us.clear();
        c.latency_us.reserve(65536);
        c.in_window = c.applied = c.errors = 0;
    }
    double cpu_start = cpu_seconds();
    auto start = Clock::now();
    phase.deadline = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    for (auto& c : client.connections) net::co_spawn(client.io, client.drive(c, phase), net::detached);
    client.run_io();
    double wall = std::chrono::duration<double>(Clock::now() - start).count();

    Row row{name, 0, 0, 0, 0, 0, (cpu_seconds() - cpu_start) / wall, wall};
    std::vector<std::uint32_t> all;
    std::uint64_t good = 0;
    for (auto& c : client.connections) {
        all.insert(all.end(), c.latency_us.begin(), c.latency_us.end());
        good += c.in_window;
        row.errors += c.errors;
        row.applied += c.applied;
    }
    row.rate = static_cast<double>(good) / seconds;
    auto percentile = [&](double q) {
        if (all.empty()) return 0.0;
        auto at = all.begin() + static_cast<std::ptrdiff_t>(q * static_cast<double>(all.size() - 1));
        std::nth_element(all.begin(), at, all.end());
        return *at / 1000.0;
    };
    row.p50_ms = percentile(0.50);
    row.p99_ms = percentile(0.99);
    return row;
}

// ---- PostgreSQL administration: a fresh schema per case, and the server's transaction counters ----

std::string with_param(const std::string& url, const std::string& param) {
    return url + (url.find('?') == std::string::npos ? "?" : "&") + param;
}

// Runs one statement (no values: names this program made up) on a connection of its own, and
// returns the first row.
std::vector<std::string> admin_sql(const std::string& url, const std::string& sql) {
    PGconn* c = PQconnectdb(url.c_str());
    if (PQstatus(c) != CONNECTION_OK) {
        std::string message = PQerrorMessage(c);
        PQfinish(c);
        die("postgresql: cannot connect: " + message);
    }
    PQsetNoticeProcessor(c, [](void*, const char*) {}, nullptr);
    PGresult* r = PQexec(c, sql.c_str());
    bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
    std::string message = PQresultErrorMessage(r);
    std::vector<std::string> row;
    if (ok && PQntuples(r) > 0)
        for (int i = 0; i < PQnfields(r); ++i) row.emplace_back(PQgetvalue(r, 0, i));
    PQclear(r);
    PQfinish(c);
    if (!ok) die("postgresql: " + sql + ": " + message);
    return row;
}

struct PgCounters {
    long long commits = 0;
    long long rollbacks = 0;
    long long sessions = 0;  // connections opened
};

// The database's committed and rolled-back transactions. Backends report theirs when they exit (or
// now and then), so this is read before the engines open and after they have closed.
PgCounters pg_counters(const std::string& url) {
    // Wait for the engines' backends to go, so their counts are in.
    for (int i = 0; i < 100; ++i) {
        auto left = admin_sql(url, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'loyalty'");
        if (!left.empty() && left[0] == "0") break;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    auto row = admin_sql(url, "SELECT xact_commit, xact_rollback, sessions FROM pg_stat_database "
                              "WHERE datname = current_database()");
    if (row.size() != 3) die("postgresql: no pg_stat_database row for the current database");
    return {std::atoll(row[0].c_str()), std::atoll(row[1].c_str()), std::atoll(row[2].c_str())};
}

// ---- One case: storage, instances, the two phases, the ledger check ----

// `s` as a JSON string literal: a URI or a path may hold a quote or a backslash.
std::string json_string(const std::string& s) {
    std::string out = "\"";
    for (char ch : s) {
        if (ch == '"' || ch == '\\') out += '\\';
        if (static_cast<unsigned char>(ch) < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(ch));
            out += buf;
            continue;
        }
        out += ch;
    }
    return out + "\"";
}

struct Options {
    int connections = 64;
    double seconds = 5.0;
    std::filesystem::path dir;
    std::string postgresql;  // base URI, "" when the PostgreSQL cases are skipped
    int pool_size = 0;       // 0: the library's default
    bool analyze = true;     // ANALYZE the PostgreSQL schema after the warm-up
    std::string cert, key;
    const std::vector<std::string>* pool = nullptr;
};

struct CaseResult {
    std::string storage;
    int instances = 0;
    Row warmup{}, healthz{}, webhooks{}, duplicates{}, half{};
    std::uint64_t signed_late = 0;
    std::uint64_t applied = 0;     // every applied webhook, warm-up included
    std::optional<PgCounters> pg;  // transactions and connections during the whole case, on PostgreSQL
    bool consistent = false;
    long long entries = -1;
    bool ok = false;
};

CaseResult run_case(const Options& o, const std::string& storage, int instances, const std::string& label) {
    CaseResult result;
    result.storage = storage;
    result.instances = instances;
    bool postgres = storage == "postgresql";

    std::string url;
    std::string schema;
    PgCounters before;
    if (postgres) {
        // Fresh every case, like the SQLite file: an earlier run's orders would make this one's "duplicate".
        schema = "bench_ingest_" + std::to_string(::getpid()) + "_" + std::to_string(instances);
        admin_sql(o.postgresql, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        admin_sql(o.postgresql, "CREATE SCHEMA " + schema);
        url = with_param(o.postgresql, "options=-csearch_path%3D" + schema);
        before = pg_counters(o.postgresql);
    } else {
        std::filesystem::remove(o.dir / "loyalty.db");
        url = "sqlite:" + (o.dir / "loyalty.db").string();
    }

    std::string config = R"({"storage": )" + json_string(url) + ", ";
    if (postgres && o.pool_size > 0) config += R"("postgresql": {"pool_size": )" + std::to_string(o.pool_size) + "}, ";
    config += R"("shops": [)";
    for (int k = 0; k < g_shops; ++k) {
        config += (k ? ", " : "") + std::string(R"({"shop_id": ")") + shop_id(k) +
                  R"(", "timezone": "Asia/Ho_Chi_Minh", "earn": {"spend_per_point": 1000},)"
                  R"( "connections": [{"platform": "haravan", "secret": ")" + kSecret + R"("}]})";
    }
    config += "]}";
    std::string server_json = R"({"listen": {"address": "127.0.0.1", "port": 0, "tls": {"cert": )" +
                              json_string(o.cert) + R"(, "key": )" + json_string(o.key) +
                              R"(}}, "admin_token": "bench-admin-token-0123456789", "threads": {"io": 2},)"
                              R"( "access_log": false)";
    // Every connection comes from one loopback address, as if from one platform's senders: the limits per client
    // address are raised with the total, or they would shed the load the bench means to measure.
    const std::string most = std::to_string(std::max(o.connections + 24, 1024));
    server_json += R"(, "limits": {"max_connections": )" + most + R"(, "max_connections_per_address": )" + most +
                   R"(, "max_handshakes_per_address": )" + most + R"(, "handshakes_per_second_per_address": )" +
                   std::to_string(1 << 20) + "}";
    server_json += "}";

    // Each instance is what one loyaltyd would be: its own engine (and so its own store and pool)
    // and its own server; they share only the database.
    std::vector<loyalty_engine*> engines;
    std::vector<loyalty_server*> servers;
    std::vector<tcp::endpoint> endpoints;
    for (int i = 0; i < instances; ++i) {
        loyalty_engine* engine = nullptr;
        if (loyalty_open(config.c_str(), &engine) != LOYALTY_OK) die(std::string("open: ") + loyalty_last_error());
        engines.push_back(engine);
        loyalty_server* server = nullptr;
        if (loyalty_server_start(engine, server_json.c_str(), &server) != LOYALTY_OK)
            die(std::string("server: ") + loyalty_last_error());
        servers.push_back(server);
        endpoints.emplace_back(net::ip::make_address("127.0.0.1"),
                               static_cast<unsigned short>(loyalty_server_port(server)));
    }

    Client client;
    client.tls.load_verify_file(o.cert);
    client.tls.set_verify_mode(ssl::verify_peer);
    client.connections.resize(static_cast<std::size_t>(o.connections));
    // Round robin, as a load balancer would spread them.
    for (std::size_t i = 0; i < client.connections.size(); ++i)
        client.connections[i].server = endpoints[i % endpoints.size()];
    std::atomic<int> failed{0};
    for (auto& c : client.connections) net::co_spawn(client.io, client.open(c, failed), net::detached);
    client.run_io();
    if (failed > 0)
        die(std::to_string(failed.load()) + " of " + std::to_string(o.connections) + " connections failed to open");

    std::string ports;
    for (const auto& e : endpoints) ports += (ports.empty() ? "" : ", ") + std::to_string(e.port());
    std::printf("\n== %s: %s, %d instance%s (port%s %s), %d connections%s, %s %s\n", label.c_str(),
                postgres ? ("schema " + schema).c_str() : url.c_str(), instances, instances > 1 ? "s" : "",
                instances > 1 ? "s" : "", ports.c_str(), o.connections, instances > 1 ? " split between them" : "",
                SSL_get_version(client.connections[0].stream->native_handle()),
                SSL_get_cipher_name(client.connections[0].stream->native_handle()));
    std::fflush(stdout);

    // Warm-up, not timed: one order from each customer, so every timed webhook is from a returning
    // member whatever the storage's speed (a first order also creates the member).
    Phase warmup(Kind::webhook);
    warmup.pool = o.pool;
    warmup.limit = kCustomers;
    Row warm = run_phase(client, warmup, "warm-up", 3600);
    result.warmup = warm;
    if (postgres && o.analyze) {
        // A fresh schema has no statistics, and the statements each connection prepared on the empty
        // tables keep the plans made then (one looks an order up by scanning all the shop's orders).
        // A database in service has been analysed by autovacuum, which also makes the connections
        // plan again; this does now what autovacuum would do within a minute or two.
        admin_sql(o.postgresql, "DO $$ DECLARE t text; BEGIN FOR t IN SELECT tablename FROM pg_tables "
                                "WHERE schemaname = '" + schema + "' LOOP EXECUTE format('ANALYZE %I.%I', '" +
                                    schema + "', t); END LOOP; END $$");
    }
    Phase healthz(Kind::healthz);
    result.healthz = run_phase(client, healthz, "GET /healthz", o.seconds);
    Phase webhooks(Kind::webhook);
    webhooks.pool = o.pool;
    webhooks.next = kCustomers;
    result.webhooks = run_phase(client, webhooks, "POST /webhooks", o.seconds);
    result.signed_late = webhooks.signed_late;
    // The orders just applied, delivered again as a platform's retries would be: answered from a read.
    Phase duplicates(Kind::duplicate);
    duplicates.pool = o.pool;
    duplicates.first = kCustomers;
    duplicates.count = std::min<std::uint64_t>(result.webhooks.applied, o.pool->size() - kCustomers);
    if (duplicates.count > 0) result.duplicates = run_phase(client, duplicates, "POST duplicates", o.seconds);
    // New orders again, offered at half the rate just measured: the latency a shop sees when the server is busy but
    // not full.
    Phase half(Kind::webhook);
    half.pool = o.pool;
    half.next = webhooks.next.load();
    if (result.webhooks.rate > 0) {
        half.pace = std::chrono::duration_cast<Clock::duration>(
            std::chrono::duration<double>(o.connections / (result.webhooks.rate / 2)));
        result.half = run_phase(client, half, "half load", o.seconds);
    }

    for (auto& c : client.connections) {
        if (!c.stream) continue;
        beast::error_code ignored;
        beast::get_lowest_layer(*c.stream).socket().close(ignored);
    }
    client.connections.clear();
    for (auto* s : servers) loyalty_server_stop(s);

    const Row& h = result.healthz;
    const Row& w = result.webhooks;
    const Row& dup = result.duplicates;
    const Row& hl = result.half;
    std::printf("warm-up: %d orders (one per customer, not timed) in %.2f s, %llu errors\n", kCustomers, warm.wall_s,
                static_cast<unsigned long long>(warm.errors));
    std::printf("%-16s %11s %12s %9s %9s %8s %9s\n", "phase", "connections", "requests/s", "p50 ms", "p99 ms", "errors",
                "CPU cores");
    for (const Row* r : {&h, &w, &dup, &hl})
        std::printf("%-16s %11d %12.0f %9.2f %9.2f %8llu %9.2f\n", r->name, o.connections, r->rate, r->p50_ms,
                    r->p99_ms, static_cast<unsigned long long>(r->errors), r->cpu_cores);
    double ratio = h.rate > 0 ? w.rate / h.rate : 0;
    std::printf("webhooks/s / healthz/s = %.2f, duplicates/s / healthz/s = %.2f\n", ratio,
                h.rate > 0 ? dup.rate / h.rate : 0);
    if (webhooks.signed_late > 0)
        std::printf("note: the pool of %zu pre-signed orders ran out; %llu were signed during the run\n",
                    o.pool->size(), static_cast<unsigned long long>(webhooks.signed_late.load()));
    for (Phase* p : {&warmup, &healthz, &webhooks, &duplicates, &half})
        for (const auto& [kind, n] : p->error_kinds)
            std::printf("errors in %s: %llu x %s\n",
                        p == &warmup     ? "warm-up"
                        : p == &healthz  ? "healthz"
                        : p == &webhooks ? "webhooks"
                        : p == &half     ? "half load"
                                         : "duplicates",
                        static_cast<unsigned long long>(n), kind.c_str());

    // The ledger check and the entry count cover the whole store, so one instance's maintenance
    // sees what every instance wrote.
    char* report = nullptr;
    auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
    if (loyalty_run_maintenance(engines[0], now.count(), &report) != LOYALTY_OK)
        die(std::string("maintenance: ") + loyalty_last_error());
    std::string r = report;
    loyalty_free(report);
    result.consistent = r.find("\"ledger_consistent\":true") != std::string::npos;
    if (auto at = r.find("\"entries\":"); at != std::string::npos) result.entries = std::atoll(r.c_str() + at + 10);
    std::uint64_t applied = warm.applied + w.applied + hl.applied;
    result.applied = applied;
    bool match = result.entries == static_cast<long long>(applied);
    result.ok = result.consistent && match;
    std::printf("ledger: consistent=%s, entries=%lld, applied webhooks=%llu (warm-up %llu + timed %llu + half load "
                "%llu) (%s)\n",
                result.consistent ? "true" : "FALSE", result.entries, static_cast<unsigned long long>(applied),
                static_cast<unsigned long long>(warm.applied), static_cast<unsigned long long>(w.applied),
                static_cast<unsigned long long>(hl.applied),
                match ? "equal" : "MISMATCH");
    for (auto* e : engines) loyalty_close(e);

    if (postgres) {
        PgCounters after = pg_counters(o.postgresql);
        result.pg = PgCounters{after.commits - before.commits, after.rollbacks - before.rollbacks,
                               after.sessions - before.sessions};
        // Nothing in this workload is refused, so a rolled-back transaction is one that lost a race
        // (serialization failure, deadlock, duplicate key) and was run again. Counted over the whole
        // case: warm-up, both phases and maintenance (the server publishes its counters lazily).
        std::printf("postgresql, whole case: %lld transactions committed, %lld rolled back and run again "
                    "(%.2f per applied webhook), %lld connections opened\n",
                    result.pg->commits, result.pg->rollbacks,
                    applied > 0 ? static_cast<double>(result.pg->rollbacks) / static_cast<double>(applied) : 0.0,
                    result.pg->sessions);
        admin_sql(o.postgresql, "DROP SCHEMA " + schema + " CASCADE");
    } else {
        for (const char* suffix : {"", "-wal", "-shm"})
            std::filesystem::remove(o.dir / ("loyalty.db" + std::string(suffix)));
    }
    std::fflush(stdout);
    return result;
}

// Issue 18's PostgreSQL targets, each a ratio of two cases' figures in the same run (run k of one case against run k
// of the other), as min / median / max over the runs.
void print_targets(const std::vector<CaseResult>& results, int runs) {
    auto runs_of = [&](const std::string& storage, int instances) {
        std::vector<const CaseResult*> out;
        for (const auto& r : results)
            if (r.storage == storage && r.instances == instances) out.push_back(&r);
        return out;
    };
    auto sqlite = runs_of("sqlite", 1), pg1 = runs_of("postgresql", 1), pg2 = runs_of("postgresql", 2);
    auto cpu_per_webhook = [](const CaseResult* r) {
        return r->webhooks.rate > 0 ? r->webhooks.cpu_cores / r->webhooks.rate : 0.0;
    };
    auto line = [&](const char* what, const std::vector<const CaseResult*>& top,
                    const std::vector<const CaseResult*>& bottom, auto figure, const char* aim) {
        if (top.empty() || bottom.empty()) return;
        std::vector<double> v;
        for (std::size_t k = 0; k < std::min(top.size(), bottom.size()); ++k) {
            double b = figure(bottom[k]);
            v.push_back(b > 0 ? figure(top[k]) / b : 0);
        }
        std::sort(v.begin(), v.end());
        std::printf("  %-58s %.2f / %.2f / %.2f  (%s)\n", what, v.front(), v[v.size() / 2], v.back(), aim);
    };
    if (pg1.empty() && pg2.empty()) return;
    std::printf("\nPostgreSQL against SQLite and one instance against two, min / median / max over %d run%s:\n", runs,
                runs > 1 ? "s" : "");
    auto rate = [](const CaseResult* r) { return r->webhooks.rate; };
    line("webhooks/s, PostgreSQL one instance / SQLite", pg1, sqlite, rate, "aim >= 0.5");
    line("webhooks/s, PostgreSQL two instances / one", pg2, pg1, rate, "aim >= 1.0");
    // Both instances and the load generator share this process, so this is the process's CPU; the generator's part
    // per webhook is the same in both cases.
    line("CPU per webhook (this process), two instances / one", pg2, pg1, cpu_per_webhook, "aim <= 1.1");
    for (const auto* set : {&pg1, &pg2}) {
        if (set->empty()) continue;
        std::uint64_t most = 0;
        for (const auto* r : *set) most = std::max<std::uint64_t>(most, r->warmup.errors);
        std::printf("  %-58s %llu  (aim 0)\n",
                    set == &pg1 ? "warm-up errors (1000 new customers), one instance, worst run"
                                : "warm-up errors (1000 new customers), two instances, worst run",
                    static_cast<unsigned long long>(most));
    }
}

using loyalty::bench::number_value;
using loyalty::bench::refuse;
using loyalty::bench::seconds_value;

constexpr const char* kUsage =
    "usage: bench_ingest [CONNECTIONS] [SECONDS] [DIR] [--postgresql URI] [--pool-size N] [--shops N]\n"
    "                    [--customers cycle|random] [--cases sqlite,pg1,pg2] [--no-analyze]\n"
    "                    [--runs N]";

[[noreturn]] void usage(const std::string& problem) { refuse(problem, kUsage); }

int number(const char* name, const std::string& text, long lo, long hi) {
    return static_cast<int>(number_value(name, text.c_str(), lo, hi, kUsage));
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    std::vector<std::string> positional;
    std::string cases = "sqlite,pg1,pg2";
    int runs = 3;  // each case this many times: the ratios are printed as min / median / max
    if (const char* env = std::getenv("LOYALTY_BENCH_POSTGRESQL")) o.postgresql = env;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) usage(arg + " needs a value");
            return argv[++i];
        };
        if (arg == "--postgresql") o.postgresql = value();
        else if (arg == "--pool-size") o.pool_size = number("--pool-size", value(), 0, 1000);
        else if (arg == "--cases") cases = value();
        else if (arg == "--shops") g_shops = number("--shops", value(), 1, kCustomers);
        else if (arg == "--customers") {
            std::string how = value();
            if (how != "cycle" && how != "random") usage("--customers is cycle or random, not '" + how + "'");
            g_random_customers = how == "random";
        }
        else if (arg == "--no-analyze") o.analyze = false;
        else if (arg == "--runs") runs = number("--runs", value(), 1, 1000);
        else if (arg.starts_with("--")) usage("unknown option " + arg);
        else positional.push_back(arg);
    }
    if (positional.size() > 3) usage("too many arguments");
    if (positional.size() > 0) o.connections = number("CONNECTIONS", positional[0], 1, 4096);
    if (positional.size() > 1) o.seconds = seconds_value("SECONDS", positional[1].c_str(), 0.05, 3600, kUsage);
    std::vector<std::string> wanted;
    {
        std::stringstream list(cases);
        for (std::string c; std::getline(list, c, ',');) {
            if (c != "sqlite" && c != "pg1" && c != "pg2") usage("--cases takes sqlite, pg1 and pg2, not '" + c + "'");
            wanted.push_back(c);
        }
    }
    std::filesystem::path parent =
        positional.size() > 2 ? std::filesystem::path(positional[2]) : std::filesystem::temp_directory_path();
    // Fresh every run: an earlier run's orders would make this one's "duplicate" or "stale".
    o.dir = parent / ("bench_ingest-" + std::to_string(::getpid()));
    std::filesystem::remove_all(o.dir);
    std::filesystem::create_directories(o.dir);
    o.cert = (o.dir / "cert.pem").string();
    o.key = (o.dir / "key.pem").string();
    try {
        loyalty::bench::write_self_signed(o.cert, o.key);
    } catch (const std::exception& e) {
        die(e.what());
    }

    // Signed before the clock starts so the generator's HMACs never hold the server back; the pool
    // covers far more than this machine ingests, and past it the connections sign their own. Every
    // case starts on empty storage, so each replays the same orders.
    std::vector<std::string> pool;
    auto pool_size = std::min<std::size_t>(static_cast<std::size_t>(20000 * o.seconds) + 1000, 250000);
    pool.reserve(pool_size);
    for (std::size_t i = 0; i < pool_size; ++i) pool.push_back(webhook_request(i));
    o.pool = &pool;

    std::printf("bench_ingest: %d keep-alive TLS connections, %.1f s per phase; each instance a server on\n"
                "              127.0.0.1 (2 I/O threads); %u client threads in the same process, %u cores;\n"
                "              %d customers in %d shop%s, each timed order's customer %s\n",
                o.connections, o.seconds, kClientThreads, std::thread::hardware_concurrency(), kCustomers, g_shops,
                g_shops > 1 ? "s" : "",
                g_random_customers ? "drawn at random (--customers random)" : "the next in turn (--customers cycle)");
    std::printf("SQLite: files in %s (synchronous=full)\n", o.dir.string().c_str());
    if (o.postgresql.empty()) {
        std::printf("PostgreSQL: skipped (no --postgresql URI and no LOYALTY_BENCH_POSTGRESQL)\n");
    } else {
        auto s = admin_sql(o.postgresql, "SELECT current_setting('server_version'), current_setting('fsync'), "
                                         "current_setting('synchronous_commit'), current_setting('full_page_writes'), "
                                         "current_database()");
        std::printf("PostgreSQL: %s, database %s, fsync=%s, synchronous_commit=%s, full_page_writes=%s;\n"
                    "            pool_size %s per instance; the schema %s after the warm-up\n",
                    s[0].c_str(), s[4].c_str(), s[1].c_str(), s[2].c_str(), s[3].c_str(),
                    o.pool_size > 0 ? std::to_string(o.pool_size).c_str() : "8 (default)",
                    o.analyze ? "is analysed" : "is NOT analysed (--no-analyze)");
        if (s[1] != "on" || s[2] != "on")
            std::printf("WARNING: commits on this server are not durable: its figures do not compare with SQLite's\n");
    }

    std::vector<CaseResult> results;
    std::vector<std::string> skipped;
    for (const auto& c : wanted) {
        if (c != "sqlite" && o.postgresql.empty()) {
            skipped.push_back(c);
            continue;
        }
        for (int run = 0; run < runs; ++run) {
            if (c == "sqlite") results.push_back(run_case(o, "sqlite", 1, "SQLite"));
            else results.push_back(run_case(o, "postgresql", c == "pg1" ? 1 : 2, "PostgreSQL"));
        }
    }

    std::printf("\n%-11s %9s %10s %7s %11s %8s %8s %7s %6s %9s %10s %6s\n", "storage", "instances", "healthz/s",
                "hz err", "webhooks/s", "p50 ms", "p99 ms", "wh err", "ratio", "dup ratio", "retries/wh", "ledger");
    bool ok = true;
    for (const auto& r : results) {
        double ratio = r.healthz.rate > 0 ? r.webhooks.rate / r.healthz.rate : 0;
        std::string rollbacks = "-";
        if (r.pg && r.applied > 0) {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%.2f",
                          static_cast<double>(r.pg->rollbacks) / static_cast<double>(r.applied));
            rollbacks = buf;
        }
        double dup_ratio = r.healthz.rate > 0 ? r.duplicates.rate / r.healthz.rate : 0;
        std::printf("%-11s %9d %10.0f %7llu %11.0f %8.2f %8.2f %7llu %6.2f %9.2f %10s %6s\n", r.storage.c_str(),
                    r.instances, r.healthz.rate, static_cast<unsigned long long>(r.healthz.errors), r.webhooks.rate,
                    r.webhooks.p50_ms, r.webhooks.p99_ms, static_cast<unsigned long long>(r.webhooks.errors), ratio,
                    dup_ratio, rollbacks.c_str(), r.ok ? "ok" : "FAILED");
        ok = ok && r.ok;
    }
    for (const auto& c : skipped) std::printf("%-11s skipped: no PostgreSQL URI\n", c.c_str());

    // Each case's runs are consecutive in `results`: their ratios as min / median / max.
    std::printf("\nratios over %d run%s of each case, min / median / max:\n%-11s %9s %24s %24s %26s\n", runs,
                runs > 1 ? "s" : "", "storage", "instances", "webhooks / healthz", "duplicates / healthz",
                "p99 ms at half load");
    for (std::size_t first = 0; first < results.size(); first += static_cast<std::size_t>(runs)) {
        auto spread_of = [&](auto value_of) {
            std::vector<double> v;
            for (int run = 0; run < runs; ++run) v.push_back(value_of(results[first + static_cast<std::size_t>(run)]));
            std::sort(v.begin(), v.end());
            char buf[64];
            std::snprintf(buf, sizeof buf, "%.2f / %.2f / %.2f", v.front(), v[v.size() / 2], v.back());
            return std::string(buf);
        };
        auto to_healthz = [&](auto rate_of) {
            return spread_of([&](const CaseResult& r) { return r.healthz.rate > 0 ? rate_of(r) / r.healthz.rate : 0; });
        };
        std::printf("%-11s %9d %24s %24s %26s\n", results[first].storage.c_str(), results[first].instances,
                    to_healthz([](const CaseResult& r) { return r.webhooks.rate; }).c_str(),
                    to_healthz([](const CaseResult& r) { return r.duplicates.rate; }).c_str(),
                    spread_of([](const CaseResult& r) { return r.half.p99_ms; }).c_str());
    }
    print_targets(results, runs);
    std::printf("hz err, wh err: errors in the healthz and webhook phases; p50/p99 are the webhooks';\n"
                "ratio = webhooks/s / healthz/s of the same case (the aim is >= 0.50); dup ratio = the same\n"
                "webhooks sent again (answered duplicate) /s / healthz/s (the aim is >= 0.80); retries/wh: PostgreSQL\n"
                "transactions rolled back and run again per applied webhook, over the whole case; half load: new\n"
                "orders offered at half the case's webhooks/s, latency counted from when each was due (the aim is a\n"
                "p99 under 10 ms)\n");
    std::filesystem::remove_all(o.dir);
    return ok ? 0 : 1;
}
