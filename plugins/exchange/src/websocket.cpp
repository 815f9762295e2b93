// exchange: stream connection with status events (see websocket.hpp).
#include "websocket.hpp"

#include "parse.hpp"
#include "ports.hpp"

namespace tradehost::exchange {

StreamLink::StreamLink(Host host, std::string venue, std::string label, venue::WsOptions options,
                       Subscribe subscribe, Hooks hooks)
    : host_(host), venue_(std::move(venue)), label_(std::move(label)), subscribe_(std::move(subscribe)),
      hooks_(std::move(hooks)) {
    venue::WsClient::Handlers h;
    h.on_open = [this](venue::WsClient& ws) {
        if (subscribe_) {
            std::vector<std::string> messages;
            try {
                messages = subscribe_();
            } catch (const std::exception& e) {
                // No subscription on this connection; the next reconnect asks again.
                host_.error(label_ + ": building the subscribe messages failed: " + e.what());
            }
            for (const auto& m : messages) ws.send(m);
        }
        const bool reconnect = ws.connects() > 1;
        if (hooks_.opened && !hooks_.publish_status) return hooks_.opened(reconnect);
        if (reconnect) host_.metric_add("reconnects", 1);
        auto st = venue_status(TH_VENUE_CONNECTED, venue_, label_ + (reconnect ? " reconnected" : " connected"),
                               host_.now());
        host_.try_publish(kPortStatus, st.hdr);
        if (hooks_.opened) hooks_.opened(reconnect);
    };
    h.on_message = [this](std::string_view text) {
        if (hooks_.message) hooks_.message(text);
    };
    h.on_close = [this](std::string_view reason, bool will_retry) {
        if (!will_retry) return;  // our own stop: the pipeline is shutting down
        if (hooks_.closed) hooks_.closed(reason);
        if (!hooks_.publish_status) return;
        auto st = venue_status(TH_VENUE_DISCONNECTED, venue_, label_ + ": " + std::string(reason), host_.now());
        host_.try_publish(kPortStatus, st.hdr);
    };
    client_ = std::make_unique<venue::WsClient>(std::move(options), std::move(h));
}

StreamLink::~StreamLink() { stop(); }

void StreamLink::start() { client_->start(); }
void StreamLink::stop() {
    if (client_) client_->stop();
}
bool StreamLink::connected() const noexcept { return client_ && client_->connected(); }
bool StreamLink::send(std::string text) { return client_ && client_->send(std::move(text)); }

}  // namespace tradehost::exchange
