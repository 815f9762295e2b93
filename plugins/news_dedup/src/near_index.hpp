// Fingerprints within a time window, found by Hamming distance without scanning them all:
// the 64 bits are cut into max_distance + 1 blocks, and by the pigeonhole principle two
// fingerprints at most max_distance apart agree exactly on at least one block (Manku,
// Jain and Das Sarma, WWW 2007). Each block has a hash table from its value to the entries
// holding it, so a lookup checks only entries that share a block.
#ifndef TRADEHOST_NEWS_DEDUP_NEAR_INDEX_HPP
#define TRADEHOST_NEWS_DEDUP_NEAR_INDEX_HPP

#include <tradehost/plugin.h>

#include <cstdint>
#include <deque>
#include <optional>
#include <unordered_map>
#include <vector>

namespace tradehost::news_dedup {

class NearIndex {
public:
    explicit NearIndex(int max_distance);

    struct Match {
        uint64_t entry;  // the insertion number of the matched fingerprint
        int distance;
    };
    /// The closest fingerprint at most max_distance from `fp` whose time is within
    /// `window` of `ts` (the earliest inserted among equally close ones).
    std::optional<Match> find(uint64_t fp, th_time_ns ts, int64_t window) const;
    /// Add a fingerprint; returns its insertion number.
    uint64_t insert(uint64_t fp, th_time_ns ts);
    /// Forget fingerprints with time before `cutoff`, oldest first (insertion order).
    void expire(th_time_ns cutoff);
    size_t size() const noexcept { return entries_.size(); }

    struct Entry {
        uint64_t fp;
        th_time_ns ts;
    };
    /// Entries in insertion order (for saving).
    const std::deque<Entry>& entries() const noexcept { return entries_; }

private:
    uint64_t block(uint64_t fp, size_t b) const noexcept { return (fp >> shift_[b]) & mask_[b]; }

    int max_distance_;
    std::vector<unsigned> shift_;
    std::vector<uint64_t> mask_;
    std::vector<std::unordered_map<uint64_t, std::vector<uint64_t>>> tables_;
    std::deque<Entry> entries_;
    uint64_t first_ = 0;  // insertion number of entries_.front()
};

}  // namespace tradehost::news_dedup

#endif
