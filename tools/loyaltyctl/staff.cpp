#include "staff.hpp"

#include <termios.h>
#include <unistd.h>

#include <iostream>
#include <memory>

#include "json_text.hpp"

namespace loyaltyctl {
namespace {

struct Args {
    std::string shop, username, role;
};

// One line of standard input; on a terminal it asks, without echoing what is typed.
std::string read_password() {
    bool terminal = isatty(STDIN_FILENO) == 1;
    termios saved{};
    if (terminal) {
        std::cerr << "Password: " << std::flush;
        tcgetattr(STDIN_FILENO, &saved);
        termios quiet = saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    std::string line;
    std::getline(std::cin, line);
    if (terminal) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        std::cerr << "\n";
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
}

}  // namespace

void add_staff_commands(CLI::App& app, Action& chosen) {
    CLI::App* staff = noun(app, "staff", "the dashboard's staff accounts (owner, cashier, viewer)");

    auto add = std::make_shared<Args>();
    CLI::App* add_cmd = verb(*staff, "add", "add a staff account; the password is read from standard input", chosen,
                             [add](loyalty_engine* e) {
                                 std::string request = "{\"username\": " + quote(add->username) +
                                                       ", \"role\": " + quote(add->role) +
                                                       ", \"password\": " + quote(read_password()) + "}";
                                 return call_shop(loyalty_add_staff, e, add->shop, request);
                             });
    add_cmd->add_option("SHOP", add->shop, "the shop's id")->required();
    add_cmd->add_option("USERNAME", add->username, "3 to 64 of a-z 0-9 . _ - @")->required();
    add_cmd->add_option("--role", add->role, "owner, cashier or viewer")
        ->required()
        ->check(CLI::IsMember({"owner", "cashier", "viewer"}));

    auto list = std::make_shared<std::string>();
    verb(*staff, "list", "a shop's staff accounts", chosen, [list](loyalty_engine* e) {
        char* out = nullptr;
        int status = loyalty_list_staff(e, list->c_str(), &out);
        return report(status, out);
    })->add_option("SHOP", *list, "the shop's id")->required();

    auto remove = std::make_shared<Args>();
    CLI::App* remove_cmd =
        verb(*staff, "remove", "remove a staff account and end its sessions", chosen, [remove](loyalty_engine* e) {
            int status = loyalty_remove_staff(e, remove->shop.c_str(), remove->username.c_str());
            return report(status, nullptr);
        });
    remove_cmd->add_option("SHOP", remove->shop, "the shop's id")->required();
    remove_cmd->add_option("USERNAME", remove->username, "the account")->required();

    auto reset = std::make_shared<Args>();
    CLI::App* reset_cmd = verb(*staff, "reset",
                               "set a new password (read from standard input), lift a lock and end its sessions",
                               chosen, [reset](loyalty_engine* e) {
                                   std::string request = "{\"username\": " + quote(reset->username) +
                                                         ", \"password\": " + quote(read_password()) + "}";
                                   return call_shop(loyalty_reset_staff_password, e, reset->shop, request);
                               });
    reset_cmd->add_option("SHOP", reset->shop, "the shop's id")->required();
    reset_cmd->add_option("USERNAME", reset->username, "the account")->required();
}

}  // namespace loyaltyctl
