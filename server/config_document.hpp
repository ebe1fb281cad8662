#pragma once
// The server's settings, read from its keys of loyaltyd's document (the engine's keys are left to
// loyalty_open).
#include <boost/json.hpp>

#include "config.hpp"
#include "document_keys.hpp"

namespace loyalty::server {

ServerConfig decode_server(const boost::json::object& document);

}  // namespace loyalty::server
