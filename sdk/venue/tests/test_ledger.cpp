// Ledger: order bookkeeping, fill de-duplication with a bounded id window and a watermark,
// and the persisted blob (round trip, and refusal of truncated or foreign blobs).
#include <tradehost/venue/ledger.hpp>

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>

using namespace tradehost::venue;

namespace {

constexpr th_fixed kOne = TH_FIXED_SCALE;

LedgerOrder make_order(std::string id, th_fixed qty = 2 * kOne, uint8_t side = TH_SIDE_BUY) {
    LedgerOrder o;
    o.client_order_id = std::move(id);
    o.instrument = 7;
    o.side = side;
    o.order_qty = qty;
    return o;
}

std::vector<std::string> ids(const std::vector<const LedgerOrder*>& orders) {
    std::vector<std::string> out;
    for (const LedgerOrder* o : orders) out.push_back(o->client_order_id);
    return out;
}

}  // namespace

TEST(Ledger, AddOrderRefusesADuplicateClientId) {
    Ledger ledger;
    EXPECT_TRUE(ledger.add_order(make_order("c1")));
    EXPECT_FALSE(ledger.add_order(make_order("c1", 5 * kOne)));
    ASSERT_NE(ledger.order("c1"), nullptr);
    EXPECT_EQ(ledger.order("c1")->order_qty, 2 * kOne);  // the first one stays
    EXPECT_EQ(ledger.order("c1")->status, TH_STATUS_PENDING_NEW);
    EXPECT_EQ(ledger.order("nope"), nullptr);
}

TEST(Ledger, OrderByVenueId) {
    Ledger ledger;
    ledger.add_order(make_order("c1"));
    LedgerOrder pre = make_order("c2");
    pre.venue_order_id = "V2";  // already acknowledged when added (e.g. restored from the venue)
    ledger.add_order(pre);
    EXPECT_EQ(ledger.order_by_venue_id("V1"), nullptr);
    ledger.set_venue_id("c1", "V1");
    ASSERT_NE(ledger.order_by_venue_id("V1"), nullptr);
    EXPECT_EQ(ledger.order_by_venue_id("V1")->client_order_id, "c1");
    EXPECT_EQ(ledger.order("c1")->venue_order_id, "V1");
    ASSERT_NE(ledger.order_by_venue_id("V2"), nullptr);
    EXPECT_EQ(ledger.order_by_venue_id("V2")->client_order_id, "c2");
    // The venue re-keyed the order (e.g. an amend that issues a new id): the old id is gone.
    ledger.set_venue_id("c1", "V1b");
    EXPECT_EQ(ledger.order_by_venue_id("V1"), nullptr);
    EXPECT_EQ(ledger.order_by_venue_id("V1b")->client_order_id, "c1");
    ledger.set_venue_id("unknown", "V9");  // not ours: ignored
    EXPECT_EQ(ledger.order_by_venue_id("V9"), nullptr);
}

TEST(Ledger, OpenOrdersAreTheNonTerminalOnesInSendingOrder) {
    Ledger ledger;
    for (const char* id : {"a", "b", "c", "d", "e"}) ledger.add_order(make_order(id));
    ledger.order("b")->status = TH_STATUS_FILLED;
    ledger.order("c")->status = TH_STATUS_PARTIALLY_FILLED;
    ledger.order("d")->status = TH_STATUS_CANCELED;
    ledger.order("e")->status = TH_STATUS_NEW;
    EXPECT_EQ(ids(ledger.open_orders()), (std::vector<std::string>{"a", "c", "e"}));
    ledger.order("a")->status = TH_STATUS_REJECTED;
    ledger.order("e")->status = TH_STATUS_EXPIRED;
    EXPECT_EQ(ids(ledger.open_orders()), (std::vector<std::string>{"c"}));
}

TEST(Ledger, PruneTerminalKeepsTheNewestTerminalAndAllOpenOrders) {
    Ledger ledger;
    for (const char* id : {"t1", "open1", "t2", "t3", "open2", "t4"}) {
        LedgerOrder o = make_order(id);
        o.venue_order_id = std::string("V") + id;
        o.status = id[0] == 't' ? TH_STATUS_FILLED : TH_STATUS_NEW;
        ledger.add_order(o);
    }
    ledger.prune_terminal(2);
    EXPECT_EQ(ledger.order("t1"), nullptr);
    EXPECT_EQ(ledger.order("t2"), nullptr);
    EXPECT_EQ(ledger.order_by_venue_id("Vt1"), nullptr);  // index pruned too
    EXPECT_NE(ledger.order("t3"), nullptr);
    EXPECT_NE(ledger.order("t4"), nullptr);
    EXPECT_NE(ledger.order_by_venue_id("Vt4"), nullptr);
    EXPECT_EQ(ids(ledger.open_orders()), (std::vector<std::string>{"open1", "open2"}));
    // A pruned id can be used again; the kept ones still cannot.
    EXPECT_TRUE(ledger.add_order(make_order("t1")));
    EXPECT_FALSE(ledger.add_order(make_order("t3")));
    ledger.prune_terminal(0);
    EXPECT_EQ(ledger.order("t3"), nullptr);
    EXPECT_EQ(ledger.order("t4"), nullptr);
    EXPECT_EQ(ids(ledger.open_orders()), (std::vector<std::string>{"open1", "open2", "t1"}));
}

TEST(Ledger, RecordFillDedupesAndAccumulatesIntoItsOrder) {
    Ledger ledger;
    ledger.add_order(make_order("c1", 3 * kOne));
    EXPECT_EQ(ledger.fill_watermark_ns(), 0);
    EXPECT_FALSE(ledger.has_fill("f1", 100));
    EXPECT_TRUE(ledger.record_fill("f1", 100, "c1", 50 * kOne, kOne));            // 1 @ 50
    EXPECT_FALSE(ledger.record_fill("f1", 100, "c1", 50 * kOne, kOne));           // replayed
    EXPECT_TRUE(ledger.record_fill("f2", 90, "c1", 51 * kOne + kOne / 2, kOne / 2));  // 0.5 @ 51.5, late
    const LedgerOrder* o = ledger.order("c1");
    EXPECT_EQ(o->cum_qty, kOne + kOne / 2);
    EXPECT_EQ(o->notional, 50 * kOne + 25 * kOne + 3 * kOne / 4);  // 50 + 25.75
    EXPECT_TRUE(ledger.has_fill("f1", 0));
    EXPECT_TRUE(ledger.has_fill("f2", 12345));
    EXPECT_FALSE(ledger.has_fill("f3", 100));
    EXPECT_EQ(ledger.fill_watermark_ns(), 100);  // the newest, not the last recorded
    // A fill for an order this ledger does not know is still recorded (and de-duplicated).
    EXPECT_TRUE(ledger.record_fill("f9", 200, "foreign", kOne, kOne));
    EXPECT_FALSE(ledger.record_fill("f9", 200, "foreign", kOne, kOne));
    EXPECT_EQ(ledger.fill_watermark_ns(), 200);
}

TEST(Ledger, FillsWithTimeZeroAreNotMistakenForForgottenOnes) {
    Ledger ledger;
    EXPECT_FALSE(ledger.has_fill("x", 0));
    EXPECT_FALSE(ledger.has_fill("x", -5));
    EXPECT_TRUE(ledger.record_fill("x", 0, "", kOne, kOne));
}

TEST(Ledger, EvictionFallsBackToTheTimeOfTheNewestForgottenFill) {
    Ledger ledger(3);
    EXPECT_TRUE(ledger.record_fill("f1", 10, "", kOne, kOne));
    EXPECT_TRUE(ledger.record_fill("f2", 30, "", kOne, kOne));
    EXPECT_TRUE(ledger.record_fill("f3", 20, "", kOne, kOne));
    EXPECT_FALSE(ledger.has_fill("other", 5));  // nothing evicted yet: ids alone decide
    EXPECT_TRUE(ledger.record_fill("f4", 40, "", kOne, kOne));  // evicts f1 (ts 10)
    EXPECT_TRUE(ledger.has_fill("f1", 10));   // by time now
    EXPECT_TRUE(ledger.has_fill("other", 9));  // older than the forgotten window: judged recorded
    EXPECT_FALSE(ledger.has_fill("other", 11));
    EXPECT_TRUE(ledger.record_fill("f5", 50, "", kOne, kOne));  // evicts f2 (ts 30)
    EXPECT_TRUE(ledger.has_fill("f2", 30));
    EXPECT_TRUE(ledger.has_fill("late", 25));  // at or before the newest forgotten time
    EXPECT_FALSE(ledger.record_fill("late", 25, "", kOne, kOne));
    EXPECT_TRUE(ledger.has_fill("f3", 20));    // still kept by id
    EXPECT_TRUE(ledger.has_fill("f5", 50));
    EXPECT_FALSE(ledger.has_fill("new", 31));
    EXPECT_EQ(ledger.fill_watermark_ns(), 50);
}

TEST(Ledger, SerializeRoundTrip) {
    Ledger ledger(4);
    LedgerOrder a = make_order("a", 3 * kOne, TH_SIDE_SELL);
    a.instrument = 42;
    ledger.add_order(a);
    ledger.add_order(make_order("b"));
    ledger.add_order(make_order("c"));
    ledger.set_venue_id("a", "VA");
    ledger.order("b")->status = TH_STATUS_FILLED;
    for (int i = 0; i < 6; ++i)
        ledger.record_fill("f" + std::to_string(i), 100 + i, "a", 10 * kOne, kOne / 10);  // evicts f0, f1
    const std::string blob = ledger.serialize();

    Ledger restored(4);
    restored.add_order(make_order("junk"));  // replaced by the blob's contents
    ASSERT_TRUE(restored.deserialize(blob));
    EXPECT_EQ(restored.order("junk"), nullptr);
    const LedgerOrder* ra = restored.order("a");
    ASSERT_NE(ra, nullptr);
    EXPECT_EQ(ra->venue_order_id, "VA");
    EXPECT_EQ(ra->instrument, 42u);
    EXPECT_EQ(ra->side, TH_SIDE_SELL);
    EXPECT_EQ(ra->order_qty, 3 * kOne);
    EXPECT_EQ(ra->cum_qty, 6 * kOne / 10);
    EXPECT_EQ(ra->notional, 6 * kOne);
    EXPECT_EQ(restored.order("b")->status, TH_STATUS_FILLED);
    EXPECT_EQ(restored.order_by_venue_id("VA"), ra);
    EXPECT_EQ(ids(restored.open_orders()), (std::vector<std::string>{"a", "c"}));
    EXPECT_EQ(restored.fill_watermark_ns(), 105);
    for (int i = 0; i < 6; ++i) EXPECT_TRUE(restored.has_fill("f" + std::to_string(i), 100 + i)) << i;
    EXPECT_TRUE(restored.has_fill("older", 101));  // the forgotten-before time survived
    EXPECT_FALSE(restored.has_fill("newer", 106));
    EXPECT_FALSE(restored.add_order(make_order("a")));
    EXPECT_EQ(restored.serialize(), blob);  // byte-identical

    // A smaller window on restore forgets the oldest ids, judging them by time instead.
    Ledger narrow(2);
    ASSERT_TRUE(narrow.deserialize(blob));
    EXPECT_TRUE(narrow.has_fill("f2", 102));
    EXPECT_TRUE(narrow.has_fill("x", 103));
    EXPECT_FALSE(narrow.has_fill("x", 104));

    Ledger empty;
    Ledger empty_restored;
    ASSERT_TRUE(empty_restored.deserialize(empty.serialize()));
    EXPECT_FALSE(empty_restored.has_fill("x", 0));
    EXPECT_EQ(empty_restored.fill_watermark_ns(), 0);
}

TEST(Ledger, DeserializeRefusesCorruptBlobsAndChangesNothing) {
    Ledger source;
    source.add_order(make_order("a"));
    source.set_venue_id("a", "VA");
    source.record_fill("f1", 100, "a", kOne, kOne);
    const std::string blob = source.serialize();

    Ledger target;
    target.add_order(make_order("keep"));
    target.record_fill("kf", 7, "keep", kOne, kOne);
    const std::string before = target.serialize();
    auto refused = [&](const std::string& bad) {
        EXPECT_FALSE(target.deserialize(bad));
        EXPECT_EQ(target.serialize(), before);
    };

    // Every truncation of a valid blob.
    for (std::size_t n = 0; n < blob.size(); ++n) refused(blob.substr(0, n));
    // Trailing bytes, wrong magic, unknown version.
    refused(blob + "x");
    std::string bad_magic = blob;
    bad_magic[0] ^= 0x01;
    refused(bad_magic);
    std::string bad_version = blob;
    bad_version[4] = 9;
    refused(bad_version);
    // Garbage of assorted sizes, including huge length prefixes.
    refused("not a ledger");
    refused(std::string(64, '\xff'));
    std::string huge_count = blob.substr(0, 24) + std::string("\xff\xff\xff\xff", 4);
    refused(huge_count);
    // Every single-byte corruption: either refused (and nothing changed) or a valid ledger.
    for (std::size_t i = 0; i < blob.size(); ++i) {
        std::string flipped = blob;
        flipped[i] = static_cast<char>(flipped[i] ^ 0x5a);
        Ledger probe;
        (void)probe.deserialize(flipped);  // must not crash or trip a sanitizer
    }
    EXPECT_NE(target.order("keep"), nullptr);
    EXPECT_TRUE(target.has_fill("kf", 7));
}

TEST(Ledger, DeserializeRefusesInconsistentContents) {
    Ledger a;
    a.add_order(make_order("x"));
    a.add_order(make_order("y"));
    std::string blob = a.serialize();
    // Rename "y" to "x": a duplicate client order id.
    const auto pos = blob.rfind('y');
    ASSERT_NE(pos, std::string::npos);
    blob[pos] = 'x';
    Ledger target;
    EXPECT_FALSE(target.deserialize(blob));

    Ledger b;
    b.add_order(make_order("s"));
    std::string bad_status = b.serialize();
    // The status byte is the last byte of the order, just before the fill count (4 bytes).
    bad_status[bad_status.size() - 5] = 99;
    EXPECT_FALSE(target.deserialize(bad_status));
}

// A bust: the venue reversed a fill it had reported (Polymarket's FAILED trade, an exchange's
// trade bust). The order's quantity and notional go back, the reversal is recorded once, it
// does not move the watermark, and it survives a save and load.
TEST(Ledger, ReverseFillUndoesTheFillOnceAndDurably) {
    Ledger ledger;
    ASSERT_TRUE(ledger.add_order(make_order("c1", 10 * kOne)));
    ASSERT_TRUE(ledger.record_fill("t1", 100, "c1", kOne / 2, 4 * kOne));   // 4 @ 0.5
    ASSERT_TRUE(ledger.record_fill("t2", 200, "c1", kOne / 4, 6 * kOne));   // 6 @ 0.25
    EXPECT_EQ(ledger.order("c1")->cum_qty, 10 * kOne);
    EXPECT_EQ(ledger.order("c1")->notional, 35 * kOne / 10);               // 2 + 1.5

    EXPECT_FALSE(ledger.reverse_fill("never", "c1", kOne, kOne));          // not recorded
    ASSERT_TRUE(ledger.reverse_fill("t1", "c1", kOne / 2, 4 * kOne));
    EXPECT_TRUE(ledger.has_reversal("t1"));
    EXPECT_FALSE(ledger.has_reversal("t2"));
    EXPECT_EQ(ledger.order("c1")->cum_qty, 6 * kOne);
    EXPECT_EQ(ledger.order("c1")->notional, 15 * kOne / 10);
    EXPECT_EQ(ledger.fill_watermark_ns(), 200);                            // the reversal took t1's time
    EXPECT_FALSE(ledger.reverse_fill("t1", "c1", kOne / 2, 4 * kOne));     // once
    EXPECT_TRUE(ledger.has_fill("t1", 100));                               // and t1 is never counted again
    EXPECT_EQ(ledger.order("c1")->cum_qty, 6 * kOne);

    // Saved and loaded (one blob, and the segmented form): still reversed, still once.
    Ledger copy;
    ASSERT_TRUE(copy.deserialize(ledger.serialize()));
    EXPECT_TRUE(copy.has_reversal("t1"));
    EXPECT_FALSE(copy.reverse_fill("t1", "c1", kOne / 2, 4 * kOne));
    EXPECT_EQ(copy.order("c1")->cum_qty, 6 * kOne);
    std::map<std::string, std::string> saved;
    for (auto& w : ledger.take_writes(100)) saved[w.suffix] = w.blob;
    Ledger again;
    ASSERT_TRUE(again.load([&](const std::string& suffix) -> std::optional<std::string> {
        auto it = saved.find(suffix);
        if (it == saved.end()) return std::nullopt;
        return it->second;
    }));
    EXPECT_TRUE(again.has_reversal("t1"));
    EXPECT_FALSE(again.reverse_fill("t1", "c1", kOne / 2, 4 * kOne));
    EXPECT_EQ(again.order("c1")->cum_qty, 6 * kOne);
    EXPECT_EQ(again.order("c1")->notional, 15 * kOne / 10);
}
