#pragma once
// Which member a customer record speaks of, across platforms: a platform reference first, then the
// phone. When a record reveals that two members are one person, they are merged.
#include <string>

#include "domain/member.hpp"
#include "domain/program.hpp"
#include "storage/store.hpp"

namespace loyalty::core {

// The member `member_id` names, following merges to the member that absorbed it; nullopt when none.
std::optional<Member> find_member(Transaction& tx, const std::string& shop_id, const std::string& member_id);
// As find_member, but throws not_found.
Member require_member(Transaction& tx, const std::string& shop_id, const std::string& member_id);

// The identity phone a member query asks by ("" when it asks by id or by reference); invalid_argument when it names
// no way to find a member, or more than one.
std::string checked_member_query(const MemberQuery& query, const std::vector<std::string>& placeholder_phones);
// The member a checked query finds (a merged member answers as the one it joined), without its references;
// not_found when none matches. `phone` is what checked_member_query returned.
Member queried_member(Transaction& tx, const std::string& shop_id, const MemberQuery& query, const std::string& phone);

struct Resolved {
    Member member;
    bool created = false;
    bool changed = false;  // profile, references or a merge changed something
    std::string merged;    // the member absorbed into this one, if any
};

// Finds or creates the member for `c` and brings its profile up to date. Only `phone.identity`
// finds or merges a member; `phone.text` is kept on it as text.
Resolved resolve_member(Transaction& tx, const std::string& shop_id, const CustomerInput& c, const CustomerPhone& phone,
                        int64_t now);
// resolve_member, and a member seen for the first time gets the program's welcome bonus.
Resolved admit_member(Transaction& tx, const ShopProgram& program, const CustomerInput& c, const CustomerPhone& phone,
                      int64_t now);

}  // namespace loyalty::core
