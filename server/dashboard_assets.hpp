#pragma once
// The dashboard's built files, embedded in the binary (dashboard/CMakeLists.txt generates them).
#include <string_view>

namespace loyalty::server {

struct DashboardAsset {
    std::string_view name;  // "index.html", "app.js", "app.css", "licenses.txt"
    std::string_view type;  // Content-Type
    std::string_view body;
    std::string_view etag;  // quoted, from the file's SHA-256
};

const DashboardAsset* dashboard_asset(std::string_view name);

}  // namespace loyalty::server
