#pragma once
// The bench programs' number arguments, read strictly: "64x", "abc" or an out-of-range count is refused with the
// program's usage and exit code 2, before the program creates or changes anything. (atoi took "64x" for 64 and "abc"
// for 0, which a program then ran with or refused for the wrong reason.)
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace loyalty::bench {

[[noreturn]] inline void refuse(const std::string& problem, const char* usage) {
    std::fprintf(stderr, "%s\n%s\n", problem.c_str(), usage);
    std::exit(2);
}

// `text` as a whole number in [lo, hi]; anything else refused with `usage`. `name` is the argument's name in it.
inline long number_value(const char* name, const char* text, long lo, long hi, const char* usage) {
    const std::string s = text;
    long value = 0;
    auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (s.empty() || error != std::errc() || end != s.data() + s.size() || value < lo || value > hi)
        refuse(std::string(name) + ": '" + s + "' is not a whole number from " + std::to_string(lo) + " to " +
                   std::to_string(hi),
               usage);
    return value;
}

// argv[at] read as number_value, or `fallback` when the command line stops before it.
inline long number_arg(int argc, char** argv, int at, const char* name, long fallback, long lo, long hi,
                       const char* usage) {
    return argc > at ? number_value(name, argv[at], lo, hi, usage) : fallback;
}

// `text` as a number of seconds in [lo, hi] ("0.5", "3"); anything else refused with `usage`.
inline double seconds_value(const char* name, const char* text, double lo, double hi, const char* usage) {
    const std::string s = text;
    double value = 0;
    auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), value, std::chars_format::fixed);
    if (s.empty() || error != std::errc() || end != s.data() + s.size() || !(value >= lo && value <= hi))
    {
        char range[64];
        std::snprintf(range, sizeof range, "%g to %g", lo, hi);
        refuse(std::string(name) + ": '" + s + "' is not a number of seconds from " + range, usage);
    }
    return value;
}

}  // namespace loyalty::bench
