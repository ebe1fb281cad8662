#pragma once
#include <memory>
#include <string_view>

#include "storage/store.hpp"

namespace loyalty::core {

struct StoreSettings {
    bool synchronous_full = true;
    int busy_timeout_ms = 5000;
};

// Opens the backend a storage URL names: "sqlite:PATH" or "sqlite::memory:".
std::unique_ptr<Store> open_store(std::string_view url, const StoreSettings& settings);

}  // namespace loyalty::core
