// A loopback double of The Odds API v4, on the venue doubles' server, built from the v4
// documentation: GET /v4/sports/{sport}/odds and /scores, the apiKey query parameter checked
// (MISSING_KEY / INVALID_KEY, 401), markets and regions checked (INVALID_MARKET /
// INVALID_REGION, 422), the usage quota charged markets x regions per odds call and 1 (2 with
// daysFrom) per scores call, and reported in x-requests-remaining/-used/-last; out of
// credits it answers 401 OUT_OF_USAGE_CREDITS. Tests set the bodies and may inject 429s.
#pragma once

#include "double/loopback_server.hpp"

#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <string>

namespace tradehost::odds_api::testing {

inline std::string read_test_file(const std::string& name) {
    std::ifstream in(std::string(TEST_DATA_DIR) + "/" + name, std::ios::binary);
    std::ostringstream o;
    o << in.rdbuf();
    return o.str();
}

class OddsApiDouble {
public:
    explicit OddsApiDouble(std::string key, int64_t quota = 500) : key_(std::move(key)), remaining_(quota) {
        server_.route("GET", "/v4/sports/*/odds", [this](const doubles::Request& r) { return answer(r, true); });
        server_.route("GET", "/v4/sports/*/scores", [this](const doubles::Request& r) { return answer(r, false); });
    }
    void set_odds(const std::string& sport, std::string body) {
        std::lock_guard<std::mutex> lk(mu_);
        odds_[sport] = std::move(body);
    }
    void set_scores(const std::string& sport, std::string body) {
        std::lock_guard<std::mutex> lk(mu_);
        scores_[sport] = std::move(body);
    }
    void set_remaining(int64_t n) {
        std::lock_guard<std::mutex> lk(mu_);
        remaining_ = n;
    }
    /// The next `count` requests are answered 429 EXCEEDED_FREQ_LIMIT (with Retry-After if > 0).
    void inject_429(int count, int retry_after_s) {
        doubles::Response r = doubles::Response::json(429, read_test_file("error_freq_limit.json"));
        if (retry_after_s > 0) r.headers.emplace_back("Retry-After", std::to_string(retry_after_s));
        server_.inject(r, count);
    }
    std::string url() const { return server_.http_url(); }
    std::vector<doubles::Request> requests(const std::string& sport, const std::string& what) const {
        return server_.requests("GET", "/v4/sports/" + sport + "/" + what);
    }

private:
    static doubles::Response error(int status, const std::string& file) { return doubles::Response::json(status, read_test_file(file)); }

    doubles::Response answer(const doubles::Request& r, bool odds) {
        std::lock_guard<std::mutex> lk(mu_);
        const std::string* key = r.param("apiKey");
        if (key == nullptr)
            return doubles::Response::json(401, R"({"message":"API key is missing.","error_code":"MISSING_KEY","details_url":"https://the-odds-api.com/liveapi/guides/v4/api-error-codes.html#missing-key"})");
        if (*key != key_) return error(401, "error_invalid_key.json");
        int64_t cost = 1;
        if (odds) {
            static const std::set<std::string> kMarkets = {"h2h", "spreads", "totals", "outrights", "h2h_lay", "outrights_lay"};
            static const std::set<std::string> kRegions = {"us", "us2", "uk", "au", "eu"};
            const std::string* markets = r.param("markets");
            int64_t n_markets = 0, n_regions = 0;
            for (const std::string& m : split(markets ? *markets : "h2h")) {
                if (!kMarkets.count(m)) return error(422, "error_invalid_market.json");
                ++n_markets;
            }
            if (const std::string* books = r.param("bookmakers")) {
                n_regions = (static_cast<int64_t>(split(*books).size()) + 9) / 10;
            } else {
                const std::string* regions = r.param("regions");
                if (regions == nullptr)
                    return doubles::Response::json(422, R"({"message":"Missing regions parameter.","error_code":"MISSING_REGION","details_url":"https://the-odds-api.com/liveapi/guides/v4/api-error-codes.html#missing-region"})");
                for (const std::string& g : split(*regions)) {
                    if (!kRegions.count(g))
                        return doubles::Response::json(422, R"({"message":"Invalid regions parameter.","error_code":"INVALID_REGION","details_url":"https://the-odds-api.com/liveapi/guides/v4/api-error-codes.html#invalid-region"})");
                    ++n_regions;
                }
            }
            cost = n_markets * n_regions;
        } else if (const std::string* days = r.param("daysFrom")) {
            cost = *days == "0" ? 1 : 2;
        }
        if (remaining_ < cost) return error(401, "error_out_of_credits.json");
        remaining_ -= cost;
        used_ += cost;
        const std::string sport = r.segment(2);
        auto& bodies = odds ? odds_ : scores_;
        auto it = bodies.find(sport);
        doubles::Response resp = it == bodies.end()
                                     ? doubles::Response::json(404, R"({"message":"Unknown sport.","error_code":"UNKNOWN_SPORT","details_url":"https://the-odds-api.com/liveapi/guides/v4/api-error-codes.html#unknown-sport"})")
                                     : doubles::Response::json(200, it->second);
        resp.headers.emplace_back("x-requests-remaining", std::to_string(remaining_));
        resp.headers.emplace_back("x-requests-used", std::to_string(used_));
        resp.headers.emplace_back("x-requests-last", std::to_string(cost));
        return resp;
    }

    static std::vector<std::string> split(const std::string& s) {
        std::vector<std::string> out;
        std::istringstream in(s);
        for (std::string part; std::getline(in, part, ',');) out.push_back(part);
        return out;
    }

    std::string key_;
    doubles::LoopbackServer server_;
    std::mutex mu_;
    std::map<std::string, std::string> odds_, scores_;
    int64_t remaining_ = 0, used_ = 0;
};

}  // namespace tradehost::odds_api::testing
