// Exports the sma_cross strategy: its ports, its config schema and the entry symbol.
#include "sma_cross.hpp"

namespace {

using tradehost::field;

constexpr th_port_desc kPorts[] = {
    tradehost::in_port("quotes", TH_EV_QUOTE, "Quotes; the mid (bid+ask)/2 is the price"),
    tradehost::in_port("bars", TH_EV_BAR, "Bars; the close is the price"),
    tradehost::in_port("fills", TH_EV_FILL, "Fills of this instance's orders; they make the position"),
    tradehost::in_port("exec_reports", TH_EV_EXECUTION_REPORT, "Execution reports of this instance's orders"),
    tradehost::out_port("orders", TH_EV_ORDER_REQUEST, "New orders on each crossing"),
    // Appended last so that the indexes above stay as they were.
    tradehost::in_port("positions", TH_EV_POSITION,
                       "Venue positions; each sets the instrument's position (the venue is the truth)"),
    tradehost::out_port("signals", TH_EV_SIGNAL,
                        "One signal per crossing: value +1 golden, -1 death cross; strength 1"),
    tradehost::in_port("model_signals", TH_EV_SIGNAL,
                       "With signal_name set: signals of that name (a model's) set the target by their sign"),
};

constexpr th_config_field kConfig[] = {
    field("fast", TH_CFG_INT, "10", "Length of the fast moving average, in samples", 0, 1, 1000000),
    field("slow", TH_CFG_INT, "30", "Length of the slow moving average, in samples; > fast", 0, 2, 1000000),
    field("order_qty", TH_CFG_DECIMAL, "10", "Absolute target position: +order_qty after a golden cross", 0, 1e-8,
          1e12),
    field("allow_short", TH_CFG_BOOL, "true", "Death cross targets -order_qty (true) or flat (false)"),
    field("order_type", TH_CFG_STRING, "market", "market or limit"),
    field("limit_offset_bps", TH_CFG_FLOAT, "0",
          "Limit orders: buy at mid*(1-bps/1e4), sell at mid*(1+bps/1e4); negative crosses the mid", 0, -9999,
          9999),
    field("tif", TH_CFG_STRING, nullptr, "day, gtc, ioc or fok; unset: day for market, gtc for limit orders"),
    field("tick_size", TH_CFG_DECIMAL, "0.01", "Limit prices are rounded to it (buys down, sells up)", 0, 1e-8,
          1e6),
    field("instruments", TH_CFG_STRING_LIST, nullptr, "Symbols to trade; absent or empty: every instrument seen"),
    field("sample_every", TH_CFG_INT, "1", "Use every Nth price update of an instrument", 0, 1, 1e9),
    field("signal_name", TH_CFG_STRING, nullptr,
          "Trade on model_signals of this name instead of the own crossings: +order_qty when value > 0, "
          "-order_qty (or flat) when value < 0"),
    field("signal_threshold", TH_CFG_FLOAT, "0.5", "Signals with a lower strength leave the target as it is", 0, 0,
          1),
};

}  // namespace

TRADEHOST_PLUGIN(tradehost::sma_cross::SmaCross, "sma_cross", "1.0.0", "strategy",
                 "Moving-average crossover that targets a fixed position size", kPorts, kConfig)
