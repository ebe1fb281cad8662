#pragma once
#include "connector.hpp"

namespace loyalty::connectors {

const Connector& haravan_connector();

}  // namespace loyalty::connectors
