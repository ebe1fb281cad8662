#pragma once
// One libFuzzer harness shared by the three connector targets. The input is a delivery body; it is
// signed with the shop's secret so every input reaches the parser, then mapped and, when it maps,
// applied to an in-memory engine, so the engine's checks see whatever the connector lets through.
// A forged copy is checked too: it must never verify. Anything but core::Error is a crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "common/crypto.hpp"
#include "connector.hpp"
#include "engine.hpp"
#include "storage/sqlite/sqlite_store.hpp"
#include "util/error.hpp"
#include "util/zone.hpp"

namespace loyalty::fuzz {

inline std::unique_ptr<core::Engine> fresh_engine() {
    core::sqlite::SqliteOptions options;
    options.path = ":memory:";
    auto decode = [](const std::string& id) {
        core::ShopProgram p;
        p.shop_id = id;
        p.timezone = "Asia/Ho_Chi_Minh";
        p.zone = core::Zone::load(p.timezone);
        p.spend_per_point = 1000;
        p.definition = id;
        return p;
    };
    auto engine = std::make_unique<core::Engine>(std::make_unique<core::sqlite::SqliteStore>(options), decode);
    engine->put_shop(decode("fuzz"));
    return engine;
}

// One engine for a few thousand inputs, so state carries across them (merges, stale versions),
// then a fresh one, so memory stays bounded however long the run.
inline core::Engine& engine() {
    static std::unique_ptr<core::Engine> e;
    static unsigned uses = 0;
    if (!e || ++uses % 4096 == 0) e = fresh_engine();
    return *e;
}

// `headers` gets the platform's signature header added; `sign` renders the MAC as that platform does.
template <class Sign>
void run(const char* platform, connectors::Headers headers, const char* signature_header, Sign sign,
         const uint8_t* data, std::size_t size) {
    static const std::vector<std::string> secrets{"fuzz-secret-0001"};
    const auto* connector = connectors::find_connector(platform);
    if (!connector) std::abort();
    std::string_view body(reinterpret_cast<const char*>(data), size);
    std::string mac = connectors::hmac_sha256(secrets[0], body);

    connectors::Headers forged = headers;
    forged.add(signature_header, sign(connectors::hmac_sha256("not-the-secret!!", body)));
    if (connector->verify(forged, body, secrets)) std::abort();

    headers.add(signature_header, sign(mac));
    if (!connector->verify(headers, body, secrets)) std::abort();
    core::Engine& e = engine();
    try {
        core::Delivery delivery = connector->map(headers, body, *e.shop("fuzz")->zone);
        delivery.platform = platform;
        e.ingest("fuzz", delivery);
    } catch (const core::Error& error) {
        // Refusing is fine; failing in the store or in a bug is not.
        if (error.status() != core::Status::invalid_argument) std::abort();
    }
}

// Picks one of `options` from the body size, so one corpus explores every topic.
inline const char* pick(const std::vector<const char*>& options, std::size_t size) {
    return options[size % options.size()];
}

}  // namespace loyalty::fuzz
