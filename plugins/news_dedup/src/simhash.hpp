// SimHash (Charikar 2002) of a story's words: each word shingle hashes to 64 bits (FNV-1a),
// and bit i of the fingerprint is set when more shingles have bit i set than clear. Texts
// sharing most shingles get fingerprints a small Hamming distance apart.
#ifndef TRADEHOST_NEWS_DEDUP_SIMHASH_HPP
#define TRADEHOST_NEWS_DEDUP_SIMHASH_HPP

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tradehost::news_dedup {

/// Lower-case words of `text`: runs of ASCII letters and digits; other bytes (punctuation,
/// spaces, and multi-byte characters, which keep their bytes as word characters) split them.
std::vector<std::string> words_of(std::string_view text);

/// SimHash of the `shingle_words`-word shingles of `text` (a text shorter than one shingle
/// is one shingle). 0 for a text without words.
uint64_t simhash(std::string_view text, size_t shingle_words);
/// SimHash of shingle hashes (min_hash.hpp's shingle_hashes); 0 for none.
uint64_t simhash_of(const std::vector<uint64_t>& shingles);

inline int hamming(uint64_t a, uint64_t b) noexcept { return __builtin_popcountll(a ^ b); }

}  // namespace tradehost::news_dedup

#endif
