// Staff accounts and their sessions (docs/dashboard.md, "Staff and sessions"): scrypt hashes, a
// growing delay after five failures, idle and absolute timeouts, the last owner kept.
#include <catch2/catch.hpp>

#include "engine_fixture.hpp"
#include "staff/password.hpp"

using namespace loyalty;
using core::LoginOutcome;
using core::StaffRole;
using core::Status;

namespace {

struct StaffEngine {
    int64_t clock = 1'800'000'000;
    std::unique_ptr<core::Engine> engine = test::memory_engine(&clock);
    core::SessionPolicy policy{3600, 12 * 3600};

    core::LoginResult login(const std::string& user, const std::string& password) {
        return engine->login(user, password, policy);
    }
};

}  // namespace

TEST_CASE("a password is kept as a salted scrypt hash that verifies only itself") {
    core::ScryptCost cheap{10, 8, 1};
    auto a = core::hash_password("mat-khau-dai", cheap);
    auto b = core::hash_password("mat-khau-dai", cheap);
    CHECK(a.rfind("scrypt$10$8$1$", 0) == 0);
    CHECK(a != b);  // a fresh salt each time
    CHECK(a.find("mat-khau-dai") == std::string::npos);
    CHECK(core::verify_password("mat-khau-dai", a));
    CHECK_FALSE(core::verify_password("mat-khau-dal", a));
    CHECK_FALSE(core::verify_password("mat-khau-dai", "scrypt$10$8$1$bm90$"));
    CHECK_FALSE(core::verify_password("mat-khau-dai", "bcrypt$whatever"));
    CHECK_FALSE(core::verify_password("mat-khau-dai", "scrypt$40$8$1$" + a.substr(14)));
    CHECK(core::random_token().size() == 43);
    CHECK(core::random_token() != core::random_token());
}

TEST_CASE("staff accounts: one username over every shop, checked input, the last owner kept") {
    StaffEngine t;
    t.engine->put_shop(test::program("other", 10000));
    auto lan = t.engine->add_staff("shop", "Chu.Lan", StaffRole::owner, "mat-khau-dai");
    CHECK(lan.username == "chu.lan");
    CHECK(lan.password_hash.rfind("scrypt$", 0) == 0);
    CHECK(test::status_of([&] { t.engine->add_staff("other", "CHU.LAN", StaffRole::viewer, "mat-khau-dai"); }) ==
          Status::conflict);
    CHECK(test::status_of([&] { t.engine->add_staff("shop", "an", StaffRole::viewer, "mat-khau-dai"); }) ==
          Status::invalid_argument);
    CHECK(test::status_of([&] { t.engine->add_staff("shop", "an van", StaffRole::viewer, "mat-khau-dai"); }) ==
          Status::invalid_argument);
    CHECK(test::status_of([&] { t.engine->add_staff("shop", "thu-ngan", StaffRole::cashier, "short"); }) ==
          Status::invalid_argument);
    CHECK(test::status_of([&] { t.engine->add_staff("nope", "thu-ngan", StaffRole::cashier, "mat-khau-dai"); }) ==
          Status::not_found);
    t.engine->add_staff("shop", "thu-ngan", StaffRole::cashier, "mat-khau-dai");
    auto staff = t.engine->staff("shop");
    REQUIRE(staff.size() == 2);
    CHECK(staff[0].username == "chu.lan");
    CHECK(staff[1].role == StaffRole::cashier);
    CHECK(t.engine->staff("other").empty());

    // Another shop's owner cannot remove this shop's staff; the shop's last owner stays.
    CHECK(test::status_of([&] { t.engine->remove_staff("other", "thu-ngan"); }) == Status::not_found);
    CHECK(test::status_of([&] { t.engine->remove_staff("shop", "chu.lan"); }) == Status::conflict);
    t.engine->remove_staff("shop", "thu-ngan");
    CHECK(t.engine->staff("shop").size() == 1);
}

TEST_CASE("signing in makes a session the token finds, within its idle and absolute timeouts") {
    StaffEngine t;
    t.engine->add_staff("shop", "lan", StaffRole::cashier, "mat-khau-dai");
    auto wrong = t.login("lan", "mat-khau-sai");
    CHECK(wrong.outcome == LoginOutcome::refused);
    CHECK(wrong.token.empty());
    CHECK(t.login("nobody", "mat-khau-dai").outcome == LoginOutcome::refused);

    auto in = t.login("LAN", "mat-khau-dai");
    REQUIRE(in.outcome == LoginOutcome::signed_in);
    CHECK(in.session.shop_id == "shop");
    CHECK(in.session.role == StaffRole::cashier);
    CHECK(in.session.csrf_token.size() == 43);
    CHECK(in.session.token_hash == core::token_digest(in.token));
    auto s = t.engine->session(in.token, t.policy);
    REQUIRE(s);
    CHECK(s->username == "lan");
    CHECK_FALSE(t.engine->session(in.token + "x", t.policy));
    CHECK_FALSE(t.engine->session("", t.policy));

    // Used every 50 minutes it lives on; an hour unused ends it.
    for (int i = 0; i < 5; ++i) {
        t.clock += 50 * 60;
        REQUIRE(t.engine->session(in.token, t.policy));
    }
    t.clock += 3600;
    CHECK_FALSE(t.engine->session(in.token, t.policy));

    // However often it is used, twelve hours after sign-in it ends.
    auto again = t.login("lan", "mat-khau-dai");
    for (int i = 0; i < 16; ++i) {
        t.clock += 50 * 60;
        bool alive = t.engine->session(again.token, t.policy).has_value();
        CHECK(alive == ((i + 1) * 50 * 60 < 12 * 3600));
    }

    // Signing out ends it at once.
    auto third = t.login("lan", "mat-khau-dai");
    t.engine->logout(third.token);
    CHECK_FALSE(t.engine->session(third.token, t.policy));
}

TEST_CASE("five failed sign-ins make every further attempt wait longer, the right password included") {
    StaffEngine t;
    t.engine->add_staff("shop", "lan", StaffRole::owner, "mat-khau-dai");
    for (int i = 0; i < 4; ++i) CHECK(t.login("lan", "sai").retry_after == 0);
    auto fifth = t.login("lan", "sai");
    CHECK(fifth.outcome == LoginOutcome::refused);
    CHECK(fifth.retry_after == 2);
    auto held = t.login("lan", "mat-khau-dai");
    CHECK(held.outcome == LoginOutcome::throttled);
    CHECK(held.retry_after == 2);
    t.clock += 2;
    CHECK(t.login("lan", "sai").retry_after == 4);
    t.clock += 4;
    CHECK(t.login("lan", "sai").retry_after == 8);
    t.clock += 8;
    REQUIRE(t.login("lan", "mat-khau-dai").outcome == LoginOutcome::signed_in);
    // A success starts the count again.
    for (int i = 0; i < 4; ++i) CHECK(t.login("lan", "sai").retry_after == 0);
}

TEST_CASE("a new password ends every session and lifts the lock, and removing a member ends theirs") {
    StaffEngine t;
    t.engine->add_staff("shop", "chu", StaffRole::owner, "mat-khau-chu");
    t.engine->add_staff("shop", "lan", StaffRole::viewer, "mat-khau-dai");
    auto in = t.login("lan", "mat-khau-dai");
    for (int i = 0; i < 6; ++i) t.login("lan", "sai");
    CHECK(t.login("lan", "mat-khau-dai").outcome == LoginOutcome::throttled);
    t.engine->reset_staff_password("shop", "lan", "mat-khau-moi");
    CHECK_FALSE(t.engine->session(in.token, t.policy));
    CHECK(t.login("lan", "mat-khau-dai").outcome == LoginOutcome::refused);
    auto fresh = t.login("lan", "mat-khau-moi");
    REQUIRE(fresh.outcome == LoginOutcome::signed_in);
    t.engine->remove_staff("shop", "lan");
    CHECK_FALSE(t.engine->session(fresh.token, t.policy));
}

TEST_CASE("a platform install's owner account signs in through the platform only") {
    StaffEngine t;
    auto in = t.engine->platform_owner_session("shop", "haravan");
    REQUIRE(in.outcome == LoginOutcome::signed_in);
    CHECK(in.session.username == "haravan-shop");
    CHECK(in.session.role == StaffRole::owner);
    CHECK(t.engine->session(in.token, t.policy));
    // No password signs in to it; a second install reuses the account.
    CHECK(t.login("haravan-shop", "").outcome == LoginOutcome::refused);
    CHECK(t.engine->platform_owner_session("shop", "haravan").session.username == "haravan-shop");
    CHECK(t.engine->staff("shop").size() == 1);
}

TEST_CASE("an audit record is kept per shop, newest first") {
    StaffEngine t;
    for (int i = 0; i < 3; ++i) {
        core::AuditRecord r;
        r.shop_id = "shop";
        r.actor = "staff:lan";
        r.action = "POST /x";
        r.target = "/api/v1/shops/shop/x" + std::to_string(i);
        r.detail = "200";
        t.engine->record_audit(r);
    }
    auto page = t.engine->audit("shop", {2, std::nullopt});
    REQUIRE(page.size() == 2);
    CHECK(page[0].target.ends_with("x2"));
    CHECK(page[0].at == t.clock);
    auto rest = t.engine->audit("shop", {2, page[1].audit_id});
    REQUIRE(rest.size() == 1);
    CHECK(rest[0].target.ends_with("x0"));
    CHECK(t.engine->audit("other", {10, std::nullopt}).empty());
}
