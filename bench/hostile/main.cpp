// Legitimate clients beside hostile ones: how many of their requests the library's server still answers,
// and how fast, while one address holds slowloris connections (TLS done, a request's headers trickled a
// line a second) and another stalls TLS handshakes (a record header, then nothing). Attackers reconnect
// as soon as they are dropped, as real ones do.
// Three cases on one server build, each on a fresh server:
//   alone         the legitimate clients only: the baseline
//   attacked      the same clients under the attack, with the default limits
//   no per-client the same attack with the per-client limits lifted (only the server-wide limit and its
//                 shedding left), to show what the per-client limits add
// Legitimate clients: CLIENTS addresses (127.0.0.10 on), each opening a fresh TLS connection per request
// (the costliest kind of client) for GET /healthz, one every 50 ms; a request not answered 200 within 5 s
// is not served.
// Usage: bench_hostile [SLOWLORIS] [STALLED_HANDSHAKES] [SECONDS] [DIR]   defaults: 2000, 200, 10, $TMPDIR
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <sys/resource.h>

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
using Stream = beast::ssl_stream<beast::tcp_stream>;
using namespace std::chrono_literals;

constexpr int kClients = 32;
constexpr auto kPace = 50ms;           // between one legitimate request's start and the next
constexpr auto kAnswerWithin = 5s;     // or it is not served
constexpr auto kReconnectAfter = 200ms;  // an attacker dropped comes back this soon
constexpr const char* kSlowAddress = "127.0.0.2";
constexpr const char* kStallAddress = "127.0.0.3";

[[noreturn]] void die(const std::string& message) {
    std::fprintf(stderr, "bench_hostile: %s\n", message.c_str());
    std::exit(1);
}

struct Options {
    int slowloris = 2000;
    int stalled = 200;
    int seconds = 10;
    std::filesystem::path dir;
    std::string cert, key;
};

// ---- The server ----

struct Served {
    loyalty_engine* engine = nullptr;
    loyalty_server* server = nullptr;
    tcp::endpoint endpoint;

    Served(const Options& o, const std::string& limits) {
        const auto db = o.dir / "hostile.db";
        std::filesystem::remove(db);
        std::filesystem::remove(db.string() + "-wal");
        std::filesystem::remove(db.string() + "-shm");
        const std::string config = R"({"storage": "sqlite:)" + db.string() + R"("})";
        if (loyalty_open(config.c_str(), &engine) != LOYALTY_OK) die(std::string("open: ") + loyalty_last_error());
        const std::string server_json = R"({"listen": {"address": "127.0.0.1", "port": 0, "tls": {"cert": ")" + o.cert +
                                        R"(", "key": ")" + o.key + R"("}}, "admin_token": "bench-admin-token-0123456789",)"
                                        R"( "threads": {"io": 2}, "access_log": false, "limits": {)" + limits + "}}";
        if (loyalty_server_start(engine, server_json.c_str(), &server) != LOYALTY_OK)
            die(std::string("server: ") + loyalty_last_error());
        endpoint = {net::ip::make_address("127.0.0.1"), static_cast<unsigned short>(loyalty_server_port(server))};
    }
    ~Served() {
        loyalty_server_stop(server);
        loyalty_close(engine);
    }
};

// ---- Clients ----

struct Outcome {
    std::mutex mutex;
    std::vector<double> served_ms;
    int attempts = 0;
    std::map<std::string, int> failures;

    void record(Clock::duration took, const std::string& failure) {
        std::lock_guard lock(mutex);
        ++attempts;
        if (failure.empty())
            served_ms.push_back(std::chrono::duration<double, std::milli>(took).count());
        else
            ++failures[failure];
    }
};

void bind_from(beast::tcp_stream& stream, const char* address) {
    stream.socket().open(tcp::v4());
    stream.socket().bind({net::ip::make_address(address), 0});
}

// One request on a fresh TLS connection from `address`; the answer's status and body, or why there is none.
net::awaitable<std::string> fetch(ssl::context& tls, const char* address, tcp::endpoint server, std::string target,
                                  http::response<http::string_body>& res) {
    Stream stream(co_await net::this_coro::executor, tls);
    auto& lowest = beast::get_lowest_layer(stream);
    beast::error_code ec;
    bind_from(lowest, address);
    lowest.expires_after(kAnswerWithin);
    co_await lowest.async_connect(server, net::redirect_error(net::use_awaitable, ec));
    if (ec) co_return "connect: " + ec.message();
    co_await stream.async_handshake(ssl::stream_base::client, net::redirect_error(net::use_awaitable, ec));
    if (ec) co_return "handshake: " + ec.message();
    http::request<http::empty_body> req{http::verb::get, target, 11};
    req.set(http::field::host, "localhost");
    req.set(http::field::authorization, "Bearer bench-admin-token-0123456789");
    req.keep_alive(false);
    co_await http::async_write(stream, req, net::redirect_error(net::use_awaitable, ec));
    if (ec) co_return "write: " + ec.message();
    beast::flat_buffer buffer;
    co_await http::async_read(stream, buffer, res, net::redirect_error(net::use_awaitable, ec));
    if (ec) co_return "read: " + ec.message();
    if (res.result_int() != 200) co_return "status " + std::to_string(res.result_int());
    co_return "";
}

net::awaitable<void> legitimate(ssl::context& tls, std::string address, tcp::endpoint server, Clock::time_point until,
                                Outcome& out) {
    net::steady_timer pace(co_await net::this_coro::executor);
    while (Clock::now() < until) {
        const auto start = Clock::now();
        http::response<http::string_body> res;
        std::string failure = co_await fetch(tls, address.c_str(), server, "/healthz", res);
        out.record(Clock::now() - start, failure);
        pace.expires_at(start + kPace);
        co_await pace.async_wait(net::use_awaitable);
    }
}

struct Attack {
    std::atomic<bool> stop{false};
    std::atomic<int> slow_held{0}, stalls_held{0};
    std::atomic<long> slow_dropped{0}, stalls_dropped{0};
};

// Headers a line a second, never the blank line that ends them.
net::awaitable<void> slowloris(ssl::context& tls, tcp::endpoint server, Attack& a) {
    net::steady_timer timer(co_await net::this_coro::executor);
    while (!a.stop) {
        {
            Stream stream(co_await net::this_coro::executor, tls);
            auto& lowest = beast::get_lowest_layer(stream);
            beast::error_code ec;
            bind_from(lowest, kSlowAddress);
            lowest.expires_after(30s);
            co_await lowest.async_connect(server, net::redirect_error(net::use_awaitable, ec));
            if (!ec) co_await stream.async_handshake(ssl::stream_base::client, net::redirect_error(net::use_awaitable, ec));
            const std::string start = "POST /webhooks/haravan/bench HTTP/1.1\r\nHost: localhost\r\n";
            if (!ec) co_await net::async_write(stream, net::buffer(start), net::redirect_error(net::use_awaitable, ec));
            if (!ec) {
                ++a.slow_held;
                lowest.expires_never();
                while (!ec && !a.stop) {
                    timer.expires_after(1s);
                    co_await timer.async_wait(net::use_awaitable);
                    const std::string line = "X-Slow: 1\r\n";
                    co_await net::async_write(stream, net::buffer(line), net::redirect_error(net::use_awaitable, ec));
                }
                --a.slow_held;
            }
            ++a.slow_dropped;
        }
        timer.expires_after(kReconnectAfter);
        co_await timer.async_wait(net::use_awaitable);
    }
}

// A TLS record header announcing a ClientHello that never comes; held until the server lets go.
net::awaitable<void> stalled_handshake(tcp::endpoint server, Attack& a) {
    net::steady_timer timer(co_await net::this_coro::executor);
    while (!a.stop) {
        {
            beast::tcp_stream stream(co_await net::this_coro::executor);
            beast::error_code ec;
            bind_from(stream, kStallAddress);
            stream.expires_after(30s);
            co_await stream.async_connect(server, net::redirect_error(net::use_awaitable, ec));
            static const unsigned char header[] = {0x16, 0x03, 0x01, 0x02, 0x00};
            if (!ec) co_await net::async_write(stream, net::buffer(header), net::redirect_error(net::use_awaitable, ec));
            if (!ec) {
                ++a.stalls_held;
                char byte;
                stream.expires_after(60s);
                co_await stream.async_read_some(net::buffer(&byte, 1), net::redirect_error(net::use_awaitable, ec));
                --a.stalls_held;
            }
            ++a.stalls_dropped;
        }
        timer.expires_after(kReconnectAfter);
        co_await timer.async_wait(net::use_awaitable);
    }
}

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

// The lines of /metrics that say what the server turned away or gave up, summed by name and reason.
std::string shedding_counts(ssl::context& tls, tcp::endpoint server) {
    net::io_context io;
    http::response<http::string_body> res;
    std::string failure;
    net::co_spawn(io, [&]() -> net::awaitable<void> { failure = co_await fetch(tls, "127.0.0.1", server, "/metrics", res); },
                  net::detached);
    io.run();
    if (!failure.empty()) return "(no /metrics: " + failure + ")";
    std::string out;
    std::size_t at = 0;
    const std::string& body = res.body();
    while (at < body.size()) {
        std::size_t end = body.find('\n', at);
        if (end == std::string::npos) end = body.size();
        std::string line = body.substr(at, end - at);
        if (line.rfind("loyalty_connections_refused_total{", 0) == 0 ||
            line.rfind("loyalty_connections_given_up_total{", 0) == 0) {
            if (line.substr(line.rfind(' ') + 1) != "0") out += "    " + line + "\n";
        }
        at = end + 1;
    }
    return out.empty() ? "    (nothing turned away or given up)\n" : out;
}

struct Figures {
    double served = 0;  // fraction of attempts
    double p50 = 0, p95 = 0, p99 = 0;
    int attempts = 0;
};

Figures run_case(const char* name, const Options& o, const std::string& limits, bool attacked) {
    Served served(o, limits);
    ssl::context tls(ssl::context::tls_client);
    tls.load_verify_file(o.cert);
    tls.set_verify_mode(ssl::verify_peer);

    Attack attack;
    net::io_context attack_io;
    std::thread attacker;
    if (attacked) {
        for (int i = 0; i < o.slowloris; ++i) net::co_spawn(attack_io, slowloris(tls, served.endpoint, attack), net::detached);
        for (int i = 0; i < o.stalled; ++i)
            net::co_spawn(attack_io, stalled_handshake(served.endpoint, attack), net::detached);
        attacker = std::thread([&] { attack_io.run(); });
        // The attack at full strength first: the attackers have had their first try and the server's limits
        // have had their say (bounded: a server that takes every connection never reaches the counts asked).
        const auto ramp_until = Clock::now() + 10s;
        while (Clock::now() < ramp_until &&
               attack.slow_held + attack.slow_dropped < o.slowloris &&
               attack.stalls_held + attack.stalls_dropped < o.stalled)
            std::this_thread::sleep_for(50ms);
        std::this_thread::sleep_for(2s);
    }

    Outcome out;
    net::io_context legit_io;
    const auto until = Clock::now() + std::chrono::seconds(o.seconds);
    for (int i = 0; i < kClients; ++i)
        net::co_spawn(legit_io, legitimate(tls, "127.0.0." + std::to_string(10 + i), served.endpoint, until, out),
                      net::detached);
    const int slow_before = attack.slow_held, stalls_before = attack.stalls_held;
    legit_io.run();
    const int slow_after = attack.slow_held, stalls_after = attack.stalls_held;
    const std::string counts = shedding_counts(tls, served.endpoint);
    attack.stop = true;
    attack_io.stop();
    if (attacker.joinable()) attacker.join();

    Figures f;
    f.attempts = out.attempts;
    f.served = out.attempts ? static_cast<double>(out.served_ms.size()) / out.attempts : 0;
    f.p50 = percentile(out.served_ms, 0.50);
    f.p95 = percentile(out.served_ms, 0.95);
    f.p99 = percentile(out.served_ms, 0.99);
    std::printf("%-13s %6d requests  served %6.2f%%  p50 %7.1f ms  p95 %7.1f ms  p99 %7.1f ms\n", name, f.attempts,
                100 * f.served, f.p50, f.p95, f.p99);
    if (attacked) {
        std::printf("    attackers holding connections: slowloris %d -> %d of %d, stalled handshakes %d -> %d of %d;"
                    " dropped %ld and %ld times\n",
                    slow_before, slow_after, o.slowloris, stalls_before, stalls_after, o.stalled,
                    attack.slow_dropped.load(), attack.stalls_dropped.load());
        std::printf("%s", counts.c_str());
    }
    for (const auto& [failure, n] : out.failures) std::printf("    not served: %d x %s\n", n, failure.c_str());
    std::fflush(stdout);
    return f;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    const char* usage = "usage: bench_hostile [SLOWLORIS] [STALLED_HANDSHAKES] [SECONDS] [DIR]";
    o.slowloris = static_cast<int>(loyalty::bench::number_arg(argc, argv, 1, "SLOWLORIS", o.slowloris, 0, 100'000, usage));
    o.stalled = static_cast<int>(loyalty::bench::number_arg(argc, argv, 2, "STALLED_HANDSHAKES", o.stalled, 0, 100'000, usage));
    o.seconds = static_cast<int>(loyalty::bench::number_arg(argc, argv, 3, "SECONDS", o.seconds, 1, 3600, usage));
    if (argc > 5) loyalty::bench::refuse("too many arguments", usage);
    const char* tmp = std::getenv("TMPDIR");
    o.dir = argc > 4 ? std::filesystem::path(argv[4]) : std::filesystem::path(tmp ? tmp : "/tmp") / "loyalty-bench-hostile";
    std::filesystem::create_directories(o.dir);
    o.cert = (o.dir / "cert.pem").string();
    o.key = (o.dir / "key.pem").string();
    try {
        loyalty::bench::write_self_signed(o.cert, o.key);
    } catch (const std::exception& e) {
        die(e.what());
    }
    // Every attacking connection is a descriptor on both ends, in this one process.
    rlimit files{};
    getrlimit(RLIMIT_NOFILE, &files);
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);
    const auto needed = static_cast<rlim_t>(2 * (o.slowloris + o.stalled) + 4 * kClients + 256);
    if (files.rlim_cur < needed)
        die("the descriptor limit is " + std::to_string(files.rlim_cur) + ", the attack needs " + std::to_string(needed));

    std::printf("bench_hostile: %d slowloris connections from %s, %d stalled TLS handshakes from %s,\n"
                "  %d legitimate clients each making a fresh TLS connection per GET /healthz every %lld ms, %d s a case\n",
                o.slowloris, kSlowAddress, o.stalled, kStallAddress, kClients,
                static_cast<long long>(std::chrono::milliseconds(kPace).count()), o.seconds);
    const Figures alone = run_case("alone", o, "", false);
    const Figures attacked = run_case("attacked", o, "", true);
    const std::string lifted = R"("max_connections_per_address": 1048576, "max_handshakes_per_address": 1048576,)"
                               R"( "handshakes_per_second_per_address": 1048576)";
    run_case("no per-client", o, lifted, true);

    std::printf("\nattacked / alone: served %.3f (target >= 0.95), p95 %.1f ms against %.1f ms (target < 2000 ms)\n",
                alone.served > 0 ? attacked.served / alone.served : 0, attacked.p95, alone.p95);
    return 0;
}
