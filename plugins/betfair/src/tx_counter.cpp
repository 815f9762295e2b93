// betfair: the hourly transaction counter (see tx_counter.hpp).
#include "tx_counter.hpp"

#include <cstdio>

namespace tradehost::betfair {

void TransactionCounter::add(uint32_t n, int64_t unix_s) noexcept {
    const int64_t h = hour_of(unix_s);
    if (h != hour_) {
        hour_ = h;
        used_ = 0;
    }
    used_ += n;
}

std::string TransactionCounter::refusal(uint32_t n, int64_t unix_s) const {
    return "rejected locally: hourly transaction limit " + std::to_string(limit_) + " reached (" +
           std::to_string(used(unix_s)) + " used this hour, " + std::to_string(n) +
           " more asked; Betfair charges past 5000 an hour)";
}

std::string TransactionCounter::to_text() const { return std::to_string(hour_) + " " + std::to_string(used_); }

bool TransactionCounter::from_text(const std::string& text) noexcept {
    long long h = 0;
    unsigned long u = 0;
    if (std::sscanf(text.c_str(), "%lld %lu", &h, &u) != 2) return false;
    hour_ = h;
    used_ = static_cast<uint32_t>(u);
    return true;
}

}  // namespace tradehost::betfair
