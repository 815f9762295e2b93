// The odds_api feed: polls The Odds API v4 for the odds and the scores of each configured
// sport, publishes every changed price as a th_odds and every selection of a completed event
// as a th_settlement. It paces itself by the quota headers, backs off on errors, and says
// both in venue-status events (/healthz) and metrics.
#pragma once

#include "config.hpp"
#include "selections.hpp"

#include <tradehost/plugin.hpp>
#include <tradehost/venue/http_client.hpp>
#include <tradehost/venue/json.hpp>

#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

namespace tradehost::odds_api {

enum Port : uint32_t { kOddsOut = 0, kSettlementsOut = 1, kStatusOut = 2 };

class OddsFeed {
public:
    OddsFeed(Host host, const Config& cfg);
    void start();
    void stop();
    void on_timer(uint64_t id, th_time_ns now);

private:
    enum class Kind { Odds, Scores };
    struct Poll {
        std::string sport;
        Kind kind = Kind::Odds;
        int64_t interval_ns = 0;
        th_time_ns next_due = 0;
        int failures = 0;
        bool down = false;  // its last failure was reported and it has not recovered
        int replayed = 0;   // replay: files read so far
        bool done = false;  // replay: no next file
        std::string path() const;  // "/v4/sports/<sport>/odds" (never with the key)
    };
    struct Last {
        th_fixed price = 0;
        int64_t ts = 0;
    };

    void poll(Poll& p, th_time_ns now);
    /// Replay: the next recorded response of `p` as if the API had sent it; false when there is none.
    bool replay(Poll& p, venue::HttpResponse& out);
    std::string url_of(const Poll& p) const;
    /// Reads the quota headers; false when the quota is spent (polling paused).
    bool read_quota(const venue::HttpResponse& r, Poll& p, th_time_ns now);
    void on_odds(const std::string& body, Poll& p, th_time_ns now);
    void on_scores(const std::string& body, Poll& p, th_time_ns now);
    void failed(Poll& p, const std::string& why, const std::string& detail, int64_t wait_ns, th_time_ns now);
    void recovered(Poll& p, th_time_ns now);
    void status(th_venue_state state, const std::string& text, th_time_ns now);
    void gauge(const char* name, int64_t value, int64_t& last);
    void save();

    Host host_;
    Settings s_;
    std::string key_;  // the API key, read at start; never logged
    std::vector<Poll> polls_;
    std::unique_ptr<venue::HttpClient> http_;
    std::map<std::tuple<std::string, std::string, uint8_t>, Last> last_;  // symbol, bookmaker, side
    Selections selections_;
    venue::json::Decoder decoder_;  // reused: no parser allocation per poll once warm
    std::vector<OddsRow> rows_;
    int64_t remaining_ = -1, used_ = -1;          // the last quota headers; -1: none yet
    int64_t remaining_gauge_ = 0, used_gauge_ = 0;  // what the metrics show
    bool slow_ = false;
    uint64_t timer_ = 0;
    bool timer_on_ = false, loaded_ = false;
};

}  // namespace tradehost::odds_api
