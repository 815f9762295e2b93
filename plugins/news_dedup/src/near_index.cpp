// The multi-index; see near_index.hpp.
#include "near_index.hpp"

#include "simhash.hpp"

#include <algorithm>
#include <stdexcept>

namespace tradehost::news_dedup {

NearIndex::NearIndex(int max_distance) : max_distance_(max_distance) {
    if (max_distance < 0 || max_distance > 31) throw std::invalid_argument("max_distance must be 0..31");
    // At least 4 blocks (16 bits: 2^16 buckets each, small enough to allocate per instance),
    // more when needed to keep the radius at 2 or less (a radius-3 probe set of a 16-bit
    // block is 697 buckets).
    const unsigned k = static_cast<unsigned>(max_distance);
    const unsigned blocks = std::max(4u, (k + 1 + 2) / 3);
    const unsigned radius = k / blocks;
    unsigned at = 0, widest = 0;
    for (unsigned b = 0; b < blocks; ++b) {
        const unsigned width = 64 / blocks + (b < 64 % blocks ? 1 : 0);
        shift_.push_back(at);
        mask_.push_back((uint64_t{1} << width) - 1);
        at += width;
        widest = std::max(widest, width);
        tables_.emplace_back(std::size_t{1} << width);
    }
    // Probe masks for the widest block; a narrower block skips masks with bits beyond it.
    probes_.push_back(0);
    if (radius >= 1)
        for (unsigned i = 0; i < widest; ++i) probes_.push_back(1u << i);
    if (radius >= 2)
        for (unsigned i = 0; i < widest; ++i)
            for (unsigned j = i + 1; j < widest; ++j) probes_.push_back((1u << i) | (1u << j));
}

std::optional<NearIndex::Match> NearIndex::find(uint64_t fp, th_time_ns ts, int64_t window) const {
    // The probed buckets are scattered over megabytes of tables: each is a cache miss. Ask
    // for all of them before reading any (the misses then overlap instead of queueing), then
    // for the slots of the non-empty ones, then check the candidates.
    thread_local std::vector<const std::vector<Slot>*> probed;
    probed.clear();
    for (size_t b = 0; b < tables_.size(); ++b) {
        const uint32_t v = block(fp, b);
        const uint32_t m = static_cast<uint32_t>(mask_[b]);
        const auto& table = tables_[b];
        for (uint32_t p : probes_) {
            if ((p & ~m) != 0) continue;  // a bit beyond this (narrower) block
            const std::vector<Slot>* bucket = &table[v ^ p];
            __builtin_prefetch(bucket);
            probed.push_back(bucket);
        }
    }
    size_t live = 0;
    for (const std::vector<Slot>* bucket : probed)
        if (!bucket->empty()) {
            __builtin_prefetch(bucket->data());
            probed[live++] = bucket;
        }
    std::optional<Match> best;
    for (size_t i = 0; i < live; ++i) {
        for (const Slot& s : *probed[i]) {
            const int d = hamming(fp, s.fp);
            if (d > max_distance_) continue;
            const int64_t gap = s.ts > ts ? s.ts - ts : ts - s.ts;
            if (gap > window) continue;
            if (!best || d < best->distance || (d == best->distance && s.n < best->entry)) best = Match{s.n, d};
        }
    }
    return best;
}

uint64_t NearIndex::insert(uint64_t fp, th_time_ns ts) {
    const uint64_t n = first_ + entries_.size();
    entries_.push_back(Entry{fp, ts});
    for (size_t b = 0; b < tables_.size(); ++b) tables_[b][block(fp, b)].push_back(Slot{fp, ts, n});
    return n;
}

void NearIndex::expire(th_time_ns cutoff) {
    while (!entries_.empty() && entries_.front().ts < cutoff) {
        const uint64_t fp = entries_.front().fp;
        for (size_t b = 0; b < tables_.size(); ++b) {
            auto& v = tables_[b][block(fp, b)];
            // Slots are in insertion order and the oldest entry goes first: it is at the front.
            v.erase(std::find_if(v.begin(), v.end(), [&](const Slot& s) { return s.n == first_; }));
            if (v.empty()) v.shrink_to_fit();  // an emptied bucket gives its memory back
        }
        entries_.pop_front();
        ++first_;
    }
}

}  // namespace tradehost::news_dedup
