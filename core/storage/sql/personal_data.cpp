// What the store keeps keyed by one member, read for an export and scrubbed by an erasure
// (docs/personal-data.md). Erasure runs rarely and reads a shop's events and audit trail without an
// index on the member: a scan is cheaper than an index every write would pay for.
#include "storage/sql/sql_transaction.hpp"

namespace loyalty::core::sql {
namespace {

// `text` matched literally by LIKE … ESCAPE '\': member ids carry '_', which LIKE reads as any character.
std::string like_literal(std::string_view text) {
    std::string out;
    for (char ch : text) {
        if (ch == '\\' || ch == '%' || ch == '_') out += '\\';
        out += ch;
    }
    return out;
}

// The member id as core/platform_writes.cpp spells it in a platform write's payload.
std::string payload_member(std::string_view member_id) {
    std::string quoted = "\"";
    for (char ch : member_id) {
        if (ch == '"' || ch == '\\') quoted += '\\';
        quoted += ch;
    }
    return "%\"member_id\":" + like_literal(quoted + "\"") + "%";
}

std::vector<std::string> texts(Call& c) {
    std::vector<std::string> out;
    while (c.row()) out.push_back(c.text(0));
    return out;
}

}  // namespace

std::vector<std::string> SqlTransaction::absorbed_members(const std::string& shop, const std::string& member_id) {
    static constexpr Query q{QueryId::absorbed_members,
                             "SELECT member_id FROM members WHERE shop_id = ?1 AND merged_into = ?2 "
                             R"(ORDER BY member_id COLLATE "C")"};
    Call c(db_, q);
    c.bind(shop).bind(member_id);
    return texts(c);
}

std::vector<Lot> SqlTransaction::member_lots(const std::string& shop, const std::string& member_id) {
    static constexpr Query q{QueryId::member_lots,
                             "SELECT lot_id, member_id, source_type, source_id, points, remaining, earned_at, "
                             "release_at, expires_at FROM lots WHERE shop_id = ?1 AND member_id = ?2 ORDER BY lot_id"};
    Call c(db_, q);
    c.bind(shop).bind(member_id);
    std::vector<Lot> out;
    while (c.row())
        out.push_back({c.integer(0), c.text(1), c.text(2), c.text(3), c.integer(4), c.integer(5), c.integer(6),
                       c.optional_integer(7), c.optional_integer(8)});
    return out;
}

std::vector<MemberMarker> SqlTransaction::member_markers(const std::string& shop, const std::string& member_id) {
    static constexpr Query q{QueryId::member_markers,
                             "SELECT member_id, marker, created_at FROM markers WHERE shop_id = ?1 AND member_id = ?2 "
                             R"(ORDER BY created_at, marker COLLATE "C")"};
    Call c(db_, q);
    c.bind(shop).bind(member_id);
    std::vector<MemberMarker> out;
    while (c.row()) out.push_back({c.text(0), c.text(1), c.integer(2)});
    return out;
}

std::vector<std::string> SqlTransaction::member_order_ids(const std::string& shop, const std::string& member_id) {
    static constexpr Query q{QueryId::member_order_ids,
                             "SELECT order_id FROM orders WHERE shop_id = ?1 AND member_id = ?2 "
                             R"(ORDER BY order_id COLLATE "C")"};
    Call c(db_, q);
    c.bind(shop).bind(member_id);
    return texts(c);
}

std::vector<OrderLine> SqlTransaction::order_lines(const std::string& shop, const std::string& order_id) {
    static constexpr Query q{QueryId::order_lines_of,
                             "SELECT sku, category, quantity FROM order_lines WHERE shop_id = ?1 AND order_id = ?2 "
                             "ORDER BY line_no"};
    Call c(db_, q);
    c.bind(shop).bind(order_id);
    std::vector<OrderLine> out;
    while (c.row()) {
        OrderLine l;
        l.sku = c.text(0);
        l.category = c.text(1);
        l.quantity = c.integer(2);
        out.push_back(std::move(l));
    }
    return out;
}

std::vector<std::string> SqlTransaction::member_payment_orders(const std::string& shop, const std::string& member_id) {
    static constexpr Query q{QueryId::member_payment_orders,
                             "SELECT order_id FROM order_payments WHERE shop_id = ?1 AND member_id = ?2 "
                             R"(ORDER BY order_id COLLATE "C")"};
    Call c(db_, q);
    c.bind(shop).bind(member_id);
    return texts(c);
}

std::vector<MemberStanding> SqlTransaction::member_standings(const std::string& shop, const std::string& member_id) {
    static constexpr Query q{QueryId::member_standings,
                             "SELECT program_id, period, member_id, name, rank, spend, units, band, times, points, "
                             "grant_id, rebate, reached_at FROM standings WHERE shop_id = ?1 AND member_id = ?2 "
                             R"(ORDER BY program_id COLLATE "C", period COLLATE "C")"};
    Call c(db_, q);
    c.bind(shop).bind(member_id);
    std::vector<MemberStanding> out;
    while (c.row()) {
        MemberStanding m{c.text(0), c.text(1), {}};
        m.standing = {c.text(2),    c.text(3),    c.integer(4),  c.integer(5),  c.integer(6), c.integer(7),
                      c.integer(8), c.integer(9), c.integer(10), c.integer(11), c.integer(12), std::nullopt};
        out.push_back(std::move(m));
    }
    return out;
}

std::vector<Event> SqlTransaction::member_events(const std::string& shop, const std::string& member_id) {
    static constexpr Query q{QueryId::member_events,
                             "SELECT event_id, shop_id, member_id, type, dedup_key, data, created_at FROM events "
                             "WHERE shop_id = ?1 AND member_id = ?2 ORDER BY event_id"};
    Call c(db_, q);
    c.bind(shop).bind(member_id);
    std::vector<Event> out;
    while (c.row())
        out.push_back({c.integer(0), c.text(1), c.text(2), c.text(3), c.text(4), c.text(5), c.integer(6)});
    return out;
}

std::vector<int64_t> SqlTransaction::member_job_ids(const std::string& shop, const std::string& member_id) {
    // Deliveries go by their event's member; writes to a platform name the member in their payload.
    static constexpr Query q{QueryId::member_job_ids,
                             "SELECT o.job_id FROM outbox o JOIN events e ON e.shop_id = o.shop_id "
                             "AND e.event_id = o.event_id WHERE o.shop_id = ?1 AND e.member_id = ?2 "
                             "UNION SELECT job_id FROM outbox WHERE shop_id = ?1 AND event_id IS NULL "
                             "AND payload LIKE ?3 ESCAPE '\\' ORDER BY 1"};
    Call c(db_, q);
    c.bind(shop).bind(member_id).bind(payload_member(member_id));
    std::vector<int64_t> out;
    while (c.row()) out.push_back(c.integer(0));
    return out;
}

std::vector<AuditRecord> SqlTransaction::member_audit(const std::string& shop, const std::string& member_id) {
    // The dashboard's writes record the path they wrote to; the core's own records name the member.
    static constexpr Query q{QueryId::member_audit,
                             "SELECT audit_id, shop_id, at, actor, action, target, detail FROM audit "
                             "WHERE shop_id = ?1 AND (target = ?2 OR target = ?3 OR target LIKE ?4 ESCAPE '\\') "
                             "ORDER BY audit_id"};
    const std::string path = "/api/v1/shops/" + shop + "/members/" + member_id;
    Call c(db_, q);
    c.bind(shop).bind(member_id).bind(path).bind(like_literal(path) + "/%");
    std::vector<AuditRecord> out;
    while (c.row())
        out.push_back({c.integer(0), c.text(1), c.integer(2), c.text(3), c.text(4), c.text(5), c.text(6)});
    return out;
}

int64_t SqlTransaction::erase_profile(const std::string& shop, const std::string& member_id) {
    static constexpr Query q{QueryId::erase_profile,
                             "UPDATE members SET name = '', phone = '', phone_text = '', email = '', birthday = '' "
                             "WHERE shop_id = ?1 AND member_id = ?2 AND (name <> '' OR phone <> '' OR "
                             "phone_text <> '' OR email <> '' OR birthday <> '')"};
    Call c(db_, q);
    c.bind(shop).bind(member_id).run();
    return c.changes();
}

int64_t SqlTransaction::remove_member_refs(const std::string& shop, const std::string& member_id) {
    static constexpr Query q{QueryId::remove_member_refs,
                             "DELETE FROM member_refs WHERE shop_id = ?1 AND member_id = ?2"};
    Call c(db_, q);
    c.bind(shop).bind(member_id).run();
    return c.changes();
}

int64_t SqlTransaction::scrub_standings(const std::string& shop, const std::string& member_id) {
    static constexpr Query q{QueryId::scrub_standings,
                             "UPDATE standings SET name = '' WHERE shop_id = ?1 AND member_id = ?2 AND name <> ''"};
    Call c(db_, q);
    c.bind(shop).bind(member_id).run();
    return c.changes();
}

void SqlTransaction::rewrite_job(int64_t job_id, const std::string& payload, const std::string& dedup_key) {
    static constexpr Query q{QueryId::rewrite_job, "UPDATE outbox SET payload = ?2, dedup_key = ?3 WHERE job_id = ?1"};
    Call(db_, q).bind(job_id).bind(payload).bind(dedup_key).run();
}

void SqlTransaction::scrub_quarantine(int64_t quarantine_id, int64_t now) {
    // An open delivery without its body can never be replayed: it is resolved as erased.
    static constexpr Query q{QueryId::scrub_quarantine,
                             "UPDATE quarantine SET body = ?2, resolved_at = coalesce(resolved_at, ?3::bigint), "
                             "resolution = CASE WHEN resolved_at IS NULL THEN 'erased' ELSE resolution END "
                             "WHERE quarantine_id = ?1"};
    Call(db_, q).bind(quarantine_id).bind_bytes("").bind(now).run();
}

}  // namespace loyalty::core::sql
