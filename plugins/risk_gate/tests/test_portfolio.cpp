// The rules that look at the whole book or at reference files: net exposure, sector exposure
// from the instrument -> sector map, and borrow availability for short sales.
#include "risk_fixture.hpp"

using namespace risk_test;

namespace {

const std::string kSectors = std::string(TEST_DATA_DIR) + "/sectors.csv";
const std::string kBorrow = std::string(TEST_DATA_DIR) + "/borrow.csv";

std::string config_error(const std::map<std::string, std::string>& cfg) {
    auto x = std::make_unique<Harness>(PLUGIN_PATH);
    for (const auto& kv : cfg) x->set(kv.first, kv.second);
    try {
        x->create();
    } catch (const std::exception& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_F(Risk, NetExposureNetsLongsAgainstShorts) {
    make({{"max_net_exposure", "1000"}});
    const th_instrument msft = h->intern("MSFT");
    quote(T0, fx(99), fx(101));
    quote(T0, fx(49), fx(51), msft);
    fill(T0 + kMs, "x1", TH_SIDE_BUY, fx(9), fx(100));         // long 900 at mid 100
    fill(T0 + kMs, "x2", TH_SIDE_SELL, fx(10), fx(50), 0, msft);  // short 500 at mid 50
    // Net 400: a buy of 6 * 100 makes 1000, still within; one more unit is not.
    EXPECT_FALSE(submit(T0 + 2 * kMs, "a", TH_SIDE_BUY, fx(7), fx(100)));
    EXPECT_EQ(last_reason, "max_net_exposure: net exposure 1100 > limit 1000");
    EXPECT_TRUE(submit(T0 + 3 * kMs, "b", TH_SIDE_BUY, fx(6), fx(100)));
    // Selling reduces net exposure, and any size of it passes up to -1000 net.
    EXPECT_TRUE(submit(T0 + 4 * kMs, "c", TH_SIDE_SELL, fx(20), fx(50), msft));
    // Open orders count at their worse side: 400 - 1000 of open sells - 9 * 50 more = -1050.
    EXPECT_FALSE(submit(T0 + 5 * kMs, "d", TH_SIDE_SELL, fx(9), fx(50), msft));
    EXPECT_EQ(last_reason, "max_net_exposure: net exposure 1050 > limit 1000");
}

TEST_F(Risk, SectorLimitSumsTheSectorsInstrumentsOnly) {
    make({{"max_sector_exposure", "1000"}, {"sector_map", kSectors}});
    const th_instrument msft = h->intern("MSFT"), xom = h->intern("XOM"), ibm = h->intern("IBM");
    quote(T0, fx(99), fx(101));
    fill(T0 + kMs, "x1", TH_SIDE_BUY, fx(6), fx(100));  // tech 600
    // MSFT is tech too: 600 + 5 * 100 = 1100.
    EXPECT_FALSE(submit(T0 + 2 * kMs, "a", TH_SIDE_BUY, fx(5), fx(100), msft));
    EXPECT_EQ(last_reason, "max_sector_exposure: sector tech exposure 1100 > limit 1000");
    EXPECT_EQ(last_reject.status, TH_STATUS_REJECTED);
    EXPECT_TRUE(submit(T0 + 3 * kMs, "b", TH_SIDE_BUY, fx(4), fx(100), msft));
    // Energy has its own room.
    EXPECT_TRUE(submit(T0 + 4 * kMs, "c", TH_SIDE_BUY, fx(10), fx(100), xom));
    // An instrument the map does not name is refused with the file's name, not let through.
    EXPECT_FALSE(submit(T0 + 5 * kMs, "d", TH_SIDE_BUY, fx(1), fx(100), ibm));
    EXPECT_EQ(last_reason, "max_sector_exposure: IBM has no sector in sectors.csv");
    // Reducing the sector always passes.
    EXPECT_TRUE(submit(T0 + 6 * kMs, "e", TH_SIDE_SELL, fx(6), fx(100)));
}

TEST_F(Risk, SectorMapErrorsNameTheFileAndLine) {
    const std::string bad = std::string(TEST_DATA_DIR) + "/sectors_bad.csv";
    EXPECT_NE(config_error({{"max_sector_exposure", "1"}, {"sector_map", bad}}).find(bad + ":3: expected 'SYMBOL,SECTOR'"),
              std::string::npos);
    EXPECT_NE(config_error({{"max_sector_exposure", "1"}}).find("max_sector_exposure: needs sector_map"),
              std::string::npos);
    EXPECT_NE(config_error({{"sector_map", "/nonexistent/sectors.csv"}}).find("sector_map: cannot open /nonexistent/sectors.csv"),
              std::string::npos);
}

TEST_F(Risk, ShortsNeedABorrowAndStayWithinIt) {
    make({{"borrow_list", kBorrow}});
    const th_instrument msft = h->intern("MSFT"), xom = h->intern("XOM");
    // XOM is not on the list: no short at all, with the reason an operator can act on.
    EXPECT_FALSE(submit(T0, "a", TH_SIDE_SELL, fx(1), fx(100), xom));
    EXPECT_EQ(last_reason, "borrow: XOM not in borrow_list borrow.csv; short refused");
    // Selling what is held needs no borrow.
    fill(T0 + kMs, "x1", TH_SIDE_BUY, fx(5), fx(100), 0, xom);
    EXPECT_TRUE(submit(T0 + 2 * kMs, "b", TH_SIDE_SELL, fx(5), fx(100), xom));
    // ... but the open sell already takes it to zero: one more unit is a short.
    EXPECT_FALSE(submit(T0 + 3 * kMs, "c", TH_SIDE_SELL, fx(1), fx(100), xom));
    // AAPL may be borrowed up to 50, counting open sells.
    EXPECT_TRUE(submit(T0 + 4 * kMs, "d", TH_SIDE_SELL, fx(30), fx(100)));
    EXPECT_FALSE(submit(T0 + 5 * kMs, "e", TH_SIDE_SELL, fx(21), fx(100)));
    EXPECT_EQ(last_reason, "borrow: projected short 51 > borrowable 50 of AAPL");
    EXPECT_TRUE(submit(T0 + 6 * kMs, "f", TH_SIDE_SELL, fx(20), fx(100)));
    // MSFT is easy to borrow (no quantity); buys are never checked.
    EXPECT_TRUE(submit(T0 + 7 * kMs, "g", TH_SIDE_SELL, fx(1000), fx(10), msft));
    EXPECT_TRUE(submit(T0 + 8 * kMs, "h", TH_SIDE_BUY, fx(1), fx(100), xom));
}

TEST_F(Risk, BorrowListErrorsNameTheFileAndLine) {
    const std::string bad = std::string(TEST_DATA_DIR) + "/borrow_bad.csv";
    const std::string err = config_error({{"borrow_list", bad}});
    EXPECT_NE(err.find(bad + ":2: borrowable quantity must be a decimal > 0, got '-5'"), std::string::npos) << err;
}
