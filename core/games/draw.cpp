#include "games/draw.hpp"

#include "util/error.hpp"
#include "util/random.hpp"

namespace loyalty::core {

std::vector<Odds> winnable(const Game& game, const std::vector<PrizeCount>& counts) {
    int64_t points_today = 0;
    for (const auto& c : counts) points_today += c.points_today;
    std::vector<Odds> out;
    for (const auto& prize : game.prizes) {
        if (prize.weight <= 0) continue;
        PrizeCount count;
        for (const auto& c : counts)
            if (c.prize_id == prize.prize_id) count = c;
        if (prize.stock && count.won >= *prize.stock) continue;
        if (prize.daily_limit && count.won_today >= *prize.daily_limit) continue;
        if (game.points_per_day && prize.points > 0 && points_today + prize.points > *game.points_per_day) continue;
        out.push_back({prize.prize_id, prize.weight});
    }
    return out;
}

int64_t total_weight(const std::vector<Odds>& odds) {
    int64_t total = 0;
    for (const auto& o : odds) total += o.weight;  // the decoder bounds weights so the sum fits
    return total;
}

std::size_t prize_at(const std::vector<Odds>& odds, int64_t draw) {
    for (std::size_t i = 0; i < odds.size(); ++i) {
        if (draw < odds[i].weight) return i;
        draw -= odds[i].weight;
    }
    fail(Status::internal, "a draw past the odds' total weight");
}

Draw draw_prize(const std::vector<Odds>& odds) {
    int64_t total = total_weight(odds);
    if (total <= 0) fail(Status::internal, "a draw among no prizes");
    Draw d;
    d.number = static_cast<int64_t>(random_below(static_cast<uint64_t>(total)));
    d.index = prize_at(odds, d.number);
    return d;
}

std::string odds_text(const std::vector<Odds>& odds) {
    std::string out;
    for (const auto& o : odds) {
        if (!out.empty()) out += ',';
        out += o.prize_id + '=' + std::to_string(o.weight);
    }
    return out;
}

std::vector<Odds> odds_from_text(const std::string& text) {
    std::vector<Odds> out;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find(',', start);
        if (end == std::string::npos) end = text.size();
        std::string item = text.substr(start, end - start);
        std::size_t eq = item.rfind('=');
        if (eq == std::string::npos) fail(Status::internal, "a play's odds are not readable: " + text);
        out.push_back({item.substr(0, eq), std::stoll(item.substr(eq + 1))});
        start = end + 1;
    }
    return out;
}

}  // namespace loyalty::core
