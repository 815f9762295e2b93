// WsClient on libwebsockets: one lws context per client, served by the client's own thread.
// Everything that touches the connection happens on that thread; other threads only queue
// (send) or flag (stop) and wake it with lws_cancel_service. Timers (pings, the idle
// deadline, reconnect backoff, the stop deadline) are lws_sul entries on the same loop.
#include "tradehost/venue/ws_client.hpp"

#include "net_backoff.hpp"
#include "net_ws_url.hpp"

#include <libwebsockets.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>

namespace tradehost::venue {

namespace {
using Clock = std::chrono::steady_clock;

constexpr const char* kProtocolName = "tradehost-venue-ws";
// How long stop() waits for the server to answer our close frame before dropping the socket.
constexpr lws_usec_t kStopDeadlineUs = 1000 * LWS_US_PER_MS;

lws_usec_t to_us(std::chrono::milliseconds ms) { return static_cast<lws_usec_t>(ms.count()) * LWS_US_PER_MS; }

void quiet_lws_logging() {
    // lws logs notices and warnings for every connect and close by default; keep only its
    // errors, on stderr. Process-wide setting, so set once.
    static std::once_flag once;
    std::call_once(once, [] {
        lws_set_log_level(LLL_ERR, [](int, const char* line) { std::fprintf(stderr, "[lws] %s", line); });
    });
}
}  // namespace

struct WsClient::Impl {
    // An lws timer, and the client it belongs to: lws hands the callback only the sul.
    struct Timer {
        lws_sorted_usec_list_t sul;  // first member: the callback casts the sul back to Timer
        Impl* impl;
    };

    Impl(WsClient& o, WsOptions opts, Handlers hs)
        : owner(o), options(std::move(opts)), handlers(std::move(hs)),
          backoff(options.reconnect_min, options.reconnect_max) {
        for (Timer* timer : {&reconnect_timer, &ping_timer, &idle_timer, &stop_timer}) {
            std::memset(timer, 0, sizeof(*timer));
            timer->impl = this;
        }
        std::memset(protocols, 0, sizeof(protocols));
        protocols[0].name = kProtocolName;
        protocols[0].callback = &Impl::callback;
        protocols[0].rx_buffer_size = 64 * 1024;
    }

    static int callback(lws* wsi, lws_callback_reasons reason, void* user, void* in, size_t len);
    int handle(lws* wsi, lws_callback_reasons reason, void* in, size_t len);

    void run();                                 // service thread body
    void connect();                             // starts one connection attempt
    void attempt_ended(const std::string& why); // connect failure or close: report, plan next
    void on_wakeup();                           // lws_cancel_service from stop() or send()
    int on_writeable(lws* wsi);
    int on_receive(lws* wsi, const void* in, size_t len);
    void schedule(Timer& timer, sul_cb_t cb, lws_usec_t us) { lws_sul_schedule(context, 0, &timer.sul, cb, us); }
    void cancel_timers();
    static Impl* owner_of(lws_sorted_usec_list_t* sul) { return reinterpret_cast<Timer*>(sul)->impl; }
    static void on_ping_timer(lws_sorted_usec_list_t* sul);
    static void on_idle_timer(lws_sorted_usec_list_t* sul);
    static void on_reconnect_timer(lws_sorted_usec_list_t* sul) { owner_of(sul)->connect(); }
    static void on_stop_timer(lws_sorted_usec_list_t* sul);

    template <class F>
    void call_handler(F&& f) {
        if (!handlers_live) return;
        try {
            f();
        } catch (...) {
            // A throwing handler must not unwind through libwebsockets' C frames.
        }
    }

    WsClient& owner;
    WsOptions options;
    Handlers handlers;
    net::Backoff backoff;
    lws_protocols protocols[2];
    std::thread thread;

    // Shared with other threads.
    std::mutex mutex;                 // guards context (for lws_cancel_service) and queue
    lws_context* context = nullptr;
    std::deque<std::string> queue;
    std::atomic<bool> stop_requested{false};
    std::atomic<bool> is_connected{false};
    std::atomic<uint64_t> connects{0};

    // Service thread only.
    std::optional<net::WsUrl> url;
    lws* current = nullptr;            // the established connection
    bool attempt_active = false;       // an attempt began and its end is not reported yet
    bool established = false;
    bool stop_handled = false;
    bool closing = false;              // stop(): send a close frame on the next writeable
    bool ping_due = false;
    bool exit_loop = false;
    bool handlers_live = true;
    std::string close_reason;          // why we (or the server) are closing, for on_close
    std::string rx;                    // fragments of the message being received
    std::vector<unsigned char> tx;     // LWS_PRE + payload for lws_write
    Clock::time_point last_rx;
    Timer reconnect_timer{}, ping_timer{}, idle_timer{}, stop_timer{};
};

int WsClient::Impl::callback(lws* wsi, lws_callback_reasons reason, void*, void* in, size_t len) {
    lws_context* ctx = wsi != nullptr ? lws_get_context(wsi) : nullptr;
    auto* impl = ctx != nullptr ? static_cast<Impl*>(lws_context_user(ctx)) : nullptr;
    if (impl == nullptr) return 0;
    return impl->handle(wsi, reason, in, len);
}

int WsClient::Impl::handle(lws* wsi, lws_callback_reasons reason, void* in, size_t len) {
    switch (reason) {
    case LWS_CALLBACK_CLIENT_APPEND_HANDSHAKE_HEADER: {
        auto** p = static_cast<unsigned char**>(in);
        unsigned char* end = *p + len;
        for (const auto& [name, value] : options.headers) {
            const std::string field = name + ":";  // lws wants the colon in the name
            if (lws_add_http_header_by_name(wsi, reinterpret_cast<const unsigned char*>(field.c_str()),
                                            reinterpret_cast<const unsigned char*>(value.data()),
                                            static_cast<int>(value.size()), p, end) != 0)
                return -1;  // headers do not fit: fail this attempt rather than send fewer
        }
        return 0;
    }
    case LWS_CALLBACK_CLIENT_ESTABLISHED: {
        if (!attempt_active) return -1;
        current = wsi;
        established = true;
        backoff.connected();
        last_rx = Clock::now();
        connects.fetch_add(1);
        is_connected.store(true);
        if (options.ping_interval.count() > 0) schedule(ping_timer, &Impl::on_ping_timer, to_us(options.ping_interval));
        if (options.idle_timeout.count() > 0) schedule(idle_timer, &Impl::on_idle_timer, to_us(options.idle_timeout));
        call_handler([this] {
            if (handlers.on_open) handlers.on_open(owner);
        });
        std::lock_guard<std::mutex> lock(mutex);
        if (!queue.empty() || stop_requested) lws_callback_on_writable(wsi);
        return 0;
    }
    case LWS_CALLBACK_CLIENT_RECEIVE:
        return wsi == current && established ? on_receive(wsi, in, len) : 0;
    case LWS_CALLBACK_CLIENT_RECEIVE_PONG:
        if (wsi == current) last_rx = Clock::now();
        return 0;
    case LWS_CALLBACK_CLIENT_WRITEABLE:
        return wsi == current && established ? on_writeable(wsi) : 0;
    case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE: {
        if (wsi != current) return 0;
        const auto* bytes = static_cast<const unsigned char*>(in);
        close_reason = "closed by the server";
        if (len >= 2) {
            close_reason += " (code " + std::to_string((bytes[0] << 8) | bytes[1]);
            if (len > 2) close_reason += ": " + std::string(reinterpret_cast<const char*>(bytes + 2), len - 2);
            close_reason += ")";
        }
        return 0;  // lws echoes the close frame
    }
    case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
        if (attempt_active && !established) {
            attempt_ended(std::string("connect failed: ") +
                          (in != nullptr ? static_cast<const char*>(in) : "unknown error"));
        }
        return 0;
    case LWS_CALLBACK_CLIENT_CLOSED:
        if (attempt_active && established && wsi == current)
            attempt_ended(close_reason.empty() ? "connection closed without a close frame" : close_reason);
        return 0;
    case LWS_CALLBACK_EVENT_WAIT_CANCELLED:
        on_wakeup();
        return 0;
    default:
        return 0;
    }
}

void WsClient::Impl::on_ping_timer(lws_sorted_usec_list_t* sul) {
    Impl* self = owner_of(sul);
    if (!self->established) return;
    self->ping_due = true;
    lws_callback_on_writable(self->current);
    self->schedule(self->ping_timer, &Impl::on_ping_timer, to_us(self->options.ping_interval));
}

void WsClient::Impl::on_idle_timer(lws_sorted_usec_list_t* sul) {
    Impl* self = owner_of(sul);
    if (!self->established) return;
    const auto quiet = Clock::now() - self->last_rx;
    if (quiet < self->options.idle_timeout) {
        const auto left = std::chrono::duration_cast<std::chrono::microseconds>(self->options.idle_timeout - quiet);
        self->schedule(self->idle_timer, &Impl::on_idle_timer, static_cast<lws_usec_t>(left.count()) + 1);
        return;
    }
    // A silent peer may never answer a close frame: drop the socket without one.
    self->close_reason =
        "idle timeout: nothing received for " + std::to_string(self->options.idle_timeout.count()) + " ms";
    lws_set_timeout(self->current, PENDING_TIMEOUT_USER_OK, LWS_TO_KILL_ASYNC);
}

void WsClient::Impl::on_stop_timer(lws_sorted_usec_list_t* sul) {
    Impl* self = owner_of(sul);
    if (self->attempt_active) self->attempt_ended("stopped (the server did not answer the close frame)");
    self->exit_loop = true;
}

int WsClient::Impl::on_receive(lws* wsi, const void* in, size_t len) {
    last_rx = Clock::now();
    if (rx.size() + len > options.max_message) {
        close_reason = "message larger than max_message (" + std::to_string(options.max_message) + " bytes)";
        static const char kWhy[] = "message too large";
        lws_close_reason(wsi, LWS_CLOSE_STATUS_MESSAGE_TOO_LARGE,
                         reinterpret_cast<unsigned char*>(const_cast<char*>(kWhy)), sizeof(kWhy) - 1);
        rx.clear();
        return -1;
    }
    rx.append(static_cast<const char*>(in), len);
    // A message is complete at the end of its final fragment (lws may hand one frame over in
    // several pieces; remaining_packet_payload counts what is still to come of this one).
    if (lws_is_final_fragment(wsi) && lws_remaining_packet_payload(wsi) == 0) {
        call_handler([this] {
            if (handlers.on_message) handlers.on_message(rx);
        });
        rx.clear();
    }
    return 0;
}

int WsClient::Impl::on_writeable(lws* wsi) {
    if (closing) {
        static const char kWhy[] = "client stopping";
        lws_close_reason(wsi, LWS_CLOSE_STATUS_NORMAL, reinterpret_cast<unsigned char*>(const_cast<char*>(kWhy)),
                         sizeof(kWhy) - 1);
        return -1;  // lws sends the close frame and waits for the server's
    }
    if (ping_due) {
        ping_due = false;
        static const char kPing[] = "tradehost";
        unsigned char frame[LWS_PRE + sizeof(kPing)];
        std::memcpy(frame + LWS_PRE, kPing, sizeof(kPing) - 1);
        if (lws_write(wsi, frame + LWS_PRE, sizeof(kPing) - 1, LWS_WRITE_PING) < 0) {
            close_reason = "ping write failed";
            return -1;
        }
        lws_callback_on_writable(wsi);  // the queue may have more
        return 0;
    }
    std::string message;
    bool more = false;
    {
        std::lock_guard<std::mutex> lock(mutex);
        if (queue.empty()) return 0;
        message = std::move(queue.front());
        queue.pop_front();
        more = !queue.empty();
    }
    tx.resize(LWS_PRE + message.size());
    std::memcpy(tx.data() + LWS_PRE, message.data(), message.size());
    // lws buffers whatever the socket does not take now and holds back WRITEABLE until it is out.
    if (lws_write(wsi, tx.data() + LWS_PRE, message.size(), LWS_WRITE_TEXT) < static_cast<int>(message.size())) {
        close_reason = "write failed";
        return -1;
    }
    if (more) lws_callback_on_writable(wsi);
    return 0;
}

void WsClient::Impl::on_wakeup() {
    if (stop_requested && !stop_handled) {
        stop_handled = true;
        lws_sul_cancel(&reconnect_timer.sul);
        if (!attempt_active) {
            exit_loop = true;
            return;
        }
        // Give the close handshake (or the connect in flight) a bounded time, then give up.
        schedule(stop_timer, &Impl::on_stop_timer, kStopDeadlineUs);
        close_reason = "stopped";
        if (established) {
            closing = true;
            lws_callback_on_writable(current);
        } else {
            // Still connecting: nothing to close politely. Report and leave; destroying the
            // context closes the half-open socket.
            attempt_ended("stopped");
        }
        return;
    }
    if (established && !closing) {
        std::lock_guard<std::mutex> lock(mutex);
        if (!queue.empty()) lws_callback_on_writable(current);
    }
}

void WsClient::Impl::attempt_ended(const std::string& why) {
    attempt_active = false;
    established = false;
    current = nullptr;
    closing = false;
    ping_due = false;
    rx.clear();
    lws_sul_cancel(&ping_timer.sul);
    lws_sul_cancel(&idle_timer.sul);
    is_connected.store(false);
    {
        std::lock_guard<std::mutex> lock(mutex);
        queue.clear();  // not kept across reconnects: on_open re-sends what a connection needs
    }
    const bool retry = !stop_requested.load() && url.has_value();
    call_handler([&] {
        if (handlers.on_close) handlers.on_close(why, retry);
    });
    if (!retry) {
        lws_sul_cancel(&stop_timer.sul);
        exit_loop = true;
        return;
    }
    schedule(reconnect_timer, &Impl::on_reconnect_timer, to_us(backoff.next_reconnect()));
}

void WsClient::Impl::connect() {
    if (stop_requested) {
        exit_loop = true;
        return;
    }
    attempt_active = true;
    established = false;
    close_reason.clear();

    lws_client_connect_info info;
    std::memset(&info, 0, sizeof(info));
    info.context = context;
    info.address = url->address.c_str();
    info.port = url->port;
    info.path = url->path.c_str();
    info.host = url->host.c_str();
    info.origin = url->host.c_str();
    info.local_protocol_name = kProtocolName;  // our callback; no Sec-WebSocket-Protocol sent
    if (url->tls) {
        info.ssl_connection = LCCSCF_USE_SSL;
        if (!options.verify_tls)
            info.ssl_connection |= LCCSCF_ALLOW_SELFSIGNED | LCCSCF_SKIP_SERVER_CERT_HOSTNAME_CHECK | LCCSCF_ALLOW_INSECURE;
    }
    if (lws_client_connect_via_info(&info) == nullptr && attempt_active) {
        // Failed before lws could report it through CLIENT_CONNECTION_ERROR.
        attempt_ended("connect failed: could not start a connection to " + url->host);
    }
}

void WsClient::Impl::cancel_timers() {
    for (Timer* timer : {&reconnect_timer, &ping_timer, &idle_timer, &stop_timer}) lws_sul_cancel(&timer->sul);
}

void WsClient::Impl::run() {
    quiet_lws_logging();
    lws_context_creation_info info;
    std::memset(&info, 0, sizeof(info));
    info.port = CONTEXT_PORT_NO_LISTEN;
    info.protocols = protocols;
    // TLS setup loads and parses the whole CA store (~0.1 s): only for wss://.
    url = net::parse_ws_url(options.url);
    if (url && url->tls) info.options = LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
    info.gid = -1;
    info.uid = -1;
    info.user = this;
    // One connection plus lws' own wakeup pipe: a small fd table instead of one sized by ulimit.
    info.fd_limit_per_thread = 8;
    // Empty: lws loads the system store for wss:// verification.
    if (!options.ca_file.empty()) info.client_ssl_ca_filepath = options.ca_file.c_str();

    lws_context* created = lws_create_context(&info);
    bool stop_now = false;
    {
        std::lock_guard<std::mutex> lock(mutex);
        context = created;
        stop_now = stop_requested.load();
    }
    if (created == nullptr) {
        call_handler([this] {
            if (handlers.on_close) handlers.on_close("could not create the libwebsockets context", false);
        });
        return;
    }
    if (!url) {
        // Retrying cannot fix the configuration: say so once and end.
        call_handler([this] {
            if (handlers.on_close) handlers.on_close("invalid WebSocket url: " + options.url, false);
        });
        stop_now = true;
    }
    if (!stop_now) connect();
    while (!stop_now && !exit_loop) {
        if (lws_service(created, 0) < 0) break;
    }
    // From here on lws may still call back (closing what is left), but user handlers are done.
    handlers_live = false;
    cancel_timers();
    {
        std::lock_guard<std::mutex> lock(mutex);
        context = nullptr;
        queue.clear();
    }
    is_connected.store(false);
    lws_context_destroy(created);
}

WsClient::WsClient(WsOptions options, Handlers handlers)
    : impl_(std::make_unique<Impl>(*this, std::move(options), std::move(handlers))) {}

WsClient::~WsClient() { stop(); }

void WsClient::start() {
    if (impl_->thread.joinable()) return;
    // Fresh loop state for a start after a stop.
    impl_->stop_requested.store(false);
    impl_->stop_handled = false;
    impl_->exit_loop = false;
    impl_->handlers_live = true;
    impl_->attempt_active = false;
    impl_->established = false;
    impl_->backoff.reset();
    impl_->thread = std::thread([impl = impl_.get()] { impl->run(); });
}

void WsClient::stop() {
    {
        std::lock_guard<std::mutex> lock(impl_->mutex);
        impl_->stop_requested.store(true);
        if (impl_->context != nullptr) lws_cancel_service(impl_->context);
    }
    if (!impl_->thread.joinable()) return;
    // Called from a handler: the loop ends on its own after the handler returns; the
    // destructor (on another thread) joins it.
    if (impl_->thread.get_id() == std::this_thread::get_id()) return;
    impl_->thread.join();
}

bool WsClient::send(std::string text) {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    if (!impl_->is_connected.load() || impl_->stop_requested.load() || impl_->context == nullptr) return false;
    impl_->queue.push_back(std::move(text));
    lws_cancel_service(impl_->context);
    return true;
}

bool WsClient::connected() const noexcept { return impl_->is_connected.load(); }

uint64_t WsClient::connects() const noexcept { return impl_->connects.load(); }

}  // namespace tradehost::venue
