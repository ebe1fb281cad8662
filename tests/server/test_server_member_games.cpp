// The member's own page offers the shop's games: a form for each game they can play now, a play posted
// from it once per idempotency key, its result after the redirect, and the posts it refuses.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "https_client.hpp"
#include "served.hpp"

using namespace loyalty::test;
using boost::beast::http::verb;
namespace json = boost::json;

namespace {

// "wheel" always gives 500 points for 50, "card" a reward for 10, "luck" nothing for 20; "old" is
// closed and "dear" costs more than anyone has.
const char* games_shop = R"({"shop_id": "demo", "timezone": "Asia/Ho_Chi_Minh", "earn": {"spend_per_point": 10000},
    "connections": [{"platform": "haravan", "secret": "haravan-test-secret"}],
    "rewards": [{"reward_id": "tea", "name": "Trà sen", "kind": "gift", "cost_points": 1000}],
    "games": [
      {"id": "wheel", "name": "Vòng quay Tết", "kind": "wheel", "cost_points": 50,
       "prizes": [{"id": "p500", "name": "500 điểm", "weight": 1, "points": 500}]},
      {"id": "card", "name": "Thẻ cào", "kind": "scratch", "cost_points": 10,
       "prizes": [{"id": "tea", "weight": 1, "reward_id": "tea"}]},
      {"id": "luck", "name": "Vòng quay vui", "kind": "wheel", "cost_points": 20,
       "prizes": [{"id": "none", "name": "Chúc may mắn", "weight": 1}]},
      {"id": "old", "name": "Trò cũ", "kind": "wheel", "cost_points": 1, "window": {"from": "2020-01-01", "to": "2020-02-01"},
       "prizes": [{"id": "none", "weight": 1}]},
      {"id": "dear", "name": "Trò đắt", "kind": "wheel", "cost_points": 100000, "prizes": [{"id": "none", "weight": 1}]}
    ]})";

const std::string page_csp =
    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action ";
const std::string form = "application/x-www-form-urlencoded";

struct Member {
    std::string id, token;
};

// A member who paid an order of `amount` VND (a point per 10,000), and the token of their page.
Member member_with(Https& c, const std::string& order, const std::string& amount, const std::string& customer,
                   const std::string& phone) {
    std::string body = haravan_order(order, amount, customer, phone);
    REQUIRE(c.send(verb::post, "/webhooks/haravan/demo", body, haravan_headers(body)).status == 200);
    auto found = c.get("/api/v1/shops/demo/members?phone=" + phone, bearer());
    REQUIRE(found.status == 200);
    Member m;
    m.id = std::string(json::parse(found.body).at("member_id").as_string());
    auto link = c.get("/api/v1/shops/demo/members/" + m.id + "/link", bearer());
    REQUIRE(link.status == 200);
    m.token = std::string(json::parse(link.body).at("token").as_string());
    return m;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The idempotency key the page's form for `game` carries.
std::string form_key(const std::string& page, const std::string& game) {
    auto at = page.find("/games/" + game + "/plays\"");
    if (at == std::string::npos) return {};
    const std::string marker = "name=\"idempotency_key\" value=\"";
    auto value = page.find(marker, at);
    if (value == std::string::npos) return {};
    value += marker.size();
    return page.substr(value, page.find('"', value) - value);
}

int64_t available(Https& c, const std::string& id) {
    auto m = json::parse(c.get("/api/v1/shops/demo/members/" + id, bearer()).body);
    return m.at("points").at("available").as_int64();
}

std::size_t plays_of(Https& c, const std::string& game, const std::string& id) {
    auto r = c.get("/api/v1/shops/demo/games/" + game + "/plays?member_id=" + id, bearer());
    REQUIRE(r.status == 200);
    return json::parse(r.body).at("plays").as_array().size();
}

std::size_t game_debits(Https& c, const std::string& id) {
    auto r = json::parse(c.get("/api/v1/shops/demo/members/" + id + "/transactions?limit=100", bearer()).body);
    std::size_t n = 0;
    for (const auto& e : r.at("transactions").as_array())
        if (e.at("kind") == "redeem" && e.at("ref").at("type") == "game_play") ++n;
    return n;
}

Reply play(Https& c, const Member& m, const std::string& game, const std::string& body,
           std::map<std::string, std::string> headers = {{"Content-Type", "application/x-www-form-urlencoded"}}) {
    return c.send(verb::post, "/c/" + m.token + "/games/" + game + "/plays", body, headers);
}

// The server with games_shop, and its first member: 113 points from an order of 1,130,000 VND.
class GameShop {
protected:
    GameShop() {
        REQUIRE(s.ok());
        REQUIRE(loyalty_put_shop(s.engine, games_shop) == LOYALTY_OK);
    }
    Member player() { return member_with(c, "1001", "1130000", "501", "0912345678"); }
    Served s;
    Https c{s.port};
};

}  // namespace

TEST_CASE_METHOD(GameShop, "the member's page shows a play form only for the games the member can play now",
                 "[server][member_page]") {
    Member rich = player();
    Member poor = member_with(c, "1002", "50000", "502", "0938222333");    // 5 points

    auto page = c.get("/c/" + rich.token);
    REQUIRE(page.status == 200);
    CHECK(page.header("Content-Security-Policy") == page_csp + "'self'");
    CHECK(page.header("Referrer-Policy") == "same-origin");
    CHECK(has(page.body, "<h2>Trò chơi</h2>"));
    CHECK(has(page.body, "Vòng quay Tết"));
    CHECK(has(page.body, "50 điểm một lượt"));
    CHECK(has(page.body, "<form method=\"post\" action=\"/c/" + rich.token + "/games/wheel/plays\">"));
    CHECK(has(page.body, ">Quay</button>"));
    CHECK(has(page.body, ">Cào</button>"));
    CHECK(form_key(page.body, "wheel").size() == 32);
    CHECK(form_key(page.body, "card").size() == 32);
    CHECK(form_key(page.body, "luck").size() == 32);
    CHECK_FALSE(has(page.body, "/games/old/plays"));   // closed
    CHECK_FALSE(has(page.body, "/games/dear/plays"));  // not enough points
    CHECK_FALSE(has(page.body, "<script"));
    // A key is drawn each time the page is rendered: a new visit is a new play.
    CHECK(form_key(c.get("/c/" + rich.token).body, "wheel") != form_key(page.body, "wheel"));

    auto none = c.get("/c/" + poor.token);
    REQUIRE(none.status == 200);
    CHECK_FALSE(has(none.body, "<form"));
    CHECK(none.header("Content-Security-Policy") == page_csp + "'none'");
    CHECK(none.header("Referrer-Policy") == "no-referrer");
}

TEST_CASE_METHOD(GameShop, "a play from the member's page plays once per key and shows its result after the redirect",
                 "[server][member_page]") {
    Member m = player();
    std::string key = form_key(c.get("/c/" + m.token).body, "wheel");
    REQUIRE(!key.empty());

    auto first = play(c, m, "wheel", "idempotency_key=" + key);
    REQUIRE(first.status == 303);
    std::string location = first.header("Location");
    CHECK(location.starts_with("/c/" + m.token + "?play="));
    CHECK(first.header("Cache-Control") == "no-store");
    // A double submit, or the form posted again with the back button: the same play.
    auto again = play(c, m, "wheel", "idempotency_key=" + key);
    CHECK(again.status == 303);
    CHECK(again.header("Location") == location);
    CHECK(plays_of(c, "wheel", m.id) == 1);
    CHECK(game_debits(c, m.id) == 1);
    CHECK(available(c, m.id) == 113 - 50 + 500);

    // The result survives a refresh: showing it draws nothing.
    for (int i = 0; i < 2; ++i) {
        auto shown = c.get(location);
        REQUIRE(shown.status == 200);
        CHECK(has(shown.body, "id=\"play-result\""));
        CHECK(has(shown.body, "Chúc mừng! Bạn trúng"));
        CHECK(has(shown.body, "+500 điểm đã được cộng"));
        CHECK(has(shown.body, "Lượt chơi này dùng 50 điểm."));
        CHECK(has(shown.body, "563 điểm"));
    }
    CHECK(plays_of(c, "wheel", m.id) == 1);

    auto lost = play(c, m, "luck", "idempotency_key=" + form_key(c.get("/c/" + m.token).body, "luck"));
    REQUIRE(lost.status == 303);
    CHECK(has(c.get(lost.header("Location")).body, "Chúc bạn may mắn lần sau"));

    auto won = play(c, m, "card", "idempotency_key=" + form_key(c.get("/c/" + m.token).body, "card"));
    REQUIRE(won.status == 303);
    auto card = c.get(won.header("Location")).body;
    CHECK(has(card, "Trà sen"));
    CHECK(has(card, "Mã nhận quà: <strong>"));

    // Another member's play is not shown on this page, whatever number is asked for.
    Member other = member_with(c, "1003", "1130000", "503", "0977777777");
    auto theirs = c.get("/c/" + other.token + location.substr(location.find('?')));
    CHECK(theirs.status == 200);
    CHECK_FALSE(has(theirs.body, "play-result"));
    CHECK_FALSE(has(c.get("/c/" + m.token + "?play=999999").body, "play-result"));
    CHECK(c.get("/c/" + m.token + "?play=x").status == 200);
}

TEST_CASE_METHOD(GameShop, "a play from the member's page is refused cross-site, without a good key, or on a rotated link",
                 "[server][member_page]") {
    Member m = player();
    const std::string key = "idempotency_key=0123456789abcdef0123456789abcdef";

    auto evil = play(c, m, "wheel", key, {{"Content-Type", form}, {"Origin", "https://evil.example"}});
    CHECK(evil.status == 403);
    CHECK(has(evil.body, "Yêu cầu bị từ chối"));
    CHECK(play(c, m, "wheel", key, {{"Content-Type", form}, {"Origin", "null"}}).status == 403);
    CHECK(play(c, m, "wheel", key, {{"Content-Type", form}, {"Sec-Fetch-Site", "cross-site"}}).status == 403);
    CHECK(play(c, m, "wheel", key, {{"Content-Type", form}, {"Sec-Fetch-Site", "same-site"}}).status == 403);
    // The browser's Sec-Fetch-Site is believed over an Origin a page cannot set anyway.
    CHECK(play(c, m, "wheel", key, {{"Content-Type", form}, {"Sec-Fetch-Site", "cross-site"},
                                    {"Origin", "https://localhost"}}).status == 403);
    CHECK(plays_of(c, "wheel", m.id) == 0);
    CHECK(available(c, m.id) == 113);

    CHECK(play(c, m, "wheel", "").status == 400);
    CHECK(play(c, m, "wheel", "idempotency_key=short").status == 400);
    CHECK(play(c, m, "wheel", "idempotency_key=0123456789abcdef%2F123456789abcdef").status == 400);
    CHECK(play(c, m, "wheel", key + "&points=1").status == 400);
    CHECK(play(c, m, "wheel", key + std::string(300, 'a')).status == 400);
    auto bad = play(c, m, "wheel", key, {{"Content-Type", "application/json"}});
    CHECK(bad.status == 400);
    CHECK(has(bad.body, "Yêu cầu không hợp lệ"));
    CHECK(plays_of(c, "wheel", m.id) == 0);

    CHECK(c.send(verb::get, "/c/" + m.token + "/games/wheel/plays").status == 405);
    CHECK(play(c, m, "nothing", key).status == 404);

    auto same = play(c, m, "wheel", key, {{"Content-Type", form}, {"Origin", "https://localhost"},
                                          {"Sec-Fetch-Site", "same-origin"}});
    CHECK(same.status == 303);
    CHECK(play(c, m, "wheel", "idempotency_key=fedcba9876543210fedcba9876543210", {{"Content-Type", form},
              {"Origin", "https://localhost"}}).status == 303);
    CHECK(plays_of(c, "wheel", m.id) == 2);

    auto rotated = c.send(verb::post, "/api/v1/shops/demo/members/" + m.id + "/link/rotate", "", bearer());
    REQUIRE(rotated.status == 200);
    auto gone = play(c, m, "wheel", "idempotency_key=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    CHECK(gone.status == 404);
    CHECK(has(gone.body, "Liên kết không còn hiệu lực"));
    CHECK(play(c, {m.id, "nothing"}, "wheel", key).status == 404);
    CHECK(plays_of(c, "wheel", m.id) == 2);
}

TEST_CASE_METHOD(GameShop, "a game the member cannot play now is refused on the page and charges nothing",
                 "[server][member_page]") {
    Member m = player();

    auto dear = play(c, m, "dear", "idempotency_key=0123456789abcdef0123456789abcdef");
    CHECK(dear.status == 409);
    CHECK(has(dear.body, "Bạn cần 100.000 điểm để chơi «Trò đắt», bạn đang có 113 điểm."));
    CHECK(has(dear.body, "Bạn không bị trừ điểm."));
    CHECK(has(dear.body, "/games/wheel/plays"));  // the page, with what the member can play
    CHECK(dear.header("Content-Security-Policy") == page_csp + "'self'");

    auto old = play(c, m, "old", "idempotency_key=1123456789abcdef0123456789abcdef");
    CHECK(old.status == 409);
    CHECK(has(old.body, "Trò chơi «Trò cũ» hiện không mở."));
    CHECK(available(c, m.id) == 113);
    CHECK(game_debits(c, m.id) == 0);
}
