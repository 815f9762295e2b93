// config/intelligence.yaml end to end through the host, twice on fresh journals: it
// validates and runs offline (synthetic market -> features -> agents -> meta_weighter ->
// top_k -> opportunity_builder -> cvar_sizer -> exec_algos -> risk_gate -> smart_router -> two
// paper venues, each matching against its own synthetic book), every agent speaks, top_k
// picks k per cycle and journals the choice, the sized targets become child orders that the
// router splits over both venues, `tradehost tca` reports on the journal, and the two runs give
// the same picks and fills per venue (deterministic per seed).
#include "double/deployment_copy.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

// ~42 simulated minutes a symbol; under ASan (CI) ~28: the sizer's 10 minutes of history
// still leave 18 one-minute cycles, and the two runs stay well inside the test's timeout.
#if defined(__SANITIZE_ADDRESS__)
constexpr const char* kCount = "count: 10000";
#else
constexpr const char* kCount = "count: 15000";
#endif

struct Session {
    tradehost::doubles::ScratchDir scratch;
    std::string cfg;
    explicit Session(const char* name)
        : scratch(name),
          cfg(tradehost::doubles::copy_deployment(SOURCE_DIR, "intelligence", scratch.path(), {{"count: 60000", kCount}})) {}
    int host(const std::vector<std::string>& args, std::string& out) {
        return tradehost::doubles::run_host(TRADEHOST_EXE, args, scratch.path() + "/console.log", out);
    }
    int64_t scalar(const std::string& sql) { return tradehost::doubles::journal_count(scratch.path() + "/journal.db", sql); }
};

}  // namespace

TEST(IntelligenceDeployment, RunsDeterministicallyFromViewsToFills) {
    Session a("th_intelligence_a"), b("th_intelligence_b");
    std::string out;
    ASSERT_EQ(a.host({"validate", a.cfg}, out), 0) << out;
    ASSERT_EQ(a.host({"run", a.cfg}, out), 0) << out;
    ASSERT_EQ(b.host({"run", b.cfg}, out), 0) << out;
    for (const char* agent : {"technical", "momentum", "reversion", "meta"})
        EXPECT_GT(a.scalar(std::string("select count(*) from signals where source='") + agent + "'"), 0) << agent;
    const int64_t picks = a.scalar("select count(*) from signals where source='pick'");
    const int64_t cycles = a.scalar("select count(distinct ts) from signals where source='pick'");
    EXPECT_GT(cycles, 10);
    EXPECT_LE(picks, 3 * cycles);  // k = 3
    EXPECT_EQ(a.scalar("select count(*) from plugin_state where instance='pick' and key='last_choice'"), 1);
    EXPECT_EQ(a.scalar("select count(*) from plugin_state where instance='builder' and key='targets'"), 1);
    EXPECT_GT(a.scalar("select count(*) from orders where source='exec'"), 0);  // targets worked into children
    // buys reach venue B (a cent lower) first, sells only venue A (B's bid is lower too)
    EXPECT_GT(a.scalar("select count(*) from fills where source='paper_a'"), 0);
    EXPECT_GT(a.scalar("select count(*) from fills where source='paper_b'"), 0);
    EXPECT_EQ(a.scalar("select coalesce(sum(qty_raw),0) from fills where source='router'"),
              a.scalar("select coalesce(sum(qty_raw),0) from fills where source in ('paper_a','paper_b')"));
    ASSERT_EQ(a.host({"tca", a.scratch.path() + "/journal.db"}, out), 0) << out;
    EXPECT_NE(out.find("TCA of session 1"), std::string::npos) << out;
    EXPECT_NE(out.find("implementation shortfall"), std::string::npos) << out;
    // the same seed, a fresh journal: the same picks and the same fills
    EXPECT_EQ(picks, b.scalar("select count(*) from signals where source='pick'"));
    EXPECT_EQ(a.scalar("select sum(instrument_hash) from (select length(instrument) * ts as instrument_hash from signals where source='pick')"),
              b.scalar("select sum(instrument_hash) from (select length(instrument) * ts as instrument_hash from signals where source='pick')"));
    for (const char* venue : {"paper_a", "paper_b"}) {
        const std::string sql = std::string("select coalesce(sum(qty_raw),0) from fills where source='") + venue + "'";
        EXPECT_EQ(a.scalar(sql), b.scalar(sql)) << venue;
        const std::string px = std::string("select coalesce(sum(px_raw),0) from fills where source='") + venue + "'";
        EXPECT_EQ(a.scalar(px), b.scalar(px)) << venue;
    }
}

// The decision log (ABI 1.3): a fill of a parent order traces, by decision id alone, through
// the child order to the sized target, the builder's target, the pick, the blend and the
// agent signals that made it; `tradehost tca --decisions` prints that chain.
TEST(IntelligenceDeployment, AFillTracesBackToTheAgentSignalsByDecisionId) {
    Session a("th_intelligence_decisions");
    std::string out;
    ASSERT_EQ(a.host({"run", a.cfg}, out), 0) << out;
    // Every decision id is unique in the session, and every signal and target has one.
    EXPECT_EQ(a.scalar("select count(*) from decisions where session=1 and kind in ('signal','target') and id is null"), 0);
    EXPECT_EQ(a.scalar("select count(*) from (select id from decisions where session=1 group by id having count(*) > 1)"), 0);
    // Every parent fill's chain (exec's fill names its child in venue_order_id; the child's
    // order names its target): (fill, decision id, depth) by id alone.
    const std::string chain =
        "with recursive chain(fill, id, depth) as ("
        " select f.fill_id, j.value, 0 from fills f join decisions d on d.session=1 and d.kind='order' and d.source='exec'"
        "  and d.ref=f.venue_order_id, json_each(d.causes) j where f.source='exec'"
        " union select c.fill, j.value, c.depth + 1 from chain c join decisions d on d.session=1 and d.id=c.id,"
        "  json_each(d.causes) j) ";
    auto at = [](const char* source, int depth) {
        return std::string("exists(select 1 from chain c join decisions d on d.session=1 and d.id=c.id where c.fill=f.fill_id"
                           " and d.source in (") + source + ") and c.depth=" + std::to_string(depth) + ")";
    };
    const std::string agents = "'technical','momentum','reversion'";
    const std::string fills = chain + "select count(*) from fills f where f.source='exec' and ";
    ASSERT_GT(a.scalar("select count(*) from fills where source='exec'"), 0);
    // each fill's child works a sized target, which sized a builder's target
    EXPECT_EQ(a.scalar(fills + "not (" + at("'sizer'", 0) + " and " + at("'builder'", 1) + ")"), 0);
    // a builder's target from a pick (not an exit) leads to the pick, the blend and the agents
    EXPECT_GT(a.scalar(fills + at("'pick'", 2) + " and " + at("'meta'", 3) + " and " + at(agents.c_str(), 4)), 0);
    EXPECT_EQ(a.scalar(fills + at("'pick'", 2) + " and not (" + at("'meta'", 3) + " and " + at(agents.c_str(), 4) + ")"), 0);
    // ... all of the fill's instrument: linked by id, not by time or name
    EXPECT_EQ(a.scalar(chain + "select count(*) from chain c join decisions d on d.session=1 and d.id=c.id"
                               " join fills f on f.source='exec' and f.fill_id=c.fill where d.instrument <> f.instrument"),
              0);
    ASSERT_EQ(a.host({"tca", a.scratch.path() + "/journal.db", "--decisions"}, out), 0) << out;
    EXPECT_NE(out.find("decisions (each <- what it came from)"), std::string::npos) << out;
    EXPECT_NE(out.find("target #"), std::string::npos) << out;
    EXPECT_NE(out.find("<- signal #"), std::string::npos) << out;
    EXPECT_NE(out.find("\"reason\":\"cvar_sizer x"), std::string::npos) << out;
}

// Issue 18: decision ids continue across a restart of the same journal. The host stops with
// parents half worked; the next run (an hour of the market later) resumes them from
// exec_algos' saved state, and their children's fills still trace back, by id alone, to the
// sized targets and the agent signals of the first session.
TEST(IntelligenceDeployment, AFillAfterARestartTracesBackToTheTargetBeforeIt) {
    Session a("th_intelligence_restart");
    std::string out;
    ASSERT_EQ(a.host({"run", a.cfg}, out), 0) << out;
    const int64_t last_id = a.scalar("select max(id) from decisions where session=1");
    ASSERT_GT(last_id, 0);
    // exec_algos saved parents it had not finished (its state is put before each send).
    ASSERT_EQ(a.scalar("select count(*) from plugin_state where instance='exec' and key='engine'"), 1);

    tradehost::doubles::copy_deployment(SOURCE_DIR, "intelligence", a.scratch.path(),
                                        {{"count: 60000", "count: 3000\n      start_time: 1704074400000000000"}});
    ASSERT_EQ(a.host({"run", a.cfg}, out), 0) << out;
    // The second session's ids continue above the first's: none is handed out twice.
    EXPECT_EQ(a.scalar("select count(*) from decisions where session=2 and id <= " + std::to_string(last_id)), 0);
    EXPECT_EQ(a.scalar("select count(*) from (select id from decisions where id is not null group by id having count(*) > 1)"),
              0);
    EXPECT_EQ(a.scalar("select count(*) from orders where session=2 and decision_id <= " + std::to_string(last_id)), 0);
    // Children exec sent in session 2 for a target of session 1: a resumed parent's.
    const std::string resumed =
        "from decisions c join json_each(c.causes) j join decisions t on t.session=1 and t.id=j.value"
        " where c.session=2 and c.kind='order' and c.source='exec' and t.kind='target' and t.source='sizer'";
    ASSERT_GT(a.scalar("select count(*) " + resumed), 0) << "no parent was resumed after the restart";
    // ... and some of them filled after the restart: the fill names a target from before it,
    // which leads on to the builder's target and, through the pick, the agents' signals.
    EXPECT_GT(a.scalar("select count(*) from fills f where f.session=2 and f.source='exec' and exists(select 1 " + resumed +
                       " and c.ref=f.venue_order_id)"),
              0);
    const std::string chain =
        "with recursive chain(id, depth) as (select j.value, 0 from decisions c, json_each(c.causes) j where c.session=2"
        " and c.kind='order' and c.source='exec' union select j.value, chain.depth + 1 from chain join decisions d"
        " on d.id=chain.id, json_each(d.causes) j) select count(*) from chain join decisions d on d.id=chain.id"
        " and d.session=1 where ";
    EXPECT_GT(a.scalar(chain + "d.source='builder'"), 0);
    EXPECT_GT(a.scalar(chain + "d.source in ('technical','momentum','reversion')"), 0);
    // `tca --decisions` of session 2 prints that chain from the earlier session's rows.
    ASSERT_EQ(a.host({"tca", a.scratch.path() + "/journal.db", "--session", "2", "--decisions"}, out), 0) << out;
    EXPECT_NE(out.find("TCA of session 2"), std::string::npos) << out;
    EXPECT_NE(out.find("\"reason\":\"cvar_sizer x"), std::string::npos) << out;
    EXPECT_NE(out.find("<- signal #"), std::string::npos) << out;
    EXPECT_EQ(out.find("(not in the decision log)"), std::string::npos) << out;
}
