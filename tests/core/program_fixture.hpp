#pragma once
// Engines with a program (tiers, rules, bonuses, expiry) and a clock the test moves, and the
// checks every program test wants after a step: balances equal the ledger, lots equal balances.
#include <catch2/catch.hpp>

#include "engine_fixture.hpp"
#include "program/calendar.hpp"
#include "util/timestamp.hpp"

namespace loyalty::test {

// Local time in Asia/Ho_Chi_Minh.
inline int64_t vn(const std::string& text) {
    auto zone = core::Zone::load("Asia/Ho_Chi_Minh");
    auto t = core::parse_timestamp(text, *zone);
    REQUIRE(t);
    return *t;
}

inline core::TierProgram gold_tiers(core::TierWindow window, core::TierReview review, int64_t grace = 0) {
    core::TierProgram t;
    t.window = window;
    t.review = review;
    t.grace_reviews = grace;
    t.levels = {{"Member", 0},
                {"Gold", 20000000, 150, 5, 500000, 0, 200}};
    return t;
}

struct ProgramEngine {
    int64_t clock = vn("2027-03-01T10:00:00");
    std::unique_ptr<core::Engine> engine = memory_engine(&clock);
    core::ShopProgram program = test::program("shop", 10000);

    void put() { engine->put_shop(program); }

    core::OrderResult pay(const std::string& id, int64_t amount, const std::string& customer = "C-1",
                          std::vector<core::OrderLine> lines = {}) {
        auto o = order(id, core::OrderStatus::paid, amount);
        o.occurred_at = clock;
        o.customer.customer_id = customer;
        o.customer.phone = phone_of(customer);
        o.lines = std::move(lines);
        return engine->record_order("shop", o);
    }
    core::OrderResult change(const std::string& id, core::OrderStatus status, int64_t amount, int64_t refunded = 0,
                             const std::string& customer = "C-1") {
        auto o = order(id, status, amount, refunded);
        o.occurred_at = clock;
        o.customer.customer_id = customer;
        o.customer.phone = phone_of(customer);
        return engine->record_order("shop", o);
    }
    core::MemberDetails details(const std::string& member_id) {
        core::MemberQuery q;
        q.member_id = member_id;
        return engine->member_details("shop", q);
    }
    core::Balances balances(const std::string& member_id) { return engine->balances("shop", member_id); }
    std::string tier(const std::string& member_id) { return details(member_id).tier->name; }
    core::MaintenanceReport maintain() { return engine->run_maintenance(clock); }

    // The invariants of docs/program.md: the cache equals the ledger, lots hold the balances.
    void check_books(const std::string& member_id) {
        auto b = balances(member_id);
        int64_t available = 0, pending = 0;
        engine->store().read([&](core::Transaction& tx) {
            CHECK(tx.balance_mismatches().empty());
            for (const auto& lot : tx.open_lots("shop", member_id)) {
                CHECK(lot.remaining >= 0);
                (lot.pending() ? pending : available) += lot.remaining;
            }
        });
        CHECK(available == std::max<int64_t>(0, b.available));
        CHECK(pending == b.pending);
    }

    static std::string phone_of(const std::string& customer) {
        std::string digits = std::to_string(std::hash<std::string>{}(customer) % 1000000);
        return "0912" + std::string(6 - digits.size(), '0') + digits;
    }
};

// The shop's grants to one member, up to 100.
inline std::vector<core::Grant> grants_of(core::Engine& e, const std::string& member) {
    core::GrantQuery q;
    q.member_id = member;
    q.limit = 100;
    return e.grants("shop", q).grants;
}

inline core::SettleRequest settle(const std::string& period, const std::string& program = "") {
    core::SettleRequest r;
    r.period = period;
    r.program_id = program;
    return r;
}

}  // namespace loyalty::test
