#pragma once
// The tier as a customer tag, for the platforms that keep a customer's tags as one comma-separated
// string (Haravan, Sapo Web).
#include <string>

namespace loyalty::apps {

// The tags with every `loyalty:` tag replaced by `loyalty:<tier>` (none for an empty tier); the
// shop's own tags keep their order.
std::string retagged(const std::string& tags, const std::string& tier);

}  // namespace loyalty::apps
