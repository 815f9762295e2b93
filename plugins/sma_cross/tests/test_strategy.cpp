// Unit tests of the strategy core, compiled with the plugin's sources.
#include "limit_price.hpp"
#include "order_ids.hpp"
#include "price_window.hpp"
#include "strategy.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <map>
#include <random>

using namespace tradehost::sma_cross;

namespace {

th_fixed fx(const char* s) {
    th_fixed v = 0;
    EXPECT_TRUE(tradehost::parse_fixed(s, v)) << s;
    return v;
}

constexpr th_fixed kOne = TH_FIXED_SCALE;

// Symbols <-> ids for snapshot tests.
struct Symbols {
    std::map<std::string, th_instrument> ids;
    std::map<th_instrument, std::string> names;
    th_instrument intern(const std::string& s) {
        auto it = ids.find(s);
        if (it != ids.end()) return it->second;
        th_instrument id = static_cast<th_instrument>(ids.size() + 1);
        ids[s] = id;
        names[id] = s;
        return id;
    }
};

}  // namespace

TEST(PriceWindow, MatchesBruteForceAverages) {
    const size_t fast = 3, slow = 7;
    PriceWindow w(fast, slow);
    std::vector<th_fixed> all;
    std::mt19937_64 rng(5);
    for (int i = 0; i < 1000; ++i) {
        th_fixed px = static_cast<th_fixed>(rng() % 10000) * kOne / 100;
        w.push(px);
        all.push_back(px);
        ASSERT_EQ(w.full(), all.size() >= slow);
        ASSERT_EQ(w.size(), std::min(all.size(), slow));
        if (!w.full()) continue;
        i128 fs = 0, ss = 0;
        for (size_t k = 0; k < fast; ++k) fs += all[all.size() - 1 - k];
        for (size_t k = 0; k < slow; ++k) ss += all[all.size() - 1 - k];
        const int expected = fs * slow > ss * fast ? 1 : (fs * slow < ss * fast ? -1 : 0);
        ASSERT_EQ(w.sign(), expected) << "at " << i;
        ASSERT_EQ(w.slow_sma(), static_cast<th_fixed>(ss / slow));
        for (size_t k = 0; k < slow; ++k) ASSERT_EQ(w.at(k), all[all.size() - slow + k]);
    }
}

TEST(LimitPrice, OffsetsAndRounding) {
    const th_fixed tick = fx("0.01");
    // Positive offset: passive. 12 * (1 -/+ 0.001) = 11.988 / 12.012.
    EXPECT_EQ(limit_price(fx("12"), TH_SIDE_BUY, 10, tick), fx("11.98"));
    EXPECT_EQ(limit_price(fx("12"), TH_SIDE_SELL, 10, tick), fx("12.02"));
    // Negative offset: marketable, still rounded toward the passive side.
    EXPECT_EQ(limit_price(fx("12"), TH_SIDE_BUY, -10, tick), fx("12.01"));
    EXPECT_EQ(limit_price(fx("12"), TH_SIDE_SELL, -10, tick), fx("11.99"));
    // Zero offset on a half-tick mid joins the near touch.
    EXPECT_EQ(limit_price(fx("11.995"), TH_SIDE_BUY, 0, tick), fx("11.99"));
    EXPECT_EQ(limit_price(fx("11.995"), TH_SIDE_SELL, 0, tick), fx("12"));
    // On-grid results are not moved.
    EXPECT_EQ(limit_price(fx("100"), TH_SIDE_SELL, 0, tick), fx("100"));
    EXPECT_EQ(limit_price(fx("100"), TH_SIDE_BUY, 25, fx("0.05")), fx("99.75"));
    // Fractional bps and a coarse tick.
    EXPECT_EQ(limit_price(fx("1.09415"), TH_SIDE_BUY, 2.5, fx("0.00001")), fx("1.09387"));
    // Non-positive results are refused.
    EXPECT_EQ(limit_price(fx("0.01"), TH_SIDE_BUY, 9999, tick), 0);
    EXPECT_EQ(limit_price(0, TH_SIDE_BUY, 0, tick), 0);
}

TEST(OrderIds, FormatAndOwnership) {
    OrderIds ids("sma", 12);
    char buf[TH_ID_LEN];
    ids.format(1, buf);
    EXPECT_STREQ(buf, "sma-12-1");
    ids.format(4294967295ull, buf);
    EXPECT_STREQ(buf, "sma-12-4294967295");
    EXPECT_TRUE(ids.is_own("sma-12-1"));
    EXPECT_TRUE(ids.is_own("sma-3-77")) << "an earlier session's order is still ours";
    EXPECT_FALSE(ids.is_own("sma-2-12-1")) << "instance 'sma-2' is another one";
    EXPECT_FALSE(ids.is_own("smax-12-1"));
    EXPECT_FALSE(ids.is_own("sma-12-"));
    EXPECT_FALSE(ids.is_own("sma-x-1"));
    EXPECT_FALSE(ids.is_own("sma"));
    EXPECT_FALSE(ids.is_own(""));
    EXPECT_THROW(OrderIds(std::string(30, 'a'), 1), tradehost::ConfigError);
}

// Drives a Strategy as the plugin and a broker would: numbers and records orders, fills
// odd-numbered orders at once and cancels the others a few updates later.
struct Driver {
    Strategy& st;
    std::map<th_instrument, std::pair<std::string, int>> open;  // id, updates since sent

    Decision step(th_instrument id, th_fixed px) {
        auto it = open.find(id);
        if (it != open.end() && ++it->second.second == 5) {
            close(id, it->second.first, TH_EXEC_CANCELED);
            open.erase(it);
        }
        Decision d = st.on_price(id, px);
        if (d.kind != Decision::Order) return d;
        const uint64_t n = st.next_order_number();
        const std::string cid = "t-1-" + std::to_string(n);
        st.order_sent(d.order, cid);
        if (n % 2 == 1) {
            st.on_fill(id, d.order.side, d.order.qty);
            close(id, cid, TH_EXEC_FILL);
        } else {
            open[id] = {cid, 0};
        }
        return d;
    }
    void close(th_instrument id, const std::string& cid, th_exec_type type) {
        th_execution_report r{};
        r.instrument = id;
        r.exec_type = static_cast<uint8_t>(type);
        tradehost::copy_str(r.client_order_id, cid);
        EXPECT_TRUE(st.on_report(r).closed);
    }
};

TEST(Strategy, SnapshotRestoreContinuesIdentically) {
    Settings s;
    s.fast = 4;
    s.slow = 9;
    s.sample_every = 2;
    Symbols syms;
    const th_instrument a = syms.intern("AAPL"), m = syms.intern("MSFT");
    Strategy one(s, {});
    Driver d1{one, {}};
    std::mt19937_64 rng(11);
    th_fixed pa = 100 * kOne, pm = 300 * kOne;
    std::vector<std::pair<th_fixed, th_fixed>> path;
    for (int i = 0; i < 800; ++i) {
        pa += static_cast<th_fixed>(rng() % 201) * kOne / 100 - kOne;
        pm += static_cast<th_fixed>(rng() % 401) * kOne / 100 - 2 * kOne;
        path.emplace_back(pa, pm);
    }
    for (int i = 0; i < 300; ++i) {
        d1.step(a, path[i].first);
        d1.step(m, path[i].second);
    }
    const std::string blob = one.snapshot([&](th_instrument id) { return syms.names[id]; });

    Strategy two(s, {});
    Symbols other;  // a host whose ids differ: symbols carry the state across
    other.intern("ZZZ");
    two.restore(blob, [&](const std::string& sym) { return other.intern(sym); });
    const th_instrument a2 = other.ids["AAPL"], m2 = other.ids["MSFT"];
    Driver d2{two, {}};
    for (const auto& [id, o] : d1.open) d2.open[id == a ? a2 : m2] = o;
    EXPECT_EQ(two.position(a2), one.position(a));
    EXPECT_EQ(two.position(m2), one.position(m));
    EXPECT_EQ(two.open_qty(a2), one.open_qty(a));
    EXPECT_EQ(two.open_qty(m2), one.open_qty(m));
    int orders = 0;
    for (int i = 300; i < 800; ++i) {
        const std::pair<th_instrument, th_instrument> pairs[] = {{a, a2}, {m, m2}};
        const th_fixed prices[] = {path[i].first, path[i].second};
        for (int k = 0; k < 2; ++k) {
            const Decision x = d1.step(pairs[k].first, prices[k]);
            const Decision y = d2.step(pairs[k].second, prices[k]);
            ASSERT_EQ(x.kind, y.kind) << i;
            ASSERT_EQ(x.order.qty, y.order.qty) << i;
            ASSERT_EQ(x.order.side, y.order.side) << i;
            orders += x.kind == Decision::Order ? 1 : 0;
        }
    }
    EXPECT_GT(orders, 10);
    EXPECT_EQ(one.position(a), two.position(a2));
    EXPECT_EQ(one.next_order_number(), two.next_order_number());
}

TEST(Strategy, RestoreWithOtherWindowLengthsRebuildsFromPrices) {
    Settings s;
    s.fast = 2;
    s.slow = 5;
    Symbols syms;
    const th_instrument a = syms.intern("AAPL");
    Strategy one(s, {});
    for (int i = 1; i <= 12; ++i) one.on_price(a, i * kOne);
    const std::string blob = one.snapshot([&](th_instrument id) { return syms.names[id]; });

    Settings longer = s;
    longer.fast = 3;
    longer.slow = 20;
    Strategy two(longer, {});
    two.restore(blob, [&](const std::string& sym) { return syms.intern(sym); });
    // Only 5 prices were kept: the 20-sample window needs 15 more before a crossing.
    for (int i = 0; i < 15; ++i) EXPECT_EQ(two.on_price(a, 100 * kOne).kind, Decision::None);

    Settings shorter = s;
    shorter.fast = 1;
    shorter.slow = 3;
    Strategy three(shorter, {});
    three.restore(blob, [&](const std::string& sym) { return syms.intern(sym); });
    // Rising prices: fast above slow, then a sharp drop crosses down at once.
    EXPECT_EQ(three.on_price(a, 13 * kOne).kind, Decision::None);
    EXPECT_EQ(three.on_price(a, 1 * kOne).kind, Decision::Order);
}

TEST(Strategy, RestoreRefusesMalformedSnapshots) {
    Settings s;
    Strategy st(s, {});
    auto intern = [](const std::string&) { return th_instrument{1}; };
    EXPECT_THROW(st.restore("", intern), tradehost::InvalidArgument);
    EXPECT_THROW(st.restore("sma_cross 2\norders 0\nend\n", intern), tradehost::InvalidArgument);
    EXPECT_THROW(st.restore("sma_cross 1\norders 0\ninst 4:AAPL 1\n", intern), tradehost::InvalidArgument);
    EXPECT_THROW(st.restore("sma_cross 1\norders 0\nend\njunk", intern), tradehost::InvalidArgument);
    EXPECT_THROW(st.restore("sma_cross 1\norders 0\ninst 40:AAPL 0 0 0 0 0 0 0: 0\nend\n", intern),
                 tradehost::InvalidArgument);
    EXPECT_NO_THROW(st.restore("sma_cross 1\norders 3\nend\n", intern));
    EXPECT_EQ(st.next_order_number(), 4u);
}

TEST(Strategy, ReconcileSetsThePositionAndFillsMoveItOn) {
    Settings s;
    Strategy st(s, {});
    const th_instrument a = 1, m = 2;
    EXPECT_FALSE(st.reconcile(a, 0)) << "flat agrees with an unknown instrument";
    EXPECT_TRUE(st.reconcile(a, -50 * kOne));
    EXPECT_EQ(st.position(a), -50 * kOne);
    EXPECT_EQ(st.position(m), 0);
    st.on_fill(a, TH_SIDE_BUY, 20 * kOne);  // fill, then the venue's position after it
    EXPECT_EQ(st.position(a), -30 * kOne);
    EXPECT_FALSE(st.reconcile(a, -30 * kOne)) << "it sets, it does not add";
    EXPECT_EQ(st.position(a), -30 * kOne);
    EXPECT_TRUE(st.reconcile(a, 7 * kOne));
    EXPECT_EQ(st.position(a), 7 * kOne);
    EXPECT_TRUE(st.reconcile(a, 0));
    EXPECT_EQ(st.position(a), 0);

    Symbols syms;
    syms.intern("AAPL");
    st.reconcile(a, 12 * kOne);
    const std::string blob = st.snapshot([&](th_instrument id) { return syms.names[id]; });
    Strategy two(s, {});
    two.restore(blob, [&](const std::string& sym) { return syms.intern(sym); });
    EXPECT_EQ(two.position(a), 12 * kOne);
}
