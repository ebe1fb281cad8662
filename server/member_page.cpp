#include "member_page.hpp"

#include <cstdio>

#include "html.hpp"
#include "program/calendar.hpp"
#include "util/zone.hpp"

namespace loyalty::server {
namespace {

// 1234567 as "1.234.567", as Vietnamese write numbers.
std::string number(int64_t v) {
    std::string digits = std::to_string(v < 0 ? -static_cast<uint64_t>(v) : static_cast<uint64_t>(v));
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += '.';
        out += digits[i];
    }
    return v < 0 ? "-" + out : out;
}

std::string date(int64_t t, const core::Zone& zone) {
    auto d = core::local_date(t, zone);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02u/%02u/%04d", d.day, d.month, d.year);
    return buf;
}

std::string entry_label(const core::Entry& e) {
    switch (e.kind) {
        case core::EntryKind::earn: return "Tích điểm đơn " + e.ref_id;
        case core::EntryKind::bonus: return "Điểm thưởng";
        case core::EntryKind::redeem: return e.ref_type == "grant" ? "Đổi quà" : "Dùng điểm";
        case core::EntryKind::adjust: return "Điều chỉnh của cửa hàng";
        case core::EntryKind::expire: return "Điểm hết hạn";
        case core::EntryKind::release: return "Điểm chờ đã được cộng";
        case core::EntryKind::merge: return "Gộp tài khoản";
        case core::EntryKind::reverse: return "Huỷ/hoàn đơn " + e.ref_id;
        case core::EntryKind::returned: return "Hoàn lại điểm";
    }
    return "";
}

std::string reward_value(const core::Reward& r) {
    switch (r.kind) {
        case core::RewardKind::voucher_amount: return "Phiếu giảm " + number(r.value) + " ₫";
        case core::RewardKind::voucher_pct: return "Phiếu giảm " + number(r.value) + "%";
        default: return "";
    }
}

constexpr const char* style = R"(<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f5f6f8;color:#1d2330}
main{max-width:30rem;margin:0 auto;padding:1rem}
h1{font-size:1.1rem;margin:.5rem 0 1rem}
section{background:#fff;border-radius:.75rem;padding:1rem;margin-bottom:1rem;box-shadow:0 1px 2px #0001}
.big{font-size:2.2rem;font-weight:700}
.muted{color:#5b6475;font-size:.9rem}
ul{list-style:none;margin:0;padding:0}
li{display:flex;justify-content:space-between;gap:1rem;padding:.5rem 0;border-top:1px solid #eef0f3}
li:first-child{border-top:0}
.plus{color:#0a7a3b;font-weight:600}.minus{color:#b3261e;font-weight:600}
progress{width:100%;height:.6rem}
h2{font-size:1rem;margin:0 0 .5rem}
</style>)";

std::string document(const std::string& title, const std::string& body) {
    return "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\">"
           "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
           "<meta name=\"robots\" content=\"noindex\"><title>" +
           html_escape(title) + "</title>" + style + "</head><body><main>" + body + "</main></body></html>";
}

}  // namespace

std::string render_member_page(const core::MemberPage& page, int64_t now) {
    const core::ShopProgram& p = *page.program;
    const core::Zone& zone = *p.zone;
    const core::MemberDetails& d = page.details;
    const std::string shop = p.name.empty() ? p.shop_id : p.name;
    std::string b = "<h1>" + html_escape(shop) + "</h1>";
    b += "<section><div class=\"muted\">" + (d.member.name.empty() ? std::string("Điểm của bạn")
                                                                   : "Xin chào " + html_escape(d.member.name)) +
         "</div><div class=\"big\">" + number(d.member.balances.available) + " điểm</div>";
    if (d.member.balances.pending > 0)
        b += "<div class=\"muted\">" + number(d.member.balances.pending) + " điểm đang chờ xác nhận</div>";
    b += "</section>";

    if (d.tier) {
        b += "<section><h2>Hạng thành viên: " + html_escape(d.tier->name.empty() ? "Thành viên" : d.tier->name) + "</h2>";
        if (d.tier->next) {
            const bool spend = p.tiers && p.tiers->basis == core::TierBasis::spend;
            b += "<div class=\"muted\">Còn " + number(d.tier->remaining) + (spend ? " ₫ chi tiêu" : " điểm") +
                 " để lên hạng " + html_escape(*d.tier->next) + "</div>";
        } else {
            b += "<div class=\"muted\">Bạn đang ở hạng cao nhất.</div>";
        }
        b += "</section>";
    }

    std::string expiring;
    for (const auto& x : d.expiring)
        if (x.at > now && x.at <= now + 90 * 86400)
            expiring += "<li><span>" + date(x.at, zone) + "</span><span>" + number(x.points) + " điểm</span></li>";
    if (!expiring.empty()) b += "<section><h2>Điểm sắp hết hạn</h2><ul>" + expiring + "</ul></section>";

    if (!page.claimable.empty()) {
        b += "<section><h2>Quà bạn đổi được ngay</h2><ul>";
        for (const auto& r : page.claimable) {
            std::string value = reward_value(r);
            b += "<li><span>" + html_escape(r.name) + (value.empty() ? "" : "<br><span class=\"muted\">" + value + "</span>") +
                 "</span><span>" + number(r.cost_points) + " điểm</span></li>";
        }
        b += "</ul><div class=\"muted\">Đổi quà tại quầy hoặc khi thanh toán.</div></section>";
    }

    b += "<section><h2>Lịch sử điểm</h2>";
    if (page.entries.empty()) b += "<div class=\"muted\">Chưa có giao dịch.</div>";
    else {
        b += "<ul>";
        for (const auto& e : page.entries) {
            int64_t delta = e.available_delta + e.pending_delta;
            if (delta == 0 && e.kind == core::EntryKind::release) delta = e.available_delta;
            b += "<li><span>" + html_escape(entry_label(e)) + "<br><span class=\"muted\">" + date(e.occurred_at, zone) +
                 "</span></span><span class=\"" + (delta < 0 ? "minus" : "plus") + "\">" + (delta > 0 ? "+" : "") +
                 number(delta) + "</span></li>";
        }
        b += "</ul>";
    }
    b += "</section><p class=\"muted\">Trang này dành riêng cho bạn; đừng chia sẻ đường dẫn.</p>";
    return document(shop + " – điểm thưởng", b);
}

std::string render_missing_page() {
    return document("Liên kết không còn hiệu lực",
                    "<section><h2>Liên kết không còn hiệu lực</h2><div class=\"muted\">Đường dẫn này không đúng hoặc "
                    "cửa hàng đã đổi liên kết mới. Hãy hỏi cửa hàng để nhận đường dẫn mới.</div></section>");
}

}  // namespace loyalty::server
