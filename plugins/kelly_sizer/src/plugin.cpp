// Exports kelly_sizer: value and surebet signals in, back bets out as order requests, sized by
// fractional Kelly against the bankroll (config, then the latest balance event).
#include "sizer.hpp"
#include "odds_fields.hpp"

#include <tradehost/plugin.hpp>

#include <cstdio>
#include <cstring>
#include <string>

namespace tradehost::kelly_sizer {

using betting::field_text;
using betting::market_name;

enum : uint32_t { kPortSignals = 0, kPortOdds = 1, kPortBalances = 2, kPortOrders = 3 };

SizerSettings settings_from(const Config& cfg) {
    SizerSettings s;
    s.bankroll = cfg.get_float("bankroll");
    s.kelly_multiplier = cfg.get_float("kelly_multiplier");
    s.max_stake = cfg.get_float("max_stake");
    s.max_event_stake = cfg.get_float("max_event_stake");
    s.min_stake = cfg.get_float("min_stake");
    s.stake_step = cfg.get_float("stake_step");
    s.surebet_stake = cfg.get_float("surebet_stake");
    s.signal_ttl_ns = cfg.get_duration_ns("signal_ttl");
    if (s.max_stake > 0 && s.max_stake < s.min_stake)
        throw ConfigError("max_stake: " + std::to_string(s.max_stake) + " is below min_stake " + std::to_string(s.min_stake) +
                          ": no bet could be sent");
    return s;
}

class KellySizer {
public:
    KellySizer(Host host, const Config& cfg)
        : host_(host), sizer_(settings_from(cfg)), currency_(cfg.get_string("currency")), prefix_(cfg.get_string("id_prefix")) {
        if (prefix_.empty()) prefix_ = host_.instance_name();
        if (prefix_.size() > 24) throw ConfigError("id_prefix: '" + prefix_ + "' is longer than 24 characters");
    }

    void start() {
        if (loaded_) return;
        loaded_ = true;
        std::string blob;
        if (host_.state_get("staked", blob)) {
            try {
                sizer_.decode(blob);
            } catch (const std::exception& e) {
                throw std::runtime_error(std::string("saved stakes unreadable (the caps would forget what was bet): ") + e.what());
            }
        }
        if (host_.state_get("next_id", blob)) next_id_ = std::strtoull(blob.c_str(), nullptr, 10);
    }

    void on_event(uint32_t port, const th_event_header& ev) {
        if (port == kPortOdds && ev.type == TH_EV_ODDS) return on_odds(reinterpret_cast<const th_odds&>(ev));
        if (port == kPortBalances && ev.type == TH_EV_BALANCE) return on_balance(reinterpret_cast<const th_balance&>(ev));
        if (port == kPortSignals && ev.type == TH_EV_SIGNAL) return on_signal(reinterpret_cast<const th_signal&>(ev));
    }

private:
    void on_odds(const th_odds& o) {
        if (o.instrument == 0) return;  // a selection the feed interned
        const bool lay = o.side == TH_SIDE_SELL;  // an exchange's lay price
        SelectionInfo where;
        where.event_id = field_text(o.event_id, sizeof o.event_id);
        const std::string key = field_text(o.market_key, sizeof o.market_key);
        where.market = (key.empty() ? market_name(o.market) : key) + (o.has_point ? "/" + format_fixed(o.point) : "");
        const std::string book = field_text(o.bookmaker, sizeof o.bookmaker);
        if (lay) {
            sizer_.on_lay_price(host_.symbol(o.instrument), book, where, to_double(o.price));
            fixed_lay_prices_[{o.instrument, book}] = o.price;
            return;
        }
        sizer_.on_price(host_.symbol(o.instrument), book, where, to_double(o.price));
        fixed_prices_[{o.instrument, book}] = o.price;
    }

    void on_balance(const th_balance& b) {
        if (!currency_.empty() && field_text(b.currency, sizeof b.currency) != currency_) return;
        const double bankroll = to_double(b.total);
        if (bankroll == sizer_.bankroll()) return;
        host_.info("bankroll " + std::to_string(sizer_.bankroll()) + " -> " + std::to_string(bankroll) + " (balance event)");
        sizer_.set_bankroll(bankroll);
        host_.metric_add("bankroll_updates", 1);
    }

    void on_signal(const th_signal& sig) {
        const std::string name = field_text(sig.name, sizeof sig.name);
        const size_t colon = name.find(':');
        if (colon == std::string::npos || sig.instrument == 0) return;
        const std::string kind = name.substr(0, colon), book = name.substr(colon + 1);
        const std::string symbol = host_.symbol(sig.instrument);
        std::string why;
        std::optional<Stake> st;
        if (kind == "value" && sig.value > 0) st = sizer_.on_value(symbol, book, sig.value, sig.hdr.ts, why);
        else if (kind == "surebet" && sig.strength > 0 && sig.strength <= 1) st = sizer_.on_surebet(symbol, book, sig.strength, sig.value, sig.hdr.ts, why);
        else if (kind == "value_lay" && sig.value > 0) st = sizer_.on_lay_value(symbol, book, sig.value, why);
        else if (kind == "surebet_lay" && sig.strength > 0 && sig.strength <= 1)
            st = sizer_.on_surebet(symbol, book, sig.strength, sig.value, sig.hdr.ts, why, true);
        else return;  // not a signal this sizer reads
        const bool lay = kind == "value_lay" || kind == "surebet_lay";
        if (!st) {
            host_.metric_add("signals_skipped", 1);
            host_.info(symbol + " at " + book + ": no bet: " + why);
            return;
        }
        const auto& prices = lay ? fixed_lay_prices_ : fixed_prices_;
        auto px = prices.find({sig.instrument, book});
        if (px == prices.end()) return;  // unreachable: the sizer priced it from the same odds event
        th_order_request req = make_event<th_order_request>(sig.hdr.ts);
        req.instrument = sig.instrument;
        req.action = TH_ORDER_NEW;
        req.side = lay ? TH_SIDE_SELL : TH_SIDE_BUY;  // lay = sell, back = buy
        req.order_type = TH_ORDER_LIMIT;
        req.tif = TH_TIF_FOK;    // at this price or better, all of it, now
        req.qty = to_fixed(st->stake);
        req.limit_px = px->second;  // the odds as the feed sent them, exactly
        const std::string id = prefix_ + "-" + std::to_string(next_id_++);
        std::snprintf(req.client_order_id, sizeof req.client_order_id, "%s", id.c_str());
        // Book the stake before it is sent: a crash between the two can only under-bet.
        sizer_.staked(symbol, st->liability);  // a lay's risk is its liability
        host_.state_put("staked", sizer_.encode());
        host_.state_put("next_id", std::to_string(next_id_));
        host_.info(id + (lay ? ": lay " : ": back ") + symbol + " at " + book + " " + format_fixed(req.limit_px) + " for " +
                   format_fixed(req.qty) + " (" + why + ")");
        host_.metric_add("bets", 1);
        host_.publish(kPortOrders, req);
    }

    Host host_;
    Sizer sizer_;
    std::string currency_, prefix_;
    std::map<std::pair<th_instrument, std::string>, th_fixed> fixed_prices_;
    std::map<std::pair<th_instrument, std::string>, th_fixed> fixed_lay_prices_;
    uint64_t next_id_ = 1;
    bool loaded_ = false;
};

}  // namespace tradehost::kelly_sizer

namespace {

using tradehost::field;

constexpr th_port_desc kPorts[] = {
    tradehost::in_port("signals", TH_EV_SIGNAL,
                       "value:BOOKMAKER / value_lay:EXCHANGE (value = edge) and surebet:BOOKMAKER / surebet_lay:EXCHANGE (strength = share)"),
    tradehost::in_port("odds", TH_EV_ODDS, "The prices the signals refer to: back (buy) and exchange lay (sell) odds, and the event"),
    tradehost::in_port("balances", TH_EV_BALANCE, "The bankroll: the latest balance's total in `currency`"),
    tradehost::out_port("orders", TH_EV_ORDER_REQUEST, "Bets: back = buy, lay = sell; limit = decimal odds, qty = stake, fill or kill"),
};

constexpr th_config_field kConfig[] = {
    field("bankroll", TH_CFG_FLOAT, "1000", "Bankroll until a balance event in `currency` says otherwise", 0, 0, 1e15),
    field("currency", TH_CFG_STRING, "USD", "Currency of the balance events that set the bankroll; empty: any"),
    field("kelly_multiplier", TH_CFG_FLOAT, "0.25", "Fractional Kelly: the stake is this times Kelly's fraction", 0, 0, 1),
    field("max_stake", TH_CFG_FLOAT, "0", "Most staked on one selection; 0: no cap", 0, 0, 1e15),
    field("max_event_stake", TH_CFG_FLOAT, "0", "Most staked on one event, all markets; 0: no cap", 0, 0, 1e15),
    field("min_stake", TH_CFG_FLOAT, "1", "Smaller stakes are not sent", 0, 0, 1e15),
    field("stake_step", TH_CFG_FLOAT, "0.01", "Stakes are rounded down to a multiple of this", 0, 1e-8, 1e9),
    field("surebet_stake", TH_CFG_FLOAT, "100", "Total staked on one surebet, shared by its legs, before the caps", 0, 0, 1e15),
    field("signal_ttl", TH_CFG_DURATION, "5m", "Value signals younger than this count in simultaneous Kelly; 0s: forever", 0, 0,
          86400e9),
    field("id_prefix", TH_CFG_STRING, "", "Client order ids are PREFIX-N; empty: the instance name"),
};

}  // namespace

TRADEHOST_PLUGIN(tradehost::kelly_sizer::KellySizer, "kelly_sizer", "1.0.0", "strategy",
                 "Sizes value and surebet signals into back and lay bets by fractional and simultaneous Kelly", kPorts, kConfig)
