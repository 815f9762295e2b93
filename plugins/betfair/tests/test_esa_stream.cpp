// betfair: the Exchange Stream API end to end over real TLS on loopback: esa::Stream (the
// kit's TlsLineClient, the session, the cache) against the ESA double
// (tests/venues/betfair/esa_double), with a self-signed certificate made here and verified by
// the client. Forced disconnect and resume by RESUB_DELTA, conflation, the subscribe
// timeout, heartbeat loss, connectionClosed, and a fatal app-key error.
#include "esa_stream.hpp"

#include "betfair/esa_double.hpp"

#include <tradehost/testing/venue.hpp>

#include <gtest/gtest.h>

#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <mutex>

namespace esa = tradehost::betfair::esa;
using tradehost::doubles::EsaDouble;
using tradehost::testing::fx;
using namespace std::chrono_literals;

namespace {

struct Certs {
    std::string dir, cert, key;
    Certs() {
        char tmpl[] = "/tmp/th_esa_XXXXXX";
        dir = ::mkdtemp(tmpl);
        cert = dir + "/cert.pem";
        key = dir + "/key.pem";
        const std::string gen = "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 "
                                "-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -keyout " + key + " -out " + cert +
                                " >/dev/null 2>&1";
        ok = std::system(gen.c_str()) == 0;
    }
    ~Certs() { std::filesystem::remove_all(dir); }
    bool ok = false;
};

/// What the stream reported, for the test thread to wait on.
struct Seen {
    std::mutex mu;
    std::condition_variable cv;
    std::vector<std::pair<bool, std::string>> statuses;
    th_fixed best_back = 0, best_lay = 0;
    std::size_t lay_levels = 0;

    template <class P> bool wait(P pred, std::chrono::milliseconds limit = 5000ms) {
        std::unique_lock lk(mu);
        return cv.wait_for(lk, limit, [&] { return pred(); });
    }
    int ups() {
        int n = 0;
        for (const auto& s : statuses) n += s.first;
        return n;
    }
    bool down_with(const std::string& what) {
        for (const auto& s : statuses)
            if (!s.first && s.second.find(what) != std::string::npos) return true;
        return false;
    }
};

nlohmann::json image() {
    return nlohmann::json::parse(R"([{"id":"1.116734012","img":true,
      "marketDefinition":{"status":"OPEN","inPlay":false,"bettingType":"ODDS","runners":[{"id":47972,"status":"ACTIVE"}]},
      "rc":[{"id":47972,"atb":[[2.5,10]],"atl":[[2.52,7]]}]}])");
}

esa::StreamOptions options(const Certs& c, const EsaDouble& d, const char* app_key = EsaDouble::kAppKey) {
    esa::StreamOptions o;
    o.net.host = "127.0.0.1";
    o.net.port = d.port();
    o.net.ca_file = c.cert;
    o.net.reconnect_base = 200ms;
    o.net.reconnect_max = 400ms;
    o.net.tick = 20ms;
    o.session.market.market_ids = {"1.116734012"};
    o.session.market.fields = {"EX_ALL_OFFERS", "EX_MARKET_DEF"};
    o.session.market.heartbeat_ms = 500;
    o.session.subscribe_timeout = 2000ms;
    o.session.heartbeat_gap = 3000ms;
    o.app_key = app_key;
    o.session_token = [] { return std::string(EsaDouble::kSession); };
    return o;
}

esa::StreamCallbacks callbacks(Seen& s) {
    esa::StreamCallbacks cb;
    cb.on_status = [&s](bool up, const std::string& why) {
        std::lock_guard lk(s.mu);
        s.statuses.emplace_back(up, why);
        s.cv.notify_all();
    };
    cb.on_market = [&s](const esa::MarketCache& cache, const esa::Changes&) {
        std::lock_guard lk(s.mu);
        if (const auto* r = cache.runner("1.116734012", 47972)) {
            s.best_back = r->full.best_bid() ? r->full.best_bid()->px : 0;
            s.best_lay = r->full.best_ask() ? r->full.best_ask()->px : 0;
            s.lay_levels = r->full.size(tradehost::venue::BookSide::ask);
        }
        s.cv.notify_all();
    };
    return cb;
}

}  // namespace

TEST(BetfairEsaStream, ImageDeltasConflationAndResumeAfterDisconnect) {
    Certs c;
    ASSERT_TRUE(c.ok) << "openssl could not make a certificate: run packaging/bootstrap.sh";
    EsaDouble d(c.cert, c.key, image());
    Seen seen;
    esa::Stream s(options(c, d), callbacks(seen));
    s.start();
    ASSERT_TRUE(seen.wait([&] { return seen.ups() == 1 && seen.best_back == fx("2.5"); }));
    EXPECT_EQ(s.images(), 1u);

    // The best back is taken (size 0 removes it); 2.48 is the best back now.
    d.push_delta(nlohmann::json::parse(R"([{"id":"1.116734012","rc":[{"id":47972,"atb":[[2.5,0],[2.48,5]]}]}])"));
    ASSERT_TRUE(seen.wait([&] { return seen.best_back == fx("2.48"); }));
    d.push_delta(nlohmann::json::parse(R"([{"id":"1.116734012","rc":[{"id":47972,"atl":[[2.52,9]]}]}])"), true);
    ASSERT_TRUE(seen.wait([&] { return s.conflated() == 1; }));

    // A forced disconnect; a delta is made while the client is away.
    d.kick();
    ASSERT_TRUE(seen.wait([&] { return seen.statuses.size() >= 2 && !seen.statuses.back().first; }));
    d.push_delta(nlohmann::json::parse(R"([{"id":"1.116734012","rc":[{"id":47972,"atl":[[2.54,3]]}]}])"));
    ASSERT_TRUE(seen.wait([&] { return seen.ups() == 2 && seen.lay_levels == 2; }));

    // The resubscribe carried the last clock; the double answered with only the missed delta.
    std::vector<nlohmann::json> subs;
    for (const auto& r : d.received())
        if (r.value("op", "") == "marketSubscription") subs.push_back(r);
    ASSERT_EQ(subs.size(), 2u);
    EXPECT_FALSE(subs[0].contains("clk"));
    EXPECT_EQ(subs[1].value("clk", ""), "2");
    EXPECT_EQ(subs[1].value("initialClk", ""), "G");
    EXPECT_EQ(d.images_sent(), 1) << "no full image replayed after the reconnect";
    EXPECT_EQ(d.resub_deltas_sent(), 1);
    EXPECT_EQ(s.images(), 1u);
    EXPECT_EQ(s.resub_deltas(), 1u);
    std::lock_guard lk(seen.mu);
    EXPECT_EQ(seen.best_back, fx("2.48")) << "the cache from before the drop is kept";
    EXPECT_EQ(seen.best_lay, fx("2.52"));
}

TEST(BetfairEsaStream, SubscribeTimeoutReconnects) {
    Certs c;
    ASSERT_TRUE(c.ok);
    EsaDouble d(c.cert, c.key, image());
    d.ignore_subscriptions(true);
    Seen seen;
    auto o = options(c, d);
    o.session.subscribe_timeout = 300ms;  // Betfair's is 15 s
    esa::Stream s(o, callbacks(seen));
    s.start();
    ASSERT_TRUE(seen.wait([&] { return seen.down_with("subscribe timeout"); }));
    d.ignore_subscriptions(false);
    ASSERT_TRUE(seen.wait([&] { return seen.ups() == 1; }));
    EXPECT_GE(d.connections(), 2);
}

TEST(BetfairEsaStream, HeartbeatLossReconnects) {
    Certs c;
    ASSERT_TRUE(c.ok);
    EsaDouble d(c.cert, c.key, image());
    d.auto_heartbeats(false);
    Seen seen;
    auto o = options(c, d);
    o.session.heartbeat_gap = 400ms;
    esa::Stream s(o, callbacks(seen));
    s.start();
    ASSERT_TRUE(seen.wait([&] { return seen.ups() == 1; }));
    // The double sends heartbeats only when told: keep the line alive for a while, then stop.
    for (int i = 0; i < 5; ++i) {
        std::this_thread::sleep_for(150ms);
        d.heartbeat();
    }
    {
        std::lock_guard lk(seen.mu);
        EXPECT_FALSE(seen.down_with("heartbeat lost")) << "heartbeats keep the connection";
    }
    ASSERT_TRUE(seen.wait([&] { return seen.down_with("heartbeat lost"); }));
    ASSERT_TRUE(seen.wait([&] { return seen.ups() == 2; }));
    EXPECT_EQ(d.resub_deltas_sent(), 1) << "the reconnect resumed from the heartbeat's clock";
}

TEST(BetfairEsaStream, ConnectionClosedAndFatalErrors) {
    Certs c;
    ASSERT_TRUE(c.ok);
    {
        EsaDouble d(c.cert, c.key, image());
        Seen seen;
        esa::Stream s(options(c, d), callbacks(seen));
        s.start();
        ASSERT_TRUE(seen.wait([&] { return seen.ups() == 1; }));
        d.close_with("TIMEOUT", "Connection is not subscribed and is idle: 15000 ms");
        ASSERT_TRUE(seen.wait([&] { return seen.down_with("TIMEOUT") && seen.down_with("connectionClosed"); }));
        ASSERT_TRUE(seen.wait([&] { return seen.ups() == 2; }));
    }
    {
        EsaDouble d(c.cert, c.key, image());
        Seen seen;
        esa::Stream s(options(c, d, "wrong-app-key"), callbacks(seen));
        s.start();
        ASSERT_TRUE(seen.wait([&] { return seen.down_with("stopped: status INVALID_APP_KEY"); }));
        std::this_thread::sleep_for(600ms);  // more than the back-off: no new attempt
        EXPECT_EQ(d.connections(), 1);
        EXPECT_EQ(seen.ups(), 0);
    }
}

// The kit's TLS line client verifies the server: the double's self-signed certificate is
// refused when the client does not trust it, and the reason says so.
TEST(BetfairEsaStream, AnUntrustedCertificateIsRefused) {
    Certs c;
    ASSERT_TRUE(c.ok);
    EsaDouble d(c.cert, c.key, image());
    Seen seen;
    auto o = options(c, d);
    o.net.ca_file.clear();  // the system store: it does not hold the test's certificate
    esa::Stream s(o, callbacks(seen));
    s.start();
    ASSERT_TRUE(seen.wait([&] { return seen.down_with("connect to 127.0.0.1:"); }));
    s.stop();
    std::lock_guard lk(seen.mu);
    EXPECT_EQ(seen.ups(), 0);
    EXPECT_EQ(d.connections(), 0) << "no TLS session was established";
    bool says_certificate = false;
    for (const auto& st : seen.statuses) says_certificate |= st.second.find("certificate") != std::string::npos;
    EXPECT_TRUE(says_certificate) << seen.statuses.front().second;
}
