// The rows of one timestamp across the universe, published as one th_features batch (split
// into parts when it does not fit one event) when a later timestamp arrives or on stop.
#pragma once

#include <tradehost/plugin.hpp>

#include <functional>
#include <unordered_map>
#include <vector>

namespace tradehost::features {

class Batch {
public:
    explicit Batch(size_t cols) : cols_(cols) {}

    th_time_ns ts() const { return ts_; }
    bool empty() const { return ids_.empty(); }
    /// Adds or replaces `id`'s row for timestamp `ts` (the caller flushes first when ts moves).
    void put(th_instrument id, th_time_ns ts, const float* row);
    /// Rows that fit one event with `cols` columns.
    static size_t rows_per_event(size_t cols);
    /// Calls `emit` with each part (instruments, values, rows, part, parts), then empties.
    void drain(const std::function<void(const th_instrument*, const float*, size_t, uint16_t, uint16_t)>& emit);

private:
    size_t cols_;
    th_time_ns ts_ = 0;
    std::vector<th_instrument> ids_;
    std::vector<float> values_;
    std::unordered_map<th_instrument, size_t> index_;
};

}  // namespace tradehost::features
