// See odds_symbol.hpp.
#include "odds_symbol.hpp"

#include <tradehost/plugin.hpp>

namespace tradehost::replay {

std::string parse_odds_symbol(const std::string& symbol, OddsSymbol& out) {
    const size_t a = symbol.find('/');
    const size_t b = a == std::string::npos ? a : symbol.find('/', a + 1);
    if (a == 0 || b == std::string::npos || b == a + 1 || b + 1 >= symbol.size())
        return "'" + symbol + "' is not a selection EVENT/MARKET[/POINT]/OUTCOME";
    OddsSymbol s;
    s.event_id = symbol.substr(0, a);
    s.market = symbol.substr(a + 1, b - a - 1);
    std::string rest = symbol.substr(b + 1);
    const size_t c = rest.find('/');
    if (c != std::string::npos && c > 0 && c + 1 < rest.size() && parse_fixed(std::string_view(rest).substr(0, c), s.point)) {
        s.has_point = true;
        rest = rest.substr(c + 1);
    }
    s.outcome = rest;
    if (s.market == "h2h") s.kind = TH_ODDS_H2H;
    else if (s.market == "spreads") s.kind = TH_ODDS_SPREAD;
    else if (s.market == "totals") s.kind = TH_ODDS_TOTAL;
    else if (s.market == "outrights") s.kind = TH_ODDS_OUTRIGHT;
    out = std::move(s);
    return "";
}

}  // namespace tradehost::replay
