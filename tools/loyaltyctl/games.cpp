#include "games.hpp"

#include <memory>
#include <optional>

#include "json_text.hpp"

namespace loyaltyctl {

void add_game_commands(CLI::App& app, Action& chosen) {
    CLI::App* game = noun(app, "game", "instant-win games (docs/games.md)");
    struct Args {
        std::string shop, game, member_id, key;
        std::optional<std::string> member;
        std::optional<std::int64_t> limit, after;
    };
    auto a = std::make_shared<Args>();
    auto with_game = [](CLI::App& cmd, Args& args) {
        cmd.add_option("SHOP", args.shop, "the shop's id")->required();
        cmd.add_option("GAME", args.game, "the game's id")->required();
    };

    CLI::App* play = verb(*game, "play", "play the game for a member: an earned play, else cost_points", chosen,
                          [a](loyalty_engine* e) {
                              std::string request = "{\"member_id\": " + quote(a->member_id) + ", \"game_id\": " +
                                                    quote(a->game) + ", \"idempotency_key\": " + quote(a->key) + "}";
                              return call_shop(loyalty_play_game, e, a->shop, request);
                          });
    with_game(*play, *a);
    play->add_option("MEMBER_ID", a->member_id, "the member's id")->required();
    play->add_option("--key", a->key, "the play's idempotency key: the same key plays once")->required();

    CLI::App* status = verb(*game, "status", "whether the member can play now, plays left and the odds", chosen,
                            [a](loyalty_engine* e) {
                                std::string request = "{\"game_id\": " + quote(a->game) +
                                                      ", \"member_id\": " + quote(a->member_id) + "}";
                                return call_shop(loyalty_game_status, e, a->shop, request);
                            });
    with_game(*status, *a);
    status->add_option("MEMBER_ID", a->member_id, "the member's id")->required();

    CLI::App* plays = verb(*game, "plays", "the plays made, oldest first, with their odds and draws", chosen,
                           [a](loyalty_engine* e) {
                               std::string query = "{\"game_id\": " + quote(a->game);
                               if (a->member) query += ", \"member_id\": " + quote(*a->member);
                               query += number_field("limit", a->limit);
                               query += number_field("after", a->after);
                               query += "}";
                               return call_shop(loyalty_list_plays, e, a->shop, query);
                           });
    with_game(*plays, *a);
    plays->add_option("--member", a->member, "only this member's plays")->type_name("ID");
    add_integer(*plays, "--limit", a->limit, "at most this many plays");
    add_integer(*plays, "--after", a->after, "plays after this PLAY_ID");
}

}  // namespace loyaltyctl
