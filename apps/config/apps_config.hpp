#pragma once
// The "apps" section of loyaltyd's document: how loyalty reaches each platform as an app. Every base
// URL has the real host as its default and can be pointed elsewhere (tests use fakes on loopback).
#include <boost/json/object.hpp>

#include <chrono>
#include <optional>
#include <string>

namespace loyalty::apps {

struct HaravanApp {
    std::string client_id;
    std::string client_secret;
    std::string accounts_url = "https://accounts.haravan.com";
    std::string api_url = "https://apis.haravan.com";
    std::string webhook_url = "https://webhook.haravan.com";
};

struct SapoApp {
    std::string client_id;
    std::string client_secret;
    std::string store_url = "https://{store}.mysapo.net";  // {store}: the shop's store name

    // The store's base URL; throws invalid_argument for a name that is not a store name.
    std::string store_base(const std::string& store) const;
};

// KiotViet has no app store: each shop brings its own client id and secret, so only the hosts are set.
struct KiotVietApp {
    std::string token_url = "https://id.kiotviet.vn";
    std::string api_url = "https://public.kiotapi.com";
};

struct AppsConfig {
    std::string public_url;  // where platforms send the shop owner's browser and the webhooks
    std::optional<HaravanApp> haravan;
    std::optional<SapoApp> sapo;
    KiotVietApp kiotviet;
    std::string ca_file;         // PEM bundle for outbound TLS; empty: the system's trust store
    std::string token_key_file;  // 32 random bytes sealing tokens at rest (TokenBox)
    std::chrono::seconds reconcile_interval{900};
};

// Reads `apps` (the section's object). Throws core::Error(invalid_argument) naming the field.
AppsConfig decode_apps(const boost::json::object& apps);

}  // namespace loyalty::apps
