#include "program/volume.hpp"

#include "program/eligibility.hpp"
#include "util/arithmetic.hpp"

namespace loyalty::core {

int64_t counted_units(const VolumeProgram& v, const std::string& sku, const std::string& category, int64_t quantity,
                      int64_t spend, int64_t locked_amount) {
    if (quantity <= 0 || !names_line(v.skus, v.categories, sku, category)) return 0;
    if (spend >= locked_amount) return quantity;
    if (spend <= 0 || locked_amount <= 0) return 0;
    return scaled(quantity, spend, locked_amount);
}

int64_t basket_units(const VolumeProgram& v, const std::vector<OrderLine>& lines) {
    int64_t units = 0;
    for (const auto& l : lines) units += counted_units(v, l.sku, l.category, l.quantity, 1, 1);
    return units;
}

int64_t times_earned(const VolumeProgram& v, int64_t units) {
    if (v.units <= 0 || units < v.units) return 0;
    return v.repeat ? units / v.units : 1;
}

std::optional<int64_t> next_volume_threshold(const VolumeProgram& v, int64_t units) {
    int64_t times = times_earned(v, units);
    if (times > 0 && !v.repeat) return std::nullopt;
    return (times + 1) * v.units;
}

}  // namespace loyalty::core
