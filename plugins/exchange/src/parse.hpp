// exchange: unified structs -> tradehost events. The venue JSON -> unified step is each
// dialect's (src/dialects/); this is the shared, venue-neutral half. Pure functions.
#pragma once

#include "unified.hpp"

#include <tradehost/plugin.hpp>
#include <tradehost/venue/ledger.hpp>

#include <string_view>

namespace tradehost::exchange {

th_quote to_quote(const Ticker& t, th_instrument id, int64_t ts_ns);
th_trade to_trade(const PublicTrade& t, th_instrument id, int64_t ts_ns);
th_balance to_balance(const Balance& b, int64_t ts_ns);

/// A report of `order` (ledger view: cum qty, avg px) for `exec_type`; `last` is the fill
/// that caused it, if any.
th_execution_report make_report(const venue::LedgerOrder& order, uint8_t exec_type, const Fill* last,
                                std::string_view reason, int64_t ts_ns);
/// `fee_in_quote`: the fill's fee converted to the quote currency.
th_fill to_fill(const Fill& f, th_instrument id, std::string_view client_order_id, th_fixed fee_in_quote);
th_venue_status venue_status(uint32_t state, std::string_view venue, std::string_view text, int64_t ts_ns);

/// Commission in quote currency: as is when charged in quote, times price when in base,
/// 0 (unknown) for any other asset (e.g. a discount token).
th_fixed fee_in_quote(const Fill& f, const Market* market);

}  // namespace tradehost::exchange
