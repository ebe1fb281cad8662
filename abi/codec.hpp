#pragma once
// JSON <-> core types: the one place the ABI's JSON field names are spelt.
#include "common/headers.hpp"
#include "engine.hpp"
#include "http/config.hpp"
#include "json_fields.hpp"

namespace loyalty::core {
class Zone;
}

namespace loyalty::abi {

core::ShopProgram decode_shop(const json::object& shop);
core::ShopProgram decode_shop_definition(const std::string& definition);
// Fills the program sections (tiers, rules, bonuses, …) of `p` from the shop JSON.
void decode_program_rules(const json::object& shop, core::ShopProgram& p);
core::QuoteRequest decode_quote(const json::object& q, const core::Zone& zone);
core::TierRequest decode_tier_request(const json::object& r, const core::Zone& zone);
core::CustomerInput decode_customer(const json::object& c, std::string_view path);
core::OrderInput decode_order(const json::object& order, const core::Zone& zone, int64_t now);
core::MemberQuery decode_member_query(const json::object& q);
core::PointsRequest decode_points_request(const json::object& r);

json::object encode_member(const core::Member& m, const core::Zone& zone);
json::object encode_member_details(const core::MemberDetails& d, const core::Zone& zone);
json::object encode_quote(const core::Quote& q, const core::ShopProgram& program);
json::object encode_entry(const core::Entry& e, const core::Zone& zone);
json::object encode_order_result(const core::OrderResult& r);
json::object encode_points_result(const core::PointsResult& r, const core::Zone& zone);
json::object encode_maintenance(const core::MaintenanceReport& r);

connectors::Headers decode_headers(const json::object& headers);
json::object encode_ingest_result(const core::IngestResult& r);
json::object encode_quarantined(const core::QuarantinedDelivery& q);

http::ServerConfig decode_server(const json::object& server);

}  // namespace loyalty::abi
