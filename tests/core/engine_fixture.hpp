#pragma once
// An engine on a fresh store with a settable clock, and a shop whose stored definition is just
// "shop_id rate", since the core never reads the ABI's JSON. The store is SQLite in memory, or a
// new PostgreSQL schema when LOYALTY_TEST_STORAGE says so (../test_storage.hpp).
#include <memory>
#include <sstream>
#include <string>

#include "../status_of.hpp"
#include "../test_storage.hpp"
#include "engine.hpp"
#include "storage/open_store.hpp"
#include "storage/sqlite/sqlite_store.hpp"
#include "util/error.hpp"
#include "util/zone.hpp"

namespace loyalty::test {

inline core::ShopProgram program(const std::string& shop_id, int64_t rate) {
    core::ShopProgram p;
    p.shop_id = shop_id;
    p.timezone = "Asia/Ho_Chi_Minh";
    p.zone = core::Zone::load(p.timezone);
    p.spend_per_point = rate;
    p.definition = shop_id + " " + std::to_string(rate);
    return p;
}

inline core::ShopProgram decode(const std::string& definition) {
    std::istringstream in(definition);
    std::string id;
    int64_t rate = 0;
    in >> id >> rate;
    return program(id, rate);
}

// An engine on the store `url` names, with the test shop in it.
inline std::unique_ptr<core::Engine> engine_on(const std::string& url, int64_t* clock = nullptr) {
    core::Engine::Clock c;
    if (clock) c = [clock] { return *clock; };
    auto engine = std::make_unique<core::Engine>(core::open_store(url, {}), decode, c);
    engine->put_shop(program("shop", 10000));
    return engine;
}

inline std::unique_ptr<core::Engine> memory_engine(int64_t* clock = nullptr) {
    return engine_on(storage_url(), clock);
}

inline core::OrderInput order(const std::string& id, core::OrderStatus status, int64_t amount, int64_t refunded = 0,
                              std::optional<int64_t> version = std::nullopt) {
    core::OrderInput o;
    o.order_id = id;
    o.status = status;
    o.amount = amount;
    o.refunded_amount = refunded;
    o.version = version;
    o.occurred_at = 1715584800;
    o.customer.platform = "pos";
    o.customer.customer_id = "C-1";
    o.customer.phone = "0912345678";
    o.customer.name = "Nguyễn Văn An";
    return o;
}

}  // namespace loyalty::test
