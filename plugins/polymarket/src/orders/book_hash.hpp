// polymarket: the order book summary hash the CLOB puts in GET /book's `hash`: SHA-1 (hex)
// of the summary as compact JSON in the server's (Go struct) field order — market, asset_id,
// timestamp, hash (empty while hashing), bids, asks, min_order_size, tick_size, neg_risk,
// last_trade_price — with every value as the server sent it (decimal strings untouched).
// As py-clob-client's generate_orderbook_summary_hash documents it (utilities.py, commit
// f1a8807, read 2026-12-02). SHA-1 is nettle's.
#pragma once

#include <string>
#include <vector>

namespace tradehost::polymarket {

struct SummaryLevel {
    std::string price, size;
};

struct BookSummary {
    std::string market, asset_id, timestamp;
    std::vector<SummaryLevel> bids, asks;
    std::string min_order_size, tick_size;
    bool neg_risk = false;
    std::string last_trade_price;
};

/// 40 lowercase hex digits.
std::string book_summary_hash(const BookSummary& b);

}  // namespace tradehost::polymarket
