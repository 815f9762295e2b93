// polymarket: maker and taker amounts of a limit order from its price and size, as the
// official clients compute them (clob-client-v2 getOrderRawAmounts.ts and
// buildOrderCreationArgs.ts, commit f3e1a05, read 2026-12-02), in exact integers:
// the size is rounded down to the tick's size decimals (2); BUY gives size x price of
// collateral (makerAmount) for size tokens (takerAmount), SELL the reverse; both in base
// units of 6 decimals (pUSD and the outcome tokens). The client's float round-up/round-down
// of the product only removes binary noise: with a price on the tick the product has at most
// the amount's decimals, which integers give exactly.
//
// And the local refusals, worded as the venue words them (docs.polymarket.com
// resources/error-codes, "Order processing errors"; the price range as the official client
// words it).
#pragma once

#include "crypto/clob_typed.hpp"
#include "orders/rounding.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace tradehost::polymarket {

/// Base units per token / per pUSD (COLLATERAL_TOKEN_DECIMALS = CONDITIONAL_TOKEN_DECIMALS = 6).
inline constexpr int64_t kBaseUnits = 1000000;

struct Amounts {
    int64_t maker = 0;  ///< base units the order gives
    int64_t taker = 0;  ///< base units it asks for
    int64_t size = 0;   ///< the size actually ordered (rounded down), fixed point
};

/// Amounts of a limit order. `price_fixed` must be on the tick (check_limit_order first).
Amounts limit_order_amounts(OrderSide side, int64_t price_fixed, int64_t size_fixed, const RoundConfig& rc);

/// What the exchange would refuse, as its error text, or nullopt when the order passes:
///  - a tick the clients do not know: "unsupported tick size 0.02"
///  - price outside [tick, 1 - tick]: "invalid price (0.995), min: 0.01 - max: 0.99"
///  - price off the tick: "order <id> is invalid. Price (0.555) breaks minimum tick size rule: 0.01"
///  - size (rounded down to 2 decimals) below the market's minimum:
///    "order <id> is invalid. Size (4.99) lower than the minimum: 5"
std::optional<std::string> check_limit_order(const std::string& order_id, int64_t price_fixed, int64_t size_fixed,
                                             int64_t tick_fixed, int64_t min_size_fixed);

}  // namespace tradehost::polymarket
