// hashed-words-v1; see text_features.hpp.
#include "text_features.hpp"

#include <algorithm>
#include <string>

namespace tradehost::sentiment {

namespace {

constexpr uint32_t kOffset = 2166136261u, kPrime = 16777619u;

inline uint32_t mix(uint32_t h, unsigned char c) noexcept { return (h ^ c) * kPrime; }

inline char lower_alnum(char c) noexcept {
    if (c >= 'A' && c <= 'Z') return static_cast<char>(c - 'A' + 'a');
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? c : '\0';
}

}  // namespace

uint32_t fnv1a32(std::string_view bytes) noexcept {
    uint32_t h = kOffset;
    for (const char c : bytes) h = mix(h, static_cast<unsigned char>(c));
    return h;
}

void hashed_words_v1(std::string_view text, float* out, size_t dims) {
    std::fill(out, out + dims, 0.0f);
    if (dims == 0) return;
    std::string prev, word;
    bool have_prev = false;
    const auto flush = [&] {
        if (word.empty()) return;
        out[fnv1a32(word) % dims] += 1.0f;
        if (have_prev) {
            // fnv1a32(prev + " " + word) without building the joined string.
            uint32_t h = fnv1a32(prev);
            h = mix(h, ' ');
            for (const char c : word) h = mix(h, static_cast<unsigned char>(c));
            out[h % dims] += 1.0f;
        }
        prev.swap(word);
        word.clear();
        have_prev = true;
    };
    for (const char c : text) {
        const char l = lower_alnum(c);
        if (l != '\0')
            word.push_back(l);
        else
            flush();
    }
    flush();
}

}  // namespace tradehost::sentiment
