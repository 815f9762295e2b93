// Exports the replay feed: its ports, its config schema and the entry symbol.
#include "replay.hpp"

namespace {

using tradehost::field;

constexpr th_port_desc kPorts[] = {
    tradehost::out_port("quotes", TH_EV_QUOTE, "Rows of a quotes file (format: quotes)"),
    tradehost::out_port("bars", TH_EV_BAR, "Rows of a bars file (format: bars)"),
    // Appended last so that the indexes above stay as they were.
    tradehost::out_port("books", TH_EV_BOOK, "Book updates of a books file (format: books); their tops go to quotes"),
    tradehost::out_port("odds", TH_EV_ODDS, "With exchange set: each book's best back (bid) and lay (ask) as odds events"),
};

constexpr th_config_field kConfig[] = {
    field("file", TH_CFG_STRING, nullptr, "CSV file to replay; a relative path is relative to the working directory",
          TH_CFG_REQUIRED),
    field("format", TH_CFG_STRING, "bars", "bars (ts,symbol,open,high,low,close,volume), quotes "
                                           "(ts,symbol,bid,bid_qty,ask,ask_qty) or books (ts,symbol,type,side,price,qty)"),
    field("rate", TH_CFG_FLOAT, "0", "Rows per wall-clock second; 0 = as fast as possible", 0, 0, 1e9),
    field("batch", TH_CFG_INT, "1000", "Rows per timer tick when rate is 0", 0, 1, 1e7),
    field("exchange", TH_CFG_STRING, "", "Books of betting selections (EVENT/MARKET[/POINT]/OUTCOME): publish their best back "
                                          "(bid) and lay (ask) as odds events of this exchange (e.g. betfair_ex_uk)"),
    field("interval_s", TH_CFG_INT, "60", "Bar length in seconds, written into every bar", 0, 1, 4294967295.0),
};

}  // namespace

TRADEHOST_PLUGIN(tradehost::replay::Replay, "replay", "1.0.0", "feed", "Replays a CSV file of bars, quotes or L2 book updates",
                 kPorts, kConfig)
