#include "fuzz_delivery.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    using namespace loyalty;
    connectors::Headers h;
    // Even sizes as Sapo GO (tenant and event-version headers), odd as Sapo Web.
    if (size % 2 == 0) {
        h.add("X-Sapo-Topic", fuzz::pick({"orders/create", "orders/update", "orders/cancelled", "orders/finalized",
                                          "orders/create_return", "orders/create_refund", "customers/update",
                                          "customers/delete", "products/update"},
                                         size / 2));
        h.add("X-Sapo-Tenant-Domain", "fuzz.mysapogo.com");
        h.add("X-Sapo-Object-Id", "4242");
        h.add("X-Event-Version", std::to_string(size));
    } else {
        h.add("X-Sapo-Topic", fuzz::pick({"orders/create", "orders/updated", "orders/paid", "orders/cancelled",
                                          "refunds/create", "customers/create", "customers/delete", "orders/delete"},
                                         size / 2));
        h.add("X-Sapo-Shop-Domain", "fuzz.mysapo.net");
    }
    fuzz::run("sapo", h, "X-Sapo-Hmac-Sha256", connectors::base64_encode, data, size);
    return 0;
}
