#include "calls.hpp"
#include "codec.hpp"
#include "util/zone.hpp"

namespace loyalty::documents {

json::object claim_reward(core::Engine& engine, const std::string& shop, const json::object& doc) {
    auto program = engine.shop(shop);
    auto result = engine.claim_reward(program->shop_id, decode_claim_request(doc));
    return encode_claim_result(result, *program->zone, wall_clock());
}

json::object list_grants(core::Engine& engine, const std::string& shop, const json::object& doc) {
    auto program = engine.shop(shop);
    // One instant for filtering and for the statuses shown, so the two always agree.
    int64_t now = wall_clock();
    auto page = engine.grants(program->shop_id, decode_grant_query(doc, now));
    return encode_grant_page(page, *program->zone, now);
}

json::object use_grant(core::Engine& engine, const std::string& shop, const json::object& doc) {
    auto program = engine.shop(shop);
    auto grant = engine.use_grant(program->shop_id, decode_grant_use(doc));
    return encode_grant(grant, *program->zone, wall_clock());
}

json::object void_grant(core::Engine& engine, const std::string& shop, const json::object& doc) {
    auto program = engine.shop(shop);
    auto grant = engine.void_grant(program->shop_id, decode_grant_void(doc));
    return encode_grant(grant, *program->zone, wall_clock());
}

json::object pay_with_points(core::Engine& engine, const std::string& shop, const json::object& doc) {
    auto program = engine.shop(shop);
    auto result = engine.pay_with_points(program->shop_id, decode_payment_request(doc));
    return encode_payment_result(result, *program->zone);
}

json::object settle_period(core::Engine& engine, const std::string& shop, const json::object& doc) {
    auto program = engine.shop(shop);
    auto request = decode_settle_request(doc, *program->zone);
    auto report = engine.settle_period(program->shop_id, request);
    return encode_settlement_report(request.period, report, *program->zone);
}

json::object leaderboard(core::Engine& engine, const std::string& shop, const json::object& doc) {
    auto program = engine.shop(shop);
    auto request = decode_leaderboard_request(doc, *program->zone);
    return encode_leaderboard(engine.leaderboard(program->shop_id, request), *program->zone);
}

}  // namespace loyalty::documents
