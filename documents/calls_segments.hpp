#pragma once
// The segment report (docs/program.md, "Segments"): members per RFM segment this local month beside
// the month before, as a document and as CSV.
#include <boost/json.hpp>

#include <string>

#include "engine.hpp"

namespace loyalty::documents {

namespace json = boost::json;

// {"segments": [{"segment", "members", "previous_month_members"}], "month", "previous_month", "computed_at"}
json::object segment_report(core::Engine& engine, const std::string& shop_id);
// The same rows as CSV (UTF-8 with a byte order mark, CRLF lines).
std::string segment_report_csv(core::Engine& engine, const std::string& shop_id);

}  // namespace loyalty::documents
