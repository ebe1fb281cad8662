#include "json_text.hpp"

#include <cstdio>

namespace loyaltyctl {

std::string quote(std::string_view s) {
    std::string out = "\"";
    for (unsigned char c : s) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", c);
                    out += buf;
                } else {
                    out += static_cast<char>(c);
                }
        }
    }
    return out + "\"";
}

std::string number_field(std::string_view key, const std::optional<std::int64_t>& value) {
    return value ? ", " + quote(key) + ": " + std::to_string(*value) : std::string();
}

std::string pretty(std::string_view compact) {
    std::string out;
    int depth = 0;
    bool in_string = false;
    bool escaped = false;
    auto newline = [&] {
        out += '\n';
        out.append(static_cast<std::size_t>(depth) * 2, ' ');
    };
    for (std::size_t i = 0; i < compact.size(); ++i) {
        char c = compact[i];
        if (in_string) {
            out += c;
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') in_string = false;
            continue;
        }
        switch (c) {
            case '"': in_string = true; out += c; break;
            case '{':
            case '[': {
                out += c;
                char close = c == '{' ? '}' : ']';
                // Empty containers stay on one line.
                if (i + 1 < compact.size() && compact[i + 1] == close) {
                    out += close;
                    ++i;
                } else {
                    ++depth;
                    newline();
                }
                break;
            }
            case '}':
            case ']': --depth; newline(); out += c; break;
            case ',': out += c; newline(); break;
            case ':': out += ": "; break;
            default: out += c;
        }
    }
    return out;
}

}  // namespace loyaltyctl
