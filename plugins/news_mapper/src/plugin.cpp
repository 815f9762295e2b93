// Exports the news_mapper plugin: its ports, its config schema and the entry symbol.
#include "news_mapper.hpp"

namespace {

using tradehost::field;

constexpr th_port_desc kPorts[] = {
    tradehost::in_port("news", TH_EV_NEWS, "Stories"),
    tradehost::out_port("news", TH_EV_NEWS, "The same stories with the instruments they name"),
};

constexpr th_config_field kConfig[] = {
    field("aliases", TH_CFG_STRING, "", "Alias dictionary: SYMBOL<TAB>name[<TAB>context,words] lines; empty: none"),
    field("exchanges", TH_CFG_STRING_LIST, "NASDAQ, NYSE, NYSEAMERICAN, NYSEARCA, AMEX, ARCA, BATS, CBOE, OTC, TSX, LSE",
          "Exchange prefixes recognised in EXCHANGE:TICKER"),
    field("symbols", TH_CFG_STRING_LIST, nullptr, "Only these symbols are mapped; unset: any"),
    field("drop_unmapped", TH_CFG_BOOL, "false", "Drop stories that name no instrument"),
};

}  // namespace

TRADEHOST_PLUGIN(tradehost::news_mapper::NewsMapper, "news_mapper", "1.0.0", "other",
                 "Maps news stories to instruments: cashtags, EXCHANGE:TICKER, company names", kPorts, kConfig)
