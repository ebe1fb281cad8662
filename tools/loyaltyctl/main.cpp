// loyaltyctl: an admin CLI over libloyalty, so a person can try and operate the engine without writing code.
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "commands.hpp"
#include "json_text.hpp"
#include "loyalty/loyalty.h"

using namespace loyaltyctl;

namespace {

std::string default_db() {
    const char* env = std::getenv("LOYALTY_DB");
    return env && *env ? env : "loyalty.db";
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    std::string storage;
    std::size_t i = 0;
    for (; i < args.size() && args[i].starts_with("--"); ++i) {
        const std::string& flag = args[i];
        if (flag == "--help") {
            std::cout << usage_text;
            return exit_ok;
        }
        if (flag == "--version") {
            std::cout << "loyaltyctl " << loyalty_version() << "\n";
            return exit_ok;
        }
        if ((flag == "--db" || flag == "--storage") && i + 1 < args.size()) {
            storage = flag == "--db" ? "sqlite:" + args[++i] : args[++i];
            continue;
        }
        std::cerr << "loyaltyctl: unknown or incomplete option " << flag << "\n" << usage_text;
        return exit_usage;
    }
    std::vector<std::string> words(args.begin() + static_cast<std::ptrdiff_t>(i), args.end());
    if (words.empty()) {
        std::cerr << usage_text;
        return exit_usage;
    }
    if (storage.empty()) storage = "sqlite:" + default_db();

    loyalty_engine* engine = nullptr;
    std::string config = "{\"storage\": " + quote(storage) + "}";
    if (loyalty_open(config.c_str(), &engine) != LOYALTY_OK) {
        std::cerr << "loyaltyctl: cannot open " << storage << ": " << loyalty_last_error() << "\n";
        return exit_failed;
    }
    int code = exit_failed;
    try {
        code = run_command(engine, words);
    } catch (const UsageError& e) {
        std::cerr << "loyaltyctl: " << e.message << "\n" << usage_text;
        code = exit_usage;
    } catch (const std::exception& e) {
        std::cerr << "loyaltyctl: " << e.what() << "\n";
        code = exit_failed;
    }
    loyalty_close(engine);
    return code;
}
