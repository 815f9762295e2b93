// Pacing for source plugins: how many events to release per timer tick. Part of the SDK
// (header-only) so every feed paces the same way.
//
// rate > 0: the timer period is 1/rate (at least 1 ms); each tick releases the events due
// since the last one, so e.g. 2500/s becomes 2, 3, 2, 3, ... per 1 ms tick.
// rate == 0 (as fast as possible): a 100 us period and `batch` events per tick, which keeps
// the executor responsive to other instances between batches.
#pragma once

#include <cmath>
#include <cstdint>

namespace tradehost {

class Pacer {
public:
    static constexpr int64_t kFastPeriodNs = 100000;  // 100 us
    static constexpr int64_t kMinPeriodNs = 1000000;  // 1 ms

    Pacer(double rate, int64_t batch) : rate_(rate), batch_(batch) {
        if (rate_ > 0) {
            const double period = 1e9 / rate_;
            if (period >= static_cast<double>(kMinPeriodNs)) {
                period_ns_ = static_cast<int64_t>(std::llround(period));
                per_tick_ = 1.0;
            } else {
                period_ns_ = kMinPeriodNs;
                per_tick_ = rate_ * static_cast<double>(kMinPeriodNs) / 1e9;
            }
        } else {
            period_ns_ = kFastPeriodNs;
        }
    }

    int64_t period_ns() const { return period_ns_; }

    /// Events to release on this tick.
    uint64_t on_tick() {
        if (rate_ <= 0) return static_cast<uint64_t>(batch_);
        ++ticks_;
        const uint64_t target = static_cast<uint64_t>(std::floor(static_cast<double>(ticks_) * per_tick_));
        const uint64_t n = target - released_;
        released_ = target;
        return n;
    }

private:
    double rate_;
    int64_t batch_;
    int64_t period_ns_ = kFastPeriodNs;
    double per_tick_ = 1.0;
    uint64_t ticks_ = 0;
    uint64_t released_ = 0;
};

}  // namespace tradehost
