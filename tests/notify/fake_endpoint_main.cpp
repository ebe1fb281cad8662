// A shop's event endpoint as its own process, for the loyaltyd process tests: HTTPS with the test CA,
// prints {"port", "control_port", "ca_file"} on one line and runs until its standard input closes. Its first
// requests fail in turns (500, a stall, a cut connection, 429) before it answers 2xx to the rest.
// A second listener (its faults apart), at "control_port", answers GET /test/received: every POST in
// arrival order: {"id", "member_id", "type", "signature_ok",
// "answered_ok"} (whether that request was answered 2xx).
#include <boost/json.hpp>

#include <cstdio>
#include <iostream>
#include <string>

#include "../apps/fake_platform.hpp"
#include "common/crypto.hpp"
#include "util/encoding.hpp"

using namespace loyalty::test;
namespace json = boost::json;

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: fake_endpoint_server SECRET FAILING_ROUNDS\n");
        return 2;
    }
    const std::string secret = argv[1];
    const long rounds = std::stol(argv[2]);
    FakePlatform endpoint;
    // One round: refused, answered, stalled, answered, cut, answered, 429, answered.
    const std::vector<std::pair<Fault, bool>> round{
        {Fault::status(500), false}, {Fault::status(204), true},         {Fault::stall(), false},
        {Fault::status(204), true},  {Fault::close_after_request(), false}, {Fault::status(204), true},
        {Fault::status(429), false}, {Fault::status(204), true}};
    std::vector<bool> answered_ok;
    for (long i = 0; i < rounds; ++i)
        for (const auto& [fault, ok] : round) {
            endpoint.fail_next(fault);
            answered_ok.push_back(ok);
        }
    endpoint.on("POST", "/hooks/loyalty", FakeReply{204, {}, "", false});
    FakePlatform control;
    control.on("GET", "/test/received", [&](const ReceivedRequest&) {
        json::array out;
        std::size_t index = 0;
        for (const auto& r : endpoint.requests()) {
            if (r.method != "POST") continue;
            json::object item;
            try {
                auto event = json::parse(r.body).as_object();
                item = {{"id", event.at("id")}, {"member_id", event.at("member_id")}, {"type", event.at("type")}};
            } catch (const std::exception&) {
                item = {{"id", nullptr}};
            }
            item["signature_ok"] = r.header("x-loyalty-signature") ==
                                   "sha256=" + loyalty::core::hex_encode(loyalty::connectors::hmac_sha256(secret, r.body));
            item["answered_ok"] = index < answered_ok.size() ? bool(answered_ok[index]) : true;
            ++index;
            out.push_back(std::move(item));
        }
        return FakeReply{200, {{"Content-Type", "application/json"}}, json::serialize(out), false};
    });
    std::cout << json::serialize(json::object{
                     {"port", endpoint.port()}, {"control_port", control.port()}, {"ca_file", test_ca().ca_file}})
              << std::endl;
    std::string line;
    while (std::getline(std::cin, line)) {
    }
    return 0;
}
