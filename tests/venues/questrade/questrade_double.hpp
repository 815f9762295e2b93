// A loopback double of Questrade: the OAuth login server (single-use refresh tokens, access
// tokens with expiry, api_server pointing back at itself) and the REST endpoints the adapter
// uses, with the documented bodies (www.questrade.com/api/documentation: security,
// rest-operations/*, error-handling, rate-limiting). Tests script it: expire access tokens,
// fill orders (creating executions), inject 429s, lose an order answer.
#pragma once

#include "double/loopback_server.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace tradehost::doubles {

class QuestradeDouble {
public:
    static constexpr const char* kAccount = "26598145";  // the documentation's sample account

    QuestradeDouble();
    ~QuestradeDouble();
    QuestradeDouble(const QuestradeDouble&) = delete;
    QuestradeDouble& operator=(const QuestradeDouble&) = delete;

    /// Base URL of both the login server and the api_server it hands out.
    std::string url() const { return server_.http_url(); }
    LoopbackServer& server() { return server_; }

    // Tokens ------------------------------------------------------------------------------
    /// A new valid refresh token, as a person generates in the API centre.
    std::string issue_refresh_token();
    /// The refresh token the last successful login handed out (empty if none).
    std::string latest_refresh_token() const;
    /// Every refresh token presented to the login, in order, with whether it was accepted.
    std::vector<std::pair<std::string, bool>> login_attempts() const;
    /// Every access token issued so far stops working now (401 code 1017).
    void expire_access_tokens();
    void set_access_token_lifetime(std::chrono::seconds s);
    /// Called on the server thread for each /v1 request before it is answered.
    void on_api_request(std::function<void(const Request&)> hook);

    // Market --------------------------------------------------------------------------------
    void add_symbol(const std::string& symbol, int64_t symbol_id, const std::string& currency = "USD");
    /// Prices as decimal text ("83.65"); last trade time advances on each call.
    void set_quote(const std::string& symbol, const std::string& bid, int64_t bid_size, const std::string& ask,
                   int64_t ask_size, const std::string& last = "", int64_t last_size = 0);

    // Account and orders ----------------------------------------------------------------
    void set_buying_power(const std::string& usd);
    std::vector<int64_t> order_ids() const;
    std::string order_state(int64_t order_id) const;
    /// An execution of `qty` at `px` for the order (Partial, or Executed when complete).
    /// Returns the execution id.
    int64_t fill(int64_t order_id, int64_t qty, const std::string& px);
    /// The next `count` /v1 requests get 429 {"code":1006,...} with X-RateLimit-Reset `reset_epoch_s`.
    void inject_rate_limit(int count, int64_t reset_epoch_s);
    /// The next order POST creates the order but is answered 503 (the answer is "lost").
    void lose_next_order_answer();

    /// Arrival times (system clock) and targets of /v1 requests.
    struct Seen {
        std::string method;
        std::string path;
        std::chrono::system_clock::time_point at;
        int status = 0;
    };
    std::vector<Seen> api_log() const;

private:
    struct Symbol {
        std::string symbol;
        int64_t id = 0;
        std::string currency;
        std::string bid = "0", ask = "0", last = "0";
        int64_t bid_size = 0, ask_size = 0, last_size = 0;
        int64_t last_trade_ns = 0;
    };
    struct Order {
        int64_t id = 0;
        int64_t symbol_id = 0;
        std::string symbol;
        int64_t total = 0, filled = 0, canceled = 0;
        std::string side, type, tif, state;
        std::string limit, stop;
        int64_t created_ns = 0, updated_ns = 0;
        int64_t fill_notional_e8 = 0;  // sum px*qty in 1e-8 units, for avgExecPrice
    };
    struct Execution {
        int64_t id = 0, order_id = 0, symbol_id = 0, qty = 0, ts_ns = 0;
        std::string symbol, side, price;
    };
    struct Access {
        std::chrono::steady_clock::time_point expires;
    };

    Response login(const Request& req);
    Response api(const Request& req, const std::function<Response(const Request&)>& handler);
    void install_routes();
    std::string order_json(const Order& o) const;
    std::string token(const char* prefix);

    LoopbackServer server_;
    mutable std::mutex mu_;
    uint64_t token_seq_ = 0;
    std::map<std::string, bool> refresh_tokens_;  // token -> still valid
    std::string latest_refresh_;
    std::vector<std::pair<std::string, bool>> login_attempts_;
    std::map<std::string, Access> access_tokens_;
    std::chrono::seconds access_lifetime_{1800};
    std::function<void(const Request&)> hook_;
    std::map<std::string, Symbol> symbols_;
    std::map<int64_t, Order> orders_;
    std::vector<Execution> executions_;
    int64_t next_order_id_ = 177106005;  // the documentation's sample order id
    int64_t next_exec_id_ = 53817310;
    int64_t buying_power_e8_ = 10000000LL * 100000000LL;
    int inject_429_ = 0;
    int64_t inject_reset_ = 0;
    bool lose_next_answer_ = false;
    std::vector<Seen> log_;
};

}  // namespace tradehost::doubles
