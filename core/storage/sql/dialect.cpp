#include "storage/sql/dialect.hpp"

#include <cctype>
#include <cstring>

namespace loyalty::core::sql {
namespace {

constexpr const char byte_order[] = " COLLATE \"C\"";

bool identifier_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

}  // namespace

std::string render(const char* text, const Dialect& dialect) {
    std::string out;
    out.reserve(std::strlen(text) + 16);
    for (const char* p = text; *p;) {
        if (*p == '?' && std::isdigit(static_cast<unsigned char>(p[1]))) {
            out += dialect.parameter;
            ++p;
        } else if (!dialect.casts && p[0] == ':' && p[1] == ':') {
            p += 2;
            while (identifier_char(*p)) ++p;
        } else if (!dialect.byte_order && std::strncmp(p, byte_order, sizeof byte_order - 1) == 0) {
            p += sizeof byte_order - 1;
        } else {
            out += *p++;
        }
    }
    return out;
}

}  // namespace loyalty::core::sql
