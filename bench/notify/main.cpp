// Events out: what recording events costs ingest, and how fast the notifier delivers them.
// 1. record_order from 16 concurrent callers on SQLite (durable, group commit), a shop without
//    endpoints against the same shop with one endpoint wanting points.earned: orders/s and ratio.
// 2. The notifier (2 workers, batches of 16) delivering those events over verified TLS to an endpoint
//    on loopback that answers 204 at once: events/s, beside the ingest rate of the same run.
// Each figure over RUNS runs: min / median / max.
// Usage: bench_notify [ORDERS] [RUNS] [DIR]   (defaults: 4000, 3, $TMPDIR/loyalty-bench)
#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "args.hpp"
#include "calls.hpp"
#include "codec.hpp"
#include "engine.hpp"
#include "fake_platform.hpp"
#include "measure.hpp"
#include "notifier.hpp"
#include "storage/open_store.hpp"

using namespace loyalty;
namespace json = boost::json;
using namespace loyalty::bench;

namespace {

constexpr int callers = 16;

std::unique_ptr<core::Engine> engine_at(const std::filesystem::path& file, const std::string& endpoint) {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(file.string() + suffix);
    auto e = std::make_unique<core::Engine>(core::open_store("sqlite:" + file.string(), {}),
                                            documents::decode_shop_definition);
    json::object shop = json::parse(R"({"shop_id": "bench", "earn": {"spend_per_point": 10000}})").as_object();
    if (!endpoint.empty())
        shop["notifications"] = {{"endpoints", json::array{json::object{
                                                   {"url", endpoint},
                                                   {"secret", "bench-endpoint-secret-0123"},
                                                   {"events", json::array{"points.earned"}}}}}};
    documents::put_shop(*e, shop);
    return e;
}


// Orders/s of `orders` paid orders from `callers` threads, customers spread over orders / 10.
double ingest(core::Engine& e, long orders, int run) {
    auto start = Clock::now();
    std::vector<std::thread> threads;
    for (int c = 0; c < callers; ++c)
        threads.emplace_back([&, c] {
            for (long i = c; i < orders; i += callers) {
                core::OrderInput o;
                o.order_id = "r" + std::to_string(run) + "-" + std::to_string(i);
                o.status = core::OrderStatus::paid;
                o.amount = 100000 + i;
                o.occurred_at = 1760000000 + i;
                o.customer.platform = "pos";
                o.customer.customer_id = "C-" + std::to_string(i % std::max(1L, orders / 10));
                e.record_order("bench", o);
            }
        });
    for (auto& t : threads) t.join();
    return static_cast<double>(orders) / seconds_since(start);
}

void print(const char* what, const Spread& s, const char* unit) {
    std::printf("%-58s %10.3f %10.3f %10.3f %s\n", what, s.min, s.median, s.max, unit);
}

}  // namespace

int main(int argc, char** argv) {
    const char* usage = "usage: bench_notify [ORDERS] [RUNS] [DIR]";
    long orders = number_arg(argc, argv, 1, "ORDERS", 4000, 1, 10'000'000, usage);
    int runs = static_cast<int>(number_arg(argc, argv, 2, "RUNS", 3, 1, 1000, usage));
    if (argc > 4) refuse("too many arguments", usage);
    const char* tmp = std::getenv("TMPDIR");
    std::filesystem::path dir = argc > 3 ? argv[3] : std::filesystem::path(tmp ? tmp : "/tmp") / "loyalty-bench";
    std::filesystem::create_directories(dir);

    test::FakePlatform endpoint;
    endpoint.on("POST", "/hooks", test::FakeReply{204, {}, "", false});
    std::vector<double> plain, with_events, ratio, delivered, delivery_ratio;
    for (int run = 0; run < runs; ++run) {
        auto a = engine_at(dir / "notify-plain.db", "");
        auto b = engine_at(dir / "notify-events.db", endpoint.url("/hooks"));
        double p = ingest(*a, orders, run);
        double w = ingest(*b, orders, run);
        plain.push_back(p);
        with_events.push_back(w);
        ratio.push_back(w / p);

        notify::NotifierOptions o;
        o.ca_file = test::test_ca().ca_file;
        notify::Notifier notifier(*b, o);
        auto start = Clock::now();
        notifier.start();
        while (b->event_backlog("bench").delivered < orders) std::this_thread::sleep_for(std::chrono::milliseconds(5));
        double rate = static_cast<double>(orders) / seconds_since(start);
        notifier.stop();
        delivered.push_back(rate);
        delivery_ratio.push_back(rate / p);
    }
    std::printf("%ld orders, %d callers, SQLite durable; %d runs: min median max\n", orders, callers, runs);
    print("ingest, no endpoint (orders/s)", spread(plain), "");
    print("ingest, one endpoint wanting points.earned (orders/s)", spread(with_events), "");
    print("ratio: ingest with events / without", spread(ratio), "(x)");
    print("events delivered by the notifier (events/s)", spread(delivered), "");
    print("ratio: events delivered / orders ingested without endpoint", spread(delivery_ratio), "(x)");
    return 0;
}
