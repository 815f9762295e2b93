// Fingerprints within a time window, found by Hamming distance at a cost that does not grow
// with the window: multi-index hashing (Norouzi, Punjani and Fleet, CVPR 2012). The 64 bits
// are cut into m blocks of at most 16 bits, m = max(4, ceil((max_distance + 1) / 3)). Two
// fingerprints at most k = max_distance apart differ in at most floor(k / m) <= 2 bits of at
// least one block (the differing bits are shared among m blocks), so a lookup probes, in each
// block, the buckets of every value within that radius of the block's value (137 for a
// 16-bit block at radius 2) and checks only what it finds there. With 2^16 buckets per block
// the buckets hold window / 65536 entries each: at 100k stories a lookup sees about one
// candidate per probe, at 1k almost none, so the probes, a fixed number, dominate.
// (The earlier index cut the bits into k + 1 blocks, 6 bits each at k = 10, and so checked
// about a sixth of the window per lookup.)
#ifndef TRADEHOST_NEWS_DEDUP_NEAR_INDEX_HPP
#define TRADEHOST_NEWS_DEDUP_NEAR_INDEX_HPP

#include <tradehost/plugin.h>

#include <cstdint>
#include <deque>
#include <optional>
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

    /// Blocks and probes per lookup (the bench and tests report them).
    size_t blocks() const noexcept { return shift_.size(); }
    size_t probes_per_block() const noexcept { return probes_.size(); }

private:
    // A bucket entry carries the fingerprint and time, so a candidate is checked without
    // a second memory access.
    struct Slot {
        uint64_t fp;
        th_time_ns ts;
        uint64_t n;
    };
    uint32_t block(uint64_t fp, size_t b) const noexcept { return static_cast<uint32_t>((fp >> shift_[b]) & mask_[b]); }

    int max_distance_;
    std::vector<unsigned> shift_;
    std::vector<uint64_t> mask_;
    std::vector<uint32_t> probes_;                    // XOR masks within the radius (0 first)
    std::vector<std::vector<std::vector<Slot>>> tables_;  // [block][value] -> slots, oldest first
    std::deque<Entry> entries_;
    uint64_t first_ = 0;  // insertion number of entries_.front()
};

}  // namespace tradehost::news_dedup

#endif
