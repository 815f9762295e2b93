#include "tca/tca.hpp"

#include "tca/decisions.hpp"

#include "common/instruments.hpp"
#include "nats/wire.hpp"
#include "replay/recorded_session.hpp"

#include <sqlite3.h>

#include <tradehost/plugin.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>

namespace tradehost::tca {

namespace {

using Stmt = std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)>;

Stmt prepare(sqlite3* db, const char* sql) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &s, nullptr) != SQLITE_OK)
        throw TcaError(std::string("tca: cannot read the journal: ") + sqlite3_errmsg(db));
    return Stmt(s, &sqlite3_finalize);
}

std::string text(sqlite3_stmt* s, int col) {
    const unsigned char* t = sqlite3_column_text(s, col);
    return t ? reinterpret_cast<const char*>(t) : "";
}

double fx(int64_t raw) { return static_cast<double>(raw) / static_cast<double>(TH_FIXED_SCALE); }

/// Quotes and trades of the session, per symbol, in time order.
struct Market {
    struct Mid { int64_t ts; double mid; };
    struct Print { int64_t ts; double px, qty; };
    std::map<std::string, std::vector<Mid>> mids;
    std::map<std::string, std::vector<Print>> prints;

    std::optional<double> mid_at(const std::string& sym, int64_t ts) const {
        auto it = mids.find(sym);
        if (it == mids.end()) return std::nullopt;
        const auto& v = it->second;
        auto after = std::upper_bound(v.begin(), v.end(), ts, [](int64_t t, const Mid& m) { return t < m.ts; });
        if (after == v.begin()) return std::nullopt;
        return std::prev(after)->mid;
    }
    std::optional<double> vwap(const std::string& sym, int64_t from, int64_t to) const {
        auto it = prints.find(sym);
        if (it == prints.end()) return std::nullopt;
        double pq = 0, q = 0;
        for (const Print& p : it->second)
            if (p.ts >= from && p.ts <= to) {
                pq += p.px * p.qty;
                q += p.qty;
            }
        if (!(q > 0)) return std::nullopt;
        return pq / q;
    }
};

bool read_market(sqlite3* db, uint64_t session, Market& m) {
    Stmt has = prepare(db, "SELECT 1 FROM sqlite_master WHERE type='table' AND name='inputs'");
    if (sqlite3_step(has.get()) != SQLITE_ROW) return false;
    Stmt s = prepare(db, "SELECT event FROM inputs WHERE session=? ORDER BY seq");
    sqlite3_bind_int64(s.get(), 1, static_cast<int64_t>(session));
    InstrumentTable table;
    std::vector<unsigned char> ev;
    std::string why;
    bool any = false;
    while (sqlite3_step(s.get()) == SQLITE_ROW) {
        any = true;
        const void* b = sqlite3_column_blob(s.get(), 0);
        if (!b || !nats::decode(b, static_cast<size_t>(sqlite3_column_bytes(s.get(), 0)), table, ev, why)) continue;
        const auto& h = *reinterpret_cast<const th_event_header*>(ev.data());
        if (h.type == TH_EV_QUOTE && h.size >= sizeof(th_quote)) {
            const auto& q = *reinterpret_cast<const th_quote*>(ev.data());
            if (q.bid_px > 0 && q.ask_px > 0) m.mids[table.symbol(q.instrument)].push_back({h.ts, (fx(q.bid_px) + fx(q.ask_px)) / 2});
        } else if (h.type == TH_EV_TRADE && h.size >= sizeof(th_trade)) {
            const auto& t = *reinterpret_cast<const th_trade*>(ev.data());
            m.prints[table.symbol(t.instrument)].push_back({h.ts, fx(t.px), fx(t.qty)});
        }
    }
    // Sources publish in time order per instrument; sort anyway, stably, for merged feeds.
    for (auto& [sym, v] : m.mids) std::stable_sort(v.begin(), v.end(), [](const Market::Mid& a, const Market::Mid& b) { return a.ts < b.ts; });
    for (auto& [sym, v] : m.prints) std::stable_sort(v.begin(), v.end(), [](const Market::Print& a, const Market::Print& b) { return a.ts < b.ts; });
    return any;
}

double sign_of(const std::string& side) { return side == "sell" ? -1.0 : 1.0; }

}  // namespace

Report analyse(const std::string& path, uint64_t session, bool decisions) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) throw TcaError("tca: no journal file " + path);
    ReadOnlyJournal db(nullptr, &sqlite3_close);
    try {
        db = open_journal_read_only(path);
    } catch (const ReplayError& e) {
        throw TcaError(std::string("tca: ") + e.what());
    }
    {
        Stmt s = prepare(db.get(), "SELECT 1 FROM sqlite_master WHERE type='table' AND name='sessions'");
        if (sqlite3_step(s.get()) != SQLITE_ROW) throw TcaError("tca: " + path + " is not a tradehost journal (no sessions table)");
    }
    Report r;
    r.journal = path;
    if (session == 0) {
        Stmt s = prepare(db.get(), "SELECT MAX(id) FROM sessions");
        if (sqlite3_step(s.get()) == SQLITE_ROW && sqlite3_column_type(s.get(), 0) != SQLITE_NULL)
            session = static_cast<uint64_t>(sqlite3_column_int64(s.get(), 0));
        if (session == 0) throw TcaError("tca: " + path + " holds no session");
    } else {
        Stmt s = prepare(db.get(), "SELECT 1 FROM sessions WHERE id=?");
        sqlite3_bind_int64(s.get(), 1, static_cast<int64_t>(session));
        if (sqlite3_step(s.get()) != SQLITE_ROW) throw TcaError("tca: " + path + " has no session " + std::to_string(session));
    }
    r.session = session;
    Market market;
    r.has_market = read_market(db.get(), session, market);

    // Parent fills: fills whose venue_order_id is the client order id of another fill of the
    // session (the child that made it), in time order. A fill that is itself some parent's
    // child (a router's fill of an exec_algos child, which names the venue's part the same
    // way) is a middle link, not a parent: only the top of each chain is reported.
    Stmt pf = prepare(db.get(),
                      "SELECT p.client_order_id, p.source, p.instrument, p.side, p.px_raw, p.qty_raw, p.fee_raw, p.ts, p.venue_order_id "
                      "FROM fills p WHERE p.session=?1 AND p.venue_order_id IN "
                      "(SELECT c.client_order_id FROM fills c WHERE c.session=?1 AND c.rowid<>p.rowid) "
                      "AND NOT EXISTS (SELECT 1 FROM fills g WHERE g.session=?1 AND g.venue_order_id=p.client_order_id "
                      "AND g.client_order_id<>p.client_order_id) ORDER BY p.ts, p.rowid");
    sqlite3_bind_int64(pf.get(), 1, static_cast<int64_t>(session));
    std::map<std::string, size_t> index;
    std::map<std::pair<size_t, std::string>, size_t> child_index;
    std::vector<double> child_notional;
    while (sqlite3_step(pf.get()) == SQLITE_ROW) {
        const std::string id = text(pf.get(), 0);
        auto it = index.find(id);
        if (it == index.end()) {
            ParentCost p;
            p.id = id;
            p.algo_source = text(pf.get(), 1);
            p.instrument = text(pf.get(), 2);
            p.side = text(pf.get(), 3);
            it = index.emplace(id, r.parents.size()).first;
            r.parents.push_back(std::move(p));
        }
        ParentCost& p = r.parents[it->second];
        const double px = fx(sqlite3_column_int64(pf.get(), 4)), qty = fx(sqlite3_column_int64(pf.get(), 5));
        const int64_t ts = sqlite3_column_int64(pf.get(), 7);
        p.avg_px = (p.avg_px * p.filled + px * qty) / (p.filled + qty);
        p.filled += qty;
        p.fees += fx(sqlite3_column_int64(pf.get(), 6));
        p.end_ts = std::max(p.end_ts, ts);
        const std::string child = text(pf.get(), 8);
        auto ci = child_index.find({it->second, child});
        if (ci == child_index.end()) {
            ChildCost c;
            c.id = child;
            c.first_fill_ts = ts;
            ci = child_index.emplace(std::make_pair(it->second, child), p.children.size()).first;
            p.children.push_back(std::move(c));
        }
        ChildCost& c = p.children[ci->second];
        c.avg_px = (c.avg_px * c.qty + px * qty) / (c.qty + qty);
        c.qty += qty;
    }

    for (ParentCost& p : r.parents) {
        // Arrival: the parent's order request if one was journaled, else its first report.
        Stmt o = prepare(db.get(), "SELECT ts, qty_raw FROM orders WHERE client_order_id=?");
        sqlite3_bind_text(o.get(), 1, p.id.c_str(), -1, SQLITE_TRANSIENT);
        if (sqlite3_step(o.get()) == SQLITE_ROW) {
            p.arrival_ts = sqlite3_column_int64(o.get(), 0);
            p.order_qty = fx(sqlite3_column_int64(o.get(), 1));
        }
        Stmt e = prepare(db.get(), "SELECT ts, order_qty, status FROM executions WHERE client_order_id=? AND session=? ORDER BY id");
        sqlite3_bind_text(e.get(), 1, p.id.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(e.get(), 2, static_cast<int64_t>(session));
        bool first = true;
        while (sqlite3_step(e.get()) == SQLITE_ROW) {
            if (first && p.arrival_ts == 0) p.arrival_ts = sqlite3_column_int64(e.get(), 0);
            if (first && p.order_qty == 0) p.order_qty = sqlite3_column_double(e.get(), 1);
            first = false;
            p.status = text(e.get(), 2);
        }
        if (p.arrival_ts == 0 && !p.children.empty()) p.arrival_ts = p.children.front().first_fill_ts;
        const double side = sign_of(p.side);
        p.arrival_px = market.mid_at(p.instrument, p.arrival_ts);
        p.interval_vwap = market.vwap(p.instrument, p.arrival_ts, p.end_ts);
        if (p.arrival_px && *p.arrival_px > 0) {
            p.is_bps = side * (p.avg_px - *p.arrival_px) / *p.arrival_px * 1e4;
            p.is_cost = side * (p.avg_px - *p.arrival_px) * p.filled + p.fees;
        }
        if (p.interval_vwap && *p.interval_vwap > 0) p.vs_vwap_bps = side * (p.avg_px - *p.interval_vwap) / *p.interval_vwap * 1e4;
        for (ChildCost& c : p.children) {
            Stmt co = prepare(db.get(), "SELECT ts FROM orders WHERE client_order_id=?");
            sqlite3_bind_text(co.get(), 1, c.id.c_str(), -1, SQLITE_TRANSIENT);
            if (sqlite3_step(co.get()) == SQLITE_ROW) c.sent_ts = sqlite3_column_int64(co.get(), 0);
            if (p.arrival_px && *p.arrival_px > 0) c.vs_arrival_bps = side * (c.avg_px - *p.arrival_px) / *p.arrival_px * 1e4;
            if (c.sent_ts != 0) c.mid_at_send = market.mid_at(p.instrument, c.sent_ts);
            if (c.mid_at_send && *c.mid_at_send > 0) c.vs_send_bps = side * (c.avg_px - *c.mid_at_send) / *c.mid_at_send * 1e4;
        }
    }
    r.decisions_asked = decisions;
    if (decisions) load_decisions(db.get(), session, r);
    return r;
}

namespace {

std::string num(double v, int decimals = 4) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    std::string s = buf;
    if (s.find('.') != std::string::npos) {
        while (!s.empty() && s.back() == '0') s.pop_back();
        if (!s.empty() && s.back() == '.') s.pop_back();
    }
    return s == "-0" ? "0" : s;
}

std::string opt(const std::optional<double>& v, int decimals = 4) { return v ? num(*v, decimals) : "n/a"; }

std::string when(int64_t ns) {
    const time_t secs = static_cast<time_t>(ns / 1000000000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    char ms[8];
    std::snprintf(ms, sizeof ms, ".%03lldZ", static_cast<long long>((ns / 1000000) % 1000));
    return std::string(buf) + ms;
}

}  // namespace

std::string format(const Report& r) {
    std::string out = "TCA of session " + std::to_string(r.session) + " of " + r.journal + ": " + std::to_string(r.parents.size()) +
                      " parent order(s)\n";
    if (!r.has_market)
        out += "(the session did not record its inputs, so arrival prices and interval VWAPs are n/a; "
               "run the deployment with host.record_inputs: true)\n";
    out += "bps: positive is a cost (paid above the benchmark on a buy, sold below it on a sell)\n";
    for (const ParentCost& p : r.parents) {
        out += "\nparent " + p.id + "  " + p.instrument + " " + p.side + " " + num(p.order_qty) + "  by " + p.algo_source + "  status " +
               (p.status.empty() ? "?" : p.status) + "\n";
        out += "  arrival " + when(p.arrival_ts) + " @ " + opt(p.arrival_px) + "   last fill " + when(p.end_ts) + "\n";
        out += "  filled " + num(p.filled) + " in " + std::to_string(p.children.size()) + " child(ren), avg " + num(p.avg_px, 6) +
               ", fees " + num(p.fees) + "\n";
        out += "  interval VWAP " + opt(p.interval_vwap, 6) + "   vs VWAP " + opt(p.vs_vwap_bps, 2) + " bps\n";
        out += "  implementation shortfall " + opt(p.is_bps, 2) + " bps = " + opt(p.is_cost, 4) + " (price and fees)\n";
        out += "  child                                     qty        avg px   vs arrival bps   vs mid at send bps\n";
        for (const ChildCost& c : p.children) {
            char line[256];
            std::snprintf(line, sizeof line, "  %-36s %10s %13s %16s %20s\n", c.id.c_str(), num(c.qty).c_str(), num(c.avg_px, 6).c_str(),
                          opt(c.vs_arrival_bps, 2).c_str(), opt(c.vs_send_bps, 2).c_str());
            out += line;
        }
        if (r.has_decisions) {
            const std::string chain = format_chain(r, p);
            out += chain.empty() ? "  decisions: none linked (its children name no target)\n" : "  decisions (each <- what it came from):\n" + chain;
        }
    }
    if (r.decisions_asked && !r.has_decisions)
        out += "\n(this journal predates the decision log: no decisions table, so no chains)\n";
    return out;
}

}  // namespace tradehost::tca
