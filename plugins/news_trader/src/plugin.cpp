// Exports the news_trader strategy: its ports, its config schema and the entry symbol.
#include "news_trader.hpp"

namespace {

using tradehost::field;

constexpr th_port_desc kPorts[] = {
    tradehost::in_port("sentiment", TH_EV_SENTIMENT, "Scores per instrument of each story"),
    tradehost::in_port("news", TH_EV_NEWS, "The stories, for their source (per-source weights)"),
    tradehost::in_port("fills", TH_EV_FILL, "Fills of this instance's orders"),
    tradehost::in_port("exec_reports", TH_EV_EXECUTION_REPORT, "Reports of this instance's orders (and risk rejects)"),
    tradehost::in_port("positions", TH_EV_POSITION, "Venue positions; each sets the instrument's position"),
    tradehost::out_port("orders", TH_EV_ORDER_REQUEST, "Market orders toward the signal's target position"),
};

constexpr th_config_field kConfig[] = {
    field("order_qty", TH_CFG_DECIMAL, "10", "Absolute target position when the signal is strong enough", 0, 1e-8, 1e12),
    field("min_score", TH_CFG_FLOAT, "0.5", "Decayed weighted score needed to trade (absolute)", 0, 0, 1e6),
    field("min_mentions", TH_CFG_INT, "1", "Stories about the instrument within mention_window needed to trade", 0, 1,
          1e6),
    field("mention_window", TH_CFG_DURATION, "1h", "Window of the mention count"),
    field("half_life", TH_CFG_DURATION, "30m", "The signal halves over this time"),
    field("cooldown", TH_CFG_DURATION, "15m", "Least time between two orders of one instrument"),
    field("allow_short", TH_CFG_BOOL, "true", "A negative signal targets -order_qty (true) or flat (false)"),
    field("min_confidence", TH_CFG_FLOAT, "0", "Scores with a lower confidence are ignored", 0, 0, 1),
    field("default_weight", TH_CFG_FLOAT, "1", "Weight of sources not in source_weights", 0, -1e6, 1e6),
    field("source_weights", TH_CFG_STRING_LIST, nullptr, "Per-source weights: 'source=weight' items"),
    field("instruments", TH_CFG_STRING_LIST, nullptr, "Symbols to trade; unset: every instrument scored"),
};

}  // namespace

TRADEHOST_PLUGIN(tradehost::news_trader::NewsTrader, "news_trader", "1.0.0", "strategy",
                 "Trades news sentiment: per-source weights, decay, cooldown, minimum score and mentions", kPorts,
                 kConfig)
