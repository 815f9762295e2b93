// Per-instrument windows; see history.hpp.
#include "history.hpp"

#include <algorithm>

namespace tradehost::nn {

bool History::push(th_instrument id, const float* row) {
    Ring& r = rings_[id];
    if (r.values.empty()) r.values.resize(steps_ * width_);
    std::copy(row, row + width_, r.values.begin() + static_cast<std::ptrdiff_t>(r.next * width_));
    r.next = (r.next + 1) % steps_;
    r.count = std::min(r.count + 1, steps_);
    return r.count == steps_;
}

void History::window(th_instrument id, float* out) const { rows(id, out); }

size_t History::rows(th_instrument id, float* out) const {
    const Ring& r = rings_.at(id);
    // The oldest row is `count` slots behind `next` (when full, the one `next` will overwrite).
    const size_t start = (r.next + steps_ - r.count) % steps_;
    for (size_t t = 0; t < r.count; ++t) {
        const size_t slot = (start + t) % steps_;
        std::copy_n(r.values.begin() + static_cast<std::ptrdiff_t>(slot * width_), width_, out + t * width_);
    }
    return r.count;
}

std::vector<th_instrument> History::ids() const {
    std::vector<th_instrument> out;
    for (const auto& [id, ring] : rings_) out.push_back(id);
    return out;
}

}  // namespace tradehost::nn
