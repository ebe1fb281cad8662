#pragma once
// A fresh path for a test's database under the build tree's tmp folder (set by CTest).
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <unistd.h>

namespace loyalty::test {

inline std::string temp_db(const std::string& name) {
    static std::atomic<int> counter{0};
    const char* base = std::getenv("LOYALTY_TEST_TMP");
    std::filesystem::path dir = base ? base : std::filesystem::temp_directory_path() / "loyalty-tests";
    std::filesystem::create_directories(dir);
    auto path = dir / (name + "-" + std::to_string(getpid()) + "-" + std::to_string(counter++) + ".db");
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
    return path.string();
}

}  // namespace loyalty::test
