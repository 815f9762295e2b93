// A scripted season against a table computed by hand (below), to the cent, run straight
// through and again with the ledger closed and reopened in the middle.
//
//  #  event                                   NAV        units      NAV/unit   HWM/unit
//  1  Ann (manager) contributes 10,000.00     10,000.00  10,000     1.000000   1.00
//  2  Ben contributes 5,000.00                15,000.00  15,000     1.000000
//  3  betting win +1,500.00                   16,500.00  15,000     1.100000
//  4  Cat joins with 2,200.00 at 1.10         18,700.00  17,000     1.100000    (2,000 units)
//  5  fantasy loss -850.00                    17,850.00  17,000     1.050000
//  6  management fee 2%/yr x 73 days          17,778.60  17,000     1.045800    (17,850 x .02 x 73/365 = 71.40)
//  7  performance fee 20% over 1.00           17,622.88  17,000     1.036640   1.036640
//     (gain 17,778.60 - 17,000.00 = 778.60; fee 155.72)
//     -- restart --
//  8  Ann withdraws 2,073.28 at 1.03664       15,549.60  15,000     1.036640    (2,000 units)
//  9  trading win +3,000.00                   18,549.60  15,000     1.236640
// 10  performance fee 20%                     17,949.60  15,000     1.196640   1.196640
//     (mark 1.03664 x 15,000 = 15,549.60; gain 3,000.00; fee 600.00)
// 11  betting loss -1,794.60                  16,155.00  15,000     1.077000
// 12  performance fee 20%: below the mark      16,155.00  (no fee)
//
//  member  units   value      contributed  withdrawn  P&L
//  Ann     8,000   8,616.00   10,000.00    2,073.28   689.28
//  Ben     5,000   5,385.00    5,000.00        0.00   385.00
//  Cat     2,000   2,154.00    2,200.00        0.00   -46.00
//  fees 71.40 + 155.72 + 600.00 = 827.12; 17,200.00 - 2,073.28 + 1,855.40 - 827.12 = 16,155.00
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>

#include "statement.hpp"

using namespace syndicate;
namespace fs = std::filesystem;

namespace {

std::string fresh_db(const std::string& name) {
    const fs::path p = fs::temp_directory_path() / ("syndicate_" + std::to_string(::getpid()) + "_" + name + ".db");
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(p.string() + suffix);
    return p.string();
}

void first_half(Ledger& l) {
    l.add_member("Ann", "manager", 0, "2026-09-01");
    l.add_member("Ben", "member", 0, "2026-09-01");
    l.add_member("Cat", "member", 300000, "2026-09-01");
    EXPECT_EQ(l.contribute("Ann", 1000000, "2026-09-01"), 10000 * kUnit);
    EXPECT_EQ(l.contribute("Ben", 500000, "2026-09-01"), 5000 * kUnit);
    EXPECT_TRUE(l.record_pnl(150000, "betting", "bet-1", "2026-09-08"));
    EXPECT_EQ(unit_price(l.pool().nav, l.pool().units), "1.100000");
    EXPECT_EQ(l.contribute("Cat", 220000, "2026-09-09"), 2000 * kUnit);
    EXPECT_TRUE(l.record_pnl(-85000, "fantasy", "contest-7", "2026-09-15"));
    EXPECT_EQ(l.charge_management_fee(200, 73, "2026-11-13"), 7140);
    EXPECT_EQ(unit_price(l.pool().nav, l.pool().units), "1.045800");
    EXPECT_EQ(l.charge_performance_fee(2000, "2026-11-13"), 15572);
    EXPECT_EQ(l.pool().nav, 1762288);
    EXPECT_EQ(unit_price(l.pool().nav, l.pool().units), "1.036640");
}

void second_half(Ledger& l) {
    EXPECT_EQ(l.withdraw("Ann", 207328, "2026-11-20"), 2000 * kUnit);
    EXPECT_EQ(l.pool().nav, 1554960);
    EXPECT_TRUE(l.record_pnl(300000, "trading", "fill-991", "2026-12-01"));
    EXPECT_EQ(unit_price(l.pool().nav, l.pool().units), "1.236640");
    EXPECT_EQ(l.charge_performance_fee(2000, "2026-12-01"), 60000);
    EXPECT_EQ(unit_price(l.pool().nav, l.pool().units), "1.196640");
    EXPECT_TRUE(l.record_pnl(-179460, "betting", "bet-2", "2026-12-20"));
    EXPECT_EQ(unit_price(l.pool().nav, l.pool().units), "1.077000");
    EXPECT_EQ(l.charge_performance_fee(2000, "2026-12-31"), 0);
}

void expect_final_table(const Ledger& l) {
    const Statement st = make_statement(l);
    EXPECT_EQ(st.nav, 1615500);
    EXPECT_EQ(st.units, 15000 * kUnit);
    EXPECT_EQ(st.fees, 82712);
    EXPECT_EQ(st.rounding, 0);
    ASSERT_EQ(st.members.size(), 3u);
    struct Want {
        const char* name;
        MicroUnits units;
        Cents value, contributed, withdrawn, pnl;
    };
    const Want want[] = {{"Ann", 8000 * kUnit, 861600, 1000000, 207328, 68928},
                         {"Ben", 5000 * kUnit, 538500, 500000, 0, 38500},
                         {"Cat", 2000 * kUnit, 215400, 220000, 0, -4600}};
    for (size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(st.members[i].name, want[i].name);
        EXPECT_EQ(st.members[i].units, want[i].units) << want[i].name;
        EXPECT_EQ(st.members[i].value, want[i].value) << want[i].name;
        EXPECT_EQ(st.members[i].contributed, want[i].contributed) << want[i].name;
        EXPECT_EQ(st.members[i].withdrawn, want[i].withdrawn) << want[i].name;
        EXPECT_EQ(st.members[i].pnl, want[i].pnl) << want[i].name;
    }
}

}  // namespace

TEST(SyndicateSeason, MatchesTheHandComputedTable) {
    Ledger l(fresh_db("straight"));
    first_half(l);
    second_half(l);
    expect_final_table(l);
    EXPECT_EQ(l.entries().size(), 11u);
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
    EXPECT_EQ(again.pool().hwm_nav, 1762288);
    EXPECT_EQ(again.pool().hwm_units, 17000 * kUnit);
    // a settlement delivered again after the restart is not booked twice
    EXPECT_FALSE(again.record_pnl(-85000, "fantasy", "contest-7", "2026-11-14"));
    second_half(again);
    expect_final_table(again);

    Ledger straight(fresh_db("straight2"));
    first_half(straight);
    second_half(straight);
    EXPECT_EQ(format_statement(make_statement(again)), format_statement(make_statement(straight)));
}
