// The arb_scanner instance: keeps every outcome's book from th_book events, knows the outcome
// sets (named in config, or the groups of the instruments' metadata), and after each book
// update walks the sets that outcome belongs to. An opportunity (size >= min_size, profit >=
// min_profit) is emitted once, as signals, orders or both, until its size or prices change.
// Legs that are stale, unsynced, or on a venue that is down are not scanned.
#pragma once

#include "depth_walk.hpp"
#include "settings.hpp"

#include "order_ids.hpp"  // sma_cross's "<instance>-<session>-<n>" ids

#include <tradehost/plugin.hpp>
#include <tradehost/venue/book.hpp>

#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace tradehost::arb_scanner {

/// Port indices; must match kPorts in plugin.cpp.
enum : uint32_t { kPortBooks = 0, kPortStatus = 1, kPortSignals = 2, kPortOrders = 3 };

class ArbScanner {
public:
    ArbScanner(Host host, const Config& cfg);
    void on_event(uint32_t port, const th_event_header& ev);

private:
    struct Leg {
        venue::Book book{200};
        th_time_ns ts = 0;
        bool grouped = false;  ///< its metadata group was looked at (and joined, if any)
    };
    struct OutcomeSet {
        std::string name;
        std::vector<th_instrument> members;
        bool from_group = false;
        bool broken = false;      ///< a group with more outcomes than group_outcomes: never scanned
        std::string reported;     ///< signature of the opportunity last emitted ("" none)
    };

    void on_book(const th_book& b);
    void join_group(th_instrument id, Leg& leg);
    void scan(size_t set_index, th_time_ns now);
    /// Why a leg cannot be used now ("" = it can).
    std::string unusable(th_instrument id, th_time_ns now) const;
    void emit(const OutcomeSet& s, const Walk& w, th_time_ns now);
    std::string venue_of(th_instrument id) const;

    Host host_;
    Settings settings_;
    sma_cross::OrderIds ids_;
    std::unordered_map<th_instrument, Leg> legs_;
    std::vector<OutcomeSet> sets_;
    std::multimap<th_instrument, size_t> member_of_;  ///< instrument -> sets it is in
    std::map<std::string, size_t> group_sets_;        ///< metadata group -> set
    std::set<std::string> venues_down_;
    th_time_ns newest_ = 0;
    uint64_t next_order_ = 0;
};

}  // namespace tradehost::arb_scanner
