#pragma once
// Calls the C ABI the way an outside program does, keeping each call's status, message and JSON.
#include <boost/json.hpp>

#include <string>

#include "../test_storage.hpp"
#include "loyalty/loyalty.h"

namespace loyalty::test {

struct Call {
    int status = -1;
    std::string error;
    std::string error_json;  // loyalty_last_error_json(), read right after the call
    std::string text;
    boost::json::value json() const { return boost::json::parse(text); }
    boost::json::object details() const { return boost::json::parse(error_json).as_object(); }
};

template <class F>
Call call(F&& f) {
    char* out = nullptr;
    Call c;
    c.status = f(&out);
    c.error = loyalty_last_error();
    c.error_json = loyalty_last_error_json();
    if (out) {
        c.text = out;
        loyalty_free(out);
    }
    return c;
}

class Client {
public:
    // By default a fresh store on the backend the tests run on (test_storage.hpp).
    explicit Client(const std::string& config = R"({"storage": ")" + storage_url() + R"("})") {
        status = loyalty_open(config.c_str(), &engine);
        error = loyalty_last_error();
    }
    ~Client() { loyalty_close(engine); }
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    int put_shop(const std::string& shop) { return loyalty_put_shop(engine, shop.c_str()); }
    Call order(const std::string& shop, const std::string& json) {
        return call([&](char** out) { return loyalty_record_order(engine, shop.c_str(), json.c_str(), out); });
    }
    Call member(const std::string& shop, const std::string& query) {
        return call([&](char** out) { return loyalty_get_member(engine, shop.c_str(), query.c_str(), out); });
    }
    Call redeem(const std::string& shop, const std::string& json) {
        return call([&](char** out) { return loyalty_redeem_points(engine, shop.c_str(), json.c_str(), out); });
    }
    Call adjust(const std::string& shop, const std::string& json) {
        return call([&](char** out) { return loyalty_adjust_points(engine, shop.c_str(), json.c_str(), out); });
    }
    Call transactions(const std::string& shop, const std::string& json) {
        return call([&](char** out) { return loyalty_list_transactions(engine, shop.c_str(), json.c_str(), out); });
    }
    Call customer(const std::string& shop, const std::string& json) {
        return call([&](char** out) { return loyalty_upsert_customer(engine, shop.c_str(), json.c_str(), out); });
    }
    Call maintenance(int64_t now) {
        return call([&](char** out) { return loyalty_run_maintenance(engine, now, out); });
    }

    loyalty_engine* engine = nullptr;
    int status = -1;
    std::string error;
};

inline const char* demo_shop = R"({"shop_id": "demo", "timezone": "Asia/Ho_Chi_Minh", "earn": {"spend_per_point": 10000}})";

inline std::string paid_order(const std::string& id, const std::string& amount, const std::string& extra = "") {
    return R"({"order_id": ")" + id + R"(", "status": "paid", "amount": )" + amount +
           R"(, "occurred_at": "2024-05-13T14:20:00+07:00", "customer": {"customer_id": "C-1", "platform": "pos", "phone": "0912345678", "name": "Nguyễn Văn An"})" +
           extra + "}";
}

}  // namespace loyalty::test
