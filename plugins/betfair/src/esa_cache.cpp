// betfair: the ESA market cache (see esa_cache.hpp).
#include "esa_cache.hpp"

#include "orders.hpp"

namespace tradehost::betfair::esa {
namespace {

using venue::BookSide;

std::string where(std::size_t m, std::size_t r, const char* key, std::size_t i) {
    return "mc[" + std::to_string(m) + "].rc[" + std::to_string(r) + "]." + key + "[" + std::to_string(i) + "]";
}

/// [price,size] pairs into a full-depth side; false when a row is malformed (recorded).
bool apply_pairs(const nlohmann::json& rows, venue::Book& book, BookSide side, const std::string& at_base,
                 std::size_t mi, std::size_t ri, const char* key, Changes& out) {
    (void)at_base;
    if (!rows.is_array()) {
        out.errors.push_back(where(mi, ri, key, 0) + ": not an array");
        return false;
    }
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& row = rows[i];
        if (!row.is_array() || row.size() != 2 || !row[0].is_number() || !row[1].is_number()) {
            out.errors.push_back(where(mi, ri, key, i) + ": expected [price,size]");
            continue;
        }
        book.set(side, fixed_of(row[0]), fixed_of(row[1]));
    }
    return true;
}

void apply_levels(const nlohmann::json& rows, std::vector<venue::BookLevel>& lv, std::size_t mi, std::size_t ri,
                  const char* key, Changes& out) {
    if (!rows.is_array()) {
        out.errors.push_back(where(mi, ri, key, 0) + ": not an array");
        return;
    }
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& row = rows[i];
        if (!row.is_array() || row.size() != 3 || !row[0].is_number_integer() || !row[1].is_number() ||
            !row[2].is_number() || row[0].get<int64_t>() < 0 || row[0].get<int64_t>() >= 10) {
            out.errors.push_back(where(mi, ri, key, i) + ": expected [level 0-9,price,size]");
            continue;
        }
        const auto level = static_cast<std::size_t>(row[0].get<int64_t>());
        if (lv.size() <= level) lv.resize(level + 1);
        const th_fixed qty = fixed_of(row[2]);
        lv[level] = qty > 0 ? venue::BookLevel{fixed_of(row[1]), qty} : venue::BookLevel{};
    }
}

void rebuild_best(Runner& r) {
    r.best.begin_snapshot();
    for (const auto& l : r.batb) if (l.qty > 0) r.best.snapshot_level(BookSide::bid, l.px, l.qty);
    for (const auto& l : r.batl) if (l.qty > 0) r.best.snapshot_level(BookSide::ask, l.px, l.qty);
    r.best.end_snapshot();
}

MarketDef definition(const nlohmann::json& d) {
    MarketDef m;
    m.status = d.value("status", "");
    m.in_play = d.value("inPlay", false);
    m.betting_type = d.value("bettingType", "");
    m.event_id = d.value("eventId", "");
    m.event_type_id = d.value("eventTypeId", "");
    m.market_type = d.value("marketType", "");
    m.market_time = d.value("marketTime", "");
    m.version = d.value("version", int64_t{0});
    if (auto rs = d.find("runners"); rs != d.end() && rs->is_array())
        for (const auto& r : *rs) {
            RunnerDef rd;
            rd.id = r.value("id", int64_t{0});
            if (auto hc = r.find("hc"); hc != r.end() && hc->is_number()) rd.handicap = fixed_of(*hc);
            rd.status = r.value("status", "");
            rd.sort_priority = r.value("sortPriority", 0);
            m.runners.push_back(std::move(rd));
        }
    return m;
}

}  // namespace

Changes MarketCache::apply(const nlohmann::json& mc) {
    Changes out;
    if (!mc.is_array()) {
        if (!mc.is_null()) out.errors.push_back("mc: not an array");
        return out;
    }
    for (std::size_t mi = 0; mi < mc.size(); ++mi) {
        const auto& m = mc[mi];
        const std::string id = m.is_object() ? m.value("id", "") : "";
        if (id.empty()) {
            out.errors.push_back("mc[" + std::to_string(mi) + "]: no market id");
            continue;
        }
        Market& mk = markets_[id];
        const bool img = m.value("img", false);
        if (img) {
            // A full image of this market: what the cache held is replaced, not merged.
            mk = Market{};
        }
        mk.id = id;
        if (auto d = m.find("marketDefinition"); d != m.end() && d->is_object()) {
            MarketDef nd = definition(*d);
            // Names come from the catalogue, not the stream: keep them across definitions.
            for (auto& r : nd.runners)
                for (const auto& o : mk.def.runners)
                    if (o.id == r.id && o.handicap == r.handicap) r.name = o.name;
            mk.def = std::move(nd);
            mk.has_def = true;
            out.definitions.push_back(id);
        }
        if (auto tv = m.find("tv"); tv != m.end() && tv->is_number()) mk.tv = fixed_of(*tv);
        auto rcs = m.find("rc");
        if (rcs == m.end()) continue;
        if (!rcs->is_array()) {
            out.errors.push_back("mc[" + std::to_string(mi) + "].rc: not an array");
            continue;
        }
        for (std::size_t ri = 0; ri < rcs->size(); ++ri) {
            const auto& rc = (*rcs)[ri];
            if (!rc.is_object() || !rc.contains("id") || !rc["id"].is_number_integer()) {
                out.errors.push_back("mc[" + std::to_string(mi) + "].rc[" + std::to_string(ri) + "]: no selection id");
                continue;
            }
            const int64_t sel = rc["id"].get<int64_t>();
            const th_fixed hc = rc.contains("hc") && rc["hc"].is_number() ? fixed_of(rc["hc"]) : 0;
            Runner& r = mk.runners[{sel, hc}];
            r.id = sel;
            r.handicap = hc;
            Changes::RunnerRef ref{id, sel, hc, false, {}};
            if (auto v = rc.find("atb"); v != rc.end()) ref.book |= apply_pairs(*v, r.full, BookSide::bid, id, mi, ri, "atb", out);
            if (auto v = rc.find("atl"); v != rc.end()) ref.book |= apply_pairs(*v, r.full, BookSide::ask, id, mi, ri, "atl", out);
            bool best = false;
            if (auto v = rc.find("batb"); v != rc.end()) apply_levels(*v, r.batb, mi, ri, "batb", out), best = true;
            if (auto v = rc.find("batl"); v != rc.end()) apply_levels(*v, r.batl, mi, ri, "batl", out), best = true;
            if (best) {
                rebuild_best(r);
                ref.book = true;
            }
            if (auto v = rc.find("trd"); v != rc.end() && v->is_array()) {
                for (std::size_t i = 0; i < v->size(); ++i) {
                    const auto& row = (*v)[i];
                    if (!row.is_array() || row.size() != 2 || !row[0].is_number() || !row[1].is_number()) {
                        out.errors.push_back(where(mi, ri, "trd", i) + ": expected [price,size]");
                        continue;
                    }
                    const th_fixed px = fixed_of(row[0]), total = fixed_of(row[1]);
                    th_fixed& held = r.traded[px];
                    // A trade event for the volume added since the last total (a lower total,
                    // after a void, just resets it); an image's totals are history, not trades.
                    if (total > held && !img) ref.trades.push_back({px, total - held});
                    held = total;
                    if (total == 0) r.traded.erase(px);
                }
            }
            if (auto v = rc.find("ltp"); v != rc.end() && v->is_number()) r.ltp = fixed_of(*v);
            if (auto v = rc.find("tv"); v != rc.end() && v->is_number()) r.tv = fixed_of(*v);
            out.runners.push_back(std::move(ref));
        }
    }
    return out;
}

const Market* MarketCache::market(const std::string& id) const {
    auto it = markets_.find(id);
    return it == markets_.end() ? nullptr : &it->second;
}

const Runner* MarketCache::runner(const std::string& market_id, int64_t selection_id, th_fixed handicap) const {
    const Market* m = market(market_id);
    if (!m) return nullptr;
    auto it = m->runners.find({selection_id, handicap});
    return it == m->runners.end() ? nullptr : &it->second;
}

}  // namespace tradehost::betfair::esa
