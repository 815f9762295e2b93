// Exports the log_sink plugin: its port, its config schema and the entry symbol.
#include "log_sink.hpp"

namespace {

using tradehost::field;

constexpr th_port_desc kPorts[] = {
    tradehost::in_port("in", TH_EV_ANY, "Events of any kind; wire as many edges to it as needed"),
};

constexpr th_config_field kConfig[] = {
    field("kinds", TH_CFG_STRING_LIST, nullptr,
          "Event kinds to write a line for (quote, signal, fill, ...); absent or empty: every kind"),
    field("file", TH_CFG_STRING, "", "Append the lines to this file; empty: the host's log at info level"),
    field("every", TH_CFG_INT, "1", "Write the 1st, N+1th, ... event of each kind (all are counted)", 0, 1, 1e9),
};

}  // namespace

TRADEHOST_PLUGIN(tradehost::log_sink::LogSink, "log_sink", "1.0.0", "sink",
                 "Writes a readable line per event of any kind; counts them; flags out-of-range signals", kPorts,
                 kConfig)
