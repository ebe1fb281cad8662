#include "member_page_data.hpp"

#include "util/encoding.hpp"

namespace loyalty::server {

std::vector<PageGame> playable_games(core::Engine& engine, const core::MemberPage& page) {
    const core::ShopProgram& program = *page.program;
    const std::string& member_id = page.details.member.member_id;
    std::vector<PageGame> games;
    for (const auto& game : program.games) {
        core::GameStatus status = engine.game_status(program.shop_id, game.game_id, member_id);
        if (!status.refusal.empty()) continue;
        games.push_back({&game, std::move(status), core::hex_encode(core::random_bytes(16))});
    }
    return games;
}

std::optional<PagePlay> own_play(core::Engine& engine, const core::MemberPage& page, int64_t play_id) {
    const std::string& shop_id = page.program->shop_id;
    const std::string& member_id = page.details.member.member_id;
    // The cursor is exclusive: the first of the member's plays after play_id - 1 is play_id if theirs.
    core::PlayQuery q;
    q.member_id = member_id;
    q.limit = 1;
    q.after = play_id - 1;
    auto plays = engine.game_plays(shop_id, q).plays;
    if (plays.empty() || plays.front().play_id != play_id) return std::nullopt;
    PagePlay result{std::move(plays.front()), std::nullopt};
    if (result.play.grant_id > 0) {
        core::GrantQuery g;
        g.member_id = member_id;
        g.limit = 1;
        g.after = result.play.grant_id - 1;
        auto grants = engine.grants(shop_id, g).grants;
        if (!grants.empty() && grants.front().grant_id == result.play.grant_id) result.grant = std::move(grants.front());
    }
    return result;
}

}  // namespace loyalty::server
