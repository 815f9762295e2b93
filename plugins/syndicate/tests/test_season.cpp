// A scripted season against a table computed by hand (below), to the cent, run straight
// through and again with the ledger closed and reopened in the middle. Performance fees are
// per member, over each member's own high-water mark (HWM), paid by cancelling his units at
// the NAV per unit.
//
//  #  event                                  NAV        units        NAV/unit  HWM Ann / Ben / Cat
//  1  Ann (manager) contributes 10,000.00    10,000.00  10,000       1.00      10,000.00
//  2  Ben contributes 5,000.00               15,000.00  15,000       1.00                 5,000.00
//  3  betting win +3,750.00                  18,750.00  15,000       1.25
//  4  Cat joins with 2,500.00 at 1.25        21,250.00  17,000       1.25      (2,000 units)    2,500.00
//  5  fantasy loss -850.00                   20,400.00  17,000       1.20
//  6  performance fee 24%, at 1.20:
//     Ann: value 12,000.00 over 10,000.00: fee 480.00 = 400 units; HWM 11,520.00
//     Ben: value  6,000.00 over  5,000.00: fee 240.00 = 200 units; HWM  5,760.00
//     Cat: value  2,400.00 below 2,500.00: no fee (a pool-wide mark would have charged him)
//                                            19,680.00  16,400       1.20
//     -- restart --
//  7  Ann withdraws 1,200.00 at 1.20 (1,000 units; keeps 8,600 of 9,600:
//     HWM 11,520.00 x 8,600 / 9,600 = 10,320.00)
//                                            18,480.00  15,400       1.20
//  8  trading win +4,620.00                  23,100.00  15,400       1.50
//  9  performance fee 24%, at 1.50:
//     Ann: 8,600 x 1.5 = 12,900.00 - 10,320.00 = 2,580.00 x 24% = 619.20 = 412.8 units; HWM 12,280.80
//     Ben: 4,800 x 1.5 =  7,200.00 -  5,760.00 = 1,440.00 x 24% = 345.60 = 230.4 units; HWM  6,854.40
//     Cat: 2,000 x 1.5 =  3,000.00 -  2,500.00 =   500.00 x 24% = 120.00 =  80.0 units; HWM  2,880.00
//                                            22,015.20  14,676.8     1.50
// 10  betting loss -3,669.20                 18,346.00  14,676.8     1.25
// 11  performance fee 24%: everyone below his mark: none
// 12  management fee 2%/yr x 73 days: 18,346.00 x 0.004 = 73.384 -> 73.38
//                                            18,272.62  14,676.8
//
//  member  units     value (units x 18,272.62 / 14,676.8)  contributed  withdrawn  P&L
//  Ann     8,187.2   10,193.07                             10,000.00    1,200.00   1,393.07
//  Ben     4,569.6    5,689.15                              5,000.00        0.00     689.15
//  Cat     1,920.0    2,390.40                              2,500.00        0.00    -109.60
//  (sum 18,272.62: no cent left over)
//  fees 720.00 + 1,084.80 + 73.38 = 1,878.18
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>

#include "temp_files.hpp"
#include "statement.hpp"

using namespace syndicate;
namespace fs = std::filesystem;

namespace {

using syndicate::test::fresh_db;

Cents hwm(const Ledger& l, const char* name) { return l.members().at(name).hwm; }

void first_half(Ledger& l) {
    l.add_member("Ann", "manager", 0, "2026-09-01");
    l.add_member("Ben", "member", 0, "2026-09-01");
    l.add_member("Cat", "member", 300000, "2026-09-01");
    EXPECT_EQ(l.contribute("Ann", 1000000, "2026-09-01"), 10000 * kUnit);
    EXPECT_EQ(l.contribute("Ben", 500000, "2026-09-01"), 5000 * kUnit);
    EXPECT_TRUE(l.record_pnl(375000, "betting", "bet-1", "2026-09-08"));
    EXPECT_EQ(unit_price(l.pool().nav, l.pool().units), "1.250000");
    EXPECT_EQ(l.contribute("Cat", 250000, "2026-09-09"), 2000 * kUnit);
    EXPECT_TRUE(l.record_pnl(-85000, "fantasy", "contest-7", "2026-09-15"));
    EXPECT_EQ(unit_price(l.pool().nav, l.pool().units), "1.200000");
    EXPECT_EQ(l.charge_performance_fee(2400, "2026-09-30"), 72000);
    EXPECT_EQ(l.members().at("Ann").units, 9600 * kUnit);
    EXPECT_EQ(l.members().at("Ben").units, 4800 * kUnit);
    EXPECT_EQ(l.members().at("Cat").units, 2000 * kUnit);
    EXPECT_EQ(hwm(l, "Ann"), 1152000);
    EXPECT_EQ(hwm(l, "Ben"), 576000);
    EXPECT_EQ(hwm(l, "Cat"), 250000);
    EXPECT_EQ(l.pool().nav, 1968000);
    EXPECT_EQ(unit_price(l.pool().nav, l.pool().units), "1.200000");
}

void second_half(Ledger& l) {
    EXPECT_EQ(l.withdraw("Ann", 120000, "2026-10-01"), 1000 * kUnit);
    EXPECT_EQ(hwm(l, "Ann"), 1032000);
    EXPECT_EQ(l.pool().nav, 1848000);
    EXPECT_TRUE(l.record_pnl(462000, "trading", "fill-991", "2026-11-01"));
    EXPECT_EQ(unit_price(l.pool().nav, l.pool().units), "1.500000");
    EXPECT_EQ(l.charge_performance_fee(2400, "2026-11-01"), 108480);
    EXPECT_EQ(l.members().at("Ann").units, 8187200000);
    EXPECT_EQ(l.members().at("Ben").units, 4569600000);
    EXPECT_EQ(l.members().at("Cat").units, 1920 * kUnit);
    EXPECT_EQ(hwm(l, "Ann"), 1228080);
    EXPECT_EQ(hwm(l, "Ben"), 685440);
    EXPECT_EQ(hwm(l, "Cat"), 288000);
    EXPECT_EQ(unit_price(l.pool().nav, l.pool().units), "1.500000");
    EXPECT_TRUE(l.record_pnl(-366920, "betting", "bet-2", "2026-12-20"));
    EXPECT_EQ(unit_price(l.pool().nav, l.pool().units), "1.250000");
    EXPECT_EQ(l.charge_performance_fee(2400, "2026-12-31"), 0);
    EXPECT_EQ(l.charge_management_fee(200, 73, "2026-12-31"), 7338);
}

void expect_final_table(const Ledger& l) {
    const Statement st = make_statement(l);
    EXPECT_EQ(st.nav, 1827262);
    EXPECT_EQ(st.units, 14676800000);
    EXPECT_EQ(st.fees, 187818);
    EXPECT_EQ(st.rounding, 0);
    ASSERT_EQ(st.members.size(), 3u);
    struct Want {
        const char* name;
        MicroUnits units;
        Cents value, contributed, withdrawn, pnl, hwm;
    };
    const Want want[] = {{"Ann", 8187200000, 1019307, 1000000, 120000, 139307, 1228080},
                         {"Ben", 4569600000, 568915, 500000, 0, 68915, 685440},
                         {"Cat", 1920000000, 239040, 250000, 0, -10960, 288000}};
    for (size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(st.members[i].name, want[i].name);
        EXPECT_EQ(st.members[i].units, want[i].units) << want[i].name;
        EXPECT_EQ(st.members[i].value, want[i].value) << want[i].name;
        EXPECT_EQ(st.members[i].contributed, want[i].contributed) << want[i].name;
        EXPECT_EQ(st.members[i].withdrawn, want[i].withdrawn) << want[i].name;
        EXPECT_EQ(st.members[i].pnl, want[i].pnl) << want[i].name;
        EXPECT_EQ(st.members[i].hwm, want[i].hwm) << want[i].name;
    }
}

}  // namespace

TEST(SyndicateSeason, MatchesTheHandComputedTable) {
    Ledger l(fresh_db("straight"));
    first_half(l);
    second_half(l);
    expect_final_table(l);
    // 3 contributions, 2 P&L, 2 fee rows; 1 withdrawal, 1 win, 3 fee rows, 1 loss, 1 management fee
    EXPECT_EQ(l.entries().size(), 14u);
}

TEST(SyndicateSeason, RestartInTheMiddleChangesNothing) {
    const std::string db = fresh_db("restart");
    std::string statement_before;
    {
        Ledger l(db);
        first_half(l);
        statement_before = format_statement(make_statement(l));
    }
    Ledger again(db);  // a new process would see exactly this
    EXPECT_EQ(format_statement(make_statement(again)), statement_before);
    EXPECT_EQ(hwm(again, "Ann"), 1152000);
    EXPECT_EQ(hwm(again, "Ben"), 576000);
    EXPECT_EQ(hwm(again, "Cat"), 250000);
    // a settlement delivered again after the restart is not booked twice
    EXPECT_FALSE(again.record_pnl(-85000, "fantasy", "contest-7", "2026-11-14"));
    second_half(again);
    expect_final_table(again);

    Ledger straight(fresh_db("straight2"));
    first_half(straight);
    second_half(straight);
    EXPECT_EQ(format_statement(make_statement(again)), format_statement(make_statement(straight)));
    // and a third process opening the finished ledger replays every member's mark the same way
    Ledger reread(db);
    expect_final_table(reread);
}

TEST(SyndicateSeason, TwoProcessesOnOneLedgerSeeEachOthersEntries) {
    // the tool and the pipeline plugin write the same file: each change is priced on the
    // ledger as it is, not on what the writer last read
    const std::string db = fresh_db("two");
    Ledger plugin(db), tool(db);
    tool.add_member("Ann", "manager", 0, "2026-09-01");
    tool.contribute("Ann", 1000000, "2026-09-01");
    EXPECT_TRUE(plugin.record_pnl(250000, "betting", "bet-1", "2026-09-02"));  // sees Ann's units first
    EXPECT_EQ(plugin.pool().nav, 1250000);
    tool.add_member("Ben", "member", 0, "2026-09-03");
    EXPECT_EQ(tool.contribute("Ben", 125000, "2026-09-03"), 1000 * kUnit);  // at 1.25: the plugin's win counted
    EXPECT_TRUE(plugin.refresh());
    EXPECT_EQ(plugin.pool().nav, 1375000);
    EXPECT_FALSE(plugin.refresh());
    EXPECT_EQ(Ledger(db).pool().units, 11000 * kUnit);
}
