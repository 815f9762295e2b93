// betfair: ESA order changes as BetStates (see esa_orders.hpp).
#include "esa_orders.hpp"

namespace tradehost::betfair::esa {
namespace {

th_fixed fx(const nlohmann::json& o, const char* key) {
    auto it = o.find(key);
    return it != o.end() && it->is_number() ? fixed_of(*it) : 0;
}

int64_t ms_to_ns(const nlohmann::json& o, const char* key) {
    auto it = o.find(key);
    return it != o.end() && it->is_number_integer() ? it->get<int64_t>() * 1000000 : 0;
}

std::vector<std::pair<th_fixed, th_fixed>> pairs(const nlohmann::json& rows) {
    std::vector<std::pair<th_fixed, th_fixed>> v;
    if (!rows.is_array()) return v;
    for (const auto& r : rows)
        if (r.is_array() && r.size() == 2 && r[0].is_number() && r[1].is_number())
            v.emplace_back(fixed_of(r[0]), fixed_of(r[1]));
    return v;
}

}  // namespace

BetState order_of(const nlohmann::json& uo, const std::string& market_id, int64_t selection_id, th_fixed handicap) {
    BetState b;
    b.bet_id = uo.value("id", "");
    b.market_id = market_id;
    b.selection_id = selection_id;
    b.handicap = handicap;
    b.customer_order_ref = uo.value("rfo", "");
    const std::string side = uo.value("side", "");
    b.side = side == "B" ? "BACK" : side == "L" ? "LAY" : side;
    const std::string st = uo.value("status", "");
    b.status = st == "E" ? "EXECUTABLE" : st == "EC" ? "EXECUTION_COMPLETE" : st;
    b.price = fx(uo, "p");
    b.size = fx(uo, "s");
    b.size_matched = fx(uo, "sm");
    b.avg_price_matched = fx(uo, "avp");
    b.size_remaining = fx(uo, "sr");
    b.size_lapsed = fx(uo, "sl");
    b.size_cancelled = fx(uo, "sc");
    b.size_voided = fx(uo, "sv");
    b.placed_ns = ms_to_ns(uo, "pd");
    b.matched_ns = ms_to_ns(uo, "md");
    return b;
}

OrderChanges apply_ocm(const nlohmann::json& oc) {
    OrderChanges out;
    if (!oc.is_array()) {
        if (!oc.is_null()) out.errors.push_back("oc: not an array");
        return out;
    }
    for (std::size_t mi = 0; mi < oc.size(); ++mi) {
        const auto& m = oc[mi];
        const std::string mid = m.is_object() ? m.value("id", "") : "";
        const std::string at = "oc[" + std::to_string(mi) + "]";
        if (mid.empty()) {
            out.errors.push_back(at + ": no market id");
            continue;
        }
        auto orc = m.find("orc");
        if (orc == m.end()) continue;
        if (!orc->is_array()) {
            out.errors.push_back(at + ".orc: not an array");
            continue;
        }
        for (std::size_t ri = 0; ri < orc->size(); ++ri) {
            const auto& r = (*orc)[ri];
            const std::string rat = at + ".orc[" + std::to_string(ri) + "]";
            if (!r.is_object() || !r.contains("id") || !r["id"].is_number_integer()) {
                out.errors.push_back(rat + ": no selection id");
                continue;
            }
            const int64_t sel = r["id"].get<int64_t>();
            const th_fixed hc = r.contains("hc") && r["hc"].is_number() ? fixed_of(r["hc"]) : 0;
            if (auto uo = r.find("uo"); uo != r.end() && uo->is_array()) {
                for (std::size_t i = 0; i < uo->size(); ++i) {
                    const auto& o = (*uo)[i];
                    if (!o.is_object() || !o.contains("id") || !o["id"].is_string()) {
                        out.errors.push_back(rat + ".uo[" + std::to_string(i) + "]: no bet id");
                        continue;
                    }
                    out.bets.push_back(order_of(o, mid, sel, hc));
                }
            }
            if (r.contains("mb") || r.contains("ml")) {
                OrderChanges::Position p;
                p.symbol = symbol_of(Selection{mid, sel, hc});
                if (auto v = r.find("mb"); v != r.end()) p.matched_backs = pairs(*v);
                if (auto v = r.find("ml"); v != r.end()) p.matched_lays = pairs(*v);
                out.positions.push_back(std::move(p));
            }
        }
    }
    return out;
}

}  // namespace tradehost::betfair::esa
