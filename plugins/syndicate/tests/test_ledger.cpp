// Ledger rules: the append-only audit trail, limits, refused operations, rounding, and the
// tool through `tradehost syndicate`.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "temp_files.hpp"
#include "statement.hpp"

using namespace syndicate;
namespace fs = std::filesystem;

namespace {

using syndicate::test::fresh_db;

std::string error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const LedgerError& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST(SyndicateMoney, ParsesAndFormatsExactly) {
    EXPECT_EQ(parse_cents("2073.28"), 207328);
    EXPECT_EQ(parse_cents("-850"), -85000);
    EXPECT_EQ(parse_cents("0.5"), 50);
    EXPECT_FALSE(parse_cents("1.234"));
    EXPECT_FALSE(parse_cents("12."));
    EXPECT_FALSE(parse_cents("1e3"));
    EXPECT_FALSE(parse_cents(""));
    EXPECT_EQ(format_cents(-123456789), "-1,234,567.89");
    EXPECT_EQ(format_cents(5), "0.05");
    EXPECT_EQ(format_units(2000 * kUnit + 1), "2,000.000001");
    EXPECT_EQ(mul_div_round(5, 1, 2), 3);
    EXPECT_EQ(mul_div_round(-5, 1, 2), -3);
    EXPECT_EQ(mul_div_floor(-5, 1, 2), -3);
    EXPECT_EQ(mul_div_ceil(5, 1, 2), 3);
}

TEST(SyndicateLedger, AuditTrailCannotBeRewritten) {
    const std::string db = fresh_db("audit");
    {
        Ledger l(db);
        l.add_member("Ann", "manager", 0, "2026-01-01");
        l.contribute("Ann", 100000, "2026-01-01");
    }
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(db.c_str(), &raw), SQLITE_OK);
    char* err = nullptr;
    EXPECT_NE(sqlite3_exec(raw, "UPDATE entries SET amount = 1", nullptr, nullptr, &err), SQLITE_OK);
    EXPECT_STREQ(err, "the syndicate audit trail is append-only");
    sqlite3_free(err);
    EXPECT_NE(sqlite3_exec(raw, "DELETE FROM entries", nullptr, nullptr, &err), SQLITE_OK);
    sqlite3_free(err);
    EXPECT_NE(sqlite3_exec(raw, "UPDATE members SET role = 'member'", nullptr, nullptr, &err), SQLITE_OK);
    sqlite3_free(err);
    sqlite3_close(raw);
    Ledger l(db);
    EXPECT_EQ(l.pool().nav, 100000);
}

TEST(SyndicateLedger, RefusesWhatTheRulesForbid) {
    Ledger l(fresh_db("refuse"));
    l.add_member("Ann", "manager", 0, "d");
    l.add_member("Cat", "member", 100000, "d");
    EXPECT_EQ(error_of([&] { l.add_member("Ann", "member", 0, "d"); }), "member \"Ann\" already exists");
    EXPECT_EQ(error_of([&] { l.add_member("Dan", "owner", 0, "d"); }), "role must be manager or member, not \"owner\"");
    EXPECT_EQ(error_of([&] { l.contribute("Zed", 100, "d"); }), "no member named \"Zed\"");
    EXPECT_EQ(error_of([&] { l.record_pnl(100, "betting", "", "d"); }),
              "profit or loss with no units in the pool has no one to belong to");
    l.contribute("Cat", 60000, "d");
    EXPECT_EQ(error_of([&] { l.contribute("Cat", 50000, "d"); }),
              "contribution of 500.00 takes Cat over the limit of 1,000.00 (net contributed so far 600.00)");
    EXPECT_EQ(error_of([&] { l.withdraw("Cat", 60001, "d"); }),
              "withdrawal of 600.01 needs 600.010000 units; Cat holds 600.000000");
    EXPECT_EQ(error_of([&] { l.contribute("Ann", 0, "d"); }), "a contribution must be positive");
    // refused operations leave no trace
    EXPECT_EQ(l.entries().size(), 1u);
    EXPECT_EQ(l.pool().nav, 60000);
}

TEST(SyndicateLedger, RoundingFavoursThePool) {
    Ledger l(fresh_db("rounding"));
    l.add_member("Ann", "manager", 0, "d");
    l.add_member("Ben", "member", 0, "d");
    l.contribute("Ann", 30000, "d");    // 300 units at 1.00
    l.record_pnl(40000, "x", "", "d");  // NAV 700.00: 2.333333... a unit
    // 1.00 buys 100 x 300 / 70000 units = 0.428571428...: rounded down
    EXPECT_EQ(l.contribute("Ben", 100, "d"), 428571);
    // 0.50 needs 50 x 300.428571 / 701.00 = 0.2142857... units: rounded up
    EXPECT_EQ(l.withdraw("Ben", 50, "d"), 214286);
    const Statement st = make_statement(l);
    Cents sum = 0;
    for (const auto& m : st.members) sum += m.value;
    EXPECT_EQ(sum + st.rounding, st.nav);
    EXPECT_LE(std::llabs(st.rounding), 1);
}

TEST(SyndicateTool, TheHostRunsTheStatement) {
    const std::string db = fresh_db("tool");
    const std::string out = syndicate::test::temp_path("tool.txt");
    auto run = [&](const std::string& args) {
        const int rc = std::system((std::string(TRADEHOST_PATH) + " syndicate --db " + db + " " + args + " >" + out + " 2>&1").c_str());
        std::ifstream f(out);
        std::stringstream ss;
        ss << f.rdbuf();
        return std::make_pair(WIFEXITED(rc) ? WEXITSTATUS(rc) : -1, ss.str());
    };
    EXPECT_EQ(run("member add Ann --role manager --date 2026-09-01").first, 0);
    EXPECT_EQ(run("member add Ben --date 2026-09-01").first, 0);
    auto r = run("contribute Ann 10000 --date 2026-09-01");
    EXPECT_EQ(r.first, 0);
    EXPECT_EQ(r.second, "Ann bought 10,000.000000 units\n");
    EXPECT_EQ(run("contribute Ben 5000").first, 0);
    EXPECT_EQ(run("pnl 1500 --source betting --ref bet-1").first, 0);
    r = run("pnl 1500 --source betting --ref bet-1");
    EXPECT_EQ(r.second, "ref bet-1 is already booked; nothing changed\n");
    // at 1.10: Ann's 11,000.00 over her 10,000.00 and Ben's 5,500.00 over his 5,000.00, 20% each,
    // paid with 181.818182 and 90.909091 units (rounded up: the pool keeps the fraction)
    r = run("fee performance 2000");
    EXPECT_EQ(r.second, "fee 300.00\n");
    r = run("report --entries");
    EXPECT_EQ(r.first, 0);
    EXPECT_NE(r.second.find("pool: NAV 16,200.00, units 14,727.272727, NAV per unit 1.100000, fees paid 300.00"), std::string::npos)
        << r.second;
    EXPECT_NE(r.second.find("Ann"), std::string::npos);
    EXPECT_NE(r.second.find("performance_fee"), std::string::npos);
    r = run("withdraw Ben 99999");
    EXPECT_EQ(r.first, 2);
    EXPECT_NE(r.second.find("Ben holds 4,909.090909"), std::string::npos) << r.second;  // 5,000 less his fee's units
    r = run("contribute Ben 1.234");
    EXPECT_EQ(r.first, 64);
    EXPECT_NE(r.second.find("\"1.234\" is not an amount"), std::string::npos) << r.second;
}
