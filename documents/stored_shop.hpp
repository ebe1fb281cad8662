#pragma once
// How a shop's document is kept in the store: {"version": N, "shop": {...}}. The version names
// the form the document was written in; a reader migrates older forms forward, so a database
// written by an earlier release always opens. Version 0 is the bare shop object stored before
// versions existed.
#include <boost/json/object.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace loyalty::documents {

inline constexpr int64_t shop_document_version = 1;

// The stored text for a shop document, at the current version.
std::string stored_shop_text(const boost::json::object& shop);
// The shop document inside stored text of any known version, migrated to the current form. Text
// written by a newer release (a higher version) is refused, since reading it would lose fields.
boost::json::object read_stored_shop(std::string_view text);

}  // namespace loyalty::documents
