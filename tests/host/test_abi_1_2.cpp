// ABI 1.2 in the host: th_order_request gained expire_time_ns and flags (and TH_TIF_GTD),
// th_signal gained horizon_ns. A 1.1 publisher's shorter request is still accepted and reads
// them as 0 (the SDK's event_as, the journal's copy of min(size, sizeof)); the journal's orders
// table records both and migrates a 1.1 journal with ALTER TABLE.
#include "common/event_names.hpp"
#include "common/instruments.hpp"
#include "journal/journal.hpp"
#include "test_util.hpp"

#include <tradehost/plugin.hpp>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstring>

using namespace tradehost;

TEST(Abi12, AShorter11RequestReadsTheNewFieldsAsZero) {
    // A 1.1 publisher's request: 144 bytes; what lies past them in its buffer is not the event's.
    auto full = make_event<th_order_request>(5);
    full.hdr.size = offsetof(th_order_request, expire_time_ns);
    full.tif = TH_TIF_GTC;
    full.expire_time_ns = 123;
    full.flags = 0xFFFFFFFFu;
    th_order_request scratch;
    std::memset(&scratch, 0xAB, sizeof scratch);
    const th_order_request* r = event_as<th_order_request>(full.hdr, scratch);
    ASSERT_EQ(r, &scratch);  // copied: the publisher's struct is older
    EXPECT_EQ(r->tif, TH_TIF_GTC);
    EXPECT_EQ(r->expire_time_ns, 0);
    EXPECT_EQ(r->flags, 0u);
    // A 1.2 request is read in place.
    full.hdr.size = sizeof full;
    EXPECT_EQ(event_as<th_order_request>(full.hdr, scratch), &full);

    auto sig = make_event<th_signal>(1);
    sig.hdr.size = offsetof(th_signal, horizon_ns);
    sig.horizon_ns = 99;
    th_signal sscratch;
    EXPECT_EQ(event_as<th_signal>(sig.hdr, sscratch)->horizon_ns, 0);

    EXPECT_STREQ(tif_name(TH_TIF_GTD), "gtd");
}

TEST(Abi12, JournalRecordsExpiryAndFlagsAndMigratesA11Journal) {
    test::TempDir t;
    const std::string db = t.path() + "/old.db";
    {  // the orders table as a 1.1 host created it
        sqlite3* h = nullptr;
        ASSERT_EQ(sqlite3_open(db.c_str(), &h), SQLITE_OK);
        ASSERT_EQ(sqlite3_exec(h,
                               "CREATE TABLE orders(client_order_id TEXT PRIMARY KEY, session INTEGER, source TEXT, "
                               "instrument TEXT, side TEXT, order_type TEXT, tif TEXT, qty REAL, limit_px REAL, "
                               "stop_px REAL, qty_raw INTEGER, limit_px_raw INTEGER, stop_px_raw INTEGER, status TEXT, "
                               "venue_order_id TEXT, cum_qty REAL, avg_px REAL, reason TEXT, ts INTEGER, "
                               "updated_ts INTEGER);"
                               "INSERT INTO orders(client_order_id, tif, ts) VALUES('before', 'gtc', 1);",
                               nullptr, nullptr, nullptr),
                  SQLITE_OK);
        sqlite3_close(h);
    }
    InstrumentTable tab;
    const std::string src = "strategy";
    const th_time_ns expiry = 1798761600LL * 1000000000LL;  // 2027-01-01T00:00:00Z
    {
        Journal j(db, tab, "test.yaml");
        auto gtd = make_event<th_order_request>(10);
        gtd.action = TH_ORDER_NEW;
        gtd.side = TH_SIDE_BUY;
        gtd.order_type = TH_ORDER_LIMIT;
        gtd.tif = TH_TIF_GTD;
        gtd.expire_time_ns = expiry;
        gtd.flags = TH_ORDER_FLAG_POST_ONLY;
        gtd.qty = 5 * TH_FIXED_SCALE;
        gtd.limit_px = TH_FIXED_SCALE / 2;
        copy_str(gtd.client_order_id, "g1");
        j.record(&src, gtd.hdr);
        // A 1.1 publisher's request: 144 bytes, garbage where 1.2 has its fields.
        auto old = make_event<th_order_request>(11);
        old.hdr.size = offsetof(th_order_request, expire_time_ns);
        old.action = TH_ORDER_NEW;
        old.tif = TH_TIF_FOK;
        old.expire_time_ns = 777;
        old.flags = 0xFFFFFFFFu;
        copy_str(old.client_order_id, "o1");
        j.record(&src, old.hdr);
        j.close(2);
        EXPECT_EQ(j.write_errors(), 0);
    }
    auto rows = test::query(db,
                            "SELECT client_order_id, tif, COALESCE(expire_time_ns, 'NULL'), COALESCE(flags, 'NULL') "
                            "FROM orders ORDER BY ts");
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0], (std::vector<std::string>{"before", "gtc", "NULL", "NULL"}));
    EXPECT_EQ(rows[1], (std::vector<std::string>{"g1", "gtd", std::to_string(expiry), "1"}));
    EXPECT_EQ(rows[2], (std::vector<std::string>{"o1", "fok", "0", "0"}));
    { Journal again(db, tab, "test.yaml"); again.close(0); }  // the columns are not added twice
}
