#include "nats/link.hpp"

#include <nats/nats.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <thread>

namespace tradehost::nats {

namespace {

constexpr int64_t kAckWaitNs = 2'000'000'000;  // unacknowledged: redelivered after this
constexpr int64_t kPublishWaitMs = 2000;       // one JetStream publish attempt

std::string status_text(natsStatus s) {
    const char* last = nats_GetLastError(nullptr);
    std::string t = natsStatus_GetText(s);
    if (last && *last && t != last) t += std::string(": ") + last;
    return t;
}

std::string sanitized(const std::string& text) {
    std::string out;
    for (char c : text) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        out += ok ? c : '_';
    }
    return out;
}

}  // namespace

const char* link_state_name(LinkState s) {
    switch (s) {
    case LinkState::Connecting: return "connecting";
    case LinkState::Connected: return "connected";
    case LinkState::Disconnected: return "disconnected";
    case LinkState::Closed: return "closed";
    }
    return "?";
}

std::string stream_name(const std::string& subject) { return "TH_" + sanitized(subject); }
std::string durable_name(const std::string& text) { return sanitized(text); }

// ---- Subscription ---------------------------------------------------------------------

struct Subscription::Handler {
    Link::CoreHandler core;
    Link::DurableHandler durable;
    std::string what;  // for the log
};

namespace {

void core_cb(natsConnection*, natsSubscription*, natsMsg* msg, void* closure) {
    auto* h = static_cast<Subscription::Handler*>(closure);
    h->core(natsMsg_GetData(msg), static_cast<size_t>(natsMsg_GetDataLength(msg)));
    natsMsg_Destroy(msg);
}

void durable_cb(natsConnection*, natsSubscription*, natsMsg* msg, void* closure) {
    auto* h = static_cast<Subscription::Handler*>(closure);
    jsMsgMetaData* meta = nullptr;
    if (natsMsg_GetMetaData(&meta, msg) != NATS_OK) {
        // Not a JetStream delivery (a stray publish to the deliver subject): nothing to apply.
        spdlog::warn("nats {}: a message without JetStream metadata was ignored", h->what);
        natsMsg_Destroy(msg);
        return;
    }
    const uint64_t seq = meta->Sequence.Stream;
    jsMsgMetaData_Destroy(meta);
    if (h->durable(natsMsg_GetData(msg), static_cast<size_t>(natsMsg_GetDataLength(msg)), seq)) {
        // An ack lost here (server away) is harmless: the redelivery is recognised as applied.
        natsMsg_Ack(msg, nullptr);
    }
    natsMsg_Destroy(msg);
}

}  // namespace

Subscription::~Subscription() { close(); }

void Subscription::close() {
    if (!sub_) return;
    // Drain: no new deliveries, the queued ones and the one in progress finish. A bound
    // durable consumer is not deleted by this.
    if (natsSubscription_Drain(sub_) == NATS_OK) natsSubscription_WaitForDrainCompletion(sub_, 10000);
    else natsSubscription_Unsubscribe(sub_);
    natsSubscription_Destroy(sub_);
    sub_ = nullptr;
}

int64_t Subscription::dropped() const {
    int64_t n = 0;
    if (sub_) natsSubscription_GetDropped(sub_, &n);
    return n;
}

// ---- Link ------------------------------------------------------------------------------

// The URL as logs, /healthz and errors show it: a password in it (nats://user:pass@host)
// becomes "***", and a token alone (nats://token@host) too.
std::string shown_url(const std::string& url) {
    const size_t scheme = url.find("://");
    const size_t start = scheme == std::string::npos ? 0 : scheme + 3;
    const size_t at = url.find('@', start);
    if (at == std::string::npos) return url;
    const size_t colon = url.find(':', start);
    const std::string user = colon != std::string::npos && colon < at ? url.substr(start, colon - start) + ":" : "";
    return url.substr(0, start) + user + "***" + url.substr(at);
}

Link::Link(const std::string& url, const std::string& client_name) : url_(shown_url(url)) {
    natsOptions* opts = nullptr;
    natsStatus s = natsOptions_Create(&opts);
    if (s == NATS_OK) s = natsOptions_SetURL(opts, url.c_str());
    if (s == NATS_OK) s = natsOptions_SetName(opts, client_name.c_str());
    if (s == NATS_OK) s = natsOptions_SetMaxReconnect(opts, -1);  // forever: the host outlives a server restart
    if (s == NATS_OK) s = natsOptions_SetReconnectWait(opts, 250);
    if (s == NATS_OK) s = natsOptions_SetReconnectBufSize(opts, 64 * 1024 * 1024);
    if (s == NATS_OK) s = natsOptions_SetPingInterval(opts, 2000);
    if (s == NATS_OK) s = natsOptions_SetDisconnectedCB(opts, &Link::on_disconnected, this);
    if (s == NATS_OK) s = natsOptions_SetReconnectedCB(opts, &Link::on_reconnected, this);
    if (s == NATS_OK) s = natsOptions_SetClosedCB(opts, &Link::on_closed, this);
    if (s == NATS_OK) s = natsOptions_SetRetryOnFailedConnect(opts, true, &Link::on_connected, this);
    if (s == NATS_OK) s = natsConnection_Connect(&nc_, opts);
    // With retry on failed connect, NATS_NOT_YET_CONNECTED means "connecting in the background".
    if (s == NATS_NOT_YET_CONNECTED) {
        spdlog::warn("nats: {} not reachable yet; connecting in the background", url_);
        s = NATS_OK;
    } else if (s == NATS_OK) {
        set_state(LinkState::Connected);
    }
    if (opts) natsOptions_Destroy(opts);
    if (s == NATS_OK) s = natsConnection_JetStream(&js_, nc_, nullptr);
    if (s != NATS_OK) {
        if (nc_) natsConnection_Destroy(nc_);
        nc_ = nullptr;
        throw NatsError("host.nats.url " + url_ + ": " + status_text(s));
    }
}

Link::~Link() {
    if (js_) jsCtx_Destroy(js_);
    if (nc_) {
        natsConnection_FlushTimeout(nc_, 2000);
        closing_.store(true);
        natsConnection_Close(nc_);
        {
            std::unique_lock<std::mutex> lk(closed_mu_);
            closed_cv_.wait_for(lk, std::chrono::seconds(5), [this] { return closed_; });
        }
        natsConnection_Destroy(nc_);
    }
}

void Link::set_state(LinkState s) {
    const auto was = static_cast<LinkState>(state_.exchange(static_cast<uint32_t>(s)));
    if (was == s || closing_.load()) return;  // closing: the host says it stops, not the link
    if (s == LinkState::Connected) spdlog::info("nats: connected to {}", url_);
    else if (s == LinkState::Disconnected) spdlog::warn("nats: disconnected from {}; reconnecting", url_);
    else if (s == LinkState::Closed) spdlog::warn("nats: connection to {} closed", url_);
}

void Link::on_connected(natsConnection*, void* self) { static_cast<Link*>(self)->set_state(LinkState::Connected); }
void Link::on_disconnected(natsConnection*, void* self) {
    auto* l = static_cast<Link*>(self);
    if (l->closing_.load()) return;  // the host closing its own connection
    l->disconnects_.fetch_add(1, std::memory_order_relaxed);
    l->set_state(LinkState::Disconnected);
}
void Link::on_reconnected(natsConnection*, void* self) {
    auto* l = static_cast<Link*>(self);
    l->reconnects_.fetch_add(1, std::memory_order_relaxed);
    l->set_state(LinkState::Connected);
}
void Link::on_closed(natsConnection*, void* self) {
    auto* l = static_cast<Link*>(self);
    l->set_state(LinkState::Closed);
    std::lock_guard<std::mutex> lk(l->closed_mu_);
    l->closed_ = true;
    l->closed_cv_.notify_all();
}

bool Link::publish(const std::string& subject, const void* data, size_t len) {
    return natsConnection_Publish(nc_, subject.c_str(), data, static_cast<int>(len)) == NATS_OK;
}

bool Link::flush(int64_t timeout_ms) { return natsConnection_FlushTimeout(nc_, timeout_ms) == NATS_OK; }

std::string Link::ensure_stream(const std::string& subject) {
    const std::string name = stream_name(subject);
    {
        std::lock_guard<std::mutex> lk(streams_mu_);
        for (const auto& s : streams_)
            if (s == name) return name;
    }
    // The server may be restarting: keep trying for 10 s (1 s per request) before giving
    // up on the start.
    natsStatus s = NATS_OK;
    jsErrCode jerr = static_cast<jsErrCode>(0);
    jsOptions jo;
    jsOptions_Init(&jo);
    jo.Wait = 1000;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
        jsStreamConfig cfg;
        jsStreamConfig_Init(&cfg);
        cfg.Name = name.c_str();
        const char* subjects[] = {subject.c_str()};
        cfg.Subjects = subjects;
        cfg.SubjectsLen = 1;
        cfg.Storage = js_FileStorage;
        jerr = static_cast<jsErrCode>(0);
        s = js_AddStream(nullptr, js_, &cfg, &jo, &jerr);
        if (s == NATS_OK || jerr == JSStreamNameExistErr) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
    if (s != NATS_OK && jerr != JSStreamNameExistErr)
        throw NatsError("JetStream stream " + name + " for subject " + subject + ": " + status_text(s) +
                        (jerr ? " (JetStream error " + std::to_string(jerr) + "; is the server started with -js?)"
                              : " (is a NATS server with JetStream (-js) listening there?)"));
    std::lock_guard<std::mutex> lk(streams_mu_);
    streams_.push_back(name);
    return name;
}

bool Link::js_publish(const std::string& subject, const void* data, size_t len, const std::string& msg_id,
                      const std::atomic<bool>& give_up) {
    uint64_t attempts = 0;
    while (!give_up.load(std::memory_order_relaxed)) {
        jsPubOptions po;
        jsPubOptions_Init(&po);
        po.MsgId = msg_id.c_str();
        po.MaxWait = kPublishWaitMs;
        jsErrCode jerr = static_cast<jsErrCode>(0);
        natsStatus s = js_Publish(nullptr, js_, subject.c_str(), data, static_cast<int>(len), &po, &jerr);
        if (s == NATS_OK) {
            if (attempts) spdlog::info("nats: {} published after {} retries", subject, attempts);
            return true;
        }
        // Same id on every try: the stream stores it once however many tries reach it.
        if (++attempts == 1 || attempts % 20 == 0)
            spdlog::warn("nats: JetStream publish to {} not acknowledged ({}); retrying", subject, status_text(s));
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
}

std::unique_ptr<Subscription> Link::subscribe(const std::string& subject, int pending_limit, CoreHandler fn) {
    auto sub = std::make_unique<Subscription>();
    sub->handler_ = std::make_unique<Subscription::Handler>();
    sub->handler_->core = std::move(fn);
    sub->handler_->what = subject;
    natsStatus s = natsConnection_Subscribe(&sub->sub_, nc_, subject.c_str(), core_cb, sub->handler_.get());
    if (s == NATS_OK) s = natsSubscription_SetPendingLimits(sub->sub_, pending_limit, 256 * 1024 * 1024);
    if (s != NATS_OK) throw NatsError("subscribe to " + subject + ": " + status_text(s));
    return sub;
}

std::unique_ptr<Subscription> Link::subscribe_durable(const std::string& stream, const std::string& subject,
                                                      const std::string& durable, DurableHandler fn) {
    // The consumer is made here, not by js_Subscribe, so that closing the subscription
    // never deletes it: it is this host's place in the stream across restarts.
    const std::string deliver = "_TH.deliver." + durable;
    jsConsumerConfig cc;
    jsConsumerConfig_Init(&cc);
    cc.Durable = durable.c_str();
    cc.DeliverSubject = deliver.c_str();
    cc.DeliverPolicy = js_DeliverAll;
    cc.AckPolicy = js_AckExplicit;
    cc.AckWait = kAckWaitNs;
    // One message in flight: the server sends the next only after this one is acked, so
    // order flow is applied in stream order, and after a crash the unacknowledged message
    // comes again before anything newer (the receiver's "applied through N" relies on it).
    cc.MaxAckPending = 1;
    cc.FilterSubject = subject.c_str();
    jsErrCode jerr = static_cast<jsErrCode>(0);
    natsStatus s = js_AddConsumer(nullptr, js_, stream.c_str(), &cc, nullptr, &jerr);
    if (s != NATS_OK && jerr != JSConsumerNameExistErr) {
        // An existing consumer with another config answers with an error too: use it as it is.
        jsConsumerInfo* ci = nullptr;
        if (js_GetConsumerInfo(&ci, js_, stream.c_str(), durable.c_str(), nullptr, nullptr) != NATS_OK)
            throw NatsError("JetStream consumer " + durable + " on " + stream + ": " + status_text(s));
        jsConsumerInfo_Destroy(ci);
    }
    auto sub = std::make_unique<Subscription>();
    sub->handler_ = std::make_unique<Subscription::Handler>();
    sub->handler_->durable = std::move(fn);
    sub->handler_->what = subject + " (" + durable + ")";
    jsSubOptions so;
    jsSubOptions_Init(&so);
    so.Stream = stream.c_str();
    so.Consumer = durable.c_str();
    so.ManualAck = true;
    jerr = static_cast<jsErrCode>(0);
    s = js_Subscribe(&sub->sub_, js_, subject.c_str(), durable_cb, sub->handler_.get(), nullptr, &so, &jerr);
    if (s != NATS_OK) throw NatsError("JetStream subscribe " + durable + " to " + subject + ": " + status_text(s));
    return sub;
}

}  // namespace tradehost::nats
