#include "fuzz_delivery.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    using namespace loyalty;
    auto sign = [](const std::string& mac) { return "sha256=" + connectors::hex_encode(mac); };
    fuzz::run("kiotviet", connectors::Headers{}, "X-Hub-Signature", sign, data, size);
    return 0;
}
