// The bulk path of backfills and imports: a shop's Haravan orders applied a page at a time, each page one transaction
// and one durable commit (connectors::deliver_pulled of a page, core::Engine::ingest_batch). Set beside, in the same
// run and on the same disk: raw SQLite committing a page of single-row INSERTs at a time, and the path backfills took
// before, one durable commit per order.
// Usage: bench_bulk [ORDERS] [DIR] [RUNS] [PAGE]   (defaults: 100000, $TMPDIR/loyalty-bench, 3, 250)
#include <boost/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "args.hpp"
#include "calls.hpp"
#include "codec.hpp"
#include "connector.hpp"
#include "deliver.hpp"
#include "engine.hpp"
#include "fake_haravan.hpp"
#include "measure.hpp"
#include "storage/open_store.hpp"
#include "util/zone.hpp"

using namespace loyalty;
using namespace loyalty::bench;
namespace json = boost::json;

namespace {

std::unique_ptr<core::Engine> engine_at(const std::string& path) {
    auto engine = std::make_unique<core::Engine>(core::open_store("sqlite:" + path, {}),
                                                 documents::decode_shop_definition);
    documents::put_shop(*engine, json::parse(R"({"shop_id": "bulk", "earn": {"spend_per_point": 10000},
        "connections": [{"platform": "haravan", "secret": "bench-secret", "org_id": "200000"}]})").as_object());
    return engine;
}

int64_t applied(const std::vector<connectors::DeliveryResult>& results) {
    int64_t n = 0;
    for (const auto& r : results) n += r.outcome == connectors::DeliveryOutcome::applied;
    return n;
}

void fail_unless(bool ok, const char* what) {
    if (ok) return;
    std::fprintf(stderr, "bench_bulk: %s\n", what);
    std::exit(1);
}

void print(const char* what, const Spread& s) {
    std::printf("  %-62s %10.2f %10.2f %10.2f\n", what, s.min, s.median, s.max);
}

}  // namespace

int main(int argc, char** argv) {
    const char* usage = "usage: bench_bulk [ORDERS] [DIR] [RUNS] [PAGE]";
    long orders = number_arg(argc, argv, 1, "ORDERS", 100000, 1, 100'000'000, usage);
    int runs = static_cast<int>(number_arg(argc, argv, 3, "RUNS", 3, 1, 1000, usage));
    int page_size = static_cast<int>(number_arg(argc, argv, 4, "PAGE", 250, 1, 100'000, usage));
    if (argc > 5) refuse("too many arguments", usage);
    std::filesystem::path dir = bench_dir(argc, argv, 2);
    std::setvbuf(stdout, nullptr, _IOLBF, 0);

    // Five orders a customer, shaped as the fake Haravan lists them: the objects exactly as the API gives them.
    const long customers = std::max(1L, orders / 5);
    connectors::Headers headers;
    headers.add("X-Haravan-Topic", "orders/updated");
    std::vector<std::vector<connectors::PulledObject>> pages;
    for (long i = 0; i < orders; ++i) {
        if (i % page_size == 0) pages.emplace_back();
        pages.back().push_back({headers, json::serialize(test::history_order(i, customers))});
    }
    // The same pages mapped beforehand, for the engine's share of the work alone.
    const connectors::Connector& haravan = connectors::connector_named("haravan");
    auto zone = core::Zone::load("Asia/Ho_Chi_Minh");
    std::vector<std::vector<core::Delivery>> mapped;
    for (const auto& page : pages) {
        mapped.emplace_back();
        for (const auto& o : page) {
            mapped.back().push_back(haravan.map(o.headers, o.body, *zone));
            mapped.back().back().platform = "haravan";
        }
    }
    const long single = std::min(orders, 3000L);

    std::printf("%ld Haravan orders over %ld customers, pages of %d, synchronous=FULL (WAL) on %s, %d runs\n", orders,
                customers, page_size, dir.string().c_str(), runs);
    std::vector<double> raw, paged, typed, one_each, paged_raw, typed_raw, paged_one;
    for (int r = 0; r < runs; ++r) {
        raw.push_back(raw_sqlite_rate(fresh(dir, "bulk-raw.db"), static_cast<int>(orders), page_size));

        auto engine = engine_at(fresh(dir, "bulk-pages.db"));
        int64_t n = 0;
        double first_part = 0;  // the rate over the pages that hold the orders delivered one each below
        auto t = Clock::now();
        for (const auto& page : pages) {
            n += applied(connectors::deliver_pulled(*engine, "bulk", "haravan", page));
            if (first_part == 0 && n >= single) first_part = static_cast<double>(n) / seconds_since(t);
        }
        paged.push_back(static_cast<double>(orders) / seconds_since(t));
        fail_unless(n == orders, "not every order of the pages was applied");
        fail_unless(engine->stats().entries == orders, "the pages did not post one entry per order");

        engine = engine_at(fresh(dir, "bulk-typed.db"));
        n = 0;
        t = Clock::now();
        for (const auto& page : mapped)
            for (const auto& slot : engine->ingest_batch("bulk", page))
                n += !slot.error && slot.result.outcome == core::IngestOutcome::applied;
        typed.push_back(static_cast<double>(orders) / seconds_since(t));
        fail_unless(n == orders, "not every mapped order was applied");

        engine = engine_at(fresh(dir, "bulk-single.db"));
        n = 0;
        t = Clock::now();
        for (long i = 0; i < single; ++i) {
            const auto& o = pages[static_cast<std::size_t>(i / page_size)][static_cast<std::size_t>(i % page_size)];
            n += connectors::deliver_pulled(*engine, "bulk", "haravan", o.headers, o.body).outcome ==
                 connectors::DeliveryOutcome::applied;
        }
        one_each.push_back(static_cast<double>(single) / seconds_since(t));
        fail_unless(n == single, "not every order delivered alone was applied");

        paged_raw.push_back(paged.back() / raw.back());
        typed_raw.push_back(typed.back() / raw.back());
        paged_one.push_back(first_part / one_each.back());
        std::printf("  run %d: raw %.0f rows/s, pages %.0f orders/s, mapped pages %.0f orders/s, one commit each %.0f "
                    "orders/s\n",
                    r + 1, raw.back(), paged.back(), typed.back(), one_each.back());
    }
    std::printf("  %-62s %10s %10s %10s\n", "", "min", "median", "max");
    print("raw SQLite, a page of single-row INSERTs per commit (rows/s)", spread(raw));
    print("pulled pages through deliver_pulled (orders/s; aim >= 50000)", spread(paged));
    print("pages mapped beforehand, Engine::ingest_batch (orders/s)", spread(typed));
    print("one durable commit per order, as backfills did (orders/s)", spread(one_each));
    print("ratio: pulled pages / raw SQLite", spread(paged_raw));
    print("ratio: mapped pages / raw SQLite", spread(typed_raw));
    print("ratio: pulled pages / one commit per order, same first orders", spread(paged_one));
    return 0;
}
