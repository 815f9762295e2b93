// Exports the syndicate plugin: its ports, its config schema and the entry symbol.
#include "syndicate_sink.hpp"

namespace {

using tradehost::field;

constexpr th_port_desc kPorts[] = {
    tradehost::in_port("fills", TH_EV_FILL, "The pool's fills: positions, and P&L of closing fills and fees"),
    tradehost::in_port("settlements", TH_EV_SETTLEMENT, "Resolutions, bet results, expiries: P&L of the settled position"),
    tradehost::in_port("quotes", TH_EV_QUOTE, "Prices that mark the pool's open positions to market (mid, else the one side)"),
    tradehost::out_port("bankroll", TH_EV_BALANCE,
                        "The pool's bankroll: total the marked NAV, available what open positions do not hold"),
};

constexpr th_config_field kConfig[] = {
    field("db", TH_CFG_STRING, nullptr, "The syndicate's ledger (SQLite); tradehost syndicate --db reads it",
          TH_CFG_REQUIRED),
    field("source", TH_CFG_STRING, "", "Source name written on each P&L entry; empty: the instance name"),
    field("bootstrap_member", TH_CFG_STRING, "",
          "On a ledger with no members: add this manager and contribute bootstrap_amount"),
    field("bootstrap_amount", TH_CFG_STRING, "1000", "Dollars the bootstrap member contributes"),
    field("currency", TH_CFG_STRING, "USD", "The pool's currency, written on its bankroll balance events"),
    field("interval", TH_CFG_DURATION, "1s",
          "How often marks go to the ledger, other processes' entries are read and a changed bankroll is published"),
};

}  // namespace

TRADEHOST_PLUGIN(tradehost::syndicate_plugin::SyndicateSink, "syndicate", "1.0.0", "sink",
                 "Books a syndicate pool's fills and settlements into its unit ledger", kPorts, kConfig)
