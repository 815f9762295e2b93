// The crossover logic, free of host calls: windows, crossings, positions from fills (set by
// the venue's position events), and open orders from execution reports. The plugin class
// turns its decisions into events.
#pragma once

#include "price_window.hpp"
#include "settings.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace tradehost::sma_cross {

/// An order the strategy wants sent.
struct OrderIntent {
    th_instrument instrument = 0;
    th_side side = TH_SIDE_NONE;
    th_fixed qty = 0;       ///< > 0
    th_fixed limit_px = 0;  ///< limit orders only
};

/// What one price update led to.
struct Decision {
    enum Kind {
        None,            ///< no crossing (or warming up, or a sample skipped)
        Order,           ///< a crossing; send `order`
        SkippedPending,  ///< a crossing while an order of this instrument is still open
        AtTarget,        ///< a crossing, but the position already is the target
        BadPrice         ///< a crossing, but the limit price came out <= 0
    };
    Kind kind = None;
    int direction = 0;     ///< +1 golden cross (fast above slow), -1 death cross
    th_fixed target = 0;   ///< target position after the crossing
    OrderIntent order;
};

/// How an execution report was taken.
struct ReportEffect {
    bool tracked = false;  ///< it named the open order of an instrument
    bool closed = false;   ///< that order is no longer open
};

class Strategy {
public:
    /// `filter`: interned ids of the instruments to trade; empty = all.
    Strategy(const Settings& settings, std::vector<th_instrument> filter);

    /// True if prices of `id` are traded.
    bool trades(th_instrument id) const;

    /// A new price (quote mid or bar close) of `id`.
    Decision on_price(th_instrument id, th_fixed px);
    /// A direction from elsewhere (a model's signal, with signal_name set): +1 long, -1
    /// short/flat. Acts when it differs from the last one, the first one included.
    Decision on_direction(th_instrument id, int sign);
    /// The last price of `id` (0 if none yet): limit prices of signal-driven orders.
    th_fixed last_price(th_instrument id) const;

    /// The plugin published the order of `d` under client order id `id`.
    void order_sent(const OrderIntent& o, std::string_view id);

    /// A fill of one of this instance's orders.
    void on_fill(th_instrument id, th_side side, th_fixed qty);

    /// The venue's position of `id`: it sets the position (it does not add to it), replacing
    /// what fills accumulated; later fills add to it again. True if the position changed.
    bool reconcile(th_instrument id, th_fixed qty);

    /// An execution report of one of this instance's orders.
    ReportEffect on_report(const th_execution_report& r);

    /// Number for the next client order id (1, 2, ...).
    uint64_t next_order_number() { return ++orders_; }

    th_fixed position(th_instrument id) const;
    /// Signed quantity of the open order of `id` not yet filled (buy > 0).
    th_fixed open_qty(th_instrument id) const;
    bool has_open_order(th_instrument id) const;

    /// Versioned text of the whole state; symbols instead of ids.
    std::string snapshot(const std::function<std::string(th_instrument)>& symbol_of) const;
    /// Replace the state with a snapshot's; windows are rebuilt from the stored prices, so
    /// other fast/slow settings work too. Throws InvalidArgument if malformed.
    void restore(std::string_view blob, const std::function<th_instrument(const std::string&)>& intern);

private:
    struct OpenOrder {
        bool active = false;
        th_side side = TH_SIDE_NONE;
        th_fixed leaves = 0;
        char id[TH_ID_LEN] = {0};
    };
    struct Instrument {
        explicit Instrument(const Settings& s)
            : window(static_cast<size_t>(s.fast), static_cast<size_t>(s.slow)) {}
        PriceWindow window;
        uint64_t updates = 0;  ///< price updates seen, sampled or not
        int last_sign = 0;     ///< sign of fast - slow at the last sample that had one
        th_fixed last_px = 0;  ///< the last price seen (not in snapshots: the next one sets it)
        th_fixed position = 0;
        OpenOrder open;
    };

    Instrument& state(th_instrument id);
    Decision decide(Instrument& st, th_instrument id, int sign);
    Instrument* find_open(th_instrument hint, std::string_view id);

    Settings settings_;
    std::vector<th_instrument> filter_;  // sorted
    std::unordered_map<th_instrument, Instrument> instruments_;
    uint64_t orders_ = 0;
};

}  // namespace tradehost::sma_cross
