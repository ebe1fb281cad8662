#include <chrono>

#include "calls.hpp"
#include "codec.hpp"
#include "util/error.hpp"
#include "util/zone.hpp"

namespace loyalty::documents {

int64_t wall_clock() {
    using namespace std::chrono;
    return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

json::object record_order(core::Engine& engine, const std::string& shop, const json::object& doc) {
    auto program = engine.shop(shop);
    auto order = decode_order(doc, *program->zone, wall_clock());
    return encode_order_result(engine.record_order(shop, order));
}

json::object upsert_customer(core::Engine& engine, const std::string& shop, const json::object& doc) {
    auto r = engine.upsert_customer(shop, decode_customer(doc, "customer"));
    return {{"member_id", r.member_id}, {"created", r.created}};
}

json::object get_member(core::Engine& engine, const std::string& shop, const json::object& q) {
    auto query = decode_member_query(q);
    auto m = engine.member_details(shop, query);
    return encode_member_details(m, *engine.shop(shop)->zone);
}

json::object list_transactions(core::Engine& engine, const std::string& shop, const json::object& q) {
    reject_unknown(q, {"member_id", "limit", "before"}, "query");
    int64_t limit = get_integer(q, "limit", "query").value_or(50);
    if (limit < 1 || limit > 500) core::fail(core::Status::invalid_argument, "query.limit must be between 1 and 500");
    auto page = engine.transactions(shop, require_string(q, "member_id", "query"), static_cast<int>(limit),
                                    get_integer(q, "before", "query"));
    const auto& zone = *engine.shop(shop)->zone;
    json::array list;
    for (const auto& entry : page.entries) list.push_back(encode_entry(entry, zone));
    json::value next = nullptr;
    if (page.next_before) next = *page.next_before;
    return {{"transactions", std::move(list)}, {"next_before", next}};
}

namespace {

using PointsMove = core::PointsResult (core::Engine::*)(const std::string&, const core::PointsRequest&);

json::object move_points(core::Engine& engine, const std::string& shop, const json::object& doc,
                         const std::string& actor, PointsMove move) {
    auto request = decode_points_request(doc);
    request.actor = actor;
    auto r = (engine.*move)(shop, request);
    return encode_points_result(r, *engine.shop(shop)->zone);
}

}  // namespace

json::object adjust_points(core::Engine& engine, const std::string& shop, const json::object& doc) {
    return move_points(engine, shop, doc, "", &core::Engine::adjust_points);
}

json::object adjust_points_as(core::Engine& engine, const std::string& shop, const json::object& doc,
                              const std::string& actor) {
    return move_points(engine, shop, doc, actor, &core::Engine::adjust_points);
}

json::object redeem_points(core::Engine& engine, const std::string& shop, const json::object& doc) {
    return move_points(engine, shop, doc, "", &core::Engine::redeem_points);
}

json::object redeem_points_as(core::Engine& engine, const std::string& shop, const json::object& doc,
                              const std::string& actor) {
    return move_points(engine, shop, doc, actor, &core::Engine::redeem_points);
}

json::object quote(core::Engine& engine, const std::string& shop, const json::object& doc) {
    auto program = engine.shop(shop);
    auto request = decode_quote(doc, *program->zone);
    return encode_quote(engine.quote(program->shop_id, request), *program);
}

json::object set_tier(core::Engine& engine, const std::string& shop, const json::object& doc) {
    auto program = engine.shop(shop);
    auto request = decode_tier_request(doc, *program->zone);
    return encode_member_details(engine.set_tier(program->shop_id, request), *program->zone);
}

json::object set_group(core::Engine& engine, const std::string& shop, const json::object& doc) {
    auto program = engine.shop(shop);
    auto request = decode_group_request(doc);
    auto details = engine.set_group(program->shop_id, request.member_id, request.group);
    return encode_member_details(details, *program->zone);
}

json::object stats(core::Engine& engine) {
    auto s = engine.stats();
    return {{"entries", s.entries}, {"quarantine_open", s.quarantine_open}};
}

json::object run_maintenance(core::Engine& engine, int64_t now) { return encode_maintenance(engine.run_maintenance(now)); }

}  // namespace loyalty::documents
