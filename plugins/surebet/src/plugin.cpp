// Exports surebet: odds in, one signal per leg of every surebet across bookmakers.
#include "arb_finder.hpp"
#include "back_lay_finder.hpp"
#include "odds_fields.hpp"
#include "odds_math.hpp"

#include <tradehost/plugin.hpp>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <sstream>
#include <stdexcept>
#include <string>

namespace tradehost::surebet {

using betting::field_text;
using betting::market_name;

enum : uint32_t { kPortOdds = 0, kPortSignals = 1 };

ArbSettings settings_from(const Config& cfg) {
    ArbSettings s;
    s.total_stake = cfg.get_float("total_stake");
    s.min_profit = cfg.get_float("min_profit");
    s.max_age_ns = cfg.get_duration_ns("max_age");
    try {
        s.commission = betting::parse_rate_list(
            cfg.get_list("commission"), {1, false},
            "expected 'BOOKMAKER RATE' with the rate on winnings in 0..1, e.g. 'betfair_ex_uk 0.05'");
    } catch (const std::invalid_argument& e) {
        throw ConfigError(std::string("commission") + e.what());
    }
    return s;
}

class SurebetPlugin {
public:
    SurebetPlugin(Host host, const Config& cfg)
        : host_(host), finder_(settings_from(cfg)), back_lay_(settings_from(cfg)), lays_(cfg.get_bool("back_lay")) {}

    void on_event(uint32_t port, const th_event_header& ev) {
        if (port != kPortOdds || ev.type != TH_EV_ODDS) return;
        const th_odds& o = reinterpret_cast<const th_odds&>(ev);
        const bool lay = o.side == TH_SIDE_SELL;  // an exchange's lay price
        if (lay && !lays_) return;
        MarketKey m;
        m.event_id = field_text(o.event_id, sizeof o.event_id);
        const std::string key = field_text(o.market_key, sizeof o.market_key);
        m.market = key.empty() ? market_name(o.market) : key;
        if (o.has_point) m.point = format_fixed(o.point);
        const std::string outcome = field_text(o.outcome, sizeof o.outcome);
        const std::string book = field_text(o.bookmaker, sizeof o.bookmaker);
        const double price = to_double(o.price);
        if (m.event_id.empty() || outcome.empty() || book.empty() || !(price > 1)) {
            host_.metric_add("malformed_odds", 1);
            return;
        }
        if (lays_) {
            if (auto bl = back_lay_.on_price(m, book, outcome, lay, price, ev.ts, o.instrument)) publish(*bl, ev.ts);
        }
        if (lay) return;
        if (auto arb = finder_.on_price(m, book, outcome, price, ev.ts, o.instrument)) publish(*arb, ev.ts);
    }

private:
    // Two signals: the back leg (name surebet:BOOKMAKER, side implied buy) and the lay leg
    // (surebet_lay:EXCHANGE); strength = each leg's stake share of back + lay stakes.
    void publish(const BackLayArb& a, th_time_ns ts) {
        const std::string market = a.market.event_id + "/" + a.market.market + (a.market.point.empty() ? "" : "/" + a.market.point);
        const double total = a.back_stake + a.lay_stake;
        const th_instrument inst = a.instrument ? a.instrument : host_.intern(market + "/" + a.outcome);
        for (int leg = 0; leg < 2; ++leg) {
            th_signal sig = make_event<th_signal>(ts);
            sig.instrument = inst;
            sig.value = a.roi;
            sig.strength = std::clamp((leg == 0 ? a.back_stake : a.lay_stake) / total, 0.0, 1.0);
            std::snprintf(sig.name, sizeof sig.name, leg == 0 ? "surebet:%s" : "surebet_lay:%s",
                          (leg == 0 ? a.bookmaker : a.exchange).c_str());
            const th_status s = host_.try_publish(kPortSignals, sig.hdr);
            if (s != TH_OK && s != TH_ERR_AGAIN) throw_status(s, "publish signal");
        }
        char buf[320];
        std::snprintf(buf, sizeof buf,
                      "back/lay surebet on %s %s: back %.2f at %.2f (%s), lay %.2f at %.2f (%s, liability %.2f): profit %.2f (%.2f%%)",
                      market.c_str(), a.outcome.c_str(), a.back_stake, a.back_odds, a.bookmaker.c_str(), a.lay_stake, a.lay_odds,
                      a.exchange.c_str(), a.liability, a.profit, a.roi * 100);
        host_.info(buf);
        host_.metric_add("back_lay_surebets", 1);
    }

    void publish(const Arb& a, th_time_ns ts) {
        const std::string market = a.market.event_id + "/" + a.market.market + (a.market.point.empty() ? "" : "/" + a.market.point);
        std::string legs;
        double total = 0;
        for (const Leg& l : a.legs) total += l.stake;
        for (const Leg& l : a.legs) {
            th_signal sig = make_event<th_signal>(ts);
            sig.instrument = l.instrument ? l.instrument : host_.intern(market + "/" + l.outcome);
            sig.value = a.roi;                                  // > 0: the profit locked per unit staked
            sig.strength = std::clamp(l.stake / total, 0.0, 1.0);  // this leg's share of the total stake
            std::snprintf(sig.name, sizeof sig.name, "surebet:%s", l.bookmaker.c_str());
            const th_status s = host_.try_publish(kPortSignals, sig.hdr);
            if (s != TH_OK && s != TH_ERR_AGAIN) throw_status(s, "publish signal");
            char buf[160];
            std::snprintf(buf, sizeof buf, "%s %.2f at %s (stake %.2f); ", l.outcome.c_str(), l.price, l.bookmaker.c_str(), l.stake);
            legs += buf;
        }
        char head[128];
        std::snprintf(head, sizeof head, "surebet on %s: profit %.2f on %.2f (%.2f%%): ", market.c_str(), a.profit, total, a.roi * 100);
        host_.info(head + legs);
        host_.metric_add("surebets", 1);
    }

    Host host_;
    ArbFinder finder_;
    BackLayFinder back_lay_;
    bool lays_;
};

}  // namespace tradehost::surebet

namespace {

using tradehost::field;

constexpr th_port_desc kPorts[] = {
    tradehost::in_port("odds", TH_EV_ODDS, "Back prices of bookmakers and exchanges; exchanges' lay prices (side SELL) for back/lay"),
    tradehost::out_port("signals", TH_EV_SIGNAL,
                        "One per leg of each surebet: value = profit per unit staked, strength = the leg's share of the total stake, "
                        "name surebet:BOOKMAKER"),
};

constexpr th_config_field kConfig[] = {
    field("total_stake", TH_CFG_FLOAT, "100", "The total the legs' stakes are computed for (shown in the log)", 0, 1e-6, 1e12),
    field("min_profit", TH_CFG_FLOAT, "0.005", "Report a surebet when its locked profit / total stake is at least this", 0, 0, 1),
    field("max_age", TH_CFG_DURATION, "5m", "Prices older than the market's newest by more than this are stale; 0s: never", 0, 0,
          86400e9),
    field("commission", TH_CFG_STRING_LIST, "", "Commission on winnings per bookmaker: 'BOOKMAKER RATE', e.g. 'betfair_ex_uk 0.05'"),
    field("back_lay", TH_CFG_BOOL, "false",
          "Also back at a bookmaker and lay on an exchange (lay prices, side SELL): back stake = total_stake"),
};

}  // namespace

TRADEHOST_PLUGIN(tradehost::surebet::SurebetPlugin, "surebet", "1.0.0", "strategy",
                 "Surebets: back every outcome across bookmakers, or back at a bookmaker and lay on an exchange, for a locked profit net of commission", kPorts, kConfig)
