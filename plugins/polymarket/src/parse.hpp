// polymarket: CLOB REST answers -> our structs; pure functions. Shapes from the official
// client's types (clob-client-v2 src/types/clob.ts: ApiKeyRaw, OrderResponse, OpenOrder,
// Trade, MakerOrder, OrderBookSummary; commit f3e1a05) and docs.polymarket.com
// api-reference (read 2026-12-02). Decimal fields become th_fixed exactly; a missing
// documented field is an error (std::runtime_error naming it), never a silent zero.
#pragma once

#include "auth.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tradehost::polymarket {

/// GET /version: {"version": 2}. The official client assumes 2 when the field is absent.
int parse_version(const std::string& body);

/// {"apiKey","secret","passphrase"} of /auth/api-key and /auth/derive-api-key.
ApiCreds parse_creds(const std::string& body);

/// What GET /book says about a token besides its levels.
struct MarketMeta {
    std::string market;     ///< condition id
    std::string token_id;
    int64_t tick = 0;       ///< fixed point
    int64_t min_size = 0;   ///< fixed point
    bool neg_risk = false;
    /// The answer's `hash` matched the summary hash the server computes (orders/book_hash);
    /// false with `hash_given` when it did not (a corrupted or altered answer).
    bool hash_given = false;
    bool hash_ok = false;
};
MarketMeta parse_book_meta(const std::string& body);

/// {"error": "..."} of every CLOB error; the body itself when it has no such field.
std::string error_message(const std::string& body);

/// POST /order's answer (OrderResponse).
struct PostAnswer {
    bool success = false;
    std::string error_msg;
    std::string order_id;
    std::string status;  ///< "live", "matched", "delayed", "unmatched"
};
PostAnswer parse_post_answer(const std::string& body);
/// POST /orders' answer: an array of OrderResponse, one per order sent.
std::vector<PostAnswer> parse_post_answers(const std::string& body);

/// An order as /data/order/{id}, /data/orders and the user channel list it.
struct VenueOrder {
    std::string id;
    std::string status;        ///< upper case, without an "ORDER_STATUS_" prefix: LIVE, MATCHED, CANCELED, ...
    std::string asset_id;
    std::string side;          ///< BUY / SELL
    int64_t original_size = 0;
    int64_t size_matched = 0;
    int64_t price = 0;
};
VenueOrder parse_order(const std::string& body);

/// One page of a cursor listing: {"data":[...], "next_cursor": "..."} (or a bare array).
struct OrdersPage {
    std::vector<VenueOrder> orders;
    std::string next_cursor;
};
OrdersPage parse_orders_page(const std::string& body);

/// One of our executions in a trade: the taker's order, or one of its maker orders.
struct TradeFill {
    std::string trade_id;
    std::string order_id;
    std::string status;        ///< MATCHED, MINED, CONFIRMED, RETRYING, FAILED
    int64_t price = 0, size = 0;
    int64_t match_time_s = 0;
};
struct TradesPage {
    std::vector<TradeFill> fills;  ///< only ours: the taker side when we took, our maker orders when we made
    std::string next_cursor;
};
/// `owner` is our API key: maker orders of other owners in the same trade are not ours.
TradesPage parse_trades_page(const std::string& body, const std::string& owner);

/// What one user channel frame (wss://.../ws/user; docs.polymarket.com
/// market-data/websocket/user-channel) says: `order` events (type PLACEMENT, UPDATE,
/// CANCELLATION) and `trade` events (status MATCHED, MINED, CONFIRMED, RETRYING, FAILED) with
/// our part of each trade as in /data/trades. A frame is one object or an array.
struct UserEvent {
    bool is_order = false;
    VenueOrder order;            ///< is_order; status "CANCELED" for a CANCELLATION
    std::vector<TradeFill> fills;  ///< !is_order
};
std::vector<UserEvent> parse_user_frame(const std::string& body, const std::string& owner);

/// The fill id of our order `order_id` in trade `trade_id`: "<trade>:<order>" when it fits the
/// host's id field (TH_ID_LEN - 1 = 39 characters), else "pm-" and 36 hex digits of
/// SHA-256("<trade>:<order>"). Trade ids are UUIDs and order ids 66-character hashes, so a
/// cut "<trade>:<order>" would let two of our maker orders in one trade share an id.
std::string fill_id_of(const std::string& trade_id, const std::string& order_id);

/// DELETE answers: {"canceled": [...], "not_canceled": {id: reason}}.
struct CancelAnswer {
    std::vector<std::string> canceled;
    std::vector<std::pair<std::string, std::string>> not_canceled;
};
CancelAnswer parse_cancel_answer(const std::string& body);

}  // namespace tradehost::polymarket
