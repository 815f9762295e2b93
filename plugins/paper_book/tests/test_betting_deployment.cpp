// config/betting.yaml end to end: the host replays the recorded Odds API responses and the
// exchange's recorded ladders through value_bets, surebet, kelly_sizer and paper_book, twice
// on fresh journals, and both runs place the same bets and book the same results (a value bet
// on each side, a back/lay surebet whose lay matches the exchange's price, both legs of the
// bookmakers' surebet, every bet settled from the recorded final score); a third run on the first run's
// journal bets nothing again and pays nothing twice.
#include "double/deployment_copy.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace {

using tradehost::doubles::journal_rows;

// One folder for the process (the restart run reuses a first run's journal), removed at exit.
const std::string& scratch() {
    static const tradehost::doubles::ScratchDir dir("th_betting_deployment");
    return dir.path();
}

const char* kOrders =
    "select client_order_id, instrument, side, order_type, qty_raw, status, avg_px, ts from orders order by ts, client_order_id";

struct RunResult {
    std::vector<std::string> orders;
    std::string log;
};

RunResult run_once(const std::string& name, bool fresh = true) {
    const std::string dir = scratch() + "/" + name;
    if (fresh) std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const std::string cfg = tradehost::doubles::copy_deployment(SOURCE_DIR, "betting", dir);
    std::string out;
    EXPECT_EQ(tradehost::doubles::run_host(TRADEHOST_EXE, {"run", cfg}, dir + "/console.log", out), 0) << out;
    return RunResult{journal_rows(dir + "/journal.db", kOrders), tradehost::doubles::slurp(dir + "/betting.log")};
}

size_t count(const std::string& text, const std::string& what) {
    size_t n = 0;
    for (size_t i = 0; (i = text.find(what, i)) != std::string::npos; i += what.size()) ++n;
    return n;
}

}  // namespace

// `tradehost validate` creates every instance without a journal or the API key.
TEST(BettingDeployment, Validates) {
    const std::string dir = scratch() + "/validate";
    std::filesystem::create_directories(dir);
    std::string out;
    EXPECT_EQ(tradehost::doubles::run_host(TRADEHOST_EXE, {"validate", tradehost::doubles::copy_deployment(SOURCE_DIR, "betting", dir)},
                                           dir + "/console.log", out),
              0)
        << out;
}

TEST(BettingDeployment, TheRecordedEveningGivesTheSameBetsAndResultsEveryRun) {
    const RunResult first = run_once("a");
    const RunResult second = run_once("b");
    ASSERT_EQ(first.orders.size(), 6u) << first.log;
    EXPECT_EQ(first.orders, second.orders);
    size_t lays = 0;
    for (const auto& row : first.orders) {
        std::printf("bet %s\n", row.c_str());
        lays += row.find("|sell|limit|") != std::string::npos;
        EXPECT_TRUE(row.find("|buy|limit|") != std::string::npos || row.find("|sell|limit|") != std::string::npos) << row;
        EXPECT_NE(row.find("|filled|"), std::string::npos) << row;
    }
    std::fflush(stdout);  // before the next fork, or the child prints these lines again
    EXPECT_EQ(lays, 1u);
    // Value on each side (William Hill's Thunder 2.75, Unibet's Kings 1.66); then the back/lay
    // surebet: Unibet's Kings 1.66 against the exchange's recorded ladder, whose best lay is
    // 1.58 after its 02:03 update (the feed's own betfair_ex_uk lay is 1.60), its legs in the
    // surebet's 100 : 108.50 proportion, cut to what the per-event cap leaves; then both legs
    // of the bookmakers' surebet. The Kings won 113-103: the lay, matched against the
    // exchange's price, loses its liability 48.62 x 0.58.
    EXPECT_EQ(first.orders[0].rfind("sizer-1|572d984e132eddaac3da93e5db332e7e/h2h/Oklahoma City Thunder|buy|", 0), 0u);
    EXPECT_EQ(first.orders[3].rfind("sizer-4|572d984e132eddaac3da93e5db332e7e/h2h/Sacramento Kings|sell|limit|", 0), 0u)
        << first.orders[3];
    EXPECT_NE(first.log.find("back/lay surebet on 572d984e132eddaac3da93e5db332e7e/h2h Sacramento Kings: back 100.00 at 1.66 "
                             "(unibet_eu), lay 108.50 at 1.58 (betfair_exchange"),
              std::string::npos)
        << first.log;
    EXPECT_EQ(count(first.log, "[book] sizer-"), 6u) << first.log;
    EXPECT_EQ(count(first.log, " won "), 3u) << first.log;
    EXPECT_EQ(count(first.log, " lost "), 3u) << first.log;
    EXPECT_NE(first.log.find("[book] sizer-2 won 66 (back 100 at 1.66)"), std::string::npos) << first.log;
    EXPECT_NE(first.log.find("[book] sizer-4 lost -28.1996 (lay 48.62 at 1.58)"), std::string::npos) << first.log;
    // A restart on the same journal: the feed knows the event is settled, the sizer what it
    // staked, the book its bets: no bet again, no result paid twice.
    const RunResult again = run_once("a", /*fresh=*/false);
    EXPECT_EQ(again.orders, first.orders);
    EXPECT_EQ(count(again.log, "[book] sizer-"), 6u);  // the first run's lines only: the log is appended
}
