// paper: the simulated venue. Orders become live at ts + latency, match against quotes,
// and every change is published as execution reports, fills, positions and balances.
// Deterministic: only event timestamps drive it, never the wall clock.
#ifndef TRADEHOST_PLUGINS_PAPER_PAPER_VENUE_HPP
#define TRADEHOST_PLUGINS_PAPER_PAPER_VENUE_HPP

#include "config.hpp"
#include "state.hpp"

#include <tradehost/plugin.hpp>

#include <tradehost/venue/book.hpp>

#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <variant>

namespace tradehost::paper {

/// Port indices, in the order of kPorts (plugin.cpp).
enum Port : uint32_t {
    kPortQuotes = 0,
    kPortOrders = 1,
    kPortExecReports = 2,
    kPortFills = 3,
    kPortPositions = 4,
    kPortBalances = 5,
    kPortBooks = 6,
};

class PaperVenue {
public:
    PaperVenue(Host host, const Config& cfg);

    void start();
    void stop();
    void on_event(uint32_t port, const th_event_header& ev);
    std::string snapshot();
    void restore(std::string_view blob);

private:
    /// start(): publish every non-zero position and the balance of a loaded state.
    void publish_loaded_state();

    // Time: process due requests and expire DAY orders as event time moves forward.
    void enqueue(const th_order_request& req);
    void advance_to(th_time_ns t);
    void tick(th_time_ns t);
    void expire_day_orders(int64_t new_day);

    // Requests, at their effective time.
    void process(const th_order_request& req, th_time_ns eff);
    void on_new(const th_order_request& req, th_time_ns eff);
    void on_cancel(const th_order_request& req, th_time_ns eff);
    void on_replace(const th_order_request& req, th_time_ns eff);
    std::string validate(const th_order_request& req) const;
    /// Why the order breaks the instrument's registered metadata (ABI 1.1), or "".
    std::string check_instrument(th_instrument id, uint8_t type, th_fixed qty, th_fixed limit_px,
                                 th_fixed stop_px) const;

    // Matching and fills.
    void on_quote(const th_quote& q);
    void arrive(const std::string& id, th_time_ns ts);
    void match(const std::string& id, QuoteState& q, th_time_ns ts);
    // Books (ABI 1.1): where an instrument has one, market and marketable limit orders take
    // from it level by level instead of from the quote.
    void on_book(const th_book& b);
    /// True if the instrument's book, not its quote, fills `o` now.
    bool book_governs(const Order& o) const;
    /// Take from the book for order `id`; false if the book does not govern it.
    bool match_book(const std::string& id, th_time_ns ts);
    void fill(Order& o, th_fixed qty, th_fixed px, th_liquidity liquidity, th_time_ns ts);
    void close_order(const std::string& id, th_exec_type type, th_order_status status,
                     const std::string& reason, th_time_ns ts);

    // Cash.
    th_fixed reference_price(const Order& o) const;
    th_fixed reservation(const Order& o) const;
    th_fixed reserved_cash(const std::string* except = nullptr) const;
    std::string check_cash(const Order& o, const std::string* replacing) const;

    // Output, queued and published in order by flush().
    void report(const Order& o, th_exec_type type, th_order_status status, th_time_ns ts,
                th_fixed last_px, th_fixed last_qty, const std::string& reason,
                const std::string& orig_client_id = "");
    void reject(const th_order_request& req, const std::string& client_id,
                const std::string& reason, th_time_ns ts);
    void emit_position(th_instrument id, th_time_ns ts);
    void emit_balance(th_time_ns ts);
    void flush();
    void save();
    std::string make_id(char kind, uint64_t n) const;
    std::string symbol(th_instrument id) const;

    struct Outgoing {
        uint32_t port;
        std::variant<th_execution_report, th_fill, th_position, th_balance> ev;
    };

    Host host_;
    PaperConfig cfg_;
    FeeModel fees_;
    VenueState st_;
    std::string id_prefix_;  ///< "<instance>-<session>-", set in start()
    bool dirty_ = false;
    bool restored_ = false;
    bool flushing_ = false;
    std::deque<Outgoing> outbox_;
    /// Market data, not state: not persisted; rebuilt from the feed's next snapshot.
    struct BookState {
        venue::Book book;
        th_time_ns ts = 0;
    };
    std::map<th_instrument, BookState> books_;
};

}  // namespace tradehost::paper

#endif
