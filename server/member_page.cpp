#include "member_page.hpp"

#include <cstdio>

#include "html.hpp"
#include "member_page_games.hpp"
#include "member_page_html.hpp"
#include "notify/messages.hpp"
#include "program/calendar.hpp"
#include "util/zone.hpp"

namespace loyalty::server {
namespace {

std::string date(int64_t t, const core::Zone& zone) {
    auto d = core::local_date(t, zone);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02u/%02u/%04d", d.day, d.month, d.year);
    return buf;
}

std::string entry_label(const core::Entry& e) {
    switch (e.kind) {
        case core::EntryKind::earn: return "Tích điểm đơn " + e.ref_id;
        case core::EntryKind::bonus: return e.ref_type == "game_play" ? "Giải thưởng trò chơi" : "Điểm thưởng";
        case core::EntryKind::redeem:
            if (e.ref_type == "game_play") return "Chơi trò chơi";
            return e.ref_type == "grant" ? "Đổi quà" : "Dùng điểm";
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
        case core::RewardKind::voucher_amount: return "Phiếu giảm " + core::format_points(r.value) + " ₫";
        case core::RewardKind::voucher_pct: return "Phiếu giảm " + core::format_points(r.value) + "%";
        default: return "";
    }
}

}  // namespace

std::string render_member_page(const core::MemberPage& page, int64_t now, const PageExtras& extras) {
    const core::ShopProgram& p = *page.program;
    const core::Zone& zone = *p.zone;
    const core::MemberDetails& d = page.details;
    const std::string shop = p.name.empty() ? p.shop_id : p.name;
    std::string b = "<h1>" + html_escape(shop) + "</h1>";
    // What the member just did comes first: a refusal, or the play they were sent back to see.
    if (!extras.notice.empty()) b += "<section class=\"notice\" role=\"alert\">" + html_escape(extras.notice) + "</section>";
    if (extras.result) b += play_result_section(p, *extras.result);
    b += "<section><div class=\"muted\">" + (d.member.name.empty() ? std::string("Điểm của bạn")
                                                                   : "Xin chào " + html_escape(d.member.name)) +
         "</div><div class=\"big\">" + core::format_points(d.member.balances.available) + " điểm</div>";
    if (d.member.balances.pending > 0)
        b += "<div class=\"muted\">" + core::format_points(d.member.balances.pending) + " điểm đang chờ xác nhận</div>";
    b += "</section>";

    if (d.tier) {
        b += "<section><h2>Hạng thành viên: " + html_escape(d.tier->name.empty() ? "Thành viên" : d.tier->name) + "</h2>";
        if (d.tier->next) {
            const bool spend = p.tiers && p.tiers->basis == core::TierBasis::spend;
            b += "<div class=\"muted\">Còn " + core::format_points(d.tier->remaining) + (spend ? " ₫ chi tiêu" : " điểm") +
                 " để lên hạng " + html_escape(*d.tier->next) + "</div>";
        } else {
            b += "<div class=\"muted\">Bạn đang ở hạng cao nhất.</div>";
        }
        b += "</section>";
    }

    b += games_section(extras.games, extras.token);

    std::string expiring;
    for (const auto& x : d.expiring)
        if (x.at > now && x.at <= now + 90 * 86400)
            expiring += "<li><span>" + date(x.at, zone) + "</span><span>" + core::format_points(x.points) + " điểm</span></li>";
    if (!expiring.empty()) b += "<section><h2>Điểm sắp hết hạn</h2><ul>" + expiring + "</ul></section>";

    if (!page.claimable.empty()) {
        b += "<section><h2>Quà bạn đổi được ngay</h2><ul>";
        for (const auto& r : page.claimable) {
            std::string value = reward_value(r);
            b += "<li><span>" + html_escape(r.name) + (value.empty() ? "" : "<br><span class=\"muted\">" + value + "</span>") +
                 "</span><span>" + core::format_points(r.cost_points) + " điểm</span></li>";
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
                 core::format_points(delta) + "</span></li>";
        }
        b += "</ul>";
    }
    b += "</section><p class=\"muted\">Trang này dành riêng cho bạn; đừng chia sẻ đường dẫn.</p>";
    return member_document(shop + " – điểm thưởng", b);
}

std::string render_missing_page() {
    return render_message_page("Liên kết không còn hiệu lực",
                               "Đường dẫn này không đúng hoặc cửa hàng đã đổi liên kết mới. Hãy hỏi cửa hàng để nhận "
                               "đường dẫn mới.");
}

std::string render_message_page(const std::string& title, const std::string& text) {
    return member_document(title, "<section><h2>" + html_escape(title) + "</h2><div class=\"muted\">" +
                                      html_escape(text) + "</div></section>");
}

}  // namespace loyalty::server
