#pragma once
// The process's own figures in Prometheus' text format, read when /metrics is scraped:
// loyalty_build_info, and the standard process_* series (CPU, resident memory, open and maximum
// file descriptors, start time), so the usual dashboards and alerts work on loyaltyd unchanged.
#include <cstdint>
#include <string>

namespace loyalty::server {

// `started_at`: unix seconds when the server started.
std::string process_metrics(int64_t started_at);

}  // namespace loyalty::server
