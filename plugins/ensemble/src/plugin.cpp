// Exports the ensemble plugin: its ports, its config schema and the entry symbol.
#include "ensemble.hpp"

namespace {

using tradehost::field;

constexpr th_port_desc kPorts[] = {
    tradehost::in_port("members", TH_EV_SIGNAL,
                       "The member models' signals; th_signal.name says which member (others are counted and dropped)"),
    tradehost::in_port("prices", TH_EV_ANY,
                       "Quotes (mid), trades or bars of the instruments: the realised returns that score members "
                       "(bma, dynamic)"),
    tradehost::out_port("signals", TH_EV_SIGNAL, "One blended signal per instrument each time every member has spoken"),
};

constexpr th_config_field kConfig[] = {
    field("members", TH_CFG_STRING_LIST, nullptr, "The members' signal names, in order (at least 2)",
          TH_CFG_REQUIRED),
    field("method", TH_CFG_STRING, "weighted", "weighted, soft_vote, hard_vote, stacking, bma or dynamic"),
    field("weights", TH_CFG_STRING_LIST, nullptr,
          "One weight per member: the fixed weights (weighted), or the prior (bma, dynamic); default equal"),
    field("stacking_model", TH_CFG_STRING, nullptr,
          "stacking: JSON meta-model {link, intercept, coef: {member: c}} over the members' signed scores"),
    field("max_age", TH_CFG_DURATION, "5s", "Members' views further apart than this are not one round (0: any)"),
    field("horizon", TH_CFG_DURATION, "60s", "Forward-return horizon each member's view is scored on"),
    field("window", TH_CFG_INT, "500", "Scored views kept per member", 0, 2, 1000000),
    field("min_outcomes", TH_CFG_INT, "30", "bma, dynamic: scored views before the prior gives way", 0, 0, 1000000),
    field("floor", TH_CFG_FLOAT, "0", "dynamic: lowest weight of a member", 0, 0, 1),
    field("cap", TH_CFG_FLOAT, "1", "dynamic: highest weight of a member", 0, 0, 1),
    field("signal_name", TH_CFG_STRING, "ensemble", "th_signal name of the blend (at most 31 characters)"),
};

}  // namespace

TRADEHOST_PLUGIN(tradehost::ensemble::Ensemble, "ensemble", "1.0.0", "model",
                 "Blends several models' signals: weighted, voting, stacking, BMA and performance-weighted",
                 kPorts, kConfig)
