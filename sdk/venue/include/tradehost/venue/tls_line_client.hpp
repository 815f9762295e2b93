// A TLS connection carrying newline-delimited text both ways (Betfair's Exchange Stream API:
// CRLF-delimited JSON on port 443), on its own thread, reconnecting with back-off. The peer
// certificate is verified by default (the system store, or `ca_file`).
//
// Threads: every handler runs on the client's thread; send() and drop() may only be called
// from a handler (the protocol state machine that decides what to send lives there too).
// stop() may be called from any other thread and returns once the thread has ended.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <thread>

namespace tradehost::venue {

struct TlsLineOptions {
    std::string host;
    int port = 443;
    bool verify_tls = true;
    std::string ca_file;                                   ///< empty: the system store
    std::chrono::milliseconds connect_timeout{10000};
    std::chrono::milliseconds reconnect_base{500}, reconnect_max{30000};
    /// How often on_tick runs while connected (timeouts live in the handler's state machine).
    std::chrono::milliseconds tick{100};
};

class TlsLineClient {
public:
    struct Handlers {
        std::function<void(TlsLineClient&)> on_open;               ///< connected, TLS up
        std::function<void(TlsLineClient&, std::string_view)> on_line;  ///< without CR/LF; empty lines skipped
        std::function<void(TlsLineClient&)> on_tick;
        /// The connection ended or could not be made; `reason` says why (the next attempt
        /// follows after the back-off delay, unless stopping).
        std::function<void(const std::string& reason)> on_close;
    };

    TlsLineClient(TlsLineOptions options, Handlers handlers);
    ~TlsLineClient();  ///< stops
    TlsLineClient(const TlsLineClient&) = delete;
    TlsLineClient& operator=(const TlsLineClient&) = delete;

    void start();
    void stop();
    /// Writes `text` as is (the caller adds the line ending). False when the connection broke.
    bool send(std::string_view text);
    /// Ends the current connection after the running handler returns; reconnects after back-off.
    void drop(std::string reason);
    /// Ends the current connection for good (an error no reconnect can fix): no new attempt.
    void finish(std::string reason);
    uint64_t connects() const noexcept { return connects_.load(); }

private:
    struct Conn;
    void run();
    bool connect(std::string& why);
    void serve();

    TlsLineOptions opt_;
    Handlers h_;
    std::unique_ptr<Conn> conn_;
    std::string drop_reason_;
    bool drop_ = false;
    bool done_ = false;  ///< finish(): the thread ends after this connection
    std::atomic<bool> stop_{false};
    std::atomic<uint64_t> connects_{0};
    std::thread thread_;
};

}  // namespace tradehost::venue
