// Finding symbols in story text.
#include "symbol_finder.hpp"

#include <tradehost/plugin.hpp>

#include <gtest/gtest.h>

#include <fstream>

using namespace tradehost::news_mapper;

namespace {

using V = std::vector<std::string>;

SymbolFinder plain(std::set<std::string> universe = {}) {
    FinderSettings s;
    s.exchanges = {"NASDAQ", "NYSE", "TSX"};
    s.universe = std::move(universe);
    return SymbolFinder(s);
}

SymbolFinder with_sample() {
    FinderSettings s;
    s.exchanges = {"NASDAQ", "NYSE"};
    s.aliases = load_aliases(std::string(NEWS_MAPPER_DATA_DIR) + "/aliases_sample.tsv");
    return SymbolFinder(s);
}

std::string write_temp(const std::string& name, const std::string& content) {
    const std::string path = ::testing::TempDir() + name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
}

}  // namespace

TEST(SymbolFinder, Cashtags) {
    EXPECT_EQ(plain().find("$AAPL $MSFT both higher premarket"), (V{"AAPL", "MSFT"}));
    EXPECT_EQ(plain().find("Chip stocks sink; $nvda -5% after curbs"), (V{"NVDA"}));
    EXPECT_EQ(plain().find("$BRK.B and $BF-B rose; $AAPL's run"), (V{"BRK.B", "BF.B", "AAPL"}));
    // Dollar amounts, words glued to the $, and over-long runs are not cashtags.
    EXPECT_TRUE(plain().find("a $500 million buyback, US$5bn, x$AAPL, $ABCDEFG").empty());
}

TEST(SymbolFinder, ExchangePrefixedTickers) {
    EXPECT_EQ(plain().find("Company X (NYSE: XYZ) announces a buyback"), (V{"XYZ"}));
    EXPECT_EQ(plain().find("NASDAQ:AAPL and Nasdaq: MSFT and TSX:SHOP.U"), (V{"AAPL", "MSFT", "SHOP.U"}));
    EXPECT_TRUE(plain().find("LSE:VOD is not configured; NYSE: lowercase no; XNYSE:ABC").empty());
}

TEST(SymbolFinder, UniverseFilters) {
    EXPECT_EQ(plain({"AAPL"}).find("$AAPL and $CEO and NYSE: XYZ"), (V{"AAPL"}));
}

TEST(SymbolFinder, AliasesAndAmbiguousNamesNeedContext) {
    const SymbolFinder f = with_sample();
    EXPECT_EQ(f.find("Apple shares fall after iPhone report"), (V{"AAPL"}));
    EXPECT_TRUE(f.find("Apple harvest is late this year in Washington state").empty());
    EXPECT_EQ(f.find("Apple Inc names a new CFO"), (V{"AAPL"}));  // the unambiguous alias
    EXPECT_EQ(f.find("Microsoft and Tesla lead gains; NASDAQ:NVDA flat"), (V{"MSFT", "TSLA", "NVDA"}));
    EXPECT_TRUE(f.find("Teslaville is a town; Microsofty is not a word").empty());  // word boundaries
    EXPECT_EQ(f.find("The Amazon rainforest is shrinking").size(), 0u);
    EXPECT_EQ(f.find("Amazon faces FTC lawsuit"), (V{"AMZN"}));
    EXPECT_EQ(f.find("Boeing and $BA: one symbol once"), (V{"BA"}));
}

TEST(AliasDictionary, BadLinesNameFileLineAndColumn) {
    const std::string p = write_temp("aliases_bad.tsv", "# ok\nAAPL\tApple\naapl\tApple\n");
    try {
        load_aliases(p);
        FAIL();
    } catch (const tradehost::ConfigError& e) {
        EXPECT_EQ(std::string(e.what()), p + ":3:1: 'aapl' is not a symbol (A-Z, 0-9, '.', '-', ':', '/')");
    }
    const std::string q = write_temp("aliases_ctx.tsv", "MSFT\tMicrosoft\tcloud,,azure\n");
    try {
        load_aliases(q);
        FAIL();
    } catch (const tradehost::ConfigError& e) {
        EXPECT_EQ(std::string(e.what()), q + ":1:16: empty context word");
    }
    EXPECT_THROW(load_aliases(::testing::TempDir() + "missing.tsv"), tradehost::ConfigError);
}
