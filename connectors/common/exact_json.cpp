#include "exact_json.hpp"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/value_stack.hpp>

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.hpp"

namespace loyalty::connectors {
namespace {

namespace json = boost::json;
using json::error_code;
using json::string_view;

// Where the parser is, to refuse a key an object already has and name it by its path
// ("order.line_items[0].sku"). json::parser would silently keep the last value of the two.
// Webhook bodies are parsed on every delivery, so all keys of the open objects live back to back in
// one string, as a stack (an object's keys go when it closes): a few allocations per body. An
// object's keys are compared one by one while they are few, through a hash table when it is large.
class KeyPaths {
public:
    KeyPaths() {
        frames_.reserve(16);
        spans_.reserve(128);
        names_.reserve(2048);
    }
    void open(bool object) { frames_.push_back({object, 0, spans_.size(), names_.size(), {}}); }
    void close() {
        spans_.resize(frames_.back().first_span);
        names_.resize(frames_.back().names_at);
        frames_.pop_back();
        value_done();
    }
    void value_done() {
        if (!frames_.empty() && !frames_.back().object) ++frames_.back().index;
    }
    // False when the innermost object already has `key`.
    bool key(std::string_view key) {
        Frame& f = frames_.back();
        const uint64_t h = hash(key);
        if (spans_.size() - f.first_span < kLinear) {
            for (std::size_t i = f.first_span; i < spans_.size(); ++i)
                if (spans_[i].hash == h && name(i) == key) return false;
        } else {
            if (f.table.empty()) rebuild(f, 4 * kLinear);
            if (find(f, key, h)) return false;
        }
        spans_.push_back({names_.size(), key.size(), h});
        names_.append(key);
        if (!f.table.empty()) {
            if (2 * (spans_.size() - f.first_span) > f.table.size()) rebuild(f, 2 * f.table.size());
            else place(f, spans_.size() - 1);
        }
        return true;
    }
    // The path of `key`, refused in the innermost object, under `root`.
    std::string path(const std::string& root, std::string_view key) const {
        std::string p = root;
        for (std::size_t depth = 0; depth + 1 < frames_.size(); ++depth) {
            const Frame& f = frames_[depth];
            if (!f.object) {
                p += "[" + std::to_string(f.index) + "]";
                continue;
            }
            // The key whose value holds the next frame: the last of this object's own keys.
            std::size_t end = frames_[depth + 1].first_span;
            if (end > f.first_span) p += (p.empty() ? "" : ".") + std::string(name(end - 1));
        }
        return p + (p.empty() ? "" : ".") + std::string(key);
    }

private:
    static constexpr std::size_t kLinear = 16;  // keys compared one by one (by hash first) below this many
    struct Span {
        std::size_t at;
        std::size_t size;
        uint64_t hash;  // FNV-1a: most keys differ here, so their bytes are never compared
    };
    struct Frame {
        bool object = false;
        std::size_t index = 0;       // arrays: elements completed so far
        std::size_t first_span = 0;  // objects: where their keys start in spans_
        std::size_t names_at = 0;
        std::vector<std::size_t> table;  // a large object's keys: open addressing, span index + 1 (0: free)
    };
    static uint64_t hash(std::string_view key) {
        uint64_t h = 14695981039346656037ull;
        for (unsigned char c : key) h = (h ^ c) * 1099511628211ull;
        return h;
    }
    std::string_view name(std::size_t i) const {
        return std::string_view(names_).substr(spans_[i].at, spans_[i].size);
    }
    void place(Frame& f, std::size_t span) {
        std::size_t mask = f.table.size() - 1;
        std::size_t at = spans_[span].hash & mask;
        while (f.table[at]) at = (at + 1) & mask;
        f.table[at] = span + 1;
    }
    void rebuild(Frame& f, std::size_t size) {  // `size` a power of two
        f.table.assign(size, 0);
        for (std::size_t i = f.first_span; i < spans_.size(); ++i) place(f, i);
    }
    bool find(const Frame& f, std::string_view key, uint64_t h) const {
        std::size_t mask = f.table.size() - 1;
        for (std::size_t at = h & mask; f.table[at]; at = (at + 1) & mask) {
            std::size_t i = f.table[at] - 1;
            if (spans_[i].hash == h && name(i) == key) return true;
        }
        return false;
    }
    std::vector<Frame> frames_;
    std::vector<Span> spans_;
    std::string names_;
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
        std::string_view whole(s.data(), s.size());
        if (!key.empty()) {  // a key split across parts
            key.append(s.data(), s.size());
            whole = key;
        }
        if (paths.key(whole)) {
            key.clear();
            return true;
        }
        duplicate = paths.path("", whole);
        ec = json::error::syntax;
        return false;
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

boost::json::value parse_json(std::string_view text, bool exact, std::size_t max_depth, ParseFailure& failure,
                              boost::json::storage_ptr storage) {
    json::parse_options options;
    options.max_depth = max_depth;
    json::basic_parser<ExactHandler> parser(options);
    parser.handler().stack.reset(std::move(storage));
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
    // A body is read once and dropped, and most of its keys are too long to live inside a json::string: from the
    // default allocator each key was an allocation of its own, a third of a backfill page's mapping. One counted
    // arena per body, sized to it, frees everything at once when the last value read from it goes.
    ParseFailure failure;
    auto v = parse_json(body, true, max_depth, failure,
                        json::make_shared_resource<json::monotonic_resource>(std::max<std::size_t>(1024, body.size())));
    if (!failure.duplicate_key.empty())
        core::fail(core::Status::invalid_argument,
                   "body has the key " + failure.duplicate_key + " twice: which value counts is not clear");
    if (failure.failed)
        core::fail(core::Status::invalid_argument,
                   "body is not valid JSON (" + failure.message + " at byte " + std::to_string(failure.at) + ")");
    return v;
}

}  // namespace loyalty::connectors
