#pragma once
#include <string>
#include <string_view>

namespace loyalty::connectors {

// `text` without the blanks around it: spaces and tabs, and the line breaks a value pasted into a
// shop's admin, or wrapped in a header, brings along.
std::string trimmed(std::string_view text);

}  // namespace loyalty::connectors
