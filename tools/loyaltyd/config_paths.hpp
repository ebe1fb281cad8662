#pragma once
// The file paths in loyaltyd's configuration, relative ones taken from the configuration file's folder:
// the same file means the same certificate, key and database whatever folder loyaltyd is started in.
#include <boost/json/object.hpp>

#include <filesystem>

namespace loyaltyd {

// Rewrites, when they are relative, listen.tls.cert and .key, apps.ca_file and .token_key_file,
// notifications.ca_file and the path of a "sqlite:" storage (not ":memory:" nor a "file:" URI) as
// `folder` / path. Fields that are absent, absolute, empty or not strings are left for the library to judge.
void resolve_relative_paths(boost::json::object& config, const std::filesystem::path& folder);

}  // namespace loyaltyd
