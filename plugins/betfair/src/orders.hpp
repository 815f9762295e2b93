// betfair: bets as orders, both ways (pure functions, no I/O). An instrument is a selection
// in a market, named "<marketId>:<selectionId>" or "<marketId>:<selectionId>:<handicap>"
// (Asian handicap lines, e.g. "1.234567:47972:-0.25"). Back = buy, lay = sell, price =
// decimal odds, qty = stake in the account's currency. Betfair's records (PlaceInstruction
// Report, CurrentOrderSummary, ClearedOrderSummary; API-NG "Betting Type Definitions", read
// 2026-12-02) become the worker's order and fill updates.
//
// Fills: Betfair lists a bet's cumulative sizeMatched and averagePriceMatched, not its
// individual matches. Each new matched total is one fill, named "<betId>:<sizeMatched>", at
// the price that moves the ledger's average to Betfair's: the same id whether the total was
// seen in an answer, a listing or the order stream, so a match is counted once.
#pragma once

#include <nlohmann/json.hpp>

#include <tradehost/plugin.h>
#include <tradehost/venue/execution_worker.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tradehost::betfair {

struct Selection {
    std::string market_id;     ///< "1.234567890"
    int64_t selection_id = 0;
    th_fixed handicap = 0;
};

/// Parses "<marketId>:<selectionId>[:<handicap>]"; nullopt with `why` set when malformed.
std::optional<Selection> parse_selection(std::string_view symbol, std::string& why);
/// The symbol of a selection (handicap omitted when 0).
std::string symbol_of(const Selection& s);

/// A JSON number (Betfair writes prices and sizes as numbers) as th_fixed, exact for the
/// venue's two decimals.
th_fixed fixed_of(const nlohmann::json& v);
/// th_fixed as a JSON number token ("2.5").
nlohmann::json number_of(th_fixed v);

struct BetRequest {
    Selection sel;
    uint8_t side = TH_SIDE_BUY;   ///< buy = BACK, sell = LAY
    th_fixed price = 0, size = 0;
    bool persist = false;         ///< PERSIST at in-play; else LAPSE
    bool fill_or_kill = false;    ///< timeInForce FILL_OR_KILL
    std::string customer_order_ref, customer_strategy_ref;
};

/// placeOrders params: one LIMIT instruction; customerRef = customerOrderRef (Betfair
/// de-duplicates a customerRef for 60 s, so a resend after a lost answer is refused, not doubled).
nlohmann::json place_params(const BetRequest& b);

/// What Betfair says about one bet (a place report, a current order, a cleared order).
struct BetState {
    std::string bet_id, market_id, customer_order_ref;
    int64_t selection_id = 0;
    th_fixed handicap = 0;
    std::string side;              ///< "BACK" / "LAY"
    std::string status;            ///< EXECUTABLE, EXECUTION_COMPLETE, or a cleared betStatus
    th_fixed price = 0;            ///< requested
    th_fixed size = 0;             ///< requested stake
    th_fixed size_matched = 0, avg_price_matched = 0;
    th_fixed size_remaining = 0, size_lapsed = 0, size_cancelled = 0, size_voided = 0;
    int64_t placed_ns = 0, matched_ns = 0;
    bool settled = false;          ///< from listClearedOrders
    std::string bet_outcome;       ///< cleared: WON, LOST, PLACE, ...
    th_fixed profit = 0, commission = 0;
};

/// A CurrentOrderSummary.
BetState current_order(const nlohmann::json& o);
/// A ClearedOrderSummary of `bet_status` (SETTLED, VOIDED, LAPSED, CANCELLED).
BetState cleared_order(const nlohmann::json& o, const std::string& bet_status);
/// A PlaceInstructionReport (status SUCCESS).
BetState place_report(const nlohmann::json& r, const BetRequest& b);

/// The order's state as th_order_status: EXECUTABLE is NEW or PARTIALLY_FILLED;
/// EXECUTION_COMPLETE is FILLED when all matched, else CANCELED (cancelled), EXPIRED
/// (lapsed at in-play, or a FILL_OR_KILL that did not fill) or CANCELED (voided).
venue::OrderUpdate order_update(const BetState& b);

/// The fill for a matched total above what the ledger holds for the order (`cum`, `notional`
/// there), or nullopt when the total adds nothing.
std::optional<venue::FillUpdate> fill_update(const BetState& b, th_fixed ledger_cum, th_fixed ledger_notional);

/// RFC 3339 ("2026-12-02T17:00:00.000Z") to ns; 0 when absent or malformed.
int64_t time_of(const nlohmann::json& o, const char* key);

}  // namespace tradehost::betfair
