// The band index; see band_index.hpp.
#include "band_index.hpp"

#include "simhash.hpp"

#include <stdexcept>

namespace tradehost::news_dedup {

BandIndex::BandIndex(int max_distance) : max_distance_(max_distance) {
    if (max_distance < 0 || max_distance > 31) throw std::invalid_argument("max_distance must be 0..31");
}

std::optional<BandIndex::Match> BandIndex::find(uint64_t fp, const Bands& bands, th_time_ns ts,
                                                int64_t window) const {
    std::optional<Match> best;
    for (const uint64_t key : bands) {
        const auto [from, to] = buckets_.equal_range(key);
        for (auto it = from; it != to; ++it) {
            const uint64_t n = it->second;
            const Entry& e = entries_[static_cast<size_t>(n - first_)];
            ++checked_;  // a story sharing several bands is checked again: cheaper than a set
            const int d = hamming(fp, e.fp);
            if (d > max_distance_) continue;
            const int64_t gap = e.ts > ts ? e.ts - ts : ts - e.ts;
            if (gap > window) continue;
            if (!best || d < best->distance || (d == best->distance && n < best->entry)) best = Match{n, d};
        }
    }
    return best;
}

uint64_t BandIndex::insert(uint64_t fp, const Bands& bands, th_time_ns ts) {
    const uint64_t n = first_ + entries_.size();
    entries_.push_back(Entry{fp, ts, bands});
    for (const uint64_t key : bands) buckets_.emplace(key, n);
    return n;
}

void BandIndex::expire(th_time_ns cutoff) {
    while (!entries_.empty() && entries_.front().ts < cutoff) {
        for (const uint64_t key : entries_.front().bands) {
            const auto [from, to] = buckets_.equal_range(key);
            for (auto it = from; it != to; ++it)
                if (it->second == first_) {
                    buckets_.erase(it);
                    break;
                }
        }
        entries_.pop_front();
        ++first_;
    }
}

}  // namespace tradehost::news_dedup
