#pragma once
// What every loyaltyctl command shares: reading documents and arguments, and printing a library result.
#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "loyalty/loyalty.h"

namespace loyaltyctl {

// Prints a library result, or the library's error; frees `out` and returns the exit code.
int report(int status, char* out);

// A file's bytes, or standard input's for "-".
std::string read_document(const std::string& path);

std::int64_t parse_int(const std::string& flag, const std::string& text);

// The words of one command: positionals in order, then --flag VALUE pairs and the few switches.
class Words {
public:
    Words(const std::vector<std::string>& words, std::size_t from);
    // Exactly these positionals and only these flags, or a usage error.
    void expect(std::size_t count, std::initializer_list<const char*> allowed_flags) const;
    const std::string& at(std::size_t i) const { return positional_.at(i); }
    const std::string* flag(const char* name) const;

private:
    std::vector<std::string> positional_;
    std::vector<std::pair<std::string, std::string>> flags_;
};

using Document = int (*)(loyalty_engine*, const char*, const char*, char**);

// Commands of the shape `noun verb SHOP FILE` that hand a document to one ABI call.
int with_document(loyalty_engine* e, const Words& w, Document call);

}  // namespace loyaltyctl
