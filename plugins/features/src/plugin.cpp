// Exports the features plugin: its ports, its config schema and the entry symbol.
#include "features.hpp"

namespace {

using tradehost::field;

constexpr th_port_desc kPorts[] = {
    tradehost::in_port("quotes", TH_EV_QUOTE, "Quotes; the mid is the price (no volume)"),
    tradehost::in_port("trades", TH_EV_TRADE, "Trades; price and size"),
    tradehost::in_port("bars", TH_EV_BAR, "OHLCV bars"),
    tradehost::out_port("features", TH_EV_FEATURES, "One row per instrument update once every feature is defined"),
    tradehost::out_port("batches", TH_EV_FEATURES,
                        "batch: true: the universe's rows of one timestamp, published when a later one arrives"),
};

constexpr th_config_field kConfig[] = {
    field("features", TH_CFG_STRING_LIST, nullptr,
          "Features in schema order, each kind:param:...: sma:n ema:n wma:n rsi:n macd:fast:slow:signal bb:n:k "
          "atr:n adx:n stoch:k:d obv vwap zscore:n vol:n ret:n tod",
          TH_CFG_REQUIRED),
    field("schema", TH_CFG_STRING, "features", "Schema name carried by every event (at most 31 characters)"),
    field("version", TH_CFG_INT, "1", "Schema version; part of the schema hash", 0, 0, 1e9),
    field("scaling", TH_CFG_STRING, nullptr, "JSON file of per-column scaling fitted by tools/fit_scaling.py"),
    field("instruments", TH_CFG_STRING_LIST, nullptr, "Symbols to compute; absent or empty: every instrument seen"),
    field("single", TH_CFG_BOOL, "true", "Publish one event per instrument update on `features`"),
    field("batch", TH_CFG_BOOL, "false", "Publish one batch per timestamp on `batches`"),
};

}  // namespace

TRADEHOST_PLUGIN(tradehost::features::Features, "features", "1.0.0", "model",
                 "Streaming per-instrument indicators published as th_features rows", kPorts, kConfig)
