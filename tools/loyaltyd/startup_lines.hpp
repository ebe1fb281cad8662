#pragma once
// The engine's start-up writes its warnings (a stored program that differs from its seed) straight to
// stderr, without loyaltyd's "ts". loyaltyd holds that output back while the engine opens and writes each
// line again in its own shape (log_line.hpp), at the level the line gave, filtered like its own.
#include <functional>
#include <string>
#include <vector>

#include "log_line.hpp"

namespace loyaltyd {

// Runs `call` with stderr sent to a temporary file and returns the lines written meanwhile. Without a
// temporary file, `call` writes to stderr as it would have, and nothing is returned.
std::vector<std::string> stderr_lines_of(const std::function<void()>& call);

// Each line again, with "ts" and "level" first; a line that is not a JSON object becomes its "message".
void write_again(const std::vector<std::string>& lines, loyalty::server::LogLevel threshold);

}  // namespace loyaltyd
