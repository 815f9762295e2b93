// Exports `agents`: one plugin, one agent per instance, chosen by `kind` (technical,
// sentiment, model, momentum, mean_reversion). Every kind publishes th_signal on the agent
// contract (tradehost/agent.hpp): direction in value, confidence in strength, the horizon.
#include "model_agent.hpp"
#include "price_agents.hpp"
#include "sentiment_agent.hpp"
#include "technical.hpp"

#include <tradehost/agent.hpp>
#include <tradehost/plugin.hpp>

#include <memory>
#include <string>
#include <unordered_map>

namespace tradehost::agents {

enum : uint32_t { kPortQuotes = 0, kPortTrades, kPortFeatures, kPortSentiment, kPortModelSignals, kPortSignals };

class Agents {
public:
    Agents(Host host, const Config& cfg)
        : host_(host),
          kind_(cfg.get_string("kind")),
          name_(cfg.has("name") ? cfg.get_string("name") : std::string(host.instance_name())),
          horizon_(cfg.get_duration_ns("horizon")),
          min_strength_(cfg.get_float("min_strength")),
          lookback_(static_cast<int>(cfg.get_int("lookback"))),
          window_(static_cast<int>(cfg.get_int("window"))),
          entry_z_(cfg.get_float("entry_z")),
          half_life_(cfg.get_duration_ns("half_life")),
          prior_weight_(cfg.get_float("prior_weight")),
          span_(cfg.get_float("span")) {
        if (name_.size() > 31) throw ConfigError("name: '" + name_ + "' is longer than 31 characters");
        if (kind_ == "technical") {
            technical_ = std::make_unique<Technical>(cfg.get_list("columns"), cfg.get_int("schema_version"),
                                                     cfg.get_list("rules"));
        } else if (kind_ == "model") {
            if (cfg.has("source_name")) source_name_ = cfg.get_string("source_name");
        } else if (kind_ == "momentum") {
            if (window_ < 2) throw ConfigError("window: momentum needs at least 2 returns for a volatility");
        } else if (kind_ == "mean_reversion") {
            if (window_ < 2) throw ConfigError("window: mean_reversion needs at least 2 prices");
        } else if (kind_ != "sentiment") {
            throw ConfigError("kind: '" + kind_ + "' is not technical, sentiment, model, momentum or mean_reversion");
        }
    }

    void on_event(uint32_t port, const th_event_header& ev) {
        if (port == kPortQuotes && ev.type == TH_EV_QUOTE) {
            th_quote scratch;
            const th_quote* q = event_as<th_quote>(ev, scratch);
            if (q->bid_px > 0 && q->ask_px > 0) on_price(q->instrument, q->hdr.ts, (to_double(q->bid_px) + to_double(q->ask_px)) / 2);
        } else if (port == kPortTrades && ev.type == TH_EV_TRADE) {
            th_trade scratch;
            const th_trade* t = event_as<th_trade>(ev, scratch);
            on_price(t->instrument, t->hdr.ts, to_double(t->px));
        } else if (port == kPortFeatures && ev.type == TH_EV_FEATURES && technical_) {
            const auto& f = reinterpret_cast<const th_features&>(ev);
            // a short event would have us read past its end: count it, never read it
            if (ev.size < sizeof(th_features) || ev.size < th_features_size(f.rows, f.cols, f.instrument == 0)) {
                host_.metric_add("bad_features", 1);
                return;
            }
            on_features(f);
        } else if (port == kPortSentiment && ev.type == TH_EV_SENTIMENT && kind_ == "sentiment") {
            th_sentiment scratch;
            const th_sentiment* s = event_as<th_sentiment>(ev, scratch);
            if (s->instrument == 0) return;  // a story as a whole names no instrument to hold
            auto it = sentiment_.try_emplace(s->instrument, half_life_, prior_weight_).first;
            emit(s->instrument, s->hdr.ts, it->second.add(s->hdr.ts, s->score, s->confidence));
        } else if (port == kPortModelSignals && ev.type == TH_EV_SIGNAL && kind_ == "model") {
            th_signal scratch;
            const th_signal* s = event_as<th_signal>(ev, scratch);
            if (s->instrument == 0 || (!source_name_.empty() && agent::name(*s) != source_name_)) return;
            auto it = model_.try_emplace(s->instrument, span_).first;
            agent::View v = it->second.add(s->value, s->strength);
            v.horizon_ns = agent::horizon(*s, horizon_);
            emit(s->instrument, s->hdr.ts, v);
        }
    }

private:
    void on_price(th_instrument id, th_time_ns ts, double px) {
        if (kind_ == "momentum") {
            auto it = momentum_.try_emplace(id, lookback_, window_).first;
            if (auto v = it->second.update(px)) emit(id, ts, *v);
        } else if (kind_ == "mean_reversion") {
            auto it = reversion_.try_emplace(id, window_, entry_z_).first;
            if (auto v = it->second.update(px)) emit(id, ts, *v);
        }
    }

    void on_features(const th_features& f) {
        if (f.schema_hash != technical_->schema_hash() || f.cols != technical_->cols()) {
            host_.metric_add("schema_mismatch", 1);  // rows of another schema: columns would be misread
            return;
        }
        const float* values = th_features_values(&f);
        const th_instrument* ids = th_features_instruments(&f);
        for (uint32_t r = 0; r < f.rows; ++r)
            if (auto v = technical_->row(values + static_cast<size_t>(r) * f.cols)) emit(ids ? ids[r] : f.instrument, f.hdr.ts, *v);
    }

    void emit(th_instrument id, th_time_ns ts, agent::View v) {
        if (id == 0) return;
        if (v.strength < min_strength_ || v.value == 0) {
            host_.metric_add("views_below_min", 1);
            return;
        }
        if (v.horizon_ns == 0) v.horizon_ns = horizon_;
        host_.metric_add("signals", 1);
        th_signal out = agent::make_signal(ts, id, name_, v);
        host_.publish(kPortSignals, out);
    }

    Host host_;
    std::string kind_, name_, source_name_;
    th_time_ns horizon_;
    double min_strength_;
    int lookback_, window_;
    double entry_z_;
    th_time_ns half_life_;
    double prior_weight_, span_;
    std::unique_ptr<Technical> technical_;
    std::unordered_map<th_instrument, Momentum> momentum_;
    std::unordered_map<th_instrument, MeanReversion> reversion_;
    std::unordered_map<th_instrument, SentimentView> sentiment_;
    std::unordered_map<th_instrument, ModelView> model_;
};

}  // namespace tradehost::agents

namespace {

using tradehost::field;

constexpr th_port_desc kPorts[] = {
    tradehost::in_port("quotes", TH_EV_QUOTE, "momentum, mean_reversion: the mid is the price"),
    tradehost::in_port("trades", TH_EV_TRADE, "momentum, mean_reversion: the print is the price"),
    tradehost::in_port("features", TH_EV_FEATURES, "technical: the features plugin's rows or batches"),
    tradehost::in_port("sentiment", TH_EV_SENTIMENT, "sentiment: scores of news items per instrument"),
    tradehost::in_port("model_signals", TH_EV_SIGNAL, "model: any model plugin's signals"),
    tradehost::out_port("signals", TH_EV_SIGNAL, "The agent's views: direction in value, confidence in strength, horizon"),
};

constexpr th_config_field kConfig[] = {
    field("kind", TH_CFG_STRING, nullptr, "technical, sentiment, model, momentum or mean_reversion", TH_CFG_REQUIRED),
    field("name", TH_CFG_STRING, nullptr, "Signal name (at most 31 characters); unset: the instance name"),
    field("horizon", TH_CFG_DURATION, "5m", "How far ahead the views are meant (th_signal::horizon_ns)", 0, 0, 365 * 86400e9),
    field("min_strength", TH_CFG_FLOAT, "0", "Views with a lower confidence are not published", 0, 0, 1),
    field("lookback", TH_CFG_INT, "20", "momentum: the return is over this many updates", 0, 1, 1000000),
    field("window", TH_CFG_INT, "50", "momentum: updates in the volatility; mean_reversion: prices in the mean", 0, 2, 1000000),
    field("entry_z", TH_CFG_FLOAT, "1", "mean_reversion: no view while |z| is below this", 0, 0, 100),
    field("columns", TH_CFG_STRING_LIST, nullptr, "technical: the features schema's column names, in order"),
    field("schema_version", TH_CFG_INT, "1", "technical: the features schema's version", 0, 0, 1000000),
    field("rules", TH_CFG_STRING_LIST, nullptr, "technical: COLUMN:rsi, COLUMN:pctb, COLUMN:zscore or COLUMN:trend[:SCALE]"),
    field("half_life", TH_CFG_DURATION, "1h", "sentiment: a score's weight halves in this much event time", 0, 0, 365 * 86400e9),
    field("prior_weight", TH_CFG_FLOAT, "1", "sentiment: evidence (confidence-weighted stories) that halves the strength", 0, 0, 1e9),
    field("source_name", TH_CFG_STRING, nullptr, "model: only signals of this name; unset: every signal"),
    field("span", TH_CFG_FLOAT, "100", "model: updates in the exponential RMS that normalises the value", 0, 1, 1e9),
};

}  // namespace

TRADEHOST_PLUGIN(tradehost::agents::Agents, "agents", "1.0.0", "model",
                 "Agents: technical, sentiment, model, momentum and mean-reversion views as signals", kPorts, kConfig)
