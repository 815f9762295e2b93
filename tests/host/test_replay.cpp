// `tradehost replay`: a session recorded with host.record_inputs runs again from its
// journal to the same orders and fills, a changed deployment shows its first difference,
// and what cannot be replayed says why.
#include "test_util.hpp"

#include "pipeline/runtime.hpp"
#include "replay/compare.hpp"
#include "replay/recorded_session.hpp"

#include <gtest/gtest.h>

#include <filesystem>

using namespace tradehost;

namespace {

// The default paper deployment, shortened, journaling to `dir`/j.db with its inputs.
std::string recorded_paper(const test::TempDir& t, const std::string& extra_instances = "") {
    return t.write("paper.yaml", "extends: " + std::string(SOURCE_DIR) + "/config/paper.yaml\nhost:\n  journal: " + t.path() +
                                     "/j.db\n  record_inputs: true\n  api:\n    enabled: false\n  log:\n    level: warn\n"
                                     "  summary: false\ninstances:\n  feed:\n    config: {count: 3000}\n" + extra_instances);
}

RunResult run_once(const std::string& config, std::shared_ptr<const RecordedSession> replay = nullptr,
                   const std::string& journal = "") {
    auto c = test::check_config(config);
    EXPECT_TRUE(c.diags.ok()) << c.diags.str();
    if (!journal.empty()) c.dep.host.journal = journal;
    Runtime rt(c.dep, std::move(c.plan));
    if (replay) rt.set_replay(std::move(replay));
    return rt.run();
}

}  // namespace

// Two sessions on one journal (the second starts with the venue's positions of the first):
// the second replays to the same orders and fills, ids included, from a journal of its own.
TEST(Replay, ARecordedSessionReplaysToTheSameOrdersAndFills) {
    REQUIRE_PLUGINS("synthetic", "sma_cross", "risk_gate", "paper");
    test::TempDir t;
    const std::string cfg = recorded_paper(t);
    ASSERT_EQ(run_once(cfg).exit_code, 0);
    const RunResult second = run_once(cfg);
    ASSERT_EQ(second.exit_code, 0) << second.error;
    ASSERT_GT(second.journal.fills, 10);

    const RecordedSession rec = read_recorded_session(t.path() + "/j.db", 0);
    EXPECT_EQ(rec.session, 2u);  // the latest replayable one
    EXPECT_EQ(rec.config, cfg);
    EXPECT_EQ(rec.config_sha256.size(), 64u);
    EXPECT_GE(rec.inputs.size(), 3000u);  // every quote (and the trades the feed publishes)
    EXPECT_EQ(rec.inputs.front().instance, "feed");
    EXPECT_FALSE(rec.start_state.empty()) << "the paper venue's positions of session 1";

    const std::string replayed = t.path() + "/replay.db";
    const RunResult r = run_once(cfg, std::make_shared<RecordedSession>(rec), replayed);
    ASSERT_EQ(r.exit_code, 0) << r.error;
    const SessionComparison c = compare_sessions(t.path() + "/j.db", replayed, 2);
    EXPECT_TRUE(c.same) << c.first_difference;
    EXPECT_EQ(c.recorded_fills, second.journal.fills);
    EXPECT_EQ(c.replayed_fills, c.recorded_fills);
    EXPECT_EQ(c.replayed_orders, c.recorded_orders);
    // The replay did not journal inputs of its own, and the ids carry the session's number.
    EXPECT_TRUE(test::query(replayed, "SELECT 1 FROM inputs").empty());
    EXPECT_EQ(test::query(replayed, "SELECT COUNT(*) FROM orders WHERE client_order_id LIKE 'strategy-2-%'")[0][0],
              std::to_string(c.recorded_orders));
}

// A different strategy over the same inputs: the first order and fill that differ, as each has them.
TEST(Replay, AChangedDeploymentShowsItsFirstDifference) {
    REQUIRE_PLUGINS("synthetic", "sma_cross", "risk_gate", "paper");
    test::TempDir t;
    const std::string cfg = recorded_paper(t);
    ASSERT_EQ(run_once(cfg).exit_code, 0);
    const std::string changed = t.write("changed.yaml", "extends: " + cfg + "\ninstances:\n  strategy:\n    config: {order_qty: \"40\"}\n");
    const std::string replayed = t.path() + "/replay.db";
    ASSERT_EQ(run_once(changed, std::make_shared<RecordedSession>(read_recorded_session(t.path() + "/j.db", 1)), replayed).exit_code, 0);
    const SessionComparison c = compare_sessions(t.path() + "/j.db", replayed, 1);
    EXPECT_FALSE(c.same);
    EXPECT_EQ(c.first_difference.rfind("order 1:\n    recorded: strategy-1-1 from strategy : sell 50.0 ETH-USD market", 0), 0u)
        << c.first_difference;
    EXPECT_NE(c.first_difference.find("\n    replayed: strategy-1-1 from strategy : sell 40.0 ETH-USD market"), std::string::npos)
        << c.first_difference;
    EXPECT_NE(c.first_difference.find("fill 1:\n    recorded: fill venue-1-F1 from venue of strategy-1-1 : sell 50.0 ETH-USD at 100.51 "
                                      "fee 0.50255 taker\n    replayed: fill venue-1-F1 from venue of strategy-1-1 : sell 40.0 "
                                      "ETH-USD at 100.51 fee 0.40204 taker"),
              std::string::npos) << c.first_difference;
}

// What cannot be replayed says why: a session that did not record, a missing session, a
// source that is not in the deployment any more.
TEST(Replay, WhatCannotBeReplayedSaysWhy) {
    REQUIRE_PLUGINS("synthetic", "sma_cross", "risk_gate", "paper");
    test::TempDir t;
    const std::string plain = t.write("plain.yaml", "extends: " + std::string(SOURCE_DIR) + "/config/paper.yaml\nhost:\n  journal: " +
                                                        t.path() + "/j.db\n  record_inputs: false\n  api:\n    enabled: false\n"
                                                        "  log:\n    level: warn\n  summary: false\ninstances:\n  feed:\n    config: {count: 200}\n");
    ASSERT_EQ(run_once(plain).exit_code, 0);
    try {
        read_recorded_session(t.path() + "/j.db", 0);
        ADD_FAILURE() << "a journal without recorded inputs was read";
    } catch (const ReplayError& e) {
        EXPECT_NE(std::string(e.what()).find("no session of " + t.path() + "/j.db recorded its inputs; run the deployment with "
                                             "host.record_inputs: true"),
                  std::string::npos) << e.what();
    }
    const std::string cfg = recorded_paper(t);
    ASSERT_EQ(run_once(cfg).exit_code, 0);
    EXPECT_THROW(read_recorded_session(t.path() + "/j.db", 1), ReplayError);  // session 1 did not record
    try {
        read_recorded_session(t.path() + "/j.db", 7);
        ADD_FAILURE() << "a missing session was read";
    } catch (const ReplayError& e) {
        EXPECT_NE(std::string(e.what()).find("has no session 7"), std::string::npos) << e.what();
    }
    EXPECT_THROW(read_recorded_session(t.path() + "/none.db", 0), ReplayError);
    // The feed renamed: its recorded events have no source to come from.
    auto rec = std::make_shared<RecordedSession>(read_recorded_session(t.path() + "/j.db", 2));
    for (auto& in : rec->inputs) in.instance = "old_feed";
    const RunResult r = run_once(cfg, rec, t.path() + "/replay.db");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.error.find("replay: session 2 recorded events of 'old_feed.quotes', which is not an output of a source in this deployment"),
              std::string::npos) << r.error;
}

// The command as an operator runs it: reproduced (exit 0), a changed deployment (exit 1
// with the difference), usage and missing sessions.
TEST(Replay, TheCommandReportsReproducedOrTheDifference) {
    REQUIRE_PLUGINS("synthetic", "sma_cross", "risk_gate", "paper");
    test::TempDir t;
    const std::string cfg = recorded_paper(t);
    ASSERT_EQ(test::run_cli("run " + cfg).code, 0);
    const std::string j = t.path() + "/j.db";
    auto ok = test::run_cli("replay " + j);
    EXPECT_EQ(ok.code, 0) << ok.out << ok.err;
    EXPECT_NE(ok.out.find("tradehost replay: session 1 of " + j), std::string::npos) << ok.out;
    EXPECT_NE(ok.out.find("reproduced: every order and fill is the same"), std::string::npos) << ok.out;
    EXPECT_EQ(ok.out.find("note: the deployment's files changed"), std::string::npos) << ok.out;

    const std::string changed = t.write("changed.yaml", "extends: " + cfg + "\ninstances:\n  strategy:\n    config: {fast: 7}\n");
    auto diff = test::run_cli("replay " + j + " --config " + changed + " --keep " + t.path() + "/kept.db");
    EXPECT_EQ(diff.code, 1) << diff.out << diff.err;
    EXPECT_NE(diff.out.find("note: the deployment's files changed since the session ran"), std::string::npos) << diff.out;
    EXPECT_NE(diff.out.find("DIFFERENT: the first difference is at"), std::string::npos) << diff.out;
    EXPECT_TRUE(std::filesystem::exists(t.path() + "/kept.db"));
    auto again = test::run_cli("replay " + j + " --keep " + t.path() + "/kept.db");
    EXPECT_EQ(again.code, 64);
    EXPECT_NE(again.err.find("kept.db exists"), std::string::npos) << again.err;

    auto missing = test::run_cli("replay " + j + " --session 9");
    EXPECT_EQ(missing.code, 1);
    EXPECT_NE(missing.err.find("has no session 9"), std::string::npos) << missing.err;
    EXPECT_EQ(test::run_cli("replay").code, 64);
    EXPECT_EQ(test::run_cli("replay " + j + " --session x").code, 64);
}
