#pragma once
// What the apps' tests and fakes share: a client trusting the test CA, retries quick enough for
// tests, a failure's status, a query string or form body read as a map, and fakes' object lists.
#include <boost/json.hpp>
#include <boost/url/parse_query.hpp>

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "../status_of.hpp"
#include "http/https_client.hpp"
#include "http/retry.hpp"
#include "test_ca.hpp"
#include "util/error.hpp"

namespace loyalty::test {

inline apps::http::ClientOptions trusting_test_ca() {
    apps::http::ClientOptions o;
    o.ca_file = test_ca().ca_file;
    o.connect_timeout = std::chrono::seconds(5);
    o.read_timeout = std::chrono::seconds(5);
    return o;
}

// Four attempts, 100 ms doubling: a fake sleeper records the waits instead of sleeping them.
inline apps::http::RetryPolicy quick_policy() {
    apps::http::RetryPolicy p;
    p.max_attempts = 4;
    p.base_delay = std::chrono::milliseconds(100);
    p.max_delay = std::chrono::seconds(10);
    p.max_total_wait = std::chrono::seconds(60);
    return p;
}

// "k=v&k=v" (a query or a form body) as a map, percent-decoded.
inline std::map<std::string, std::string> form_fields(const std::string& text) {
    std::map<std::string, std::string> out;
    auto parsed = boost::urls::parse_query(text);
    if (!parsed) return out;
    for (auto p : *parsed) out[std::string(p.key)] = std::string(p.value);
    return out;
}

// A member of a fake's object as text: a string, or an integer written in decimal; empty otherwise.
inline std::string text_of(const boost::json::object& o, const char* key) {
    const boost::json::value* v = o.if_contains(key);
    if (!v) return {};
    if (v->is_string()) return std::string(v->get_string());
    if (v->is_int64()) return std::to_string(v->get_int64());
    return {};
}

// Puts `object` in a fake's list, replacing the one with its "id".
inline void put_by_id(std::vector<boost::json::object>& list, boost::json::object object) {
    for (auto& o : list)
        if (o.at("id") == object.at("id")) {
            o = std::move(object);
            return;
        }
    list.push_back(std::move(object));
}

}  // namespace loyalty::test
