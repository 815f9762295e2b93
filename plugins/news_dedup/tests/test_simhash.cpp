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
    for (int max_distance : {0, 1, 3, 4, 8, 10, 11, 12, 20, 31}) {  // every block count and radius
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

TEST(NearIndex, AFixedNumberOfProbesWhateverTheWindow) {
    // 4 blocks of 16 bits; radius floor(k / 4): the probes per block are the values within it.
    EXPECT_EQ(NearIndex(3).blocks(), 4u);
    EXPECT_EQ(NearIndex(3).probes_per_block(), 1u);
    EXPECT_EQ(NearIndex(7).probes_per_block(), 17u);
    EXPECT_EQ(NearIndex(10).blocks(), 4u);
    EXPECT_EQ(NearIndex(10).probes_per_block(), 137u);  // 1 + 16 + 120
    EXPECT_EQ(NearIndex(12).blocks(), 5u);               // radius stays 2
    EXPECT_EQ(NearIndex(31).blocks(), 11u);
}

TEST(NearIndex, ExpiryKeepsLookupsExact) {
    std::mt19937_64 rng(11);
    NearIndex idx(10);
    std::vector<std::pair<uint64_t, th_time_ns>> all;
    for (int i = 0; i < 3000; ++i) {
        uint64_t fp = rng();
        if (i > 0 && i % 2 == 0) {
            fp = all[rng() % all.size()].first;
            for (int flips = static_cast<int>(rng() % 14); flips > 0; --flips) fp ^= uint64_t{1} << (rng() % 64);
        }
        const th_time_ns ts = i;
        idx.expire(ts - 500);
        const auto found = idx.find(fp, ts, 500);
        int best_d = 65;
        for (const auto& [f, t] : all)
            if (t >= ts - 500 && hamming(fp, f) <= 10) best_d = std::min(best_d, hamming(fp, f));
        ASSERT_EQ(found.has_value(), best_d <= 10) << i;
        if (found) {
            EXPECT_EQ(found->distance, best_d) << i;
        }
        idx.insert(fp, ts);
        all.emplace_back(fp, ts);
    }
    EXPECT_EQ(idx.size(), 501u);
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
