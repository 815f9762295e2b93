// Exports the synthetic feed: its ports, its config schema and the entry symbol.
#include "synthetic.hpp"

namespace {

using tradehost::field;

constexpr th_port_desc kPorts[] = {
    tradehost::out_port("quotes", TH_EV_QUOTE, "Top-of-book quotes on the tick grid, one per step"),
    tradehost::out_port("trades", TH_EV_TRADE, "Trade prints at the bid or ask, on some steps"),
    tradehost::out_port("books", TH_EV_BOOK, "L2 book snapshot around each quote (book_levels > 0)"),
    tradehost::out_port("alt_quotes", TH_EV_QUOTE,
                        "A second venue's quote of the same market: shifted by alt_skew_bps (book_levels > 0)"),
    tradehost::out_port("alt_books", TH_EV_BOOK, "The second venue's L2 book snapshot (book_levels > 0)"),
};

constexpr th_config_field kConfig[] = {
    field("instruments", TH_CFG_STRING_LIST, nullptr, "Symbols to simulate, one price path each",
          TH_CFG_REQUIRED),
    field("start_price", TH_CFG_DECIMAL, "100", "Mid price of every instrument at the first step", 0,
          1e-8, 1e9),
    field("seed", TH_CFG_INT, "42", "Random seed; the same seed gives the same events everywhere"),
    field("volatility", TH_CFG_FLOAT, "0.2", "Annualised volatility of the log price", 0, 0, 10),
    field("drift", TH_CFG_FLOAT, "0", "Annualised drift of the price", 0, -10, 10),
    field("tick_size", TH_CFG_DECIMAL, "0.01", "Price grid; bid and ask are multiples of it", 0, 1e-8, 1e6),
    field("spread_ticks", TH_CFG_INT, "1", "Ask minus bid, in ticks", 0, 1, 1e6),
    field("quote_size", TH_CFG_DECIMAL, "100", "Base displayed size; each side shows 1x to 2x of it", 0,
          1e-8, 1e12),
    field("trade_probability", TH_CFG_FLOAT, "0.2", "Chance that a step also prints a trade", 0, 0, 1),
    field("interval", TH_CFG_DURATION, "1s", "Simulated time between two steps of one instrument", 0, 1,
          1e16),
    field("start_time", TH_CFG_INT, "1704067200000000000",
          "Simulated time of the first step, ns since the epoch (default 2024-01-01T00:00:00Z)", 0, 0, 9e18),
    field("count", TH_CFG_INT, "0", "Quotes to publish across all instruments, then finish; 0 = endless",
          0, 0, 9e18),
    field("rate", TH_CFG_FLOAT, "0", "Quotes per wall-clock second; 0 = as fast as possible", 0, 0, 1e9),
    field("batch", TH_CFG_INT, "1000", "Quotes per timer tick when rate is 0", 0, 1, 1e7),
    field("book_levels", TH_CFG_INT, "0",
          "Levels per side of the books on `books` and `alt_books`, one tick apart; 0 = no books", 0, 0, 500),
    field("level_size", TH_CFG_DECIMAL, "100", "Size shown at each book level behind the touch", 0, 1e-8, 1e12),
    field("alt_skew_bps", TH_CFG_FLOAT, "0",
          "Shift of the second venue's prices from this feed's, in bps of the mid (rounded to ticks)", 0, -1000,
          1000),
    field("alt_level_size", TH_CFG_DECIMAL, "20", "Size shown at every level of the second venue's book", 0, 1e-8,
          1e12),
};

}  // namespace

TRADEHOST_PLUGIN(tradehost::synthetic::Synthetic, "synthetic", "1.0.0", "feed",
                 "Seeded, deterministic quotes and trades by geometric Brownian motion", kPorts, kConfig)
