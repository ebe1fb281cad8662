#pragma once
// The apps' state as documents: the shops with their connections, a shop's sync status, and
// starting a backfill or reconciliation by hand. They read and write the store only, so loyaltyd's
// admin API and loyaltyctl (through the C ABI) show and start the same thing; loyaltyd's workers
// pick a started walk up.
#include <boost/json/object.hpp>

#include <cstdint>
#include <string>

#include "syncer.hpp"

namespace loyalty::apps {

// {"shops": [{"shop_id", "connections": [{"platform", "state", "account", "last_error"}]}]}; a
// connection written by hand, with no app link, is "manual".
boost::json::object shops_document(core::Engine& engine);
// {"shop_id", "platforms": {"<platform>": {"state", "account", "history", "customers": {"done", "total"},
// "orders": {...}, "last_reconciled_at", "last_error", "writes": {"pending", "done", "failed",
// "recent_failures"}}}}. A link whose last step failed shows "error" until one succeeds.
boost::json::object sync_status_document(core::Engine& engine, const std::string& shop_id);
// {"platform", "mode": "backfill" | "reconcile" (default), "since": date or time, "history":
// "points" | "spend_only" (backfill only)} -> the shop's sync status.
boost::json::object start_sync_document(core::Engine& engine, const std::string& shop_id,
                                        const boost::json::object& request, const SyncSettings& settings,
                                        int64_t now);

}  // namespace loyalty::apps
