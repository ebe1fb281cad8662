// A fake Haravan as its own process, for the loyaltyd process tests: serves FakeHaravan with ORDERS
// paid orders spread over CUSTOMERS customers, prints {"port", "ca_file"} on one line, and runs
// until its standard input closes. Besides Haravan's own endpoints it answers the parts a test plays:
// GET /connect/authorize (the owner signing in: {"code", "id_token", "state"}) and POST /test/orders
// (an order whose webhook never came).
#include <boost/json.hpp>

#include <cstdio>
#include <iostream>
#include <string>

#include "fake_haravan.hpp"

using namespace loyalty::test;
namespace json = boost::json;

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: fake_haravan_server ORDERS CUSTOMERS\n");
        return 2;
    }
    long orders = std::stol(argv[1]);
    long customers = std::stol(argv[2]);
    FakeHaravan fake;
    add_history(fake, orders, customers);
    fake.server().on("GET", "/connect/authorize", [&fake](const ReceivedRequest& r) {
        auto q = form_fields(r.query);
        json::object answer{{"code", fake.authorize(q["nonce"])}, {"id_token", fake.id_token(q["nonce"])},
                            {"state", q["state"]}};
        return FakeReply{200, {{"Content-Type", "application/json"}}, json::serialize(answer), false};
    });
    fake.server().on("POST", "/test/orders", [&fake](const ReceivedRequest& r) {
        fake.add_order(json::parse(r.body).as_object());
        return FakeReply{200, {{"Content-Type", "application/json"}}, "{}", false};
    });
    std::cout << json::serialize(json::object{{"port", fake.server().port()}, {"ca_file", test_ca().ca_file}})
              << std::endl;
    std::string line;
    while (std::getline(std::cin, line)) {
    }
    return 0;
}
