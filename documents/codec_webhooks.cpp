#include "codec.hpp"
#include "common/crypto.hpp"
#include "util/error.hpp"
#include "util/timestamp.hpp"
#include "util/zone.hpp"

namespace loyalty::documents {
namespace {

// Quarantined bodies may be the invalid UTF-8 that put them there; JSON can only carry valid text.
bool valid_utf8(std::string_view s) {
    static constexpr uint32_t smallest[] = {0, 0x80, 0x800, 0x10000};  // shorter forms are overlong
    for (std::size_t i = 0; i < s.size();) {
        auto c = static_cast<unsigned char>(s[i]);
        std::size_t extra = 0;
        uint32_t cp = 0;
        if (c < 0x80) {
            ++i;
            continue;
        }
        if ((c & 0xE0) == 0xC0) extra = 1, cp = c & 0x1F;
        else if ((c & 0xF0) == 0xE0) extra = 2, cp = c & 0x0F;
        else if ((c & 0xF8) == 0xF0) extra = 3, cp = c & 0x07;
        else return false;
        if (s.size() - i <= extra) return false;
        for (std::size_t k = 1; k <= extra; ++k) {
            auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80) return false;
            cp = cp << 6 | (cc & 0x3F);
        }
        if (cp < smallest[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        i += extra + 1;
    }
    return true;
}

}  // namespace

json::object encode_ingest_result(const core::IngestResult& r) {
    json::array events;
    for (const auto& e : r.events) {
        json::object o{{"type", e.type}, {"ref", e.ref}, {"applied", e.applied}};
        if (!e.member_id.empty()) o["member_id"] = e.member_id;
        if (e.type == "order") {
            o["status"] = e.status;
            o["stale"] = e.stale;
            o["points_delta"] = e.points_delta;
        }
        if (e.type == "customer") o["created"] = e.created;
        if (!e.note.empty()) o["note"] = e.note;
        events.push_back(std::move(o));
    }
    return {{"outcome", core::to_string(r.outcome)}, {"events", std::move(events)}};
}

json::object encode_quarantined(const core::QuarantinedDelivery& q) {
    auto utc = core::Zone::load("UTC");
    json::object o{
        {"quarantine_id", q.quarantine_id},
        {"shop_id", q.shop_id},
        {"platform", q.platform},
        {"headers", json::parse(q.headers)},
        {"body_base64", connectors::base64_encode(q.body)},
        {"error", q.error},
        {"received_at", core::format_timestamp(q.received_at, *utc)},
        {"resolved_at", nullptr},
        {"resolution", q.resolution},
    };
    if (valid_utf8(q.body)) o["body"] = q.body;
    if (q.resolved_at) o["resolved_at"] = core::format_timestamp(*q.resolved_at, *utc);
    return o;
}

}  // namespace loyalty::documents
