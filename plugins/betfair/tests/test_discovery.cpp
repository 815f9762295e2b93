// betfair: market discovery and runner metadata. The filter's checks (pure), then the built
// plugin in the SDK harness against the Betfair double (listMarketCatalogue over HTTP) and the
// ESA double (the market subscription over TLS): the markets found are subscribed, their
// runners published with names, and a marketDefinition change republishes their status.
#include "discovery.hpp"

#include "betfair/betfair_double.hpp"
#include "betfair/esa_double.hpp"

#include <tradehost/testing/harness.hpp>
#include <tradehost/testing/venue.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

namespace tt = tradehost::testing;
namespace bf = tradehost::betfair;
using tradehost::doubles::BetfairDouble;
using tradehost::doubles::EsaDouble;
using nlohmann::json;

namespace {

constexpr auto kWait = std::chrono::seconds(20);

TEST(BetfairDiscoveryFilter, DocumentedFieldsPassAndABadKeyIsNamed) {
    const json f = bf::parse_market_filter(
        "market_filter", R"({"eventTypeIds":["1"],"competitionIds":["10932509"],"marketTypeCodes":["MATCH_ODDS"],
          "marketCountries":["GB"],"textQuery":"Arsenal","inPlayOnly":false,
          "marketStartTime":{"from":"2026-12-03T00:00:00Z","to":"2026-12-04T00:00:00Z"}})");
    EXPECT_EQ(f["marketTypeCodes"][0], "MATCH_ODDS");
    auto message = [](const std::string& text) {
        try {
            bf::parse_market_filter("market_filter", text);
        } catch (const tradehost::ConfigError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_NE(message(R"({"eventTypeIdz":["1"]})").find("market_filter.eventTypeIdz: not a MarketFilter field"),
              std::string::npos);
    EXPECT_NE(message(R"({"eventTypeIds":"1"})").find("market_filter.eventTypeIds: must be a list"), std::string::npos);
    EXPECT_NE(message(R"({"marketCountries":["GB",44]})").find("market_filter.marketCountries[1]: must be a string"),
              std::string::npos);
    EXPECT_NE(message(R"({"marketStartTime":{"from":"tomorrow"}})").find("market_filter.marketStartTime.from"),
              std::string::npos);
    EXPECT_NE(message("[1]").find("market_filter: must be a JSON object"), std::string::npos);
}

TEST(BetfairDiscoveryFilter, PagesKeepTheDataWeightWithin200Points) {
    // MARKET_DESCRIPTION weighs 1; RUNNER_DESCRIPTION, EVENT, MARKET_START_TIME weigh 0.
    EXPECT_EQ(bf::catalogue_weight(bf::kCatalogueProjection), 1);
    EXPECT_EQ(bf::catalogue_weight({"MARKET_DESCRIPTION", "RUNNER_METADATA", "EVENT"}), 2);
    const json p = bf::catalogue_params(json{{"eventTypeIds", {"1"}}}, "2026-12-03T15:00:00Z", 200);
    EXPECT_EQ(p["sort"], "FIRST_TO_START");
    EXPECT_EQ(p["filter"]["marketStartTime"]["from"], "2026-12-03T15:00:00Z");
    EXPECT_EQ(p["filter"]["eventTypeIds"][0], "1");
}

/// The catalogue's documented MarketCatalogue shape.
json market(const std::string& id, const std::string& start, const std::string& event, const std::string& event_type,
            const std::string& country, json runners) {
    return json{{"marketId", id},
                {"marketName", "Match Odds"},
                {"marketStartTime", start},
                {"totalMatched", 0.0},
                {"description", {{"marketType", "MATCH_ODDS"}, {"bettingType", "ODDS"}}},
                {"eventType", {{"id", event_type}, {"name", event_type == "1" ? "Soccer" : "Tennis"}}},
                {"event", {{"id", "3" + id.substr(2)}, {"name", event}, {"countryCode", country}}},
                {"runners", std::move(runners)}};
}

struct BetfairDiscovery : ::testing::Test {
    BetfairDouble venue;
    std::string dir;
    std::unique_ptr<EsaDouble> esa;
    std::unique_ptr<tt::Harness> h;
    tt::VenueRecorder rec;

    void SetUp() override {
        char tmpl[] = "/tmp/th_esa_disc_XXXXXX";
        dir = ::mkdtemp(tmpl);
        const std::string cert = dir + "/cert.pem", key = dir + "/key.pem";
        ASSERT_EQ(std::system(("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 "
                               "-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -keyout " + key + " -out " +
                               cert + " >/dev/null 2>&1").c_str()),
                  0);
        esa = std::make_unique<EsaDouble>(cert, key, json::parse(R"([{"id":"1.116734012","img":true,
          "marketDefinition":{"status":"OPEN","inPlay":false,"bettingType":"ODDS","marketType":"MATCH_ODDS",
            "eventId":"29576123","marketTime":"2026-12-03T15:00:00.000Z",
            "runners":[{"id":47972,"status":"ACTIVE"},{"id":58805,"status":"ACTIVE"}]},
          "rc":[{"id":47972,"atb":[[2.5,10]]}]}])"));
        esa->require_session("");
        std::filesystem::remove_all(dir);
        h = std::make_unique<tt::Harness>(PLUGIN_PATH);
        h->set("identity_url", venue.identity_url());
        h->set("cert_identity_url", venue.identity_url());
        h->set("betting_url", venue.betting_url());
        h->set("account_url", venue.account_url());
        h->set("login", "interactive");
        h->set("verify_tls", "false");
        h->set("http_timeout", "3s");
        h->set("stream_host", "127.0.0.1");
        h->set("stream_port", std::to_string(esa->port()));
        h->set("stream_heartbeat", "500ms");
        h->set_secret("BETFAIR_APP_KEY", BetfairDouble::kAppKey);
        h->set_secret("BETFAIR_USERNAME", BetfairDouble::kUsername);
        h->set_secret("BETFAIR_PASSWORD", BetfairDouble::kPassword);
    }
    void TearDown() override {
        if (h) h->stop();
    }

    std::vector<json> metadata;
    void take_metadata() {
        for (const auto& p : h->take_all("instruments")) {
            const auto* c = reinterpret_cast<const th_custom*>(p.bytes.data());
            ASSERT_EQ(c->custom_type, 0x42460001u);
            metadata.push_back(json::parse(std::string(reinterpret_cast<const char*>(c + 1), c->payload_size)));
        }
    }
    /// The last metadata published for `instrument`, or null.
    json last(const std::string& instrument) {
        json out;
        for (const auto& m : metadata)
            if (m["instrument"] == instrument) out = m;
        return out;
    }
    bool wait_meta(const std::function<bool()>& pred) {
        return rec.wait(*h, [&] {
            take_metadata();
            return pred();
        }, kWait);
    }
    /// The market ids of the last marketSubscription the ESA double received.
    std::vector<std::string> subscribed() {
        std::vector<std::string> ids;
        for (const auto& r : esa->received())
            if (r.value("op", "") == "marketSubscription") {
                ids.clear();
                for (const auto& id : r["marketFilter"]["marketIds"]) ids.push_back(id.get<std::string>());
            }
        return ids;
    }
    std::string diagnostics() const {
        std::string out = "log:\n";
        for (const auto& l : h->log_lines()) out += "  " + l + "\n";
        out += "venue errors:\n";
        for (const auto& e : venue.errors()) out += "  " + e + "\n";
        return out;
    }
};

TEST_F(BetfairDiscovery, ABadFilterKeyIsAConfigErrorNamingIt) {
    h->set("market_filter", R"({"eventTypeIds":["1"],"marketTypes":["MATCH_ODDS"]})");
    try {
        h->create();
        FAIL() << "create accepted a filter with an unknown field";
    } catch (const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find("market_filter.marketTypes: not a MarketFilter field"), std::string::npos)
            << e.what();
    }
}

TEST_F(BetfairDiscovery, DiscoverySubscribesTheMarketsFoundAndPublishesTheirRunners) {
    // The match at 15:00 with its runners; 250 more GB football markets an hour apart from
    // 16:00 (more than one page of 200); a tennis market the filter leaves out.
    venue.add_catalogue_market(market("1.116734012", "2026-12-03T15:00:00.000Z", "Arsenal v Chelsea", "1", "GB",
                                      json::parse(R"([{"selectionId":47972,"runnerName":"Arsenal","handicap":0.0,"sortPriority":1},
                                                      {"selectionId":58805,"runnerName":"Chelsea","handicap":0.0,"sortPriority":2},
                                                      {"selectionId":58806,"runnerName":"The Draw","handicap":0.0,"sortPriority":3}])")));
    for (int i = 0; i < 250; ++i) {
        char start[32];
        std::snprintf(start, sizeof start, "2026-12-%02dT%02d:00:00.000Z", 3 + (16 + i) / 24, (16 + i) % 24);
        venue.add_catalogue_market(market("1.2000" + std::to_string(10000 + i), start, "Team " + std::to_string(i) + " v Rivals",
                                          "1", "GB", json::parse(R"([{"selectionId":1,"runnerName":"Home","handicap":0.0}])")));
    }
    venue.add_catalogue_market(market("1.300000001", "2026-12-03T15:30:00.000Z", "Alcaraz v Sinner", "2", "GB", json::array()));
    h->set("market_filter", R"({"eventTypeIds":["1"],"marketCountries":["GB"],"marketTypeCodes":["MATCH_ODDS"]})");
    h->set("discover_max_results", "1000");
    h->set("stream_markets", "1.999999999");
    h->create();
    h->start();

    ASSERT_TRUE(rec.wait(*h, [&] { return subscribed().size() == 252; }, kWait)) << diagnostics();
    const auto ids = subscribed();
    EXPECT_TRUE(std::find(ids.begin(), ids.end(), "1.116734012") != ids.end());
    EXPECT_TRUE(std::find(ids.begin(), ids.end(), "1.999999999") != ids.end()) << "the configured id stays";
    EXPECT_TRUE(std::find(ids.begin(), ids.end(), "1.300000001") == ids.end()) << "tennis is not in the filter";
    // Two pages, each within 200 points (the double answers TOO_MUCH_DATA otherwise).
    const auto calls = venue.calls("listMarketCatalogue");
    ASSERT_EQ(calls.size(), 2u) << diagnostics();
    for (const auto& c : calls) {
        const json p = json::parse(c);
        EXPECT_LE(p["maxResults"].get<int>(), 200);
        EXPECT_EQ(p["sort"], "FIRST_TO_START");
    }
    EXPECT_TRUE(venue.errors().empty()) << diagnostics();

    // Names from the catalogue, states from the stream's definition.
    ASSERT_TRUE(wait_meta([&] { return last("1.116734012:47972").value("market_status", "") == "OPEN"; })) << diagnostics();
    json arsenal = last("1.116734012:47972");
    EXPECT_EQ(arsenal["name"], "Arsenal");
    EXPECT_EQ(arsenal["event_name"], "Arsenal v Chelsea");
    EXPECT_EQ(arsenal["market_type"], "MATCH_ODDS");
    EXPECT_EQ(arsenal["start_time"], "2026-12-03T15:00:00.000Z");
    EXPECT_EQ(arsenal["runner_status"], "ACTIVE");
    EXPECT_EQ(arsenal["in_play"], false);
    EXPECT_EQ(last("1.116734012:58806")["name"], "The Draw");
    const auto info = h->instrument_info(h->intern("1.116734012:47972"));
    ASSERT_TRUE(info.has_value());
    EXPECT_EQ(info->asset_class, TH_ASSET_BETTING_SELECTION);
    EXPECT_STREQ(info->group, "1.116734012");
    EXPECT_EQ(info->min_price, tt::fx("1.01"));
    EXPECT_EQ(info->max_price, tt::fx("1000"));
    EXPECT_GT(info->expiry, 0);

    // The market turns in-play and is suspended: republished with the names kept.
    esa->push_delta(json::parse(R"([{"id":"1.116734012","marketDefinition":{"status":"SUSPENDED","inPlay":true,
      "bettingType":"ODDS","marketType":"MATCH_ODDS","eventId":"29576123","marketTime":"2026-12-03T15:00:00.000Z",
      "runners":[{"id":47972,"status":"ACTIVE"},{"id":58805,"status":"ACTIVE"}]}}])"));
    ASSERT_TRUE(wait_meta([&] { return last("1.116734012:47972").value("market_status", "") == "SUSPENDED"; }))
        << diagnostics();
    arsenal = last("1.116734012:47972");
    EXPECT_EQ(arsenal["in_play"], true);
    EXPECT_EQ(arsenal["name"], "Arsenal");
    // Settled: Arsenal won.
    esa->push_delta(json::parse(R"([{"id":"1.116734012","marketDefinition":{"status":"CLOSED","inPlay":true,
      "bettingType":"ODDS","marketType":"MATCH_ODDS","eventId":"29576123","marketTime":"2026-12-03T15:00:00.000Z",
      "runners":[{"id":47972,"status":"WINNER"},{"id":58805,"status":"LOSER"}]}}])"));
    ASSERT_TRUE(wait_meta([&] { return last("1.116734012:47972").value("runner_status", "") == "WINNER"; }))
        << diagnostics();
    EXPECT_EQ(last("1.116734012:47972")["market_status"], "CLOSED");
    EXPECT_EQ(last("1.116734012:58805")["runner_status"], "LOSER");
    EXPECT_EQ(last("1.116734012:58805")["name"], "Chelsea");
}

// On the schedule: a market listed after start is found by the next run and subscribed; a run
// that finds the same markets leaves the subscription alone.
TEST_F(BetfairDiscovery, TheNextRunSubscribesAMarketListedSinceAndASameSetDoesNotResubscribe) {
    venue.add_catalogue_market(market("1.116734012", "2026-12-03T15:00:00.000Z", "Arsenal v Chelsea", "1", "GB",
                                      json::parse(R"([{"selectionId":47972,"runnerName":"Arsenal","handicap":0.0}])")));
    h->set("market_filter", R"({"eventTypeIds":["1"]})");
    h->set("discover_interval", "200ms");
    h->create();
    h->start();
    ASSERT_TRUE(rec.wait(*h, [&] { return subscribed() == std::vector<std::string>{"1.116734012"}; }, kWait))
        << diagnostics();
    // Several runs later, still one subscription: the set did not change.
    ASSERT_TRUE(rec.wait(*h, [&] { return venue.calls("listMarketCatalogue").size() >= 3; }, kWait)) << diagnostics();
    auto subscriptions = [&] {
        int n = 0;
        for (const auto& r : esa->received()) n += r.value("op", "") == "marketSubscription";
        return n;
    };
    EXPECT_EQ(subscriptions(), 1);
    venue.add_catalogue_market(market("1.116734013", "2026-12-03T17:30:00.000Z", "Spurs v Everton", "1", "GB",
                                      json::parse(R"([{"selectionId":48044,"runnerName":"Spurs","handicap":0.0}])")));
    ASSERT_TRUE(rec.wait(*h, [&] {
        return subscribed() == std::vector<std::string>{"1.116734012", "1.116734013"};
    }, kWait)) << diagnostics();
    ASSERT_TRUE(wait_meta([&] { return last("1.116734013:48044").value("name", "") == "Spurs"; })) << diagnostics();
    EXPECT_EQ(last("1.116734013:48044")["event_name"], "Spurs v Everton");
}

// A failed run is logged, counted and published as a status; the next run recovers.
TEST_F(BetfairDiscovery, AFailedRunIsAStatusAndTheNextRunRecovers) {
    venue.add_catalogue_market(market("1.116734012", "2026-12-03T15:00:00.000Z", "Arsenal v Chelsea", "1", "GB",
                                      json::parse(R"([{"selectionId":47972,"runnerName":"Arsenal","handicap":0.0}])")));
    venue.fail_calls("listMarketCatalogue", "TOO_MANY_REQUESTS");
    h->set("market_filter", R"({"eventTypeIds":["1"]})");
    h->set("discover_interval", "200ms");
    h->create();
    h->start();
    ASSERT_TRUE(rec.wait(*h, [&] { return rec.count_status(TH_VENUE_GAP, "market discovery failed: TOO_MANY_REQUESTS") >= 1; },
                         kWait))
        << diagnostics();
    EXPECT_GE(h->metric("discover_failed"), 1);
    EXPECT_TRUE(subscribed().empty());
    venue.fail_calls("listMarketCatalogue", "");
    ASSERT_TRUE(rec.wait(*h, [&] { return subscribed() == std::vector<std::string>{"1.116734012"}; }, kWait))
        << diagnostics();
}

}  // namespace
