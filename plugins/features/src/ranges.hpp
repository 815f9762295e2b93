// Range and dispersion indicators: Bollinger bands, ATR and ADX (Wilder), the rolling
// z-score and the volatility of log returns.
#pragma once

#include "averages.hpp"

#include <algorithm>
#include <cmath>

namespace tradehost::features {

/// Bollinger: middle SMA(n), bands at +- k population standard deviations, and %b, where the
/// close sits between the bands (0 lower, 1 upper; 0.5 when the bands touch).
class Bollinger final : public Indicator {
public:
    Bollinger(size_t n, double k) : stats_(n), k_(k) {}
    void update(const Observation& o) override {
        stats_.push(o.close);
        close_ = o.close;
    }
    bool ready() const override { return stats_.full(); }
    void write(double* out) const override {
        const double mid = stats_.mean();
        const double sd = std::sqrt(stats_.var_pop());
        out[0] = mid;
        out[1] = mid + k_ * sd;
        out[2] = mid - k_ * sd;
        out[3] = sd > 0 ? (close_ - out[2]) / (out[1] - out[2]) : 0.5;
    }
    size_t columns() const override { return 4; }
    void io(StateIo& a) override {
        stats_.io(a);
        a.num(close_);
    }

private:
    RollingStats stats_;
    double k_;
    double close_ = 0;
};

/// True range; the first bar, without a previous close, is high - low.
class TrueRange {
public:
    double push(const Observation& o) {
        double tr = o.high - o.low;
        if (has_prev_) tr = std::max({tr, std::fabs(o.high - prev_close_), std::fabs(o.low - prev_close_)});
        prev_close_ = o.close;
        has_prev_ = true;
        return tr;
    }
    bool has_prev() const { return has_prev_; }
    void io(StateIo& a) {
        a.num(prev_close_);
        a.num(has_prev_);
    }

private:
    double prev_close_ = 0;
    bool has_prev_ = false;
};

/// ATR: Wilder average of the true range; the first is the mean of the first n ranges.
class Atr final : public Indicator {
public:
    explicit Atr(size_t n) : avg_(n) {}
    void update(const Observation& o) override { avg_.push(tr_.push(o)); }
    bool ready() const override { return avg_.ready(); }
    void write(double* out) const override { out[0] = avg_.value(); }
    size_t columns() const override { return 1; }
    void io(StateIo& a) override {
        tr_.io(a);
        avg_.io(a);
    }

private:
    TrueRange tr_;
    WilderAvg avg_;
};

/// ADX with +DI and -DI (Wilder): from the second bar, +DM/-DM and TR enter Wilder running
/// sums (first: the sum of n values; then S - S/n + x); DX = 100 |+DI - -DI| / (+DI + -DI);
/// ADX = Wilder average of DX. Defined after 2n bars.
class Adx final : public Indicator {
public:
    explicit Adx(size_t n) : n_(n), adx_(n) {}
    void update(const Observation& o) override {
        const bool second = tr_.has_prev();
        const double tr = tr_.push(o);
        if (second) {
            const double up = o.high - prev_high_;
            const double down = prev_low_ - o.low;
            accumulate(tr, up > down && up > 0 ? up : 0.0, down > up && down > 0 ? down : 0.0);
        }
        prev_high_ = o.high;
        prev_low_ = o.low;
    }
    bool ready() const override { return adx_.ready(); }
    void write(double* out) const override {
        out[0] = adx_.value();
        out[1] = pdi_;
        out[2] = mdi_;
    }
    size_t columns() const override { return 3; }
    void io(StateIo& a) override {
        tr_.io(a);
        adx_.io(a);
        for (double* v : {&prev_high_, &prev_low_, &str_, &spdm_, &smdm_, &pdi_, &mdi_}) a.num(*v);
        a.num(count_, n_);
    }

private:
    void accumulate(double tr, double pdm, double mdm) {
        const double n = static_cast<double>(n_);
        if (count_ < n_) {
            str_ += tr;
            spdm_ += pdm;
            smdm_ += mdm;
            if (++count_ < n_) return;
        } else {
            str_ = str_ - str_ / n + tr;
            spdm_ = spdm_ - spdm_ / n + pdm;
            smdm_ = smdm_ - smdm_ / n + mdm;
        }
        pdi_ = str_ > 0 ? 100.0 * spdm_ / str_ : 0.0;
        mdi_ = str_ > 0 ? 100.0 * smdm_ / str_ : 0.0;
        const double sum = pdi_ + mdi_;
        adx_.push(sum > 0 ? 100.0 * std::fabs(pdi_ - mdi_) / sum : 0.0);
    }
    size_t n_;
    TrueRange tr_;
    WilderAvg adx_;
    double prev_high_ = 0;
    double prev_low_ = 0;
    size_t count_ = 0;
    double str_ = 0;
    double spdm_ = 0;
    double smdm_ = 0;
    double pdi_ = 0;
    double mdi_ = 0;
};

/// (close - mean) / sample standard deviation of the last n closes (the current included);
/// 0 when the window is flat.
class ZScore final : public Indicator {
public:
    explicit ZScore(size_t n) : stats_(n) {}
    void update(const Observation& o) override {
        stats_.push(o.close);
        close_ = o.close;
    }
    bool ready() const override { return stats_.full(); }
    void write(double* out) const override {
        const double sd = std::sqrt(stats_.var_sample());
        out[0] = sd > 0 ? (close_ - stats_.mean()) / sd : 0.0;
    }
    size_t columns() const override { return 1; }
    void io(StateIo& a) override {
        stats_.io(a);
        a.num(close_);
    }

private:
    RollingStats stats_;
    double close_ = 0;
};

/// Sample standard deviation of the last n log returns ln(close / previous close); not
/// annualized (the bar interval is the caller's). Defined after n + 1 closes.
class LogReturnVolatility final : public Indicator {
public:
    explicit LogReturnVolatility(size_t n) : stats_(n) {}
    void update(const Observation& o) override {
        if (prev_ > 0 && o.close > 0) stats_.push(std::log(o.close / prev_));
        prev_ = o.close;
    }
    bool ready() const override { return stats_.full(); }
    void write(double* out) const override { out[0] = std::sqrt(stats_.var_sample()); }
    size_t columns() const override { return 1; }
    void io(StateIo& a) override {
        stats_.io(a);
        a.num(prev_);
    }

private:
    RollingStats stats_;
    double prev_ = 0;
};

}  // namespace tradehost::features
