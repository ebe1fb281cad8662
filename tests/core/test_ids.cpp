// Member ids sort by creation (core/util/ids.hpp): what keeps a store's member-keyed rows together.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "engine_fixture.hpp"
#include "util/ids.hpp"

using namespace loyalty;
using core::creation_ordered_id;

namespace {

bool well_formed(const std::string& id) {
    if (id.size() != 22 || id.compare(0, 2, "m_") != 0) return false;
    return id.find_first_not_of("0123456789abcdefghjkmnpqrstvwxyz", 2) == std::string::npos;
}

}  // namespace

TEST_CASE("an id is its prefix and 20 base-32 characters, the clock's first") {
    int64_t last_ms = -1;
    uint64_t last_tail = 0;
    // 1,796,083,200,000 ms is 2026-12-01; 31 in the last place is "z".
    auto id = creation_ordered_id("m_", 1796083200000, 31, last_ms, last_tail);
    CHECK(well_formed(id));
    CHECK(id == "m_01m8qedc00000000000z");
    CHECK(last_ms == 1796083200000);
    CHECK(last_tail == 31);
    // Only 50 bits of the random draw are kept.
    auto top = creation_ordered_id("x", 1796083200001, ~uint64_t{0}, last_ms, last_tail);
    CHECK(top == "x01m8qedc01zzzzzzzzzz");
}

TEST_CASE("ids sort by the millisecond, and within one by the order they were made") {
    int64_t last_ms = -1;
    uint64_t last_tail = 0;
    std::vector<std::string> ids;
    // Random draws that, taken as they come, would not sort.
    ids.push_back(creation_ordered_id("m_", 1000, 900, last_ms, last_tail));
    ids.push_back(creation_ordered_id("m_", 1000, 5, last_ms, last_tail));
    ids.push_back(creation_ordered_id("m_", 1000, 3, last_ms, last_tail));
    ids.push_back(creation_ordered_id("m_", 1001, 1, last_ms, last_tail));
    // A clock that steps back keeps the last millisecond and counts on.
    ids.push_back(creation_ordered_id("m_", 999, 0, last_ms, last_tail));
    ids.push_back(creation_ordered_id("m_", 1002, 7, last_ms, last_tail));
    CHECK(std::is_sorted(ids.begin(), ids.end()));
    CHECK(std::set<std::string>(ids.begin(), ids.end()).size() == ids.size());
    CHECK(ids[1] == "m_00000000z800000000w5");  // 900 + 1 in the same millisecond
    CHECK(ids[4] == "m_00000000z90000000002");  // 1 + 1 in millisecond 1001

    // The count wrapping within a millisecond borrows the next one rather than going back.
    last_ms = 5;
    last_tail = (uint64_t{1} << 50) - 1;
    auto wrapped = creation_ordered_id("m_", 5, 0, last_ms, last_tail);
    CHECK(wrapped == "m_00000000060000000000");
    CHECK(last_ms == 6);
}

TEST_CASE("the clock's ids are unique and in order, call after call") {
    std::vector<std::string> ids;
    for (int i = 0; i < 5000; ++i) ids.push_back(creation_ordered_id("m_"));
    CHECK(std::all_of(ids.begin(), ids.end(), well_formed));
    CHECK(std::is_sorted(ids.begin(), ids.end()));
    CHECK(std::adjacent_find(ids.begin(), ids.end()) == ids.end());
}

TEST_CASE("members created one after another sort by their ids") {
    auto e = test::memory_engine();
    std::vector<std::string> ids;
    for (int i = 0; i < 40; ++i) {
        auto o = test::order("O-" + std::to_string(i), core::OrderStatus::paid, 100000);
        o.customer.customer_id = "C-" + std::to_string(i);
        o.customer.phone = "09" + std::to_string(12345600 + i);
        auto r = e->record_order("shop", o);
        ids.push_back(r.member_id);
    }
    CHECK(std::set<std::string>(ids.begin(), ids.end()).size() == ids.size());
    CHECK(std::all_of(ids.begin(), ids.end(), well_formed));
    CHECK(std::is_sorted(ids.begin(), ids.end()));
}
