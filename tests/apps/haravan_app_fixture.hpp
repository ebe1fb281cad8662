#pragma once
// An AppsService on an in-memory engine, its Haravan app pointed at a FakeHaravan, a settable
// clock, and the browser's part of an install.
#include <catch2/catch.hpp>
#include <boost/json.hpp>
#include <sys/stat.h>

#include <fstream>
#include <functional>
#include <iterator>
#include <memory>

#include "../temp_path.hpp"
#include "apps_service.hpp"
#include "calls.hpp"
#include "codec.hpp"
#include "engine.hpp"
#include "fake_clock.hpp"
#include "fake_haravan.hpp"
#include "install_state.hpp"
#include "storage/open_store.hpp"

namespace loyalty::test {

// A paid Haravan order of customer `customer` (phone made from it), updated at `updated_at`.
inline boost::json::object haravan_order(int64_t id, int64_t customer, const std::string& updated_at) {
    auto o = haravan_example_order();
    o["id"] = id;
    o["name"] = "#" + std::to_string(id);
    o["order_number"] = "#" + std::to_string(id);
    o["updated_at"] = updated_at;
    o["created_at"] = updated_at;
    auto& c = o["customer"].as_object();
    c["id"] = customer;
    c["phone"] = "09" + std::to_string(10000000 + customer % 10000000);
    c["email"] = nullptr;
    return o;
}

struct AppHarness {
    int64_t clock = 1796428800;  // 2026-12-05: the engine and the apps share it
    FakeHaravan fake;
    std::unique_ptr<core::Engine> engine;
    std::unique_ptr<apps::AppsService> apps;

    // `adjust` changes the configuration and options before the service is made (another platform's
    // fake, background workers, timeouts).
    explicit AppHarness(const std::function<void(apps::AppsConfig&, apps::AppsOptions&)>& adjust = {}) {
        engine = std::make_unique<core::Engine>(core::open_store("sqlite::memory:", {}),
                                                documents::decode_shop_definition, [this] { return clock; });
        apps::AppsConfig config;
        config.public_url = "https://loyalty.example.vn";
        apps::HaravanApp h;
        h.client_id = FakeHaravan::client_id;
        h.client_secret = FakeHaravan::client_secret;
        h.accounts_url = h.api_url = h.webhook_url = fake.base();
        while (h.api_url.ends_with('/')) h.api_url.pop_back();
        h.accounts_url = h.webhook_url = h.api_url;
        config.haravan = h;
        config.ca_file = test_ca().ca_file;
        config.token_key_file = key_file();
        apps::AppsOptions options;
        options.clock = [this] { return clock; };
        options.retry.base_delay = std::chrono::milliseconds(1);
        options.retry.max_delay = std::chrono::milliseconds(5);
        if (adjust) adjust(config, options);
        apps = std::make_unique<apps::AppsService>(*engine, config, options);
    }

    static std::string key_file() {
        std::string path = temp_db("token-key");
        std::ofstream(path, std::ios::binary) << std::string(32, '\x42');
        ::chmod(path.c_str(), 0600);
        return path;
    }

    // The browser: start the install, sign in at the fake accounts server, come back with the form.
    apps::Redirect install(const apps::QueryParams& start = {}) {
        auto begun = apps->begin_install("haravan", start);
        auto q = form_fields(begun.location.substr(begun.location.find('?') + 1));
        std::string code = fake.authorize(q["nonce"]);
        std::string cookie = begun.set_cookies.at(0).substr(0, begun.set_cookies.at(0).find(';'));
        return apps->finish_haravan({{"code", code}, {"state", q["state"]}, {"id_token", fake.id_token(q["nonce"])}},
                                    cookie);
    }

    std::string shop_id() const { return "haravan-" + fake.org_id(); }
};

}  // namespace loyalty::test
