#pragma once
// JSON <-> core types: the one place the ABI's JSON field names are spelt.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "common/headers.hpp"
#include "engine.hpp"
#include "json_fields.hpp"
#include "program/limits.hpp"

namespace loyalty::core {
class Zone;
}

namespace loyalty::documents {

core::ShopProgram decode_shop(const json::object& shop);
core::ShopProgram decode_shop_definition(const std::string& definition);
// Fills the program sections (tiers, rules, bonuses, …) of `p` from the shop JSON.
void decode_program_rules(const json::object& shop, core::ShopProgram& p);
// The "notifications" section: endpoints and how early points.expiring goes out.
void decode_notifications(const json::object& shop, core::ShopProgram& p);
// A message: an sms "template" text, or a zalo "template_id" with "params", for `event` ("campaign"
// for a campaign); the channel must be among `n`'s.
core::MessageRule decode_message_rule(const json::object& m, const std::string& path, const std::string& event,
                                      const core::Notifications& n);
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

json::object encode_ingest_result(const core::IngestResult& r);
json::object encode_quarantined(const core::QuarantinedDelivery& q);


namespace limits = core::limits;

// Helpers the rewards and distributor decoders share (codec_rewards.cpp).
// An integer in [low, high], absent when missing or null; the message names the bound it missed.
std::optional<int64_t> ranged_optional(const json::object& o, std::string_view key, std::string_view path,
                                       int64_t low, int64_t high);
int64_t ranged(const json::object& o, std::string_view key, std::string_view path, int64_t low, int64_t high,
               int64_t fallback);
int64_t required_ranged(const json::object& o, std::string_view key, std::string_view path, int64_t low,
                        int64_t high);
std::vector<std::string> string_list(const json::object& o, std::string_view key, std::string_view path);
// A list of the programme's level names (a rule's, reward's or game's "tiers"): each must be a level.
std::vector<std::string> level_list(const json::object& o, const std::string& path, const core::ShopProgram& p);
// The elements of an array section as objects; `path` is the section's, e.g. "shop.rewards".
std::vector<const json::object*> object_list(const json::array& list, const std::string& path);
std::string element_path(const std::string& path, std::size_t i);
// The text, or null for "" (nothing there).
json::value text_or_null(const std::string& s);
// ISO 8601 in the shop's zone, or null for 0 (the time never came).
json::value time_or_null(int64_t t, const core::Zone& zone);

// The shop JSON's "rewards" (codec_rewards.cpp), then "volume_bonuses", "targets", "rankings",
// "anniversaries", "appreciations" and "settle_after_days" (codec_distributor.cpp). Rewards read
// p.tiers and programs read p.rewards, so they are decoded in that order, after the tiers.
void decode_rewards(const json::object& shop, core::ShopProgram& p);
void decode_distributor(const json::object& shop, core::ShopProgram& p);

// loyalty_set_group's request: `group` absent hands the group back to the platform.
struct GroupRequest {
    std::string member_id;
    std::optional<std::string> group;
};
GroupRequest decode_group_request(const json::object& r);
core::ClaimRequest decode_claim_request(const json::object& r);
core::GrantQuery decode_grant_query(const json::object& q, int64_t now);
core::GrantUse decode_grant_use(const json::object& r);
core::GrantVoid decode_grant_void(const json::object& r);
core::PaymentRequest decode_payment_request(const json::object& r);

// A grant's "status" is "expired" once an issued grant's time is past `now`.
json::object encode_grant(const core::Grant& g, const core::Zone& zone, int64_t now);
json::object encode_claim_result(const core::ClaimResult& r, const core::Zone& zone, int64_t now);
json::object encode_grant_page(const core::GrantPage& p, const core::Zone& zone, int64_t now);
json::object encode_payment_result(const core::PaymentResult& r, const core::Zone& zone);

// The shop JSON's "games" (codec_games.cpp), after the rewards their prizes name.
void decode_games(const json::object& shop, core::ShopProgram& p);
core::PlayRequest decode_play_request(const json::object& r);
core::PlayQuery decode_play_query(const json::object& q);
json::object encode_play(const core::GamePlay& p, const core::Zone& zone);
json::object encode_play_result(const core::PlayResult& r, const core::Zone& zone, int64_t now);
json::object encode_play_page(const core::PlayPage& p, const core::Zone& zone);
json::object encode_game_status(const core::GameStatus& s, const core::Game& game);

core::SettleRequest decode_settle_request(const json::object& r, const core::Zone& zone);
core::LeaderboardRequest decode_leaderboard_request(const json::object& r, const core::Zone& zone);

json::object encode_period(const core::Period& p, const core::Zone& zone);
// `kind` is the program's ("volume", "target", "ranking"): units and the distance to the next
// threshold count units only for volume programs.
json::object encode_standing(const core::Standing& s, const std::string& kind, const core::Zone& zone);
json::object encode_settlement(const core::ProgramSettlement& s, const core::Zone& zone);
json::object encode_settlement_report(const std::string& period, const core::SettlementReport& r,
                                      const core::Zone& zone);
json::object encode_leaderboard(const core::ProgramSettlement& s, const core::Zone& zone);

}  // namespace loyalty::documents
