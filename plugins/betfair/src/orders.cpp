// betfair: bets as orders (see orders.hpp).
#include "orders.hpp"

#include <tradehost/plugin.hpp>
#include <tradehost/venue/json.hpp>

#include <cmath>
#include <cstdlib>

namespace tradehost::betfair {
namespace {

__extension__ typedef __int128 i128;  // price x size overflows int64 in 1e8 units

th_fixed num(const nlohmann::json& o, const char* key) {
    auto it = o.find(key);
    return it == o.end() ? 0 : fixed_of(*it);
}

std::string str(const nlohmann::json& o, const char* key) {
    auto it = o.find(key);
    if (it == o.end()) return {};
    if (it->is_string()) return it->get<std::string>();
    if (it->is_number_integer()) return std::to_string(it->get<int64_t>());
    return {};
}

int64_t integer(const nlohmann::json& o, const char* key) {
    auto it = o.find(key);
    if (it == o.end()) return 0;
    if (it->is_number_integer()) return it->get<int64_t>();
    if (it->is_string()) return std::strtoll(it->get<std::string>().c_str(), nullptr, 10);
    return 0;
}

}  // namespace

std::optional<Selection> parse_selection(std::string_view symbol, std::string& why) {
    Selection s;
    const auto c1 = symbol.find(':');
    if (c1 == std::string_view::npos || c1 == 0) {
        why = "not <marketId>:<selectionId>[:<handicap>]";
        return std::nullopt;
    }
    s.market_id = std::string(symbol.substr(0, c1));
    for (char ch : s.market_id)
        if (!(ch == '.' || (ch >= '0' && ch <= '9'))) {
            why = "market id '" + s.market_id + "' is not like 1.234567890";
            return std::nullopt;
        }
    std::string_view rest = symbol.substr(c1 + 1);
    const auto c2 = rest.find(':');
    std::string sel(rest.substr(0, c2));
    if (sel.empty() || sel.find_first_not_of("0123456789") != std::string::npos) {
        why = "selection id '" + sel + "' is not a number";
        return std::nullopt;
    }
    s.selection_id = std::strtoll(sel.c_str(), nullptr, 10);
    if (c2 != std::string_view::npos) {
        auto h = venue::json::fixed_from_text(rest.substr(c2 + 1));
        if (!h) {
            why = "handicap '" + std::string(rest.substr(c2 + 1)) + "' is not a number";
            return std::nullopt;
        }
        s.handicap = *h;
    }
    return s;
}

std::string symbol_of(const Selection& s) {
    std::string out = s.market_id + ":" + std::to_string(s.selection_id);
    if (s.handicap != 0) out += ":" + format_fixed(s.handicap);
    return out;
}

th_fixed fixed_of(const nlohmann::json& v) {
    if (v.is_number_integer()) return v.get<int64_t>() * TH_FIXED_SCALE;
    if (v.is_number()) return static_cast<th_fixed>(std::llround(v.get<double>() * 1e8));
    if (v.is_string()) return venue::json::fixed_from_text(v.get<std::string>()).value_or(0);
    return 0;
}

nlohmann::json number_of(th_fixed v) {
    // Parsed from the exact decimal text, so the JSON token is "2.5", never "2.4999999".
    return nlohmann::json::parse(format_fixed(v));
}

nlohmann::json place_params(const BetRequest& b) {
    nlohmann::json limit{{"size", number_of(b.size)},
                         {"price", number_of(b.price)},
                         {"persistenceType", b.persist ? "PERSIST" : "LAPSE"}};
    if (b.fill_or_kill) {
        // FILL_OR_KILL takes no persistence type (TIME_IN_FORCE_CONFLICT otherwise).
        limit.erase("persistenceType");
        limit["timeInForce"] = "FILL_OR_KILL";
    }
    nlohmann::json instruction{{"orderType", "LIMIT"},
                               {"selectionId", b.sel.selection_id},
                               {"handicap", number_of(b.sel.handicap)},
                               {"side", b.side == TH_SIDE_SELL ? "LAY" : "BACK"},
                               {"limitOrder", limit},
                               {"customerOrderRef", b.customer_order_ref}};
    nlohmann::json p{{"marketId", b.sel.market_id},
                     {"instructions", nlohmann::json::array({instruction})},
                     {"customerRef", b.customer_order_ref}};
    if (!b.customer_strategy_ref.empty()) p["customerStrategyRef"] = b.customer_strategy_ref;
    return p;
}

int64_t time_of(const nlohmann::json& o, const char* key) {
    auto it = o.find(key);
    if (it == o.end() || !it->is_string()) return 0;
    return venue::json::parse_rfc3339_ns(it->get<std::string>()).value_or(0);
}

BetState current_order(const nlohmann::json& o) {
    BetState b;
    b.bet_id = str(o, "betId");
    b.market_id = str(o, "marketId");
    b.selection_id = integer(o, "selectionId");
    b.handicap = num(o, "handicap");
    b.side = str(o, "side");
    b.status = str(o, "status");
    if (auto ps = o.find("priceSize"); ps != o.end() && ps->is_object()) {
        b.price = num(*ps, "price");
        b.size = num(*ps, "size");
    }
    b.size_matched = num(o, "sizeMatched");
    b.avg_price_matched = num(o, "averagePriceMatched");
    b.size_remaining = num(o, "sizeRemaining");
    b.size_lapsed = num(o, "sizeLapsed");
    b.size_cancelled = num(o, "sizeCancelled");
    b.size_voided = num(o, "sizeVoided");
    b.placed_ns = time_of(o, "placedDate");
    b.matched_ns = time_of(o, "matchedDate");
    b.customer_order_ref = str(o, "customerOrderRef");
    return b;
}

BetState cleared_order(const nlohmann::json& o, const std::string& bet_status) {
    BetState b;
    b.bet_id = str(o, "betId");
    b.market_id = str(o, "marketId");
    b.selection_id = integer(o, "selectionId");
    b.handicap = num(o, "handicap");
    b.side = str(o, "side");
    b.status = bet_status;
    b.price = num(o, "priceRequested");
    b.settled = bet_status == "SETTLED";
    if (b.settled) {
        b.size_matched = num(o, "sizeSettled");
        b.avg_price_matched = num(o, "priceMatched");
    }
    b.size_cancelled = num(o, "sizeCancelled");
    b.placed_ns = time_of(o, "placedDate");
    b.matched_ns = time_of(o, "lastMatchedDate");
    if (b.matched_ns == 0) b.matched_ns = time_of(o, "settledDate");
    b.bet_outcome = str(o, "betOutcome");
    b.profit = num(o, "profit");
    b.commission = num(o, "commission");
    b.customer_order_ref = str(o, "customerOrderRef");
    return b;
}

BetState place_report(const nlohmann::json& r, const BetRequest& req) {
    BetState b;
    b.bet_id = str(r, "betId");
    b.market_id = req.sel.market_id;
    b.selection_id = req.sel.selection_id;
    b.handicap = req.sel.handicap;
    b.side = req.side == TH_SIDE_SELL ? "LAY" : "BACK";
    b.status = str(r, "orderStatus");
    b.price = req.price;
    b.size = req.size;
    b.size_matched = num(r, "sizeMatched");
    b.avg_price_matched = num(r, "averagePriceMatched");
    b.placed_ns = time_of(r, "placedDate");
    b.customer_order_ref = req.customer_order_ref;
    if (b.status == "EXECUTION_COMPLETE" && b.size_matched < b.size) {
        // A FILL_OR_KILL that did not fill completely (or a bet lapsed at once).
        b.size_lapsed = b.size - b.size_matched;
    }
    return b;
}

venue::OrderUpdate order_update(const BetState& b) {
    venue::OrderUpdate u;
    u.client_order_id = b.customer_order_ref;
    u.venue_order_id = b.bet_id;
    u.executed_qty = b.size_matched;
    const bool complete = b.status == "EXECUTION_COMPLETE";
    if (b.status == "EXECUTABLE" || b.status.empty() || b.status == "PENDING") {
        u.status = b.size_matched > 0 ? TH_STATUS_PARTIALLY_FILLED : TH_STATUS_NEW;
    } else if (b.status == "LAPSED") {
        u.status = TH_STATUS_EXPIRED;
        u.reason = "lapsed";
    } else if (b.status == "CANCELLED") {
        u.status = TH_STATUS_CANCELED;
    } else if (b.status == "VOIDED") {
        u.status = TH_STATUS_CANCELED;
        u.reason = "voided by Betfair";
    } else if (b.settled) {
        u.status = TH_STATUS_FILLED;  // the dialect ends a partly matched settled bet itself
    } else if (complete) {
        if (b.size_lapsed > 0 && b.size_lapsed >= b.size_cancelled && b.size_lapsed >= b.size_voided) {
            u.status = TH_STATUS_EXPIRED;
            u.reason = "lapsed";
        } else if (b.size_voided > 0 && b.size_voided >= b.size_cancelled) {
            u.status = TH_STATUS_CANCELED;
            u.reason = "voided by Betfair";
        } else if (b.size_cancelled > 0) {
            u.status = TH_STATUS_CANCELED;
        } else {
            u.status = TH_STATUS_FILLED;
        }
    }
    u.ts_ns = b.matched_ns ? b.matched_ns : b.placed_ns;
    return u;
}

std::optional<venue::FillUpdate> fill_update(const BetState& b, th_fixed ledger_cum, th_fixed ledger_notional) {
    if (b.size_matched <= 0 || b.size_matched <= ledger_cum || b.bet_id.empty()) return std::nullopt;
    venue::FillUpdate f;
    f.fill_id = b.bet_id + ":" + format_fixed(b.size_matched);
    f.client_order_id = b.customer_order_ref;
    f.venue_order_id = b.bet_id;
    f.qty = b.size_matched - ledger_cum;
    f.order_cum_qty = b.size_matched;
    // The price that takes the ledger's average to Betfair's: (avp * total - notional) / qty.
    const i128 total = static_cast<i128>(b.avg_price_matched) * b.size_matched / TH_FIXED_SCALE;
    const i128 px = (total - ledger_notional) * TH_FIXED_SCALE / f.qty;
    f.px = (px > 0 && ledger_cum > 0) ? static_cast<th_fixed>(px) : b.avg_price_matched;
    f.ts_ns = b.matched_ns;
    return f;
}

}  // namespace tradehost::betfair
