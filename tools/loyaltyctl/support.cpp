#include "support.hpp"

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <stdexcept>

#include "commands.hpp"
#include "json_text.hpp"

namespace loyaltyctl {

int report(int status, char* out) {
    if (status != LOYALTY_OK) {
        std::cerr << "loyaltyctl: " << loyalty_status_name(status) << ": " << loyalty_last_error() << "\n";
        loyalty_free(out);
        return exit_failed;
    }
    if (out) std::cout << pretty(out) << "\n";
    loyalty_free(out);
    return exit_ok;
}

std::string read_document(const std::string& path) {
    if (path == "-") return {std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path + ": " + std::strerror(errno));
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::int64_t parse_int(const std::string& flag, const std::string& text) {
    std::int64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) throw UsageError{flag + " needs an integer, got " + text};
    return value;
}

Words::Words(const std::vector<std::string>& words, std::size_t from) {
    for (std::size_t i = from; i < words.size(); ++i) {
        if (words[i] == "--all" || words[i] == "--clear") {  // the switches: they take no value
            flags_.emplace_back(words[i], "yes");
        } else if (words[i].starts_with("--") && words[i] != "-") {
            if (i + 1 >= words.size()) throw UsageError{words[i] + " needs a value"};
            flags_.emplace_back(words[i], words[i + 1]);
            ++i;
        } else {
            positional_.push_back(words[i]);
        }
    }
}

void Words::expect(std::size_t count, std::initializer_list<const char*> allowed_flags) const {
    if (positional_.size() != count) throw UsageError{"wrong number of arguments"};
    for (const auto& [flag, value] : flags_) {
        bool known = false;
        for (const char* a : allowed_flags) known = known || flag == a;
        if (!known) throw UsageError{"unknown option " + flag};
    }
}

const std::string* Words::flag(const char* name) const {
    for (const auto& [flag, value] : flags_)
        if (flag == name) return &value;
    return nullptr;
}

int with_document(loyalty_engine* e, const Words& w, Document call) {
    w.expect(2, {});
    std::string doc = read_document(w.at(1));
    char* out = nullptr;
    int status = call(e, w.at(0).c_str(), doc.c_str(), &out);
    return report(status, out);
}

}  // namespace loyaltyctl
