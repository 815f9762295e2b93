// MinHash bands and the band index: rewrites share a band, unrelated stories almost never,
// so a lookup checks a number of stories that does not grow with the window; and a saved
// window of format 1 (no bands) still de-duplicates after an upgrade.
#include "band_index.hpp"
#include "deduper.hpp"
#include "min_hash.hpp"
#include "simhash.hpp"

#include <tradehost/plugin.hpp>

#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <string>

using namespace tradehost::news_dedup;

namespace {

Bands bands_of(const std::string& text) { return min_hash_bands(shingle_hashes(text, 1)); }

size_t shared_bands(const Bands& a, const Bands& b) {
    size_t n = 0;
    for (size_t i = 0; i < kBands; ++i) n += a[i] == b[i];
    return n;
}

// Made-up 12-word stories over a 20 000-word vocabulary, as bench/news_bench's.
std::string random_story(std::mt19937_64& rng) {
    std::string s;
    for (int w = 0; w < 12; ++w) s += "w" + std::to_string(rng() % 20000) + " ";
    return s;
}

th_news story(const std::string& id, const std::string& headline, th_time_ns ts) {
    auto n = tradehost::make_event<th_news>(ts);
    tradehost::copy_str(n.id, id);
    tradehost::copy_str(n.source, "t");
    tradehost::copy_str(n.headline, headline);
    return n;
}

constexpr th_time_ns kT0 = 1704205800000000000;
constexpr int64_t kHour = 3600LL * 1000000000;

}  // namespace

TEST(MinHash, SameWordSetSameBandsAndRewritesShareBands) {
    EXPECT_EQ(bands_of("Fed holds rates steady"), bands_of("steady: FED holds rates, rates"));
    const Bands a = bands_of("Federal Reserve holds interest rates steady and signals three cuts in 2024");
    const Bands b = bands_of("Federal Reserve holds interest rates steady, signals three cuts in 2024");
    const Bands c = bands_of("Oil prices fall as US crude inventories rise more than expected");
    EXPECT_GE(shared_bands(a, b), 1u);
    EXPECT_EQ(shared_bands(a, c), 0u);
    // Equal min-hashes in different bands are still different keys.
    const Bands one = bands_of("alone");
    for (size_t i = 1; i < kBands; ++i) EXPECT_NE(one[i], one[0]);
}

TEST(BandIndex, FindsRewritesAndChecksFewStoriesWhateverTheWindow) {
    std::mt19937_64 rng(3);
#ifdef __SANITIZE_ADDRESS__
    const size_t window = 2000;
#else
    const size_t window = 20000;
#endif
    BandIndex idx(10);
    for (size_t i = 0; i < window; ++i) {
        const std::string s = random_story(rng);
        const auto sh = shingle_hashes(s, 1);
        idx.insert(simhash_of(sh), min_hash_bands(sh), static_cast<th_time_ns>(i));
    }
    const std::string text = "Federal Reserve holds interest rates steady and signals three cuts in 2024";
    const auto sh = shingle_hashes(text, 1);
    const uint64_t kept = idx.insert(simhash_of(sh), min_hash_bands(sh), static_cast<th_time_ns>(window));
    const uint64_t before = idx.candidates_checked();
    for (int k = 0; k < 200; ++k) {
        const std::string other = random_story(rng);
        const auto o = shingle_hashes(other, 1);
        EXPECT_FALSE(idx.find(simhash_of(o), min_hash_bands(o), static_cast<th_time_ns>(window), 1 << 30));
    }
    // Unrelated stories share a band with almost nothing: well under one check per lookup.
    EXPECT_LT(idx.candidates_checked() - before, 20u);
    const auto rw = shingle_hashes("Federal Reserve holds interest rates steady, signals three cuts in 2024", 1);
    const auto m = idx.find(simhash_of(rw), min_hash_bands(rw), static_cast<th_time_ns>(window), 1 << 30);
    ASSERT_TRUE(m);
    EXPECT_EQ(m->entry, kept);
    // Outside the time window it is not a match; expired, it is gone.
    EXPECT_FALSE(idx.find(simhash_of(rw), min_hash_bands(rw), static_cast<th_time_ns>(window) + 100, 10));
    idx.expire(static_cast<th_time_ns>(window) + 1);
    EXPECT_EQ(idx.size(), 0u);
    EXPECT_FALSE(idx.find(simhash_of(rw), min_hash_bands(rw), static_cast<th_time_ns>(window), 1 << 30));
}

TEST(DedupState, Format2KeepsTheBandsAndFormat1StillDeduplicates) {
    DedupSettings s;
    s.window_ns = 24 * kHour;
    const std::string fed = "Federal Reserve holds interest rates steady and signals three cuts in 2024";
    const std::string fed2 = "Federal Reserve holds interest rates steady, signals three cuts in 2024";
    {
        Deduper d(s);
        EXPECT_EQ(d.offer(story("a1", fed, kT0)).verdict, Verdict::kKept);
        const std::string saved = d.save();
        EXPECT_EQ(saved.rfind("news_dedup 2\n", 0), 0u) << saved;
        Deduper back(s);
        back.restore(saved);
        EXPECT_EQ(back.legacy_count(), 0u);
        const Decision dec = back.offer(story("b1", fed2, kT0 + kHour));
        EXPECT_EQ(dec.verdict, Verdict::kNear);
        EXPECT_EQ(dec.duplicate_of, "a1");
        EXPECT_EQ(back.save(), d.save());  // b1 was a duplicate: nothing new, a1 unchanged
    }
    {
        // A window saved by sessions 7-9 (format 1: no bands).
        char fp[17];
        std::snprintf(fp, sizeof fp, "%016llx", static_cast<unsigned long long>(simhash(fed + " ", 1)));
        const std::string v1 = "news_dedup 1\ns " + std::to_string(kT0) + " " + fp + " 2:a1 1 7:id:t/a1\n";
        Deduper d(s);
        d.restore(v1);
        EXPECT_EQ(d.kept_count(), 1u);
        EXPECT_EQ(d.legacy_count(), 1u);
        const Decision dec = d.offer(story("b1", fed2, kT0 + kHour));
        EXPECT_EQ(dec.verdict, Verdict::kNear);
        EXPECT_EQ(dec.duplicate_of, "a1");
        // Saved again as format 2, the old story without bands ("-"); it still matches.
        const std::string v2 = d.save();
        EXPECT_NE(v2.find(" -\n"), std::string::npos) << v2;
        Deduper again(s);
        again.restore(v2);
        EXPECT_EQ(again.legacy_count(), 1u);
        EXPECT_EQ(again.offer(story("c1", fed2, kT0 + kHour)).duplicate_of, "a1");
        // Once the old story leaves the window the legacy index is gone.
        EXPECT_EQ(again.offer(story("d1", "Oil prices fall", kT0 + 30 * kHour)).verdict, Verdict::kKept);
        EXPECT_EQ(again.legacy_count(), 0u);
    }
    {
        Deduper d(s);
        EXPECT_THROW(d.restore("news_dedup 3\n"), std::runtime_error);
        EXPECT_THROW(d.restore("news_dedup 2\ns 1 00000000000000ff 1:x 0 q\n"), std::runtime_error);
    }
}

TEST(BandIndex, FindsWhatAScanOfSharedBandsFindsAcrossInsertsAndExpiry) {
    // The flat table's removals shift entries back; every lookup must still see exactly the
    // live stories that share a band. Texts come from a small vocabulary so bands are shared.
    std::mt19937_64 rng(11);
    BandIndex idx(20);
    struct Live {
        uint64_t n, fp;
        th_time_ns ts;
        Bands bands;
    };
    std::vector<Live> live;
    const auto text = [&] {
        std::string s;
        for (int w = 0; w < 5; ++w) s += "v" + std::to_string(rng() % 12) + " ";
        return s;
    };
#ifdef __SANITIZE_ADDRESS__
    const int rounds = 600;
#else
    const int rounds = 3000;
#endif
    size_t found = 0;
    for (int t = 0; t < rounds; ++t) {
        const auto sh = shingle_hashes(text(), 1);
        const uint64_t fp = simhash_of(sh);
        const Bands b = min_hash_bands(sh);
        const auto got = idx.find(fp, b, t, 1 << 30);
        std::optional<BandIndex::Match> want;
        for (const Live& l : live) {
            if (shared_bands(b, l.bands) == 0) continue;
            const int d = hamming(fp, l.fp);
            if (d > 20) continue;
            if (!want || d < want->distance) want = BandIndex::Match{l.n, d};
        }
        ASSERT_EQ(got.has_value(), want.has_value()) << "round " << t;
        if (got) {
            ++found;
            EXPECT_EQ(got->entry, want->entry) << "round " << t;
            EXPECT_EQ(got->distance, want->distance) << "round " << t;
        }
        live.push_back(Live{idx.insert(fp, b, t), fp, t, b});
        const th_time_ns cutoff = t - 200;  // a window of 200 stories
        idx.expire(cutoff);
        while (!live.empty() && live.front().ts < cutoff) live.erase(live.begin());
        ASSERT_EQ(idx.size(), live.size());
    }
    EXPECT_GT(found, static_cast<size_t>(rounds) / 4);  // the vocabulary is small: many matches
}
