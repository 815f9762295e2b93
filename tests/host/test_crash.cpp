// Crash consistency, tried as an operator would: a child `tradehost run` of the default
// paper deployment (persist: true) killed with SIGKILL at random moments, restarted on the
// same journal, and the journal's invariants checked after every kill.
#include "test_util.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <thread>

using namespace tradehost;

namespace {

struct Db {
    sqlite3* db = nullptr;
    explicit Db(const std::string& path) {
        if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
            sqlite3_close(db);  // a failed open still allocates a handle
            db = nullptr;
        }
    }
    ~Db() { sqlite3_close(db); }
    int64_t num(const std::string& sql) const {
        sqlite3_stmt* s = nullptr;
        int64_t v = -1;
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
            v = sqlite3_column_int64(s, 0);
        sqlite3_finalize(s);
        return v;
    }
    std::string text(const std::string& sql) const {
        sqlite3_stmt* s = nullptr;
        std::string v;
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW) {
            const unsigned char* t = sqlite3_column_text(s, 0);
            v = t ? reinterpret_cast<const char*>(t) : "";
        }
        sqlite3_finalize(s);
        return v;
    }
    // The paper venue's saved counter of fills (its state blob: magic, version, cash,
    // next_order_no, next_fill_no, ... little-endian).
    int64_t venue_fills_in_state() const {
        sqlite3_stmt* s = nullptr;
        int64_t v = 0;
        if (sqlite3_prepare_v2(db, "SELECT value FROM plugin_state WHERE instance='venue' AND key='paper_state'", -1, &s,
                               nullptr) == SQLITE_OK &&
            sqlite3_step(s) == SQLITE_ROW && sqlite3_column_bytes(s, 0) >= 32) {
            uint64_t next_fill = 0;
            std::memcpy(&next_fill, static_cast<const char*>(sqlite3_column_blob(s, 0)) + 24, 8);
            v = static_cast<int64_t>(next_fill) - 1;
        }
        sqlite3_finalize(s);
        return v;
    }
};

// The invariants an operator relies on after any crash. Returns "" or what is wrong.
std::string check_journal(const std::string& path) {
    // Killed before the journal (or its tables) existed: nothing was acknowledged yet.
    if (!std::filesystem::exists(path)) return "";
    Db d(path);
    if (!d.db) return "cannot open the journal";
    if (d.num("SELECT COUNT(*) FROM sqlite_master WHERE name='plugin_state'") != 1) return "";
    std::string why;
    auto expect = [&](bool ok, const std::string& what) {
        if (!ok) why += what + "; ";
    };
    expect(d.text("PRAGMA integrity_check") == "ok", "integrity_check: " + d.text("PRAGMA integrity_check"));
    const int64_t orphans = d.num(
        "SELECT COUNT(*) FROM fills f WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.client_order_id=f.client_order_id)");
    expect(orphans == 0, std::to_string(orphans) + " fills name an order the journal lacks");
    const int64_t dup = d.num("SELECT COUNT(*) - COUNT(DISTINCT fill_id) FROM fills WHERE source='venue'");
    expect(dup == 0, std::to_string(dup) + " duplicate fill ids");
    const int64_t dup_orders = d.num("SELECT COUNT(*) - COUNT(DISTINCT client_order_id) FROM orders");
    expect(dup_orders == 0, std::to_string(dup_orders) + " duplicate client order ids");
    const int64_t bad_positions = d.num(
        "SELECT COUNT(*) FROM positions p WHERE p.source='venue' AND p.qty_raw <> "
        "(SELECT COALESCE(SUM(CASE f.side WHEN 'buy' THEN f.qty_raw ELSE -f.qty_raw END), 0) FROM fills f "
        " WHERE f.source='venue' AND f.instrument=p.instrument)");
    expect(bad_positions == 0, std::to_string(bad_positions) + " positions differ from the sum of their fills");
    const int64_t journaled = d.num("SELECT COUNT(*) FROM fills WHERE source='venue'");
    const int64_t in_state = d.venue_fills_in_state();
    // The venue's saved state and the journal agree exactly: nothing the venue holds is
    // missing from the journal, and nothing journaled is unknown to the venue.
    expect(journaled == in_state, "journal has " + std::to_string(journaled) + " venue fills, the venue's state " +
                                      std::to_string(in_state));
    return why;
}


}  // namespace

bool have_paper_deployment() {
    for (const char* p : {"synthetic", "sma_cross", "risk_gate", "paper"})
        if (!tradehost::test::have_plugin(p)) return false;
    return true;
}

TEST(Crash, KilledAtRandomMomentsTheJournalStaysConsistentAndRestartsReconcile) {
    if (!have_paper_deployment()) GTEST_SKIP() << "the default deployment's plugins are not built";
    test::TempDir t;
    const std::string journal = t.path() + "/journal.db";
    // The default deployment, its venue on an executor of its own (order flow crosses
    // threads), with a feed long enough to be killed mid-run.
    const std::string cfg = t.write("crash.yaml", "extends: " + std::string(SOURCE_DIR) + "/config/paper.yaml\n" +
                                                      "host:\n  journal: " + journal +
                                                      "\n  api: {enabled: false}\n  log: {level: warn, file: \"\"}\n"
                                                      "instances:\n  feed:\n    config: {count: 3000000}\n"
                                                      "  strategy:\n    config: {fast: 2, slow: 5}\n"
                                                      "  venue:\n    executor: venue\n");
    const std::string log = t.path() + "/host.log";
    std::mt19937 rng(20261201);
    std::uniform_int_distribution<int> delay_ms(30, 1000);  // a whole run takes 2-3 s
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(150);
    int kills = 0;
    // How many kills left their session's row open (a kill before the row was written
    // leaves none; how many do depends on the machine's speed, so it is counted, not guessed).
    int64_t left_open = 0;
    int64_t last_session = 0;
    for (int i = 0; i < 22 && std::chrono::steady_clock::now() < deadline; ++i) {
        pid_t pid = test::spawn_run(cfg, log);
        ASSERT_GT(pid, 0);
        // The random moment counts from the session's start: loading every plugin takes
        // seconds in a sanitizer build on a loaded machine, and a kill before the session
        // began would test nothing.
        test::wait_for([&] {
            Db d(journal);
            return d.db && d.num("SELECT COUNT(*) FROM sqlite_master WHERE name='sessions'") == 1 &&
                   d.num("SELECT COALESCE(MAX(id), 0) FROM sessions") > last_session;
        }, 60000);
        std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(rng)));
        ::kill(pid, SIGKILL);
        int status = 0;
        ASSERT_EQ(::waitpid(pid, &status, 0), pid);
        if (WIFSIGNALED(status)) ++kills;
        const std::string why = check_journal(journal);
        ASSERT_EQ(why, "") << "after kill " << i + 1 << ":\n" << test::read_file(log);
        Db d(journal);
        // Killed before the journal was created, or before its tables were (a count would
        // then be -1, an error, not a number of sessions).
        if (d.db == nullptr || d.num("SELECT COUNT(*) FROM sqlite_master WHERE name='sessions'") != 1) continue;
        const std::string since = std::to_string(last_session);
        left_open += d.num("SELECT COUNT(*) FROM sessions WHERE id > " + since + " AND ended_at IS NULL");
        last_session = std::max<int64_t>(last_session, d.num("SELECT COALESCE(MAX(id), 0) FROM sessions"));
    }
    EXPECT_GE(kills, 20);
    EXPECT_GT(left_open, 0) << "every kill came before its session started: nothing was tested";
    int64_t open_at_end = 0;
    {
        Db d(journal);
        EXPECT_GT(d.num("SELECT COUNT(*) FROM fills"), 0) << "no fill journaled: the kills came too early to test anything";
        // Every killed session that had started is open until the next start marks it, so
        // at most the last one is open now.
        open_at_end = d.num("SELECT COUNT(*) FROM sessions WHERE ended_at IS NULL");
        EXPECT_LE(open_at_end, 1);
    }
    // A clean, short run after the last kill: marks it crashed and says so in the summary.
    const std::string short_cfg = t.write("short.yaml", "extends: crash.yaml\ninstances:\n  feed:\n    config: {count: 2000}\n");
    auto r = test::run_cli("run " + short_cfg);
    EXPECT_EQ(r.code, 0) << r.err;
    if (open_at_end == 1) {  // the last kill left its session open: this run recovers it
        EXPECT_NE(r.out.find("recovered: session"), std::string::npos) << r.out;
        EXPECT_NE(r.out.find("ended uncleanly"), std::string::npos) << r.out;
    }
    EXPECT_EQ(check_journal(journal), "");
    Db d(journal);
    EXPECT_EQ(d.num("SELECT COUNT(*) FROM sessions WHERE ended_at IS NULL"), 0);
    // Every killed session is marked (a kill before the session row was written leaves none;
    // a run that finished before its kill ended cleanly).
    EXPECT_EQ(d.num("SELECT COUNT(*) FROM sessions WHERE status NOT IN ('crashed', 'ended')"), 0);
    EXPECT_EQ(d.num("SELECT COUNT(*) FROM sessions WHERE status='crashed'"), left_open);
    EXPECT_EQ(d.num("SELECT status = 'ended' FROM sessions ORDER BY id DESC LIMIT 1"), 1);
}

TEST(Crash, ASecondHostOnTheSameJournalIsRefused) {
    if (!have_paper_deployment()) GTEST_SKIP() << "the default deployment's plugins are not built";
    test::TempDir t;
    const std::string journal = t.path() + "/journal.db";
    const std::string cfg = t.write("long.yaml", "extends: " + std::string(SOURCE_DIR) + "/config/paper.yaml\n" +
                                                     "host:\n  journal: " + journal +
                                                     "\n  api: {enabled: false}\n  log: {level: warn, file: \"\"}\n"
                                                     "instances:\n  feed:\n    config: {count: 4000000}\n");
    pid_t pid = test::spawn_run(cfg, t.path() + "/first.log");
    ASSERT_GT(pid, 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    auto r = test::run_cli("run " + cfg);
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("in use by another tradehost process"), std::string::npos) << r.err;
}

// The disk filling up under a running host: a clean exit 1 with the summary, not an abort.
// (The file-size limit makes SQLite's writes fail as a full disk does.)
TEST(Crash, AJournalThatCannotWriteEndsTheRunWithExitOneAndASummary) {
    if (!have_paper_deployment()) GTEST_SKIP() << "the default deployment's plugins are not built";
    test::TempDir t;
    const std::string cfg = t.write("full.yaml", "extends: " + std::string(SOURCE_DIR) + "/config/paper.yaml\n" +
                                                     "host:\n  journal: " + t.path() +
                                                     "/journal.db\n  api: {enabled: false}\n  log: {level: warn, file: \"\"}\n");
    auto r = test::run_cli("run " + cfg, "ulimit -f 600; trap '' XFSZ;");
    EXPECT_EQ(r.code, 1) << r.out << r.err;
    EXPECT_NE(r.err.find("write failed"), std::string::npos) << r.err;
    EXPECT_NE(r.out.find("NOT journaled (write failed)"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("tradehost: session"), std::string::npos) << r.out;
}

// What `run` refuses at create, `validate` reports first, at the key that is wrong.
TEST(Crash, ValidateReportsWhatCreateRefusesAtTheKey) {
    if (!have_paper_deployment()) GTEST_SKIP() << "the default deployment's plugins are not built";
    test::TempDir t;
    const std::string cfg = t.write("bad.yaml", "extends: " + std::string(SOURCE_DIR) + "/config/paper.yaml\n" +
                                                    "host:\n  journal: " + t.path() +
                                                    "/journal.db\n  api: {enabled: false}\n"
                                                    "instances:\n  strategy:\n    config:\n      order_type: iceberg\n");
    auto v = test::run_cli("validate " + cfg);
    EXPECT_EQ(v.code, 2) << v.out << v.err;
    EXPECT_NE(v.err.find(cfg + ":8:19: instance 'strategy' (plugin sma_cross): create failed"), std::string::npos) << v.err;
    EXPECT_NE(v.err.find("order_type"), std::string::npos) << v.err;
    auto r = test::run_cli("run " + cfg);
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find(cfg + ":8:19:"), std::string::npos) << r.err;
}
