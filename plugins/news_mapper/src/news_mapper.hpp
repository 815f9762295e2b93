// The news_mapper plugin: adds to each story the instruments it names (cashtags,
// exchange-prefixed tickers, dictionary names) next to those the feed already listed.
#ifndef TRADEHOST_NEWS_MAPPER_NEWS_MAPPER_HPP
#define TRADEHOST_NEWS_MAPPER_NEWS_MAPPER_HPP

#include "symbol_finder.hpp"

#include <tradehost/plugin.hpp>

namespace tradehost::news_mapper {

enum Port : uint32_t { kNewsIn = 0, kNewsOut = 1 };

class NewsMapper {
public:
    NewsMapper(Host host, const Config& cfg);
    void on_event(uint32_t port, const th_event_header& ev);

private:
    Host host_;
    SymbolFinder finder_;
    bool drop_unmapped_;
};

}  // namespace tradehost::news_mapper

#endif
