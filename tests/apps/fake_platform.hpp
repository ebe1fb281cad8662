#pragma once
// A fake platform API for the apps' tests: HTTPS on 127.0.0.1 (port 0) with a certificate from a
// test CA, handlers per (method, path), every request recorded, and failures injected on demand.
// One I/O thread; thread-safe; stop() (or the destructor) closes everything and joins.
#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "test_ca.hpp"

namespace loyalty::test {

struct FakeReply {
    unsigned status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    bool close = false;  // answer with Connection: close and close
};

struct ReceivedRequest {
    std::string method;
    std::string path;
    std::string query;  // without the '?'
    std::map<std::string, std::string> headers;  // names in lower case
    std::string body;
    std::size_t connection = 0;  // 1 for the first connection accepted, 2 for the next...

    std::string header(const std::string& lower_name) const {
        auto it = headers.find(lower_name);
        return it == headers.end() ? "" : it->second;
    }
};

// A failure for the next request(s), applied before any handler, in the order injected.
struct Fault {
    enum class Kind { reply, stall, close };
    Kind kind = Kind::reply;
    FakeReply reply;

    static Fault status(unsigned status, std::vector<std::pair<std::string, std::string>> headers = {},
                        std::string body = {}) {
        return Fault{Kind::reply, FakeReply{status, std::move(headers), std::move(body), false}};
    }
    static Fault stall() { return Fault{Kind::stall, {}}; }                // read the request, never answer
    static Fault close_after_request() { return Fault{Kind::close, {}}; }  // read it, close without answering
};

class FakePlatform {
public:
    using Handler = std::function<FakeReply(const ReceivedRequest&)>;

    explicit FakePlatform(const TestPki& pki = test_ca());
    ~FakePlatform();
    FakePlatform(const FakePlatform&) = delete;
    FakePlatform& operator=(const FakePlatform&) = delete;

    int port() const;
    // https://localhost:PORT + path_and_query
    std::string url(const std::string& path_and_query, const std::string& host = "localhost") const;

    void on(const std::string& method, const std::string& path, Handler handler);
    void on(const std::string& method, const std::string& path, FakeReply reply);
    void fail_next(const Fault& fault, int times = 1);

    std::vector<ReceivedRequest> requests() const;
    std::size_t connections_accepted() const;
    // Waits (at most `bound`) until `n` requests have arrived.
    bool wait_for_requests(std::size_t n, std::chrono::milliseconds bound) const;
    // Closes every open connection at once, as a server's idle timeout would.
    void drop_connections();
    void stop();

    struct Impl;  // in fake_platform.cpp, where the sessions reach it

private:
    std::shared_ptr<Impl> impl_;
};

}  // namespace loyalty::test
