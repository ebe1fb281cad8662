// POST /c/{token}/games/{game}/plays: a play from the member's own page (docs/games.md, "On the
// member's page"). The token in the URL is the credential, as for the page; a form another site posts
// is refused by what the browser says of its origin (member_form.hpp).
#include "member_form.hpp"
#include "member_page.hpp"
#include "member_page_games.hpp"
#include "respond.hpp"
#include "router.hpp"

namespace loyalty::server {

Handled Router::member_play(const Request& req, const std::string& token, const std::string& game_id) {
    constexpr Route r = Route::member_play;
    auto message = [&](unsigned status, const char* title, const char* text) {
        return member_page_reply(req, r, status, render_message_page(title, text), false);
    };
    if (req.method() != beast_http::verb::post) return refused(req, r, 405, "invalid_argument", "use POST");
    auto host = req[beast_http::field::host];
    std::string own = "https://" + std::string(host.data(), host.size());
    std::string configured = config_.apps ? origin_of(config_.apps->public_url) : std::string();
    if (cross_site_post(req, own, configured))
        return message(403, "Yêu cầu bị từ chối", "Lượt chơi chỉ được gửi từ trang điểm thưởng của bạn.");
    try {
        std::optional<core::MemberPage> page = engine_.member_page(token);
        if (!page) return member_page_reply(req, r, 404, render_missing_page(), false);
        auto type = req[beast_http::field::content_type];
        std::optional<std::string> key;
        if (req.body().size() <= member_form_limit &&
            std::string_view(type.data(), type.size()).starts_with("application/x-www-form-urlencoded"))
            key = form_idempotency_key(req.body());
        if (!key)
            return message(400, "Yêu cầu không hợp lệ", "Hãy mở lại trang điểm thưởng và bấm nút chơi một lần nữa.");
        const core::Game* game = page->program->game(game_id);
        if (!game) return message(404, "Không có trò chơi này", "Trò chơi này không có ở cửa hàng.");
        const std::string& shop = page->program->shop_id;
        const std::string& member = page->details.member.member_id;
        try {
            // The page's keys get a prefix of their own in the shop's one space of keys.
            auto played = engine_.play_game(shop, {member, game_id, "member-page:" + *key});
            Handled done = member_page_reply(req, r, 303, "", false);
            done.response.set(beast_http::field::location,
                              "/c/" + token + "?play=" + std::to_string(played.play.play_id));
            return done;
        } catch (const core::Error& e) {
            if (e.status() != core::Status::conflict && e.status() != core::Status::insufficient_points) throw;
            // Nothing was charged: the play's transaction was rolled back. Say why, on the page.
            PageExtras extras;
            extras.token = token;
            extras.notice = play_refusal(*game, engine_.game_status(shop, game_id, member),
                                         page->details.member.balances.available) +
                            " Bạn không bị trừ điểm.";
            return member_view(req, r, 409, *page, std::move(extras));
        }
    } catch (const std::exception&) {
        return {failure_response(req, documents::current_failure()), r, {}, {}};
    }
}

}  // namespace loyalty::server
