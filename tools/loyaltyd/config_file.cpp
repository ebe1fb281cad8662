#include "config_file.hpp"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/value_stack.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <set>
#include <string_view>
#include <vector>

namespace loyaltyd {
namespace {

namespace json = boost::json;
using json::error_code;
using json::string_view;

constexpr std::size_t max_depth = 64;  // as the library's documents

// Builds the value as json::parser would, refusing a key an object already has, and remembers the last
// thing it completed and at which byte: enough to say what was expected where the text goes wrong.
struct Builder {
    constexpr static std::size_t max_object_size = std::size_t(-1);
    constexpr static std::size_t max_array_size = std::size_t(-1);
    constexpr static std::size_t max_key_size = std::size_t(-1);
    constexpr static std::size_t max_string_size = std::size_t(-1);

    enum class Last { nothing, opened, key, value, number };
    struct Frame {
        bool object;
        std::set<std::string> keys;
    };

    json::value_stack stack;
    std::vector<Frame> frames;
    std::string key;        // a key's text split across parts
    std::string duplicate;  // a key seen twice in one object
    std::size_t at = 0;     // the byte being fed
    Last last = Last::nothing;
    std::size_t last_at = 0;

    void saw(Last what) {
        last = what;
        last_at = at;
    }
    bool on_document_begin(error_code&) { return true; }
    bool on_document_end(error_code&) { return true; }
    bool on_object_begin(error_code&) {
        frames.push_back({true, {}});
        saw(Last::opened);
        return true;
    }
    bool on_object_end(std::size_t n, error_code&) {
        stack.push_object(n);
        frames.pop_back();
        saw(Last::value);
        return true;
    }
    bool on_array_begin(error_code&) {
        frames.push_back({false, {}});
        saw(Last::opened);
        return true;
    }
    bool on_array_end(std::size_t n, error_code&) {
        stack.push_array(n);
        frames.pop_back();
        saw(Last::value);
        return true;
    }
    bool on_key_part(string_view s, std::size_t, error_code&) {
        stack.push_chars(s);
        key.append(s.data(), s.size());
        return true;
    }
    bool on_key(string_view s, std::size_t, error_code& ec) {
        stack.push_key(s);
        key.append(s.data(), s.size());
        bool fresh = frames.back().keys.insert(key).second;
        saw(Last::key);
        if (!fresh) {
            duplicate = key;
            ec = json::error::syntax;
            return false;
        }
        key.clear();
        return true;
    }
    bool on_string_part(string_view s, std::size_t, error_code&) {
        stack.push_chars(s);
        return true;
    }
    bool on_string(string_view s, std::size_t, error_code&) {
        stack.push_string(s);
        saw(Last::value);
        return true;
    }
    bool on_number_part(string_view, error_code&) { return true; }
    bool on_int64(std::int64_t i, string_view, error_code&) {
        stack.push_int64(i);
        saw(Last::number);
        return true;
    }
    bool on_uint64(std::uint64_t u, string_view, error_code&) {
        stack.push_uint64(u);
        saw(Last::number);
        return true;
    }
    bool on_double(double d, string_view, error_code&) {
        stack.push_double(d);
        saw(Last::number);
        return true;
    }
    bool on_bool(bool b, error_code&) {
        stack.push_bool(b);
        saw(Last::value);
        return true;
    }
    bool on_null(error_code&) {
        stack.push_null();
        saw(Last::value);
        return true;
    }
    bool on_comment_part(string_view, error_code&) { return true; }
    bool on_comment(string_view, error_code&) { return true; }
};

bool blank(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && blank(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && blank(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

// "12:5": the line, and the column in characters (UTF-8 continuation bytes are not counted), both from 1.
std::string line_and_column(std::string_view text, std::size_t at) {
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i < at && i < text.size(); ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        if (c == '\n') {
            ++line;
            column = 1;
        } else if ((c & 0xC0) != 0x80) {
            ++column;
        }
    }
    return std::to_string(line) + ":" + std::to_string(column);
}

// What the parser wanted at `at`, judged from what it completed last and the text between: a missing
// comma or colon, or a comma before a closing bracket. Anything else is named by the byte found.
std::string expected(const Builder& b, std::string_view text, std::size_t at) {
    auto c = static_cast<unsigned char>(text[at]);
    char found[96];
    if (c < 0x20 || c > 0x7E)
        std::snprintf(found, sizeof found, "unexpected byte 0x%02X (invalid UTF-8, or a control character)", c);
    else
        std::snprintf(found, sizeof found, "unexpected '%c'", c);
    if (b.last == Builder::Last::nothing) return found;
    // A number is completed by the byte after it; everything else by its own last byte.
    std::size_t from = b.last == Builder::Last::number ? b.last_at : b.last_at + 1;
    std::string_view between = from <= at ? trimmed(text.substr(from, at - from)) : std::string_view("?");
    bool in_object = !b.frames.empty() && b.frames.back().object;
    bool in_array = !b.frames.empty() && !b.frames.back().object;
    switch (b.last) {
        case Builder::Last::value:
        case Builder::Last::number:
            if (between.empty() && in_object) return "expected ',' or '}'";
            if (between.empty() && in_array) return "expected ',' or ']'";
            if (between == "," && in_object) return "expected a key in double quotes after ','";
            if (between == "," && in_array) return "expected a value after ','";
            break;
        case Builder::Last::key:
            if (between.empty()) return "expected ':' after the key";
            if (between == ":") return "expected a value";
            break;
        case Builder::Last::opened:
            if (between.empty() && in_object) return "expected a key in double quotes, or '}'";
            if (between.empty() && in_array) return "expected a value, or ']'";
            break;
        case Builder::Last::nothing: break;
    }
    return found;
}

// Where a key refused as a duplicate starts: its opening quote, before the closing one the parser was at.
std::size_t key_start(std::string_view text, std::size_t closing) {
    for (std::size_t i = closing; i-- > 0;)
        if (text[i] == '"' && (i == 0 || text[i - 1] != '\\')) return i;
    return closing;
}

}  // namespace

boost::json::object read_config_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ConfigError("cannot read " + path + ": " + std::strerror(errno));
    std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (in.bad()) throw ConfigError("cannot read " + path + ": " + std::strerror(errno));

    if (trimmed(text).empty()) throw ConfigError(path + ": the file is empty; the configuration is a JSON object");
    json::parse_options options;
    options.max_depth = max_depth;
    json::basic_parser<Builder> parser(options);
    Builder& b = parser.handler();
    b.stack.reset();
    auto fail = [&](std::size_t at, const std::string& why) -> ConfigError {
        return ConfigError(path + ":" + line_and_column(text, at) + ": " + why);
    };
    // One byte at a time, so that what the handler saw last is known to the byte.
    error_code ec;
    std::size_t i = 0;
    for (; i < text.size(); ++i) {
        if (parser.done()) {
            if (blank(static_cast<unsigned char>(text[i]))) continue;
            throw fail(i, "unexpected text after the end of the JSON document");
        }
        b.at = i;
        parser.write_some(true, text.data() + i, 1, ec);
        if (ec) break;
    }
    if (!ec && !parser.done()) {
        b.at = text.size();
        parser.write_some(false, nullptr, 0, ec);
    }
    if (ec) {
        if (!b.duplicate.empty())
            throw fail(key_start(text, b.last_at), "\"" + b.duplicate + "\" is given twice in one object");
        if (ec == json::error::too_deep) throw fail(i, "nested deeper than " + std::to_string(max_depth));
        if (i >= text.size()) throw fail(text.size(), "the file ends before the JSON document does");
        throw fail(i, expected(b, text, i));
    }
    json::value document = b.stack.release();
    if (!document.is_object()) throw ConfigError(path + ": the configuration must be a JSON object");
    return std::move(document.as_object());
}

}  // namespace loyaltyd
