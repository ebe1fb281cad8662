#include "storage/open_store.hpp"

#include <string>

#include "storage/sqlite/sqlite_store.hpp"
#include "util/error.hpp"

namespace loyalty::core {

std::unique_ptr<Store> open_store(std::string_view url, const StoreSettings& settings) {
    constexpr std::string_view sqlite_scheme = "sqlite:";
    if (url.starts_with(sqlite_scheme)) {
        std::string path(url.substr(sqlite_scheme.size()));
        if (path.empty()) fail(Status::invalid_argument, "storage \"sqlite:\" needs a path, or :memory:");
        sqlite::SqliteOptions options;
        options.path = path;
        options.synchronous_full = settings.synchronous_full;
        options.busy_timeout_ms = settings.busy_timeout_ms;
        return std::make_unique<sqlite::SqliteStore>(options);
    }
    fail(Status::invalid_argument, "storage \"" + std::string(url) + "\" is not supported: use sqlite:PATH");
}

}  // namespace loyalty::core
