// The market_maker instance: keeps a book per outcome from th_book events, quotes a bid and
// an ask around the fair value (mid, microprice or a model's signal) skewed against its
// position, replaces a quote only when its wanted price moved by requote_ticks, stops the side
// that would pass a position limit, and pulls every quote on a venue outage, the kill switch
// or a stale book. Positions come from its own fills and survive restarts.
#pragma once

#include "quote_math.hpp"
#include "settings.hpp"
#include "state.hpp"

#include "order_ids.hpp"  // sma_cross's "<instance>-<session>-<n>" ids

#include <tradehost/plugin.hpp>
#include <tradehost/venue/book.hpp>

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace tradehost::market_maker {

/// Port indices; must match kPorts in plugin.cpp.
enum : uint32_t {
    kPortBooks = 0,
    kPortSignals = 1,
    kPortFills = 2,
    kPortExecReports = 3,
    kPortStatus = 4,
    kPortOrders = 5,
};

class MarketMaker {
public:
    MarketMaker(Host host, const Config& cfg);

    void start();
    void stop();
    void on_event(uint32_t port, const th_event_header& ev);
    void on_timer(uint64_t id, th_time_ns now);
    std::string snapshot();
    void restore(std::string_view blob);

private:
    struct Quoting {
        venue::Book book{200};
        th_time_ns book_ts = 0;      ///< event time of the last book update
        th_time_ns arrival = 0;      ///< host clock when it arrived
        th_fixed signal_fair = 0;    ///< a model's fair value; 0 = none
        th_time_ns signal_ts = 0;
        std::string quote_id[2];     ///< the resting (or pending) bid [0] and ask [1]; "" = none
        th_time_ns cooldown_until[2] = {0, 0};
        std::string pulled;          ///< why quotes are pulled now ("" = quoting), logged once per reason
    };
    struct Order {
        th_instrument instrument = 0;
        th_side side = TH_SIDE_NONE;
        th_fixed px = 0;
        th_fixed leaves = 0;
        bool acked = false;
        bool canceling = false;
    };

    bool quotes_instrument(th_instrument id) const;
    Quoting& quoting(th_instrument id);
    void on_book(const th_book& b);
    void on_signal(const th_signal& s);
    void on_fill(const th_fill& f);
    void on_report(const th_execution_report& r);
    void on_status(const th_venue_status& s);

    /// Why `id` must not quote now ("" = it may), given the event time `now`.
    std::string pull_reason(th_instrument id, const Quoting& q, const th_instrument_info& info, th_time_ns now) const;
    void requote(th_instrument id, th_time_ns now);
    void requote_all(th_time_ns now);
    void cancel_orphans(th_instrument id, const Quoting& q, th_time_ns now);
    void pull(th_instrument id, Quoting& q, const std::string& why, th_time_ns now);
    void pull_all(const std::string& why, th_time_ns now);
    /// What the position limits are checked against, per requote.
    struct Limits {
        th_fixed pos = 0;      ///< the outcome's position
        th_fixed gross = 0;    ///< sum of absolute positions of its group
        th_fixed lot = 0;      ///< from the metadata; 0 = none
        th_fixed min_qty = 0;
    };
    /// Keep, replace or cancel the quote of side `s` (0 bid, 1 ask) so it rests at `px`.
    void set_quote(th_instrument id, Quoting& q, int s, th_fixed px, const Limits& lim, th_fixed tick, th_time_ns now);
    /// Size of a quote on side `s`, counting every open order of that side but `except`.
    th_fixed size_for(th_instrument id, int s, const std::string& except, const Limits& lim) const;
    void send_new(th_instrument id, Quoting& q, int s, th_fixed px, th_fixed qty, th_time_ns now);
    void send_cancel(const std::string& order_id, th_time_ns now);
    /// Quantity of this instance's open orders of `id` on `side`, except `except`.
    th_fixed open_qty(th_instrument id, th_side side, const std::string& except) const;
    th_fixed group_gross(const std::string& group) const;
    th_instrument_info info_of(th_instrument id) const;
    void forget_order(const std::string& order_id);
    SavedState saved() const;
    void persist();
    void load(const SavedState& s);

    Host host_;
    Settings settings_;
    sma_cross::OrderIds ids_;
    std::vector<th_instrument> filter_;  // sorted; empty = all
    std::unordered_map<th_instrument, Quoting> books_;
    std::map<std::string, Order> orders_;       // open orders by client order id
    std::map<th_instrument, th_fixed> positions_;
    std::map<th_instrument, std::string> groups_;  // group of each instrument with a position
    std::set<std::string> venues_down_;
    th_time_ns newest_ = 0;  ///< newest event time seen on any input
    uint64_t next_order_ = 0;
    uint64_t timer_ = 0;
    bool killed_ = false;
    bool restored_ = false;
};

}  // namespace tradehost::market_maker
