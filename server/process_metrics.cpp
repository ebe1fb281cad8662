#include "process_metrics.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace loyalty::server {
namespace {

double seconds(const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; }

// Resident pages, the second field of /proc/self/statm; 0 where there is no /proc.
long long resident_bytes() {
    std::ifstream statm("/proc/self/statm");
    long long size = 0, resident = 0;
    if (!(statm >> size >> resident)) return 0;
    return resident * sysconf(_SC_PAGESIZE);
}

long long open_fds() {
    std::error_code ec;
    long long n = 0;
    for (std::filesystem::directory_iterator it("/proc/self/fd", ec), end; !ec && it != end; it.increment(ec)) ++n;
    return n;
}

}  // namespace

std::string process_metrics(int64_t started_at) {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    rlimit files{};
    getrlimit(RLIMIT_NOFILE, &files);
    char buf[1400];
    std::snprintf(buf, sizeof buf,
                  "# HELP loyalty_build_info The running build: its version.\n"
                  "# TYPE loyalty_build_info gauge\nloyalty_build_info{version=\"%s\"} 1\n"
                  "# HELP process_cpu_seconds_total User and system CPU time spent, in seconds.\n"
                  "# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total %.6f\n"
                  "# HELP process_resident_memory_bytes Resident memory size in bytes.\n"
                  "# TYPE process_resident_memory_bytes gauge\nprocess_resident_memory_bytes %lld\n"
                  "# HELP process_open_fds Open file descriptors.\n"
                  "# TYPE process_open_fds gauge\nprocess_open_fds %lld\n"
                  "# HELP process_max_fds The limit on open file descriptors.\n"
                  "# TYPE process_max_fds gauge\nprocess_max_fds %lld\n"
                  "# HELP process_start_time_seconds When the server started, in unix seconds.\n"
                  "# TYPE process_start_time_seconds gauge\nprocess_start_time_seconds %lld\n",
                  LOYALTY_BUILD_VERSION, seconds(usage.ru_utime) + seconds(usage.ru_stime), resident_bytes(),
                  open_fds(), files.rlim_cur == RLIM_INFINITY ? -1LL : static_cast<long long>(files.rlim_cur),
                  static_cast<long long>(started_at));
    return buf;
}

}  // namespace loyalty::server
