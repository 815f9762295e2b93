// The de-duplication decision for one stream of stories: exact duplicates by normalised
// URL, GUID or source id, near duplicates by SimHash distance within a time window, found
// through their MinHash bands (band_index.hpp). The first story of a kind is kept; later
// ones are counted as duplicates of it.
#ifndef TRADEHOST_NEWS_DEDUP_DEDUPER_HPP
#define TRADEHOST_NEWS_DEDUP_DEDUPER_HPP

#include "band_index.hpp"
#include "near_index.hpp"

#include <tradehost/plugin.h>

#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace tradehost::news_dedup {

struct DedupSettings {
    int max_distance = 10;        // Hamming distance that still counts as the same story
    size_t shingle_words = 1;     // words per shingle
    int64_t window_ns = 0;        // how far apart in published time duplicates may be
};

enum class Verdict { kKept, kExact, kNear };

struct Decision {
    Verdict verdict = Verdict::kKept;
    std::string duplicate_of;  // id of the kept story (exact or near)
    int distance = 0;          // near: the Hamming distance
};

class Deduper {
public:
    explicit Deduper(const DedupSettings& s);

    /// Decide on one story; a kept story is remembered. Stories older than the window
    /// (relative to the newest seen) are forgotten first.
    Decision offer(const th_news& story);

    size_t kept_count() const noexcept { return kept_.size(); }

    /// Versioned text of everything remembered (format 2: with each story's bands);
    /// restore() rebuilds from it.
    std::string save() const;
    /// Reads format 2, and format 1 (sessions 7-9, no bands): those stories are matched by
    /// the multi-index of SimHashes until they leave the window. Throws std::runtime_error
    /// on a malformed blob.
    void restore(std::string_view blob);
    /// Stories of a format-1 state still in the window.
    size_t legacy_count() const noexcept { return legacy_ ? legacy_->size() : 0; }
    /// The band index (the bench reads its candidate count).
    const BandIndex& band_index() const noexcept { return near_; }

    /// The exact keys of a story: "url:<normalised url>" and, from its id, "url:<id>" when
    /// the id is an http(s) URL, else "id:<source>/<id>".
    static std::vector<std::string> exact_keys(const th_news& story);
    /// The text that is fingerprinted: headline and summary.
    static std::string text_of(const th_news& story);

private:
    struct Kept {
        th_time_ns ts;
        uint64_t fp;
        std::string id;
        std::vector<std::string> keys;
        bool banded = false;  // false: from a format-1 state (or no words)
        Bands bands{};
    };
    void remember(Kept k);
    void expire();

    DedupSettings s_;
    BandIndex near_;
    std::unique_ptr<NearIndex> legacy_;                        // format-1 stories; else null
    std::deque<Kept> kept_;
    std::unordered_map<std::string, std::string> keys_;       // exact key -> kept id
    std::unordered_map<uint64_t, std::string> near_ids_;      // band entry -> kept id
    std::unordered_map<uint64_t, std::string> legacy_ids_;    // legacy entry -> kept id
    std::deque<uint64_t> near_entry_of_;                       // per kept story, or UINT64_MAX
    th_time_ns newest_ = INT64_MIN;
};

}  // namespace tradehost::news_dedup

#endif
