#include "returns.hpp"

namespace tradehost::cvar_sizer {

namespace {
int64_t floor_div(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }
}  // namespace

bool ReturnSeries::observe(th_time_ns ts, double px) {
    if (!(px > 0)) return false;
    const int64_t b = floor_div(ts, interval_);
    if (!open_) {
        open_ = true;
        open_bucket_ = b;
        open_px_ = px;
        return false;
    }
    if (b < open_bucket_) return false;
    if (b == open_bucket_) {
        open_px_ = px;
        return false;
    }
    // The open bucket closes at its last price.
    bool recorded = false;
    if (closed_px_ > 0) {
        returns_.emplace_back(open_bucket_, open_px_ / closed_px_ - 1.0);
        while (returns_.size() > window_) returns_.pop_front();
        recorded = true;
    }
    closed_px_ = open_px_;
    open_bucket_ = b;
    open_px_ = px;
    return recorded;
}

}  // namespace tradehost::cvar_sizer
