// The operator's dictionary of company names and aliases: which symbol a name in a story
// means, and for ambiguous names the context words that must also appear.
#ifndef TRADEHOST_NEWS_MAPPER_ALIAS_DICTIONARY_HPP
#define TRADEHOST_NEWS_MAPPER_ALIAS_DICTIONARY_HPP

#include <string>
#include <vector>

namespace tradehost::news_mapper {

struct Alias {
    std::string symbol;
    std::string name;                   // matched case-sensitively on word boundaries
    std::vector<std::string> context;   // lower case; empty: the name alone maps
};

/// Lines `SYMBOL<TAB>name[<TAB>context,words]`; `#` starts a comment line, empty lines are
/// skipped. Throws ConfigError "file:line:col: what" on a bad line or an unreadable file.
std::vector<Alias> load_aliases(const std::string& path);

}  // namespace tradehost::news_mapper

#endif
