// Exports value_bets: odds in, a signal for every price that beats the fair line.
#include "odds_fields.hpp"
#include "value_finder.hpp"

#include <tradehost/plugin.hpp>

#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

namespace tradehost::betting {

enum : uint32_t { kPortOdds = 0, kPortSignals = 1 };

FinderSettings settings_from(const Config& cfg) {
    FinderSettings s;
    const std::string method = cfg.get_string("method");
    if (!parse_margin_method(method, s.method))
        throw ConfigError("method: expected multiplicative, power or shin, got '" + method + "'");
    s.reference = cfg.get_list("reference");
    if (s.reference.empty()) throw ConfigError("reference: name at least one bookmaker whose prices make the fair line");
    s.min_edge = cfg.get_float("min_edge");
    s.kelly_multiplier = cfg.get_float("kelly_multiplier");
    s.max_age_ns = cfg.get_duration_ns("max_age");
    return s;
}

class ValueBets {
public:
    ValueBets(Host host, const Config& cfg) : host_(host), finder_(settings_from(cfg)) {}

    void on_event(uint32_t port, const th_event_header& ev) {
        if (port != kPortOdds || ev.type != TH_EV_ODDS) return;
        const th_odds& o = reinterpret_cast<const th_odds&>(ev);
        if (o.side != TH_SIDE_BUY) return;  // lay prices are not what a bookmaker offers
        MarketId m;
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
        for (const ValueBet& v : finder_.on_price(m, book, outcome, price, ev.ts)) publish(v, o, ev.ts);
    }

private:
    void publish(const ValueBet& v, const th_odds& o, th_time_ns ts) {
        th_signal sig = make_event<th_signal>(ts);
        // The selection: the venue's instrument when it interned one, else event/market/outcome.
        std::string symbol = v.market.event_id + "/" + v.market.market + (v.market.point.empty() ? "" : "/" + v.market.point) +
                             "/" + v.outcome;
        sig.instrument = o.instrument ? o.instrument : host_.intern(symbol);
        sig.value = v.edge;                                  // > 0: back it
        sig.strength = std::min(1.0, v.stake_fraction);      // the fraction of the bankroll to stake
        std::snprintf(sig.name, sizeof sig.name, "value:%s", v.bookmaker.c_str());
        char line[256];
        std::snprintf(line, sizeof line, "%s at %s: %.2f against fair %.3f (edge %.1f%%, stake %.2f%% of bankroll)",
                      symbol.c_str(), v.bookmaker.c_str(), v.price, 1 / v.fair_probability, v.edge * 100, v.stake_fraction * 100);
        host_.info(line);
        host_.metric_add("value_bets", 1);
        const th_status s = host_.try_publish(kPortSignals, sig.hdr);
        if (s != TH_OK && s != TH_ERR_AGAIN) throw_status(s, "publish signal");
    }

    Host host_;
    ValueFinder finder_;
};

}  // namespace tradehost::betting

namespace {

using tradehost::field;

constexpr th_port_desc kPorts[] = {
    tradehost::in_port("odds", TH_EV_ODDS, "Back prices of bookmakers and exchanges (lay prices are ignored)"),
    tradehost::out_port("signals", TH_EV_SIGNAL,
                        "One per price that beats the fair line: value = edge, strength = stake fraction, name value:BOOKMAKER"),
};

constexpr th_config_field kConfig[] = {
    field("reference", TH_CFG_STRING_LIST, nullptr, "Bookmakers whose de-margined prices make the fair line (e.g. pinnacle)", TH_CFG_REQUIRED),
    field("method", TH_CFG_STRING, "shin", "How the margin comes out: multiplicative, power or shin"),
    field("min_edge", TH_CFG_FLOAT, "0.02", "Report a price when price x fair probability - 1 is at least this", 0, 0, 10),
    field("kelly_multiplier", TH_CFG_FLOAT, "0.25", "Fractional Kelly: the stake is this times the Kelly fraction", 0, 0, 1),
    field("max_age", TH_CFG_DURATION, "0s", "Ignore prices older than the market's newest by more than this; 0s: never", 0, 0,
          86400e9),
};

}  // namespace

TRADEHOST_PLUGIN(tradehost::betting::ValueBets, "value_bets", "1.0.0", "strategy",
                 "Value bets: bookmaker prices above the fair line of reference bookmakers, with Kelly stakes", kPorts, kConfig)
