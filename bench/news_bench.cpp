// News path throughput: feed parsing, de-duplication and VADER scoring per story, and the
// reference VADER (Python, github.com/cjhutto/vaderSentiment) on the same corpus in the
// same run as the peer of the scorer. Dedup is timed at several window sizes to show how its
// cost grows with the window.
//
//   VADER_REFERENCE_DIR=/path/to/vaderSentiment ./build/bench/news_bench
//
// Without VADER_REFERENCE_DIR the reference case reports an error and the rest runs.
#include "deduper.hpp"
#include "feed_document.hpp"
#include "vader.hpp"
#include "band_index.hpp"
#include "min_hash.hpp"
#include "near_index.hpp"
#include "simhash.hpp"

#include <tradehost/plugin.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace {

const std::string kSentimentDir = SENTIMENT_DIR;
const std::string kRssData = RSS_DATA_DIR;
const std::string kCorpus = kSentimentDir + "/test_data/vader_corpus.txt";

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream o;
    o << in.rdbuf();
    return o.str();
}

std::vector<std::string> corpus() {
    std::vector<std::string> lines;
    std::istringstream in(read_file(kCorpus));
    for (std::string l; std::getline(in, l);) lines.push_back(l);
    return lines;
}

const tradehost::sentiment::Vader& vader() {
    static const tradehost::sentiment::Vader v(kSentimentDir + "/data/vader_lexicon.txt",
                                               kSentimentDir + "/data/emoji_utf8_lexicon.txt");
    return v;
}

// VADER in C++ over the corpus: one iteration scores every line.
void Vader_Cpp(benchmark::State& state) {
    const auto lines = corpus();
    double sink = 0;
    for (auto _ : state) {
        for (const auto& l : lines) sink += vader().polarity_scores(l).compound;
        benchmark::DoNotOptimize(sink);
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * lines.size()));
}
BENCHMARK(Vader_Cpp)->Unit(benchmark::kMicrosecond);

// The reference implementation on the same corpus: each iteration runs it for `passes`
// passes in one Python process and counts only its scoring CPU time (manual time), the
// same measure Google Benchmark rates the C++ cases by, so a loaded machine does not
// favour either side.
void Vader_PythonReference(benchmark::State& state) {
    const char* ref = std::getenv("VADER_REFERENCE_DIR");
    if (ref == nullptr) {
        state.SkipWithError("set VADER_REFERENCE_DIR to a checkout of github.com/cjhutto/vaderSentiment");
        return;
    }
    const int passes = static_cast<int>(state.range(0));
    int64_t texts = 0;
    for (auto _ : state) {
        const std::string cmd = std::string("python3 '") + BENCH_DIR + "/news_vader_reference.py' '" + ref + "' '" +
                                kCorpus + "' " + std::to_string(passes);
        FILE* p = popen(cmd.c_str(), "r");
        double secs = 0;
        long long n = 0;
        if (p == nullptr || std::fscanf(p, "%lf %lld", &secs, &n) != 2) {
            if (p) pclose(p);
            state.SkipWithError("the reference did not run");
            return;
        }
        pclose(p);
        state.SetIterationTime(secs);
        texts += n;
    }
    state.SetItemsProcessed(texts);
}
BENCHMARK(Vader_PythonReference)->Arg(5)->UseManualTime()->Iterations(3)->Unit(benchmark::kMillisecond);

// RSS 2.0 parsing with libexpat: the specification's sample, items per second.
void Feed_ParseRss(benchmark::State& state) {
    const std::string xml = read_file(kRssData + "/rss2_sample.xml");
    size_t items = 0;
    for (auto _ : state) {
        const auto doc = tradehost::rss::parse_feed(xml);
        items += doc.items.size();
        benchmark::DoNotOptimize(doc.items.data());
    }
    state.SetItemsProcessed(static_cast<int64_t>(items));
}
BENCHMARK(Feed_ParseRss)->Unit(benchmark::kMicrosecond);

// Stories of 12 words drawn from a 20 000-word vocabulary of made-up words: distinct texts
// with the spread of a real news day's vocabulary (a small vocabulary would make unrelated
// stories look alike and crowd the index). Story i is published at start + i ms.
std::vector<std::string> synthetic_headlines(size_t n, uint64_t seed) {
    std::mt19937_64 vocab_rng(12345);
    std::vector<std::string> words(20000);
    for (auto& w : words) {
        const size_t len = 3 + vocab_rng() % 8;
        for (size_t k = 0; k < len; ++k) w.push_back(static_cast<char>('a' + vocab_rng() % 26));
    }
    std::mt19937_64 rng(seed);
    std::vector<std::string> out(n);
    for (auto& head : out)
        for (int k = 0; k < 12; ++k) head += words[rng() % words.size()] + " ";
    return out;
}

std::vector<th_news> synthetic_stories(size_t n, uint64_t seed, size_t first = 0) {
    const auto heads = synthetic_headlines(n, seed);
    std::vector<th_news> out(n);
    for (size_t i = 0; i < n; ++i) {
        th_news& s = out[i];
        s = tradehost::make_event<th_news>(1704205800000000000 + static_cast<int64_t>(first + i) * 1000000);
        tradehost::copy_str(s.headline, heads[i]);
        tradehost::copy_str(s.id, "s" + std::to_string(first + i));
        tradehost::copy_str(s.source, "bench");
        tradehost::copy_str(s.url, "https://bench.example/" + std::to_string(first + i));
    }
    return out;
}

// Lookups per case: more than a 100k window's run makes, so no probe meets itself again
// (session 8's 16k probes came round again inside the 100k window and were found as
// duplicates of themselves, which is not the steady state being measured).
constexpr size_t kNearProbes = 1 << 17;

// One story offered to a window holding `range(0)` stories at max_distance `range(1)`:
// stories arrive 1 ms apart and the window is range(0) ms long, so it stays at its size as
// the run goes on (the steady state of a feed day).
void Dedup_Offer(benchmark::State& state) {
    const size_t window = static_cast<size_t>(state.range(0));
    tradehost::news_dedup::DedupSettings s;
    s.window_ns = static_cast<int64_t>(window) * 1000000;
    s.max_distance = static_cast<int>(state.range(1));
    tradehost::news_dedup::Deduper d(s);
    for (const auto& n : synthetic_stories(window, 1)) d.offer(n);
    constexpr size_t kProbes = 1 << 14;
    auto probes = synthetic_stories(kProbes, 2, window);
    size_t i = 0;
    int64_t kept = 0;
    for (auto _ : state) {
        th_news& n = probes[i % kProbes];
        n.hdr.ts = 1704205800000000000 + static_cast<int64_t>(window + i) * 1000000;  // time moves on
        tradehost::copy_str(n.url, "https://bench.example/" + std::to_string(window + i));
        tradehost::copy_str(n.id, "p" + std::to_string(i));
        ++i;
        kept += d.offer(n).verdict == tradehost::news_dedup::Verdict::kKept;
        // Each pass over the probes gets new texts (untimed): a probe must not meet its own
        // earlier pass inside a 100k window.
        if (i % kProbes == 0) {
            state.PauseTiming();
            const auto heads = synthetic_headlines(kProbes, 2 + i / kProbes);
            for (size_t k = 0; k < kProbes; ++k) tradehost::copy_str(probes[k].headline, heads[k]);
            state.ResumeTiming();
        }
    }
    state.SetItemsProcessed(state.iterations());
    state.counters["kept_share"] = static_cast<double>(kept) / static_cast<double>(state.iterations());
    state.counters["window"] = static_cast<double>(d.kept_count());
    state.counters["checked_per_lookup"] =
        static_cast<double>(d.band_index().candidates_checked()) / static_cast<double>(state.iterations());
}
BENCHMARK(Dedup_Offer)
    ->ArgsProduct({{1000, 10000, 100000}, {3, 10}})
    ->ArgNames({"window", "max_distance"})
    ->Unit(benchmark::kNanosecond);

// The near-duplicate lookup alone, at distance 10, on the SimHash fingerprints of the
// synthetic stories: the multi-index (`NearIndex::find`) beside its peer in the same run, a
// straight scan of the window's fingerprints (XOR and popcount over a contiguous array, the
// cost any index has to beat). Each lookup is followed by an insert and an expiry, so the
// window stays at its size.
std::vector<uint64_t> synthetic_fingerprints(size_t n, uint64_t seed) {
    std::vector<uint64_t> out;
    for (const auto& h : synthetic_headlines(n, seed)) out.push_back(tradehost::news_dedup::simhash(h, 1));
    return out;
}

void Near_MultiIndex(benchmark::State& state) {
    const size_t window = static_cast<size_t>(state.range(0));
    tradehost::news_dedup::NearIndex idx(10);
    const auto fill = synthetic_fingerprints(window, 1);
    for (size_t i = 0; i < window; ++i) idx.insert(fill[i], static_cast<th_time_ns>(i));
    const auto probes = synthetic_fingerprints(kNearProbes, 2);
    size_t i = 0;
    int64_t found = 0;
    for (auto _ : state) {
        const th_time_ns now = static_cast<th_time_ns>(window + i);
        const uint64_t fp = probes[i++ % probes.size()];
        found += idx.find(fp, now, static_cast<int64_t>(window)).has_value();
        idx.insert(fp, now);
        idx.expire(now - static_cast<th_time_ns>(window));
    }
    state.SetItemsProcessed(state.iterations());
    state.counters["found_share"] = static_cast<double>(found) / static_cast<double>(state.iterations());
}
BENCHMARK(Near_MultiIndex)->Arg(1000)->Arg(10000)->Arg(100000)->ArgName("window")->Unit(benchmark::kNanosecond);

// The band index (session 10, what Deduper uses): MinHash bands and SimHash of each story
// computed beforehand, as Near_MultiIndex's fingerprints are.
void Near_BandIndex(benchmark::State& state) {
    const size_t window = static_cast<size_t>(state.range(0));
    struct Keys {
        uint64_t fp;
        tradehost::news_dedup::Bands bands;
    };
    const auto keys_of = [](size_t n, uint64_t seed) {
        std::vector<Keys> out;
        for (const auto& h : synthetic_headlines(n, seed)) {
            const auto sh = tradehost::news_dedup::shingle_hashes(h, 1);
            out.push_back(Keys{tradehost::news_dedup::simhash_of(sh), tradehost::news_dedup::min_hash_bands(sh)});
        }
        return out;
    };
    tradehost::news_dedup::BandIndex idx(10);
    const auto fill = keys_of(window, 1);
    for (size_t i = 0; i < window; ++i) idx.insert(fill[i].fp, fill[i].bands, static_cast<th_time_ns>(i));
    const auto probes = keys_of(kNearProbes, 2);
    size_t i = 0;
    int64_t found = 0;
    const uint64_t checked0 = idx.candidates_checked();
    for (auto _ : state) {
        const th_time_ns now = static_cast<th_time_ns>(window + i);
        const Keys& k = probes[i++ % probes.size()];
        found += idx.find(k.fp, k.bands, now, static_cast<int64_t>(window)).has_value();
        idx.insert(k.fp, k.bands, now);
        idx.expire(now - static_cast<th_time_ns>(window));
    }
    state.SetItemsProcessed(state.iterations());
    state.counters["found_share"] = static_cast<double>(found) / static_cast<double>(state.iterations());
    state.counters["checked_per_lookup"] =
        static_cast<double>(idx.candidates_checked() - checked0) / static_cast<double>(state.iterations());
}
BENCHMARK(Near_BandIndex)->Arg(1000)->Arg(10000)->Arg(100000)->ArgName("window")->Unit(benchmark::kNanosecond);

void Near_FullScanPeer(benchmark::State& state) {
    const size_t window = static_cast<size_t>(state.range(0));
    auto ring = synthetic_fingerprints(window, 1);  // the window, oldest replaced first
    const auto probes = synthetic_fingerprints(kNearProbes, 2);
    size_t i = 0;
    int64_t found = 0;
    for (auto _ : state) {
        const uint64_t fp = probes[i % probes.size()];
        int best = 65;
        for (uint64_t w : ring) best = std::min(best, tradehost::news_dedup::hamming(fp, w));
        found += best <= 10;
        ring[i++ % window] = fp;
    }
    state.SetItemsProcessed(state.iterations());
    state.counters["found_share"] = static_cast<double>(found) / static_cast<double>(state.iterations());
}
BENCHMARK(Near_FullScanPeer)->Arg(1000)->Arg(10000)->Arg(100000)->ArgName("window")->Unit(benchmark::kNanosecond);

// The whole news path per story: parse the feed, de-duplicate, score its headline.
void NewsPath_ParseDedupScore(benchmark::State& state) {
    const std::string xml = read_file(kRssData + "/rss2_sample.xml");
    tradehost::news_dedup::DedupSettings s;
    s.window_ns = 3600LL * 1000000000;
    int64_t stories = 0;
    double sink = 0;
    for (auto _ : state) {
        tradehost::news_dedup::Deduper d(s);
        const auto doc = tradehost::rss::parse_feed(xml);
        for (const auto& it : doc.items) {
            auto n = tradehost::make_event<th_news>(it.published.value_or(0));
            tradehost::copy_str(n.id, it.id);
            tradehost::copy_str(n.headline, it.title.empty() ? it.summary : it.title);
            tradehost::copy_str(n.summary, it.summary);
            if (d.offer(n).verdict == tradehost::news_dedup::Verdict::kKept)
                sink += vader().polarity_scores(n.headline).compound;
            ++stories;
        }
    }
    benchmark::DoNotOptimize(sink);
    state.SetItemsProcessed(stories);
}
BENCHMARK(NewsPath_ParseDedupScore)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
