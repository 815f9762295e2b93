// Exports paper_book: a paper betting venue. Bets arrive as order requests (back = buy, lay =
// sell, limit = decimal odds, qty = stake), match against the latest odds events, and are
// settled by settlement events from a feed (The Odds API's scores through odds_api).
#include "bet_book.hpp"

#include <tradehost/plugin.hpp>

#include <cstdio>
#include <cstring>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace tradehost::paper_book {

// 128-bit products of fixed-point amounts (a GCC/Clang extension, hence __extension__).
__extension__ typedef __int128 i128;

enum : uint32_t {
    kPortOrders = 0, kPortReports = 1, kPortFills = 2, kPortPositions = 3, kPortBalances = 4,
    kPortOdds = 5, kPortResults = 6, kPortSettlements = 7,
};

std::string field_text(const char* p, size_t cap) { return std::string(p, strnlen(p, cap)); }

template <size_t N> void copy(char (&dst)[N], const std::string& s) { std::snprintf(dst, N, "%s", s.c_str()); }

// The market a price belongs to, for netting commission: the venue's key without the lay
// suffix (an exchange's `h2h_lay` prices are the lay side of `h2h`), or the kind's name. A
// handicap's lines are one market, as Betfair's Asian handicap market holds every line (a
// runner per team and handicap); each total is a market of its own (Betfair's
// OVER_UNDER_25...). The sign of a handicap cannot name its line: A -0.25 / B +0.25 and
// A +0.25 / B -0.25 are two lines with one absolute point. docs/decisions.md, "paper_book".
std::string market_key(const th_odds& o) {
    std::string key = field_text(o.market_key, sizeof o.market_key);
    if (key.size() > 4 && key.compare(key.size() - 4, 4, "_lay") == 0) key.resize(key.size() - 4);
    if (key.empty()) key = std::to_string(o.market);
    if (o.has_point && o.market != TH_ODDS_SPREAD) key += "@" + format_fixed(o.point);
    return key;
}

class PaperBook {
public:
    PaperBook(Host host, const Config& cfg) : host_(host), book_(settings(cfg)), currency_(cfg.get_string("currency")) {}

    static BookSettings settings(const Config& cfg) {
        BookSettings s;
        s.starting_cash = cfg.get_fixed("starting_balance");
        // `commission` is the rate of every venue not listed in `commission_by_venue` (before
        // that key it was every venue's; configs that set only it behave as they did).
        s.commission = to_fixed(cfg.get_float("commission"));
        try {
            parse_venue_rates(cfg.get_list("commission_by_venue"), s.venue_commission);
        } catch (const std::invalid_argument& e) {
            throw ConfigError(std::string("commission_by_venue") + e.what());
        }
        const std::string on = cfg.get_string("commission_on");
        if (on != "market" && on != "bet") throw ConfigError("commission_on: expected 'market' or 'bet', got '" + on + "'");
        s.commission_on = on == "bet" ? CommissionOn::bet : CommissionOn::market;
        s.max_age_ns = cfg.get_duration_ns("max_age");
        return s;
    }

    void start() {
        if (!loaded_) {
            loaded_ = true;
            std::string blob;
            // Unreadable saved bets stop the start: paying out from a guess is worse than not running.
            if (host_.state_get("bets", blob)) book_.decode(blob);
        }
        balance(host_.now());
    }

    void on_event(uint32_t port, const th_event_header& ev) {
        if (port == kPortOdds && ev.type == TH_EV_ODDS) return on_odds(reinterpret_cast<const th_odds&>(ev));
        if (port == kPortOrders && ev.type == TH_EV_ORDER_REQUEST) return on_order(reinterpret_cast<const th_order_request&>(ev));
        if (port == kPortResults && ev.type == TH_EV_SETTLEMENT) return on_result(reinterpret_cast<const th_settlement&>(ev));
    }

private:
    void on_odds(const th_odds& o) {
        if (o.instrument == 0) return;
        const std::string symbol = host_.symbol(o.instrument);
        const std::string event_id = field_text(o.event_id, sizeof o.event_id);
        event_of_[symbol] = event_id;
        market_of_[symbol] = event_id + "/" + market_key(o);
        book_.on_price(symbol, field_text(o.bookmaker, sizeof o.bookmaker), o.side, o.price, o.hdr.ts, o.size);
        book_.assign_market(symbol, market_of_[symbol]);
        const auto matched = book_.match_resting(symbol, o.hdr.ts);
        for (const Match& m : matched) filled(m, o.instrument, o.hdr.ts);
        if (!matched.empty()) saved(o.hdr.ts);
    }

    void on_order(const th_order_request& r) {
        const th_time_ns now = r.hdr.ts;
        const std::string id = field_text(r.client_order_id, sizeof r.client_order_id);
        if (r.action == TH_ORDER_CANCEL) {
            Bet b;
            const std::string orig = field_text(r.orig_client_order_id, sizeof r.orig_client_order_id);
            const std::string why = book_.cancel(orig, b);
            if (!why.empty()) return report_raw(r, id, TH_EXEC_REJECTED, TH_STATUS_REJECTED, "cancel refused: " + why, now);
            report(b, r.instrument, TH_EXEC_CANCELED, TH_STATUS_CANCELED, "cancelled", now);
            return saved(now);
        }
        if (r.action != TH_ORDER_NEW)
            return report_raw(r, id, TH_EXEC_REJECTED, TH_STATUS_REJECTED, "replace not supported by the venue: cancel, then send a new order", now);
        if (r.order_type != TH_ORDER_LIMIT)
            return report_raw(r, id, TH_EXEC_REJECTED, TH_STATUS_REJECTED, "rejected locally: a bet is a limit order at decimal odds", now);
        if (r.instrument == 0) return report_raw(r, id, TH_EXEC_REJECTED, TH_STATUS_REJECTED, "unknown instrument 0", now);
        Bet b;
        b.client_id = id;
        b.symbol = host_.symbol(r.instrument);
        auto ev = event_of_.find(b.symbol);
        b.event_id = ev != event_of_.end() ? ev->second : b.symbol.substr(0, b.symbol.find('/'));
        auto mk = market_of_.find(b.symbol);
        if (mk != market_of_.end()) b.market = mk->second;
        b.side = r.side;
        b.tif = r.tif;
        b.stake = r.qty;
        b.limit = r.limit_px;
        std::vector<Match> matches;
        const std::string why = book_.place(b, now, matches);
        if (!why.empty()) {
            host_.metric_add("rejected", 1);
            return report_raw(r, id, TH_EXEC_REJECTED, TH_STATUS_REJECTED, why, now);
        }
        if (matches.empty() && !book_.unmatched_and_done(b)) report(b, r.instrument, TH_EXEC_NEW, TH_STATUS_NEW, "", now);
        for (const Match& m : matches) filled(m, r.instrument, now);
        if (book_.unmatched_and_done(b)) {  // FOK unmatched, or what an IOC found no size for: lapsed
            host_.metric_add("unmatched", 1);
            const std::string price = (b.side == TH_SIDE_BUY ? "at or above " : "at or below ") + format_fixed(b.limit);
            report(b, r.instrument, TH_EXEC_EXPIRED, TH_STATUS_EXPIRED,
                   matches.empty() ? "no price " + price : "lapsed: " + format_fixed(b.stake) + " unmatched, no more size " + price, now);
        }
        saved(now);
    }

    void on_result(const th_settlement& s) {
        if (s.instrument == 0) return;
        const std::string symbol = host_.symbol(s.instrument);
        const Settled settled = book_.settle(symbol, s.kind == TH_SETTLE_VOID ? TH_SETTLE_VOID : TH_SETTLE_RESOLVED, s.price);
        const std::vector<Payout>& payouts = settled.payouts;
        for (const Bet& b : settled.cancelled) report(b, s.instrument, TH_EXEC_CANCELED, TH_STATUS_CANCELED, "market settled unmatched", s.hdr.ts);
        // One settlement per selection, as a pool's ledger (syndicate) books it: the open
        // stake paid `qty x price`, so price is what all its bets returned per unit staked
        // (the odds net of commission for winning backs, 0 for losers, 1 for a void). A market
        // commission is taken from the selection whose settlement closed the market.
        th_fixed stake = 0, returned = 0, pnl = 0;
        std::string text;
        for (const Payout& p : payouts) {
            const std::string what = payout_name(p.result, p.score);
            const std::string line = p.bet.client_id + " " + what + " " + format_fixed(p.pnl) + " (" +
                                     (p.bet.side == TH_SIDE_BUY ? "back" : "lay") + " " + format_fixed(p.bet.stake) + " at " +
                                     format_fixed(p.bet.odds) + ")";
            host_.info(line);
            // Several bets: their common result, or "settled" when backs and lays (or half
            // results) differ; each bet's own line is in the log.
            if (payouts.size() == 1) text = line;
            else if (text.empty()) text = std::to_string(payouts.size()) + " bets " + what;
            else if (text != std::to_string(payouts.size()) + " bets " + what) text = std::to_string(payouts.size()) + " bets settled";
            stake += p.bet.stake;
            returned += p.returned;
            pnl += p.pnl;
            host_.metric_add(("bets_" + std::string(what == "half won" ? "half_won" : what == "half lost" ? "half_lost" : what)).c_str(), 1);
        }
        th_fixed commission = 0;
        std::string commission_text;
        size_t charged = 0;  // name the venue only when more than one charged
        for (const MarketCommission& mc : settled.market_commission) charged += mc.commission > 0 ? 1 : 0;
        for (const MarketCommission& mc : settled.market_commission) {
            if (mc.commission <= 0) continue;
            commission += mc.commission;
            host_.info("market " + mc.market + " at " + mc.venue + ": commission " + format_fixed(mc.commission) +
                       " on net winnings " + format_fixed(mc.net));
            host_.metric_add("commission", static_cast<double>(mc.commission) / TH_FIXED_SCALE);
            commission_text += ", commission " + format_fixed(mc.commission) + " on the market's " + format_fixed(mc.net) +
                               (charged > 1 ? " at " + mc.venue : "");
        }
        returned -= commission;
        pnl -= commission;
        if (!payouts.empty()) {
            if (payouts.size() > 1) text += " " + format_fixed(pnl);
            text += commission_text;
            auto ev = make_event<th_settlement>(s.hdr.ts);
            ev.instrument = s.instrument;
            ev.kind = payouts.front().result;
            ev.price = static_cast<th_fixed>(static_cast<i128>(returned) * TH_FIXED_SCALE / stake);
            copy(ev.event_id, payouts.front().bet.event_id);
            copy(ev.text, text);
            host_.publish(kPortSettlements, ev);
            realized_[symbol] += pnl;
        }
        if (!payouts.empty() || !settled.cancelled.empty()) {
            position(symbol, s.instrument, 0, s.hdr.ts);
            saved(s.hdr.ts);
        }
    }

    // One fill per matched part: a partial one while some of the bet is left (resting, or
    // about to lapse for IOC), the last one FILLED.
    void filled(const Match& m, th_instrument inst, th_time_ns ts) {
        const Bet& b = m.part;
        if (m.leaves > 0) report(b, inst, TH_EXEC_PARTIAL_FILL, TH_STATUS_PARTIALLY_FILLED, "", ts, m.leaves);
        else report(b, inst, TH_EXEC_FILL, TH_STATUS_FILLED, "", ts);
        auto f = make_event<th_fill>(ts);
        f.instrument = inst;
        f.side = b.side;
        f.liquidity = TH_LIQ_TAKER;
        f.px = b.odds;
        f.qty = b.stake;
        copy(f.client_order_id, b.client_id);
        copy(f.venue_order_id, b.venue_id);
        copy(f.fill_id, b.venue_id + "-F" + std::to_string(b.fills));
        host_.publish(kPortFills, f);
        host_.metric_add("bets_matched", 1);
        position(b.symbol, inst, b.odds, ts);
    }

    // `b` is a matched part (fills: last = the part) or the unmatched rest (its stake what is left).
    void report(const Bet& b, th_instrument inst, th_exec_type type, th_order_status status, const std::string& reason, th_time_ns ts,
                th_fixed leaves = 0) {
        auto e = make_event<th_execution_report>(ts);
        e.instrument = inst;
        e.exec_type = type;
        e.status = status;
        e.side = b.side;
        e.order_qty = b.ordered > 0 ? b.ordered : b.stake;
        e.cum_qty = b.cum;
        e.leaves_qty = status == TH_STATUS_NEW ? b.stake : leaves;
        e.avg_px = b.cum > 0 ? static_cast<th_fixed>(static_cast<i128>(b.cum_value) * TH_FIXED_SCALE / b.cum) : 0;
        const bool fill = type == TH_EXEC_FILL || type == TH_EXEC_PARTIAL_FILL;
        e.last_px = fill ? b.odds : 0;
        e.last_qty = fill ? b.stake : 0;
        copy(e.client_order_id, b.client_id);
        copy(e.venue_order_id, b.venue_id);
        copy(e.reason, reason);
        host_.publish(kPortReports, e);
    }

    void report_raw(const th_order_request& r, const std::string& id, th_exec_type type, th_order_status status,
                    const std::string& reason, th_time_ns ts) {
        Bet b;
        b.client_id = id;
        b.side = r.side;
        b.stake = r.qty;
        report(b, r.instrument, type, status, reason, ts);
        host_.warn(id + ": " + reason);
    }

    void position(const std::string& symbol, th_instrument inst, th_fixed px, th_time_ns ts) {
        auto p = make_event<th_position>(ts);
        p.instrument = inst;
        p.qty = book_.exposure(symbol);
        p.avg_px = px;
        p.realized_pnl = realized_[symbol];
        host_.publish(kPortPositions, p);
    }

    void balance(th_time_ns ts) {
        auto b = make_event<th_balance>(ts);
        copy(b.currency, currency_);
        b.total = book_.total();
        b.available = book_.cash();
        host_.publish(kPortBalances, b);
    }

    // Publish first, save second (the journal commits what was published no later than the
    // state that records it); then the balance, which the Kelly sizer reads as the bankroll.
    void saved(th_time_ns ts) {
        host_.state_put("bets", book_.encode());
        balance(ts);
    }

    Host host_;
    BetBook book_;
    std::string currency_;
    std::map<std::string, std::string> event_of_;
    std::map<std::string, std::string> market_of_;  // symbol -> event/market key
    std::map<std::string, th_fixed> realized_;
    bool loaded_ = false;
};

}  // namespace tradehost::paper_book

namespace {

using tradehost::field;
using tradehost::in_port;
using tradehost::out_port;

constexpr th_port_desc kPorts[] = {
    in_port("orders", TH_EV_ORDER_REQUEST, "Bets: buy = back, sell = lay, limit = decimal odds, qty = stake; new and cancel"),
    out_port("exec_reports", TH_EV_EXECUTION_REPORT, "Bet states: matched (fill), resting, expired unmatched, cancelled, rejected"),
    out_port("fills", TH_EV_FILL, "One per matched bet: px = the odds taken, qty = the stake"),
    out_port("positions", TH_EV_POSITION, "Per selection: open stake (backs - lays) and realized PnL after each match and result"),
    out_port("balances", TH_EV_BALANCE, "Cash (available) and cash + open stakes (total) at start and after every change"),
    in_port("odds", TH_EV_ODDS, "Back and lay prices that bets match against"),
    in_port("results", TH_EV_SETTLEMENT,
            "Selection results from a feed: resolved at 1 (won) or 0 (lost), 0.75 / 0.25 (Asian half won / half lost), or void"),
    out_port("settlements", TH_EV_SETTLEMENT,
             "One per settled selection: price = what its bets returned per unit staked, text = the bet (or count), result and PnL"),
};

constexpr th_config_field kConfig[] = {
    field("starting_balance", TH_CFG_DECIMAL, "1000", "Cash at the first start", 0, 0, 1e12),
    field("currency", TH_CFG_STRING, "USD", "Currency of the balance events"),
    field("commission", TH_CFG_FLOAT, "0", "Commission rate on net winnings of venues not in commission_by_venue (0: bookmakers)", 0, 0, 0.5),
    field("commission_by_venue", TH_CFG_STRING_LIST, "",
          "Commission per venue: 'VENUE RATE' on net market winnings, e.g. 'betfair_exchange 0.05'; others pay `commission`"),
    field("commission_on", TH_CFG_STRING, "market",
          "market: on each market's net winnings when its last bet settles (Betfair's rule); bet: on each winning bet's"),
    field("max_age", TH_CFG_DURATION, "0s", "A price older than this when a bet arrives is not taken; 0s: any age", 0, 0, 86400e9),
};

}  // namespace

TRADEHOST_PLUGIN(tradehost::paper_book::PaperBook, "paper_book", "1.0.0", "broker",
                 "Paper betting venue: backs and lays matched against odds events, settled from results", kPorts, kConfig)
