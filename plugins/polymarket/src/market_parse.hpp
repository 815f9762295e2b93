// polymarket: market channel messages (wss://ws-subscriptions-clob.polymarket.com/ws/market;
// docs.polymarket.com market-data/websocket/market-channel, read 2026-12-02) -> our structs.
// A frame is one message object or an array of them. `book` is a full snapshot of one token's
// levels; `price_change` carries `price_changes[]`, each an absolute size at a price of one
// token (size 0 removes the level); `tick_size_change` a token's old and new tick;
// `last_trade_price` a trade; `market_resolved` (sent with custom_feature_enabled) the
// market's tokens and the winning one. Other event types (best_bid_ask, new_market) are read
// as `other`. Decoded in one pass per object into reused vectors (venue-kit rules).
#pragma once

#include <tradehost/plugin.h>
#include <tradehost/venue/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tradehost::polymarket {

struct PxQty {
    th_fixed px = 0, qty = 0;
};

struct PriceChange {
    std::string asset_id;
    bool buy = true;  ///< BUY: a bid level; SELL: an ask level
    th_fixed px = 0, qty = 0;
};

struct MarketMessage {
    enum class Kind { book, price_change, tick_size_change, last_trade_price, market_resolved, other } kind = Kind::other;
    std::string asset_id;                 ///< book, tick_size_change, last_trade_price
    std::string market;                   ///< condition id
    int64_t ts_ms = 0;
    std::vector<PxQty> bids, asks;        ///< book
    std::vector<PriceChange> changes;     ///< price_change
    th_fixed old_tick = 0, new_tick = 0;  ///< tick_size_change
    th_fixed px = 0, size = 0;            ///< last_trade_price
    bool buy = true;                      ///< last_trade_price: the taker's side
    std::vector<std::string> assets_ids;  ///< market_resolved: the market's tokens
    std::string winning_asset_id;         ///< market_resolved
    std::string winning_outcome;          ///< market_resolved ("Yes", "Over", a name)
};

/// Decodes one frame into `out` (resized; elements reused). Throws simdjson_error on
/// malformed JSON and std::runtime_error naming a missing documented field.
void read_market_frame(venue::json::Decoder& dec, std::string_view text, std::vector<MarketMessage>& out);

}  // namespace tradehost::polymarket
