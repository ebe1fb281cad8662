// Deliveries per second through each connector's verify + parse + map, beside the floor no
// connector can beat on the same bodies: HMAC-SHA256 of the body alone, and Boost.JSON parsing
// it alone, measured in the same run. Usage: bench_connectors [FIXTURES_DIR] [SECONDS_PER_FIGURE]
#include <boost/json.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "args.hpp"
#include "common/crypto.hpp"
#include "connector.hpp"
#include "util/zone.hpp"

namespace {

using namespace loyalty;
using Clock = std::chrono::steady_clock;

struct Case {
    const char* platform;
    const char* fixture;
    connectors::Headers headers;
    const char* signature_header;
    std::string (*sign)(const std::string& mac);
};

std::string read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "bench_connectors: cannot read %s\n", path.c_str());
        std::exit(1);
    }
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Runs `f` repeatedly for about `seconds` and returns calls per second.
template <class F>
double rate(double seconds, F&& f) {
    long calls = 0;
    auto start = Clock::now();
    double elapsed = 0;
    while (elapsed < seconds) {
        for (int i = 0; i < 64; ++i) f();
        calls += 64;
        elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    }
    return calls / elapsed;
}

connectors::Headers headers(std::initializer_list<std::pair<const char*, const char*>> items) {
    connectors::Headers h;
    for (const auto& [name, value] : items) h.add(name, value);
    return h;
}

std::string base64(const std::string& mac) { return connectors::base64_encode(mac); }
std::string hub(const std::string& mac) { return "sha256=" + connectors::hex_encode(mac); }

}  // namespace

int main(int argc, char** argv) {
    std::string dir = argc > 1 ? argv[1] : LOYALTY_FIXTURES;
    const char* usage = "usage: bench_connectors [FIXTURES_DIR] [SECONDS_PER_FIGURE]";
    double seconds = argc > 2 ? bench::seconds_value("SECONDS_PER_FIGURE", argv[2], 0.01, 3600, usage) : 1.0;
    if (argc > 3) bench::refuse("too many arguments", usage);
    const std::vector<std::string> secrets{"bench-secret-000001"};
    auto zone = core::Zone::load("Asia/Ho_Chi_Minh");
    std::vector<Case> cases{
        {"haravan", "haravan/order_paid.json",
         headers({{"X-Haravan-Topic", "orders/paid"}, {"X-Haravan-Org-Id", "200000"}}), "X-Haravan-Hmacsha256", base64},
        {"sapo", "sapo/web_order_paid.json",
         headers({{"X-Sapo-Topic", "orders/paid"}, {"X-Sapo-Shop-Domain", "bench.mysapo.net"}}), "X-Sapo-Hmac-Sha256",
         base64},
        {"sapo", "sapo/go_order_paid.json",
         headers({{"X-Sapo-Topic", "orders/update"}, {"X-Sapo-Tenant-Domain", "bench.mysapogo.com"},
                  {"X-Sapo-Object-Id", "1"}, {"X-Event-Version", "7"}}),
         "X-Sapo-Hmac-Sha256", base64},
        {"kiotviet", "kiotviet/invoice_completed.json", {}, "X-Hub-Signature", hub},
    };
    std::printf("%-28s %8s %14s %14s %14s %10s\n", "delivery", "bytes", "hmac/s", "json/s", "connector/s",
                "vs floor");
    for (auto& c : cases) {
        std::string body = read(dir + "/" + c.fixture);
        c.headers.add(c.signature_header, c.sign(connectors::hmac_sha256(secrets[0], body)));
        const auto* connector = connectors::find_connector(c.platform);
        if (!connector->verify(c.headers, body, secrets)) {
            std::fprintf(stderr, "bench_connectors: %s does not verify\n", c.fixture);
            return 1;
        }
        std::size_t sink = 0;
        double hmac = rate(seconds, [&] { sink += connectors::hmac_sha256(secrets[0], body).size(); });
        double parse = rate(seconds, [&] { sink += boost::json::parse(body).is_object(); });
        double full = rate(seconds, [&] {
            sink += connector->verify(c.headers, body, secrets);
            sink += connector->map(c.headers, body, *zone).events.size();
        });
        // The floor is doing both by themselves: 1 / (1/hmac + 1/parse) deliveries per second.
        double floor = 1.0 / (1.0 / hmac + 1.0 / parse);
        std::printf("%-28s %8zu %14.0f %14.0f %14.0f %9.2fx\n", c.fixture, body.size(), hmac, parse, full, full / floor);
        if (sink == 42) std::puts("");  // keeps the work observable to the optimiser
    }
    return 0;
}
