#include "startup_lines.hpp"

#include <unistd.h>

#include <boost/json/parse.hpp>

#include <cstdio>

namespace loyaltyd {

using loyalty::server::LogLevel;
using loyalty::server::LogLine;

std::vector<std::string> stderr_lines_of(const std::function<void()>& call) {
    std::FILE* spool = std::tmpfile();
    int saved = spool ? ::dup(STDERR_FILENO) : -1;
    std::fflush(stderr);
    if (saved < 0 || ::dup2(::fileno(spool), STDERR_FILENO) < 0) {
        if (saved >= 0) ::close(saved);
        if (spool) std::fclose(spool);
        call();
        return {};
    }
    call();
    std::fflush(stderr);
    ::dup2(saved, STDERR_FILENO);
    ::close(saved);

    std::vector<std::string> lines;
    std::rewind(spool);
    std::string line;
    for (int c = std::fgetc(spool); c != EOF; c = std::fgetc(spool)) {
        if (c != '\n') {
            line += static_cast<char>(c);
            continue;
        }
        if (!line.empty()) lines.push_back(std::move(line));
        line.clear();
    }
    if (!line.empty()) lines.push_back(std::move(line));
    std::fclose(spool);
    return lines;
}

void write_again(const std::vector<std::string>& lines, LogLevel threshold) {
    for (const std::string& text : lines) {
        boost::json::error_code ec;
        boost::json::value v = boost::json::parse(text, ec);
        if (ec || !v.is_object()) {
            // Not the library's JSON: unknown, so shown unless only errors are.
            if (threshold <= LogLevel::warning) LogLine(LogLevel::warning).add_text("message", text).write();
            continue;
        }
        const boost::json::object& fields = v.get_object();
        LogLevel level = LogLevel::warning;
        if (auto it = fields.find("level"); it != fields.end() && it->value().is_string()) {
            const auto& name = it->value().get_string();
            level = loyalty::server::log_level_named(std::string_view(name.data(), name.size())).value_or(level);
        }
        if (level < threshold) continue;
        LogLine again(level);
        for (const auto& field : fields)
            if (field.key() != "ts" && field.key() != "level")
                again.add(std::string_view(field.key().data(), field.key().size()), field.value());
        again.write();
    }
}

}  // namespace loyaltyd
