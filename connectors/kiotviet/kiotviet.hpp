#pragma once
#include "connector.hpp"

namespace loyalty::connectors {

const Connector& kiotviet_connector();

}  // namespace loyalty::connectors
