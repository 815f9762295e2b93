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

void History::window(th_instrument id, float* out) const {
    const Ring& r = rings_.at(id);
    // When full, the oldest row is the one `next` will overwrite.
    for (size_t t = 0; t < steps_; ++t) {
        const size_t slot = (r.next + t) % steps_;
        std::copy_n(r.values.begin() + static_cast<std::ptrdiff_t>(slot * width_), width_, out + t * width_);
    }
}

}  // namespace tradehost::nn
