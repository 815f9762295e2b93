// SimHash; see simhash.hpp.
#include "simhash.hpp"

#include "min_hash.hpp"  // shingle_hashes

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
    return simhash_of(shingle_hashes(text, shingle_words));
}

uint64_t simhash_of(const std::vector<uint64_t>& shingles) {
    if (shingles.empty()) return 0;
    int32_t votes[64] = {};
    for (const uint64_t h : shingles)
        for (int b = 0; b < 64; ++b) votes[b] += ((h >> b) & 1u) ? 1 : -1;
    uint64_t fp = 0;
    for (int b = 0; b < 64; ++b)
        if (votes[b] > 0) fp |= uint64_t{1} << b;
    return fp;
}

}  // namespace tradehost::news_dedup
