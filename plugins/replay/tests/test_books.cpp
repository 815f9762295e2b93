// format: books: the recorded prediction-market minute replays as th_book snapshots and
// deltas (levels best first), each preceded by its top as a quote; bad rows are named by
// file:line; a hot reload rebuilds the books so the quotes after it are the books' tops.
#include <tradehost/testing/harness.hpp>

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

using tradehost::testing::Harness;
namespace fs = std::filesystem;

namespace {

constexpr int64_t kUs = 1000;
const std::string kBooks = std::string(TEST_DATA_DIR) + "/prediction_books.csv";

th_fixed fx(const char* s) {
    th_fixed v = 0;
    EXPECT_TRUE(tradehost::parse_fixed(s, v)) << s;
    return v;
}

void drain(Harness& h) {
    h.advance(0);
    for (int i = 0; i < 100000 && !h.source_finished(); ++i) h.advance(100 * kUs);
    ASSERT_TRUE(h.source_finished());
}

std::string books_error(const std::string& name, const std::string& text) {
    const std::string path = (fs::temp_directory_path() / ("th_replay_books_" + std::to_string(::getpid()) + "_" + name)).string();
    std::ofstream(path) << text;
    Harness h(PLUGIN_PATH);
    h.set("file", path);
    h.set("format", "books");
    std::string what;
    try {
        h.create();
        ADD_FAILURE() << "create accepted " << name;
    } catch (const std::exception& e) {
        what = e.what();
    }
    std::remove(path.c_str());
    return what;
}

}  // namespace

TEST(ReplayBooks, ThePredictionMinuteAsSnapshotsDeltasAndTops) {
    Harness h(PLUGIN_PATH);
    EXPECT_EQ(h.port_index("books"), 2u);  // appended: quotes and bars keep 0 and 1
    h.set("file", kBooks);
    h.set("format", "books");
    h.create();
    h.start();
    drain(h);
    const auto all = h.published();
    auto books = h.take<th_book>("books");
    auto quotes = h.take<th_quote>("quotes");
    // 2 x 5 snapshots and 10 deltas.
    ASSERT_EQ(books.size(), 20u);
    ASSERT_EQ(quotes.size(), 20u);  // every book here is two-sided
    EXPECT_EQ(all[0].port, "quotes");  // the top goes first
    EXPECT_EQ(all[1].port, "books");
    const th_book& yes = books[0];
    EXPECT_EQ(h.symbol(yes.instrument), "M1-YES");
    EXPECT_EQ(yes.snapshot, 1);
    ASSERT_EQ(yes.bid_count, 2);
    ASSERT_EQ(yes.ask_count, 2);
    EXPECT_EQ(yes.hdr.size, th_book_size(2, 2));
    EXPECT_EQ(yes.levels[0].px, fx("0.47"));  // bids best first
    EXPECT_EQ(yes.levels[1].px, fx("0.46"));
    EXPECT_EQ(yes.levels[2].px, fx("0.53"));  // then asks best first
    EXPECT_EQ(yes.levels[3].qty, fx("400"));
    EXPECT_EQ(yes.hdr.ts, 1796133600000000000);  // 2026-12-01T14:00:00Z
    // 5 s: the 0.48 offer; its quote shows the new top.
    const th_book& d = books[5];
    EXPECT_EQ(d.snapshot, 0);
    EXPECT_EQ(d.ask_count, 1);
    EXPECT_EQ(d.levels[0].px, fx("0.48"));
    EXPECT_EQ(quotes[5].bid_px, fx("0.47"));
    EXPECT_EQ(quotes[5].ask_px, fx("0.48"));
    EXPECT_EQ(quotes[5].ask_qty, fx("50"));
    // 10 s: removed (qty 0): the top is 0.53 again.
    EXPECT_EQ(books[6].levels[0].qty, 0);
    EXPECT_EQ(quotes[6].ask_px, fx("0.53"));
}

TEST(ReplayBooks, BadRowsAreNamed) {
    const std::string head = "ts,symbol,type,side,price,qty\n";
    std::string e = books_error("side", head + "1,A,snapshot,up,0.5,1\n");
    EXPECT_NE(e.find(":2: bad side 'up': expected 'bid' or 'ask'"), std::string::npos) << e;
    e = books_error("type", head + "1,A,full,bid,0.5,1\n");
    EXPECT_NE(e.find(":2: bad type 'full'"), std::string::npos) << e;
    e = books_error("zero", head + "1,A,snapshot,bid,0.5,0\n");
    EXPECT_NE(e.find(":2: a snapshot level needs qty > 0"), std::string::npos) << e;
    e = books_error("price", head + "1,A,delta,ask,-1,5\n");
    EXPECT_NE(e.find(":2: bad price '-1'"), std::string::npos) << e;
    e = books_error("twice", head + "1,A,snapshot,bid,0.5,1\n1,A,snapshot,bid,0.5,2\n");
    EXPECT_NE(e.find(":2: a price appears twice"), std::string::npos) << e;
    e = books_error("order", head + "2,A,snapshot,bid,0.5,1\n1,A,delta,bid,0.5,2\n");
    EXPECT_NE(e.find(":3: ts '1' is earlier"), std::string::npos) << e;
    e = books_error("column", "ts,symbol,side,price,qty\n");
    EXPECT_NE(e.find("missing column 'type' for format 'books'"), std::string::npos) << e;
}

TEST(ReplayBooks, HotReloadRebuildsTheBooks) {
    Harness a(PLUGIN_PATH);
    a.set("file", kBooks);
    a.set("format", "books");
    a.set("batch", "6");  // the first tick publishes the 5 snapshots and the 0.48 offer
    a.create();
    a.start();
    a.advance(0);
    ASSERT_EQ(a.take<th_book>("books").size(), 6u);
    a.stop();
    const std::string snap = a.snapshot();

    Harness b(PLUGIN_PATH);
    b.set("file", kBooks);
    b.set("format", "books");
    b.set("batch", "1");
    b.create();
    b.restore(snap);
    b.start();
    b.advance(0);
    const auto q = b.take<th_quote>("quotes");
    ASSERT_EQ(q.size(), 1u);
    // The 0.48 offer is removed: the rebuilt YES book shows 0.47 / 0.53 again.
    EXPECT_EQ(q[0].bid_px, fx("0.47"));
    EXPECT_EQ(q[0].ask_px, fx("0.53"));
}
