// Exports the news_dedup plugin: its ports, its config schema and the entry symbol.
#include "news_dedup.hpp"

namespace {

using tradehost::field;

constexpr th_port_desc kPorts[] = {
    tradehost::in_port("news", TH_EV_NEWS, "Stories from any number of feeds"),
    tradehost::out_port("news", TH_EV_NEWS, "Each story once: the first of its exact or near duplicates"),
};

constexpr th_config_field kConfig[] = {
    field("max_distance", TH_CFG_INT, "10", "SimHash Hamming distance (of 64 bits) that still counts as the same story",
          0, 0, 31),
    field("shingle_words", TH_CFG_INT, "1", "Words per shingle of the SimHash", 0, 1, 8),
    field("window", TH_CFG_DURATION, "24h", "How far apart in published time two stories may be and still be duplicates"),
};

}  // namespace

TRADEHOST_PLUGIN(tradehost::news_dedup::NewsDedup, "news_dedup", "1.0.0", "other",
                 "Each news story once: exact (URL, GUID, source id) and near (SimHash) duplicates dropped", kPorts,
                 kConfig)
