#pragma once
// An engine on a fresh SQLite file with the library's server in front of it, over TLS on loopback,
// and signed Haravan orders to send it.
#include <map>
#include <string>

#include "../abi/webhook_signing.hpp"
#include "../temp_path.hpp"
#include "loyalty/loyalty.h"
#include "test_cert.hpp"

namespace loyalty::test {

inline const std::string admin_token = "server-test-admin-token";
inline const std::string haravan_secret = "haravan-test-secret";
inline const std::string kiotviet_secret = "kiotviet-test-secret";

inline const char* served_shop = R"({"shop_id": "demo", "timezone": "Asia/Ho_Chi_Minh",
    "earn": {"spend_per_point": 10000},
    "connections": [{"platform": "haravan", "secret": "haravan-test-secret", "verify_token": "verify-me-please"},
                    {"platform": "kiotviet", "secret": "kiotviet-test-secret"}]})";

class Served {
public:
    explicit Served(std::string server_extra = "", std::string sqlite = "", std::string db = temp_db("server"))
        : db_(std::move(db)), extra_(std::move(server_extra)), sqlite_(std::move(sqlite)) {
        start();
        if (ok()) loyalty_put_shop(engine, served_shop);
    }
    ~Served() {
        stop();
        loyalty_close(engine);
    }
    Served(const Served&) = delete;
    Served& operator=(const Served&) = delete;

    std::string config() const {
        // `db` is an SQLite file, or a whole postgresql:// URI.
        std::string storage = db_.starts_with("postgres") ? db_ : "sqlite:" + db_;
        std::string c = R"({"storage": ")" + storage + "\"";
        if (!sqlite_.empty()) c += R"(, "sqlite": )" + sqlite_;
        c += R"(, "listen": {"address": "127.0.0.1", "port": 0, "tls": {"cert": ")" + test_cert().cert +
             R"(", "key": ")" + test_cert().key + R"("}}, "admin_token": ")" + admin_token +
             R"(", "access_log": false)";
        if (!extra_.empty()) c += ", " + extra_;
        return c + "}";
    }
    void start() {
        std::string c = config();
        if (!engine && loyalty_open(c.c_str(), &engine) != LOYALTY_OK) {
            error = loyalty_last_error();
            return;
        }
        if (loyalty_server_start(engine, c.c_str(), &server) != LOYALTY_OK) {
            error = loyalty_last_error();
            return;
        }
        port = loyalty_server_port(server);
    }
    void stop() {
        loyalty_server_stop(server);
        server = nullptr;
    }
    // Closes and reopens the engine on the same file, as a restart does.
    void restart() {
        stop();
        loyalty_close(engine);
        engine = nullptr;
        start();
    }
    bool ok() const { return engine && server; }
    const std::string& db() const { return db_; }

    loyalty_engine* engine = nullptr;
    loyalty_server* server = nullptr;
    int port = 0;
    std::string error;

private:
    std::string db_, extra_, sqlite_;
};

inline std::string haravan_order(const std::string& id, const std::string& amount, const std::string& customer = "501",
                                 const std::string& phone = "0912345678") {
    return R"({"id": )" + id + R"(, "created_at": "2024-05-13T14:20:00+07:00", "updated_at": "2024-05-13T14:25:00+07:00",
        "financial_status": "paid", "subtotal_price": ")" + amount + R"(.0000", "total_price": ")" + amount +
           R"(.0000", "cancelled_at": null, "refunds": [], "line_items": [],
        "customer": {"id": )" + customer + R"(, "phone": ")" + phone + R"(", "first_name": "An", "last_name": "Nguyễn Văn"}})";
}

inline std::map<std::string, std::string> haravan_headers(const std::string& body,
                                                          const std::string& secret = haravan_secret) {
    return {{"X-Haravan-Topic", "orders/paid"}, {"X-Haravan-Hmacsha256", base64_hmac(body, secret)}};
}

inline std::map<std::string, std::string> bearer(const std::string& token = admin_token) {
    return {{"Authorization", "Bearer " + token}};
}

}  // namespace loyalty::test
