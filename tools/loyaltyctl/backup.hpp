#pragma once
// loyaltyctl backup: an online copy of an SQLite store, taken with SQLite's backup API while loyaltyd keeps writing.
#include <CLI/CLI.hpp>
#include <functional>
#include <string>

namespace loyaltyctl {

// Run with the storage the command line chose, before any engine is opened: a backup must never migrate the
// schema of the store it copies, which opening an engine on it would.
using StorageAction = std::function<int(const std::string& storage)>;

void add_backup_command(CLI::App& app, StorageAction& chosen);

}  // namespace loyaltyctl
