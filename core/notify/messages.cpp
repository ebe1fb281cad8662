#include "notify/messages.hpp"

#include <algorithm>

#include "domain/notifications.hpp"
#include "platform_writes.hpp"
#include "util/timestamp.hpp"
#include "util/zone.hpp"

namespace loyalty::core {
namespace {

const std::string* value_of(const MessageVars& vars, std::string_view name) {
    for (const auto& [k, v] : vars)
        if (k == name) return &v;
    return nullptr;
}

void add_default(MessageVars& vars, std::string name, std::string value) {
    if (!value_of(vars, name)) vars.emplace_back(std::move(name), std::move(value));
}

int64_t local_seconds(const Zone& zone, int64_t t) { return t + zone.offset_at(t); }

std::string json_object(const std::vector<std::pair<std::string, std::string>>& pairs) {
    std::string out = "{";
    for (const auto& [k, v] : pairs) out += (out.size() > 1 ? "," : "") + json_string(k) + ":" + json_string(v);
    return out + "}";
}

}  // namespace

std::string fill_placeholders(std::string_view text,
                              const std::function<std::optional<std::string>(std::string_view)>& value) {
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t open = text.find('{', i);
        std::size_t close = open == std::string_view::npos ? open : text.find_first_of("{}", open + 1);
        if (close == std::string_view::npos) break;
        if (text[close] == '{') {  // a brace that opens no placeholder, as in a JSON body's own
            out.append(text.substr(i, close - i));
            i = close;
            continue;
        }
        out.append(text.substr(i, open - i));
        std::optional<std::string> v = value(text.substr(open + 1, close - open - 1));
        out.append(v ? std::string_view(*v) : text.substr(open, close - open + 1));
        i = close + 1;
    }
    out.append(text.substr(std::min(i, text.size())));
    return out;
}

std::string render_message(std::string_view text, const MessageVars& vars) {
    return fill_placeholders(text, [&](std::string_view name) -> std::optional<std::string> {
        const std::string* v = value_of(vars, name);
        return v ? std::optional<std::string>(*v) : std::nullopt;
    });
}

std::vector<std::string> placeholders_in(std::string_view text) {
    std::vector<std::string> out;
    for (std::size_t open = text.find('{'); open != std::string_view::npos; open = text.find('{', open + 1)) {
        std::size_t close = text.find_first_of("{}", open + 1);
        if (close == std::string_view::npos) break;
        if (text[close] == '}') out.emplace_back(text.substr(open + 1, close - open - 1));
    }
    return out;
}

std::string format_points(int64_t points) {
    uint64_t magnitude = points < 0 ? 0 - static_cast<uint64_t>(points) : static_cast<uint64_t>(points);
    std::string digits = std::to_string(magnitude);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += '.';
        out += digits[i];
    }
    return points < 0 ? "-" + out : out;
}

std::string format_date(int64_t t, const Zone& zone) {
    CivilDate d = civil_from_days(floor_div(local_seconds(zone, t), seconds_per_day));
    auto two = [](unsigned n) { return (n < 10 ? "0" : "") + std::to_string(n); };
    return two(d.day) + "/" + two(d.month) + "/" + std::to_string(d.year);
}

std::string message_sequence(const std::string& member_id) { return "message " + member_id; }

MessageOutcome enqueue_message(Transaction& tx, const ShopProgram& program, const Member& member,
                               const MessageRule& rule, MessageVars vars, const MessageJob& job, int64_t now) {
    const Notifications& n = program.notifications;
    auto contact = tx.member_contact(program.shop_id, member.member_id);
    if (contact && contact->opted_out) return MessageOutcome::opted_out;
    if (member.phone.empty()) return MessageOutcome::no_phone;
    const std::string sequence = message_sequence(member.member_id);
    const Zone& zone = *program.zone;
    int64_t day_start = zone.to_utc(floor_div(local_seconds(zone, now), seconds_per_day) * seconds_per_day);
    if (tx.count_messages_since(program.shop_id, sequence, day_start) >= n.max_per_member_per_day)
        return MessageOutcome::over_daily_limit;

    add_default(vars, "shop", program.name.empty() ? program.shop_id : program.name);
    add_default(vars, "name", member.name);
    add_default(vars, "balance", format_points(member.balances.available));
    add_default(vars, "tier", member.tier.name);
    std::string payload = "{\"channel\":" + json_string(rule.channel) + ",\"member_id\":" +
                          json_string(member.member_id) + ",\"phone\":" + json_string(member.phone);
    if (rule.channel == channel_sms) {
        payload += ",\"text\":" + json_string(render_message(rule.text, vars));
    } else {
        std::vector<std::pair<std::string, std::string>> params;
        for (const auto& [k, v] : rule.params) params.emplace_back(k, render_message(v, vars));
        payload += ",\"template_id\":" + json_string(rule.template_id) + ",\"params\":" + json_object(params);
    }
    payload += "}";

    NewJob j;
    j.shop_id = program.shop_id;
    j.platform = rule.channel;
    j.kind = job.kind;
    j.dedup_key = job.dedup_key;
    j.payload = payload;
    j.sequence_key = sequence;
    j.event_id = job.event_id;
    j.due_at = job.due_at;
    return tx.enqueue_job(j, now) ? MessageOutcome::queued : MessageOutcome::already;
}

void enqueue_event_messages(Transaction& tx, const ShopProgram& program, const std::string& member_id,
                            std::string_view type, int64_t event_id, const MessageVars& vars, int64_t now) {
    std::optional<Member> member;
    const auto& rules = program.notifications.messages;
    for (std::size_t i = 0; i < rules.size(); ++i) {
        if (rules[i].event != type) continue;
        if (!member) member = tx.member(program.shop_id, member_id);
        if (!member) return;
        MessageJob job{std::string(type), "message:" + std::to_string(event_id) + ":" + std::to_string(i), event_id,
                       std::nullopt};
        enqueue_message(tx, program, *member, rules[i], vars, job, now);
    }
}

std::optional<int64_t> quiet_until(const ShopProgram& program, int64_t now) {
    const QuietHours& q = program.notifications.quiet_hours;
    if (q.from == q.to) return std::nullopt;
    const Zone& zone = *program.zone;
    int64_t local = local_seconds(zone, now);
    int64_t midnight = floor_div(local, seconds_per_day) * seconds_per_day;
    int64_t minute = (local - midnight) / 60;
    bool quiet = q.from < q.to ? minute >= q.from && minute < q.to : minute >= q.from || minute < q.to;
    if (!quiet) return std::nullopt;
    int64_t end = midnight + int64_t{q.to} * 60;
    if (minute >= q.to) end += seconds_per_day;  // past midnight's side: the end is tomorrow morning
    return zone.to_utc(end);
}

}  // namespace loyalty::core
