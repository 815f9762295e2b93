// The polymarket plugin in the SDK harness against the CLOB double over REST only (its
// streams have tests of their own): the fixture the execution, order-type and mass-cancel
// tests share. make() sets the config, start() waits for the first reconciliation.
#pragma once

#include "polymarket/polymarket_double.hpp"

#include <tradehost/testing/harness.hpp>
#include <tradehost/testing/venue.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>

namespace polymarket_test {

// Hardhat's first development key: public, never a real wallet.
inline constexpr const char* kKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
inline constexpr const char* kAddress = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
inline constexpr const char* kYes = "71321045679252212594626385532706912750332728571942532289631379312455583992563";
inline constexpr const char* kNegRisk = "52114319501245915516055106046884209969926127482827954674443846427813813222426";

class PolymarketRestTest : public ::testing::Test {
protected:
    tradehost::doubles::PolymarketDouble venue{kAddress};
    std::unique_ptr<tradehost::testing::Harness> h;
    tradehost::testing::VenueRecorder rec;

    void SetUp() override {
        venue.add_market(kYes, "0xc0ffee01", "0.01", "5", false);
        venue.add_market(kNegRisk, "0xc0ffee02", "0.001", "5", true);
    }
    void TearDown() override {
        if (h) h->stop();
    }

    void make() {
        h = std::make_unique<tradehost::testing::Harness>(PLUGIN_PATH);
        h->set("rest_url", venue.rest_url());
        h->set("market_ws_url", "");  // REST only here: the streams have tests of their own
        h->set("user_ws_url", "");
        h->set_list("tokens", {kYes, kNegRisk});
        h->set("verify_tls", "false");
        h->set("poll_interval", "100ms");
        h->set("http_timeout", "3s");
        h->set("rate_limit_backoff", "20ms");
        h->set_secret("POLYMARKET_PRIVATE_KEY", kKey);
    }

    void start() {
        h->create();
        h->start();
        ASSERT_TRUE(rec.wait(*h, [&] { return rec.count_status(TH_VENUE_RECONCILED) >= 1; }, std::chrono::seconds(20)))
            << diagnostics();
    }

    std::string diagnostics() const {
        std::string out = "log:\n";
        for (const auto& l : h->log_lines()) out += "  " + l + "\n";
        out += "venue errors:\n";
        for (const auto& e : venue.errors()) out += "  " + e + "\n";
        return out;
    }

    bool accepted(const std::string& cid) {
        return rec.wait(*h, [&] { return rec.count_reports(cid, TH_EXEC_NEW) == 1; }, std::chrono::seconds(20));
    }
};

}  // namespace polymarket_test
