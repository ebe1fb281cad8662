// Durable webhook ingest over HTTPS, end to end: an engine on a fresh SQLite file (synchronous=full)
// and the library's server in this process, driven by keep-alive TLS connections. The webhook rate
// only means something beside the ceiling of the same HTTP/TLS stack, so the same connections first
// hammer GET /healthz (no disk: on SQLite its store check returns at once), then POST distinct signed
// Haravan orders; the ratio of the two is the figure that matters.
// Usage: bench_ingest [CONNECTIONS] [SECONDS] [DIR]
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

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
#include <string>
#include <thread>
#include <vector>

#include <sys/resource.h>
#include <unistd.h>

#include "loyalty/loyalty.h"

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

// ---- A throwaway self-signed certificate, so the server speaks real TLS and no key sits in the repo ----

void write_self_signed(const std::string& cert_path, const std::string& key_path) {
    EVP_PKEY* key = EVP_EC_gen("P-256");
    X509* cert = X509_new();
    if (!key || !cert) die("cannot generate a P-256 key");
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), static_cast<long>(::getpid()));
    X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert), 86400);
    X509_set_pubkey(cert, key);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
    X509_set_issuer_name(cert, name);
    // Host name checks look at subjectAltName first; the client verifies the server like a real one would.
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    X509_EXTENSION* san = X509V3_EXT_conf_nid(nullptr, &ctx, NID_subject_alt_name, "DNS:localhost");
    if (!san) die("cannot build subjectAltName");
    X509_add_ext(cert, san, -1);
    X509_EXTENSION_free(san);
    if (X509_sign(cert, key, EVP_sha256()) == 0) die("cannot sign the certificate");

    BIO* out = BIO_new_file(key_path.c_str(), "w");
    if (!out || !PEM_write_bio_PrivateKey(out, key, nullptr, nullptr, 0, nullptr, nullptr)) die("cannot write " + key_path);
    BIO_free(out);
    std::filesystem::permissions(key_path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    out = BIO_new_file(cert_path.c_str(), "w");
    if (!out || !PEM_write_bio_X509(out, cert)) die("cannot write " + cert_path);
    BIO_free(out);
    X509_free(cert);
    EVP_PKEY_free(key);
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

// Order `i` of the run, as a complete HTTP/1.1 request: a new order every time (its own id and
// updated_at), from one of kCustomers returning customers.
std::string webhook_request(std::uint64_t i) {
    static const char* const first[] = {"An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Khánh", "Linh", "Minh", "Nga"};
    static const char* const last[] = {"Nguyễn Văn", "Trần Thị", "Lê Văn", "Phạm Thị", "Hoàng Văn", "Vũ Thị"};
    const std::int64_t base_ms = 1716174600000;  // 2024-05-20T03:10:00Z, like the example
    const auto customer = static_cast<int>(i % kCustomers);
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
    req += "POST /webhooks/haravan/bench HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
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
    std::unique_ptr<Stream> stream;
    beast::flat_buffer buffer;
    std::vector<std::uint32_t> latency_us;
    std::uint64_t in_window = 0;  // good answers that arrived before the deadline
    std::uint64_t applied = 0;    // every "applied" answer, including the last one after the deadline
    std::uint64_t errors = 0;
};

enum class Kind { healthz, webhook };

struct Phase {
    explicit Phase(Kind k) : kind(k) {}
    Kind kind;
    const std::vector<std::string>* pool = nullptr;
    std::atomic<std::uint64_t> next{0};
    std::atomic<std::uint64_t> signed_late{0};
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
    tcp::endpoint server;
    std::vector<Connection> connections;

    net::awaitable<void> connect(Connection& c, beast::error_code& ec) {
        c.stream = std::make_unique<Stream>(io, tls);
        c.buffer.clear();
        c.stream->set_verify_callback(ssl::host_name_verification("localhost"));
        auto& tcp_stream = beast::get_lowest_layer(*c.stream);
        tcp_stream.expires_after(kStall);
        co_await tcp_stream.async_connect(server, net::redirect_error(net::use_awaitable, ec));
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
        while (c.stream && Clock::now() < p.deadline) {
            const std::string* request = &kHealthz;
            if (p.kind == Kind::webhook) {
                std::uint64_t i = p.next.fetch_add(1, std::memory_order_relaxed);
                if (i < p.pool->size()) {
                    request = &(*p.pool)[i];
                } else {
                    late = webhook_request(i);
                    request = &late;
                    p.signed_late.fetch_add(1, std::memory_order_relaxed);
                }
            }
            beast::error_code ec;
            auto start = Clock::now();
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

    Row row{name, 0, 0, 0, 0, 0, (cpu_seconds() - cpu_start) / wall};
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

}  // namespace

int main(int argc, char** argv) {
    int connections = argc > 1 ? std::atoi(argv[1]) : 64;
    double seconds = argc > 2 ? std::atof(argv[2]) : 5.0;
    if (connections < 1 || seconds <= 0) die("usage: bench_ingest [CONNECTIONS] [SECONDS] [DIR]");
    std::filesystem::path parent = argc > 3 ? argv[3] : std::filesystem::temp_directory_path();
    // Fresh every run: an earlier run's orders would make this one's "duplicate" or "stale".
    std::filesystem::path dir = parent / ("bench_ingest-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    std::string cert = (dir / "cert.pem").string();
    std::string key = (dir / "key.pem").string();
    write_self_signed(cert, key);

    std::string config = R"({"storage": "sqlite:)" + (dir / "loyalty.db").string() +
                         R"(", "shops": [{"shop_id": "bench", "timezone": "Asia/Ho_Chi_Minh", "earn": {"spend_per_point": 1000},)"
                         R"( "connections": [{"platform": "haravan", "secret": ")" + kSecret + R"("}]}]})";
    loyalty_engine* engine = nullptr;
    if (loyalty_open(config.c_str(), &engine) != LOYALTY_OK) die(std::string("open: ") + loyalty_last_error());
    std::string server_json = R"({"listen": {"address": "127.0.0.1", "port": 0, "tls": {"cert": ")" + cert +
                              R"(", "key": ")" + key + R"("}}, "admin_token": "bench-admin-token-0123456789",)"
                              R"( "threads": {"io": 2}, "access_log": false)";
    if (connections > 1000) server_json += R"(, "limits": {"max_connections": )" + std::to_string(connections + 24) + "}";
    server_json += "}";
    loyalty_server* server = nullptr;
    if (loyalty_server_start(engine, server_json.c_str(), &server) != LOYALTY_OK)
        die(std::string("server: ") + loyalty_last_error());
    int port = loyalty_server_port(server);

    // Signed before the clock starts so the generator's HMACs never hold the server back; the pool
    // covers far more than this machine ingests, and past it the connections sign their own.
    std::vector<std::string> pool;
    auto pool_size = std::min<std::size_t>(static_cast<std::size_t>(12000 * seconds) + 1000, 250000);
    pool.reserve(pool_size);
    for (std::size_t i = 0; i < pool_size; ++i) pool.push_back(webhook_request(i));

    Client client;
    client.server = tcp::endpoint(net::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port));
    client.tls.load_verify_file(cert);
    client.tls.set_verify_mode(ssl::verify_peer);
    client.connections.resize(static_cast<std::size_t>(connections));
    std::atomic<int> failed{0};
    for (auto& c : client.connections) net::co_spawn(client.io, client.open(c, failed), net::detached);
    client.run_io();
    if (failed > 0) die(std::to_string(failed.load()) + " of " + std::to_string(connections) + " connections failed to open");
    const char* protocol = SSL_get_version(client.connections[0].stream->native_handle());
    const char* cipher = SSL_get_cipher_name(client.connections[0].stream->native_handle());

    std::printf("bench_ingest: %d keep-alive connections, %.1f s per phase, server 127.0.0.1:%d (%s %s, 2 I/O threads),\n"
                "              %u client threads in the same process, SQLite on %s (synchronous=full)\n",
                connections, seconds, port, protocol, cipher, kClientThreads, dir.string().c_str());

    Phase healthz(Kind::healthz);
    Row h = run_phase(client, healthz, "GET /healthz", seconds);
    Phase webhooks(Kind::webhook);
    webhooks.pool = &pool;
    Row w = run_phase(client, webhooks, "POST /webhooks", seconds);

    for (auto& c : client.connections) {
        if (!c.stream) continue;
        beast::error_code ignored;
        beast::get_lowest_layer(*c.stream).socket().close(ignored);
    }
    client.connections.clear();
    loyalty_server_stop(server);

    std::printf("\n%-16s %11s %12s %9s %9s %8s\n", "phase", "connections", "requests/s", "p50 ms", "p99 ms", "errors");
    for (const Row& r : {h, w})
        std::printf("%-16s %11d %12.0f %9.2f %9.2f %8llu\n", r.name, connections, r.rate, r.p50_ms, r.p99_ms,
                    static_cast<unsigned long long>(r.errors));
    std::printf("\nCPU busy, server and generator together: healthz %.2f, webhooks %.2f of %u cores\n", h.cpu_cores,
                w.cpu_cores, std::thread::hardware_concurrency());
    double ratio = h.rate > 0 ? w.rate / h.rate : 0;
    std::printf("webhooks/s / healthz/s = %.2f  (target >= 0.50: %s)\n", ratio, ratio >= 0.5 ? "met" : "NOT met");
    if (webhooks.signed_late > 0)
        std::printf("note: the pool of %zu pre-signed orders ran out; %llu were signed during the run\n", pool.size(),
                    static_cast<unsigned long long>(webhooks.signed_late.load()));
    for (Phase* p : {&healthz, &webhooks})
        for (const auto& [kind, n] : p->error_kinds)
            std::printf("errors in %s: %llu x %s\n", p == &healthz ? "healthz" : "webhooks",
                        static_cast<unsigned long long>(n), kind.c_str());

    char* report = nullptr;
    auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
    if (loyalty_run_maintenance(engine, now.count(), &report) != LOYALTY_OK)
        die(std::string("maintenance: ") + loyalty_last_error());
    std::string r = report;
    loyalty_free(report);
    bool consistent = r.find("\"ledger_consistent\":true") != std::string::npos;
    long long entries = -1;
    if (auto at = r.find("\"entries\":"); at != std::string::npos) entries = std::atoll(r.c_str() + at + 10);
    bool match = entries == static_cast<long long>(w.applied);
    std::printf("ledger: consistent=%s, entries=%lld, applied webhooks=%llu (%s)\n", consistent ? "true" : "FALSE",
                entries, static_cast<unsigned long long>(w.applied), match ? "equal" : "MISMATCH");
    loyalty_close(engine);
    std::filesystem::remove_all(dir);
    return consistent && match ? 0 : 1;
}
