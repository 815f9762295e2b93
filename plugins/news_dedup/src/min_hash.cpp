// MinHash bands; see min_hash.hpp.
#include "min_hash.hpp"

#include "item_ids.hpp"  // plugins/news_common: fnv1a64
#include "simhash.hpp"

#include <string>

namespace tradehost::news_dedup {

namespace {

constexpr size_t kHashes = kBands * kRowsPerBand;

// splitmix64's finalizer: a bijection that spreads every input bit over the output.
constexpr uint64_t mix(uint64_t x) noexcept {
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

// Hash function r of the family: h -> (h ^ seed_r) * odd_r, then a shift that brings the
// well-mixed high bits down. One mix per shingle first, so a shingle's FNV hash (weak in
// its low bits) does not bias any of the 64.
struct Family {
    uint64_t seed[kHashes];
    uint64_t odd[kHashes];
    constexpr Family() : seed{}, odd{} {
        for (size_t r = 0; r < kHashes; ++r) {
            seed[r] = mix(0x9e3779b97f4a7c15ull * (2 * r + 1));
            odd[r] = mix(0x9e3779b97f4a7c15ull * (2 * r + 2)) | 1u;
        }
    }
};
constexpr Family kFamily;

}  // namespace

std::vector<uint64_t> shingle_hashes(std::string_view text, size_t shingle_words) {
    const std::vector<std::string> w = words_of(text);
    std::vector<uint64_t> out;
    if (w.empty()) return out;
    const size_t k = shingle_words == 0 ? 1 : shingle_words;
    const size_t count = w.size() >= k ? w.size() - k + 1 : 1;
    out.reserve(count);
    std::string shingle;
    for (size_t i = 0; i < count; ++i) {
        shingle.clear();
        for (size_t j = i; j < i + k && j < w.size(); ++j) {
            if (j != i) shingle.push_back(' ');
            shingle += w[j];
        }
        out.push_back(news::fnv1a64(shingle));
    }
    return out;
}

Bands min_hash_bands(const std::vector<uint64_t>& shingles) {
    uint64_t mins[kHashes];
    for (uint64_t& m : mins) m = UINT64_MAX;
    for (const uint64_t s : shingles) {
        const uint64_t h = mix(s);
        for (size_t r = 0; r < kHashes; ++r) {
            uint64_t v = (h ^ kFamily.seed[r]) * kFamily.odd[r];
            v ^= v >> 32;
            if (v < mins[r]) mins[r] = v;
        }
    }
    Bands out{};
    for (size_t b = 0; b < kBands; ++b) {
        uint64_t key = mix(b + 1);
        for (size_t r = 0; r < kRowsPerBand; ++r) key = mix(key ^ mins[b * kRowsPerBand + r]);
        out[b] = key;
    }
    return out;
}

}  // namespace tradehost::news_dedup
