// Ledger's incremental persistence: history sealed in segments written once, a head that
// stays proportional to what is open, and a load that gives back the same ledger.
#include <tradehost/venue/ledger.hpp>

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>

using namespace tradehost::venue;

namespace {

constexpr th_fixed kUnit = TH_FIXED_SCALE;

// The state store a worker writes to: suffix -> blob; an empty blob removes the key.
struct Store {
    std::map<std::string, std::string> blobs;
    std::size_t bytes_last = 0;  // what the last save wrote
    void save(Ledger& l, std::size_t keep) {
        bytes_last = 0;
        for (auto& w : l.take_writes(keep)) {
            bytes_last += w.blob.size();
            if (w.blob.empty()) blobs.erase(w.suffix);
            else blobs[w.suffix] = std::move(w.blob);
        }
    }
    bool load(Ledger& l) const {
        return l.load([this](const std::string& suffix) -> std::optional<std::string> {
            auto it = blobs.find(suffix);
            if (it == blobs.end()) return std::nullopt;
            return it->second;
        });
    }
};

LedgerOrder order(const std::string& id) {
    LedgerOrder o;
    o.client_order_id = id;
    o.instrument = 3;
    o.side = TH_SIDE_BUY;
    o.order_qty = 2 * kUnit;
    return o;
}

// A session: `n` orders, every one filled (two fills each) except each tenth, which stays open.
void trade(Ledger& l, Store& s, int from, int n, std::size_t keep) {
    for (int i = from; i < from + n; ++i) {
        const std::string id = "o" + std::to_string(i);
        ASSERT_TRUE(l.add_order(order(id)));
        l.set_venue_id(id, "V" + std::to_string(i));
        s.save(l, keep);
        if (i % 10 == 0) continue;
        l.record_fill(id + "a", 1000 + 2 * i, id, 5 * kUnit, kUnit);
        l.record_fill(id + "b", 1001 + 2 * i, id, 6 * kUnit, kUnit);
        l.order(id)->status = TH_STATUS_FILLED;
        s.save(l, keep);
    }
}

}  // namespace

TEST(LedgerSegments, ALoadedLedgerEqualsTheSavedOne) {
    Ledger l;
    Store s;
    trade(l, s, 0, 1500, 4096);
    Ledger back;
    ASSERT_TRUE(s.load(back));
    for (int i = 0; i < 1500; ++i) {
        const std::string id = "o" + std::to_string(i);
        const LedgerOrder* a = l.order(id);
        const LedgerOrder* b = back.order(id);
        ASSERT_NE(b, nullptr) << id;
        EXPECT_EQ(b->status, a->status) << id;
        EXPECT_EQ(b->cum_qty, a->cum_qty) << id;
        EXPECT_EQ(b->notional, a->notional) << id;
        EXPECT_EQ(back.order_by_venue_id("V" + std::to_string(i)), b) << id;
        if (i % 10) {
            EXPECT_TRUE(back.has_fill(id + "a", 0)) << id;
        }
    }
    EXPECT_EQ(back.open_orders().size(), 150u);
    EXPECT_EQ(back.fill_watermark_ns(), l.fill_watermark_ns());
    EXPECT_FALSE(back.has_fill("never", 1 << 30));
    // Saving what was loaded writes no segment again: only the head.
    Store again = s;
    again.save(back, 4096);
    EXPECT_EQ(again.blobs, s.blobs);
}

TEST(LedgerSegments, WhatASaveWritesDoesNotGrowWithTheSession) {
    Ledger l;
    Store s;
    trade(l, s, 0, 300, 4096);
    const std::size_t head_early = s.blobs.at("").size();
    trade(l, s, 300, 2700, 4096);
    const std::size_t head_late = s.blobs.at("").size();
    // The head holds the open orders (a tenth of all, so it grows by those) and less than a
    // segment of the rest: a whole-ledger blob would be ten times larger by now.
    EXPECT_LT(head_late, head_early * 12) << head_early << " -> " << head_late;
    EXPECT_LT(head_late, l.serialize().size() / 4);
    // One more order: a head and at most one new segment of each kind.
    trade(l, s, 3000, 1, 4096);
    EXPECT_LT(s.bytes_last, head_late + 2 * 256 * 80);
}

TEST(LedgerSegments, ASealedOrderThatChangesIsSavedInTheHead) {
    Ledger l;
    Store s;
    trade(l, s, 0, 600, 4096);
    ASSERT_TRUE(s.blobs.count(".o0"));  // o1.. sealed
    l.record_fill("late", 99999, "o1", 7 * kUnit, kUnit);  // a late fill of a sealed order
    s.save(l, 4096);
    Ledger back;
    ASSERT_TRUE(s.load(back));
    EXPECT_EQ(back.order("o1")->cum_qty, 3 * kUnit);
    EXPECT_TRUE(back.has_fill("late", 99999));
}

TEST(LedgerSegments, TerminalOrdersBeyondTheBoundGoASegmentAtATime) {
    Ledger l;
    Store s;
    trade(l, s, 0, 2000, 512);
    // 1800 terminal orders were sealed; what is kept is the newest 512 rounded up to segments.
    std::size_t order_segments = 0;
    for (const auto& [k, v] : s.blobs) order_segments += k.rfind(".o", 0) == 0;
    EXPECT_LE(order_segments, 3u);
    Ledger back;
    ASSERT_TRUE(s.load(back));
    EXPECT_EQ(back.order("o1"), nullptr);             // the oldest terminal ones are gone
    EXPECT_NE(back.order("o0"), nullptr);             // open orders always stay
    EXPECT_NE(back.order("o1999"), nullptr);
    EXPECT_EQ(back.open_orders().size(), 200u);
}

TEST(LedgerSegments, EvictedFillIdsStayJudgedByTime) {
    Ledger l(600);
    Store s;
    trade(l, s, 0, 1000, 4096);  // 1800 fills through a window of 600
    Ledger back(600);
    ASSERT_TRUE(s.load(back));
    EXPECT_TRUE(back.has_fill("o999b", 0));
    EXPECT_TRUE(back.has_fill("anything-old", 1001));  // at or before the newest forgotten fill
    EXPECT_FALSE(back.has_fill("new", 1 << 30));
}

TEST(LedgerSegments, AMissingOrForeignSegmentFailsTheLoadAndChangesNothing) {
    Ledger l;
    Store s;
    trade(l, s, 0, 600, 4096);
    Ledger back;
    back.add_order(order("mine"));
    Store missing = s;
    missing.blobs.erase(".o0");
    EXPECT_FALSE(missing.load(back));
    Store foreign = s;
    foreign.blobs[".f0"] = "not a segment";
    EXPECT_FALSE(foreign.load(back));
    EXPECT_NE(back.order("mine"), nullptr);
    EXPECT_EQ(back.order("o1"), nullptr);
}

TEST(LedgerSegments, ASingleBlobFromAnOlderHostStillLoads) {
    Ledger l;
    l.add_order(order("a"));
    l.record_fill("f", 5, "a", kUnit, kUnit);
    Store s;
    s.blobs[""] = l.serialize();
    Ledger back;
    ASSERT_TRUE(s.load(back));
    EXPECT_EQ(back.order("a")->cum_qty, kUnit);
    EXPECT_TRUE(back.has_fill("f", 5));
}
