#include "calls.hpp"
#include "codec.hpp"
#include "util/zone.hpp"

namespace loyalty::documents {

json::object play_game(core::Engine& engine, const std::string& shop, const json::object& doc) {
    auto program = engine.shop(shop);
    auto result = engine.play_game(program->shop_id, decode_play_request(doc));
    return encode_play_result(result, *program->zone, wall_clock());
}

json::object list_plays(core::Engine& engine, const std::string& shop, const json::object& doc) {
    auto program = engine.shop(shop);
    return encode_play_page(engine.game_plays(program->shop_id, decode_play_query(doc)), *program->zone);
}

json::object game_status(core::Engine& engine, const std::string& shop, const json::object& doc) {
    reject_unknown(doc, {"game_id", "member_id"}, "request");
    auto program = engine.shop(shop);
    std::string game_id = require_string(doc, "game_id", "request");
    std::string member_id = require_string(doc, "member_id", "request");
    auto status = engine.game_status(program->shop_id, game_id, member_id);
    return encode_game_status(status, *program->game(status.game_id));
}

}  // namespace loyalty::documents
