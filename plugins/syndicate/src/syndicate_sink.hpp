// The syndicate plugin: books the pool's fills and settlements from the pipelines into the
// ledger (see ledger.hpp), so members' shares follow the betting, fantasy and trading P&L.
#pragma once

#include <tradehost/plugin.hpp>

#include <map>
#include <memory>
#include <string>

#include "ledger.hpp"
#include "pool_book.hpp"

namespace tradehost::syndicate_plugin {

class SyndicateSink {
public:
    SyndicateSink(Host host, const Config& cfg);

    void on_event(uint32_t port, const th_event_header& ev);

private:
    Host host_;
    std::unique_ptr<::syndicate::Ledger> ledger_;
    std::string source_;

    void on_fill(const th_fill& f);
    void on_settlement(const th_settlement& s);
    // Loads the instrument's position (and the pool's sub-cent residual), applies `change`,
    // books the whole cents under `ref` in one ledger transaction.
    template <class Change> void book(const std::string& ref, const std::string& symbol, Change change);
    std::string date(th_time_ns ts) const;
    bool betting(th_instrument id) const;
};

}  // namespace tradehost::syndicate_plugin
