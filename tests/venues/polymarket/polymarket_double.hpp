// The Polymarket CLOB V2 loopback double: an in-memory CLOB on tradehost::doubles::LoopbackServer
// that speaks the documented REST dialect (docs.polymarket.com api-reference, read 2026-12-02):
// GET /version, GET /book, L1 /auth/api-key and /auth/derive-api-key (the ClobAuth signature
// recovered and checked), and, behind L2 (every HMAC checked), POST /order and /orders (batches
// of up to 15, each order checked alone), DELETE /order and /orders,
// GET /data/order/{id}, /data/orders and /data/trades. Every order's EIP-712 signer is
// recovered under the domain of the version the double announces and the market's exchange:
// a V1-signed order or one signed for another version is refused "order_version_mismatch",
// a wrong domain or key "invalid signature", an off-tick price and a small size with the
// CLOB's documented texts. Tests script the venue: fills, the announced version, 429s.
// Thread-safe.
#pragma once

#include "double/loopback_server.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <utility>
#include <mutex>
#include <string>
#include <vector>

namespace tradehost::doubles {

class PolymarketDouble {
public:
    /// The wallet address it serves (the only signer it accepts) and the chain.
    explicit PolymarketDouble(std::string wallet_address, uint64_t chain_id = 137);
    ~PolymarketDouble();
    PolymarketDouble(const PolymarketDouble&) = delete;
    PolymarketDouble& operator=(const PolymarketDouble&) = delete;

    LoopbackServer& server() { return server_; }
    std::string rest_url() const { return server_.http_url(); }
    std::string market_url() const { return server_.ws_url("/ws/market"); }

    // Market channel ---------------------------------------------------------------------
    /// The levels the `book` message of a subscription carries (price, size as decimal text).
    void set_book(const std::string& token, std::vector<std::pair<std::string, std::string>> bids,
                  std::vector<std::pair<std::string, std::string>> asks);
    /// Sends `text` to every market session subscribed to `token` ("" : every session).
    void push_market(const std::string& token, const std::string& text);
    /// Market sessions that subscribed, and the tokens of each.
    std::vector<std::vector<std::string>> market_subscriptions() const;
    int pings() const;

    // User channel -----------------------------------------------------------------------
    std::string user_url() const { return server_.ws_url("/ws/user"); }
    /// Sessions subscribed with the issued credentials.
    std::size_t user_sessions() const;
    /// While on, fills are not pushed on the user channel (visible over REST only): the
    /// messages a client misses during a disconnect.
    void set_user_silent(bool on);
    /// Pushes `trade` events with this status for every trade so far (MINED, CONFIRMED, ...).
    void push_trade_status(const std::string& status);
    void drop_streams();

    /// Credentials it issues (fake values; the secret is base64url of 32 bytes).
    static constexpr const char* kApiKey = "00000000-0000-4000-8000-000000000001";
    static constexpr const char* kApiSecret = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlYy0=";
    static constexpr const char* kApiPassphrase = "not-a-real-passphrase-0001";

    void add_market(const std::string& token_id, const std::string& condition_id, const std::string& tick,
                    const std::string& min_size, bool neg_risk);
    void set_version(int version);
    /// True once an API key was created for the wallet (derive fails before).
    void set_key_created(bool created);

    /// Fills `size` (decimal text) of a live order: a MATCHED trade where we are the maker.
    bool fill(const std::string& order_id, const std::string& size);
    std::string order_status(const std::string& order_id) const;
    std::size_t order_count() const;
    /// Ids (order hashes) of the orders accepted, in no particular order.
    std::vector<std::string> order_ids() const;
    /// What an accepted order was sent with: its orderType, postOnly ("true"/"false") and
    /// expiration (unix seconds text); empty strings for an unknown id.
    struct Sent { std::string order_type, post_only, expiration; };
    Sent sent(const std::string& order_id) const;
    /// BUY orders that cost more than `pusd` (decimal text) are refused "not enough balance /
    /// allowance"; "" : no limit (the default).
    void set_balance(const std::string& pusd);
    /// The next POST /orders is processed but answered 503 (an answer lost on the way).
    void lose_next_batch_answer();
    /// Orders in each POST /orders request accepted for processing, in order.
    std::vector<int> batch_sizes() const;
    /// DELETE /orders requests answered.
    int cancel_batches() const;
    /// DELETE /cancel-all and /cancel-market-orders requests answered.
    int mass_cancels() const;
    /// Error texts answered so far, in order.
    std::vector<std::string> errors() const;
    /// Requests whose L2 headers were wrong.
    int l2_failures() const;

private:
    struct Order {
        std::string id, token, side, status = "LIVE";
        int64_t price = 0, original_size = 0, size_matched = 0;
        int64_t created_s = 0;
        std::string order_type = "GTC", expiration = "0";
        bool post_only = false;
    };
    struct Market {
        std::string condition, tick, min_size;
        bool neg_risk = false;
    };
    struct Trade {
        std::string id, order_id, status;
        int64_t price = 0, size = 0, match_s = 0;
    };

    Response refuse(int status, const std::string& error);
    std::string book_message(const std::string& token) const;
    bool l2_ok(const Request& r);
    bool l1_ok(const Request& r);
    Response post_order(const nlohmann::json& body);  ///< one POST /order body (also a POST /orders entry)
    std::string order_json(const Order& o) const;

    std::string wallet_;
    uint64_t chain_id_;
    mutable std::mutex mu_;
    int version_ = 2;
    bool key_created_ = false;
    std::map<std::string, Market> markets_;
    std::map<std::string, Order> orders_;
    std::vector<Trade> trades_;
    std::vector<std::string> errors_;
    int l2_failures_ = 0;
    int mass_cancels_ = 0;
    int64_t balance_ = -1;  // fixed point; -1: unlimited
    bool lose_batch_answer_ = false;
    std::vector<int> batch_sizes_;
    int cancel_batches_ = 0;
    int pings_ = 0;
    bool user_silent_ = false;
    std::map<uint64_t, std::shared_ptr<WsSession>> user_sessions_;
    std::string trade_event(const Trade& t, const std::string& status) const;
    void push_user(const std::string& text);
    // Last: destroyed first, so no handler of its threads runs on the state above once that
    // is gone.
    LoopbackServer server_;
    std::map<std::string, std::pair<std::vector<std::pair<std::string, std::string>>,
                                    std::vector<std::pair<std::string, std::string>>>> books_;
    std::map<uint64_t, std::pair<std::shared_ptr<WsSession>, std::vector<std::string>>> market_sessions_;
    int trade_seq_ = 0;
};

}  // namespace tradehost::doubles
