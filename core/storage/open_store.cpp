#include "storage/open_store.hpp"

#include <string>

#include "storage/postgres/pg_store.hpp"
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
    if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
        postgres::PostgresOptions options;
        options.url = std::string(url);
        options.pool_size = settings.pool_size;
        options.connect_timeout_s = settings.connect_timeout_s;
        return std::make_unique<postgres::PostgresStore>(options);
    }
    // Only the scheme is echoed: a mistyped URI may still carry a password.
    fail(Status::invalid_argument, "storage \"" + std::string(url.substr(0, url.find(':'))) +
                                       ":…\" is not supported: use sqlite:PATH or a postgresql:// URI");
}

}  // namespace loyalty::core
