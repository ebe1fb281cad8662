#pragma once
// The loyalty engine: shop programs, members and the points ledger, over one Store.
// Thread-safe: every operation is one store transaction; the program cache has its own lock.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <vector>

#include "domain/delivery.hpp"
#include "domain/ledger.hpp"
#include "domain/member.hpp"
#include "domain/order.hpp"
#include "domain/program.hpp"
#include "domain/quarantine.hpp"
#include "storage/store.hpp"

namespace loyalty::core {

struct MaintenanceReport {
    int64_t now = 0;
    int64_t entries = 0;
    int64_t deliveries_forgotten = 0;
    std::vector<BalanceMismatch> mismatches;
};

// Figures for monitoring, cheap enough to read on every scrape.
struct EngineStats {
    int64_t entries = 0;
    int64_t quarantine_open = 0;
};

struct UpsertResult {
    std::string member_id;
    bool created = false;
};

class Engine {
public:
    // Turns a stored shop definition back into a program (the ABI layer owns the format).
    using ProgramDecoder = std::function<ShopProgram(const std::string& definition)>;
    using Clock = std::function<int64_t()>;  // unix seconds

    Engine(std::unique_ptr<Store> store, ProgramDecoder decoder, Clock clock = {});

    void put_shop(ShopProgram program);
    std::shared_ptr<const ShopProgram> shop(const std::string& shop_id) const;  // throws not_found

    OrderResult record_order(const std::string& shop_id, const OrderInput& order);
    UpsertResult upsert_customer(const std::string& shop_id, const CustomerInput& customer);
    Member member(const std::string& shop_id, const MemberQuery& query);
    Balances balances(const std::string& shop_id, const std::string& member_id);
    TransactionPage transactions(const std::string& shop_id, const std::string& member_id, int limit,
                                 std::optional<int64_t> before);
    PointsResult adjust_points(const std::string& shop_id, const PointsRequest& request);
    PointsResult redeem_points(const std::string& shop_id, const PointsRequest& request);
    MaintenanceReport run_maintenance(int64_t now);
    EngineStats stats();

    // Applies every event of a platform delivery in one transaction, or none; a delivery whose key
    // was seen before changes nothing and is reported as a duplicate.
    IngestResult ingest(const std::string& shop_id, const Delivery& delivery);
    // Keeps an authenticated delivery that could not be applied; returns its id.
    int64_t quarantine(QuarantinedDelivery item);
    std::vector<QuarantinedDelivery> quarantined(const QuarantineQuery& query);
    QuarantinedDelivery quarantined_one(int64_t quarantine_id);  // throws not_found
    void resolve_quarantine(int64_t quarantine_id, const std::string& resolution);

    Store& store() { return *store_; }

private:
    PointsResult post_points(const std::string& shop_id, const PointsRequest& request, EntryKind kind);
    int64_t now() const;

    std::unique_ptr<Store> store_;
    ProgramDecoder decoder_;
    Clock clock_;
    mutable std::shared_mutex shops_mutex_;
    std::map<std::string, std::shared_ptr<const ShopProgram>, std::less<>> shops_;
};

}  // namespace loyalty::core
