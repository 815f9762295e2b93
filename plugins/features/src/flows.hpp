// Volume, return and clock features: OBV (Granville), session VWAP, the return over n
// observations, and the time of day as a point on the unit circle.
#pragma once

#include "indicator.hpp"
#include "rolling.hpp"

#include <cmath>

namespace tradehost::features {

/// On-balance volume: + volume on a higher close, - on a lower one, unchanged on an equal
/// one; 0 at the first observation.
class Obv final : public Indicator {
public:
    void update(const Observation& o) override {
        if (seen_) obv_ += o.close > prev_ ? o.volume : (o.close < prev_ ? -o.volume : 0.0);
        prev_ = o.close;
        seen_ = true;
    }
    bool ready() const override { return seen_; }
    void write(double* out) const override { out[0] = obv_; }
    size_t columns() const override { return 1; }
    void io(StateIo& a) override {
        a.num(obv_);
        a.num(prev_);
        a.num(seen_);
    }

private:
    double obv_ = 0;
    double prev_ = 0;
    bool seen_ = false;
};

/// Volume-weighted average of the typical price (H+L+C)/3 since the start of the UTC day
/// (a session resets at midnight UTC). Undefined until some volume traded in the session.
class Vwap final : public Indicator {
public:
    void update(const Observation& o) override {
        const int64_t day = o.ts / kDayNs;
        if (day != day_) {
            day_ = day;
            pv_ = vol_ = 0;
        }
        pv_ += (o.high + o.low + o.close) / 3.0 * o.volume;
        vol_ += o.volume;
    }
    bool ready() const override { return vol_ > 0; }
    void write(double* out) const override { out[0] = pv_ / vol_; }
    size_t columns() const override { return 1; }
    void io(StateIo& a) override {
        a.num(day_);
        a.num(pv_);
        a.num(vol_);
    }

private:
    static constexpr int64_t kDayNs = 86400LL * 1000000000LL;
    int64_t day_ = -1;
    double pv_ = 0;
    double vol_ = 0;
};

/// close / close n observations ago - 1.
class Return final : public Indicator {
public:
    explicit Return(size_t n) : ring_(n + 1) {}
    void update(const Observation& o) override { ring_.push(o.close); }
    bool ready() const override { return ring_.full() && ring_.at(0) != 0; }
    void write(double* out) const override { out[0] = ring_.at(ring_.size() - 1) / ring_.at(0) - 1.0; }
    size_t columns() const override { return 1; }
    void io(StateIo& a) override { ring_.io(a); }

private:
    Ring ring_;
};

/// sin and cos of 2 pi * minute of the UTC day / 1440: midnight and 23:59 are neighbours.
class TimeOfDay final : public Indicator {
public:
    void update(const Observation& o) override {
        const int64_t minute = (o.ts / 60000000000LL) % 1440;
        const double angle = 2.0 * M_PI * static_cast<double>(minute) / 1440.0;
        sin_ = std::sin(angle);
        cos_ = std::cos(angle);
        seen_ = true;
    }
    bool ready() const override { return seen_; }
    void write(double* out) const override {
        out[0] = sin_;
        out[1] = cos_;
    }
    size_t columns() const override { return 2; }
    void io(StateIo& a) override {
        a.num(sin_);
        a.num(cos_);
        a.num(seen_);
    }

private:
    double sin_ = 0;
    double cos_ = 0;
    bool seen_ = false;
};

}  // namespace tradehost::features
