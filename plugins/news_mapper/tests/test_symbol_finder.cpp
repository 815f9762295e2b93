// Finding symbols in story text.
#include "symbol_finder.hpp"

#include <tradehost/plugin.hpp>

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <unistd.h>

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

// A file of this process's own in the temporary folder (two suites running at once must not
// share one), removed when the test is done with it.
struct TempFile {
    std::string path;
    TempFile(const std::string& name, const std::string& content)
        : path(::testing::TempDir() + name + "." + std::to_string(::getpid())) {
        std::ofstream(path, std::ios::binary) << content;
    }
    ~TempFile() { std::remove(path.c_str()); }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
};

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
    const TempFile bad("aliases_bad.tsv", "# ok\nAAPL\tApple\naapl\tApple\n");
    const std::string& p = bad.path;
    try {
        load_aliases(p);
        FAIL();
    } catch (const tradehost::ConfigError& e) {
        EXPECT_EQ(std::string(e.what()), p + ":3:1: 'aapl' is not a symbol (A-Z, 0-9, '.', '-', ':', '/')");
    }
    const TempFile ctx("aliases_ctx.tsv", "MSFT\tMicrosoft\tcloud,,azure\n");
    const std::string& q = ctx.path;
    try {
        load_aliases(q);
        FAIL();
    } catch (const tradehost::ConfigError& e) {
        EXPECT_EQ(std::string(e.what()), q + ":1:16: empty context word");
    }
    EXPECT_THROW(load_aliases(::testing::TempDir() + "missing.tsv"), tradehost::ConfigError);
}
