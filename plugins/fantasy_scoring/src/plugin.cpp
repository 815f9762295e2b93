// Exports the fantasy_scoring feed: its port, its config schema and the entry symbol.
#include "fantasy_scoring.hpp"

namespace {

using tradehost::field;

constexpr th_port_desc kPorts[] = {
    tradehost::out_port("points", TH_EV_SIGNAL,
                        "One signal per stat line: instrument the player, value the fantasy points, strength 1, "
                        "name fpts_<site>_<sport>"),
    tradehost::out_port("entries", TH_EV_FILL,
                        "With entries: one fill per contest entry, 1 unit of <symbol_prefix>entry:<id> at the entry fee"),
    tradehost::out_port("settlements", TH_EV_SETTLEMENT,
                        "With entries: one settlement per entry after the games, price the entry's payout"),
};

constexpr th_config_field kConfig[] = {
    field("file", TH_CFG_STRING, nullptr, "CSV of stat lines: player_id, optional position, stat columns",
          TH_CFG_REQUIRED),
    field("site", TH_CFG_STRING, "draftkings", "draftkings or fanduel: whose classic scoring table"),
    field("sport", TH_CFG_STRING, "nfl", "nfl or nba"),
    field("symbol_prefix", TH_CFG_STRING, "", "Put before each player_id to make the instrument symbol (e.g. DK:)"),
    field("entries", TH_CFG_STRING, "",
          "The pool's contest entries (DraftKings' entries file); with the actual stat lines they settle the contest"),
    field("payouts", TH_CFG_STRING, "", "The contest's payout table: RANK=PRIZE or FIRST-LAST=PRIZE, comma-separated, dollars"),
    field("field_points", TH_CFG_STRING, "",
          "The field's final points (DraftKings' contest standings export, Points column); empty: ranked among the entries"),
};

}  // namespace

TRADEHOST_PLUGIN(tradehost::fantasy_scoring::FantasyScoring, "fantasy_scoring", "1.0.0", "feed",
                 "Fantasy points from stat lines by DraftKings' or FanDuel's classic scoring table", kPorts, kConfig)
