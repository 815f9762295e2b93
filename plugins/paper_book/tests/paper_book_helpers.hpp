// Helpers of the paper_book tests: a harness with a starting balance, prices (with the size
// on offer, an exchange ladder's), bets, results and the last balance.
#pragma once

#include <tradehost/testing/harness.hpp>

#include <gtest/gtest.h>

#include <cstring>

using tradehost::testing::Harness;
using tradehost::to_fixed;

namespace paper_book_test {

inline constexpr int64_t kSec = 1000000000;
inline const std::string kA = "ev1/h2h/A";

inline std::unique_ptr<Harness> make(const std::string& commission = "0") {
    auto h = std::make_unique<Harness>(PLUGIN_PATH);
    h->set("starting_balance", "1000");
    h->set("commission", commission);
    return h;
}

inline th_odds price(Harness& h, const std::string& sym, const char* book, uint8_t side, double px, int64_t ts,
                     double size = 0) {
    th_odds o = tradehost::make_event<th_odds>(ts);
    o.instrument = h.intern(sym);
    o.market = TH_ODDS_H2H;
    o.side = side;
    o.price = to_fixed(px);
    o.size = to_fixed(size);
    std::strcpy(o.event_id, "ev1");
    std::strcpy(o.bookmaker, book);
    std::strcpy(o.outcome, "A");
    std::strcpy(o.market_key, "h2h");
    return o;
}

inline th_order_request bet(Harness& h, const char* id, const std::string& sym, uint8_t side, double odds, double stake, int64_t ts,
                     uint8_t tif = TH_TIF_FOK) {
    th_order_request r = tradehost::make_event<th_order_request>(ts);
    r.instrument = h.intern(sym);
    r.action = TH_ORDER_NEW;
    r.side = side;
    r.order_type = TH_ORDER_LIMIT;
    r.tif = tif;
    r.qty = to_fixed(stake);
    r.limit_px = to_fixed(odds);
    std::strcpy(r.client_order_id, id);
    return r;
}

inline th_settlement result(Harness& h, const std::string& sym, uint8_t kind, double px, int64_t ts) {
    th_settlement s = tradehost::make_event<th_settlement>(ts);
    s.instrument = h.intern(sym);
    s.kind = kind;
    s.price = to_fixed(px);
    std::strcpy(s.event_id, "ev1");
    return s;
}

inline th_balance last_balance(Harness& h) {
    auto b = h.take<th_balance>("balances");
    EXPECT_FALSE(b.empty());
    return b.empty() ? th_balance{} : b.back();
}

}  // namespace paper_book_test

using namespace paper_book_test;
