// exchange: one stream connection (market data or orders/fills) on the venue kit's WsClient:
// asks for the subscribe messages anew at every (re)connect (a signed subscribe, such as
// Coinbase's JWT, must be fresh) and publishes a venue status for every connect and
// disconnect, so the pipeline sees each gap.
#pragma once

#include <tradehost/plugin.hpp>
#include <tradehost/venue/ws_client.hpp>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tradehost::exchange {

class StreamLink {
public:
    struct Hooks {
        /// After the subscribe messages went out; `reconnect` false on the first connect.
        /// Thread: the stream's.
        std::function<void(bool reconnect)> opened;
        std::function<void(std::string_view message)> message;
        /// Disconnected, and the client will retry; `reason` says why. Thread: the stream's.
        std::function<void(std::string_view reason)> closed;
        /// Publish a venue status for every connect and disconnect (false: the owner does).
        bool publish_status = true;
    };

    /// Produces the messages to send after a connect. Thread: the stream's; must be
    /// thread-safe against the owner (capture copies).
    using Subscribe = std::function<std::vector<std::string>()>;

    StreamLink(Host host, std::string venue, std::string label, venue::WsOptions options, Subscribe subscribe,
               Hooks hooks);
    ~StreamLink();
    StreamLink(const StreamLink&) = delete;
    StreamLink& operator=(const StreamLink&) = delete;

    void start();
    void stop();
    bool connected() const noexcept;
    /// Sends a text message on the current connection (a resubscribe); false if none. Any thread.
    bool send(std::string text);

private:
    Host host_;
    std::string venue_, label_;
    Subscribe subscribe_;
    Hooks hooks_;
    std::unique_ptr<venue::WsClient> client_;
};

}  // namespace tradehost::exchange
