// The last `slow` prices of one instrument in a fixed ring, with running sums of the last
// `fast` and the last `slow` prices: O(1) per price, no allocation after construction.
#pragma once

#include <tradehost/plugin.h>

#include <cstddef>
#include <vector>

namespace tradehost::sma_cross {

__extension__ typedef __int128 i128;

class PriceWindow {
public:
    PriceWindow(size_t fast, size_t slow) : fast_(fast), slow_(slow), buf_(slow, 0) {}

    void push(th_fixed px) {
        if (count_ >= fast_) fast_sum_ -= buf_[(head_ + slow_ - fast_) % slow_];  // leaves the fast window
        if (count_ == slow_) slow_sum_ -= buf_[head_];                          // leaves the slow window
        buf_[head_] = px;
        fast_sum_ += px;
        slow_sum_ += px;
        head_ = (head_ + 1) % slow_;
        if (count_ < slow_) ++count_;
    }

    /// Both windows hold enough prices for their averages.
    bool full() const { return count_ == slow_; }

    /// Sign of fast SMA - slow SMA, exactly: compares fast_sum*slow with slow_sum*fast.
    int sign() const {
        const i128 l = fast_sum_ * static_cast<i128>(slow_);
        const i128 r = slow_sum_ * static_cast<i128>(fast_);
        return l > r ? 1 : (l < r ? -1 : 0);
    }

    /// Prices held, oldest first.
    size_t size() const { return count_; }
    th_fixed at(size_t i) const { return buf_[(head_ + slow_ - count_ + i) % slow_]; }

    /// The averages, for logs.
    th_fixed fast_sma() const { return count_ >= fast_ ? static_cast<th_fixed>(fast_sum_ / static_cast<i128>(fast_)) : 0; }
    th_fixed slow_sma() const { return full() ? static_cast<th_fixed>(slow_sum_ / static_cast<i128>(slow_)) : 0; }

private:
    size_t fast_;
    size_t slow_;
    std::vector<th_fixed> buf_;
    size_t head_ = 0;   ///< where the next price goes
    size_t count_ = 0;  ///< prices held, up to slow_
    i128 fast_sum_ = 0;
    i128 slow_sum_ = 0;
};

}  // namespace tradehost::sma_cross
