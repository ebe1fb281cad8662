#pragma once
// Every operation the C ABI and the admin API offer, as JSON document in and JSON document out.
// Each decodes its whole request before calling the engine, so a malformed one changes nothing, and
// throws core::Error as the engine does. The ABI and the server are faces over these: they differ
// only in how a document arrives (C string, HTTP body or query) and how a failure is told.
#include <boost/json.hpp>

#include <cstdint>
#include <string>

#include "deliver.hpp"
#include "engine.hpp"

namespace loyalty::documents {

namespace json = boost::json;

// A call on one shop's request document; the table the admin API's POST routes are made of.
using ShopCall = json::object (*)(core::Engine&, const std::string& shop_id, const json::object& request);

// Shops (calls_shops.cpp). Definitions are returned as stored, secrets included.
void put_shop(core::Engine& engine, const json::object& shop);
std::string patch_shop(core::Engine& engine, const std::string& shop_id, const json::object& patch);
std::string shop_definition(core::Engine& engine, const std::string& shop_id);
// A shop from loyaltyd's configuration: put only when not stored yet (see calls_shops.cpp).
void seed_shop(core::Engine& engine, const core::ShopProgram& shop);
// The seeds a configuration document lists under "shops", each checked as a shop is.
std::vector<core::ShopProgram> decode_seeds(const json::object& config);

// Members, orders and points (calls_members.cpp).
json::object record_order(core::Engine& engine, const std::string& shop_id, const json::object& order);
json::object upsert_customer(core::Engine& engine, const std::string& shop_id, const json::object& customer);
json::object get_member(core::Engine& engine, const std::string& shop_id, const json::object& query);
json::object list_transactions(core::Engine& engine, const std::string& shop_id, const json::object& query);
json::object adjust_points(core::Engine& engine, const std::string& shop_id, const json::object& request);
json::object redeem_points(core::Engine& engine, const std::string& shop_id, const json::object& request);
// The same, with who asked ("staff:lan") written into the entry's detail: the dashboard's audit of
// who moved points.
json::object adjust_points_as(core::Engine& engine, const std::string& shop_id, const json::object& request,
                              const std::string& actor);
json::object redeem_points_as(core::Engine& engine, const std::string& shop_id, const json::object& request,
                              const std::string& actor);
json::object quote(core::Engine& engine, const std::string& shop_id, const json::object& request);
json::object set_tier(core::Engine& engine, const std::string& shop_id, const json::object& request);
json::object set_group(core::Engine& engine, const std::string& shop_id, const json::object& request);
json::object stats(core::Engine& engine);
json::object run_maintenance(core::Engine& engine, int64_t now);

// Rewards, grants, payments with points and distributor programs (calls_rewards.cpp).
json::object claim_reward(core::Engine& engine, const std::string& shop_id, const json::object& request);
json::object list_grants(core::Engine& engine, const std::string& shop_id, const json::object& query);
json::object use_grant(core::Engine& engine, const std::string& shop_id, const json::object& request);
json::object void_grant(core::Engine& engine, const std::string& shop_id, const json::object& request);
json::object pay_with_points(core::Engine& engine, const std::string& shop_id, const json::object& request);
json::object settle_period(core::Engine& engine, const std::string& shop_id, const json::object& request);
json::object leaderboard(core::Engine& engine, const std::string& shop_id, const json::object& request);

// Instant-win games (calls_games.cpp, docs/games.md). Play: {"member_id", "game_id", "idempotency_key"};
// plays: {"game_id"?, "member_id"?, "limit", "after"}; status: {"game_id", "member_id"}.
json::object play_game(core::Engine& engine, const std::string& shop_id, const json::object& request);
json::object list_plays(core::Engine& engine, const std::string& shop_id, const json::object& query);
json::object game_status(core::Engine& engine, const std::string& shop_id, const json::object& request);

// Events to the shop's endpoints (calls_events.cpp). Query: {"status", "limit", "after"};
// replay request: {"from", "to" (default from), "only_failed" (default false)}.
json::object list_events(core::Engine& engine, const std::string& shop_id, const json::object& query);
json::object replay_events(core::Engine& engine, const std::string& shop_id, const json::object& request);
// Campaigns and the messages to members (calls_campaigns.cpp, docs/notifications.md).
json::object create_campaign(core::Engine& engine, const std::string& shop_id, const json::object& request,
                             const std::string& actor);
json::object get_campaign(core::Engine& engine, const std::string& shop_id, const std::string& campaign_id);
json::object list_campaigns(core::Engine& engine, const std::string& shop_id);
json::object list_messages(core::Engine& engine, const std::string& shop_id, const json::object& query);

// The member's own page and contact choices (calls_member_page.cpp). `base_url` is where loyaltyd is
// reached from the internet; the result is {"url": base_url + "/c/" + token, "token"}.
json::object member_link(core::Engine& engine, const std::string& shop_id, const std::string& member_id, bool rotate,
                         const std::string& base_url);
// request: {"opted_out": bool}; returns the member.
json::object patch_member(core::Engine& engine, const std::string& shop_id, const std::string& member_id,
                          const json::object& request);

// A member's personal data (calls_personal_data.cpp, docs/personal-data.md). request: {"member_id",
// "actor"?: who asks, for the audit trail ("abi" when absent)}. Export: everything kept about the
// member; erase: {"member_id", "erased_at", "already_erased", "removed": {…}}.
json::object export_member(core::Engine& engine, const std::string& shop_id, const json::object& request);
json::object erase_member(core::Engine& engine, const std::string& shop_id, const json::object& request);

// Webhooks and quarantine (calls_webhooks.cpp).
// The result document of a delivery that was taken (applied, duplicate, stale or ignored).
json::object encode_delivery(const connectors::DeliveryResult& result);
std::string haravan_handshake(core::Engine& engine, const std::string& shop_id, const std::string& mode,
                              const std::string& verify_token, const std::string& challenge);
json::object list_quarantine(core::Engine& engine, const json::object& query);
json::object replay_quarantine(core::Engine& engine, int64_t quarantine_id);
json::object dismiss_quarantine(core::Engine& engine, int64_t quarantine_id, const std::string& reason);

// Now, for what a call reads or shows as of the call (an order without a time, a grant's expiry).
int64_t wall_clock();

}  // namespace loyalty::documents
