#pragma once
// Issuing grants and giving them back: shared by claims from the catalogue and by the awards of
// distributor programs.
#include <cstdint>
#include <string>

#include "domain/program.hpp"
#include "domain/rewards.hpp"
#include "points_book.hpp"
#include "storage/store.hpp"

namespace loyalty::core {

struct GrantOrigin {
    std::string source;  // "claim", or the program award it comes from
    int64_t quantity = 1;
    int64_t cost_points = 0;
    std::string idempotency_key;
    int64_t claim_entry_id = 0;
    std::string code;  // empty: a new one is drawn
};

// Stores a grant of `reward` to the book's member, issued now with the reward's validity.
Grant issue_grant(Book& book, const Reward& reward, const GrantOrigin& origin);
// Voids an issued grant of the book's member: its points come back as a lot earned when it was
// issued, and a claim's stock is given back.
void void_issued(Book& book, Grant& grant, const std::string& reason);

}  // namespace loyalty::core
