// Moving averages: simple, exponential (seeded with the SMA of the first n values, as
// StockCharts and TA-Lib do) and linearly weighted.
#pragma once

#include "indicator.hpp"
#include "rolling.hpp"

namespace tradehost::features {

/// Simple moving average of the last n values; its sum is recomputed every n updates.
class SmaCalc {
public:
    explicit SmaCalc(size_t n) : ring_(n) {}
    void push(double x) {
        sum_ += x - ring_.push(x);
        if (ring_.full() && ring_.wrapped()) {
            double s = 0;
            for (size_t i = 0; i < ring_.size(); ++i) s += ring_.at(i);
            sum_ = s;
        }
    }
    bool ready() const { return ring_.full(); }
    double value() const { return sum_ / static_cast<double>(ring_.size()); }
    void io(StateIo& a) {
        ring_.io(a);
        a.num(sum_);
    }

private:
    Ring ring_;
    double sum_ = 0;
};

/// EMA with multiplier 2 / (n + 1); the first value is the mean of the first n inputs.
class EmaCalc {
public:
    explicit EmaCalc(size_t n) : n_(n), k_(2.0 / (static_cast<double>(n) + 1.0)) {}
    void push(double x) {
        if (count_ < n_) {
            sum_ += x;
            if (++count_ == n_) value_ = sum_ / static_cast<double>(n_);
            return;
        }
        value_ += (x - value_) * k_;
    }
    bool ready() const { return count_ == n_; }
    double value() const { return value_; }
    void io(StateIo& a) {
        a.num(count_, n_);
        a.num(sum_);
        a.num(value_);
    }

private:
    size_t n_;
    double k_;
    size_t count_ = 0;
    double sum_ = 0;
    double value_ = 0;
};

/// Weighted moving average, weights 1..n (newest n). Keeps sum(w*x) and sum(x): sliding by
/// one subtracts sum(x) from sum(w*x) and adds n*x_new. Recomputed every n updates.
class WmaCalc {
public:
    explicit WmaCalc(size_t n) : ring_(n), n_(static_cast<double>(n)) {}
    void push(double x) {
        if (!ring_.full()) {
            ring_.push(x);
            weighted_ += static_cast<double>(ring_.size()) * x;
            total_ += x;
        } else {
            weighted_ += n_ * x - total_;
            total_ += x - ring_.push(x);
        }
        if (ring_.full() && ring_.wrapped()) {
            weighted_ = total_ = 0;
            for (size_t i = 0; i < ring_.size(); ++i) {
                weighted_ += static_cast<double>(i + 1) * ring_.at(i);
                total_ += ring_.at(i);
            }
        }
    }
    bool ready() const { return ring_.full(); }
    double value() const { return weighted_ / (n_ * (n_ + 1.0) / 2.0); }
    void io(StateIo& a) {
        ring_.io(a);
        a.num(weighted_);
        a.num(total_);
    }

private:
    Ring ring_;
    double n_;
    double weighted_ = 0;
    double total_ = 0;
};

/// Wilder's smoothing: the first value is the mean of the first n inputs, then
/// avg = (avg * (n - 1) + x) / n.
class WilderAvg {
public:
    explicit WilderAvg(size_t n) : n_(n) {}
    void push(double x) {
        if (count_ < n_) {
            sum_ += x;
            if (++count_ == n_) value_ = sum_ / static_cast<double>(n_);
            return;
        }
        value_ = (value_ * (static_cast<double>(n_) - 1.0) + x) / static_cast<double>(n_);
    }
    bool ready() const { return count_ == n_; }
    double value() const { return value_; }
    void io(StateIo& a) {
        a.num(count_, n_);
        a.num(sum_);
        a.num(value_);
    }

private:
    size_t n_;
    size_t count_ = 0;
    double sum_ = 0;
    double value_ = 0;
};

/// One-column indicator over the close from one of the calculators above.
template <class Calc> class CloseAverage final : public Indicator {
public:
    explicit CloseAverage(size_t n) : calc_(n) {}
    void update(const Observation& o) override { calc_.push(o.close); }
    bool ready() const override { return calc_.ready(); }
    void write(double* out) const override { out[0] = calc_.value(); }
    size_t columns() const override { return 1; }
    void io(StateIo& a) override { calc_.io(a); }

private:
    Calc calc_;
};

}  // namespace tradehost::features
