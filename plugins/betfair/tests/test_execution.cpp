// betfair: the built plugin in the SDK harness against the Betfair double
// (tests/venues/betfair): login, bets through their life, a lost answer, a restart that
// recovers a match made while the adapter was away (exactly once), local refusals.
#include "betfair/betfair_double.hpp"
#include "betfair/esa_double.hpp"

#include <tradehost/testing/harness.hpp>
#include <tradehost/testing/venue.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

namespace tt = tradehost::testing;
namespace doubles = tradehost::doubles;
using doubles::BetfairDouble;
using tt::NewOrder;
using tt::VenueRecorder;

namespace {

constexpr const char* kWin = "1.116734012:47972";
constexpr const char* kDraw = "1.116734012:58805";
constexpr const char* kMarket = "1.116734012";
constexpr auto kWait = std::chrono::seconds(20);

class BetfairExecution : public ::testing::Test {
protected:
    BetfairDouble venue;
    std::unique_ptr<tt::Harness> h;
    VenueRecorder rec;
    std::map<std::string, std::string> saved_state;

    void TearDown() override {
        if (h) h->stop();
    }

    void make(const std::string& password = BetfairDouble::kPassword) {
        h = std::make_unique<tt::Harness>(PLUGIN_PATH);
        h->set("identity_url", venue.identity_url());
        h->set("cert_identity_url", venue.identity_url());
        h->set("betting_url", venue.betting_url());
        h->set("account_url", venue.account_url());
        h->set("login", "interactive");
        h->set("verify_tls", "false");
        h->set("poll_interval", "100ms");
        h->set("http_timeout", "3s");
        h->set("stream_host", "");  // JSON-RPC polling only, unless a test brings the ESA double
        h->set_secret("BETFAIR_APP_KEY", BetfairDouble::kAppKey);
        h->set_secret("BETFAIR_USERNAME", BetfairDouble::kUsername);
        h->set_secret("BETFAIR_PASSWORD", password);
        for (const auto& [k, v] : saved_state) h->state()[k] = v;
    }

    void start() {
        h->create();
        h->start();
        ASSERT_TRUE(rec.wait(*h, [&] { return rec.count_status(TH_VENUE_RECONCILED) >= 1; }, kWait)) << diagnostics();
    }

    std::string diagnostics() const {
        std::string out = "log:\n";
        for (const auto& l : h->log_lines()) out += "  " + l + "\n";
        out += "venue errors:\n";
        for (const auto& e : venue.errors()) out += "  " + e + "\n";
        return out;
    }

    bool has(const std::string& cid, uint8_t exec_type, int n = 1) {
        return rec.wait(*h, [&] { return rec.count_reports(cid, exec_type) >= n; }, kWait);
    }

    std::string bet_of(const std::string& cid) {
        const th_execution_report* r = rec.last_report(cid, TH_EXEC_NEW);
        return r ? std::string(r->venue_order_id) : std::string();
    }

    /// Waits for `n` more reconciliation polls (listCurrentOrders calls) to pass.
    bool polls_pass(std::size_t n = 2) {
        const std::size_t from = venue.calls("listCurrentOrders").size();
        return rec.wait(*h, [&] { return venue.calls("listCurrentOrders").size() >= from + n; }, kWait);
    }

    th_fixed filled(const std::string& cid) const {
        th_fixed q = 0;
        for (const auto& f : rec.fills)
            if (cid == f.client_order_id) q += f.qty;
        return q;
    }
};

TEST_F(BetfairExecution, LogsInAndPlacesABackBetAtLadderOdds) {
    make();
    start();
    EXPECT_EQ(venue.logins(), 1);
    h->send("orders", NewOrder(*h, kWin, "c1").buy().qty("10").limit("2.5").request());
    ASSERT_TRUE(has("c1", TH_EXEC_NEW)) << diagnostics();
    const auto calls = venue.calls("placeOrders");
    ASSERT_EQ(calls.size(), 1u);
    const auto p = nlohmann::json::parse(calls[0]);
    EXPECT_EQ(p["instructions"][0]["side"], "BACK");
    EXPECT_EQ(p["instructions"][0]["customerOrderRef"], "c1");
    EXPECT_EQ(p["instructions"][0]["limitOrder"]["persistenceType"], "LAPSE");
    EXPECT_EQ(p["customerStrategyRef"], "tradehost");
    EXPECT_EQ(venue.bet_status(bet_of("c1")), "EXECUTABLE");
    EXPECT_EQ(venue.login_paths().at(0), "/api/login");
    ASSERT_TRUE(rec.wait(*h, [&] { return !rec.balances.empty(); }, kWait));
    EXPECT_STREQ(rec.balances.back().currency, "GBP");
}

TEST_F(BetfairExecution, BetLifecyclePartlyMatchedCancelledLapsedSettled) {
    make();
    start();
    // Partly matched, then cancelled: the matched 4 stay, the rest is cancelled.
    h->send("orders", NewOrder(*h, kWin, "part").buy().qty("10").limit("2.5").request());
    ASSERT_TRUE(has("part", TH_EXEC_NEW)) << diagnostics();
    ASSERT_TRUE(venue.match(bet_of("part"), "4"));
    ASSERT_TRUE(has("part", TH_EXEC_PARTIAL_FILL)) << diagnostics();
    EXPECT_EQ(filled("part"), tt::fx("4"));
    h->send("orders", tt::cancel_request(*h, kWin, "part-x", "part"));
    ASSERT_TRUE(has("part", TH_EXEC_CANCELED)) << diagnostics();
    EXPECT_EQ(rec.last_report("part", TH_EXEC_CANCELED)->cum_qty, tt::fx("4"));

    // A lay that lapses when the market turns in-play (LAPSE).
    h->send("orders", NewOrder(*h, kDraw, "lay").sell().qty("20").limit("3.05").request());
    ASSERT_TRUE(has("lay", TH_EXEC_NEW)) << diagnostics();
    EXPECT_EQ(nlohmann::json::parse(venue.calls("placeOrders").back())["instructions"][0]["side"], "LAY");
    // A back matched in full.
    h->send("orders", NewOrder(*h, kWin, "full").buy().qty("5").limit("2.5").request());
    ASSERT_TRUE(has("full", TH_EXEC_NEW)) << diagnostics();
    ASSERT_TRUE(venue.match(bet_of("full"), "5"));
    ASSERT_TRUE(has("full", TH_EXEC_FILL)) << diagnostics();
    venue.turn_in_play(kMarket);
    ASSERT_TRUE(has("lay", TH_EXEC_EXPIRED)) << diagnostics();
    EXPECT_EQ(rec.fills_of("lay"), 0);

    // Settled: the matched bets leave listCurrentOrders; nothing is counted again.
    venue.settle(kMarket, 47972);
    ASSERT_TRUE(rec.wait(*h, [&] { return venue.calls("listClearedOrders").size() >= 2; }, kWait));
    ASSERT_TRUE(polls_pass());
    EXPECT_EQ(rec.fills_of("full"), 1);
    EXPECT_EQ(filled("full"), tt::fx("5"));
    EXPECT_EQ(rec.fills_of("part"), 1);
    EXPECT_EQ(rec.count_reports("full", TH_EXEC_FILL), 1);
}

TEST_F(BetfairExecution, AMatchMadeWhileAwayIsRecoveredOnceAfterARestart) {
    make();
    start();
    h->send("orders", NewOrder(*h, kWin, "away").buy().qty("10").limit("2").request());
    ASSERT_TRUE(has("away", TH_EXEC_NEW)) << diagnostics();
    const std::string bet = bet_of("away");
    ASSERT_TRUE(venue.match(bet, "4"));
    ASSERT_TRUE(rec.wait(*h, [&] { return rec.fills_of("away") == 1; }, kWait)) << diagnostics();
    h->stop();
    saved_state = h->state();  // the ledger, as the host's journal keeps it
    h.reset();

    // Matched and settled while the adapter was down.
    ASSERT_TRUE(venue.match(bet, "6"));
    venue.settle(kMarket, 47972);

    VenueRecorder before = rec;
    rec = VenueRecorder{};
    make();
    start();
    ASSERT_TRUE(has("away", TH_EXEC_FILL)) << diagnostics();
    ASSERT_TRUE(polls_pass());
    EXPECT_EQ(rec.fills_of("away"), 1);  // the 6 matched while away, once
    EXPECT_EQ(filled("away"), tt::fx("6"));
    EXPECT_EQ(rec.fills.back().px, tt::fx("2"));
    EXPECT_EQ(before.fills_of("away") + rec.fills_of("away"), 2);
}

TEST_F(BetfairExecution, ALostPlaceAnswerIsLookedUpNotResent) {
    make();
    start();
    venue.lose_next_place_answer();
    h->send("orders", NewOrder(*h, kWin, "lost").buy().qty("2").limit("1.5").request());
    ASSERT_TRUE(has("lost", TH_EXEC_NEW)) << diagnostics();
    EXPECT_EQ(venue.place_calls(), 1u);
    EXPECT_EQ(venue.bet_ids().size(), 1u);
    EXPECT_FALSE(bet_of("lost").empty());
}

TEST_F(BetfairExecution, OffLadderOddsAreRefusedLocallyInTheVenuesWords) {
    make();
    start();
    h->send("orders", NewOrder(*h, kWin, "odd").buy().qty("2").limit("2.03").request());
    ASSERT_TRUE(has("odd", TH_EXEC_REJECTED)) << diagnostics();
    EXPECT_STREQ(rec.last_report("odd", TH_EXEC_REJECTED)->reason,
                 "rejected locally: INVALID_ODDS Odds not on price ladder: 2.03 (nearest 2.02, 2.04)");
    EXPECT_EQ(venue.place_calls(), 0u);
    // Asian handicap lines take 1.01-1000 by 0.01.
    h->send("orders", NewOrder(*h, "1.116734099:47972:-0.25", "ah").buy().qty("2").limit("2.03").request());
    ASSERT_TRUE(has("ah", TH_EXEC_NEW)) << diagnostics();
    EXPECT_EQ(nlohmann::json::parse(venue.calls("placeOrders").back())["instructions"][0]["handicap"].get<double>(), -0.25);
}

TEST_F(BetfairExecution, TheHourlyTransactionLimitIsCountedAndRefusedLocally) {
    make();
    h->set("max_transactions_per_hour", "2");
    start();
    h->send("orders", NewOrder(*h, kWin, "t1").buy().qty("2").limit("2").request());
    ASSERT_TRUE(has("t1", TH_EXEC_NEW)) << diagnostics();
    h->send("orders", NewOrder(*h, kWin, "t2").buy().qty("2").limit("2").request());
    ASSERT_TRUE(has("t2", TH_EXEC_NEW)) << diagnostics();
    h->send("orders", NewOrder(*h, kWin, "t3").buy().qty("2").limit("2").request());
    ASSERT_TRUE(has("t3", TH_EXEC_REJECTED)) << diagnostics();
    EXPECT_NE(std::string(rec.last_report("t3", TH_EXEC_REJECTED)->reason).find("hourly transaction limit 2 reached"),
              std::string::npos);
    EXPECT_EQ(venue.place_calls(), 2u);
    EXPECT_EQ(h->metric("transactions"), 2);
    EXPECT_NE(h->state().at("transactions").find(" 2"), std::string::npos);  // survives a restart
}

TEST_F(BetfairExecution, AWrongPasswordIsReportedAndOrdersWaitRejected) {
    make("wrong-password");
    h->create();
    h->start();
    h->send("orders", NewOrder(*h, kWin, "nope").buy().qty("2").limit("2").request());
    ASSERT_TRUE(has("nope", TH_EXEC_REJECTED)) << diagnostics();
    EXPECT_NE(std::string(rec.last_report("nope", TH_EXEC_REJECTED)->reason).find("INVALID_USERNAME_OR_PASSWORD"),
              std::string::npos)
        << rec.last_report("nope", TH_EXEC_REJECTED)->reason;
    EXPECT_EQ(venue.logins(), 0);
}

TEST_F(BetfairExecution, ALoginBanStopsLoginAttemptsForTheBackoff) {
    venue.set_login_ban(true);
    make();
    h->create();
    h->start();
    ASSERT_TRUE(rec.wait(*h, [&] { return !venue.login_paths().empty(); }, kWait));
    h->send("orders", NewOrder(*h, kWin, "ban").buy().qty("2").limit("2").request());
    ASSERT_TRUE(has("ban", TH_EXEC_REJECTED)) << diagnostics();
    EXPECT_NE(std::string(rec.last_report("ban", TH_EXEC_REJECTED)->reason).find("TEMPORARY_BAN_TOO_MANY_REQUESTS"),
              std::string::npos);
    // The worker retries connect with growing delays; none of them reaches the identity endpoint.
    EXPECT_EQ(venue.login_paths().size(), 1u);
    EXPECT_GE(h->metric("login_refused"), 1);
}

TEST_F(BetfairExecution, AnExpiredSessionLogsInAgainAndKeepAliveAndLogoutAreSent) {
    make();
    h->set("keep_alive_interval", "1s");
    start();
    ASSERT_TRUE(rec.wait(*h, [&] { return venue.keep_alives() >= 1; }, kWait)) << diagnostics();
    venue.expire_sessions();
    h->send("orders", NewOrder(*h, kWin, "again").buy().qty("2").limit("2").request());
    ASSERT_TRUE(has("again", TH_EXEC_NEW)) << diagnostics();
    EXPECT_GE(venue.logins(), 2);
    h->stop();
    EXPECT_EQ(venue.logouts(), 1);
}

TEST_F(BetfairExecution, PersistFlagKeepsABetThroughTheTurnInPlay) {
    make();
    start();
    h->send("orders", NewOrder(*h, kWin, "keep").buy().qty("4").limit("3").flags(TH_ORDER_FLAG_PERSIST).request());
    ASSERT_TRUE(has("keep", TH_EXEC_NEW)) << diagnostics();
    EXPECT_EQ(nlohmann::json::parse(venue.calls("placeOrders").back())["instructions"][0]["limitOrder"]["persistenceType"],
              "PERSIST");
    h->send("orders", NewOrder(*h, kWin, "lapse").buy().qty("4").limit("3").request());
    ASSERT_TRUE(has("lapse", TH_EXEC_NEW)) << diagnostics();
    venue.turn_in_play(kMarket);
    ASSERT_TRUE(has("lapse", TH_EXEC_EXPIRED)) << diagnostics();
    ASSERT_TRUE(polls_pass());
    EXPECT_EQ(rec.count_reports("keep", TH_EXEC_EXPIRED), 0);
    EXPECT_EQ(venue.bet_status(bet_of("keep")), "EXECUTABLE");
    h->send("orders", NewOrder(*h, kWin, "po").buy().qty("4").limit("3").post_only().request());
    ASSERT_TRUE(has("po", TH_EXEC_REJECTED)) << diagnostics();
    EXPECT_NE(std::string(rec.last_report("po", TH_EXEC_REJECTED)->reason).find("no post-only"), std::string::npos);
}

TEST_F(BetfairExecution, CertificateLoginUsesCertlogin) {
    make();
    h->set("login", "certificate");
    h->set_secret("BETFAIR_CERT_FILE", "/nonexistent/client-2048.crt");
    h->set_secret("BETFAIR_KEY_FILE", "/nonexistent/client-2048.key");
    start();  // plain http to the double: curl presents no certificate, the path is what counts
    EXPECT_EQ(venue.login_paths().at(0), "/api/certlogin");
    EXPECT_EQ(venue.logins(), 1);
}

}  // namespace

// The order stream (ESA over TLS, the ESA double) and REST both see one match: counted once.
TEST_F(BetfairExecution, AMatchOnTheOrderStreamAndAgainOverRestIsCountedOnce) {
    char tmpl[] = "/tmp/th_esa_exec_XXXXXX";
    const std::string dir = ::mkdtemp(tmpl);
    const std::string cert = dir + "/cert.pem", key = dir + "/key.pem";
    ASSERT_EQ(std::system(("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 "
                           "-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -keyout " + key + " -out " + cert +
                           " >/dev/null 2>&1").c_str()),
              0);
    doubles::EsaDouble esa(cert, key, nlohmann::json::array());
    esa.require_session("");  // the HTTP double's token
    std::filesystem::remove_all(dir);
    make();
    h->set("stream_host", "127.0.0.1");
    h->set("stream_port", std::to_string(esa.port()));
    h->set("stream_heartbeat", "500ms");
    start();
    ASSERT_TRUE(rec.wait(*h, [&] { return rec.count_status(TH_VENUE_CONNECTED) >= 1 && esa.order_subscriptions() >= 1; }, kWait))
        << diagnostics();

    h->send("orders", NewOrder(*h, kWin, "s1").buy().qty("10").limit("2.5").request());
    ASSERT_TRUE(has("s1", TH_EXEC_NEW)) << diagnostics();
    const std::string bet = bet_of("s1");
    ASSERT_TRUE(venue.match(bet, "4"));
    // Polls list EXECUTABLE orders; a look-up of one bet (betIds) is the worker checking the
    // order, which may come with the stream's update and is REST seeing the same match again.
    auto polls = [&] {
        std::size_t n = 0;
        for (const auto& c : venue.calls("listCurrentOrders")) n += c.find("\"EXECUTABLE\"") != std::string::npos;
        return n;
    };
    const std::size_t before = polls();
    // The stream says it first (Betfair's ocm for the bet: 4 of 10 matched at 2.5).
    esa.push_ocm(nlohmann::json::parse(R"([{"id":"1.116734012","orc":[{"id":47972,"uo":[{"id":")" + bet +
                                       R"(","p":2.5,"s":10,"side":"B","status":"E","pt":"L","ot":"L","pd":1764720000000,"md":1764720005000,"avp":2.5,"sm":4,"sr":6,"sl":0,"sc":0,"sv":0,"rfo":"s1","rfs":"tradehost"}]}]}])"));
    ASSERT_TRUE(has("s1", TH_EXEC_PARTIAL_FILL)) << diagnostics();
    EXPECT_EQ(polls(), before) << "the fill came from the stream, not a poll\n" << diagnostics();
    // The stream drops: the worker reconciles over listCurrentOrders, which lists the same 4.
    const std::size_t listed = venue.calls("listCurrentOrders").size();
    const int reconciled = rec.count_status(TH_VENUE_RECONCILED);
    esa.kick();
    ASSERT_TRUE(rec.wait(*h, [&] { return venue.calls("listCurrentOrders").size() > listed; }, kWait)) << diagnostics();
    ASSERT_TRUE(rec.wait(*h, [&] { return esa.order_subscriptions() >= 2; }, kWait)) << diagnostics();
    ASSERT_TRUE(rec.wait(*h, [&] { return rec.count_status(TH_VENUE_RECONCILED) > reconciled; }, kWait)) << diagnostics();
    EXPECT_EQ(rec.fills_of("s1"), 1) << diagnostics();
    EXPECT_EQ(filled("s1"), tt::fx("4"));
}

// The market subscription as events: books (bid = available to back) and trades from the
// ESA double's image and deltas, the stream's status on the status port.
TEST_F(BetfairExecution, TheMarketStreamPublishesBooksAndTrades) {
    char tmpl[] = "/tmp/th_esa_mkt_XXXXXX";
    const std::string dir = ::mkdtemp(tmpl);
    const std::string cert = dir + "/cert.pem", key = dir + "/key.pem";
    ASSERT_EQ(std::system(("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 "
                           "-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -keyout " + key + " -out " + cert +
                           " >/dev/null 2>&1").c_str()),
              0);
    doubles::EsaDouble esa(cert, key, nlohmann::json::parse(R"([{"id":"1.116734012","img":true,
      "marketDefinition":{"status":"OPEN","inPlay":false,"bettingType":"ODDS","runners":[{"id":47972,"status":"ACTIVE"}]},
      "rc":[{"id":47972,"atb":[[2.5,10],[2.48,20]],"atl":[[2.52,7]],"trd":[[2.5,100]]}]}])"));
    esa.require_session("");
    std::filesystem::remove_all(dir);
    make();
    h->set("stream_host", "127.0.0.1");
    h->set("stream_port", std::to_string(esa.port()));
    h->set("stream_heartbeat", "500ms");
    h->set("stream_markets", "1.116734012");
    h->set("stream_fields", "EX_ALL_OFFERS,EX_TRADED,EX_MARKET_DEF");
    start();
    std::vector<th_book> books;
    const th_instrument win = h->intern(kWin);
    auto last_book = [&]() -> const th_book* {
        const th_book* out = nullptr;
        for (const auto& b : books)
            if (b.instrument == win) out = &b;
        return out;
    };
    auto wait_books = [&](const std::function<bool()>& pred) {
        return rec.wait(*h, [&] {
            auto more = h->take<th_book>("books");
            books.insert(books.end(), more.begin(), more.end());
            return pred();
        }, kWait);
    };
    ASSERT_TRUE(wait_books([&] { return last_book() != nullptr; })) << diagnostics();
    EXPECT_EQ(last_book()->bid_count, 2);
    EXPECT_EQ(last_book()->levels[0].px, tt::fx("2.5"));   // best back first
    EXPECT_EQ(last_book()->levels[2].px, tt::fx("2.52"));  // then the best lay
    EXPECT_GE(rec.count_status(TH_VENUE_CONNECTED, "market stream subscribed"), 1);
    EXPECT_TRUE(rec.trades.empty()) << "the image's traded totals are not trades";

    // 2.5 is taken (size 0 removes it) and 20 more trade there.
    esa.push_delta(nlohmann::json::parse(R"([{"id":"1.116734012","rc":[{"id":47972,"atb":[[2.5,0]],"trd":[[2.5,120]]}]}])"));
    ASSERT_TRUE(wait_books([&] { return last_book()->bid_count == 1 && !rec.trades.empty(); })) << diagnostics();
    EXPECT_EQ(last_book()->levels[0].px, tt::fx("2.48"));
    EXPECT_EQ(rec.trades.back().instrument, win);
    EXPECT_EQ(rec.trades.back().px, tt::fx("2.5"));
    EXPECT_EQ(rec.trades.back().qty, tt::fx("20"));
}

