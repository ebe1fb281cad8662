#include "csv.hpp"

namespace loyalty::documents {

std::string csv_cell(std::string_view text) {
    std::string cell(text);
    if (!cell.empty() && (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@')) cell = "'" + cell;
    if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
    std::string out = "\"";
    for (char c : cell) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::string csv_line(std::initializer_list<std::string> cells) {
    std::string out;
    for (const auto& cell : cells) out += (out.empty() ? "" : ",") + cell;
    return out + "\r\n";
}

}  // namespace loyalty::documents
