#include "fuzz_delivery.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    using namespace loyalty;
    connectors::Headers h;
    h.add("X-Haravan-Topic", fuzz::pick({"orders/create", "orders/updated", "orders/paid", "orders/cancelled",
                                         "orders/fulfilled", "customers/create", "customers/update",
                                         "customers/delete", "app/uninstalled"},
                                        size));
    h.add("X-Haravan-Org-Id", "200000");
    fuzz::run("haravan", h, "X-Haravan-Hmacsha256", connectors::base64_encode, data, size);
    return 0;
}
