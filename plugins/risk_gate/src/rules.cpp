#include "rules.hpp"

#include "ids.hpp"
#include <set>

namespace tradehost::risk_gate {

namespace {

th_fixed abs_fixed(th_fixed v) noexcept { return v < 0 ? -v : v; }
bool has_limit(uint8_t type) { return type == TH_ORDER_LIMIT || type == TH_ORDER_STOP_LIMIT; }
bool has_stop(uint8_t type) { return type == TH_ORDER_STOP || type == TH_ORDER_STOP_LIMIT; }
std::string num(th_fixed v) { return format_fixed(v); }
/// The last part of a path: reasons travel in a short fixed-size text field.
std::string file_name(const std::string& path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

Verdict reject(std::string rule, std::string reason) {
    Verdict v;
    v.rule = std::move(rule);
    v.reason = std::move(reason);
    return v;
}
Verdict invalid(const std::string& what) { return reject("invalid", "invalid: " + what); }

/// Worst absolute notional of an instrument: position plus all open buys, or minus all sells.
th_fixed worst_notional(th_fixed pos_notional, const SideTotals& t) noexcept {
    const th_fixed up = abs_fixed(pos_notional + t.buy_notional);
    const th_fixed down = abs_fixed(pos_notional - t.sell_notional);
    return up > down ? up : down;
}

/// Resolve a NEW/REPLACE into a proposal, or say why it is malformed.
bool resolve(const RiskState& st, const th_order_request& req, Proposal& p, std::string& why) {
    auto fail = [&why](std::string what) {
        why = std::move(what);
        return false;
    };
    p.action = req.action;
    p.id = id_text(req.client_order_id);
    if (p.id.empty()) return fail("missing client_order_id");
    if (st.orders.contains(p.id)) return fail("duplicate client_order_id " + p.id + " is still open");
    p.order_qty = req.qty;
    p.add_qty = req.qty;
    p.instrument = req.instrument;
    p.side = req.side;
    p.type = req.order_type;
    p.limit_px = req.limit_px;
    p.stop_px = req.stop_px;
    if (req.action == TH_ORDER_REPLACE) {
        const std::string orig = id_text(req.orig_client_order_id);
        if (orig.empty()) return fail("replace without orig_client_order_id");
        if (const OpenOrder* o = st.orders.find(orig)) {
            p.orig = o->id;
            p.orig_known = true;
            p.instrument = o->instrument;
            p.side = o->side;
            p.type = o->type;
            p.limit_px = req.limit_px > 0 ? req.limit_px : o->limit_px;
            p.stop_px = req.stop_px > 0 ? req.stop_px : o->stop_px;
            const th_fixed rest = req.qty - o->cum();
            p.add_qty = rest > 0 ? rest : 0;
        }
    }
    if (p.instrument == 0) return fail("missing instrument");
    if (p.side != TH_SIDE_BUY && p.side != TH_SIDE_SELL) return fail("side " + std::to_string(p.side));
    if (p.type < TH_ORDER_MARKET || p.type > TH_ORDER_STOP_LIMIT)
        return fail("order_type " + std::to_string(p.type));
    if (req.qty <= 0) return fail("qty " + num(req.qty) + " <= 0");
    if (has_limit(p.type) && p.limit_px <= 0) return fail("missing limit price");
    if (has_stop(p.type) && p.stop_px <= 0) return fail("missing stop price");
    if (!has_limit(p.type)) p.limit_px = 0;
    if (!has_stop(p.type)) p.stop_px = 0;
    return true;
}


/// Exposure totals of the portfolio before and after a proposal.
struct Sums {
    th_fixed gross = 0;      ///< sum of each instrument's worse-side absolute notional
    th_fixed pos = 0;        ///< signed sum of position notionals
    th_fixed buys = 0;       ///< open buy notional
    th_fixed sells = 0;      ///< open sell notional
    th_fixed net() const noexcept {
        const th_fixed up = abs_fixed(pos + buys), down = abs_fixed(pos - sells);
        return up > down ? up : down;
    }
};

/// Gross, net and the order's sector: the rules that look at every instrument at once.
std::optional<Verdict> check_portfolio(const RiskLimits& lim, const RiskState& st, const Proposal& p,
                                       const std::string* exclude, th_fixed add_notional, const std::string& sym,
                                       const Environment& env) {
    const std::string* sector = nullptr;
    if (lim.max_sector_exposure > 0) {
        sector = lim.sector_map.find(sym);
        if (!sector)
            return reject("max_sector_exposure", "max_sector_exposure: " + sym + " has no sector in " +
                                                     file_name(lim.sector_map.path));
    }
    const auto all_now = st.orders.all_totals();
    auto all_after = st.orders.all_totals(exclude);
    SideTotals& mine = all_after[p.instrument];
    (p.side == TH_SIDE_BUY ? mine.buy_notional : mine.sell_notional) += add_notional;
    std::set<th_instrument> ids;
    for (const auto& kv : st.positions.all()) ids.insert(kv.first);
    for (const auto& kv : all_after) ids.insert(kv.first);
    Sums before, after, sector_before, sector_after;
    for (th_instrument id : ids) {
        const InstrumentState* s = st.positions.find(id);
        const th_fixed pn = s ? fixed_mul(s->pos.qty, s->mark()) : 0;
        auto a = all_now.find(id);
        const SideTotals ta = a == all_now.end() ? SideTotals{} : a->second;
        auto b = all_after.find(id);
        const SideTotals tb = b == all_after.end() ? SideTotals{} : b->second;
        const th_fixed wa = worst_notional(pn, ta), wb = worst_notional(pn, tb);
        before.gross += wa;
        after.gross += wb;
        before.pos += pn;
        after.pos += pn;
        before.buys += ta.buy_notional;
        before.sells += ta.sell_notional;
        after.buys += tb.buy_notional;
        after.sells += tb.sell_notional;
        if (sector) {
            const std::string other = id == p.instrument ? sym : (env.symbol ? env.symbol(id) : std::to_string(id));
            const std::string* os = lim.sector_map.find(other);
            if (os && *os == *sector) {
                sector_before.gross += wa;
                sector_after.gross += wb;
            }
        }
    }
    if (lim.max_gross_exposure > 0 && after.gross > lim.max_gross_exposure && after.gross > before.gross)
        return reject("max_gross_exposure", "max_gross_exposure: gross exposure " + num(after.gross) + " > limit " +
                                                num(lim.max_gross_exposure));
    if (lim.max_net_exposure > 0 && after.net() > lim.max_net_exposure && after.net() > before.net())
        return reject("max_net_exposure", "max_net_exposure: net exposure " + num(after.net()) + " > limit " +
                                              num(lim.max_net_exposure));
    if (sector && sector_after.gross > lim.max_sector_exposure && sector_after.gross > sector_before.gross)
        return reject("max_sector_exposure", "max_sector_exposure: sector " + *sector + " exposure " +
                                                 num(sector_after.gross) + " > limit " +
                                                 num(lim.max_sector_exposure));
    return std::nullopt;
}
}  // namespace

th_fixed reference_price(uint8_t type, uint8_t side, th_fixed limit_px, th_fixed stop_px,
                         const InstrumentState* inst) noexcept {
    const th_fixed ask = inst ? inst->ask : 0, bid = inst ? inst->bid : 0;
    switch (type) {
    case TH_ORDER_LIMIT:
    case TH_ORDER_STOP_LIMIT: return limit_px;
    case TH_ORDER_STOP:
        if (side == TH_SIDE_BUY) return ask > stop_px ? ask : stop_px;
        return stop_px;
    default: return side == TH_SIDE_BUY ? ask : bid;
    }
}

Verdict evaluate(const RiskLimits& lim, const RiskState& st, const th_order_request& req,
                 const Environment& env) {
    if (req.action == TH_ORDER_CANCEL) {
        Verdict v;
        v.approved = true;
        v.proposal.action = req.action;
        return v;
    }
    if (lim.kill_switch) return reject("kill_switch", "kill_switch: engaged by config");
    if (env.kill_host) return reject("kill_switch", "kill_switch: engaged by the operator");
    if (st.drawdown.tripped)
        return reject("max_drawdown", "max_drawdown: tripped by drawdown " + num(st.drawdown.trip_drawdown) +
                                          " from peak " + num(st.drawdown.peak) + "; change drawdown_rearm");
    if (req.action != TH_ORDER_NEW && req.action != TH_ORDER_REPLACE)
        return invalid("action " + std::to_string(req.action));

    Proposal p;
    std::string why;
    if (!resolve(st, req, p, why)) return invalid(why);
    const std::string sym = env.symbol ? env.symbol(p.instrument) : std::to_string(p.instrument);
    const th_time_ns ts = req.hdr.ts;

    if (env.info) {
        if (const auto info = env.info(p.instrument)) {
            if (auto breach = check_instrument_rules(*info, p.type, p.order_qty, p.limit_px, p.stop_px, sym))
                return reject(std::move(breach.rule), std::move(breach.reason));
        }
    }

    if (lim.max_daily_loss > 0 && p.action == TH_ORDER_NEW) {
        const th_fixed loss = st.day.loss(st.positions.total_pnl());
        if (loss > lim.max_daily_loss)
            return reject("max_daily_loss", "max_daily_loss: day loss " + num(loss) + " > limit " +
                                                num(lim.max_daily_loss));
        if (st.day.breached)
            return reject("max_daily_loss", "max_daily_loss: day loss reached " + num(st.day.breach_loss) +
                                                " > limit " + num(lim.max_daily_loss) +
                                                " today; blocked until the next UTC day");
    }

    if (lim.max_orders_per_second > 0) {
        const int64_t n = st.rate.count(ts) + 1;
        if (n > lim.max_orders_per_second)
            return reject("max_orders_per_second", "max_orders_per_second: " + std::to_string(n) +
                                                       " orders in 1s > limit " +
                                                       std::to_string(lim.max_orders_per_second));
    }

    const InstrumentState* inst = st.positions.find(p.instrument);
    p.px = reference_price(p.type, p.side, p.limit_px, p.stop_px, inst);
    if (p.px <= 0) {
        if (lim.needs_notional())
            return reject("no_reference_price", "no reference price: no quote on the opposite side for " + sym);
        p.px = 0;
    }

    if (lim.max_order_qty > 0 && p.order_qty > lim.max_order_qty)
        return reject("max_order_qty",
                      "max_order_qty: qty " + num(p.order_qty) + " > limit " + num(lim.max_order_qty));

    if (lim.max_order_notional > 0) {
        const th_fixed n = fixed_mul(p.order_qty, p.px);
        if (n > lim.max_order_notional)
            return reject("max_order_notional", "max_order_notional: notional " + num(n) + " > limit " +
                                                    num(lim.max_order_notional));
    }

    const bool buy = p.side == TH_SIDE_BUY;
    const std::string* exclude = p.orig_known ? &p.orig : nullptr;
    const th_fixed pos = inst ? inst->pos.qty : 0;
    const th_fixed pos_notional = inst ? fixed_mul(pos, inst->mark()) : 0;
    const SideTotals now = st.orders.totals(p.instrument);
    const SideTotals base = st.orders.totals(p.instrument, exclude);
    const th_fixed add_notional = fixed_mul(p.add_qty, p.px);

    if (lim.max_position > 0) {
        const th_fixed before = buy ? abs_fixed(pos + now.buy_qty) : abs_fixed(pos - now.sell_qty);
        const th_fixed after = buy ? abs_fixed(pos + base.buy_qty + p.add_qty)
                                   : abs_fixed(pos - base.sell_qty - p.add_qty);
        if (after > lim.max_position && after > before)
            return reject("max_position", "max_position: projected position " + num(after) + " > limit " +
                                              num(lim.max_position) + " on " + sym);
    }

    if (lim.borrow && !buy) {
        // Only the part of a sale that takes the position below zero needs a borrow.
        const th_fixed before = pos - now.sell_qty;
        const th_fixed after = pos - base.sell_qty - p.add_qty;
        if (after < 0 && after < before) {
            const th_fixed* avail = lim.borrow->find(sym);
            if (!avail)
                return reject("borrow", "borrow: " + sym + " not in borrow_list " + file_name(lim.borrow->path) +
                                            "; short refused");
            if (*avail > 0 && -after > *avail)
                return reject("borrow", "borrow: projected short " + num(-after) + " > borrowable " + num(*avail) +
                                            " of " + sym);
        }
    }

    if (lim.max_instrument_exposure > 0) {
        const th_fixed before = buy ? abs_fixed(pos_notional + now.buy_notional)
                                    : abs_fixed(pos_notional - now.sell_notional);
        const th_fixed after = buy ? abs_fixed(pos_notional + base.buy_notional + add_notional)
                                   : abs_fixed(pos_notional - base.sell_notional - add_notional);
        if (after > lim.max_instrument_exposure && after > before)
            return reject("max_instrument_exposure", "max_instrument_exposure: exposure " + num(after) +
                                                         " > limit " + num(lim.max_instrument_exposure) +
                                                         " on " + sym);
    }

    if (lim.max_gross_exposure > 0 || lim.max_net_exposure > 0 || lim.max_sector_exposure > 0) {
        if (auto breach = check_portfolio(lim, st, p, exclude, add_notional, sym, env)) return std::move(*breach);
    }

    Verdict v;
    v.approved = true;
    v.proposal = std::move(p);
    return v;
}

}  // namespace tradehost::risk_gate
