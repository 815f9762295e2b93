// SimHash; see simhash.hpp.
#include "simhash.hpp"

#include "item_ids.hpp"  // plugins/news_common: fnv1a64

namespace tradehost::news_dedup {

std::vector<std::string> words_of(std::string_view text) {
    std::vector<std::string> out;
    std::string cur;
    for (char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80) {
            cur.push_back(ch);
        } else if (c >= 'A' && c <= 'Z') {
            cur.push_back(static_cast<char>(c + 32));
        } else if (!cur.empty()) {
            out.push_back(std::move(cur));
            cur.clear();
        }
    }
    if (!cur.empty()) out.push_back(std::move(cur));
    return out;
}

uint64_t simhash(std::string_view text, size_t shingle_words) {
    const std::vector<std::string> w = words_of(text);
    if (w.empty()) return 0;
    const size_t k = shingle_words == 0 ? 1 : shingle_words;
    const size_t count = w.size() >= k ? w.size() - k + 1 : 1;
    int32_t votes[64] = {};
    std::string shingle;
    for (size_t i = 0; i < count; ++i) {
        shingle.clear();
        for (size_t j = i; j < i + k && j < w.size(); ++j) {
            if (j != i) shingle.push_back(' ');
            shingle += w[j];
        }
        const uint64_t h = news::fnv1a64(shingle);
        for (int b = 0; b < 64; ++b) votes[b] += ((h >> b) & 1u) ? 1 : -1;
    }
    uint64_t fp = 0;
    for (int b = 0; b < 64; ++b)
        if (votes[b] > 0) fp |= uint64_t{1} << b;
    return fp;
}

}  // namespace tradehost::news_dedup
