// Reading th_odds' text fields, shared by the betting plugins that take odds events
// (value_bets, surebet, kelly_sizer compile against value_bets/src).
#pragma once

#include <tradehost/plugin.h>

#include <cstdint>
#include <cstring>
#include <string>

namespace tradehost::betting {

/// The text of a fixed-size, maybe unterminated char field.
inline std::string field_text(const char* p, size_t cap) { return std::string(p, strnlen(p, cap)); }

/// The Odds API's name of a market kind, for a market with no key of its own.
inline const char* market_name(uint8_t m) {
    switch (m) {
    case TH_ODDS_H2H: return "h2h";
    case TH_ODDS_SPREAD: return "spreads";
    case TH_ODDS_TOTAL: return "totals";
    case TH_ODDS_OUTRIGHT: return "outrights";
    default: return "other";
    }
}

}  // namespace tradehost::betting
