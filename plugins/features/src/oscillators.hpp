// Momentum oscillators: RSI (Wilder), MACD (Appel) and the stochastic (Lane).
#pragma once

#include "averages.hpp"

namespace tradehost::features {

/// RSI: Wilder averages of gains and losses over n closes-to-close changes. A flat close
/// is neither. Defined after n + 1 closes. All losses 0 gives 100.
class Rsi final : public Indicator {
public:
    explicit Rsi(size_t n) : gain_(n), loss_(n) {}
    void update(const Observation& o) override {
        if (has_prev_) {
            const double d = o.close - prev_;
            gain_.push(d > 0 ? d : 0.0);
            loss_.push(d < 0 ? -d : 0.0);
        }
        prev_ = o.close;
        has_prev_ = true;
    }
    bool ready() const override { return gain_.ready(); }
    void write(double* out) const override {
        out[0] = loss_.value() == 0 ? 100.0 : 100.0 - 100.0 / (1.0 + gain_.value() / loss_.value());
    }
    size_t columns() const override { return 1; }
    void io(StateIo& a) override {
        gain_.io(a);
        loss_.io(a);
        a.num(prev_);
        a.num(has_prev_);
    }

private:
    WilderAvg gain_;
    WilderAvg loss_;
    double prev_ = 0;
    bool has_prev_ = false;
};

/// MACD line EMA(fast) - EMA(slow), its signal line EMA(signal) of the MACD values, and
/// the histogram line - signal. The three columns appear together, after slow + signal - 1
/// closes.
class Macd final : public Indicator {
public:
    Macd(size_t fast, size_t slow, size_t signal) : fast_(fast), slow_(slow), signal_(signal) {}
    void update(const Observation& o) override {
        fast_.push(o.close);
        slow_.push(o.close);
        if (!slow_.ready()) return;
        line_ = fast_.value() - slow_.value();
        signal_.push(line_);
    }
    bool ready() const override { return signal_.ready(); }
    void write(double* out) const override {
        out[0] = line_;
        out[1] = signal_.value();
        out[2] = line_ - signal_.value();
    }
    size_t columns() const override { return 3; }
    void io(StateIo& a) override {
        fast_.io(a);
        slow_.io(a);
        signal_.io(a);
        a.num(line_);
    }

private:
    EmaCalc fast_;
    EmaCalc slow_;
    EmaCalc signal_;
    double line_ = 0;
};

/// Fast stochastic: %K = 100 (close - lowest low) / (highest high - lowest low) over k bars,
/// %D = SMA(d) of %K. A range of 0 gives %K 50 (the close is the whole range).
class Stochastic final : public Indicator {
public:
    Stochastic(size_t k, size_t d) : high_(k), low_(k), d_(d) {}
    void update(const Observation& o) override {
        high_.push(o.high);
        low_.push(o.low);
        if (!high_.full()) return;
        const double range = high_.value() - low_.value();
        k_ = range > 0 ? 100.0 * (o.close - low_.value()) / range : 50.0;
        d_.push(k_);
    }
    bool ready() const override { return d_.ready(); }
    void write(double* out) const override {
        out[0] = k_;
        out[1] = d_.value();
    }
    size_t columns() const override { return 2; }
    void io(StateIo& a) override {
        high_.io(a);
        low_.io(a);
        d_.io(a);
        a.num(k_);
    }

private:
    RollingExtreme<true> high_;
    RollingExtreme<false> low_;
    SmaCalc d_;
    double k_ = 0;
};

}  // namespace tradehost::features
