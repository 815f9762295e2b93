// `tradehost order` through the polymarket adapter: the host as a child process runs the
// venue instance alone with an order ticket, against the CLOB double, which derives the
// credentials, checks the L2 HMAC and recovers the order's EIP-712 signer.
#include "double/host_process.hpp"
#include "polymarket/polymarket_double.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

constexpr const char* kKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
constexpr const char* kAddress = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
constexpr const char* kToken = "71321045679252212594626385532706912750332728571942532289631379312455583992563";

class PolymarketOrderCli : public ::testing::Test {
protected:
    std::filesystem::path dir;
    void SetUp() override {
        dir = std::filesystem::temp_directory_path() / ("th_polymarket_cli_" + std::to_string(::getpid()));
        std::filesystem::remove_all(dir);
        std::filesystem::create_directories(dir);
    }
    void TearDown() override { std::filesystem::remove_all(dir); }
};

TEST_F(PolymarketOrderCli, OneSignedOrderAndOneLocalRefusal) {
    tradehost::doubles::PolymarketDouble venue{kAddress};
    venue.add_market(kToken, "0xc0ffee01", "0.01", "5", false);
    ::setenv("POLYMARKET_PRIVATE_KEY", kKey, 1);
    const std::string cfg = (dir / "polymarket.yaml").string();
    std::ofstream(cfg) << "host:\n  journal: " << (dir / "journal.db").string()
                       << "\n  api: {enabled: false}\n  log: {level: info}\n"
                          "instances:\n  venue:\n    use: polymarket\n    config:\n      rest_url: "
                       << venue.rest_url() << "\n      market_ws_url: \"\"\n      user_ws_url: \"\"\n"
                       << "      verify_tls: false\n      tokens: [\"" << kToken << "\"]\n";
    const std::string log = (dir / "order.log").string();
    pid_t pid = tradehost::doubles::spawn_host(
        TRADEHOST_EXE, {"order", cfg, "--instance", "venue", "buy", kToken, "10", "--limit", "0.5", "--id", "cli-1",
                        "--timeout", "30"},
        log);
    EXPECT_EQ(tradehost::doubles::wait_exit(pid), 0) << tradehost::doubles::slurp(log);
    const std::string out = tradehost::doubles::slurp(log);
    EXPECT_NE(out.find("exec_type=NEW client_order_id=cli-1"), std::string::npos) << out;
    EXPECT_EQ(venue.order_count(), 1u);
    EXPECT_EQ(venue.l2_failures(), 0);

    // Off the tick: refused before signing, in the venue's words, and the command fails.
    const std::string log2 = (dir / "order2.log").string();
    pid = tradehost::doubles::spawn_host(
        TRADEHOST_EXE, {"order", cfg, "--instance", "venue", "buy", kToken, "10", "--limit", "0.555", "--id", "cli-2",
                        "--timeout", "30"},
        log2);
    EXPECT_EQ(tradehost::doubles::wait_exit(pid), 1) << tradehost::doubles::slurp(log2);
    EXPECT_NE(tradehost::doubles::slurp(log2).find("breaks minimum tick size rule: 0.01"), std::string::npos)
        << tradehost::doubles::slurp(log2);
    EXPECT_EQ(venue.order_count(), 1u);

    // ABI 1.2 from the command line: good till 2099-01-01T00:00:00Z, post-only. The venue gets
    // a GTD order whose expiration is that time plus Polymarket's 60 s threshold.
    const std::string log3 = (dir / "order3.log").string();
    pid = tradehost::doubles::spawn_host(
        TRADEHOST_EXE, {"order", cfg, "--instance", "venue", "buy", kToken, "10", "--limit", "0.4", "--id", "cli-3",
                        "--tif", "gtd", "--expire", "2099-01-01T00:00:00Z", "--post-only", "--timeout", "30"},
        log3);
    EXPECT_EQ(tradehost::doubles::wait_exit(pid), 0) << tradehost::doubles::slurp(log3);
    ASSERT_EQ(venue.order_count(), 2u);
    bool found = false;
    for (const auto& id : venue.order_ids()) {
        const auto sent = venue.sent(id);
        if (sent.order_type != "GTD") continue;
        found = true;
        EXPECT_EQ(sent.post_only, "true");
        EXPECT_EQ(sent.expiration, std::to_string(4070908800LL + 60));  // 2099-01-01 in unix seconds, + 60
    }
    EXPECT_TRUE(found) << tradehost::doubles::slurp(log3);
}

}  // namespace
