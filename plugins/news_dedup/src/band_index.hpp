// The near-duplicate index (session 10): stories found by their MinHash bands
// (min_hash.hpp), then judged by SimHash distance as before. A lookup reads 16 hash-table
// buckets and checks only the stories that share a band, a number that does not grow with
// the window (rewrites of the story, and the rare unrelated story that shares four
// min-hashes of a band), and the buckets are slots of one flat array read together, so
// its cost is flat from 1k to 100k stories (bench/BENCHMARKS.md, session 10). The multi-index
// (near_index.hpp) it replaces found every fingerprint within the distance, but with 64
// bits its chance candidates grew with the window (about 1.5% of it).
#ifndef TRADEHOST_NEWS_DEDUP_BAND_INDEX_HPP
#define TRADEHOST_NEWS_DEDUP_BAND_INDEX_HPP

#include "min_hash.hpp"

#include <tradehost/plugin.h>

#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

namespace tradehost::news_dedup {

class BandIndex {
public:
    explicit BandIndex(int max_distance);

    struct Match {
        uint64_t entry;  // the insertion number of the matched story
        int distance;    // SimHash distance
    };
    /// Among stories sharing a band with `bands`, whose time is within `window` of `ts`,
    /// the one with the closest SimHash at most max_distance from `fp` (the earliest
    /// inserted among equally close ones).
    std::optional<Match> find(uint64_t fp, const Bands& bands, th_time_ns ts, int64_t window) const;
    /// Add a story; returns its insertion number.
    uint64_t insert(uint64_t fp, const Bands& bands, th_time_ns ts);
    /// Forget stories with time before `cutoff`, oldest first (insertion order).
    void expire(th_time_ns cutoff);
    size_t size() const noexcept { return entries_.size(); }

    struct Entry {
        uint64_t fp;
        th_time_ns ts;
        Bands bands;
    };
    const std::deque<Entry>& entries() const noexcept { return entries_; }
    /// Stories checked by find() so far (the bench reports candidates per lookup).
    uint64_t candidates_checked() const noexcept { return checked_; }

private:
    int max_distance_;
    // Band key -> insertion number, in one flat table with linear probing (no node per entry,
    // so a lookup's 16 buckets are 16 cache lines, requested together). Key 0 marks a free
    // slot; a band key of 0 is stored as 1 (a false candidate, once in 2^64, still checked).
    struct Slot {
        uint64_t key;
        uint64_t entry;
    };
    static uint64_t stored(uint64_t key) noexcept { return key == 0 ? 1 : key; }
    void put(uint64_t key, uint64_t entry);
    void erase(uint64_t key, uint64_t entry);
    void grow();
    std::vector<Slot> slots_ = std::vector<Slot>(1024, Slot{0, 0});
    size_t used_ = 0;
    std::deque<Entry> entries_;
    uint64_t first_ = 0;  // insertion number of entries_.front()
    mutable uint64_t checked_ = 0;
};

}  // namespace tradehost::news_dedup

#endif
