#include "market_parse.hpp"

#include <stdexcept>

namespace tradehost::polymarket {
namespace {

namespace json = venue::json;
using simdjson::ondemand::array;
using simdjson::ondemand::object;
using simdjson::ondemand::value;

th_fixed need_fixed(value& v, const char* what) {
    auto f = json::fixed_from(v);
    if (!f) throw std::runtime_error(std::string("market channel: '") + what + "' is not a decimal");
    return *f;
}

void levels(value& v, std::vector<PxQty>& out) {
    out.clear();
    for (auto item : v.get_array()) {
        PxQty l;
        bool has_px = false, has_qty = false;
        json::each_field(item.get_object(), [&](json::Key k, value& f) {
            if (k == "price") l.px = need_fixed(f, "price"), has_px = true;
            else if (k == "size") l.qty = need_fixed(f, "size"), has_qty = true;
        });
        if (!has_px || !has_qty) throw std::runtime_error("market channel: a book level lacks price or size");
        out.push_back(l);
    }
}

void changes(value& v, std::vector<PriceChange>& out) {
    out.clear();
    for (auto item : v.get_array()) {
        PriceChange c;
        bool has_px = false, has_qty = false, has_side = false;
        json::each_field(item.get_object(), [&](json::Key k, value& f) {
            if (k == "asset_id") c.asset_id = std::string(std::string_view(f.get_string()));
            else if (k == "price") c.px = need_fixed(f, "price"), has_px = true;
            else if (k == "size") c.qty = need_fixed(f, "size"), has_qty = true;
            else if (k == "side") c.buy = std::string_view(f.get_string()) == "BUY", has_side = true;
        });
        if (c.asset_id.empty() || !has_px || !has_qty || !has_side)
            throw std::runtime_error("market channel: a price change lacks asset_id, price, size or side");
        out.push_back(std::move(c));
    }
}

void read_one(object obj, MarketMessage& m) {
    m.kind = MarketMessage::Kind::other;
    m.asset_id.clear();
    m.market.clear();
    m.ts_ms = 0;
    m.bids.clear();
    m.asks.clear();
    m.changes.clear();
    m.assets_ids.clear();
    m.winning_asset_id.clear();
    m.winning_outcome.clear();
    json::each_field(obj, [&](json::Key k, value& f) {
        if (k == "event_type") {
            std::string_view t = f.get_string();
            m.kind = t == "book"               ? MarketMessage::Kind::book
                     : t == "price_change"     ? MarketMessage::Kind::price_change
                     : t == "tick_size_change" ? MarketMessage::Kind::tick_size_change
                     : t == "last_trade_price" ? MarketMessage::Kind::last_trade_price
                     : t == "market_resolved"  ? MarketMessage::Kind::market_resolved
                                               : MarketMessage::Kind::other;
        } else if (k == "asset_id") {
            m.asset_id = std::string(std::string_view(f.get_string()));
        } else if (k == "market") {
            m.market = std::string(std::string_view(f.get_string()));
        } else if (k == "timestamp") {
            std::string_view s = f.get_string();
            m.ts_ms = std::strtoll(std::string(s).c_str(), nullptr, 10);
        } else if (k == "bids" || k == "buys") {  // "buys"/"sells": the REST book's older names
            levels(f, m.bids);
        } else if (k == "asks" || k == "sells") {
            levels(f, m.asks);
        } else if (k == "price_changes") {
            changes(f, m.changes);
        } else if (k == "old_tick_size") {
            m.old_tick = need_fixed(f, "old_tick_size");
        } else if (k == "new_tick_size") {
            m.new_tick = need_fixed(f, "new_tick_size");
        } else if (k == "price") {
            m.px = need_fixed(f, "price");
        } else if (k == "size") {
            m.size = need_fixed(f, "size");
        } else if (k == "side") {
            m.buy = std::string_view(f.get_string()) == "BUY";
        } else if (k == "assets_ids") {
            for (auto a : f.get_array()) m.assets_ids.emplace_back(std::string_view(a.get_string()));
        } else if (k == "winning_asset_id") {
            m.winning_asset_id = std::string(std::string_view(f.get_string()));
        } else if (k == "winning_outcome") {
            m.winning_outcome = std::string(std::string_view(f.get_string()));
        }
    });
    const bool needs_asset = m.kind == MarketMessage::Kind::book || m.kind == MarketMessage::Kind::tick_size_change ||
                             m.kind == MarketMessage::Kind::last_trade_price;
    if (needs_asset && m.asset_id.empty()) throw std::runtime_error("market channel: message without asset_id");
    if (m.kind == MarketMessage::Kind::market_resolved && (m.assets_ids.empty() || m.winning_asset_id.empty()))
        throw std::runtime_error("market channel: market_resolved without assets_ids or winning_asset_id");
    if (m.kind == MarketMessage::Kind::tick_size_change && m.new_tick <= 0)
        throw std::runtime_error("market channel: tick_size_change without new_tick_size");
}

}  // namespace

void read_market_frame(venue::json::Decoder& dec, std::string_view text, std::vector<MarketMessage>& out) {
    auto& doc = dec.parse(text);
    std::size_t n = 0;
    if (doc.type() == simdjson::ondemand::json_type::array) {
        for (auto item : doc.get_array()) {
            if (out.size() <= n) out.emplace_back();
            read_one(item.get_object(), out[n++]);
        }
    } else {
        if (out.empty()) out.emplace_back();
        read_one(doc.get_object(), out[n++]);
    }
    out.resize(n);
}

}  // namespace tradehost::polymarket
