// The member's own points page: its link's token, what the page shows, and the choice about messages.
#include "engine.hpp"
#include "member_details.hpp"
#include "member_resolution.hpp"
#include "rewards/claimable.hpp"
#include "util/encoding.hpp"
#include "util/error.hpp"
#include "validation.hpp"

namespace loyalty::core {
namespace {

constexpr int page_entries = 20;

MemberContact contact_of(Transaction& tx, const std::string& shop_id, const std::string& member_id) {
    if (auto c = tx.member_contact(shop_id, member_id)) return *c;
    return MemberContact{shop_id, member_id, "", false, 0};
}

}  // namespace

std::string Engine::member_page_token(const std::string& shop_id, const std::string& member_id, bool rotate) {
    shop(shop_id);
    require_text(member_id, "member_id");
    int64_t t = now();
    // Drawn outside the transaction, which may run more than once; each run uses the same one.
    const std::string fresh = hex_encode(random_bytes(16));
    return store_->write([&](Transaction& tx) {
        require_member(tx, shop_id, member_id);
        MemberContact c = contact_of(tx, shop_id, member_id);
        if (!rotate && !c.page_token.empty()) return c.page_token;
        c.page_token = fresh;
        c.updated_at = t;
        tx.put_member_contact(c);
        return c.page_token;
    });
}

std::optional<MemberPage> Engine::member_page(const std::string& token) {
    // Tokens are 32 hex digits: anything else is not one, and costs no lookup.
    if (token.size() != 32 || !hex_decode(token)) return std::nullopt;
    auto contact = store_->read([&](Transaction& tx) { return tx.contact_by_page_token(token); });
    if (!contact) return std::nullopt;
    MemberPage page;
    try {
        page.program = shop(contact->shop_id);
    } catch (const Error&) {
        return std::nullopt;  // the shop is gone
    }
    int64_t t = now();
    store_->read([&](Transaction& tx) {
        Member m = require_member(tx, contact->shop_id, contact->member_id);
        page.details = details_of(tx, *page.program, m, t);
        page.claimable = claimable_rewards(tx, *page.program, page.details.member);
    });
    page.entries = transactions(contact->shop_id, contact->member_id, page_entries, std::nullopt).entries;
    return page;
}

MemberDetails Engine::set_opted_out(const std::string& shop_id, const std::string& member_id, bool opted_out) {
    auto program = shop(shop_id);
    require_text(member_id, "member_id");
    int64_t t = now();
    return store_->write([&](Transaction& tx) {
        Member m = require_member(tx, shop_id, member_id);
        MemberContact c = contact_of(tx, shop_id, member_id);
        if (c.opted_out != opted_out) {
            c.opted_out = opted_out;
            c.updated_at = t;
            tx.put_member_contact(c);
        }
        return details_of(tx, *program, std::move(m), t);
    });
}

}  // namespace loyalty::core
