// The Betfair Exchange loopback double: an in-memory exchange on
// tradehost::doubles::LoopbackServer that speaks API-NG as documented (read 2026-12-02):
// the identity endpoints (/api/login with its {"token","product","status","error"} answer,
// /api/certlogin with {"sessionToken","loginStatus"}, /api/keepAlive, /api/logout; a wrong
// password answers INVALID_USERNAME_OR_PASSWORD, more than 100 logins in a minute, or a
// scripted ban, TEMPORARY_BAN_TOO_MANY_REQUESTS), and JSON-RPC at
// /exchange/betting/json-rpc/v1 (listMarketCatalogue, placeOrders, cancelOrders, replaceOrders, listCurrentOrders,
// listClearedOrders) and /exchange/account/json-rpc/v1 (getAccountFunds, getAccountDetails),
// every call checked for X-Application and a live X-Authentication (APINGException
// INVALID_SESSION_INFORMATION otherwise). Prices off the CLASSIC ladder are refused
// INVALID_ODDS, a customerRef repeated within 60 s DUPLICATE_TRANSACTION. Tests script the
// market: matches, a turn in-play (LAPSE bets lapse), settlement, expired sessions, and a
// placeOrders that is processed but answered 503 (the answer lost). Thread-safe.
#pragma once

#include "double/loopback_server.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace tradehost::doubles {

class BetfairDouble {
public:
    static constexpr const char* kAppKey = "fake-app-key-0001";
    static constexpr const char* kUsername = "test.user";
    static constexpr const char* kPassword = "not-a-real-password";

    BetfairDouble();
    ~BetfairDouble();
    BetfairDouble(const BetfairDouble&) = delete;
    BetfairDouble& operator=(const BetfairDouble&) = delete;

    LoopbackServer& server() { return server_; }
    std::string identity_url() const { return server_.http_url(); }
    std::string betting_url() const { return server_.http_url() + "/exchange/betting/json-rpc/v1"; }
    std::string account_url() const { return server_.http_url() + "/exchange/account/json-rpc/v1"; }

    // Identity -----------------------------------------------------------------------------
    /// While on, every login answers TEMPORARY_BAN_TOO_MANY_REQUESTS.
    void set_login_ban(bool on);
    /// Invalidates every session token (as at expiry).
    void expire_sessions();
    int logins() const;
    int keep_alives() const;
    int logouts() const;
    /// Form bodies of the logins received (passwords included: test data only).
    std::vector<std::string> login_paths() const;

    // Market -------------------------------------------------------------------------------
    /// Matches `size` (decimal text) more of bet `bet_id` at its price.
    bool match(const std::string& bet_id, const std::string& size);
    /// The market turns in-play: the unmatched stake of LAPSE bets lapses.
    void turn_in_play(const std::string& market_id);
    /// Settles the market with `winner` winning: every bet moves to listClearedOrders.
    void settle(const std::string& market_id, int64_t winner);
    /// The next placeOrders is processed but answered HTTP 503 (the client never sees its answer).
    void lose_next_place_answer();

    /// Lists a market for listMarketCatalogue: a MarketCatalogue as documented (marketId,
    /// marketName, marketStartTime, description{marketType,bettingType},
    /// eventType{id,name}, competition{id,name}, event{id,name,countryCode}, runners[]).
    void add_catalogue_market(nlohmann::json market);
    /// While `code` is set, every call of `op` answers that APINGException code ("": normal).
    void fail_calls(const std::string& op, const std::string& code);

    std::string bet_status(const std::string& bet_id) const;
    std::vector<std::string> bet_ids() const;
    std::size_t place_calls() const;
    std::vector<std::string> errors() const;
    /// The params of every JSON-RPC call of `method` ("placeOrders", ...).
    std::vector<std::string> calls(const std::string& method) const;

private:
    struct Bet {
        std::string id, market, side, persistence, order_ref, strategy_ref;
        int64_t selection = 0;
        int64_t handicap = 0, price = 0, size = 0;    // fixed 1e8
        int64_t matched = 0, matched_notional = 0, lapsed = 0, cancelled = 0;
        std::string placed, matched_date;
        bool settled = false;
        std::string outcome;
        int64_t profit = 0;
        bool complete() const { return matched + lapsed + cancelled >= size; }
    };

    Response rpc(const Request& r, bool account);
    Response login(const Request& r, bool cert);
    std::string place(const std::string& params);
    std::string cancel(const std::string& params);
    std::string replace(const std::string& params);
    std::string current(const std::string& params) const;
    std::string cleared(const std::string& params) const;
    std::string current_json(const Bet& b) const;
    /// listMarketCatalogue: filter, projection, sort, maxResults and the data-weight limit;
    /// an error code and details instead when the request breaks a documented rule.
    std::string catalogue(const nlohmann::json& params, std::string& error, std::string& details) const;

    mutable std::mutex mu_;
    std::map<std::string, Bet> bets_;
    std::vector<nlohmann::json> catalogue_;
    std::map<std::string, std::string> failing_;    // op -> APINGException code
    std::map<std::string, int64_t> customer_refs_;   // customerRef -> when (s)
    std::vector<std::string> tokens_;
    std::vector<int64_t> login_times_;
    std::vector<std::string> login_paths_;
    std::multimap<std::string, std::string> calls_;
    std::vector<std::string> errors_;
    bool ban_ = false;
    bool lose_place_answer_ = false;
    int logins_ = 0, keep_alives_ = 0, logouts_ = 0;
    std::size_t place_calls_ = 0;
    int64_t next_bet_ = 100000000001;
    // Last: destroyed first, so no handler runs on the state above once that is gone.
    LoopbackServer server_;
};

}  // namespace tradehost::doubles
