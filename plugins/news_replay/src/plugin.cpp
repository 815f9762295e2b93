// Exports the news_replay source: its ports, its config schema and the entry symbol.
#include "news_replay.hpp"

namespace {

using tradehost::field;

constexpr th_port_desc kPorts[] = {
    tradehost::out_port("news", TH_EV_NEWS, "Recorded stories, in file order"),
    tradehost::out_port("quotes", TH_EV_QUOTE, "Recorded quotes, in file order"),
};

constexpr th_config_field kConfig[] = {
    field("file", TH_CFG_STRING, nullptr, "JSON Lines recording; a relative path is relative to the working directory",
          TH_CFG_REQUIRED),
    field("batch", TH_CFG_INT, "256", "Records published per timer tick", 0, 1, 1e6),
};

}  // namespace

TRADEHOST_PLUGIN(tradehost::news_replay::NewsReplay, "news_replay", "1.0.0", "feed",
                 "Replays a recorded session of news and quotes (JSON Lines), the same on every run", kPorts, kConfig)
