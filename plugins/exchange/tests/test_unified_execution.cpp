// exchange: the unified order methods, one test each, run over every dialect against its
// loopback double (CCXT-style: the same expectations for every exchange). Only behaviour that
// is the same everywhere lives here; wire details (parameter names, signatures, JWTs, paging)
// stay in the dialect's own suite (test_execution.cpp = Binance, test_kraken_execution.cpp,
// test_coinbase_execution.cpp).
#include "exchange/binance_double.hpp"
#include "exchange/coinbase_double.hpp"
#include "exchange/kraken_double.hpp"
#include "coinbase_test_keys.hpp"
#include "registry.hpp"
#include "venue_fixture.hpp"

#include <tradehost/testing/harness.hpp>
#include <tradehost/testing/venue.hpp>
#include <tradehost/venue/client_ids.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

using namespace exchange_test;
using tradehost::testing::Harness;
using tradehost::testing::NewOrder;
using tradehost::testing::VenueRecorder;
namespace doubles = tradehost::doubles::exchange;

namespace {

/// One dialect's double behind the calls the unified tests make.
class VenueDouble {
public:
    virtual ~VenueDouble() = default;
    virtual std::string symbol() const = 0;  ///< the market orders name
    /// Points `h` at the double, with credentials.
    virtual void configure(Harness& h) = 0;
    virtual bool fill(const std::string& cid, const std::string& qty, const std::string& px) = 0;
    virtual void set_missed_fill_mode(bool on) = 0;
    virtual void drop_streams() = 0;
    virtual int orders_received() const = 0;
    virtual std::size_t user_sessions() const = 0;
    virtual std::string rest_url() const = 0;
    virtual std::string stream_url() const = 0;
};

template <class D> class DoubleOf : public VenueDouble {
public:
    template <class... A> explicit DoubleOf(A&&... a) : d(std::forward<A>(a)...) {}
    bool fill(const std::string& cid, const std::string& qty, const std::string& px) override {
        return d.fill(cid, qty, px);
    }
    void set_missed_fill_mode(bool on) override { d.set_missed_fill_mode(on); }
    void drop_streams() override { d.drop_streams(); }
    int orders_received() const override { return d.orders_received(); }
    std::size_t user_sessions() const override { return sessions(d); }
    std::string rest_url() const override { return d.rest_url(); }
    std::string stream_url() const override { return d.stream_url(); }

protected:
    static std::size_t sessions(const doubles::KrakenDouble& k) { return k.execution_sessions(); }
    template <class T> static std::size_t sessions(const T& t) { return t.user_sessions(); }
    void base(Harness& h, const char* exchange) {
        h.set("exchange", exchange);
        h.set("rest_url", d.rest_url());
        h.set("stream_url", d.stream_url());
        h.set("user_stream_url", d.stream_url());
        h.set("reconnect_min", "20ms");
        h.set("reconnect_max", "200ms");
        h.set("poll_interval", "100ms");
        h.set_list("trade_symbols", {symbol()});
    }
    D d;
};

class Binance : public DoubleOf<doubles::BinanceDouble> {
public:
    Binance() : DoubleOf(kKey, kSecret) {
        d.add_market("BTCUSDT", "BTC", "USDT", "0.01", "0.00001", "0.00001", "5");
        d.set_balance("USDT", "10000");
        d.set_balance("BTC", "1");
    }
    std::string symbol() const override { return "BTCUSDT"; }
    void configure(Harness& h) override {
        base(h, "binance");
        h.set("key_env", "K");
        h.set("secret_env", "S");
        h.set_secret("K", kKey);
        h.set_secret("S", kSecret);
    }
};

class Kraken : public DoubleOf<doubles::KrakenDouble> {
public:
    static constexpr const char* kKrakenKey = "fake-kraken-key-for-tests";
    static constexpr const char* kKrakenSecret = "a3Jha2VuLWZha2Utc2VjcmV0LWZvci10ZXN0cy1vbmx5LTAwMDA=";
    Kraken() : DoubleOf(kKrakenKey, kKrakenSecret) {
        d.add_pair("XXBTZUSD", "XBTUSD", "XBT/USD", "XXBT", "ZUSD", "0.1", 8, "0.0001", "0.5");
        d.set_balance("ZUSD", "10000");
        d.set_balance("XXBT", "1");
    }
    std::string symbol() const override { return "XBTUSD"; }
    void configure(Harness& h) override {
        base(h, "kraken");
        h.set("key_env", "K");
        h.set("secret_env", "S");
        h.set_secret("K", kKrakenKey);
        h.set_secret("S", kKrakenSecret);
    }
};

class Coinbase : public DoubleOf<doubles::CoinbaseDouble> {
public:
    Coinbase() : DoubleOf(&check_coinbase_jwt) {
        d.add_product("BTC-USD", "BTC", "USD", "0.01", "0.00000001", "0.00001", "1");
        d.set_balance("USD", "10000");
        d.set_balance("BTC", "1");
    }
    std::string symbol() const override { return "BTC-USD"; }
    void configure(Harness& h) override {
        base(h, "coinbase");
        h.set("environment", "live");
        h.set("key_env", "K");
        h.set("secret_env", "S");
        h.set_secret("K", kCoinbaseKeyName);
        h.set_secret("S", kCoinbasePrivateKey);
    }
};

struct DialectCase {
    const char* name;
    std::unique_ptr<VenueDouble> (*make)();
};

template <class T> std::unique_ptr<VenueDouble> make() { return std::make_unique<T>(); }

class Unified : public ::testing::TestWithParam<DialectCase> {
protected:
    std::unique_ptr<VenueDouble> dbl = GetParam().make();
    std::unique_ptr<Harness> h;
    VenueRecorder p;

    void TearDown() override {
        if (h) h->stop();
    }
    Harness& make_harness() {
        h = std::make_unique<Harness>(PLUGIN_PATH);
        dbl->configure(*h);
        return *h;
    }
    /// Markets loaded, order stream connected, start reconciliation done, balances (2
    /// assets) published at start and after it: the worker is idle.
    void start_ready() {
        if (!h) make_harness();
        h->create();
        h->start();
        ASSERT_TRUE(wait([&] { return p.count_status(TH_VENUE_RECONCILED) >= 1 && p.balances.size() >= 4; }))
            << log();
        ASSERT_TRUE(wait([&] { return dbl->user_sessions() == 1; }));
    }
    bool wait(const std::function<bool()>& pred) { return p.wait(*h, pred); }
    NewOrder order(const std::string& cid) { return NewOrder(*h, dbl->symbol(), cid); }
    th_order_request cancel(const std::string& cid, const std::string& orig) {
        return tradehost::testing::cancel_request(*h, dbl->symbol(), cid, orig);
    }
    std::string log() const {
        std::string out;
        for (const auto& l : h->log_lines()) out += l + "\n";
        return out;
    }
    bool logged(const std::string& part) const {
        for (const auto& l : h->log_lines())
            if (l.find(part) != std::string::npos) return true;
        return false;
    }
};

// create_order, then fills from the order stream: NEW, PARTIAL_FILL, FILL with exact sums.
TEST_P(Unified, CreateOrderAndFillInParts) {
    start_ready();
    ASSERT_EQ(h->send("orders", order("u-1").buy().qty("0.01").limit("50000").request()), TH_OK);
    ASSERT_TRUE(wait([&] { return p.count_reports("u-1", TH_EXEC_NEW) == 1; }));
    EXPECT_STRNE(p.last_report("u-1")->venue_order_id, "");
    EXPECT_EQ(p.last_report("u-1")->leaves_qty, fx("0.01"));
    ASSERT_TRUE(dbl->fill("u-1", "0.004", "50000"));
    ASSERT_TRUE(wait([&] { return p.fills_of("u-1") == 1 && p.count_reports("u-1", TH_EXEC_PARTIAL_FILL) == 1; }));
    ASSERT_TRUE(dbl->fill("u-1", "0.006", "49990"));
    ASSERT_TRUE(wait([&] { return p.fills_of("u-1") == 2 && p.count_reports("u-1", TH_EXEC_FILL) == 1; })) << log();
    const th_execution_report* f = p.last_report("u-1", TH_EXEC_FILL);
    EXPECT_EQ(f->status, TH_STATUS_FILLED);
    EXPECT_EQ(f->cum_qty, fx("0.01"));
    EXPECT_EQ(f->leaves_qty, 0);
    EXPECT_EQ(f->avg_px, fx("49994"));  // (0.004*50000 + 0.006*49990) / 0.01
    EXPECT_STRNE(p.fills[0].fill_id, p.fills[1].fill_id);
    EXPECT_EQ(p.fills[1].side, TH_SIDE_BUY);
    EXPECT_EQ(h->metric("fills"), 2);
    EXPECT_EQ(dbl->orders_received(), 1);
}

TEST_P(Unified, CancelOrder) {
    start_ready();
    h->send("orders", order("u-2").sell().qty("0.5").limit("60000").request());
    ASSERT_TRUE(wait([&] { return p.count_reports("u-2", TH_EXEC_NEW) == 1; }));
    h->send("orders", cancel("cxl-2", "u-2"));
    ASSERT_TRUE(wait([&] { return p.count_reports("u-2", TH_EXEC_CANCELED) == 1; }));
    EXPECT_EQ(p.last_report("u-2")->status, TH_STATUS_CANCELED);
    EXPECT_EQ(p.last_report("u-2")->leaves_qty, 0);
    // The stream's cancel event for the same order publishes nothing more.
    h->send("orders", order("u-2b").sell().qty("0.5").limit("60000").request());
    ASSERT_TRUE(wait([&] { return p.count_reports("u-2b", TH_EXEC_NEW) == 1; }));
    EXPECT_EQ(p.reports_for("u-2").size(), 2u);
    EXPECT_TRUE(p.reports_for("cxl-2").empty());
}

// The venue's own reject: REJECTED with "<venue> <code> <message>", sent once.
TEST_P(Unified, VenueRejectsInsufficientFunds) {
    start_ready();
    h->send("orders", order("u-3").buy().qty("1").limit("50000").request());  // 50000 > 10000
    ASSERT_TRUE(wait([&] { return p.reports_for("u-3").size() == 1; }));
    const auto r = p.reports_for("u-3")[0];
    EXPECT_EQ(r.exec_type, TH_EXEC_REJECTED);
    EXPECT_EQ(r.status, TH_STATUS_REJECTED);
    EXPECT_EQ(std::string(r.reason).rfind(std::string(GetParam().name) + " ", 0), 0u) << r.reason;
    EXPECT_EQ(dbl->orders_received(), 1);
    EXPECT_EQ(h->metric("orders_rejected"), 1);
}

// Cancel pre-checks: the unified texts, and nothing reaches the venue.
TEST_P(Unified, CancelPreChecksUseTheUnifiedTexts) {
    start_ready();
    h->send("orders", cancel("cxl-9", "never-sent"));
    ASSERT_TRUE(wait([&] { return p.reports_for("cxl-9").size() == 1; }));
    EXPECT_EQ(p.reports_for("cxl-9")[0].exec_type, TH_EXEC_REJECTED);
    EXPECT_STREQ(p.reports_for("cxl-9")[0].reason, "unknown order never-sent");

    h->send("orders", order("u-4").buy().qty("0.001").limit("50000").request());
    ASSERT_TRUE(wait([&] { return p.count_reports("u-4", TH_EXEC_NEW) == 1; }));
    ASSERT_TRUE(dbl->fill("u-4", "0.001", "50000"));
    ASSERT_TRUE(wait([&] { return p.count_reports("u-4", TH_EXEC_FILL) == 1; }));
    h->send("orders", cancel("cxl-4", "u-4"));
    ASSERT_TRUE(wait([&] { return p.reports_for("cxl-4").size() == 1; }));
    EXPECT_STREQ(p.reports_for("cxl-4")[0].reason, "order already done: u-4");

    auto rep = tradehost::testing::replace_request(*h, dbl->symbol(), "u-5", "u-4", fx("0.002"), fx("50000"));
    h->send("orders", rep);
    ASSERT_TRUE(wait([&] { return p.reports_for("u-5").size() == 1; }));
    EXPECT_STREQ(p.reports_for("u-5")[0].reason, "replace not supported by the venue: cancel, then send a new order");

    h->send("orders", order("u-4").buy().qty("0.001").limit("50000").request());  // reused id
    ASSERT_TRUE(wait([&] { return p.count_reports("u-4", TH_EXEC_REJECTED) == 1; }));
    EXPECT_STREQ(p.last_report("u-4", TH_EXEC_REJECTED)->reason, "duplicate client_order_id u-4");
    EXPECT_EQ(dbl->orders_received(), 1);
}

// A host id from a long instance name (39 characters, more than Binance's 36 and Kraken's 18)
// goes to the venue in the form the venue documents (the doubles refuse any other, as the
// venues do); reports and fills carry the host's id, also after a restart whose
// reconciliation finds a fill made while the adapter was down.
TEST_P(Unified, LongClientOrderIdsAreSentInTheVenuesFormAndMappedBack) {
    const std::string id = "momentum-breakout-eu-session-tkt-170001";
    ASSERT_EQ(id.size(), TH_ID_LEN - 1u);
    const auto dialect = tradehost::exchange::make_dialect(GetParam().name);
    ASSERT_NE(dialect, nullptr);
    const std::string sent = tradehost::venue::venue_client_id(dialect->client_id_format(), id);
    start_ready();
    ASSERT_EQ(h->send("orders", order(id).buy().qty("0.01").limit("50000").request()), TH_OK);
    ASSERT_TRUE(wait([&] { return p.count_reports(id, TH_EXEC_NEW) == 1; })) << log();
    ASSERT_TRUE(dbl->fill(sent, "0.004", "50000"));  // the venue knows the order by `sent`
    ASSERT_TRUE(wait([&] { return p.fills_of(id) == 1 && p.count_reports(id, TH_EXEC_PARTIAL_FILL) == 1; })) << log();
    EXPECT_EQ(dbl->orders_received(), 1);

    h->stop();
    const auto saved = h->state();
    h.reset();
    p.clear();
    ASSERT_TRUE(dbl->fill(sent, "0.006", "49990"));  // while the adapter is down
    make_harness();
    h->state() = saved;
    h->create();
    h->start();
    ASSERT_TRUE(wait([&] { return p.count_reports(id, TH_EXEC_FILL) == 1; })) << log();
    EXPECT_EQ(p.fills_of(id), 1);
    EXPECT_EQ(p.last_report(id)->cum_qty, fx("0.01"));
    EXPECT_EQ(p.reports_for(sent).size(), id == sent ? p.reports_for(id).size() : 0u);
}

// A fresh journal (nothing saved) and an empty saved ledger both start a fresh ledger:
// never "the saved ledger is unreadable".
TEST_P(Unified, FreshJournalStartsAFreshLedger) {
    start_ready();
    EXPECT_FALSE(logged("unreadable")) << log();
    EXPECT_TRUE(logged("no saved ledger")) << log();
    h->stop();
    h.reset();
    p.clear();
    make_harness();
    h->state()["ledger"] = "";
    h->create();
    h->start();
    ASSERT_TRUE(wait([&] { return p.count_status(TH_VENUE_RECONCILED) >= 1; })) << log();
    EXPECT_FALSE(logged("unreadable")) << log();
    ASSERT_EQ(h->send("orders", order("fresh-1").buy().qty("0.01").limit("50000").request()), TH_OK);
    ASSERT_TRUE(wait([&] { return p.count_reports("fresh-1", TH_EXEC_NEW) == 1; })) << log();
}

// A fill missed while the order stream was down is published once, by reconciliation.
TEST_P(Unified, MissedFillDuringDisconnectIsRecoveredOnce) {
    start_ready();
    h->send("orders", order("u-6").buy().qty("0.01").limit("50000").request());
    ASSERT_TRUE(wait([&] { return p.count_reports("u-6", TH_EXEC_NEW) == 1; }));
    dbl->set_missed_fill_mode(true);
    dbl->drop_streams();
    ASSERT_TRUE(dbl->fill("u-6", "0.01", "49995"));  // never pushed on the stream
    ASSERT_TRUE(wait([&] { return p.fills_of("u-6") == 1 && p.count_reports("u-6", TH_EXEC_FILL) == 1; })) << log();
    EXPECT_GE(p.count_status(TH_VENUE_DISCONNECTED, "order stream"), 1);
    EXPECT_EQ(p.fills[0].px, fx("49995"));
    dbl->set_missed_fill_mode(false);
    const int reconciled = p.count_status(TH_VENUE_RECONCILED);
    dbl->drop_streams();
    ASSERT_TRUE(wait([&] { return p.count_status(TH_VENUE_RECONCILED) > reconciled; }));
    EXPECT_EQ(p.fills.size(), 1u);
    EXPECT_EQ(p.reports_for("u-6").size(), 2u);
}

// A fresh journal: no saved ledger, or an empty one, is a fresh ledger, not an unreadable one.
TEST_P(Unified, FreshStartWithoutOrWithEmptySavedLedger) {
    start_ready();
    EXPECT_FALSE(logged("unreadable")) << log();
    h->send("orders", order("u-7").buy().qty("0.01").limit("50000").request());
    ASSERT_TRUE(wait([&] { return p.count_reports("u-7", TH_EXEC_NEW) == 1; }));
    h->stop();
    h.reset();
    p.clear();
    make_harness().state()["ledger"] = "";  // what a fresh host journal may hand back
    start_ready();
    EXPECT_FALSE(logged("unreadable")) << log();
    EXPECT_TRUE(logged("no saved ledger")) << log();
}

// An order stream that never connects: logged, a disconnected status, and REST polling so
// fills still arrive.
TEST_P(Unified, UnreachableOrderStreamIsReportedAndPolled) {
    make_harness().set("user_stream_url", "ws://127.0.0.1:1");  // nothing listens there
    h->create();
    h->start();
    ASSERT_TRUE(wait([&] { return p.count_status(TH_VENUE_DISCONNECTED, "order stream") >= 1; })) << log();
    EXPECT_TRUE(logged("order stream down")) << log();
    EXPECT_EQ(p.count_status(TH_VENUE_CONNECTED, "order stream"), 0);
    ASSERT_TRUE(wait([&] { return p.count_status(TH_VENUE_RECONCILED, "polling") >= 1; })) << log();
    h->send("orders", order("u-8").buy().qty("0.01").limit("50000").request());
    ASSERT_TRUE(wait([&] { return p.count_reports("u-8", TH_EXEC_NEW) == 1; }));
    ASSERT_TRUE(dbl->fill("u-8", "0.01", "49990"));
    ASSERT_TRUE(wait([&] { return p.fills_of("u-8") == 1 && p.count_reports("u-8", TH_EXEC_FILL) == 1; })) << log();
}

// A flapping order stream (the OANDA-style reconnect loop): every reconnect asks for a
// reconciliation, but they are coalesced and run at most once a second.
TEST_P(Unified, ReconnectStormIsReconciledAtMostOncePerSecond) {
    start_ready();
    const int before = p.count_status(TH_VENUE_RECONCILED);
    const auto storm_start = std::chrono::steady_clock::now();
    for (int i = 0; i < 8; ++i) {
        dbl->drop_streams();
        std::this_thread::sleep_for(std::chrono::milliseconds(60));
    }
    p.drain(*h);
    const auto storm = std::chrono::steady_clock::now() - storm_start;
    if (storm < std::chrono::milliseconds(900)) {
        EXPECT_LE(p.count_status(TH_VENUE_RECONCILED) - before, 1);
    }
    // The requests were not lost: one more runs after the storm.
    ASSERT_TRUE(wait([&] { return p.count_status(TH_VENUE_RECONCILED) - before >= 1; }));
    EXPECT_GE(h->metric("reconnects"), 1);
}

INSTANTIATE_TEST_SUITE_P(EveryDialect, Unified,
                         ::testing::Values(DialectCase{"binance", &make<Binance>},
                                           DialectCase{"kraken", &make<Kraken>},
                                           DialectCase{"coinbase", &make<Coinbase>}),
                         [](const ::testing::TestParamInfo<DialectCase>& i) { return std::string(i.param.name); });

}  // namespace
