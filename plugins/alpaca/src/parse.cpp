// alpaca: decoding of Trading API and Market Data v2 JSON (simdjson On-Demand via the venue kit).
// Field names and shapes: https://docs.alpaca.markets/reference/postorder (order object),
// /docs/websocket-streaming (trade_updates), /docs/account-activities (FILL activities),
// /reference/getaccount-1, /reference/getallopenpositions, /docs/real-time-stock-pricing-data.
#include "parse.hpp"

#include <tradehost/plugin.hpp>

namespace tradehost::alpaca {

namespace json = venue::json;
using simdjson::ondemand::json_type;

namespace {

// Every object is read in one pass over its fields with the kit's json::each_field (the
// On-Demand way: each value is visited once, in document order, whatever order Alpaca writes
// the keys in).
using json::each_field;

/// A string value, "" for null or another type.
std::string text(json::value& v) {
    std::string_view s;
    if (v.get_string().get(s)) return std::string();
    return std::string(s);
}

/// `out` = a string value ("" for null or another type), reusing `out`'s capacity.
void assign_text(std::string& out, json::value& v) {
    std::string_view s;
    if (v.get_string().get(s)) s = {};
    out.assign(s.data(), s.size());
}

th_fixed fix(json::value& v) { return json::fixed_from(v).value_or(0); }

int64_t integer(json::value& v) {
    int64_t n = 0;
    if (!v.get_int64().get(n)) return n;
    std::string_view s;
    if (!v.get_string().get(s)) {
        for (char c : s)
            if (c < '0' || c > '9') return 0;
        for (char c : s) n = n * 10 + (c - '0');
    }
    return n;
}

int64_t time_of(json::value& v) {
    std::string_view s;
    if (v.get_string().get(s)) return 0;
    return json::parse_rfc3339_ns(s).value_or(0);
}

Order read_order(json::object o) {
    Order r;
    each_field(o, [&](json::Key k, json::value& v) {
        if (k == "id") r.id = text(v);
        else if (k == "client_order_id") r.client_order_id = text(v);
        else if (k == "symbol") r.symbol = text(v);
        else if (k == "status") r.status = text(v);
        else if (k == "type") r.type = text(v);
        else if (k == "time_in_force") r.time_in_force = text(v);
        else if (k == "replaces") r.replaces = text(v);
        else if (k == "replaced_by") r.replaced_by = text(v);
        else if (k == "side") r.side = map_side(text(v));
        else if (k == "qty") r.qty = fix(v);
        else if (k == "filled_qty") r.filled_qty = fix(v);
        else if (k == "filled_avg_price") r.filled_avg_price = fix(v);
        else if (k == "limit_price") r.limit_price = fix(v);
        else if (k == "stop_price") r.stop_price = fix(v);
        else if (k == "updated_at") r.updated_ns = time_of(v);
    });
    return r;
}

std::vector<std::string> string_list(json::value& v) {
    std::vector<std::string> out;
    for (auto item : v.get_array()) {
        std::string_view s = item.get_string().value();
        out.emplace_back(s);
    }
    return out;
}

}  // namespace

std::optional<ApiError> parse_error(json::Decoder& dec, std::string_view body) {
    try {
        json::document& doc = dec.parse(body);
        if (doc.type().value() != json_type::object) return std::nullopt;
        ApiError e;
        bool has_message = false;
        each_field(doc.get_object(), [&](json::Key k, json::value& v) {
            if (k == "code") e.code = integer(v);
            else if (k == "message") {
                e.message = text(v);
                has_message = true;
            }
        });
        if (!has_message) return std::nullopt;
        return e;
    } catch (const simdjson::simdjson_error&) {
        return std::nullopt;
    }
}

Order parse_order(json::Decoder& dec, std::string_view body) {
    json::document& doc = dec.parse(body);
    return read_order(doc.get_object().value());
}

std::vector<Order> parse_orders(json::Decoder& dec, std::string_view body) {
    std::vector<Order> out;
    json::document& doc = dec.parse(body);
    for (auto item : doc.get_array()) out.push_back(read_order(item.get_object().value()));
    return out;
}

TradeStreamMessage parse_trade_stream(json::Decoder& dec, std::string_view text_in) {
    TradeStreamMessage m;
    json::document& doc = dec.parse(text_in);
    // {"stream":"...","data":{...}}, or an error frame {"action":"error","data":{"error_message":...}}.
    // "stream"/"action" come before "data" in every documented message.
    std::string stream, action;
    each_field(doc.get_object(), [&](json::Key k, json::value& v) {
        if (k == "stream") stream = text(v);
        else if (k == "action") action = text(v);
        else if (k != "data") return;
        else if (action == "error") {
            m.kind = TradeStreamMessage::Kind::error;
            each_field(v.get_object(), [&](json::Key dk, json::value& dv) {
                if (dk == "error_message") m.error = text(dv);
            });
        } else if (stream == "authorization") {
            m.kind = TradeStreamMessage::Kind::authorization;
            each_field(v.get_object(), [&](json::Key dk, json::value& dv) {
                if (dk == "status") m.authorized = text(dv) == "authorized";
                else if (dk == "action") m.action = text(dv);
            });
        } else if (stream == "listening") {
            m.kind = TradeStreamMessage::Kind::listening;
            each_field(v.get_object(), [&](json::Key dk, json::value& dv) {
                if (dk == "streams") m.streams = string_list(dv);
            });
        } else if (stream == "trade_updates") {
            m.kind = TradeStreamMessage::Kind::trade_update;
            TradeUpdate& u = m.update;
            bool has_px = false, has_qty = false;
            each_field(v.get_object(), [&](json::Key dk, json::value& dv) {
                if (dk == "event") u.event = text(dv);
                else if (dk == "execution_id") u.execution_id = text(dv);
                else if (dk == "price") {
                    auto px = json::fixed_from(dv);
                    has_px = px.has_value();
                    u.price = px.value_or(0);
                } else if (dk == "qty") {
                    auto q = json::fixed_from(dv);
                    has_qty = q.has_value();
                    u.qty = q.value_or(0);
                } else if (dk == "position_qty") u.position_qty = fix(dv);
                else if (dk == "timestamp") u.ts_ns = time_of(dv);
                else if (dk == "order") u.order = read_order(dv.get_object().value());
            });
            u.has_fill = has_px && has_qty;
        }
    });
    return m;
}

std::string FillActivity::execution_id() const {
    const auto sep = id.find("::");
    return sep == std::string::npos ? id : id.substr(sep + 2);
}

std::vector<FillActivity> parse_fill_activities(json::Decoder& dec, std::string_view body) {
    std::vector<FillActivity> out;
    json::document& doc = dec.parse(body);
    for (auto item : doc.get_array()) {
        FillActivity a;
        std::string activity_type;
        each_field(item.get_object(), [&](json::Key k, json::value& v) {
            if (k == "activity_type") activity_type = text(v);
            else if (k == "id") a.id = text(v);
            else if (k == "order_id") a.order_id = text(v);
            else if (k == "symbol") a.symbol = text(v);
            else if (k == "type") a.type = text(v);
            else if (k == "side") a.side = map_side(text(v));
            else if (k == "price") a.price = fix(v);
            else if (k == "qty") a.qty = fix(v);
            else if (k == "cum_qty") a.cum_qty = fix(v);
            else if (k == "leaves_qty") a.leaves_qty = fix(v);
            else if (k == "transaction_time") a.ts_ns = time_of(v);
        });
        if (activity_type == "FILL") out.push_back(std::move(a));
    }
    return out;
}

Account parse_account(json::Decoder& dec, std::string_view body) {
    json::document& doc = dec.parse(body);
    Account a;
    each_field(doc.get_object(), [&](json::Key k, json::value& v) {
        if (k == "currency") a.currency = text(v);
        else if (k == "cash") a.cash = fix(v);
        else if (k == "buying_power") a.buying_power = fix(v);
        else if (k == "equity") a.equity = fix(v);
    });
    return a;
}

std::vector<Position> parse_positions(json::Decoder& dec, std::string_view body) {
    std::vector<Position> out;
    json::document& doc = dec.parse(body);
    for (auto item : doc.get_array()) {
        Position p;
        std::string side;
        each_field(item.get_object(), [&](json::Key k, json::value& v) {
            if (k == "symbol") p.symbol = text(v);
            else if (k == "qty") p.qty = fix(v);
            else if (k == "side") side = text(v);
            else if (k == "avg_entry_price") p.avg_entry_price = fix(v);
            else if (k == "unrealized_pl") p.unrealized_pl = fix(v);
        });
        // qty is documented as positive for short positions in older pages; `side` decides.
        if (side == "short" && p.qty > 0) p.qty = -p.qty;
        out.push_back(std::move(p));
    }
    return out;
}

namespace {

DataMessage::Kind data_kind(std::string_view type) {
    if (type.size() == 1) {
        switch (type[0]) {
        case 'q': return DataMessage::Kind::quote;
        case 't': return DataMessage::Kind::trade;
        case 'b': return DataMessage::Kind::bar;
        default: return DataMessage::Kind::other;
        }
    }
    if (type == "success") return DataMessage::Kind::success;
    if (type == "error") return DataMessage::Kind::error;
    if (type == "subscription") return DataMessage::Kind::subscription;
    return DataMessage::Kind::other;
}

// One element of the stream's array into `m`. "T" comes first in every documented message;
// "c" is a close price in bars and a condition array in quotes and trades, so the type
// decides what a key means. Keys are dispatched on length and first letter: this runs for
// every quote of every subscribed symbol.
void read_data_message(json::object o, DataMessage& m) {
    using Kind = DataMessage::Kind;
    each_field(o, [&](json::Key key, json::value& v) {
        const std::string_view k = key.view();  // one to four letters
        if (k.size() == 1) {
            switch (k[0]) {
            case 'T': {
                std::string_view type;
                if (!v.get_string().get(type)) m.kind = data_kind(type);
                return;
            }
            case 'S': assign_text(m.symbol, v); return;
            case 't': m.ts_ns = time_of(v); return;
            default: break;
            }
            switch (m.kind) {
            case Kind::quote: return;
            case Kind::trade:
                if (k[0] == 'p') m.price = fix(v);
                else if (k[0] == 's') m.size = fix(v);
                else if (k[0] == 'i') m.trade_id = integer(v);
                return;
            case Kind::bar:
                switch (k[0]) {
                case 'o': m.open = fix(v); break;
                case 'h': m.high = fix(v); break;
                case 'l': m.low = fix(v); break;
                case 'c': m.close = fix(v); break;
                case 'v': m.volume = fix(v); break;
                default: break;
                }
                return;
            default: return;
            }
        }
        if (m.kind == Kind::quote && k.size() == 2 && (k[0] == 'b' || k[0] == 'a')) {
            const bool bid = k[0] == 'b';
            if (k[1] == 'p') (bid ? m.bid_px : m.ask_px) = fix(v);
            else if (k[1] == 's') (bid ? m.bid_size : m.ask_size) = fix(v);
        } else if (k == "msg") {
            assign_text(m.msg, v);
        } else if (k == "code") {
            m.code = integer(v);
        }
    });
}

}  // namespace

void DataMessage::reset() {
    // Keeps the strings' capacity: a reused message allocates nothing.
    kind = Kind::other;
    msg.clear();
    code = 0;
    symbol.clear();
    bid_px = bid_size = ask_px = ask_size = 0;
    price = size = 0;
    trade_id = 0;
    open = high = low = close = volume = 0;
    ts_ns = 0;
}

void parse_data_messages(json::Decoder& dec, std::string_view body, std::vector<DataMessage>& out) {
    std::size_t n = 0;
    json::document& doc = dec.parse(body);
    for (auto item : doc.get_array()) {
        if (n == out.size()) out.emplace_back();
        DataMessage& m = out[n++];
        m.reset();
        read_data_message(item.get_object().value(), m);
    }
    out.resize(n);
}

std::vector<DataMessage> parse_data_messages(json::Decoder& dec, std::string_view body) {
    std::vector<DataMessage> out;
    parse_data_messages(dec, body, out);
    return out;
}

uint8_t map_status(std::string_view s) {
    if (s == "new" || s == "accepted" || s == "pending_new" || s == "accepted_for_bidding" ||
        s == "stopped" || s == "calculated" || s == "suspended")
        return s == "pending_new" || s == "accepted" ? TH_STATUS_PENDING_NEW : TH_STATUS_NEW;
    if (s == "partially_filled") return TH_STATUS_PARTIALLY_FILLED;
    if (s == "filled") return TH_STATUS_FILLED;
    if (s == "canceled" || s == "replaced") return TH_STATUS_CANCELED;
    if (s == "expired") return TH_STATUS_EXPIRED;
    if (s == "rejected") return TH_STATUS_REJECTED;
    return 0;
}

uint8_t map_side(std::string_view side) {
    if (side == "buy") return TH_SIDE_BUY;
    if (side == "sell") return TH_SIDE_SELL;
    return TH_SIDE_NONE;
}

th_quote to_quote(const DataMessage& m, th_instrument id, th_fixed lot_size) {
    th_quote q = make_event<th_quote>(m.ts_ns);
    q.instrument = id;
    q.bid_px = m.bid_px;
    q.ask_px = m.ask_px;
    q.bid_qty = fixed_mul(m.bid_size, lot_size);
    q.ask_qty = fixed_mul(m.ask_size, lot_size);
    return q;
}

th_trade to_trade(const DataMessage& m, th_instrument id) {
    th_trade t = make_event<th_trade>(m.ts_ns);
    t.instrument = id;
    t.aggressor = TH_SIDE_NONE;  // Alpaca's trade messages do not say who took liquidity
    t.px = m.price;
    t.qty = m.size;
    return t;
}

th_bar to_bar(const DataMessage& m, th_instrument id) {
    constexpr int64_t kMinuteNs = 60LL * 1000000000LL;
    th_bar b = make_event<th_bar>(m.ts_ns + kMinuteNs);
    b.instrument = id;
    b.interval_s = 60;
    b.open = m.open;
    b.high = m.high;
    b.low = m.low;
    b.close = m.close;
    b.volume = m.volume;
    return b;
}

}  // namespace tradehost::alpaca
