#pragma once
// loyaltyd's configuration file, read as JSON that says where a mistake is: "config.json:12:5: expected ','
// or '}'". The library reads the same document again, strictly; this reading is what finds the place.
#include <boost/json/object.hpp>

#include <stdexcept>
#include <string>

namespace loyaltyd {

struct ConfigError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Throws ConfigError when the file cannot be read, or its text is not one JSON object: malformed,
// nested deeper than 64 (the library's limit), or with a key twice in one object (the library refuses
// that too, and rewriting the document here would otherwise hide it). `path` is named as given.
boost::json::object read_config_file(const std::string& path);

}  // namespace loyaltyd
