#pragma once
// The dashboard's calls (calls_dashboard.cpp): staff accounts, a session as the browser sees it,
// the shop's figures, its members as a list, and the audit trail.
#include <boost/json.hpp>

#include <string>

#include "engine.hpp"

namespace loyalty::documents {

namespace json = boost::json;

// {"username", "role", "password"} → the member, without the password's hash.
json::object add_staff(core::Engine& engine, const std::string& shop_id, const json::object& request);
json::object list_staff(core::Engine& engine, const std::string& shop_id);  // {"staff": [...]}
// {"username", "password"}: signs the member out everywhere.
json::object reset_staff_password(core::Engine& engine, const std::string& shop_id, const json::object& request);
json::object encode_staff(const core::StaffMember& member, const core::Zone& zone);
// What the browser may know of its session: who, which shop, and the CSRF token to send back.
json::object encode_session(const core::StaffSession& session, const core::ShopProgram& shop);

json::object overview(core::Engine& engine, const std::string& shop_id);
// query: {"q", "tier", "group", "limit", "offset"} → {"members": [...], "total"}.
json::object directory(core::Engine& engine, const std::string& shop_id, const json::object& query);
// Every member the query matches, as CSV (UTF-8 with a byte order mark, CRLF lines).
std::string directory_csv(core::Engine& engine, const std::string& shop_id, const json::object& query);
// query: {"limit", "before"} → {"records": [...], "next_before"?}, newest first.
json::object audit(core::Engine& engine, const std::string& shop_id, const json::object& query);

}  // namespace loyalty::documents
