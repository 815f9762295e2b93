// Precision and recall of the de-duplicator with its default settings on a labelled set
// (test_data/labelled_stories.tsv): rewrites of one event by other outlets, and distinct
// stories that share words, fed in published-time order as feeds would deliver them.
#include "deduper.hpp"

#include <tradehost/plugin.hpp>

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

using namespace tradehost::news_dedup;

namespace {

struct Labelled {
    std::string group;
    th_news story;
};

std::vector<Labelled> load() {
    std::ifstream in(std::string(TEST_DATA_DIR) + "/labelled_stories.tsv");
    std::vector<Labelled> out;
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string> f;
        std::stringstream ss(line);
        for (std::string x; std::getline(ss, x, '\t');) f.push_back(x);
        if (f.size() != 5) throw std::runtime_error("bad labelled line: " + line);
        auto n = tradehost::make_event<th_news>(1704205800000000000 + std::stoll(f[2]) * 60000000000);
        const std::string id = f[1] + "-" + std::to_string(out.size());
        tradehost::copy_str(n.id, id);
        tradehost::copy_str(n.source, f[1]);
        tradehost::copy_str(n.url, "https://" + f[1] + ".example/" + id);  // every outlet its own URL
        tradehost::copy_str(n.headline, f[3]);
        tradehost::copy_str(n.summary, f[4]);
        out.push_back({f[0], n});
    }
    return out;
}

}  // namespace

TEST(DedupPrecision, DefaultSettingsOnTheLabelledSet) {
    const auto set = load();
    ASSERT_EQ(set.size(), 36u);
    DedupSettings s;  // the plugin's defaults: distance 10, 1-word shingles
    s.window_ns = 24LL * 3600 * 1000000000;
    Deduper d(s);
    std::map<std::string, std::string> group_of_id;
    std::map<std::string, int> seen_groups;
    int flagged = 0, correct = 0, should = 0;
    for (const auto& l : set) {
        group_of_id[l.story.id] = l.group;
        const bool is_dup = seen_groups[l.group]++ > 0;
        should += is_dup;
        const Decision dec = d.offer(l.story);
        if (dec.verdict == Verdict::kKept) continue;
        ++flagged;
        correct += group_of_id[dec.duplicate_of] == l.group;
        EXPECT_EQ(group_of_id[dec.duplicate_of], l.group) << "false duplicate: " << l.story.headline;
    }
    const double precision = flagged ? static_cast<double>(correct) / flagged : 1.0;
    const double recall = should ? static_cast<double>(correct) / should : 1.0;
    std::printf("labelled set: %d duplicates to find, %d flagged, %d right: precision %.3f recall %.3f\n", should,
                flagged, correct, precision, recall);
    EXPECT_EQ(should, 10);
    EXPECT_DOUBLE_EQ(precision, 1.0);
    EXPECT_GE(recall, 0.9);
}
