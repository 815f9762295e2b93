// exchange: unified -> event conversion (see parse.hpp).
#include "parse.hpp"

namespace tradehost::exchange {

th_quote to_quote(const Ticker& t, th_instrument id, int64_t ts_ns) {
    auto q = make_event<th_quote>(t.ts_ns ? t.ts_ns : ts_ns);
    q.instrument = id;
    q.bid_px = t.bid_px;
    q.bid_qty = t.bid_qty;
    q.ask_px = t.ask_px;
    q.ask_qty = t.ask_qty;
    return q;
}

th_trade to_trade(const PublicTrade& t, th_instrument id, int64_t ts_ns) {
    auto e = make_event<th_trade>(t.ts_ns ? t.ts_ns : ts_ns);
    e.instrument = id;
    e.aggressor = t.aggressor;
    e.px = t.px;
    e.qty = t.qty;
    return e;
}

th_balance to_balance(const Balance& b, int64_t ts_ns) {
    auto e = make_event<th_balance>(ts_ns);
    copy_str(e.currency, b.asset);
    e.total = b.free + b.locked;
    e.available = b.free;
    return e;
}

th_execution_report make_report(const venue::LedgerOrder& o, uint8_t exec_type, const Fill* last,
                                std::string_view reason, int64_t ts_ns) {
    auto r = make_event<th_execution_report>(ts_ns);
    r.instrument = o.instrument;
    r.exec_type = exec_type;
    r.status = o.status;
    r.side = o.side;
    r.order_qty = o.order_qty;
    r.cum_qty = o.cum_qty;
    r.leaves_qty = o.terminal() ? 0 : o.order_qty - o.cum_qty;
    r.avg_px = o.cum_qty > 0 ? fixed_div(o.notional, o.cum_qty) : 0;
    if (last) {
        r.last_px = last->px;
        r.last_qty = last->qty;
    }
    copy_str(r.client_order_id, o.client_order_id);
    copy_str(r.venue_order_id, o.venue_order_id);
    copy_str(r.reason, reason);
    return r;
}

th_fill to_fill(const Fill& f, th_instrument id, std::string_view cid, th_fixed fee) {
    auto e = make_event<th_fill>(f.ts_ns);
    e.instrument = id;
    e.side = f.side;
    e.liquidity = f.liquidity;
    e.px = f.px;
    e.qty = f.qty;
    e.fee = fee;
    copy_str(e.client_order_id, cid);
    copy_str(e.venue_order_id, f.venue_order_id);
    copy_str(e.fill_id, f.fill_id);
    return e;
}

th_venue_status venue_status(uint32_t state, std::string_view venue, std::string_view text, int64_t ts_ns) {
    auto s = make_event<th_venue_status>(ts_ns);
    s.state = state;
    copy_str(s.venue, venue);
    copy_str(s.text, text);
    return s;
}

th_fixed fee_in_quote(const Fill& f, const Market* m) {
    if (!m || f.fee == 0) return 0;
    if (f.fee_asset == m->quote) return f.fee;
    if (f.fee_asset == m->base) return fixed_mul(f.fee, f.px);
    return 0;
}

}  // namespace tradehost::exchange
