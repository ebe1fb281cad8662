#pragma once
#include <string>
#include <string_view>

namespace loyalty::core {

// A random identifier: `prefix` followed by 20 lowercase base-32 characters (100 bits), so ids
// made by separate processes on one database do not collide.
std::string random_id(std::string_view prefix);

}  // namespace loyalty::core
