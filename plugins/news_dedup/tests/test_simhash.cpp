// SimHash and the block index: the index finds exactly what a full scan finds.
#include "near_index.hpp"
#include "simhash.hpp"

#include <gtest/gtest.h>

#include <random>

using namespace tradehost::news_dedup;

TEST(SimHash, WordsAreLowerCaseAlphanumericRuns) {
    EXPECT_EQ(words_of("Apple's Q3: Revenue UP 2%!"), (std::vector<std::string>{"apple", "s", "q3", "revenue", "up", "2"}));
    EXPECT_EQ(words_of("café crème"), (std::vector<std::string>{"café", "crème"}));
    EXPECT_TRUE(words_of(" .,; ").empty());
}

TEST(SimHash, SameWordsSameFingerprintAndCloseTextsAreClose) {
    EXPECT_EQ(simhash("Fed holds rates steady", 1), simhash("FED holds rates, steady!", 1));
    EXPECT_EQ(simhash("", 1), 0u);
    const uint64_t a = simhash("Federal Reserve holds interest rates steady and signals three cuts in 2024", 1);
    const uint64_t b = simhash("Federal Reserve holds rates steady, signals three cuts in 2024", 1);
    const uint64_t c = simhash("Oil prices fall as US crude inventories rise more than expected", 1);
    EXPECT_LT(hamming(a, b), hamming(a, c));
    // A text shorter than one shingle is one shingle.
    EXPECT_NE(simhash("alone", 3), 0u);
}

TEST(NearIndex, FindsWhatAFullScanFinds) {
    std::mt19937_64 rng(7);
    for (int max_distance : {0, 3, 10, 20}) {
        NearIndex idx(max_distance);
        std::vector<uint64_t> fps;
        for (int i = 0; i < 400; ++i) {
            uint64_t fp = rng();
            if (i > 0 && i % 3 == 0) {  // a near copy of an earlier one
                fp = fps[rng() % fps.size()];
                for (int flips = static_cast<int>(rng() % 24); flips > 0; --flips) fp ^= uint64_t{1} << (rng() % 64);
            }
            const auto found = idx.find(fp, 0, 1);
            // full scan: closest, earliest among equals
            int best_d = 65;
            long best_n = -1;
            for (size_t n = 0; n < fps.size(); ++n) {
                const int d = hamming(fp, fps[n]);
                if (d <= max_distance && d < best_d) {
                    best_d = d;
                    best_n = static_cast<long>(n);
                }
            }
            ASSERT_EQ(found.has_value(), best_n >= 0) << "i=" << i << " k=" << max_distance;
            if (found) {
                EXPECT_EQ(found->distance, best_d);
                EXPECT_EQ(static_cast<long>(found->entry), best_n);
            }
            fps.push_back(fp);
            idx.insert(fp, 0);
        }
    }
}

TEST(NearIndex, TimeWindowAndExpiry) {
    NearIndex idx(3);
    idx.insert(0xFFFF, 100);
    idx.insert(0xF0F0F0F0, 200);
    EXPECT_TRUE(idx.find(0xFFFE, 150, 50).has_value());
    EXPECT_FALSE(idx.find(0xFFFE, 151, 50).has_value());  // 51 apart
    idx.expire(150);
    EXPECT_EQ(idx.size(), 1u);
    EXPECT_FALSE(idx.find(0xFFFF, 100, 1000).has_value());
    EXPECT_TRUE(idx.find(0xF0F0F0F1, 200, 0).has_value());
}
