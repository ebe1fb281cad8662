// A paid order carrying an issued grant's code marks the grant used by it, once (docs/rewards.md).
#include <catch2/catch.hpp>

#include "program_fixture.hpp"

using namespace loyalty;
using core::GrantStatus;
using core::OrderStatus;

namespace {

struct CodeShop : test::ProgramEngine {
    std::string member;
    CodeShop() {
        core::Reward r;
        r.reward_id = "tea";
        r.name = "Trà sữa";
        r.cost_points = 100;
        r.valid_days = 30;
        program.rewards = {r};
        put();
        member = pay("O-0", 5000000).member_id;  // 500 points
    }
    core::Grant claim(const std::string& key) { return engine->claim_reward("shop", {member, "tea", key}).grant; }
    core::Grant grant(const std::string& code) {
        return engine->store().read([&](core::Transaction& tx) { return *tx.grant_by_code("shop", code); });
    }
    core::EventResult ingest(const std::string& key, const std::string& id, OrderStatus status,
                             std::vector<std::string> codes) {
        auto o = test::order(id, status, 1000000);
        o.occurred_at = clock;
        o.customer.phone = phone_of("C-1");
        o.discount_codes = std::move(codes);
        auto r = engine->ingest("shop", core::Delivery{"haravan", key, "orders/updated", {core::OrderUpdate{o}}});
        REQUIRE(r.events.size() == 1);
        return r.events[0];
    }
};

// How a cashier might type the code: lower case, without dashes.
std::string typed(const std::string& code) {
    std::string out;
    for (char c : code)
        if (c != '-') out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

}  // namespace

TEST_CASE("a paid order with a grant's code marks it used once, a pending one does not", "[rewards][codes]") {
    CodeShop t;
    auto g = t.claim("k1");
    auto pending = t.ingest("d1", "haravan:1", OrderStatus::pending, {typed(g.code)});
    CHECK(pending.note.empty());
    CHECK(t.grant(g.code).status == GrantStatus::issued);

    t.clock += 60;
    auto paid = t.ingest("d2", "haravan:1", OrderStatus::paid, {"SALE10", typed(g.code)});
    auto used = t.grant(g.code);
    CHECK(used.status == GrantStatus::used);
    CHECK(used.used_order == "haravan:1");
    CHECK(used.used_at == t.clock);
    CHECK(paid.note.find("\"SALE10\" matches no grant") != std::string::npos);
    CHECK(paid.note.find("grant " + g.code + " used by this order") != std::string::npos);

    // A replay under another key, and the order's later refund, leave the grant as it is.
    t.clock += 60;
    auto replay = t.ingest("d3", "haravan:1", OrderStatus::paid, {typed(g.code)});
    CHECK(replay.note.empty());
    t.ingest("d4", "haravan:1", OrderStatus::refunded, {g.code});
    CHECK(t.grant(g.code).used_at == used.used_at);
    CHECK(t.grant(g.code).used_order == "haravan:1");

    // Another order with the same code: noted, not an error, the grant stays with the first.
    auto other = t.ingest("d5", "haravan:2", OrderStatus::paid, {g.code});
    CHECK(other.applied);
    CHECK(other.note.find("already used by order \"haravan:1\"") != std::string::npos);
    CHECK(t.grant(g.code).used_order == "haravan:1");
}

TEST_CASE("a voided or expired grant's code is noted and left alone", "[rewards][codes]") {
    CodeShop t;
    auto voided = t.claim("k1");
    t.engine->void_grant("shop", {{0, voided.code}, "customer changed mind"});
    auto expired = t.claim("k2");
    t.clock += 31 * 86400;  // past the 30 days
    auto r = t.ingest("d1", "haravan:1", OrderStatus::paid, {voided.code, expired.code});
    CHECK(r.applied);
    CHECK(r.note.find("grant " + voided.code + " was voided") != std::string::npos);
    CHECK(r.note.find("grant " + expired.code + " had expired") != std::string::npos);
    CHECK(t.grant(voided.code).status == GrantStatus::voided);
    CHECK(t.grant(expired.code).status == GrantStatus::issued);
}

TEST_CASE("an order recorded by the host with a grant's code marks it used too", "[rewards][codes]") {
    CodeShop t;
    auto g = t.claim("k1");
    auto o = test::order("pos:9", OrderStatus::paid, 300000);
    o.customer.phone = test::ProgramEngine::phone_of("C-1");
    o.discount_codes = {g.code};
    t.engine->record_order("shop", o);
    CHECK(t.grant(g.code).status == GrantStatus::used);
    CHECK(t.grant(g.code).used_order == "pos:9");
}
