#include "exact_json.hpp"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/value_stack.hpp>

#include <string>
#include <unordered_set>
#include <vector>

#include "util/error.hpp"

namespace loyalty::connectors {
namespace {

namespace json = boost::json;
using json::error_code;
using json::string_view;

// Where the parser is, to refuse a key an object already has and name it by its path
// ("order.line_items[0].sku"). json::parser would silently keep the last value of the two.
class KeyPaths {
public:
    void open(bool object) { frames_.push_back({object, 0, {}, {}}); }
    void close() {
        frames_.pop_back();
        value_done();
    }
    void value_done() {
        if (!frames_.empty() && !frames_.back().object) ++frames_.back().index;
    }
    // False when the innermost object already has `key`.
    bool key(std::string key) {
        Frame& f = frames_.back();
        f.key = key;
        return f.keys.insert(std::move(key)).second;
    }
    // The path of the key just given, under `root`.
    std::string path(const std::string& root) const {
        std::string p = root;
        for (const auto& f : frames_) {
            if (f.object) p += (p.empty() ? "" : ".") + f.key;
            else p += "[" + std::to_string(f.index) + "]";
        }
        return p;
    }

private:
    struct Frame {
        bool object;
        std::size_t index;  // arrays: elements completed so far
        std::string key;    // objects: the latest key
        std::unordered_set<std::string> keys;
    };
    std::vector<Frame> frames_;
};

// A basic_parser handler that builds a value as json::parser does, except for numbers when
// `exact`, and refusing duplicate keys.
struct ExactHandler {
    constexpr static std::size_t max_object_size = std::size_t(-1);
    constexpr static std::size_t max_array_size = std::size_t(-1);
    constexpr static std::size_t max_key_size = std::size_t(-1);
    constexpr static std::size_t max_string_size = std::size_t(-1);

    json::value_stack stack;
    std::string number;  // a number's text split across parts
    std::string key;     // a key's text split across parts
    bool exact = true;
    KeyPaths paths;
    std::string duplicate;  // the path of a key seen twice in one object

    bool on_document_begin(error_code&) { return true; }
    bool on_document_end(error_code&) { return true; }
    bool on_object_begin(error_code&) {
        paths.open(true);
        return true;
    }
    bool on_object_end(std::size_t n, error_code&) {
        stack.push_object(n);
        paths.close();
        return true;
    }
    bool on_array_begin(error_code&) {
        paths.open(false);
        return true;
    }
    bool on_array_end(std::size_t n, error_code&) {
        stack.push_array(n);
        paths.close();
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
        bool fresh = paths.key(std::move(key));
        key.clear();
        if (!fresh) {
            duplicate = paths.path("");
            ec = json::error::syntax;
            return false;
        }
        return true;
    }
    bool on_string_part(string_view s, std::size_t, error_code&) {
        stack.push_chars(s);
        return true;
    }
    bool on_string(string_view s, std::size_t, error_code&) {
        stack.push_string(s);
        paths.value_done();
        return true;
    }
    bool on_number_part(string_view s, error_code&) {
        number.append(s.data(), s.size());
        return true;
    }
    bool on_int64(std::int64_t i, string_view, error_code&) {
        number.clear();
        stack.push_int64(i);
        paths.value_done();
        return true;
    }
    bool on_uint64(std::uint64_t u, string_view, error_code&) {
        number.clear();
        stack.push_uint64(u);
        paths.value_done();
        return true;
    }
    bool on_double(double d, string_view s, error_code&) {
        number.append(s.data(), s.size());
        if (exact) stack.push_string(number);
        else stack.push_double(d);
        number.clear();
        paths.value_done();
        return true;
    }
    bool on_bool(bool b, error_code&) {
        stack.push_bool(b);
        paths.value_done();
        return true;
    }
    bool on_null(error_code&) {
        stack.push_null();
        paths.value_done();
        return true;
    }
    bool on_comment_part(string_view, error_code&) { return true; }
    bool on_comment(string_view, error_code&) { return true; }
};

}  // namespace

boost::json::value parse_json(std::string_view text, bool exact, std::size_t max_depth, ParseFailure& failure) {
    json::parse_options options;
    options.max_depth = max_depth;
    json::basic_parser<ExactHandler> parser(options);
    parser.handler().stack.reset();
    parser.handler().exact = exact;
    error_code ec;
    std::size_t used = parser.write_some(false, text.data(), text.size(), ec);
    if (!ec && used != text.size()) ec = json::error::extra_data;
    if (ec) {
        failure.failed = true;
        failure.duplicate_key = parser.handler().duplicate;
        failure.message = ec.message();
        failure.at = used;
        return nullptr;
    }
    return parser.handler().stack.release();
}

boost::json::value parse_exact(std::string_view body, std::size_t max_depth) {
    ParseFailure failure;
    auto v = parse_json(body, true, max_depth, failure);
    if (!failure.duplicate_key.empty())
        core::fail(core::Status::invalid_argument,
                   "body has the key " + failure.duplicate_key + " twice: which value counts is not clear");
    if (failure.failed)
        core::fail(core::Status::invalid_argument,
                   "body is not valid JSON (" + failure.message + " at byte " + std::to_string(failure.at) + ")");
    return v;
}

}  // namespace loyalty::connectors
