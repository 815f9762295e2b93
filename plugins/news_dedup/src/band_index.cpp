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
    const size_t mask = slots_.size() - 1;
    for (const uint64_t key : bands) __builtin_prefetch(&slots_[stored(key) & mask]);
    std::optional<Match> best;
    for (const uint64_t band_key : bands) {
        const uint64_t key = stored(band_key);
        for (size_t at = key & mask; slots_[at].key != 0; at = (at + 1) & mask) {
            if (slots_[at].key != key) continue;
            const uint64_t n = slots_[at].entry;
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
    if ((used_ + kBands) * 2 > slots_.size()) grow();  // load at most 1/2: short probe runs
    for (const uint64_t key : bands) put(stored(key), n);
    return n;
}

void BandIndex::expire(th_time_ns cutoff) {
    const size_t mask = slots_.size() - 1;
    while (!entries_.empty() && entries_.front().ts < cutoff) {
        for (const uint64_t key : entries_.front().bands) __builtin_prefetch(&slots_[stored(key) & mask]);
        for (const uint64_t key : entries_.front().bands) erase(stored(key), first_);
        entries_.pop_front();
        ++first_;
    }
}

void BandIndex::put(uint64_t key, uint64_t entry) {
    const size_t mask = slots_.size() - 1;
    size_t at = key & mask;
    while (slots_[at].key != 0) at = (at + 1) & mask;
    slots_[at] = Slot{key, entry};
    ++used_;
}

// Removal with backward shift (Knuth, TAOCP vol. 3, 6.4 Algorithm R): later slots of the
// run move back into the hole when their home is not between the hole and them, so every
// key stays reachable from its home without tombstones.
void BandIndex::erase(uint64_t key, uint64_t entry) {
    const size_t mask = slots_.size() - 1;
    size_t hole = key & mask;
    while (slots_[hole].key != 0 && !(slots_[hole].key == key && slots_[hole].entry == entry)) hole = (hole + 1) & mask;
    if (slots_[hole].key == 0) return;  // not there (cannot happen: every insert is erased once)
    for (size_t j = (hole + 1) & mask; slots_[j].key != 0; j = (j + 1) & mask) {
        const size_t home = slots_[j].key & mask;
        const bool stays = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
        if (stays) continue;
        slots_[hole] = slots_[j];
        hole = j;
    }
    slots_[hole] = Slot{0, 0};
    --used_;
}

void BandIndex::grow() {
    std::vector<Slot> old(slots_.size() * 2, Slot{0, 0});
    old.swap(slots_);
    used_ = 0;
    for (const Slot& s : old)
        if (s.key != 0) put(s.key, s.entry);
}

}  // namespace tradehost::news_dedup
