#pragma once
// What every CSV download shares: cells quoted as RFC 4180 has them, and a byte order mark before
// the header, so spreadsheet programs read Vietnamese names as UTF-8. Lines end in CRLF.
#include <initializer_list>
#include <string>
#include <string_view>

namespace loyalty::documents {

inline constexpr std::string_view csv_bom = "\xEF\xBB\xBF";

// A text a spreadsheet would run as a formula is kept as text.
std::string csv_cell(std::string_view text);

// Cells already quoted (or numbers) joined into one line, CRLF included.
std::string csv_line(std::initializer_list<std::string> cells);

}  // namespace loyalty::documents
