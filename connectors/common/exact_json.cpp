#include "exact_json.hpp"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/value_stack.hpp>

#include <string>

#include "util/error.hpp"

namespace loyalty::connectors {
namespace {

namespace json = boost::json;
using json::error_code;
using json::string_view;

// A basic_parser handler that builds a value as json::parser does, except for numbers.
struct ExactHandler {
    constexpr static std::size_t max_object_size = std::size_t(-1);
    constexpr static std::size_t max_array_size = std::size_t(-1);
    constexpr static std::size_t max_key_size = std::size_t(-1);
    constexpr static std::size_t max_string_size = std::size_t(-1);

    json::value_stack stack;
    std::string number;  // a number's text split across parts

    bool on_document_begin(error_code&) { return true; }
    bool on_document_end(error_code&) { return true; }
    bool on_object_begin(error_code&) { return true; }
    bool on_object_end(std::size_t n, error_code&) {
        stack.push_object(n);
        return true;
    }
    bool on_array_begin(error_code&) { return true; }
    bool on_array_end(std::size_t n, error_code&) {
        stack.push_array(n);
        return true;
    }
    bool on_key_part(string_view s, std::size_t, error_code&) {
        stack.push_chars(s);
        return true;
    }
    bool on_key(string_view s, std::size_t, error_code&) {
        stack.push_key(s);
        return true;
    }
    bool on_string_part(string_view s, std::size_t, error_code&) {
        stack.push_chars(s);
        return true;
    }
    bool on_string(string_view s, std::size_t, error_code&) {
        stack.push_string(s);
        return true;
    }
    bool on_number_part(string_view s, error_code&) {
        number.append(s.data(), s.size());
        return true;
    }
    bool on_int64(std::int64_t i, string_view, error_code&) {
        number.clear();
        stack.push_int64(i);
        return true;
    }
    bool on_uint64(std::uint64_t u, string_view, error_code&) {
        number.clear();
        stack.push_uint64(u);
        return true;
    }
    bool on_double(double, string_view s, error_code&) {
        number.append(s.data(), s.size());
        stack.push_string(number);
        number.clear();
        return true;
    }
    bool on_bool(bool b, error_code&) {
        stack.push_bool(b);
        return true;
    }
    bool on_null(error_code&) {
        stack.push_null();
        return true;
    }
    bool on_comment_part(string_view, error_code&) { return true; }
    bool on_comment(string_view, error_code&) { return true; }
};

}  // namespace

boost::json::value parse_exact(std::string_view body, std::size_t max_depth) {
    json::parse_options options;
    options.max_depth = max_depth;
    json::basic_parser<ExactHandler> parser(options);
    parser.handler().stack.reset();
    error_code ec;
    std::size_t used = parser.write_some(false, body.data(), body.size(), ec);
    if (!ec && used != body.size()) ec = json::error::extra_data;
    if (ec) {
        core::fail(core::Status::invalid_argument,
                   "body is not valid JSON (" + ec.message() + " at byte " + std::to_string(used) + ")");
    }
    return parser.handler().stack.release();
}

}  // namespace loyalty::connectors
