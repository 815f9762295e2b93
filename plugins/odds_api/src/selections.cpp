// See selections.hpp. Blob lines: "o\tEVENT\tSYMBOL\tMARKET\tHAS_POINT\tPOINT\tOUTCOME" for an
// open selection, "s\tEVENT" for a settled event, oldest first. Names never hold tabs or
// newlines (the feed replaces them when it reads the JSON).
#include "selections.hpp"

#include <tradehost/plugin.hpp>

#include <sstream>
#include <stdexcept>
#include <vector>

namespace tradehost::odds_api {

std::string selection_symbol(const std::string& event_id, const Selection& sel) {
    return event_id + "/" + sel.market + (sel.has_point ? "/" + format_fixed(sel.point) : "") + "/" + sel.outcome;
}

bool Selections::add(const std::string& event_id, const std::string& symbol, const Selection& sel) {
    if (is_settled(event_id)) return false;
    return open_[event_id].emplace(symbol, sel).second;
}

std::map<std::string, Selection> Selections::of(const std::string& event_id) const {
    auto it = open_.find(event_id);
    if (it == open_.end()) return {};
    std::map<std::string, Selection> out = it->second;
    bool draw = false;
    for (const auto& [sym, s] : out) draw |= s.market == "h2h" && s.outcome == "Draw";
    for (auto& [sym, s] : out)
        if (s.market == "h2h") s.market_has_draw = draw;
    return out;
}

void Selections::settled(const std::string& event_id, size_t remember) {
    open_.erase(event_id);
    if (settled_set_.insert(event_id).second) settled_order_.push_back(event_id);
    while (settled_order_.size() > remember) {
        settled_set_.erase(settled_order_.front());
        settled_order_.pop_front();
    }
}

std::string Selections::encode() const {
    std::ostringstream o;
    for (const auto& [ev, sels] : open_)
        for (const auto& [sym, s] : sels)
            o << "o\t" << ev << '\t' << sym << '\t' << s.market << '\t' << (s.has_point ? 1 : 0) << '\t' << s.point << '\t'
              << s.outcome << '\n';
    for (const auto& ev : settled_order_) o << "s\t" << ev << '\n';
    return o.str();
}

void Selections::decode(const std::string& blob) {
    Selections fresh;
    std::istringstream in(blob);
    std::string line;
    size_t n = 0;
    while (std::getline(in, line)) {
        ++n;
        std::vector<std::string> f;
        std::istringstream ls(line);
        for (std::string part; std::getline(ls, part, '\t');) f.push_back(part);
        if (f.size() == 2 && f[0] == "s") {
            if (fresh.settled_set_.insert(f[1]).second) fresh.settled_order_.push_back(f[1]);
        } else if (f.size() == 7 && f[0] == "o") {
            Selection s;
            s.market = f[3];
            s.has_point = f[4] == "1";
            try {
                s.point = std::stoll(f[5]);
            } catch (const std::exception&) {
                throw std::runtime_error("line " + std::to_string(n) + ": bad point '" + f[5] + "'");
            }
            s.outcome = f[6];
            fresh.open_[f[1]].emplace(f[2], s);
        } else {
            throw std::runtime_error("line " + std::to_string(n) + ": not a selection record");
        }
    }
    *this = std::move(fresh);
}

}  // namespace tradehost::odds_api
