// The in-memory exchange every dialect double shares: markets, balances (free/locked),
// orders keyed by client order id, and our trades. The dialect doubles only translate
// their REST/stream dialect to and from this. Fixed point (th_fixed) throughout. Thread-safe.
#pragma once

#include <tradehost/plugin.h>

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tradehost::doubles::exchange {

struct CoreMarket {
    std::string symbol, base, quote;
    th_fixed tick_size = 0, step_size = 0, min_qty = 0, min_notional = 0;
};

struct CoreOrder {
    int64_t order_id = 0;
    std::string symbol, client_order_id;
    uint8_t side = TH_SIDE_BUY;
    std::string type;           ///< venue's type text ("LIMIT", "MARKET", ...)
    std::string tif;            ///< venue's TIF text, may be empty
    th_fixed qty = 0, price = 0, stop_price = 0, executed = 0, cum_quote = 0;
    std::string status = "NEW"; ///< NEW, PARTIALLY_FILLED, FILLED, CANCELED
    int64_t time_ms = 0, update_ms = 0;
    bool open() const { return status == "NEW" || status == "PARTIALLY_FILLED"; }
};

struct CoreTrade {
    int64_t id = 0, order_id = 0;
    std::string symbol, client_order_id;
    uint8_t side = TH_SIDE_BUY;
    th_fixed px = 0, qty = 0, commission = 0;
    std::string commission_asset;
    int64_t time_ms = 0;
    bool maker = true;
};

struct CoreBalance { th_fixed free = 0, locked = 0; };

enum class PlaceError { none, unknown_symbol, duplicate, insufficient_funds };

class MatchingCore {
public:
    void add_market(CoreMarket m);
    std::optional<CoreMarket> market(const std::string& symbol) const;
    std::vector<CoreMarket> markets() const;
    void set_balance(const std::string& asset, th_fixed free);
    std::map<std::string, CoreBalance> balances() const;
    /// Commission charged on fills, as a fraction of the fill's quote value (in the quote asset).
    void set_fee_rate(th_fixed rate) { std::lock_guard<std::mutex> lk(mu_); fee_rate_ = rate; }

    /// Accepts `o` (order_id, status and times are assigned) and locks its funds.
    PlaceError place(CoreOrder& o, int64_t now_ms);
    /// Cancels an open order and releases its funds; nullopt if unknown or not open.
    /// Ends an open order (releasing what it locked) with `final_status` ("EXPIRED" for an
    /// IOC/FOK remainder); the order as it ended, or nullopt if it is not open.
    std::optional<CoreOrder> cancel(const std::string& symbol, const std::string& client_order_id, int64_t now_ms,
                                    const char* final_status = "CANCELED");
    std::optional<CoreOrder> find(const std::string& symbol, const std::string& client_order_id) const;
    std::optional<CoreOrder> find_by_client_id(const std::string& client_order_id) const;
    std::vector<CoreOrder> open_orders(const std::string& symbol) const;
    /// Every order, open or not, in order id order.
    std::vector<CoreOrder> all_orders() const;
    /// Our trades on `symbol` at or after `since_ms` and with id >= `from_id`.
    std::vector<CoreTrade> trades(const std::string& symbol, int64_t since_ms, int64_t from_id) const;
    /// Executes `qty` at `px` of an open order (test control). nullopt if it is not open or
    /// `qty` exceeds what is left.
    std::optional<std::pair<CoreOrder, CoreTrade>> fill(const std::string& client_order_id, th_fixed qty,
                                                        th_fixed px, int64_t now_ms);

private:
    mutable std::mutex mu_;
    std::map<std::string, CoreMarket> markets_;
    std::map<std::string, CoreBalance> balances_;
    std::map<std::string, CoreOrder> orders_;  // by client order id
    std::vector<CoreTrade> trades_;
    int64_t next_order_id_ = 1000;
    int64_t next_trade_id_ = 5000;
    th_fixed fee_rate_ = 0;
};

}  // namespace tradehost::doubles::exchange
