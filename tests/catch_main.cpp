#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

int main(int argc, char** argv) {
    // CTest runs the PostgreSQL registrations with LOYALTY_TEST_STORAGE=@FILE, a file the server
    // fixture writes once its server is up. Without it no server could be started on this machine,
    // and exiting 77 has CTest report the test as skipped, never as passed.
    if (const char* storage = std::getenv("LOYALTY_TEST_STORAGE"); storage && storage[0] == '@') {
        std::ifstream in(storage + 1);
        std::string url;
        if (!std::getline(in, url) || url.empty()) {
            std::printf("SKIPPED: no PostgreSQL test server (%s is missing)\n", storage + 1);
            return 77;
        }
    }
    return Catch::Session().run(argc, argv);
}
