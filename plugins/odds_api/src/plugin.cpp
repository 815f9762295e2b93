// Exports the odds_api feed plugin: its ports, its config schema and the entry symbol.
#include "odds_feed.hpp"

namespace {

constexpr th_port_desc kPorts[] = {
    tradehost::out_port("odds", TH_EV_ODDS,
                        "Each changed price: one per event, bookmaker, market and outcome, decimal odds; lay markets as side sell"),
    tradehost::out_port("settlements", TH_EV_SETTLEMENT,
                        "Every priced selection of a completed event: resolved at 1 (won) or 0 (lost), void on a push"),
    tradehost::out_port("status", TH_EV_VENUE_STATUS, "A poll failing (with its retry time), recovering, the quota low or spent"),
};

}  // namespace

TRADEHOST_PLUGIN(tradehost::odds_api::OddsFeed, "odds_api", "1.0.0", "feed",
                 "The Odds API v4: bookmakers' odds and final scores as odds and settlement events", kPorts,
                 tradehost::odds_api::kConfigFields)
