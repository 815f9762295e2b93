#include "statement.hpp"

#include <cstdio>

namespace syndicate {

Statement make_statement(const Ledger& ledger) {
    Statement st;
    st.unrealised = ledger.unrealised();
    st.nav = ledger.pool().nav + st.unrealised;  // open positions at their marks
    st.units = ledger.pool().units;
    st.fees = ledger.pool().fees;
    Cents sum = 0;
    for (const auto& [name, m] : ledger.members()) {
        StatementRow r;
        r.name = name;
        r.role = m.role;
        r.units = m.units;
        r.value = st.units > 0 ? mul_div_round(m.units, st.nav, st.units) : 0;
        r.contributed = m.contributed;
        r.hwm = m.hwm;
        r.withdrawn = m.withdrawn;
        r.pnl = r.value + r.withdrawn - r.contributed;
        r.share_bp = st.units > 0 ? mul_div_round(m.units, 10000, st.units) : 0;
        sum += r.value;
        st.members.push_back(r);
    }
    st.rounding = st.nav - sum;
    return st;
}

std::string unit_price(Cents nav, MicroUnits units) {
    if (units == 0) return "1.000000";
    // dollars per unit = (nav / 100) / (units / 10^6) = nav x 10^4 / units; 6 decimals
    const int64_t micro_dollars = mul_div_round(nav, 10000LL * 1000000LL, units);
    const int64_t whole = micro_dollars / 1000000, frac = micro_dollars % 1000000;
    char buf[48];
    std::snprintf(buf, sizeof buf, "%s%lld.%06lld", micro_dollars < 0 && whole == 0 ? "-" : "",
                  static_cast<long long>(whole), static_cast<long long>(frac < 0 ? -frac : frac));
    return buf;
}

std::string format_statement(const Statement& st) {
    std::string out;
    char line[256];
    std::snprintf(line, sizeof line, "pool: NAV %s, units %s, NAV per unit %s, fees paid %s\n", format_cents(st.nav).c_str(),
                  format_units(st.units).c_str(), unit_price(st.nav, st.units).c_str(), format_cents(st.fees).c_str());
    out += line;
    if (st.unrealised != 0) {
        std::snprintf(line, sizeof line, "open positions marked to market: %s over their cost (in the NAV)\n",
                      format_cents(st.unrealised).c_str());
        out += line;
    }
    std::snprintf(line, sizeof line, "%-16s %-8s %18s %8s %14s %14s %14s %14s %14s\n", "member", "role", "units", "share%",
                  "value", "contributed", "withdrawn", "P&L", "high-water");
    out += line;
    for (const StatementRow& r : st.members) {
        char share[48];
        std::snprintf(share, sizeof share, "%lld.%02lld", static_cast<long long>(r.share_bp / 100),
                      static_cast<long long>(r.share_bp % 100));
        std::snprintf(line, sizeof line, "%-16s %-8s %18s %8s %14s %14s %14s %14s %14s\n", r.name.c_str(), r.role.c_str(),
                      format_units(r.units).c_str(), share, format_cents(r.value).c_str(), format_cents(r.contributed).c_str(),
                      format_cents(r.withdrawn).c_str(), format_cents(r.pnl).c_str(), format_cents(r.hwm).c_str());
        out += line;
    }
    if (st.rounding != 0) {
        std::snprintf(line, sizeof line, "rounding: member values sum to %s less than the NAV\n", format_cents(st.rounding).c_str());
        out += line;
    }
    return out;
}

}  // namespace syndicate
