// Collecting and splitting a timestamp's batch; see batch.hpp.
#include "batch.hpp"

#include <algorithm>

namespace tradehost::features {

void Batch::put(th_instrument id, th_time_ns ts, const float* row) {
    ts_ = ts;
    auto [it, fresh] = index_.emplace(id, ids_.size());
    if (fresh) {
        ids_.push_back(id);
        values_.insert(values_.end(), row, row + cols_);
    } else {
        std::copy(row, row + cols_, values_.begin() + static_cast<std::ptrdiff_t>(it->second * cols_));
    }
}

size_t Batch::rows_per_event(size_t cols) {
    return (TH_EVENT_MAX_SIZE - sizeof(th_features)) / (sizeof(th_instrument) + cols * sizeof(float));
}

void Batch::drain(const std::function<void(const th_instrument*, const float*, size_t, uint16_t, uint16_t)>& emit) {
    const size_t per = std::min<size_t>(rows_per_event(cols_), UINT16_MAX);
    const size_t parts = (ids_.size() + per - 1) / per;
    for (size_t p = 0; p < parts; ++p) {
        const size_t first = p * per;
        const size_t n = std::min(per, ids_.size() - first);
        emit(ids_.data() + first, values_.data() + first * cols_, n, static_cast<uint16_t>(p),
             static_cast<uint16_t>(parts));
    }
    ids_.clear();
    values_.clear();
    index_.clear();
}

}  // namespace tradehost::features
