// Backfill orders/s: a shop's Haravan history pulled through the app (HTTPS to a fake Haravan on
// loopback, paged, Haravan's own rate limit, each page applied and its cursor written durably),
// beside the same orders handed to the engine directly (deliver_pulled, no HTTP) on the same disk.
// Usage: bench_apps_backfill [ORDERS] [DIR]   (defaults: 5000, $TMPDIR/loyalty-bench)
#include <sys/stat.h>

#include <boost/json.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "apps_service.hpp"
#include "args.hpp"
#include "calls.hpp"
#include "codec.hpp"
#include "deliver.hpp"
#include "engine.hpp"
#include "fake_haravan.hpp"
#include "haravan_api.hpp"
#include "storage/open_store.hpp"

using namespace loyalty;
namespace json = boost::json;
using Clock = std::chrono::steady_clock;

namespace {

std::unique_ptr<core::Engine> engine_at(const std::filesystem::path& file) {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(file.string() + suffix);
    return std::make_unique<core::Engine>(core::open_store("sqlite:" + file.string(), {}),
                                          documents::decode_shop_definition);
}

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
    const char* usage = "usage: bench_apps_backfill [ORDERS] [DIR]";
    long orders = bench::number_arg(argc, argv, 1, "ORDERS", 5000, 1, 10'000'000, usage);
    if (argc > 3) bench::refuse("too many arguments", usage);
    const char* tmp = std::getenv("TMPDIR");
    std::filesystem::path dir = argc > 2 ? argv[2] : std::filesystem::path(tmp ? tmp : "/tmp") / "loyalty-bench";
    std::filesystem::create_directories(dir);
    test::FakeHaravan fake;
    test::add_history(fake, orders, std::max(1L, orders / 10));

    // Baseline: the same objects as the app would pull them, applied directly.
    auto direct = engine_at(dir / "backfill-direct.db");
    documents::put_shop(*direct, json::parse(R"({"shop_id": "direct", "earn": {"spend_per_point": 10000},
        "connections": [{"platform": "haravan", "secret": "bench-secret", "org_id": "200000"}]})").as_object());
    connectors::Headers headers;
    headers.add("X-Haravan-Topic", "orders/updated");
    std::vector<std::string> bodies;
    for (long page = 1;; ++page) {
        // The fake's own listing, read in-process: the objects exactly as the API would give them.
        auto found = fake.orders_page(page, 250);
        for (auto& o : found) bodies.push_back(json::serialize(o));
        if (found.size() < 250) break;
    }
    auto t0 = Clock::now();
    for (const auto& body : bodies) connectors::deliver_pulled(*direct, "direct", "haravan", headers, body);
    double direct_s = seconds_since(t0);

    // The app: install, then the backfill to the end.
    auto engine = engine_at(dir / "backfill-app.db");
    apps::AppsConfig config;
    config.public_url = "https://loyalty.example.vn";
    apps::HaravanApp h;
    h.client_id = test::FakeHaravan::client_id;
    h.client_secret = test::FakeHaravan::client_secret;
    h.accounts_url = h.api_url = h.webhook_url = fake.base();
    config.haravan = h;
    config.ca_file = test::test_ca().ca_file;
    config.token_key_file = (dir / "bench-token.key").string();
    std::ofstream(config.token_key_file, std::ios::binary) << std::string(32, '\x42');
    ::chmod(config.token_key_file.c_str(), 0600);
    apps::AppsService service(*engine, config);
    auto begun = service.begin_install("haravan", {});
    auto q = test::form_fields(begun.location.substr(begun.location.find('?') + 1));
    std::string cookie = begun.set_cookies.at(0).substr(0, begun.set_cookies.at(0).find(';'));
    auto t1 = Clock::now();
    service.finish_haravan({{"code", fake.authorize(q["nonce"])}, {"state", q["state"]}}, cookie);
    service.run_once();
    double app_s = seconds_since(t1);
    auto link = engine->platform_link("haravan-" + fake.org_id(), "haravan");
    std::size_t calls = fake.server().requests().size();

    std::printf("orders: %ld, pages of %d, %zu calls to the fake Haravan\n", orders, apps::HaravanApi::page_size, calls);
    std::printf("direct deliver_pulled:   %8.0f orders/s  (%.2f s)\n", static_cast<double>(orders) / direct_s, direct_s);
    std::printf("app backfill over HTTPS: %8.0f orders/s  (%.2f s, %lld orders counted)  ratio %.2f\n",
                static_cast<double>(orders) / app_s, app_s, static_cast<long long>(link ? link->counts.orders_done : -1),
                direct_s / app_s);
    std::printf("Haravan's bucket (80 calls, 4/s) caps a shop at about %d orders/s once its first 76 calls are spent\n",
                4 * apps::HaravanApi::page_size);
    return link && link->counts.orders_done == orders ? 0 : 1;
}
