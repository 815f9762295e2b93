// Fixed-size windows with O(1) updates: a ring of the last n values, its running mean and
// variance, and running extremes. No allocation after construction.
#pragma once

#include "state_io.hpp"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace tradehost::features {

/// The last `n` values, oldest first.
class Ring {
public:
    explicit Ring(size_t n) : buf_(n, 0.0) {}
    size_t capacity() const { return buf_.size(); }
    size_t size() const { return count_; }
    bool full() const { return count_ == buf_.size(); }
    /// Adds `x`; returns the value that left the window (0 while it was filling).
    double push(double x) {
        const double out = full() ? buf_[head_] : 0.0;
        buf_[head_] = x;
        head_ = (head_ + 1) % buf_.size();
        if (count_ < buf_.size()) ++count_;
        return out;
    }
    /// i-th value held, 0 = oldest.
    double at(size_t i) const { return buf_[(head_ + buf_.size() - count_ + i) % buf_.size()]; }
    /// True right after the write position wrapped: a moment to recompute running sums.
    bool wrapped() const { return head_ == 0; }
    void io(StateIo& a) {
        a.vec(buf_);
        a.num(head_, buf_.size() - 1);
        a.num(count_, buf_.size());
    }

private:
    std::vector<double> buf_;
    size_t head_ = 0;
    size_t count_ = 0;
};

/// Mean and variance of the last n values. The sliding update (Welford's, with the leaving
/// value taken out) is exact in real arithmetic; every n updates the sums are recomputed
/// from the window so that rounding cannot accumulate over a long session (O(1) amortized).
class RollingStats {
public:
    explicit RollingStats(size_t n) : ring_(n) {}
    void push(double x) {
        if (!ring_.full()) {
            ring_.push(x);
            const double d = x - mean_;
            mean_ += d / static_cast<double>(ring_.size());
            m2_ += d * (x - mean_);
        } else {
            const double old = ring_.push(x);
            const double prev = mean_;
            mean_ += (x - old) / static_cast<double>(ring_.size());
            m2_ += (x - old) * (x - mean_ + old - prev);
        }
        if (ring_.full() && ring_.wrapped()) recompute();
    }
    bool full() const { return ring_.full(); }
    double mean() const { return mean_; }
    /// Population variance (divides by n).
    double var_pop() const { return m2_ > 0 ? m2_ / static_cast<double>(ring_.size()) : 0.0; }
    /// Sample variance (divides by n - 1).
    double var_sample() const { return m2_ > 0 && ring_.size() > 1 ? m2_ / static_cast<double>(ring_.size() - 1) : 0.0; }
    const Ring& ring() const { return ring_; }
    void io(StateIo& a) {
        ring_.io(a);
        a.num(mean_);
        a.num(m2_);
    }

private:
    void recompute() {
        double s = 0;
        for (size_t i = 0; i < ring_.size(); ++i) s += ring_.at(i);
        mean_ = s / static_cast<double>(ring_.size());
        double m2 = 0;
        for (size_t i = 0; i < ring_.size(); ++i) m2 += (ring_.at(i) - mean_) * (ring_.at(i) - mean_);
        m2_ = m2;
    }
    Ring ring_;
    double mean_ = 0;
    double m2_ = 0;
};

/// Largest (Max = true) or smallest value of the last n, by a monotonic queue of
/// (sequence, value) in a fixed ring: amortized O(1) per update.
template <bool Max> class RollingExtreme {
public:
    explicit RollingExtreme(size_t n) : n_(n), seq_(n), val_(n) {}
    void push(double x) {
        while (size_ > 0 && (Max ? val_[back()] <= x : val_[back()] >= x)) --size_;
        if (size_ > 0 && seq_[front_] + n_ <= next_) pop_front();
        const size_t at = (front_ + size_) % n_;
        seq_[at] = next_;
        val_[at] = x;
        ++size_;
        ++next_;
        if (seq_[front_] + n_ < next_) pop_front();
    }
    bool full() const { return next_ >= n_; }
    double value() const { return val_[front_]; }
    void io(StateIo& a) {
        a.vec(seq_);
        a.vec(val_);
        a.num(front_, n_ - 1);
        a.num(size_, n_);
        a.num(next_);
    }

private:
    size_t back() const { return (front_ + size_ - 1) % n_; }
    void pop_front() {
        front_ = (front_ + 1) % n_;
        --size_;
    }
    size_t n_;
    std::vector<uint64_t> seq_;
    std::vector<double> val_;
    size_t front_ = 0;
    size_t size_ = 0;
    uint64_t next_ = 0;  ///< sequence number of the next value
};

}  // namespace tradehost::features
