// The default paper deployment end to end: deterministic fills for a fixed seed, and a
// journal an operator can query.
#include "pipeline/runtime.hpp"
#include "test_util.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>
#include <set>

using namespace tradehost;
using test::query;

namespace {


// Runs config/paper.yaml with a test overlay writing to `journal`.
RunResult run_paper(const test::TempDir& t, const std::string& name, const std::string& journal) {
    std::string p = t.write(name, "extends: " + std::string(SOURCE_DIR) + "/config/paper.yaml\nhost:\n  journal: " + journal +
                                      "\n  api:\n    enabled: false\n  log:\n    level: warn\n");
    auto c = test::check_config(p);
    EXPECT_TRUE(c.diags.ok()) << c.diags.str();
    if (!c.diags.ok()) return {};
    Runtime rt(c.dep, std::move(c.plan));
    return rt.run();
}

}  // namespace

TEST(PaperPipeline, DefaultDeploymentValidates) {
    REQUIRE_PLUGINS("synthetic", "sma_cross", "risk_gate", "paper");
    auto c = test::check_config(std::string(SOURCE_DIR) + "/config/paper.yaml");
    EXPECT_TRUE(c.diags.ok()) << c.diags.str();
}

TEST(PaperPipeline, FixedSeedGivesTheSameFillsEveryRunAndAQueryableJournal) {
    REQUIRE_PLUGINS("synthetic", "sma_cross", "risk_gate", "paper");
    test::TempDir t;
    std::string j1 = t.path() + "/one.db", j2 = t.path() + "/two.db";
    RunResult a = run_paper(t, "one.yaml", j1);
    ASSERT_EQ(a.exit_code, 0) << a.error;
    RunResult b = run_paper(t, "two.yaml", j2);
    ASSERT_EQ(b.exit_code, 0) << b.error;

    const std::string fills_sql =
        "SELECT instrument, side, px_raw, qty_raw, fee_raw, liquidity, ts, client_order_id FROM fills ORDER BY ts, fill_id";
    auto f1 = query(j1, fills_sql), f2 = query(j2, fills_sql);
    ASSERT_GT(f1.size(), 0u) << "the default deployment produced no fills";
    EXPECT_EQ(f1, f2);

    // Every table an operator reads has rows, and ids are unique.
    EXPECT_GT(std::stoll(query(j1, "SELECT COUNT(*) FROM orders")[0][0]), 0);
    EXPECT_GT(std::stoll(query(j1, "SELECT COUNT(*) FROM executions")[0][0]), 0);
    EXPECT_GT(std::stoll(query(j1, "SELECT COUNT(*) FROM positions")[0][0]), 0);
    EXPECT_EQ(query(j1, "SELECT COUNT(*) FROM sessions WHERE ended_at IS NOT NULL")[0][0], "1");
    EXPECT_EQ(query(j1, "PRAGMA journal_mode")[0][0], "wal");
    auto ids = query(j1, "SELECT client_order_id FROM orders");
    std::set<std::string> unique;
    for (auto& r : ids) unique.insert(r[0]);
    EXPECT_EQ(unique.size(), ids.size());
    // Every fill belongs to a journaled order, whose status moved past pending.
    EXPECT_EQ(query(j1, "SELECT COUNT(*) FROM fills WHERE client_order_id NOT IN (SELECT client_order_id FROM orders)")[0][0], "0");
    EXPECT_EQ(query(j1, "SELECT COUNT(*) FROM orders o WHERE status='pending_new' AND EXISTS "
                        "(SELECT 1 FROM fills f WHERE f.client_order_id=o.client_order_id)")[0][0],
              "0");
    // The summary agrees with the journal.
    EXPECT_EQ(a.journal.fills, static_cast<int64_t>(f1.size()));
    EXPECT_EQ(a.journal.fills, b.journal.fills);
    EXPECT_FALSE(a.journal.instruments.empty());
}

TEST(PaperPipeline, ARestartContinuesTheSameJournalWithNewIds) {
    REQUIRE_PLUGINS("synthetic", "sma_cross", "risk_gate", "paper");
    test::TempDir t;
    std::string j = t.path() + "/same.db";
    ASSERT_EQ(run_paper(t, "a.yaml", j).exit_code, 0);
    auto before = std::stoll(query(j, "SELECT COUNT(*) FROM fills")[0][0]);
    RunResult second = run_paper(t, "b.yaml", j);
    ASSERT_EQ(second.exit_code, 0) << second.error;
    EXPECT_EQ(query(j, "SELECT COUNT(*) FROM sessions")[0][0], "2");
    // Nothing of the first session is lost, and the second adds its own orders and fills
    // under new client order ids (no primary-key clash).
    EXPECT_GT(std::stoll(query(j, "SELECT COUNT(*) FROM fills")[0][0]), before);
    EXPECT_EQ(query(j, "SELECT COUNT(*) FROM orders WHERE session=2")[0][0],
              std::to_string(second.journal.orders));
}

// config/examples/signals.yaml: the strategy's signals reach the journal's `signals` table
// and, through log_sink, a readable file, beside the fills.
TEST(PaperPipeline, SignalsExampleJournalsEverySignalAndTheSinkWritesThem) {
    REQUIRE_PLUGINS("synthetic", "sma_cross", "risk_gate", "paper", "log_sink");
    test::TempDir t;
    const std::string j = t.path() + "/signals.db", tape = t.path() + "/tape.log";
    std::string p = t.write("signals.yaml", "extends: " + std::string(SOURCE_DIR) + "/config/examples/signals.yaml\nhost:\n  journal: " +
                                                j + "\n  api:\n    enabled: false\n  log:\n    level: warn\n"
                                                "instances:\n  tape:\n    config:\n      file: " + tape + "\n");
    auto c = test::check_config(p);
    ASSERT_TRUE(c.diags.ok()) << c.diags.str();
    Runtime rt(c.dep, std::move(c.plan));
    RunResult r = rt.run();
    ASSERT_EQ(r.exit_code, 0) << r.error;

    // One row per crossing, each from the strategy, with the columns the operator guide lists.
    auto rows = query(j, "SELECT session, source, name, instrument, value, strength, ts, seq FROM signals ORDER BY seq");
    ASSERT_GT(rows.size(), 10u);
    EXPECT_EQ(r.journal.signals, static_cast<int64_t>(rows.size()));
    EXPECT_EQ(r.journal.signals_out_of_range, 0);
    for (size_t i = 0; i < rows.size(); ++i) {
        EXPECT_EQ(rows[i][1], "strategy");
        EXPECT_TRUE(rows[i][2] == "sma_golden_cross" || rows[i][2] == "sma_death_cross") << rows[i][2];
        EXPECT_EQ(std::stod(rows[i][4]), rows[i][2] == "sma_golden_cross" ? 1.0 : -1.0);
        EXPECT_EQ(rows[i][5], "1.0");
        EXPECT_EQ(rows[i][7], std::to_string(i + 1)) << "seq is the strategy's, per port, from 1";
    }
    EXPECT_EQ(query(j, "SELECT COUNT(DISTINCT instrument) FROM signals")[0][0], "3");

    // The sink wrote one line per signal and per fill, and nothing else.
    std::ifstream in(tape);
    size_t signal_lines = 0, fill_lines = 0, other = 0;
    for (std::string line; std::getline(in, line);) {
        if (line.find("Z signal ") != std::string::npos) ++signal_lines;
        else if (line.find("Z fill ") != std::string::npos) ++fill_lines;
        else ++other;
    }
    EXPECT_EQ(signal_lines, rows.size());
    EXPECT_EQ(static_cast<int64_t>(fill_lines), r.journal.fills);
    EXPECT_EQ(other, 0u);
}
