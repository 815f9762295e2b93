// The Betfair Exchange Stream API double: a TLS server on 127.0.0.1 (OpenSSL, the test's own
// self-signed certificate) speaking ESA as documented (read 2026-12-03): `connection` on
// accept, `authentication` checked against the app key and a session token, a
// `marketSubscription` answered with `status` SUCCESS and then either a SUB_IMAGE (segmented:
// the image, then every delta so far, clocks on SEG_END) or, when the subscription carries a
// `clk` the double issued, a RESUB_DELTA with only the deltas after it. Tests push deltas
// (optionally conflated, `con: true`), heartbeats, a forced disconnect, a `connectionClosed`
// status, or make the double ignore subscriptions (the subscribe timeout). Any number of
// clients (the plugin's market and order streams), one thread each. Thread-safe.
#pragma once

#include <nlohmann/json.hpp>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace tradehost::doubles {

class EsaDouble {
public:
    static constexpr const char* kAppKey = "fake-app-key-0001";
    static constexpr const char* kSession = "fake-session-token";

    /// `cert` and `key`: PEM files (the test makes them with openssl req -x509).
    EsaDouble(const std::string& cert, const std::string& key, nlohmann::json image_mc);
    ~EsaDouble();
    EsaDouble(const EsaDouble&) = delete;
    EsaDouble& operator=(const EsaDouble&) = delete;

    int port() const noexcept { return port_; }

    /// A delta (an `mc` array) at the next clock, sent to a subscribed client now.
    void push_delta(nlohmann::json mc, bool conflated = false);
    void heartbeat();
    /// Like Betfair, send HEARTBEAT on each subscription after heartbeatMs without a message
    /// (on by default; off for the heartbeat-loss test).
    void auto_heartbeats(bool on) { auto_hb_ = on; }
    /// Closes the client's connection without a word.
    void kick();
    /// Sends status FAILURE `code` with connectionClosed, then closes.
    void close_with(const std::string& code, const std::string& message);
    /// Accept this session token only ("": any non-empty token, e.g. the HTTP double's).
    void require_session(std::string token) {
        std::lock_guard lk(mu_);
        session_ = std::move(token);
    }
    /// An order change (an `oc` array), sent to an order subscription now (and kept for
    /// the images of later subscriptions).
    void push_ocm(nlohmann::json oc);
    int order_subscriptions() const noexcept { return order_subs_.load(); }
    /// Subscriptions are read but not answered (the subscribe timeout).
    void ignore_subscriptions(bool on) { ignore_subs_ = on; }

    // What the double saw.
    std::vector<nlohmann::json> received() const;
    int connections() const noexcept { return connections_.load(); }
    int images_sent() const noexcept { return images_.load(); }
    int resub_deltas_sent() const noexcept { return resubs_.load(); }

private:
    struct Impl;
    struct Conn;
    void run();
    void serve(Conn& c);
    void on_request(Conn& c, const nlohmann::json& r);

    Impl* impl_;
    int port_ = 0;
    nlohmann::json image_mc_;
    std::vector<nlohmann::json> deltas_;   ///< deltas_[i] has clk "i+1"
    std::vector<nlohmann::json> received_;
    std::vector<std::unique_ptr<Conn>> conns_;   ///< every client so far (closed ones too)
    std::string session_ = kSession;
    std::vector<nlohmann::json> order_changes_;
    mutable std::mutex mu_;
    std::atomic<bool> ignore_subs_{false}, stop_{false}, auto_hb_{true};
    std::atomic<int> connections_{0}, images_{0}, resubs_{0}, order_subs_{0};
    std::thread thread_;
};

}  // namespace tradehost::doubles
