// Order book: snapshots and deltas, removal, the venues' sequence rules, Kraken's checksum
// against its documented example, the price to fill a size, crossed books, depth limits.
#include <tradehost/venue/book.hpp>
#include <tradehost/venue/json.hpp>

#include <gtest/gtest.h>

#include <cstddef>
#include <cstring>
#include <functional>
#include <iterator>
#include <map>
#include <string_view>
#include <vector>

using namespace tradehost::venue;

namespace {

th_fixed F(std::string_view text) {
    auto v = json::fixed_from_text(text);
    EXPECT_TRUE(v.has_value()) << text;
    return v.value_or(0);
}

std::vector<BookLevel> side(const Book& b, BookSide s) {
    std::vector<BookLevel> out(b.size(s));
    b.top(s, out.data(), out.size());
    return out;
}

// BTCUSDT around 97,000, as Binance's REST depth would answer.
void btc_snapshot(Book& b, uint64_t last_update_id) {
    b.begin_snapshot();
    // Deliberately not in book order: the snapshot sorts once at the end.
    b.snapshot_level(BookSide::bid, F("97000.01"), F("0.52100000"));
    b.snapshot_level(BookSide::ask, F("97000.02"), F("1.20400000"));
    b.snapshot_level(BookSide::bid, F("96999.50"), F("0.01000000"));
    b.snapshot_level(BookSide::ask, F("97001.00"), F("0.25000000"));
    b.snapshot_level(BookSide::bid, F("96998.00"), F("2.00000000"));
    b.snapshot_level(BookSide::ask, F("97003.40"), F("3.10000000"));
    b.end_snapshot(last_update_id);
}

}  // namespace

TEST(Book, SnapshotThenDeltas) {
    Book b(100);
    EXPECT_FALSE(b.synced());
    btc_snapshot(b, 1027024);
    EXPECT_TRUE(b.synced());
    EXPECT_EQ(b.seq(), 1027024u);
    EXPECT_EQ(side(b, BookSide::bid), (std::vector<BookLevel>{{F("97000.01"), F("0.521")},
                                                             {F("96999.5"), F("0.01")},
                                                             {F("96998"), F("2")}}));
    EXPECT_EQ(side(b, BookSide::ask), (std::vector<BookLevel>{{F("97000.02"), F("1.204")},
                                                             {F("97001"), F("0.25")},
                                                             {F("97003.4"), F("3.1")}}));
    // A depthUpdate: a new best bid, a changed ask level, a new level deep in the asks.
    EXPECT_TRUE(b.set(BookSide::bid, F("97000.015"), F("0.1")));
    EXPECT_TRUE(b.set(BookSide::ask, F("97001.00"), F("0.75")));
    EXPECT_TRUE(b.set(BookSide::ask, F("97002.00"), F("1.5")));
    EXPECT_EQ(b.best_bid()->px, F("97000.015"));
    EXPECT_EQ(b.best_bid()->qty, F("0.1"));
    EXPECT_EQ(b.qty_at(BookSide::ask, F("97001")), F("0.75"));
    EXPECT_EQ(b.level(BookSide::ask, 2).px, F("97002"));
    EXPECT_EQ(b.size(BookSide::bid), 4u);
    EXPECT_EQ(b.size(BookSide::ask), 4u);
    EXPECT_EQ(*b.spread(), F("0.005"));
    EXPECT_EQ(*b.mid(), F("97000.0175"));
    EXPECT_FALSE(b.crossed());

    BookLevel top2[2];
    ASSERT_EQ(b.top(BookSide::bid, top2, 2), 2u);
    EXPECT_EQ(top2[0].px, F("97000.015"));
    EXPECT_EQ(top2[1].px, F("97000.01"));
}

TEST(Book, QuantityZeroRemovesALevel) {
    Book b;
    btc_snapshot(b, 1);
    EXPECT_TRUE(b.set(BookSide::bid, F("97000.01"), 0));  // the best bid goes
    EXPECT_EQ(b.best_bid()->px, F("96999.5"));
    EXPECT_TRUE(b.set(BookSide::ask, F("97001.00"), 0));  // a level behind the touch goes
    EXPECT_EQ(side(b, BookSide::ask), (std::vector<BookLevel>{{F("97000.02"), F("1.204")}, {F("97003.4"), F("3.1")}}));
    // Removing a level the book does not hold is normal (Binance says so) and changes nothing.
    EXPECT_TRUE(b.set(BookSide::ask, F("97555"), 0));
    EXPECT_EQ(b.size(BookSide::ask), 2u);
    // Emptying a side: best, mid and spread have no answer.
    b.set(BookSide::bid, F("96999.5"), 0);
    b.set(BookSide::bid, F("96998"), 0);
    EXPECT_FALSE(b.best_bid());
    EXPECT_FALSE(b.mid());
    EXPECT_FALSE(b.spread());
    EXPECT_FALSE(b.set(BookSide::bid, F("-1"), F("1")));   // nonsense refused
    EXPECT_FALSE(b.set(BookSide::bid, F("1"), F("-1")));
}

TEST(Book, BinanceUpdateIdRule) {
    // "How to manage a local order book correctly": snapshot lastUpdateId 1027024; events
    // with u <= 1027024 are dropped; the first applied has U <= 1027025 <= u; afterwards
    // each U must be the previous u + 1, else the book is resynced.
    Book b;
    btc_snapshot(b, 1027024);
    EXPECT_EQ(b.check_range(1027017, 1027020), SeqCheck::stale);
    EXPECT_EQ(b.check_range(1027021, 1027024), SeqCheck::stale);
    EXPECT_EQ(b.check_range(1027022, 1027030), SeqCheck::apply);  // straddles the snapshot
    b.set_seq(1027022, 1027030);
    EXPECT_EQ(b.first_seq(), 1027022u);
    EXPECT_EQ(b.check_range(1027031, 1027033), SeqCheck::apply);
    b.set_seq(1027031, 1027033);
    EXPECT_EQ(b.check_range(1027036, 1027040), SeqCheck::gap);  // 1027034..35 missed
    // A snapshot taken after the first buffered event: U > lastUpdateId + 1 is a gap too.
    Book c;
    btc_snapshot(c, 100);
    EXPECT_EQ(c.check_range(102, 110), SeqCheck::gap);
    EXPECT_EQ(c.check_range(101, 101), SeqCheck::apply);
    c.invalidate();
    EXPECT_FALSE(c.synced());
    EXPECT_TRUE(c.empty());
}

TEST(Book, PerMessageSequence) {
    // Coinbase level2: sequence_num 7 was the snapshot; 8 applies, 10 after 8 is a gap,
    // a repeated 8 is stale.
    Book b;
    btc_snapshot(b, 7);
    EXPECT_EQ(b.check_next(8), SeqCheck::apply);
    b.set_seq(8);
    EXPECT_EQ(b.check_next(8), SeqCheck::stale);
    EXPECT_EQ(b.check_next(10), SeqCheck::gap);
    EXPECT_EQ(b.check_next(9), SeqCheck::apply);
}

TEST(Book, KrakenChecksumDocumentedExample) {
    // Kraken's "Book checksum (WebSocket v2)" guide: the BTC/USD snapshot below has checksum
    // 3310070434 (price precision 1, qty precision 8).
    Book b(1000);
    b.begin_snapshot();
    const char* bids[][2] = {{"45283.5", "0.10000000"}, {"45283.4", "1.54582015"}, {"45282.1", "0.10000000"},
                             {"45281.0", "0.10000000"}, {"45280.3", "1.54592586"}, {"45279.0", "0.07990000"},
                             {"45277.6", "0.03310103"}, {"45277.5", "0.30000000"}, {"45277.3", "1.54602737"},
                             {"45276.6", "0.15445238"}};
    const char* asks[][2] = {{"45285.2", "0.00100000"}, {"45286.4", "1.54571953"}, {"45286.6", "1.54571109"},
                             {"45289.6", "1.54560911"}, {"45290.2", "0.15890660"}, {"45291.8", "1.54553491"},
                             {"45294.7", "0.04454749"}, {"45296.1", "0.35380000"}, {"45297.5", "0.09945542"},
                             {"45299.5", "0.18772827"}};
    for (auto& l : bids) b.snapshot_level(BookSide::bid, F(l[0]), F(l[1]));
    for (auto& l : asks) b.snapshot_level(BookSide::ask, F(l[0]), F(l[1]));
    b.end_snapshot();
    EXPECT_EQ(kraken_checksum(b, 1, 8), 3310070434u);

    // Levels beyond the top 10 do not count.
    b.set(BookSide::bid, F("45000.0"), F("9"));
    EXPECT_EQ(kraken_checksum(b, 1, 8), 3310070434u);
    // Any change within the top 10 does.
    b.set(BookSide::ask, F("45285.2"), F("0.00200000"));
    EXPECT_NE(kraken_checksum(b, 1, 8), 3310070434u);
    b.set(BookSide::ask, F("45285.2"), F("0.00100000"));
    EXPECT_EQ(kraken_checksum(b, 1, 8), 3310070434u);
}

TEST(Book, Crc32MatchesZlib) {
    // zlib.crc32(b"123456789") == 0xCBF43926, the standard check value.
    EXPECT_EQ(crc32(0, "123456789", 9), 0xCBF43926u);
    EXPECT_EQ(crc32(crc32(0, "12345", 5), "6789", 4), 0xCBF43926u);
}

TEST(Book, PriceToFillASize) {
    Book b;
    b.begin_snapshot();
    b.snapshot_level(BookSide::ask, F("100.00"), F("1"));
    b.snapshot_level(BookSide::ask, F("100.50"), F("2"));
    b.snapshot_level(BookSide::ask, F("101.00"), F("5"));
    b.snapshot_level(BookSide::bid, F("99.50"), F("3"));
    b.snapshot_level(BookSide::bid, F("99.00"), F("0.5"));
    b.end_snapshot();

    // Buy 4: 1 @ 100, 2 @ 100.5, 1 @ 101 = 402; VWAP 100.5; a limit of 101 fills it.
    FillEstimate buy = b.fill(BookSide::ask, F("4"));
    EXPECT_TRUE(buy.complete);
    EXPECT_EQ(buy.filled, F("4"));
    EXPECT_EQ(buy.notional, F("402"));
    EXPECT_EQ(buy.vwap, F("100.5"));
    EXPECT_EQ(buy.worst_px, F("101"));
    EXPECT_EQ(buy.levels, 3u);

    // Buy 0.25 within the best level.
    FillEstimate small = b.fill(BookSide::ask, F("0.25"));
    EXPECT_EQ(small.vwap, F("100"));
    EXPECT_EQ(small.notional, F("25"));
    EXPECT_EQ(small.levels, 1u);

    // Sell 3.3: 3 @ 99.5, 0.3 @ 99 = 298.5 + 29.7 = 328.2; VWAP 99.454545454...
    FillEstimate sell = b.fill(BookSide::bid, F("3.3"));
    EXPECT_TRUE(sell.complete);
    EXPECT_EQ(sell.notional, F("328.2"));
    EXPECT_EQ(sell.vwap, F("99.45454545"));  // rounded toward zero
    EXPECT_EQ(sell.worst_px, F("99"));

    // More than the book holds: what there is, marked incomplete.
    FillEstimate big = b.fill(BookSide::bid, F("10"));
    EXPECT_FALSE(big.complete);
    EXPECT_EQ(big.filled, F("3.5"));
    EXPECT_EQ(big.notional, F("348"));  // 3 @ 99.5 + 0.5 @ 99
    EXPECT_EQ(big.levels, 2u);

    // Large prices and sizes do not overflow: 5000 BTC at 97,000.
    Book c;
    c.set(BookSide::ask, F("97000"), F("5000"));
    EXPECT_EQ(c.fill(BookSide::ask, F("5000")).notional, F("485000000"));
}

TEST(Book, CrossedBook) {
    Book b;
    btc_snapshot(b, 1);
    // A bid through the best two asks (a missed ask removal, say).
    b.set(BookSide::bid, F("97001.50"), F("0.3"));
    EXPECT_TRUE(b.crossed());
    EXPECT_LT(*b.spread(), 0);
    // Trusting the side just updated removes the asks at or below 97001.50.
    EXPECT_EQ(b.uncross(BookSide::bid), 2u);
    EXPECT_FALSE(b.crossed());
    EXPECT_EQ(b.best_ask()->px, F("97003.4"));
    EXPECT_EQ(b.best_bid()->px, F("97001.5"));
    // Touching (bid == ask) counts as crossed too; trusting the ask removes the bid.
    b.set(BookSide::ask, F("97001.50"), F("1"));
    EXPECT_TRUE(b.crossed());
    EXPECT_EQ(b.uncross(BookSide::ask), 1u);
    EXPECT_EQ(b.best_bid()->px, F("97000.01"));
    EXPECT_EQ(b.uncross(BookSide::ask), 0u);
}

TEST(Book, DepthLimitKeepsTheBestLevels) {
    Book b(3);
    b.set(BookSide::bid, F("10"), F("1"));
    b.set(BookSide::bid, F("11"), F("1"));
    b.set(BookSide::bid, F("12"), F("1"));
    EXPECT_FALSE(b.set(BookSide::bid, F("9"), F("1")));  // worse than all three kept
    EXPECT_TRUE(b.set(BookSide::bid, F("11.5"), F("2")));  // 10 goes
    EXPECT_EQ(side(b, BookSide::bid), (std::vector<BookLevel>{{F("12"), F("1")}, {F("11.5"), F("2")}, {F("11"), F("1")}}));
    b.set(BookSide::ask, F("13"), F("1"));
    b.set(BookSide::ask, F("14"), F("1"));
    b.truncate(1);
    EXPECT_EQ(b.size(BookSide::bid), 1u);
    EXPECT_EQ(b.size(BookSide::ask), 1u);
    EXPECT_EQ(b.best_ask()->px, F("13"));

    // A snapshot larger than the depth keeps its best levels whatever the order given.
    Book s(2);
    s.begin_snapshot();
    for (const char* px : {"5", "9", "7", "8", "6"}) s.snapshot_level(BookSide::ask, F(px), F("1"));
    for (const char* px : {"1", "4", "2", "3"}) s.snapshot_level(BookSide::bid, F(px), F("1"));
    s.end_snapshot(42);
    EXPECT_EQ(side(s, BookSide::ask), (std::vector<BookLevel>{{F("5"), F("1")}, {F("6"), F("1")}}));
    EXPECT_EQ(side(s, BookSide::bid), (std::vector<BookLevel>{{F("4"), F("1")}, {F("3"), F("1")}}));
    EXPECT_EQ(s.seq(), 42u);
}

TEST(Book, SnapshotReplacesTheBook) {
    Book b;
    btc_snapshot(b, 5);
    b.set(BookSide::bid, F("90000"), F("1"));
    b.begin_snapshot();
    b.snapshot_level(BookSide::bid, F("1.5"), F("2"));
    b.snapshot_level(BookSide::bid, F("1.4"), F("0"));  // zero in a snapshot: no level
    b.end_snapshot(9);
    EXPECT_EQ(side(b, BookSide::bid), (std::vector<BookLevel>{{F("1.5"), F("2")}}));
    EXPECT_EQ(b.size(BookSide::ask), 0u);
    EXPECT_EQ(b.seq(), 9u);
}

TEST(Book, ThBookEventRoundTrip) {
    Book b;
    btc_snapshot(b, 1027024);
    b.set_seq(1027020, 1027024);
    static th_book ev;  // 16 KB: not on the stack
    fill_book_event(b, 42, 1'700'000'000'000'000'000, ev, 2, true);
    EXPECT_EQ(ev.hdr.type, TH_EV_BOOK);
    EXPECT_EQ(ev.hdr.version, 1);
    EXPECT_EQ(ev.hdr.size, th_book_size(2, 2));
    EXPECT_EQ(ev.hdr.size, offsetof(th_book, levels) + 4 * sizeof(th_book_level));
    EXPECT_EQ(ev.instrument, 42u);
    EXPECT_EQ(ev.snapshot, 1);
    EXPECT_EQ(ev.checksum, TH_BOOK_CHECKSUM_VERIFIED);
    EXPECT_EQ(ev.bid_count, 2);
    EXPECT_EQ(ev.ask_count, 2);
    EXPECT_EQ(ev.venue_seq, 1027024u);
    EXPECT_EQ(ev.first_venue_seq, 1027020u);
    EXPECT_EQ(ev.levels[0].px, F("97000.01"));  // best bid first
    EXPECT_EQ(ev.levels[1].px, F("96999.5"));
    EXPECT_EQ(ev.levels[2].px, F("97000.02"));  // then the best ask
    EXPECT_EQ(ev.levels[3].px, F("97001"));

    Book c;
    ASSERT_TRUE(apply_book_event(c, ev.hdr));
    EXPECT_TRUE(c.synced());
    EXPECT_EQ(c.seq(), 1027024u);
    EXPECT_EQ(side(c, BookSide::bid), (std::vector<BookLevel>{{F("97000.01"), F("0.521")}, {F("96999.5"), F("0.01")}}));
    EXPECT_EQ(side(c, BookSide::ask), (std::vector<BookLevel>{{F("97000.02"), F("1.204")}, {F("97001"), F("0.25")}}));

    // A delta: the best bid goes, an ask changes.
    static th_book d;
    std::memset(&d, 0, sizeof d);
    d.hdr.type = TH_EV_BOOK;
    d.hdr.version = 1;
    d.bid_count = 1;
    d.ask_count = 1;
    d.hdr.size = th_book_size(1, 1);
    d.levels[0] = {F("97000.01"), 0};
    d.levels[1] = {F("97001"), F("2")};
    d.first_venue_seq = 1027025;
    d.venue_seq = 1027030;
    ASSERT_TRUE(apply_book_event(c, d.hdr));
    EXPECT_EQ(c.best_bid()->px, F("96999.5"));
    EXPECT_EQ(c.qty_at(BookSide::ask, F("97001")), F("2"));
    EXPECT_EQ(c.seq(), 1027030u);
    EXPECT_EQ(c.first_seq(), 1027025u);

    // Counts that do not fit the size, or another kind: refused, book unchanged.
    d.hdr.size = th_book_size(1, 0);
    EXPECT_FALSE(apply_book_event(c, d.hdr));
    d.hdr.size = th_book_size(1, 1);
    d.hdr.type = TH_EV_QUOTE;
    EXPECT_FALSE(apply_book_event(c, d.hdr));
    EXPECT_EQ(c.size(BookSide::bid), 1u);
}

TEST(Book, ThBookEventCapsAtMaxLevels) {
    Book b(2000);
    for (int i = 1; i <= 900; ++i) {
        b.set(BookSide::bid, i * TH_FIXED_SCALE, TH_FIXED_SCALE);
        b.set(BookSide::ask, (1000 + i) * TH_FIXED_SCALE, TH_FIXED_SCALE);
    }
    static th_book ev;
    fill_book_event(b, 1, 0, ev, 900);
    EXPECT_EQ(ev.bid_count + ev.ask_count, TH_BOOK_MAX_LEVELS);
    EXPECT_EQ(ev.bid_count, TH_BOOK_MAX_LEVELS / 2);
    EXPECT_LE(ev.hdr.size, static_cast<uint32_t>(TH_EVENT_MAX_SIZE));
    EXPECT_EQ(ev.levels[0].px, 900 * TH_FIXED_SCALE);
    b.truncate(100);  // a thin bid side leaves its share to the asks
    for (int i = 1; i <= 900; ++i) b.set(BookSide::ask, (1000 + i) * TH_FIXED_SCALE, TH_FIXED_SCALE);
    fill_book_event(b, 1, 0, ev, 1000);
    EXPECT_EQ(ev.bid_count, 100);
    EXPECT_EQ(ev.ask_count, 900);
}

TEST(Book, RandomUpdatesMatchAMapBook) {
    // 20 000 random sets and removals near a moving touch, checked against std::map after
    // every step; a truncate now and then (both books cut to the same depth).
    std::map<th_fixed, th_fixed, std::greater<>> bids;
    std::map<th_fixed, th_fixed> asks;
    Book b(4096);
    uint64_t x = 88172645463325252ull;  // xorshift64: deterministic
    auto next = [&] {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        return x;
    };
    const th_fixed tick = TH_FIXED_SCALE / 100;
    for (int i = 0; i < 20000; ++i) {
        const bool bid = next() & 1;
        const th_fixed dist = static_cast<th_fixed>(next() % 40);
        const th_fixed px = bid ? (10000 - dist) * tick : (10001 + dist) * tick;
        const th_fixed qty = (next() % 3 == 0) ? 0 : static_cast<th_fixed>(1 + next() % 1000) * tick;
        b.set(bid ? BookSide::bid : BookSide::ask, px, qty);
        if (bid) {
            if (qty == 0) bids.erase(px);
            else bids[px] = qty;
        } else {
            if (qty == 0) asks.erase(px);
            else asks[px] = qty;
        }
        if (i % 997 == 0) {
            b.truncate(25);
            while (bids.size() > 25) bids.erase(std::prev(bids.end()));
            while (asks.size() > 25) asks.erase(std::prev(asks.end()));
        }
        ASSERT_EQ(b.size(BookSide::bid), bids.size());
        ASSERT_EQ(b.size(BookSide::ask), asks.size());
        std::size_t j = 0;
        for (const auto& [p, q] : bids) ASSERT_EQ(b.level(BookSide::bid, j++), (BookLevel{p, q}));
        j = 0;
        for (const auto& [p, q] : asks) ASSERT_EQ(b.level(BookSide::ask, j++), (BookLevel{p, q}));
    }
}
