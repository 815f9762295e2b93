// oanda: decoding of v20 payloads. Each object is walked once, field by field, in the order
// the venue sent (On-Demand is forward-only); unknown fields are skipped.
#include "parse.hpp"

#include <cstring>

namespace tradehost::oanda {

using simdjson::ondemand::array;
using simdjson::ondemand::object;
using simdjson::ondemand::value;
namespace json = venue::json;

namespace {

std::string text(value& v) {
    std::string_view s;
    if (v.get_string().get(s) != simdjson::SUCCESS) return {};
    return std::string(s);
}
/// `out` = a string value ("" for null or another type), reusing `out`'s capacity.
void assign_text(std::string& out, value& v) {
    std::string_view s;
    if (v.get_string().get(s) != simdjson::SUCCESS) s = {};
    out.assign(s.data(), s.size());
}
th_fixed fixed(value& v) { return json::fixed_from(v).value_or(0); }
int64_t time_of(value& v) {
    std::string_view s;
    if (v.get_string().get(s) != simdjson::SUCCESS) return 0;
    return json::parse_rfc3339_ns(s).value_or(0);
}

/// The first level of a bids/asks array: [{"price": "1.1", "liquidity": 10000000}, ...].
/// Later levels are not read: the array iterator skips an element nobody consumed.
void best_level(value& v, th_fixed& px, th_fixed& qty) {
    bool first = true;
    for (auto level : v.get_array()) {
        if (!first) continue;
        first = false;
        json::each_field(level.get_object(), [&](json::Key key, value& f) {
            if (key == "price") px = fixed(f);
            else if (key == "liquidity") qty = fixed(f);
        });
    }
}

/// {"id": "..."} of clientExtensions.
std::string extension_id(value& v) {
    std::string id;
    json::each_field(v.get_object(), [&](json::Key key, value& f) { if (key == "id") id = text(f); });
    return id;
}

/// {"tradeID": "..."} of tradeOpened.
std::string trade_id(value& v) {
    std::string id;
    json::each_field(v.get_object(), [&](json::Key key, value& f) { if (key == "tradeID") id = text(f); });
    return id;
}

/// Fills one field of a Transaction; keys the adapter does not read are ignored. Dispatched on
/// the first letter: every pricing-stream line passes through here.
void transaction_field(Transaction& t, json::Key key, value& v, th_fixed& full_vwap) {
    switch (key.front()) {
    case 'i':
        if (key == "id") { assign_text(t.id, v); t.seq = txn_seq(t.id); }
        else if (key == "instrument") assign_text(t.instrument, v);
        break;
    case 't':
        if (key == "type") assign_text(t.type, v);
        else if (key == "time") t.time_ns = time_of(v);
        else if (key == "tradeOpened") t.trade_opened_id = trade_id(v);
        break;
    case 'o':
        if (key == "orderID") assign_text(t.order_id, v);
        break;
    case 'c':
        if (key == "clientOrderID") { if (t.client_order_id.empty()) assign_text(t.client_order_id, v); }
        else if (key == "clientExtensions") { std::string id = extension_id(v); if (!id.empty()) t.client_order_id = id; }
        else if (key == "commission") t.commission = fixed(v);
        break;
    case 'u':
        if (key == "units") t.units = fixed(v);
        break;
    case 'p':
        if (key == "price") t.price = fixed(v);
        else if (key == "pl") t.pl = fixed(v);
        break;
    case 'f':
        if (key == "fullVWAP") full_vwap = fixed(v);
        else if (key == "financing") t.financing = fixed(v);
        break;
    case 'r':
        if (key == "reason") assign_text(t.reason, v);
        else if (key == "rejectReason") assign_text(t.reject_reason, v);
        else if (key == "replacedByOrderID") assign_text(t.replaced_by_order_id, v);
        else if (key == "replacesOrderID") assign_text(t.replaces_order_id, v);
        break;
    case 'g':
        if (key == "guaranteedExecutionFee") t.guaranteed_execution_fee = fixed(v);
        break;
    case 'a':
        if (key == "accountBalance") t.account_balance = fixed(v);
        break;
    default: break;
    }
}

void finish_transaction(Transaction& t, th_fixed full_vwap) {
    // OrderFillTransaction.price is deprecated in favour of fullVWAP (transaction-df).
    if (t.type == "ORDER_FILL" && full_vwap != 0) t.price = full_vwap;
}

Transaction transaction_from(value& v) {
    Transaction t;
    th_fixed vwap = 0;
    json::each_field(v.get_object(), [&](json::Key key, value& f) { transaction_field(t, key, f, vwap); });
    finish_transaction(t, vwap);
    return t;
}

PendingOrder order_from(value& v) {
    PendingOrder o;
    json::each_field(v.get_object(), [&](json::Key key, value& f) {
        if (key == "id") o.id = text(f);
        else if (key == "clientExtensions") o.client_order_id = extension_id(f);
        else if (key == "instrument") o.instrument = text(f);
        else if (key == "type") o.type = text(f);
        else if (key == "state") o.state = text(f);
        else if (key == "units") o.units = fixed(f);
        else if (key == "price") o.price = fixed(f);
    });
    return o;
}

struct Side {
    th_fixed units = 0, avg = 0, pl = 0, upl = 0;
};
Side side_from(value& v) {
    Side s;
    json::each_field(v.get_object(), [&](json::Key key, value& f) {
        if (key == "units") s.units = fixed(f);
        else if (key == "averagePrice") s.avg = fixed(f);
    });
    return s;
}

template <size_t N> void copy_id(char (&dst)[N], std::string_view s) { copy_str(dst, s); }

}  // namespace

bool Transaction::is_order_create() const noexcept {
    return type == "MARKET_ORDER" || type == "LIMIT_ORDER" || type == "STOP_ORDER" ||
           type == "MARKET_IF_TOUCHED_ORDER";
}
bool Transaction::is_order_reject() const noexcept {
    return type == "MARKET_ORDER_REJECT" || type == "LIMIT_ORDER_REJECT" || type == "STOP_ORDER_REJECT" ||
           type == "MARKET_IF_TOUCHED_ORDER_REJECT";
}

int64_t txn_seq(std::string_view id) noexcept {
    if (id.empty() || id.size() > 18) return 0;
    int64_t v = 0;
    for (char c : id) {
        if (c < '0' || c > '9') return 0;
        v = v * 10 + (c - '0');
    }
    return v;
}

void Transaction::clear() noexcept {
    // Strings keep their capacity: a reused transaction allocates nothing once warm.
    for (std::string* s : {&id, &type, &order_id, &client_order_id, &instrument, &reason, &reject_reason,
                           &replaced_by_order_id, &replaces_order_id, &trade_opened_id})
        s->clear();
    seq = time_ns = 0;
    units = price = commission = financing = guaranteed_execution_fee = pl = account_balance = 0;
}

void StreamLine::clear() noexcept {
    kind = kUnknown;
    price.instrument.clear();
    price.time_ns = 0;
    price.bid_px = price.bid_qty = price.ask_px = price.ask_qty = 0;
    price.tradeable = true;
    txn.clear();
    time_ns = 0;
    last_transaction_id = 0;
}

void parse_stream_line(json::Decoder& dec, std::string_view line, StreamLine& out) {
    out.clear();
    object root = dec.parse(line).get_object();
    // One pass: the line may be a price, a heartbeat or a transaction; which one is known
    // only once "type" (or "instrument"/"bids") was seen, so collect for all of them.
    Transaction& t = out.txn;
    Price& p = out.price;
    th_fixed vwap = 0;
    bool has_book = false;
    std::string_view last_txn;
    json::each_field(root, [&](json::Key key, value& v) {
        if (key == "bids") { best_level(v, p.bid_px, p.bid_qty); has_book = true; }
        else if (key == "asks") { best_level(v, p.ask_px, p.ask_qty); has_book = true; }
        else if (key == "tradeable") { bool b = true; if (v.get_bool().get(b) == simdjson::SUCCESS) p.tradeable = b; }
        else if (key == "status") { std::string_view s; if (v.get_string().get(s) == simdjson::SUCCESS && !s.empty()) p.tradeable = s == "tradeable"; }
        else if (key == "lastTransactionID") { if (v.get_string().get(last_txn) != simdjson::SUCCESS) last_txn = {}; }
        else transaction_field(t, key, v, vwap);
    });
    if (t.type == "HEARTBEAT") {
        out.kind = StreamLine::kHeartbeat;
        out.time_ns = t.time_ns;
        out.last_transaction_id = txn_seq(last_txn);
    } else if (has_book || t.type == "PRICE") {
        out.kind = StreamLine::kPrice;
        p.instrument.swap(t.instrument);
        p.time_ns = t.time_ns;
    } else if (!t.type.empty() && !t.id.empty()) {
        out.kind = StreamLine::kTransaction;
        finish_transaction(t, vwap);
    }
}

StreamLine parse_stream_line(json::Decoder& dec, std::string_view line) {
    StreamLine out;
    parse_stream_line(dec, line, out);
    return out;
}

OrderResponse parse_order_response(json::Decoder& dec, std::string_view body) {
    OrderResponse r;
    json::each_field(dec.parse(body).get_object(), [&](json::Key key, value& v) {
        if (key == "orderCreateTransaction") r.create = transaction_from(v);
        else if (key == "orderFillTransaction") r.fill = transaction_from(v);
        else if (key == "orderCancelTransaction") r.cancel = transaction_from(v);
        else if (key == "orderRejectTransaction" || key == "orderCancelRejectTransaction") r.reject = transaction_from(v);
        else if (key == "lastTransactionID") r.last_transaction_id = txn_seq(text(v));
        else if (key == "errorCode") r.error_code = text(v);
        else if (key == "errorMessage") r.error_message = text(v);
    });
    return r;
}

ApiError parse_error(json::Decoder& dec, std::string_view body) {
    ApiError e;
    json::each_field(dec.parse(body).get_object(), [&](json::Key key, value& v) {
        if (key == "errorCode") e.code = text(v);
        else if (key == "errorMessage") e.message = text(v);
    });
    return e;
}

std::vector<PendingOrder> parse_orders(json::Decoder& dec, std::string_view body) {
    std::vector<PendingOrder> out;
    json::each_field(dec.parse(body).get_object(), [&](json::Key key, value& v) {
        if (key != "orders") return;
        for (value o : v.get_array()) out.push_back(order_from(o));
    });
    return out;
}

PendingOrder parse_order(json::Decoder& dec, std::string_view body) {
    PendingOrder out;
    json::each_field(dec.parse(body).get_object(), [&](json::Key key, value& v) {
        if (key == "order") out = order_from(v);
    });
    return out;
}

std::vector<VenuePosition> parse_positions(json::Decoder& dec, std::string_view body) {
    std::vector<VenuePosition> out;
    json::each_field(dec.parse(body).get_object(), [&](json::Key key, value& v) {
        if (key != "positions") return;
        for (value item : v.get_array()) {
            VenuePosition p;
            Side lng, sht;
            json::each_field(item.get_object(), [&](json::Key k, value& g) {
                if (k == "instrument") p.instrument = text(g);
                else if (k == "long") lng = side_from(g);
                else if (k == "short") sht = side_from(g);
                else if (k == "pl") p.pl = fixed(g);
                else if (k == "unrealizedPL") p.unrealized_pl = fixed(g);
            });
            p.units = lng.units + sht.units;  // short units are negative (position-df)
            p.avg_px = lng.units != 0 ? lng.avg : sht.avg;
            out.push_back(std::move(p));
        }
    });
    return out;
}

AccountSummary parse_account_summary(json::Decoder& dec, std::string_view body) {
    AccountSummary a;
    json::each_field(dec.parse(body).get_object(), [&](json::Key key, value& v) {
        if (key == "lastTransactionID") {
            a.last_transaction_id = txn_seq(text(v));
        } else if (key == "account") {
            json::each_field(v.get_object(), [&](json::Key k, value& g) {
                if (k == "id") a.id = text(g);
                else if (k == "currency") a.currency = text(g);
                else if (k == "balance") a.balance = fixed(g);
                else if (k == "marginAvailable") a.margin_available = fixed(g);
                else if (k == "lastTransactionID" && a.last_transaction_id == 0) a.last_transaction_id = txn_seq(text(g));
            });
        }
    });
    return a;
}

TransactionPage parse_transactions(json::Decoder& dec, std::string_view body) {
    TransactionPage page;
    json::each_field(dec.parse(body).get_object(), [&](json::Key key, value& v) {
        if (key == "lastTransactionID") page.last_transaction_id = txn_seq(text(v));
        else if (key == "transactions")
            for (value t : v.get_array()) page.transactions.push_back(transaction_from(t));
    });
    return page;
}

std::vector<std::string> parse_account_ids(json::Decoder& dec, std::string_view body) {
    std::vector<std::string> ids;
    json::each_field(dec.parse(body).get_object(), [&](json::Key key, value& v) {
        if (key != "accounts") return;
        for (value account : v.get_array())
            json::each_field(account.get_object(), [&](json::Key k, value& g) { if (k == "id") ids.push_back(text(g)); });
    });
    return ids;
}

th_quote to_quote(const Price& p, th_instrument instrument) {
    th_quote q = make_event<th_quote>(p.time_ns);
    q.instrument = instrument;
    q.bid_px = p.bid_px;
    q.bid_qty = p.bid_qty;
    q.ask_px = p.ask_px;
    q.ask_qty = p.ask_qty;
    return q;
}

th_fill to_fill(const Transaction& t, th_instrument instrument, std::string_view client_order_id) {
    th_fill f = make_event<th_fill>(t.time_ns);
    f.instrument = instrument;
    f.side = static_cast<uint8_t>(t.units < 0 ? TH_SIDE_SELL : TH_SIDE_BUY);
    // OANDA always trades against its own price: the client takes liquidity.
    f.liquidity = TH_LIQ_TAKER;
    f.px = t.price;
    f.qty = t.units < 0 ? -t.units : t.units;
    f.fee = t.commission + t.guaranteed_execution_fee;
    copy_id(f.client_order_id, client_order_id);
    copy_id(f.venue_order_id, t.order_id);
    copy_id(f.fill_id, t.id);
    return f;
}

th_position to_position(const VenuePosition& p, th_instrument instrument, th_time_ns ts) {
    th_position e = make_event<th_position>(ts);
    e.instrument = instrument;
    e.qty = p.units;
    e.avg_px = p.units != 0 ? p.avg_px : 0;
    e.realized_pnl = p.pl;
    e.unrealized_pnl = p.unrealized_pl;
    return e;
}

th_balance to_balance(const AccountSummary& a, th_time_ns ts) {
    th_balance b = make_event<th_balance>(ts);
    copy_str(b.currency, a.currency);
    b.total = a.balance;
    b.available = a.margin_available;
    return b;
}

}  // namespace tradehost::oanda
