#pragma once
#include <memory>
#include <string_view>

#include "storage/store.hpp"

namespace loyalty::core {

struct StoreSettings {
    // SQLite
    bool synchronous_full = true;
    int busy_timeout_ms = 5000;
    // PostgreSQL
    int pool_size = 8;
    int connect_timeout_s = 3;
};

// Opens the backend a storage URL names: "sqlite:PATH", "sqlite::memory:", or a libpq connection
// URI ("postgresql://…" or "postgres://…").
std::unique_ptr<Store> open_store(std::string_view url, const StoreSettings& settings);

}  // namespace loyalty::core
