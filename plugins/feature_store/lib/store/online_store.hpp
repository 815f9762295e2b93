// The online store: the latest feature vector per key (instrument id), in memory, for a
// model to look up on its hot path. Instrument ids are small dense integers the host
// interns, so the store is a vector indexed by id: a lookup is one bounds check and one
// load, no hashing, no allocation (bench/model_bench measures its p99 beside an
// std::unordered_map).
#pragma once

#include <cstdint>
#include <cstring>
#include <vector>

namespace tradehost::store {

class OnlineStore {
public:
    explicit OnlineStore(uint32_t cols) : cols_(cols) {}

    uint32_t cols() const { return cols_; }
    /// Stores `values` (cols() floats) as `key`'s latest vector at `event_time`; an older
    /// event time than the one held is ignored (out-of-order delivery never goes back).
    void put(uint32_t key, int64_t event_time, const float* values) {
        if (key >= times_.size()) {
            times_.resize(key + 1, kEmpty);
            values_.resize(static_cast<size_t>(key + 1) * cols_);
        }
        if (times_[key] != kEmpty && event_time < times_[key]) return;
        times_[key] = event_time;
        std::memcpy(&values_[static_cast<size_t>(key) * cols_], values, cols_ * sizeof(float));
    }
    /// The latest vector of `key` (cols() floats, valid until the next put), or nullptr;
    /// `event_time` receives its time.
    const float* get(uint32_t key, int64_t* event_time = nullptr) const {
        if (key >= times_.size() || times_[key] == kEmpty) return nullptr;
        if (event_time) *event_time = times_[key];
        return &values_[static_cast<size_t>(key) * cols_];
    }
    size_t size() const {
        size_t n = 0;
        for (int64_t t : times_) n += t != kEmpty;
        return n;
    }

private:
    static constexpr int64_t kEmpty = INT64_MIN;
    uint32_t cols_;
    std::vector<int64_t> times_;
    std::vector<float> values_;
};

}  // namespace tradehost::store
