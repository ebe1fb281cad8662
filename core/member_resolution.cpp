#include "member_resolution.hpp"

#include <utility>

#include "points_book.hpp"
#include "program/bonuses.hpp"
#include "util/amounts.hpp"
#include "util/error.hpp"
#include "util/ids.hpp"
#include "validation.hpp"
#include "domain/personal_data.hpp"

namespace loyalty::core {
namespace {

constexpr int max_merge_hops = 16;  // merges chain only when a survivor is later absorbed in turn

// Fills the profile fields a customer record gives; empty fields leave what is known.
bool merge_profile(Member& m, const CustomerInput& c, const CustomerPhone& phone) {
    bool changed = false;
    auto take = [&](std::string& field, const std::string& value) {
        if (!value.empty() && field != value) {
            field = value;
            changed = true;
        }
    };
    auto take_cleared = [&](std::string& field) {
        if (!field.empty()) {
            field.clear();
            changed = true;
        }
    };
    take(m.name, c.name);
    take(m.phone, phone.identity);
    // A number that identifies no one is kept as text until the member has one that does.
    if (!m.phone.empty()) take_cleared(m.phone_text);
    else take(m.phone_text, phone.text);
    take(m.email, c.email);
    take(m.birthday, c.birthday);
    // A group the shop set outranks the platform's: distributor programs hang on it.
    if (!m.group_by_shop) take(m.group, c.group);
    return changed;
}

// Moves everything `absorbed` holds onto `survivor` with a pair of merge entries, so the ledger
// tells the story and a recount from entries still gives both balances.
void merge_members(Transaction& tx, const std::string& shop_id, Member& survivor, const Member& absorbed,
                   int64_t now) {
    const Balances& moved = absorbed.balances;
    Balances after = survivor.balances;
    const std::string field = "merged member " + survivor.member_id + "'s ";
    after.available = add_in_range(after.available, moved.available, field + "available points");
    after.pending = add_in_range(after.pending, moved.pending, field + "pending points");
    after.lifetime_earned = add_in_range(after.lifetime_earned, moved.lifetime_earned, field + "lifetime earned points");
    after.lifetime_spend = add_in_range(after.lifetime_spend, moved.lifetime_spend, field + "lifetime spend");

    auto entry = [&](const Member& m, int sign, const Member& other, const Balances& balance_after) {
        Entry e;
        e.member_id = m.member_id;
        e.kind = EntryKind::merge;
        e.available_delta = sign * moved.available;
        e.pending_delta = sign * moved.pending;
        e.earned_delta = sign * moved.lifetime_earned;
        e.reason = sign > 0 ? "merged from " + other.member_id + ": same phone" : "merged into " + other.member_id;
        e.ref_type = "member";
        e.ref_id = other.member_id;
        e.detail = "lifetime_earned=" + std::to_string(moved.lifetime_earned) +
                   " lifetime_spend=" + std::to_string(moved.lifetime_spend);
        e.occurred_at = now;
        e.created_at = now;
        e.available_after = balance_after.available;
        e.pending_after = balance_after.pending;
        tx.append_entry_later(shop_id, e);
    };
    entry(absorbed, -1, survivor, Balances{});
    entry(survivor, +1, absorbed, after);

    tx.set_balances(shop_id, absorbed.member_id, Balances{});
    tx.set_balances(shop_id, survivor.member_id, after);
    tx.move_refs(shop_id, absorbed.member_id, survivor.member_id);
    tx.move_orders(shop_id, absorbed.member_id, survivor.member_id);
    tx.move_lots(shop_id, absorbed.member_id, survivor.member_id);
    tx.move_grants(shop_id, absorbed.member_id, survivor.member_id);
    tx.move_game_plays(shop_id, absorbed.member_id, survivor.member_id);
    // Once-only markers follow the person: a welcome, a year's birthday bonus or an anniversary paid to the
    // absorbed record is not paid again to the survivor. The absorbed record keeps its own, as history.
    for (const MemberMarker& m : tx.member_markers(shop_id, absorbed.member_id))
        if (m.marker != erased_marker) tx.add_marker(shop_id, survivor.member_id, m.marker, m.created_at);
    tx.mark_merged(shop_id, absorbed.member_id, survivor.member_id);
    survivor.balances = after;
    settle_lots(tx, shop_id, survivor);
    // The survivor keeps its own profile; the absorbed one only fills what it lacks.
    CustomerInput fill;
    if (survivor.name.empty()) fill.name = absorbed.name;
    if (survivor.email.empty()) fill.email = absorbed.email;
    if (survivor.birthday.empty()) fill.birthday = absorbed.birthday;
    if (survivor.group.empty()) fill.group = absorbed.group;
    if (merge_profile(survivor, fill, {})) tx.update_profile(shop_id, survivor);
}

// The older member survives: it is the one staff and other platforms have known longest.
bool survives(const Member& a, const Member& b) {
    if (a.created_at != b.created_at) return a.created_at < b.created_at;
    return a.member_id < b.member_id;
}

}  // namespace

std::optional<Member> find_member(Transaction& tx, const std::string& shop_id, const std::string& member_id) {
    auto m = tx.member(shop_id, member_id);
    for (int hop = 0; m && m->merged_into && hop < max_merge_hops; ++hop) m = tx.member(shop_id, *m->merged_into);
    if (m && m->merged_into)
        fail(Status::internal, "member \"" + member_id + "\" has a merge chain that does not end");
    return m;
}

Member require_member(Transaction& tx, const std::string& shop_id, const std::string& member_id) {
    auto m = find_member(tx, shop_id, member_id);
    if (!m) fail(Status::not_found, "member \"" + member_id + "\" not found in shop \"" + shop_id + "\"");
    return *m;
}

std::string checked_member_query(const MemberQuery& q, const std::vector<std::string>& placeholder_phones) {
    int forms = !q.member_id.empty() + !q.phone.empty() + (!q.platform.empty() || !q.customer_id.empty());
    if (forms != 1)
        fail(Status::invalid_argument, "query needs exactly one of member_id, phone, or platform with customer_id");
    if (q.platform.empty() != q.customer_id.empty())
        fail(Status::invalid_argument, "platform and customer_id go together");
    return identity_or_fail(q.phone, placeholder_phones, "phone");
}

Member queried_member(Transaction& tx, const std::string& shop_id, const MemberQuery& q, const std::string& phone) {
    std::optional<std::string> id;
    if (!q.member_id.empty()) id = q.member_id;
    else if (!phone.empty()) id = tx.member_by_phone(shop_id, phone);
    else id = tx.member_by_ref(shop_id, {q.platform, q.customer_id});
    std::optional<Member> m = id ? find_member(tx, shop_id, *id) : std::nullopt;
    if (!m) fail(Status::not_found, "no member matches the query in shop \"" + shop_id + "\"");
    return std::move(*m);
}

Resolved resolve_member(Transaction& tx, const std::string& shop_id, const CustomerInput& c, const CustomerPhone& phone,
                        int64_t now) {
    PlatformRef ref{c.platform, c.customer_id};
    bool has_ref = !c.customer_id.empty();
    std::optional<Member> referenced = has_ref ? tx.referenced_member(shop_id, ref) : std::nullopt;
    // A merged member answers as the one it joined.
    if (referenced && referenced->merged_into) referenced = require_member(tx, shop_id, *referenced->merged_into);
    const bool by_ref = referenced.has_value();
    // A member already known by this reference and this phone needs no phone lookup: nothing to merge.
    const std::string& identity = phone.identity;
    bool phone_known = referenced && !identity.empty() && referenced->phone == identity;
    std::optional<std::string> by_phone =
        identity.empty() || phone_known ? std::nullopt : tx.member_by_phone(shop_id, identity);

    Resolved r;
    if (!by_ref && !by_phone) {
        Member m;
        m.member_id = creation_ordered_id("m_");
        m.created_at = now;
        merge_profile(m, c, phone);
        tx.insert_member(shop_id, m);
        if (has_ref) tx.put_ref(shop_id, ref, m.member_id);
        r.member = std::move(m);
        r.created = r.changed = true;
        return r;
    }
    r.member = referenced ? std::move(*referenced) : require_member(tx, shop_id, *by_phone);
    // member_by_phone skips merged members, so two different ids here are two live records of one person.
    if (by_ref && by_phone && *by_phone != r.member.member_id) {
        Member other = require_member(tx, shop_id, *by_phone);
        if (survives(other, r.member)) std::swap(r.member, other);
        merge_members(tx, shop_id, r.member, other, now);
        r.merged = other.member_id;
        r.changed = true;
    }
    if (has_ref && !by_ref) {
        tx.put_ref(shop_id, ref, r.member.member_id);
        r.changed = true;
    }
    if (merge_profile(r.member, c, phone)) {
        tx.update_profile(shop_id, r.member);
        r.changed = true;
    }
    return r;
}

Resolved admit_member(Transaction& tx, const ShopProgram& program, const CustomerInput& c, const CustomerPhone& phone,
                      int64_t now) {
    Resolved r = resolve_member(tx, program.shop_id, c, phone, now);
    if (r.created) {
        Book book{tx, program, r.member, now};
        pay_welcome(book);
    }
    return r;
}

}  // namespace loyalty::core
