// The syndicate plugin: books the pool's fills and settlements from the pipelines into the
// ledger (see ledger.hpp), so members' shares follow the betting, fantasy and trading P&L;
// keeps the latest price of each open position in the ledger, so the NAV a member buys in at
// marks them to market; and publishes the pool's bankroll as a balance, for a bet sizer.
#pragma once

#include <tradehost/plugin.hpp>

#include <map>
#include <memory>
#include <set>
#include <string>

#include "ledger.hpp"
#include "pool_book.hpp"

namespace tradehost::syndicate_plugin {

class SyndicateSink {
public:
    SyndicateSink(Host host, const Config& cfg);

    void on_event(uint32_t port, const th_event_header& ev);
    void start();
    void stop();
    void on_timer(uint64_t id, th_time_ns now);

private:
    Host host_;
    std::unique_ptr<::syndicate::Ledger> ledger_;
    std::string source_;
    std::string currency_;
    int64_t interval_ns_ = 0;
    uint64_t timer_ = 0;
    bool timer_active_ = false;
    std::set<std::string> open_;                  // symbols with an open position
    std::map<std::string, int64_t> marks_;        // latest price seen, not yet in the ledger
    std::map<std::string, int64_t> written_;      // the mark the ledger holds
    bool published_ = false;
    int64_t last_total_ = 0, last_available_ = 0;

    void on_quote(const th_quote& q);
    void flush_marks();
    // The bankroll: total the marked NAV, available what is not in open positions. Published
    // when it changed (or `force`), on port `bankroll`.
    void publish_balance(bool force);
    void on_fill(const th_fill& f);
    void on_settlement(const th_settlement& s);
    // Loads the instrument's position (and the pool's sub-cent residual), applies `change`,
    // books the whole cents under `ref` in one ledger transaction.
    template <class Change> void book(const std::string& ref, const std::string& symbol, Change change);
    std::string date(th_time_ns ts) const;
    bool betting(th_instrument id) const;
};

}  // namespace tradehost::syndicate_plugin
