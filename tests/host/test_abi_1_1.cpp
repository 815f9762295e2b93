// ABI 1.1 in the host: a plugin built against the frozen 1.1 header publishes and consumes
// the new kinds, instrument metadata keeps min(size, sizeof) both ways, the journal records
// th_execution_report.orig_client_order_id (and migrates a 1.0 journal), and the new kinds
// have names in config errors and `inspect`.
#include "common/event_names.hpp"
#include "common/instruments.hpp"
#include "journal/journal.hpp"
#include "pipeline/runtime.hpp"
#include "test_util.hpp"

#include <tradehost/plugin.hpp>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstring>

using namespace tradehost;
using test::query;
using test::metric;

namespace {


}  // namespace

TEST(Abi11, PluginBuiltAgainstTheFrozen11HeaderPublishesAndConsumesTheNewKinds) {
    test::TempDir t;
    const std::string yaml = "host:\n  journal: " + t.path() + R"(/j.db
  log: {level: warn}
instances:
  src:
    use: c_source
    config: {count: 500, per_tick: 50}
  pub:
    use: abi_guard_1_1
    config: {settle_after: 300}
  sub:
    use: abi_guard_1_1
edges:
  - {from: src.quotes, to: pub.quotes}
  - {from: pub.books, to: sub.books}
  - {from: pub.settlements, to: sub.settlements}
)";
    auto c = test::check_config(t.write("guard11.yaml", yaml));
    ASSERT_TRUE(c.diags.ok()) << c.diags.str();
    Runtime rt(c.dep, std::move(c.plan));
    RunResult r = rt.run();
    ASSERT_EQ(r.exit_code, 0) << r.error;
    const std::string m = rt.metrics_text();
    auto g = [&](const char* inst, const char* name) {
        return metric(m, std::string("tradehost_plugin_") + name + "_total{instance=\"" + inst + "\"}");
    };
    EXPECT_EQ(g("pub", "info_ok"), 1);
    EXPECT_EQ(g("sub", "info_ok"), 1);  // a second registration replaces the first
    EXPECT_EQ(g("pub", "features_ok"), 1);
    EXPECT_EQ(g("pub", "books_sent"), 500);
    EXPECT_EQ(g("sub", "books_ok"), 500);
    EXPECT_EQ(g("sub", "settled"), 1);
    EXPECT_LE(g("sub", "bad"), 0);
    EXPECT_EQ(metric(m, "tradehost_instance_errors_total{instance=\"pub\",plugin=\"abi_guard_1_1\"}"), 0);
    EXPECT_EQ(metric(m, "tradehost_instance_errors_total{instance=\"sub\",plugin=\"abi_guard_1_1\"}"), 0);
}

TEST(Abi11, InstrumentInfoCopiesMinOfBothSizes) {
    InstrumentTable tab;
    const th_instrument id = tab.intern("YES-1");
    th_instrument_info full{};
    full.size = sizeof full;
    full.asset_class = TH_ASSET_PREDICTION_OUTCOME;
    full.tick_size = TH_FIXED_SCALE / 100;
    full.lot_size = TH_FIXED_SCALE;
    std::strcpy(full.currency, "USDC");

    th_instrument_info out{};
    out.size = sizeof out;
    EXPECT_EQ(tab.get_info(id, out), TH_ERR_NOT_FOUND);  // none registered yet
    EXPECT_EQ(tab.set_info(id + 1, full), TH_ERR_NOT_FOUND);  // not interned
    th_instrument_info tiny = full;
    tiny.size = 4;
    EXPECT_EQ(tab.set_info(id, tiny), TH_ERR_INVALID_ARGUMENT);

    // An older writer whose struct ended after tick_size: the rest reads as zero.
    th_instrument_info older = full;
    older.size = offsetof(th_instrument_info, lot_size);
    ASSERT_EQ(tab.set_info(id, older), TH_OK);
    ASSERT_EQ(tab.get_info(id, out), TH_OK);
    EXPECT_EQ(out.size, sizeof out);
    EXPECT_EQ(out.tick_size, full.tick_size);
    EXPECT_EQ(out.lot_size, 0);
    EXPECT_STREQ(out.currency, "");

    // A later call replaces the record; an older reader gets only what it asked for.
    ASSERT_EQ(tab.set_info(id, full), TH_OK);
    th_instrument_info small;
    std::memset(&small, 0xAB, sizeof small);
    small.size = offsetof(th_instrument_info, lot_size);
    ASSERT_EQ(tab.get_info(id, small), TH_OK);
    EXPECT_EQ(small.size, offsetof(th_instrument_info, lot_size));
    EXPECT_EQ(small.tick_size, full.tick_size);
    EXPECT_EQ(small.asset_class, TH_ASSET_PREDICTION_OUTCOME);
    EXPECT_EQ(static_cast<unsigned char>(small.currency[0]), 0xAB);  // beyond its size: untouched

    // A newer writer's larger struct is accepted.
    struct Newer { th_instrument_info base; uint64_t future; } newer{};
    newer.base = full;
    newer.base.size = sizeof newer;
    newer.future = 7;
    EXPECT_EQ(tab.set_info(id, newer.base), TH_OK);
}

TEST(Abi11, JournalRecordsOrigClientOrderIdAndMigratesA10Journal) {
    test::TempDir t;
    const std::string db = t.path() + "/old.db";
    {  // the executions table as a 1.0 host created it
        sqlite3* h = nullptr;
        ASSERT_EQ(sqlite3_open(db.c_str(), &h), SQLITE_OK);
        ASSERT_EQ(sqlite3_exec(h,
                               "CREATE TABLE executions(id INTEGER PRIMARY KEY, session INTEGER, source TEXT, "
                               "client_order_id TEXT, venue_order_id TEXT, instrument TEXT, exec_type TEXT, status TEXT, "
                               "side TEXT, order_qty REAL, cum_qty REAL, leaves_qty REAL, avg_px REAL, last_px REAL, "
                               "last_qty REAL, reason TEXT, ts INTEGER);"
                               "INSERT INTO executions(client_order_id, ts) VALUES('before', 1);",
                               nullptr, nullptr, nullptr),
                  SQLITE_OK);
        sqlite3_close(h);
    }
    InstrumentTable tab;
    const std::string src = "venue";
    {
        Journal j(db, tab, "test.yaml");
        // A 1.1 publisher's report naming the replaced order.
        auto r = make_event<th_execution_report>(10);
        r.exec_type = TH_EXEC_REPLACED;
        copy_str(r.client_order_id, "b2");
        copy_str(r.orig_client_order_id, "b1");
        j.record(&src, r.hdr);
        // A 1.0 publisher's report: 264 bytes, no orig_client_order_id.
        auto old = make_event<th_execution_report>(11);
        old.hdr.size = offsetof(th_execution_report, orig_client_order_id);
        old.exec_type = TH_EXEC_NEW;
        copy_str(old.client_order_id, "c1");
        std::memset(old.orig_client_order_id, 'x', sizeof old.orig_client_order_id);  // beyond its size
        j.record(&src, old.hdr);
        j.close(2);
        EXPECT_EQ(j.write_errors(), 0);
    }
    auto rows = query(db, "SELECT client_order_id, COALESCE(orig_client_order_id, 'NULL') FROM executions ORDER BY id");
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0], (std::vector<std::string>{"before", "NULL"}));
    EXPECT_EQ(rows[1], (std::vector<std::string>{"b2", "b1"}));
    EXPECT_EQ(rows[2], (std::vector<std::string>{"c1", ""}));
    // Opening it again does not add the column twice.
    { Journal again(db, tab, "test.yaml"); again.close(0); }
}

TEST(Abi11, NewKindsHaveNamesInConfigErrorsAndInspect) {
    const std::pair<uint16_t, const char*> kinds[] = {
        {TH_EV_BOOK, "book"},         {TH_EV_ODDS, "odds"},     {TH_EV_NEWS, "news"},
        {TH_EV_SENTIMENT, "sentiment"}, {TH_EV_FEATURES, "features"}, {TH_EV_TARGET, "target"},
        {TH_EV_SETTLEMENT, "settlement"}};
    for (const auto& k : kinds) {
        EXPECT_STREQ(event_type_name(k.first), k.second);
        uint16_t back = 0;
        EXPECT_TRUE(event_type_from_name(k.second, back));
        EXPECT_EQ(back, k.first);
    }
    EXPECT_TRUE(must_not_drop(TH_EV_SETTLEMENT));
    EXPECT_FALSE(must_not_drop(TH_EV_BOOK));

    test::TempDir t;
    auto c = test::check_config(t.write("bad.yaml", R"(instances:
  pub:
    use: abi_guard_1_1
  sub:
    use: abi_guard_1_1
edges:
  - {from: pub.books, to: sub.settlements}
  - {from: pub.settlements, to: sub.settlements, backpressure: drop_oldest}
)"));
    const std::string e = c.diags.str();
    EXPECT_NE(e.find("joins different event types: book to settlement"), std::string::npos) << e;
    EXPECT_NE(e.find("edge carries settlement events, which are never dropped"), std::string::npos) << e;

    auto r = test::run_cli(std::string("inspect ") + TEST_PLUGIN_DIR + "/th_abi_guard_1_1.so");
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find(" book "), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(" settlement "), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("unknown"), std::string::npos) << r.out;
    auto j = test::run_cli(std::string("inspect ") + TEST_PLUGIN_DIR + "/th_abi_guard_1_1.so --json");
    EXPECT_NE(j.out.find("\"event_type\": \"book\""), std::string::npos) << j.out;
    EXPECT_NE(j.out.find("\"abi_version\": \"1.1\""), std::string::npos) << j.out;
}
