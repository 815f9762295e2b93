// Exports market_maker: its ports, its config schema and the entry symbol.
#include "market_maker.hpp"

namespace {

using tradehost::field;

constexpr th_port_desc kPorts[] = {
    tradehost::in_port("books", TH_EV_BOOK, "L2 books of the outcomes to quote (snapshots and deltas)"),
    tradehost::in_port("signals", TH_EV_SIGNAL,
                       "A model's fair value per instrument (value = price); while fresh it replaces the book's"),
    tradehost::in_port("fills", TH_EV_FILL, "Fills; this instance's own make its positions"),
    tradehost::in_port("exec_reports", TH_EV_EXECUTION_REPORT, "Execution reports of this instance's quotes"),
    tradehost::in_port("status", TH_EV_VENUE_STATUS, "Venue status: anything but connected/reconciled pulls the quotes"),
    tradehost::out_port("orders", TH_EV_ORDER_REQUEST, "GTC limit quotes and their cancels"),
};

constexpr th_config_field kConfig[] = {
    field("instruments", TH_CFG_STRING_LIST, nullptr, "Symbols to quote; absent or empty: every instrument with a book"),
    field("fair_value", TH_CFG_STRING, "mid", "mid or microprice (size-weighted touch)"),
    field("signal_name", TH_CFG_STRING, "", "Only signals of this name set the fair value; empty: any"),
    field("signal_max_age", TH_CFG_DURATION, "1m", "A signal older than this (event time) is not used", 0, 1, 864e11),
    field("half_spread", TH_CFG_DECIMAL, "0.01", "Each quote's distance from the skewed fair value", 0, 0, 1e9),
    field("min_spread", TH_CFG_DECIMAL, "0.02", "Ask minus bid at least this after tick rounding", 0, 0, 1e9),
    field("skew_per_unit", TH_CFG_DECIMAL, "0", "Both quotes move by -position * this (long: lower)", 0, 0, 1e9),
    field("quote_size", TH_CFG_DECIMAL, "10", "Quantity of each quote", 0, 1e-8, 1e12),
    field("requote_ticks", TH_CFG_INT, "1", "Replace a resting quote when its wanted price moved this many ticks", 0, 1,
          1e6),
    field("max_position", TH_CFG_DECIMAL, "100", "Largest absolute position per outcome; the side that would pass it stops",
          0, 1e-8, 1e15),
    field("max_group_position", TH_CFG_DECIMAL, "0",
          "Largest sum of absolute positions over one market's outcomes (metadata group); 0: no limit", 0, 0, 1e15),
    field("allow_short", TH_CFG_BOOL, "true", "false: the ask sells only what is held (outcome tokens)"),
    field("tick_size", TH_CFG_DECIMAL, "0.01", "Tick when the instrument's metadata has none", 0, 1e-8, 1e9),
    field("min_price", TH_CFG_DECIMAL, "0", "Lowest quote when the metadata has none; 0: no bound", 0, 0, 1e12),
    field("max_price", TH_CFG_DECIMAL, "0", "Highest quote when the metadata has none; 0: no bound", 0, 0, 1e12),
    field("max_book_age", TH_CFG_DURATION, "30s", "A book without an update for this long is stale: quotes pulled", 0, 1,
          864e11),
    field("check_interval", TH_CFG_DURATION, "1s", "Period of the kill switch and silent-feed check", 0, 1e6, 36e11),
    field("reject_cooldown", TH_CFG_DURATION, "5s", "After a rejected quote, that side waits this long (event time)", 0, 0,
          36e11),
    field("persist", TH_CFG_BOOL, "true", "Save positions and open orders with state_put; cancel leftovers at start"),
};

}  // namespace

TRADEHOST_PLUGIN(tradehost::market_maker::MarketMaker, "market_maker", "1.0.0", "strategy",
                 "Two-sided quotes around a fair value with inventory skew, position limits and quote pulling",
                 kPorts, kConfig)
