#include "support.hpp"

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <stdexcept>

#include "json_text.hpp"

namespace loyaltyctl {

CLI::App* noun(CLI::App& parent, const std::string& name, const std::string& description) {
    CLI::App* command = parent.add_subcommand(name, description)->group("Commands");
    command->require_subcommand(1);
    return command;
}

CLI::App* verb(CLI::App& parent, const std::string& name, const std::string& description, Action& chosen, Action run,
               std::function<void()> check) {
    CLI::App* command = parent.add_subcommand(name, description)->group("Commands");
    command->callback([&chosen, run = std::move(run), check = std::move(check)] {
        if (check) check();
        chosen = run;
    });
    return command;
}

CLI::App* document_verb(CLI::App& parent, const std::string& name, const std::string& description, Action& chosen,
                        Document call) {
    struct Args {
        std::string shop, file;
    };
    auto a = std::make_shared<Args>();
    CLI::App* command = verb(parent, name, description, chosen, [a, call](loyalty_engine* e) {
        return call_shop(call, e, a->shop, read_document(a->file));
    });
    command->add_option("SHOP", a->shop, "the shop's id")->required();
    command->add_option("FILE", a->file, "the JSON document; - reads standard input")->required();
    return command;
}

int call_shop(Document call, loyalty_engine* e, const std::string& shop, const std::string& document) {
    char* out = nullptr;
    int status = call(e, shop.c_str(), document.c_str(), &out);
    return report(status, out);
}

CLI::Option* add_integer(CLI::App& command, const std::string& name, std::optional<std::int64_t>& value,
                         const std::string& description) {
    auto parse = [&value, name](const std::string& text) {
        std::int64_t number = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
        if (ec != std::errc() || end != text.data() + text.size())
            throw CLI::ValidationError(name + " needs an integer, got " + text);
        value = number;
    };
    return command.add_option_function<std::string>(name, parse, description)->type_name("N");
}

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

}  // namespace loyaltyctl
