#include "backup.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string_view>

#include "json_text.hpp"
#include "support.hpp"

namespace loyaltyctl {
namespace {

namespace fs = std::filesystem;

struct Args {
    std::string to;
    bool force = false;
    std::optional<std::int64_t> pages;
};

// Small enough that each step holds the source's lock briefly (a few MiB at 4 KiB pages), large enough that a
// store of some GiB is copied in a few thousand steps.
constexpr int default_pages_per_step = 1024;

struct Refused : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct Db {
    sqlite3* handle = nullptr;
    ~Db() { sqlite3_close_v2(handle); }
};

void open(Db& db, const std::string& path, int flags, const std::string& what) {
    if (path.starts_with("file:")) flags |= SQLITE_OPEN_URI;
    if (sqlite3_open_v2(path.c_str(), &db.handle, flags, nullptr) != SQLITE_OK)
        throw std::runtime_error("cannot open " + what + " " + path + ": " +
                                 (db.handle ? sqlite3_errmsg(db.handle) : "out of memory"));
    sqlite3_extended_result_codes(db.handle, 1);
}

void exec(Db& db, const char* sql, const std::string& what) {
    char* error = nullptr;
    if (sqlite3_exec(db.handle, sql, nullptr, nullptr, &error) != SQLITE_OK) {
        std::string message = error ? error : sqlite3_errmsg(db.handle);
        sqlite3_free(error);
        throw std::runtime_error(what + ": " + message);
    }
}

// The first column of the first row of `sql`, as text.
std::string single_text(Db& db, const char* sql, const std::string& what) {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db.handle, sql, -1, &statement, nullptr) != SQLITE_OK)
        throw std::runtime_error(what + ": " + sqlite3_errmsg(db.handle));
    std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> owned(statement, sqlite3_finalize);
    if (sqlite3_step(statement) != SQLITE_ROW) throw std::runtime_error(what + ": " + sqlite3_errmsg(db.handle));
    const unsigned char* text = sqlite3_column_text(statement, 0);
    return text ? reinterpret_cast<const char*>(text) : "";
}

// What `sqlite:` names, or why there is nothing this command can copy.
std::string source_file(const std::string& storage) {
    constexpr std::string_view scheme = "sqlite:";
    if (storage.starts_with("postgresql:") || storage.starts_with("postgres:"))
        throw Refused("backup copies an SQLite store; back up PostgreSQL with pg_dump (docs/operations.md, \"Backups\")");
    if (!storage.starts_with(scheme)) throw Refused("backup copies an SQLite store, not " + storage);
    std::string path = storage.substr(scheme.size());
    if (path.empty() || path == ":memory:" || path.find("mode=memory") != std::string::npos)
        throw Refused("an in-memory store has no file to back up");
    return path;
}

void fsync_path(const fs::path& path, int flags) {
    int fd = ::open(path.c_str(), flags | O_CLOEXEC);
    if (fd < 0) throw std::runtime_error("cannot open " + path.string() + ": " + std::strerror(errno));
    int synced = ::fsync(fd);
    int saved = errno;
    ::close(fd);
    if (synced != 0) throw std::runtime_error("cannot sync " + path.string() + ": " + std::strerror(saved));
}

// The copy is built beside the target under another name and only then given the target's name, so a backup that
// fails half-way (a full disk, a signal) never leaves a file that looks like a finished backup.
struct Partial {
    fs::path path;
    bool keep = false;
    explicit Partial(const fs::path& target) {
        std::string pattern = target.string() + ".partial-XXXXXX";
        int fd = ::mkstemp(pattern.data());
        if (fd < 0) throw std::runtime_error("cannot create a file beside " + target.string() + ": " + std::strerror(errno));
        ::close(fd);
        path = pattern;
    }
    ~Partial() {
        if (keep) return;
        std::error_code ignored;
        fs::remove(path, ignored);
        fs::remove(path.string() + "-journal", ignored);
    }
};

int backup(const std::string& storage, const Args& a) {
    const std::string source = source_file(storage);
    const fs::path target = a.to;
    std::error_code ec;
    if (!a.force && fs::symlink_status(target, ec).type() != fs::file_type::not_found)
        throw Refused(target.string() + " exists; --force replaces it");
    int pages = a.pages ? static_cast<int>(*a.pages) : default_pages_per_step;

    Db from;
    open(from, source, SQLITE_OPEN_READONLY, "the store");
    sqlite3_busy_timeout(from.handle, 5000);
    // One read transaction for the whole copy: every step reads the same snapshot, so the copy is consistent even
    // though it is taken in steps. In WAL mode a reader never blocks loyaltyd's writer, and steps made inside an open
    // transaction are never restarted by writes from other connections.
    exec(from, "BEGIN", "cannot start reading the store");
    single_text(from, "SELECT count(*) FROM sqlite_schema", "cannot read the store " + source);

    Partial partial(target);
    Db to;
    open(to, partial.path.string(), SQLITE_OPEN_READWRITE, "the backup");
    sqlite3_backup* copy = sqlite3_backup_init(to.handle, "main", from.handle, "main");
    if (!copy) throw std::runtime_error(std::string("cannot start the backup: ") + sqlite3_errmsg(to.handle));
    int rc = SQLITE_OK;
    int waits = 0;
    do {
        rc = sqlite3_backup_step(copy, pages);
        // Only the target is written and it is private to this process, so a busy answer is brief: wait, bounded.
        if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && ++waits <= 100) {
            sqlite3_sleep(50);
            rc = SQLITE_OK;
        }
    } while (rc == SQLITE_OK);
    const int total_pages = sqlite3_backup_pagecount(copy);
    sqlite3_backup_finish(copy);
    if (rc != SQLITE_DONE || sqlite3_errcode(to.handle) != SQLITE_OK)
        throw std::runtime_error(std::string("the backup failed: ") + sqlite3_errstr(rc == SQLITE_DONE ? sqlite3_errcode(to.handle) : rc));
    exec(from, "COMMIT", "cannot finish reading the store");

    // The copy carries the store's WAL flag; as one self-contained file it needs no -wal beside it, and the engine
    // turns WAL on again when it opens a restored copy.
    exec(to, "PRAGMA journal_mode=DELETE", "cannot finish the backup");
    std::string check = single_text(to, "PRAGMA quick_check", "cannot check the backup");
    if (check != "ok") throw std::runtime_error("the backup does not pass PRAGMA quick_check: " + check);
    sqlite3_close_v2(to.handle);
    to.handle = nullptr;
    fsync_path(partial.path, O_RDONLY);

    if (a.force) {
        fs::rename(partial.path, target);
    } else {
        // link() fails if the target appeared meanwhile, where rename() would replace it.
        if (::link(partial.path.c_str(), target.c_str()) != 0) {
            if (errno == EEXIST) throw Refused(target.string() + " exists; --force replaces it");
            throw std::runtime_error("cannot create " + target.string() + ": " + std::strerror(errno));
        }
        fs::remove(partial.path);
    }
    partial.keep = true;
    fs::path folder = fs::absolute(target).parent_path();
    fsync_path(folder, O_RDONLY | O_DIRECTORY);

    std::cout << pretty("{\"to\":" + quote(target.string()) + ",\"pages\":" + std::to_string(total_pages) +
                        ",\"bytes\":" + std::to_string(fs::file_size(target)) + "}")
              << "\n";
    return exit_ok;
}

}  // namespace

void add_backup_command(CLI::App& app, StorageAction& chosen) {
    auto a = std::make_shared<Args>();
    CLI::App* command =
        app.add_subcommand("backup",
                           "an online, consistent copy of an SQLite store, while loyaltyd keeps writing; "
                           "restore by copying it back with loyaltyd stopped")
            ->group("Commands");
    // `loyaltyctl backup --db FILE --to FILE`: --db and --storage belong to loyaltyctl itself.
    command->fallthrough();
    command->add_option("--to", a->to, "the backup file to write")->required()->type_name("PATH");
    command->add_flag("--force", a->force, "replace --to if it exists");
    add_integer(*command, "--pages", a->pages, "pages copied per step (default 1024)")
        ->check([](const std::string& text) {
            return text.find_first_not_of("0123456789") == std::string::npos && text != "0" && text.size() < 10
                       ? std::string()
                       : std::string("--pages must be a whole number from 1 to 999999999");
        });
    command->callback([&chosen, a] {
        chosen = [a](const std::string& storage) {
            try {
                return backup(storage, *a);
            } catch (const std::exception& e) {
                std::cerr << "loyaltyctl: backup: " << e.what() << "\n";
            }
            return int{exit_failed};
        };
    });
}

}  // namespace loyaltyctl
