#include "rewards.hpp"

#include "commands.hpp"
#include "json_text.hpp"

namespace loyaltyctl {

int group(loyalty_engine* e, const std::string& verb, const Words& w) {
    if (verb != "set") throw UsageError{"unknown group command " + verb};
    std::string request;
    // --clear sends "group": null, which hands the member's group back to the platform.
    if (w.flag("--clear")) {
        w.expect(2, {"--clear"});
        request = "{\"member_id\": " + quote(w.at(1)) + ", \"group\": null}";
    } else {
        w.expect(3, {});
        request = "{\"member_id\": " + quote(w.at(1)) + ", \"group\": " + quote(w.at(2)) + "}";
    }
    char* out = nullptr;
    int status = loyalty_set_group(e, w.at(0).c_str(), request.c_str(), &out);
    return report(status, out);
}

int grant(loyalty_engine* e, const std::string& verb, const Words& w) {
    if (verb == "use") return with_document(e, w, loyalty_use_grant);
    if (verb == "void") return with_document(e, w, loyalty_void_grant);
    if (verb != "list") throw UsageError{"unknown grant command " + verb};
    w.expect(1, {"--member-id", "--status", "--code", "--limit", "--after"});
    std::string fields;
    auto add = [&](const char* name, const std::string& value) {
        fields += (fields.empty() ? "" : ", ") + quote(name) + ": " + value;
    };
    if (auto id = w.flag("--member-id")) add("member_id", quote(*id));
    if (auto status = w.flag("--status")) add("status", quote(*status));
    if (auto code = w.flag("--code")) add("code", quote(*code));
    if (auto limit = w.flag("--limit")) add("limit", std::to_string(parse_int("--limit", *limit)));
    if (auto after = w.flag("--after")) add("after", std::to_string(parse_int("--after", *after)));
    std::string query = "{" + fields + "}";
    char* out = nullptr;
    int status = loyalty_list_grants(e, w.at(0).c_str(), query.c_str(), &out);
    return report(status, out);
}

int period(loyalty_engine* e, const std::string& verb, const Words& w) {
    if (verb != "settle") throw UsageError{"unknown period command " + verb};
    w.expect(2, {"--program", "--at"});
    std::string request = "{\"period\": " + quote(w.at(1));
    if (auto program = w.flag("--program")) request += ", \"program_id\": " + quote(*program);
    if (auto at = w.flag("--at")) request += ", \"at\": " + quote(*at);
    request += "}";
    char* out = nullptr;
    int status = loyalty_settle_period(e, w.at(0).c_str(), request.c_str(), &out);
    return report(status, out);
}

int leaderboard(loyalty_engine* e, const Words& w) {
    w.expect(2, {"--at", "--limit"});
    std::string request = "{\"program_id\": " + quote(w.at(1));
    if (auto at = w.flag("--at")) request += ", \"at\": " + quote(*at);
    if (auto limit = w.flag("--limit")) request += ", \"limit\": " + std::to_string(parse_int("--limit", *limit));
    request += "}";
    char* out = nullptr;
    int status = loyalty_leaderboard(e, w.at(0).c_str(), request.c_str(), &out);
    return report(status, out);
}

}  // namespace loyaltyctl
