#include "member_page_games.hpp"

#include "html.hpp"
#include "member_page_html.hpp"
#include "notify/messages.hpp"

namespace loyalty::server {
namespace {

// A game without a name is shown by its id.
std::string game_name(const core::Game& game) { return game.name.empty() ? game.game_id : game.name; }
std::string quoted(const core::Game& game) { return "«" + game_name(game) + "»"; }

// What a play takes: plays earned by orders are used before points (docs/games.md, "A play").
std::string play_cost(const core::Game& game, const core::GameStatus& status) {
    if (status.plays_left > 0) return "Còn " + core::format_points(status.plays_left) + " lượt chơi";
    return core::format_points(game.cost_points) + " điểm một lượt";
}

std::string prize_name(const core::ShopProgram& program, const core::GamePlay& play) {
    if (!play.prize_name.empty()) return play.prize_name;
    if (const core::Reward* r = program.reward(play.reward_id)) return r->name;
    return "một phần quà";
}

}  // namespace

std::string games_section(const std::vector<PageGame>& games, const std::string& token) {
    if (games.empty()) return {};
    std::string b = "<section><h2>Trò chơi</h2><ul>";
    for (const auto& g : games) {
        const core::Game& game = *g.game;
        // A plain form: the page has no script, and the key makes a second submit of it the same play.
        b += "<li><span>" + html_escape(game_name(game)) + "<br><span class=\"muted\">" + play_cost(game, g.status) +
             "</span></span><form method=\"post\" action=\"/c/" + html_escape(token) + "/games/" +
             html_escape(game.game_id) + "/plays\"><input type=\"hidden\" name=\"idempotency_key\" value=\"" +
             html_escape(g.idempotency_key) + "\"><button type=\"submit\">" +
             (game.kind == core::GameKind::scratch ? "Cào" : "Quay") + "</button></form></li>";
    }
    return b + "</ul></section>";
}

std::string play_result_section(const core::ShopProgram& program, const PagePlay& result) {
    const core::GamePlay& play = result.play;
    const core::Game* game = program.game(play.game_id);
    std::string b = "<section class=\"won\" id=\"play-result\"><h2>" + html_escape(game ? game_name(*game) : play.game_id) +
                    "</h2>";
    if (play.prize_points == 0 && play.reward_id.empty()) {
        b += "<div class=\"prize\">Chúc bạn may mắn lần sau</div>";
    } else {
        b += "<div class=\"muted\">Chúc mừng! Bạn trúng</div><div class=\"prize\">" +
             html_escape(prize_name(program, play)) + "</div>";
        if (play.prize_points > 0)
            b += "<div class=\"muted\">+" + core::format_points(play.prize_points) + " điểm đã được cộng vào tài khoản.</div>";
        if (result.grant)
            b += "<div>Mã nhận quà: <strong>" + html_escape(result.grant->code) +
                 "</strong></div><div class=\"muted\">Đưa mã này cho cửa hàng để nhận quà.</div>";
    }
    if (play.points_spent > 0) b += "<div class=\"muted\">Lượt chơi này dùng " + core::format_points(play.points_spent) + " điểm.</div>";
    return b + "</section>";
}

std::string play_refusal(const core::Game& game, const core::GameStatus& status, int64_t available) {
    const std::string name = quoted(game);
    switch (status.reason) {
        case core::PlayRefusal::closed: return "Trò chơi " + name + " hiện không mở.";
        case core::PlayRefusal::not_in_audience: return "Trò chơi " + name + " chưa dành cho bạn.";
        case core::PlayRefusal::nothing_to_win:
            return "Trò chơi " + name + " đã hết giải thưởng hôm nay. Hãy quay lại vào ngày mai.";
        case core::PlayRefusal::no_plays:
            return "Bạn đã hết lượt chơi " + name + ". Mỗi đơn hàng đủ điều kiện sẽ cho thêm lượt.";
        case core::PlayRefusal::insufficient_points:
            return "Bạn cần " + core::format_points(game.cost_points) + " điểm để chơi " + name + ", bạn đang có " +
                   core::format_points(available) + " điểm.";
        case core::PlayRefusal::none: break;
    }
    // The play was refused but the status taken after it allows one: something changed in between.
    return "Chưa chơi được " + name + " lúc này, hãy thử lại.";
}

}  // namespace loyalty::server
