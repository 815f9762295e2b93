// MinHash bands of a story's word shingles, the keys of the near-duplicate index
// (band_index.hpp). 64 min-hashes in 16 bands of 4: two stories whose shingle sets have
// Jaccard similarity J share at least one band with probability 1 - (1 - J^4)^16: above
// 0.9999 for J = 0.84 (the least similar rewrite of the labelled set), about 0.002 for two
// unrelated stories sharing a tenth of their words. So a lookup meets the story's rewrites
// and almost nothing else, whatever the window's size (Broder 1997; Leskovec, Rajaraman
// and Ullman, Mining of Massive Datasets, ch. 3).
#ifndef TRADEHOST_NEWS_DEDUP_MIN_HASH_HPP
#define TRADEHOST_NEWS_DEDUP_MIN_HASH_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace tradehost::news_dedup {

constexpr size_t kBands = 16;
constexpr size_t kRowsPerBand = 4;

/// One key per band: a hash of the band's 4 min-hashes and of the band's number (so equal
/// values in different bands are different keys).
using Bands = std::array<uint64_t, kBands>;

/// The 64-bit hash (FNV-1a) of each `shingle_words`-word shingle of `text`, as SimHash
/// votes on them (a text shorter than one shingle is one shingle; none for no words).
std::vector<uint64_t> shingle_hashes(std::string_view text, size_t shingle_words);

/// The bands of a non-empty set of shingle hashes.
Bands min_hash_bands(const std::vector<uint64_t>& shingles);

}  // namespace tradehost::news_dedup

#endif
