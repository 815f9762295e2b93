// Exports surebet: odds in, one signal per leg of every surebet across bookmakers.
#include "arb_finder.hpp"
#include "odds_fields.hpp"

#include <tradehost/plugin.hpp>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <sstream>
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
    const auto list = cfg.get_list("commission");
    for (size_t i = 0; i < list.size(); ++i) {
        std::istringstream in(list[i]);
        std::string book, extra;
        double c = -1;
        in >> book >> c;
        const bool read = !in.fail();
        in >> extra;
        if (book.empty() || !read || !extra.empty() || c < 0 || c >= 1)
            throw ConfigError("commission[" + std::to_string(i) + "] '" + list[i] +
                              "': expected 'BOOKMAKER RATE' with the rate on winnings in 0..1, e.g. 'betfair_ex_uk 0.05'");
        if (!s.commission.emplace(book, c).second) throw ConfigError("commission[" + std::to_string(i) + "]: " + book + " listed twice");
    }
    return s;
}

class SurebetPlugin {
public:
    SurebetPlugin(Host host, const Config& cfg) : host_(host), finder_(settings_from(cfg)) {}

    void on_event(uint32_t port, const th_event_header& ev) {
        if (port != kPortOdds || ev.type != TH_EV_ODDS) return;
        const th_odds& o = reinterpret_cast<const th_odds&>(ev);
        if (o.side != TH_SIDE_BUY) return;  // lay prices: a back/lay finder's, not this one's
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
        if (auto arb = finder_.on_price(m, book, outcome, price, ev.ts, o.instrument)) publish(*arb, ev.ts);
    }

private:
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
};

}  // namespace tradehost::surebet

namespace {

using tradehost::field;

constexpr th_port_desc kPorts[] = {
    tradehost::in_port("odds", TH_EV_ODDS, "Back prices of bookmakers and exchanges (lay prices are ignored)"),
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
};

}  // namespace

TRADEHOST_PLUGIN(tradehost::surebet::SurebetPlugin, "surebet", "1.0.0", "strategy",
                 "Surebets: back every outcome across bookmakers for a locked profit, net of commission", kPorts, kConfig)
