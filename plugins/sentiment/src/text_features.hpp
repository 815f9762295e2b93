// The `model` scorer's text features, "hashed-words-v1": hashed counts of lower-cased words
// and adjacent word pairs. A quant reproduces them in a few lines of Python
// (test_data/make_text_model.py, `features`), so a model trained there scores the same here.
#ifndef TRADEHOST_SENTIMENT_TEXT_FEATURES_HPP
#define TRADEHOST_SENTIMENT_TEXT_FEATURES_HPP

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace tradehost::sentiment {

/// FNV-1a, 32 bits, over bytes.
uint32_t fnv1a32(std::string_view bytes) noexcept;

/// Writes the features of `text` into `out[0..dims)` (zeroed first): tokens are maximal runs
/// of ASCII letters (lower-cased) and digits, every other byte separates them; each token
/// adds 1 at fnv1a32(token) % dims, each adjacent pair adds 1 at fnv1a32(t1 " " t2) % dims.
void hashed_words_v1(std::string_view text, float* out, size_t dims);

}  // namespace tradehost::sentiment

#endif
