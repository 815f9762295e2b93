// The OAuth refresh-token session: persistence before use, the file over the env var, one
// refresh per 401, and a clear, token-free failure for a spent refresh token.
#include "auth.hpp"
#include "qt_fixture.hpp"

#include <atomic>
#include <mutex>

using namespace qt_test;
using tradehost::questrade::AuthError;
using tradehost::questrade::Session;
using tradehost::questrade::SessionOptions;

namespace {

SessionOptions options(const QuestradeDouble& venue, const std::string& file, std::string initial) {
    SessionOptions o;
    o.login_url = venue.url();
    o.token_file = file;
    o.initial_token = std::move(initial);
    o.http.verify_tls = false;
    return o;
}

}  // namespace

TEST_F(Questrade, NewRefreshTokenIsOnDiskBeforeTheFirstApiRequest) {
    const std::string first = venue.issue_refresh_token();
    std::mutex mu;
    std::string file_at_first_request;
    std::string valid_at_first_request;
    std::atomic<bool> seen{false};
    venue.on_api_request([&](const tradehost::doubles::Request&) {
        if (seen.exchange(true)) return;
        std::lock_guard<std::mutex> lk(mu);
        file_at_first_request = read_file(token_file);
        valid_at_first_request = venue.latest_refresh_token();
    });
    make(first);
    const bool connected = wait_status(TH_VENUE_CONNECTED);
    // The hook captures this frame's locals: stop the plugin and drop the hook before they die.
    h->stop_if_started();
    venue.on_api_request(nullptr);
    ASSERT_TRUE(connected);
    std::lock_guard<std::mutex> lk(mu);
    ASSERT_TRUE(seen.load());
    EXPECT_FALSE(valid_at_first_request.empty());
    EXPECT_NE(valid_at_first_request, first);
    EXPECT_EQ(file_at_first_request, valid_at_first_request)
        << "the API was called before the new refresh token was saved";
}

TEST_F(Questrade, SecondStartUsesTheFileNotTheSpentEnvToken) {
    const std::string first = venue.issue_refresh_token();
    make(first);
    ASSERT_TRUE(wait_status(TH_VENUE_CONNECTED));
    h->stop_if_started();
    const std::string saved = read_file(token_file);
    ASSERT_EQ(saved, venue.latest_refresh_token());

    statuses.clear();
    make(first);  // the env var still holds the first (now spent) token
    ASSERT_TRUE(wait_status(TH_VENUE_CONNECTED));
    const auto attempts = venue.login_attempts();
    ASSERT_EQ(attempts.size(), 2u);
    EXPECT_EQ(attempts[0].first, first);
    EXPECT_EQ(attempts[1].first, saved);
    EXPECT_TRUE(attempts[1].second);
    EXPECT_EQ(read_file(token_file), venue.latest_refresh_token());
}

TEST_F(Questrade, SessionRefreshesOncePerUnauthorizedRequest) {
    const std::string first = venue.issue_refresh_token();
    Session s(options(venue, token_file, first));
    const Session::Access a = s.access();
    EXPECT_EQ(s.refreshes(), 1u);
    EXPECT_EQ(s.access().token, a.token);  // cached, no second login
    venue.expire_access_tokens();
    // Two threads saw the same 401: only one refresh.
    s.invalidate(a.generation);
    s.invalidate(a.generation);
    const Session::Access b = s.access();
    EXPECT_NE(b.token, a.token);
    EXPECT_EQ(s.refreshes(), 2u);
    s.invalidate(a.generation);  // stale generation: ignored
    EXPECT_EQ(s.access().token, b.token);
    EXPECT_EQ(s.refreshes(), 2u);
}

TEST_F(Questrade, UnauthorizedMidSessionTriggersExactlyOneRefreshAndTheRequestSucceeds) {
    const std::string first = venue.issue_refresh_token();
    make(first, {"AAPL"});
    venue.set_quote("AAPL", "189.5", 100, "189.52", 200);
    std::vector<th_quote> quotes;
    ASSERT_TRUE(wait<th_quote>("quotes", quotes, [&] { return !quotes.empty(); }));
    ASSERT_TRUE(wait_status(TH_VENUE_RECONCILED));
    const size_t logins_before = venue.login_attempts().size();
    ASSERT_EQ(logins_before, 1u);

    venue.expire_access_tokens();
    quotes.clear();
    // Quotes keep arriving, and exactly one new login served both threads.
    ASSERT_TRUE(wait<th_quote>("quotes", quotes, [&] { return quotes.size() >= 3; }));
    const auto attempts = venue.login_attempts();
    ASSERT_EQ(attempts.size(), 2u);
    EXPECT_TRUE(attempts[1].second);
    int unauthorized = 0, ok_after = 0;
    bool after = false;
    for (const auto& r : venue.api_log()) {
        if (r.status == 401) ++unauthorized, after = true;
        else if (after && r.status == 200) ++ok_after;
    }
    EXPECT_GE(unauthorized, 1);
    EXPECT_LE(unauthorized, 2);  // at most one per thread in flight when the token died
    EXPECT_GT(ok_after, 0);
}

TEST_F(Questrade, SpentRefreshTokenIsAClearErrorWithoutTheToken) {
    const std::string first = venue.issue_refresh_token();
    {
        Session s(options(venue, dir + "/other.token", first));
        s.access();  // spends `first`
    }
    make(first);
    ASSERT_TRUE(wait<th_venue_status>("status", statuses, [&] {
        for (const auto& s : statuses)
            if (s.state == TH_VENUE_DISCONNECTED && std::string(s.text).find("refused") != std::string::npos)
                return true;
        return false;
    }));
    for (const auto& s : statuses) {
        EXPECT_NE(s.state, TH_VENUE_CONNECTED);
        EXPECT_EQ(std::string(s.text).find(first), std::string::npos);
    }
    EXPECT_FALSE(logs_contain(first));
    EXPECT_TRUE(logs_contain("refused the refresh token"));
    EXPECT_FALSE(std::filesystem::exists(token_file));
    // Final: no hammering of the login server.
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_EQ(venue.login_attempts().size(), 2u);

    // Orders are rejected with the reason instead of waiting forever.
    h->send("orders", order("c-1", TH_SIDE_BUY, "1"));
    ASSERT_TRUE(wait<th_execution_report>("exec_reports", reports, [&] { return !reports.empty(); }));
    EXPECT_EQ(reports[0].exec_type, TH_EXEC_REJECTED);
    EXPECT_NE(std::string(reports[0].reason).find("not logged in"), std::string::npos);
}
