// betfair: an ESA subscription over TLS (see esa_stream.hpp).
#include "esa_stream.hpp"

namespace tradehost::betfair::esa {

Stream::Stream(StreamOptions opt, StreamCallbacks cb)
    : opt_(std::move(opt)), cb_(std::move(cb)), session_(opt_.session) {}

Stream::~Stream() { stop(); }

void Stream::start() {
    venue::TlsLineClient::Handlers h;
    h.on_open = [this](venue::TlsLineClient& c) {
        act(c, session_.on_connected(Session::Clock::now(), opt_.app_key,
                                     opt_.session_token ? opt_.session_token() : std::string()));
    };
    h.on_line = [this](venue::TlsLineClient& c, std::string_view line) { on_line(c, line); };
    h.on_tick = [this](venue::TlsLineClient& c) { act(c, session_.on_tick(Session::Clock::now())); };
    h.on_close = [this](const std::string& reason) {
        session_.on_disconnected();
        ++reconnects_;
        live_ = false;
        if (cb_.on_status) cb_.on_status(false, reason);
    };
    client_ = std::make_unique<venue::TlsLineClient>(opt_.net, std::move(h));
    client_->start();
}

void Stream::stop() {
    if (client_) client_->stop();
}

void Stream::act(venue::TlsLineClient& c, const Action& a) {
    if (!a.send.empty()) c.send(a.send);
    if (a.stop) {
        // A fatal error: no reconnect can fix it; say so once and stay down.
        live_ = false;
        if (cb_.on_status) cb_.on_status(false, "stopped: " + a.reason);
        c.finish(a.reason);
    } else if (a.reconnect) {
        c.drop(a.reason);
    }
}

void Stream::on_line(venue::TlsLineClient& c, std::string_view line) {
    if (session_.state() == State::stopped) return;
    std::string why;
    auto m = parse(line, why);
    if (!m) {
        if (cb_.on_error) cb_.on_error("esa: " + why);
        act(c, session_.on_garbage(why));
        return;
    }
    const bool was_live = session_.state() == State::live;
    bool apply = false;
    act(c, session_.on_message(Session::Clock::now(), *m, apply));
    if (!was_live && session_.state() == State::live) {
        live_ = true;
        if (cb_.on_status) cb_.on_status(true, "subscribed");
    }
    if (!apply) return;
    if (m->ct == ChangeType::sub_image && (m->segment == Segment::none || m->segment == Segment::start)) {
        // A full image: whatever the cache held before is stale.
        cache_.clear();
        ++images_;
    }
    if (m->ct == ChangeType::resub_delta && m->segment != Segment::middle && m->segment != Segment::end) ++resub_deltas_;
    if (m->conflated) ++conflated_;
    if (m->op == Op::mcm) {
        const Changes ch = cache_.apply(m->body.contains("mc") ? m->body["mc"] : nlohmann::json());
        for (const auto& e : ch.errors)
            if (cb_.on_error) cb_.on_error("esa mcm: " + e);
        if (cb_.on_market) cb_.on_market(cache_, ch);
    } else if (cb_.on_order_line) {
        cb_.on_order_line(line);
    } else {
        const OrderChanges oc = apply_ocm(m->body.contains("oc") ? m->body["oc"] : nlohmann::json());
        for (const auto& e : oc.errors)
            if (cb_.on_error) cb_.on_error("esa ocm: " + e);
        if (cb_.on_orders) cb_.on_orders(oc);
    }
}

}  // namespace tradehost::betfair::esa
