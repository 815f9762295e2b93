// exchange: ports and the exported plugin entry.
#include "config.hpp"
#include "exchange.hpp"
#include "registry.hpp"

#include <tradehost/plugin.hpp>

namespace tradehost::exchange {
namespace {

// Indexes are those of ports.hpp, the same for every venue adapter.
constexpr th_port_desc kPorts[] = {
    in_port("orders", TH_EV_ORDER_REQUEST, "new and cancel requests (replace is rejected with a reason)"),
    out_port("exec_reports", TH_EV_EXECUTION_REPORT, "acks, fills, cancels, expiries, rejects (local and venue)"),
    out_port("fills", TH_EV_FILL, "one per venue trade, fill_id SYMBOL:tradeId, fee in quote currency"),
    out_port("positions", TH_EV_POSITION, "reserved: spot holdings are reported on balances"),
    out_port("balances", TH_EV_BALANCE, "every asset's total and available at start, after fills and reconciliation"),
    out_port("quotes", TH_EV_QUOTE, "best bid/offer of the configured symbols"),
    out_port("trades", TH_EV_TRADE, "public trade prints of the configured symbols"),
    out_port("status", TH_EV_VENUE_STATUS, "stream connect/disconnect, market-data gaps, reconciliation done"),
    out_port("books", TH_EV_BOOK, "order book of each symbol: top book_depth levels per side after every change"),
};

constexpr std::string_view kDescriptionPrefix =
    "CCXT-style crypto exchange adapter: one unified interface, one dialect per exchange (";
constexpr auto kDescription =
    with_dialect_names<with_dialect_names_size(kDescriptionPrefix, ")")>(kDescriptionPrefix, ")");

}  // namespace
}  // namespace tradehost::exchange

TRADEHOST_PLUGIN(tradehost::exchange::ExchangeVenue, "exchange", "1.0.0", "broker",
                 tradehost::exchange::kDescription.text, tradehost::exchange::kPorts,
                 tradehost::exchange::kConfigFields)
