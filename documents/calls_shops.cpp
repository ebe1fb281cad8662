#include <cstdio>

#include "calls.hpp"
#include "codec.hpp"
#include "json_fields.hpp"
#include "shop_patch.hpp"
#include "stored_shop.hpp"
#include "util/error.hpp"

namespace loyalty::documents {

void put_shop(core::Engine& engine, const json::object& doc) {
    // Decoded (so checked) by the engine once "***" secrets have their stored values back.
    engine.change_shop(require_string(doc, "shop_id", "shop"),
                       [&](const std::optional<std::string>& stored) -> std::optional<std::string> {
                           json::object next = doc;
                           if (stored) keep_secrets(next, read_stored_shop(*stored), false);
                           return json::serialize(next);
                       });
}

std::string patch_shop(core::Engine& engine, const std::string& id, const json::object& patch) {
    if (const json::value* named = patch.if_contains("shop_id");
        named && !(named->is_string() && named->get_string() == id))
        core::fail(core::Status::invalid_argument, "patch.shop_id cannot change the shop's id");
    auto program = engine.change_shop(id, [&](const std::optional<std::string>& stored) -> std::optional<std::string> {
        if (!stored) core::fail(core::Status::not_found, "shop \"" + id + "\" not found");
        json::object before = read_stored_shop(*stored);
        json::value after = merge_patch(before, patch);
        keep_secrets(after.as_object(), before, true);
        return json::serialize(after);
    });
    return json::serialize(read_stored_shop(program->definition));
}

std::string shop_definition(core::Engine& engine, const std::string& shop_id) {
    return json::serialize(read_stored_shop(engine.shop(shop_id)->definition));
}

// A restart must never revert what the API or loyaltyctl changed, so a seed is put only when the
// shop is not stored yet. A stored program that differs from its seed is said on standard error,
// where loyaltyd's log goes.
void seed_shop(core::Engine& engine, const core::ShopProgram& shop) {
    bool differs = false;
    engine.change_shop(shop.shop_id, [&](const std::optional<std::string>& stored) -> std::optional<std::string> {
        differs = stored && read_stored_shop(*stored) != read_stored_shop(shop.definition);
        if (stored) return std::nullopt;
        return shop.definition;
    });
    if (!differs) return;
    std::string line = json::serialize(json::object{
        {"level", "warning"},
        {"shop_id", shop.shop_id},
        {"message", "the stored program differs from its seed in the configuration; the stored one is in effect "
                    "(seeds are put only when a shop does not exist yet)"}});
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), stderr);
}

std::vector<core::ShopProgram> decode_seeds(const json::object& config) {
    std::vector<core::ShopProgram> shops;
    if (const json::array* list = get_array(config, "shops", "config")) {
        for (const auto& s : *list) {
            if (!s.is_object()) core::fail(core::Status::invalid_argument, "config.shops must hold objects");
            shops.push_back(decode_shop(s.get_object()));
        }
    }
    return shops;
}

}  // namespace loyalty::documents
