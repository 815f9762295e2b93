// Readable lines for every event kind; see format.hpp.
#include "format.hpp"

#include <tradehost/plugin.hpp>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>

namespace tradehost::log_sink {

namespace {

struct Kind {
    uint16_t type;
    const char* name;
};
// The same names the host uses for ports and in `tradehost inspect`.
constexpr Kind kKinds[] = {
    {TH_EV_QUOTE, "quote"},         {TH_EV_TRADE, "trade"},
    {TH_EV_BAR, "bar"},             {TH_EV_ORDER_REQUEST, "order_request"},
    {TH_EV_EXECUTION_REPORT, "execution_report"}, {TH_EV_FILL, "fill"},
    {TH_EV_POSITION, "position"},   {TH_EV_SIGNAL, "signal"},
    {TH_EV_BALANCE, "balance"},     {TH_EV_VENUE_STATUS, "venue_status"},
    {TH_EV_BOOK, "book"},           {TH_EV_ODDS, "odds"},
    {TH_EV_NEWS, "news"},           {TH_EV_SENTIMENT, "sentiment"},
    {TH_EV_FEATURES, "features"},   {TH_EV_TARGET, "target"},
    {TH_EV_SETTLEMENT, "settlement"}, {TH_EV_CUSTOM, "custom"},
};

// A fixed char array as text, stopping at its end if the publisher left no NUL.
template <size_t N> std::string text(const char (&s)[N]) { return std::string(s, strnlen(s, N)); }

std::string fx(th_fixed v) { return format_fixed(v); }

std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

const char* side(uint8_t s) { return s == TH_SIDE_BUY ? "buy" : s == TH_SIDE_SELL ? "sell" : "none"; }

const char* order_type(uint8_t t) {
    switch (t) {
    case TH_ORDER_MARKET: return "market";
    case TH_ORDER_LIMIT: return "limit";
    case TH_ORDER_STOP: return "stop";
    case TH_ORDER_STOP_LIMIT: return "stop_limit";
    default: return "type?";
    }
}

const char* tif(uint8_t t) {
    switch (t) {
    case TH_TIF_DAY: return "day";
    case TH_TIF_GTC: return "gtc";
    case TH_TIF_IOC: return "ioc";
    case TH_TIF_FOK: return "fok";
    default: return "tif?";
    }
}

const char* exec_type(uint8_t t) {
    static const char* const k[] = {"exec?", "new", "partial_fill", "fill", "canceled", "replaced", "rejected", "expired"};
    return t < sizeof k / sizeof k[0] ? k[t] : "exec?";
}

const char* status(uint8_t t) {
    static const char* const k[] = {"status?", "pending_new", "new", "partially_filled", "filled", "canceled", "rejected", "expired"};
    return t < sizeof k / sizeof k[0] ? k[t] : "status?";
}

std::string quote(const th_quote& q, const SymbolOf& sym) {
    return sym(q.instrument) + " bid " + fx(q.bid_px) + " x " + fx(q.bid_qty) + " ask " + fx(q.ask_px) + " x " + fx(q.ask_qty);
}

std::string trade(const th_trade& t, const SymbolOf& sym) {
    return sym(t.instrument) + " " + fx(t.px) + " x " + fx(t.qty) + " aggressor " + side(static_cast<uint8_t>(t.aggressor));
}

std::string bar(const th_bar& b, const SymbolOf& sym) {
    return sym(b.instrument) + " " + std::to_string(b.interval_s) + "s open " + fx(b.open) + " high " + fx(b.high) +
           " low " + fx(b.low) + " close " + fx(b.close) + " volume " + fx(b.volume);
}

std::string order(const th_order_request& o, const SymbolOf& sym) {
    if (o.action == TH_ORDER_CANCEL)
        return "cancel " + sym(o.instrument) + " id " + text(o.client_order_id) + " of " + text(o.orig_client_order_id);
    std::string s = std::string(o.action == TH_ORDER_REPLACE ? "replace " : "new ") + sym(o.instrument) + " " +
                    side(o.side) + " " + fx(o.qty) + " " + order_type(o.order_type);
    if (o.order_type == TH_ORDER_LIMIT || o.order_type == TH_ORDER_STOP_LIMIT) s += " @ " + fx(o.limit_px);
    if (o.order_type == TH_ORDER_STOP || o.order_type == TH_ORDER_STOP_LIMIT) s += " stop " + fx(o.stop_px);
    s += std::string(" ") + tif(o.tif) + " id " + text(o.client_order_id);
    if (o.action == TH_ORDER_REPLACE) s += " of " + text(o.orig_client_order_id);
    return s;
}

std::string report(const th_execution_report& r, const SymbolOf& sym) {
    std::string s = sym(r.instrument) + " " + exec_type(r.exec_type) + " " + status(r.status) + " " + side(r.side) +
                    " cum " + fx(r.cum_qty) + " of " + fx(r.order_qty) + " avg " + fx(r.avg_px);
    if (r.last_qty) s += " last " + fx(r.last_qty) + " @ " + fx(r.last_px);
    s += " id " + text(r.client_order_id);
    if (r.venue_order_id[0]) s += " venue " + text(r.venue_order_id);
    if (r.reason[0]) s += ": " + text(r.reason);
    return s;
}

std::string fill(const th_fill& f, const SymbolOf& sym) {
    const char* liq = f.liquidity == TH_LIQ_MAKER ? "maker" : f.liquidity == TH_LIQ_TAKER ? "taker" : "liquidity?";
    return sym(f.instrument) + " " + side(f.side) + " " + fx(f.qty) + " @ " + fx(f.px) + " fee " + fx(f.fee) + " " + liq +
           " id " + text(f.client_order_id) + " fill " + text(f.fill_id);
}

std::string position(const th_position& p, const SymbolOf& sym) {
    return sym(p.instrument) + " qty " + fx(p.qty) + " avg " + fx(p.avg_px) + " realized " + fx(p.realized_pnl) +
           " unrealized " + fx(p.unrealized_pnl);
}

std::string signal(const th_signal& g, const SymbolOf& sym) {
    std::string s = sym(g.instrument) + " " + (g.name[0] ? text(g.name) : std::string("(unnamed)")) + " value " +
                    num(g.value) + " strength " + num(g.strength);
    if (!(g.strength >= 0.0 && g.strength <= 1.0)) s += " (strength outside [0, 1])";
    return s;
}

std::string venue_status(const th_venue_status& v) {
    static const char* const k[] = {"state?", "connected", "disconnected", "gap", "reconciled"};
    std::string s = text(v.venue) + " " + (v.state < 5 ? k[v.state] : "state?");
    if (v.text[0]) s += ": " + text(v.text);
    return s;
}

std::string book(const th_event_header& ev, const SymbolOf& sym) {
    const auto& b = reinterpret_cast<const th_book&>(ev);
    if (!book_fits(b))
        return "malformed: " + std::to_string(b.bid_count) + " bids and " + std::to_string(b.ask_count) +
               " asks do not fit in " + std::to_string(ev.size) + " bytes";
    std::string s = sym(b.instrument) + (b.snapshot ? " snapshot " : " delta ") + std::to_string(b.bid_count) +
                    " bids " + std::to_string(b.ask_count) + " asks";
    if (b.bid_count) s += " best bid " + fx(b.levels[0].px) + " x " + fx(b.levels[0].qty);
    if (b.ask_count) s += " best ask " + fx(b.levels[b.bid_count].px) + " x " + fx(b.levels[b.bid_count].qty);
    if (b.venue_seq) s += " venue_seq " + std::to_string(b.venue_seq);
    if (b.checksum == TH_BOOK_CHECKSUM_VERIFIED) s += " checksum verified";
    return s;
}

std::string odds(const th_odds& o) {
    static const char* const k[] = {"market?", "h2h", "spread", "total", "outright", "other"};
    std::string s = text(o.event_id) + " " + (o.market < 6 ? k[o.market] : "market?") + " \"" + text(o.outcome) + "\" " +
                    (o.side == TH_SIDE_SELL ? "lay " : "back ") + fx(o.price);
    if (o.has_point) s += " point " + fx(o.point);
    if (o.size) s += " size " + fx(o.size);
    return s + " at " + text(o.bookmaker);
}

std::string news(const th_news& n, const SymbolOf& sym) {
    std::string s = text(n.source) + " " + text(n.id) + ": \"" + text(n.headline) + "\"";
    const unsigned count = n.instrument_count < TH_NEWS_MAX_INSTRUMENTS ? n.instrument_count : TH_NEWS_MAX_INSTRUMENTS;
    for (unsigned i = 0; i < count; ++i) s += (i ? ", " : " [") + sym(n.instruments[i]) + (i + 1 == count ? "]" : "");
    if (n.url[0]) s += " " + text(n.url);
    return s;
}

std::string sentiment(const th_sentiment& m, const SymbolOf& sym) {
    return (m.instrument ? sym(m.instrument) : std::string("(story)")) + " score " + num(m.score) + " confidence " +
           num(m.confidence) + " news " + text(m.news_id) + " by " + text(m.scorer);
}

std::string features(const th_features& f, const SymbolOf& sym) {
    std::string s = (f.instrument ? sym(f.instrument) : std::string("(batch)")) + " " + text(f.schema) + " " +
                    std::to_string(f.rows) + "x" + std::to_string(f.cols);
    if (f.parts > 1) s += " part " + std::to_string(f.part + 1) + "/" + std::to_string(f.parts);
    return s;
}

std::string target(const th_target& t, const SymbolOf& sym) {
    static const char* const k[] = {"kind?", "qty", "weight", "notional"};
    std::string s = sym(t.instrument) + " " + (t.kind < 4 ? k[t.kind] : "kind?") + " " + fx(t.value);
    if (t.horizon_ns) s += " within " + std::to_string(t.horizon_ns / 1000000) + "ms";
    if (t.strategy[0]) s += " by " + text(t.strategy);
    if (t.reason[0]) s += ": " + text(t.reason);
    return s;
}

std::string settlement(const th_settlement& t, const SymbolOf& sym) {
    static const char* const k[] = {"kind?", "resolved", "bet_result", "expiry", "void"};
    std::string s = sym(t.instrument) + " " + (t.kind < 5 ? k[t.kind] : "kind?") + " at " + fx(t.price);
    if (t.event_id[0]) s += " event " + text(t.event_id);
    if (t.text[0]) s += ": " + text(t.text);
    return s;
}

// The event as E (copied into zeroed scratch when an older publisher's struct is shorter).
template <class E, class F> std::string as(const th_event_header& ev, F&& fmt) {
    E scratch;
    const E* e = event_as<E>(ev, scratch);
    return e ? fmt(*e) : std::string("malformed: not a ") + kind_name(ev.type);
}

}  // namespace

const char* kind_name(uint16_t type) {
    for (const auto& k : kKinds)
        if (k.type == type) return k.name;
    return "";
}

int kind_of(const std::string& name) {
    for (const auto& k : kKinds)
        if (name == k.name) return k.type;
    return -1;
}

std::string format_time(th_time_ns ts) {
    const auto secs = static_cast<std::time_t>(ts / 1000000000);
    const auto ns = static_cast<long>(ts % 1000000000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[64];
    const size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    std::snprintf(buf + n, sizeof buf - n, ".%09ldZ", ns < 0 ? 0 : ns);
    return buf;
}

std::string format_body(const th_event_header& ev, const SymbolOf& sym) {
    if (ev.size < sizeof(th_event_header)) return "malformed: size " + std::to_string(ev.size);
    switch (ev.type) {
    case TH_EV_QUOTE: return as<th_quote>(ev, [&](const th_quote& e) { return quote(e, sym); });
    case TH_EV_TRADE: return as<th_trade>(ev, [&](const th_trade& e) { return trade(e, sym); });
    case TH_EV_BAR: return as<th_bar>(ev, [&](const th_bar& e) { return bar(e, sym); });
    case TH_EV_ORDER_REQUEST: return as<th_order_request>(ev, [&](const th_order_request& e) { return order(e, sym); });
    case TH_EV_EXECUTION_REPORT:
        return as<th_execution_report>(ev, [&](const th_execution_report& e) { return report(e, sym); });
    case TH_EV_FILL: return as<th_fill>(ev, [&](const th_fill& e) { return fill(e, sym); });
    case TH_EV_POSITION: return as<th_position>(ev, [&](const th_position& e) { return position(e, sym); });
    case TH_EV_SIGNAL: return as<th_signal>(ev, [&](const th_signal& e) { return signal(e, sym); });
    case TH_EV_BALANCE:
        return as<th_balance>(ev, [](const th_balance& e) {
            return text(e.currency) + " total " + fx(e.total) + " available " + fx(e.available);
        });
    case TH_EV_VENUE_STATUS: return as<th_venue_status>(ev, [](const th_venue_status& e) { return venue_status(e); });
    case TH_EV_BOOK:
        // Variable size: read in place, never copied (a full book is 16 KiB).
        if (ev.size < event_fixed_size<th_book>()) return "malformed: book of " + std::to_string(ev.size) + " bytes";
        return book(ev, sym);
    case TH_EV_ODDS: return as<th_odds>(ev, [](const th_odds& e) { return odds(e); });
    case TH_EV_NEWS: return as<th_news>(ev, [&](const th_news& e) { return news(e, sym); });
    case TH_EV_SENTIMENT: return as<th_sentiment>(ev, [&](const th_sentiment& e) { return sentiment(e, sym); });
    case TH_EV_FEATURES:
        if (ev.size < sizeof(th_features)) return "malformed: features of " + std::to_string(ev.size) + " bytes";
        return features(reinterpret_cast<const th_features&>(ev), sym);
    case TH_EV_TARGET: return as<th_target>(ev, [&](const th_target& e) { return target(e, sym); });
    case TH_EV_SETTLEMENT: return as<th_settlement>(ev, [&](const th_settlement& e) { return settlement(e, sym); });
    case TH_EV_CUSTOM: {
        if (ev.size < sizeof(th_custom)) return "malformed: custom of " + std::to_string(ev.size) + " bytes";
        const auto& c = reinterpret_cast<const th_custom&>(ev);
        return "type " + std::to_string(c.custom_type) + ", " + std::to_string(c.payload_size) + " payload bytes";
    }
    default: return "kind " + std::to_string(ev.type) + ", " + std::to_string(ev.size) + " bytes";
    }
}

bool signal_strength_out_of_range(const th_event_header& ev) {
    th_signal scratch;
    const th_signal* g = event_as<th_signal>(ev, scratch);
    return g && !(g->strength >= 0.0 && g->strength <= 1.0);
}

}  // namespace tradehost::log_sink
