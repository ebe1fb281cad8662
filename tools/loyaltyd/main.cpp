// loyaltyd: the webhook receiver and admin API. A thin program: it reads one configuration file,
// opens the engine, starts the library's server on it and stops both cleanly on SIGTERM or SIGINT.
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

#include "loyalty/loyalty.h"

namespace {

// Asked for (--help), to standard output and success; as a correction of a wrong command line, to
// standard error and exit 2.
int usage(std::FILE* to, int code) {
    std::fputs("usage: loyaltyd --config FILE | --version | --help\n"
               "  FILE: the engine configuration ({\"storage\": \"sqlite:PATH\" or \"postgresql://...\",\n"
               "        \"shops\": [...]}) plus\n"
               "        \"listen\": {\"address\", \"port\", \"tls\": {\"cert\", \"key\"}} and \"admin_token\"\n"
               "  The shop owner's dashboard is served at /admin/ (docs/dashboard.md).\n",
               to);
    return code;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 2 && std::strcmp(argv[1], "--version") == 0) {
        std::printf("loyaltyd %s\n", loyalty_version());
        return 0;
    }
    if (argc == 2 && (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0))
        return usage(stdout, 0);
    if (argc != 3 || std::strcmp(argv[1], "--config") != 0) return usage(stderr, 2);
    std::ifstream in(argv[2], std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "loyaltyd: cannot read %s: %s\n", argv[2], std::strerror(errno));
        return 1;
    }
    std::string config{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};

    // Signals are taken synchronously below, so block them before any library thread starts.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    loyalty_engine* engine = nullptr;
    if (loyalty_open(config.c_str(), &engine) != LOYALTY_OK) {
        std::fprintf(stderr, "loyaltyd: cannot open the engine: %s\n", loyalty_last_error());
        return 1;
    }
    loyalty_server* server = nullptr;
    if (loyalty_server_start(engine, config.c_str(), &server) != LOYALTY_OK) {
        std::fprintf(stderr, "loyaltyd: cannot start: %s\n", loyalty_last_error());
        loyalty_close(engine);
        return 1;
    }
    std::fprintf(stderr, "{\"level\":\"info\",\"message\":\"loyaltyd %s listening\",\"port\":%d}\n", loyalty_version(),
                 loyalty_server_port(server));

    int received = 0;
    sigwait(&signals, &received);
    std::fprintf(stderr, "{\"level\":\"info\",\"message\":\"%s: draining\"}\n", received == SIGTERM ? "SIGTERM" : "SIGINT");
    loyalty_server_stop(server);
    loyalty_close(engine);
    std::fprintf(stderr, "{\"level\":\"info\",\"message\":\"stopped\"}\n");
    return 0;
}
