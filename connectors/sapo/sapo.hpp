#pragma once
#include "connector.hpp"

namespace loyalty::connectors {

const Connector& sapo_connector();

}  // namespace loyalty::connectors
