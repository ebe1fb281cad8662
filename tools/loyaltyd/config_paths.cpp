#include "config_paths.hpp"

#include <string>
#include <string_view>

namespace loyaltyd {
namespace {

namespace json = boost::json;

// Joined, never normalised: "../x" after a symbolic link is where the kernel says, not where the text says.
std::string from_folder(const std::filesystem::path& folder, std::string_view path) {
    std::filesystem::path p(path);
    return p.is_absolute() ? std::string(path) : (folder / p).string();
}

void resolve(json::object* section, std::string_view key, const std::filesystem::path& folder) {
    if (!section) return;
    auto it = section->find(key);
    if (it == section->end() || !it->value().is_string() || it->value().get_string().empty()) return;
    const json::string& path = it->value().get_string();
    it->value() = from_folder(folder, std::string_view(path.data(), path.size()));
}

json::object* section(json::object* parent, std::string_view key) {
    if (!parent) return nullptr;
    auto it = parent->find(key);
    return it != parent->end() && it->value().is_object() ? &it->value().get_object() : nullptr;
}

void resolve_storage(json::object& config, const std::filesystem::path& folder) {
    constexpr std::string_view scheme = "sqlite:";
    auto it = config.find("storage");
    if (it == config.end() || !it->value().is_string()) return;
    std::string_view url(it->value().get_string().data(), it->value().get_string().size());
    if (!url.starts_with(scheme)) return;  // postgresql:// and the like name no file here
    std::string_view path = url.substr(scheme.size());
    // ":memory:" is no file, and an SQLite "file:" URI carries its own rules.
    if (path.empty() || path == ":memory:" || path.starts_with("file:")) return;
    it->value() = std::string(scheme) + from_folder(folder, path);
}

}  // namespace

void resolve_relative_paths(json::object& config, const std::filesystem::path& folder) {
    json::object* tls = section(section(&config, "listen"), "tls");
    resolve(tls, "cert", folder);
    resolve(tls, "key", folder);
    json::object* apps = section(&config, "apps");
    resolve(apps, "ca_file", folder);
    resolve(apps, "token_key_file", folder);
    resolve(section(&config, "notifications"), "ca_file", folder);
    resolve_storage(config, folder);
}

}  // namespace loyaltyd
