// Exports arb_scanner: its ports, its config schema and the entry symbol.
#include "arb_scanner.hpp"

namespace {

using tradehost::field;

constexpr th_port_desc kPorts[] = {
    tradehost::in_port("books", TH_EV_BOOK, "L2 books of outcome tokens (snapshots and deltas)"),
    tradehost::in_port("status", TH_EV_VENUE_STATUS, "Venue status: legs on a venue that is down are not scanned"),
    tradehost::out_port("signals", TH_EV_SIGNAL,
                        "One per leg of an opportunity: value = profit per set, strength 1, name arb:SET"),
    tradehost::out_port("orders", TH_EV_ORDER_REQUEST, "One limit buy per leg at its worst level, qty = the sets"),
};

constexpr th_config_field kConfig[] = {
    field("sets", TH_CFG_STRING_LIST, nullptr,
          "Outcome sets that pay exactly 1 together: 'NAME: SYMBOL SYMBOL ...' (neg-risk events, binary markets)"),
    field("group_outcomes", TH_CFG_INT, "2",
          "Metadata groups with this many outcomes are sets (2: binary markets); 0: only `sets`", 0, 0, 1000),
    field("taker_fees", TH_CFG_STRING_LIST, nullptr,
          "Per venue: 'VENUE RATE [EXPONENT]', fee = shares * RATE * (p(1-p))^EXPONENT; VENUE * for any other"),
    field("min_profit", TH_CFG_DECIMAL, "0.01", "Emit when the locked profit is at least this (price currency)", 0, 0, 1e12),
    field("min_size", TH_CFG_DECIMAL, "1", "Emit when at least this many sets are available", 0, 1e-8, 1e15),
    field("max_size", TH_CFG_DECIMAL, "0", "Take at most this many sets; 0: what the books hold", 0, 0, 1e15),
    field("min_edge", TH_CFG_FLOAT, "0", "The last level taken must still make more than this per set", 0, 0, 1),
    field("max_book_age", TH_CFG_DURATION, "30s", "A leg not updated for this long (event time) is stale", 0, 1, 864e11),
    field("output", TH_CFG_STRING, "signals", "signals, orders or both"),
    field("order_tif", TH_CFG_STRING, "fok", "Time in force of the legs' orders: fok or ioc"),
};

}  // namespace

TRADEHOST_PLUGIN(tradehost::arb_scanner::ArbScanner, "arb_scanner", "1.0.0", "strategy",
                 "Outcome-set arbitrage: sets (YES+NO, neg-risk events) whose asks plus taker fees sum below 1",
                 kPorts, kConfig)
