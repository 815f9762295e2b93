// The selections the feed has published, per event, so that a completed score settles every
// one of them; and the events already settled, so none is settled twice. Both survive a
// restart through one state blob.
#pragma once

#include "settle.hpp"

#include <deque>
#include <map>
#include <set>
#include <string>

namespace tradehost::odds_api {

class Selections {
public:
    /// Records a selection of `event_id` under its symbol; true if it is new.
    bool add(const std::string& event_id, const std::string& symbol, const Selection& sel);
    /// The selections of one event by symbol (empty if none), with market_has_draw filled in.
    std::map<std::string, Selection> of(const std::string& event_id) const;
    /// Forget an event's selections and remember it as settled (the oldest settled id is
    /// forgotten past `remember`).
    void settled(const std::string& event_id, size_t remember);
    bool is_settled(const std::string& event_id) const { return settled_set_.count(event_id) != 0; }
    size_t open_events() const { return open_.size(); }

    /// Tab-separated lines; throws std::runtime_error on a blob this did not write.
    std::string encode() const;
    void decode(const std::string& blob);

private:
    std::map<std::string, std::map<std::string, Selection>> open_;  // event -> symbol -> selection
    std::deque<std::string> settled_order_;
    std::set<std::string> settled_set_;
};

/// The selection's symbol, as value_bets and the other betting plugins spell it:
/// EVENT/MARKET[/POINT]/OUTCOME.
std::string selection_symbol(const std::string& event_id, const Selection& sel);

}  // namespace tradehost::odds_api
