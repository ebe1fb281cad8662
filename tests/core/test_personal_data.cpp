// A member's personal data (docs/personal-data.md): the export holds everything kept about them; the
// erasure removes the personal fields and references for good, scrubs undelivered payloads and raw
// bodies, and leaves the ledger exact. On whichever backend LOYALTY_TEST_STORAGE names.
#include "program_fixture.hpp"

using namespace loyalty;
using test::ProgramEngine;
using test::status_of;

namespace {

struct PersonalShop : ProgramEngine {
    PersonalShop() {
        core::Endpoint endpoint;
        endpoint.url = "https://127.0.0.1:9/hooks";
        endpoint.secret = "a-secret-of-sixteen";
        program.notifications.endpoints.push_back(endpoint);
        put();
    }
    core::ShopTotals totals() {
        return engine->store().read([](core::Transaction& tx) { return tx.shop_totals("shop"); });
    }
    std::vector<core::AuditRecord> audit() { return engine->audit("shop", core::AuditQuery{500, std::nullopt}); }
    std::optional<std::string> by_phone(const std::string& phone) {
        core::MemberQuery q;
        q.phone = phone;
        try {
            return engine->member("shop", q).member_id;
        } catch (const core::Error&) {
            return std::nullopt;
        }
    }
    int64_t quarantine_with(const std::string& body) {
        core::QuarantinedDelivery d;
        d.shop_id = "shop";
        d.platform = "haravan";
        d.headers = "{}";
        d.body = body;
        d.error = "unreadable";
        return engine->quarantine(d);
    }
};

}  // namespace

TEST_CASE("an export holds the member, references, ledger, orders, events, contact, raw bodies and audit",
          "[personal_data]") {
    PersonalShop t;
    const std::string phone = ProgramEngine::phone_of("C-1");
    std::string m = t.pay("O-1", 1000000, "C-1", {{"TRA", 2, 1000000, "tea"}}).member_id;
    t.pay("O-2", 500000);
    std::string token = t.engine->member_page_token("shop", m, false);
    t.quarantine_with(R"({"customer":{"phone":")" + phone + R"("}})");
    t.quarantine_with(R"({"customer":{"phone":"0987000000"}})");

    auto x = t.engine->export_member("shop", m, "staff:lan");
    CHECK(x.details.member.member_id == m);
    CHECK(x.details.member.phone == "+84" + phone.substr(1));
    REQUIRE(x.details.member.refs.size() == 1);
    CHECK(x.details.member.refs[0].customer_id == "C-1");
    CHECK(x.kept.entries.size() >= 2);
    CHECK(x.kept.entries.front().entry_id < x.kept.entries.back().entry_id);
    REQUIRE(x.kept.orders.size() == 2);
    CHECK(x.kept.orders[0].order.order_id == "O-1");
    REQUIRE(x.kept.orders[0].lines.size() == 1);
    CHECK(x.kept.orders[0].lines[0].sku == "TRA");
    CHECK_FALSE(x.kept.lots.empty());
    CHECK_FALSE(x.kept.events.empty());
    CHECK_FALSE(x.kept.jobs.empty());
    REQUIRE(x.kept.contact);
    CHECK(x.kept.contact->page_token == token);
    REQUIRE(x.kept.quarantined.size() == 1);  // the other body carries someone else's phone
    CHECK_FALSE(x.kept.erased_at);
    auto audit = t.audit();
    REQUIRE_FALSE(audit.empty());
    CHECK(audit.front().actor == "staff:lan");
    CHECK(audit.front().target == m);
    CHECK(audit.front().action == "GET /api/v1/shops/{shop}/members/{id}/export");
    // The next export lists the first one.
    CHECK(t.engine->export_member("shop", m, "").kept.audit.size() == 1);
}

TEST_CASE("erasing removes personal fields and references for good and leaves the books exact", "[personal_data]") {
    PersonalShop t;
    const std::string phone = ProgramEngine::phone_of("C-1");
    std::string m = t.pay("O-1", 1000000).member_id;
    t.pay("O-2", 300000, "C-2");
    std::string token = t.engine->member_page_token("shop", m, false);
    int64_t raw = t.quarantine_with(R"({"customer":{"phone":")" + phone + R"("}})");
    auto before = t.balances(m);
    auto totals = t.totals();
    REQUIRE(t.by_phone(phone) == m);

    auto r = t.engine->erase_member("shop", m, "admin_token");
    CHECK(r.member_id == m);
    CHECK_FALSE(r.already_erased);
    CHECK(r.erased_at == t.clock);
    CHECK(r.records == 1);
    CHECK(r.refs == 1);
    CHECK(r.page_link);
    CHECK(r.quarantined == 1);
    CHECK(r.deliveries > 0);

    auto d = t.details(m);
    CHECK(d.member.name.empty());
    CHECK(d.member.phone.empty());
    CHECK(d.member.email.empty());
    CHECK(d.member.birthday.empty());
    CHECK(d.member.refs.empty());
    CHECK(d.opted_out);
    CHECK(t.balances(m) == before);
    auto after = t.totals();
    CHECK(after.members == totals.members);
    CHECK(after.available == totals.available);
    CHECK(after.pending == totals.pending);
    t.check_books(m);
    CHECK_FALSE(t.engine->member_page(token));
    CHECK_FALSE(t.by_phone(phone));
    CHECK(t.engine->quarantined_one(raw).body.empty());
    CHECK(t.engine->quarantined_one(raw).resolution == "erased");

    auto x = t.engine->export_member("shop", m, "admin_token");
    REQUIRE(x.kept.erased_at);
    CHECK(*x.kept.erased_at == r.erased_at);
    CHECK(x.kept.quarantined.empty());
    for (const auto& job : x.kept.jobs) {
        CHECK(job.status != core::JobStatus::pending);
        CHECK(job.payload.find(phone) == std::string::npos);
        if (job.status == core::JobStatus::failed) CHECK(job.last_error == std::string(core::erased_job_error));
        if (job.status == core::JobStatus::failed) CHECK(job.payload.ends_with("\"data\":{}}}"));
    }

    // The same phone and platform customer are someone new now.
    std::string fresh = t.pay("O-3", 200000).member_id;
    CHECK(fresh != m);
    CHECK(t.by_phone(phone) == fresh);
    CHECK(t.balances(m) == before);

    auto again = t.engine->erase_member("shop", m, "admin_token");
    CHECK(again.already_erased);
    CHECK(again.erased_at == r.erased_at);
    CHECK(again.records == 0);
    CHECK(again.refs == 0);
    CHECK(again.deliveries == 0);
    CHECK(again.platform_writes == 0);
    CHECK(again.quarantined == 0);
    CHECK_FALSE(again.page_link);
    auto audit = t.audit();
    REQUIRE(audit.size() >= 3);
    CHECK(audit[0].detail == "already erased");
    CHECK(audit[2].detail == "erased");
    CHECK(audit[2].actor == "admin_token");
}

TEST_CASE("erasing a merged member erases every record of the person", "[personal_data]") {
    PersonalShop t;
    // One phone on two platforms: the second customer is merged into the first member.
    auto o = test::order("O-1", core::OrderStatus::paid, 1000000);
    o.occurred_at = t.clock;
    o.customer.customer_id = "H-1";
    o.customer.platform = "haravan";
    o.customer.email = "an@example.vn";
    std::string a = t.engine->record_order("shop", o).member_id;
    auto p = test::order("O-2", core::OrderStatus::paid, 500000);
    p.occurred_at = t.clock;
    p.customer.customer_id = "S-1";
    p.customer.platform = "sapo";
    std::string b = t.engine->record_order("shop", p).member_id;
    REQUIRE(a == b);
    auto r = t.engine->erase_member("shop", a, "abi");
    CHECK(r.refs == 2);
    CHECK(t.details(a).member.refs.empty());
    CHECK(t.details(a).member.email.empty());
}

TEST_CASE("an unknown member is refused and nothing changes", "[personal_data]") {
    PersonalShop t;
    std::string m = t.pay("O-1", 1000000).member_id;
    auto audit = t.audit().size();
    CHECK(status_of([&] { t.engine->erase_member("shop", "m_nobody", "abi"); }) == core::Status::not_found);
    CHECK(status_of([&] { t.engine->export_member("shop", "m_nobody", "abi"); }) == core::Status::not_found);
    CHECK(status_of([&] { t.engine->erase_member("nope", m, "abi"); }) == core::Status::not_found);
    CHECK(status_of([&] { t.engine->erase_member("shop", "", "abi"); }) == core::Status::invalid_argument);
    CHECK(t.audit().size() == audit);
    CHECK_FALSE(t.details(m).member.phone.empty());
}
