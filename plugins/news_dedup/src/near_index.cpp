// The block index; see near_index.hpp.
#include "near_index.hpp"

#include "simhash.hpp"

#include <algorithm>
#include <stdexcept>

namespace tradehost::news_dedup {

NearIndex::NearIndex(int max_distance) : max_distance_(max_distance) {
    if (max_distance < 0 || max_distance > 31) throw std::invalid_argument("max_distance must be 0..31");
    const unsigned blocks = static_cast<unsigned>(max_distance) + 1;
    unsigned at = 0;
    for (unsigned b = 0; b < blocks; ++b) {
        const unsigned width = 64 / blocks + (b < 64 % blocks ? 1 : 0);
        shift_.push_back(at);
        mask_.push_back(width == 64 ? ~uint64_t{0} : (uint64_t{1} << width) - 1);
        at += width;
    }
    tables_.resize(blocks);
}

std::optional<NearIndex::Match> NearIndex::find(uint64_t fp, th_time_ns ts, int64_t window) const {
    std::optional<Match> best;
    for (size_t b = 0; b < tables_.size(); ++b) {
        const auto it = tables_[b].find(block(fp, b));
        if (it == tables_[b].end()) continue;
        for (uint64_t n : it->second) {
            const Entry& e = entries_[static_cast<size_t>(n - first_)];
            const int d = hamming(fp, e.fp);
            if (d > max_distance_) continue;
            const int64_t gap = e.ts > ts ? e.ts - ts : ts - e.ts;
            if (gap > window) continue;
            if (!best || d < best->distance || (d == best->distance && n < best->entry)) best = Match{n, d};
        }
    }
    return best;
}

uint64_t NearIndex::insert(uint64_t fp, th_time_ns ts) {
    const uint64_t n = first_ + entries_.size();
    entries_.push_back(Entry{fp, ts});
    for (size_t b = 0; b < tables_.size(); ++b) tables_[b][block(fp, b)].push_back(n);
    return n;
}

void NearIndex::expire(th_time_ns cutoff) {
    while (!entries_.empty() && entries_.front().ts < cutoff) {
        const uint64_t fp = entries_.front().fp;
        for (size_t b = 0; b < tables_.size(); ++b) {
            auto it = tables_[b].find(block(fp, b));
            auto& v = it->second;
            v.erase(std::find(v.begin(), v.end(), first_));  // the oldest is at the front
            if (v.empty()) tables_[b].erase(it);
        }
        entries_.pop_front();
        ++first_;
    }
}

}  // namespace tradehost::news_dedup
