#pragma once
#include "storage/sqlite/connection.hpp"
#include "storage/store.hpp"

namespace loyalty::core::sqlite {

// The store's primitives as SQL on one connection; the caller owns BEGIN/COMMIT.
class SqliteTransaction final : public Transaction {
public:
    explicit SqliteTransaction(Connection& db) : db_(db) {}

    std::vector<StoredShop> shops() override;
    void put_shop(const StoredShop& shop, int64_t now) override;

    std::optional<Member> member(const std::string& shop, const std::string& member_id) override;
    std::optional<std::string> member_by_ref(const std::string& shop, const PlatformRef& ref) override;
    std::optional<std::string> member_by_phone(const std::string& shop, const std::string& phone) override;
    void insert_member(const std::string& shop, const Member& m) override;
    void update_profile(const std::string& shop, const Member& m) override;
    void put_ref(const std::string& shop, const PlatformRef& ref, const std::string& member_id) override;

    std::optional<OrderState> order(const std::string& shop, const std::string& order_id) override;
    void put_order(const std::string& shop, const OrderState& o) override;

    int64_t append_entry(const std::string& shop, const Entry& e) override;
    void set_balances(const std::string& shop, const std::string& member_id, const Balances& b) override;
    std::optional<Entry> entry(const std::string& shop, int64_t entry_id) override;
    std::vector<Entry> entries(const std::string& shop, const std::string& member_id, int limit,
                               std::optional<int64_t> before) override;
    int64_t entry_count() override;

    std::optional<IdempotencyRecord> idempotency(const std::string& shop, const std::string& key) override;
    void put_idempotency(const std::string& shop, const IdempotencyRecord& r) override;

    std::vector<BalanceMismatch> balance_mismatches() override;

private:
    Connection& db_;
};

}  // namespace loyalty::core::sqlite
