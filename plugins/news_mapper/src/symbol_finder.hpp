// Finds the instruments a story names: cashtags ($AAPL), exchange-prefixed tickers
// (NASDAQ:AAPL, "(NYSE: XYZ)"), and company names from the alias dictionary (ambiguous
// names only with one of their context words nearby in the same text).
#ifndef TRADEHOST_NEWS_MAPPER_SYMBOL_FINDER_HPP
#define TRADEHOST_NEWS_MAPPER_SYMBOL_FINDER_HPP

#include "alias_dictionary.hpp"

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace tradehost::news_mapper {

struct FinderSettings {
    std::vector<std::string> exchanges;  // upper case, e.g. NASDAQ, NYSE
    std::set<std::string> universe;      // empty: any symbol; else only these
    std::vector<Alias> aliases;
};

class SymbolFinder {
public:
    explicit SymbolFinder(FinderSettings s);
    /// Symbols named in `text`, in order of first mention, each once.
    std::vector<std::string> find(std::string_view text) const;

private:
    void add(std::vector<std::string>& out, const std::string& symbol) const;
    FinderSettings s_;
};

}  // namespace tradehost::news_mapper

#endif
