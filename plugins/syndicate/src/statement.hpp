// The member statement `tradehost syndicate report` prints.
#pragma once

#include <string>
#include <vector>

#include "ledger.hpp"

namespace syndicate {

struct StatementRow {
    std::string name, role;
    MicroUnits units = 0;
    Cents value = 0;        // units x NAV / all units, rounded half up to the cent
    Cents contributed = 0;
    Cents withdrawn = 0;
    Cents pnl = 0;          // value + withdrawn - contributed
    int64_t share_bp = 0;   // of all units, basis points
    Cents hwm = 0;          // the member's high-water mark
};

struct Statement {
    Cents nav = 0;          // marked: open positions at their latest prices
    Cents unrealised = 0;   // of which: the marks over the positions' cost
    MicroUnits units = 0;
    Cents fees = 0;
    Cents rounding = 0;     // NAV minus the members' rounded values (a few cents at most)
    std::vector<StatementRow> members;
};

Statement make_statement(const Ledger& ledger);
std::string format_statement(const Statement& st);
// NAV per unit as dollars with 6 decimals ("1.036640").
std::string unit_price(Cents nav, MicroUnits units);

}  // namespace syndicate
