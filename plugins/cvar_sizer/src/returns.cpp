#include "returns.hpp"

#include <tradehost/blob.hpp>

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

void ReturnSeries::write(BlobWriter& w) const {
    w.boolean(open_);
    w.i64(open_bucket_);
    w.f64(open_px_);
    w.f64(closed_px_);
    w.u32(static_cast<uint32_t>(returns_.size()));
    for (const auto& [b, r] : returns_) {
        w.i64(b);
        w.f64(r);
    }
}

void ReturnSeries::read(BlobReader& r) {
    open_ = r.boolean();
    open_bucket_ = r.i64();
    open_px_ = r.f64();
    closed_px_ = r.f64();
    returns_.clear();
    for (uint32_t n = r.u32(); n > 0; --n) {
        const int64_t b = r.i64();
        returns_.emplace_back(b, r.f64());
    }
    while (returns_.size() > window_) returns_.pop_front();
}

}  // namespace tradehost::cvar_sizer
