// LineStream: a long-lived streaming GET whose body is newline-delimited, on its own thread.
// The transfer runs on a curl multi handle so the thread can wait in curl_multi_poll, which
// stop() interrupts at once with curl_multi_wakeup (an easy transfer only checks its progress
// callback about once a second when the line is quiet). The same loop enforces the idle
// timeout: a connection that stays silent past it is dropped and reconnected.
#include "tradehost/venue/http_client.hpp"

#include "net_backoff.hpp"
#include "net_curl.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace tradehost::venue {

namespace {
using Clock = std::chrono::steady_clock;

// A single line longer than this is not a venue message: the stream is broken.
constexpr std::size_t kMaxLine = 16u << 20;
// How much of a refusal's body goes into on_close's reason.
constexpr std::size_t kExcerpt = 256;
// Upper bound on one wait, so a stuck wakeup can never hold the thread for long.
constexpr int kMaxPollMs = 1000;

std::string one_line(std::string text) {
    std::replace(text.begin(), text.end(), '\n', ' ');
    std::replace(text.begin(), text.end(), '\r', ' ');
    return text;
}
}  // namespace

struct LineStream::Impl {
    Impl(LineStreamOptions opts, Handlers hs)
        : options(std::move(opts)), handlers(std::move(hs)), backoff(options.reconnect_min, options.reconnect_max) {
        net::ensure_curl_global();
        multi = curl_multi_init();
        easy = curl_easy_init();
    }
    ~Impl() {
        if (easy != nullptr) curl_easy_cleanup(easy);
        if (multi != nullptr) curl_multi_cleanup(multi);
    }

    void run();
    std::string transfer();  // one connection, start to end; returns why it ended
    void configure(curl_slist* headers);
    bool sleep_before_reconnect(std::chrono::milliseconds delay);  // false when stopping

    // curl callbacks (stream thread)
    static size_t on_header(char* data, size_t size, size_t count, void* user) noexcept;
    static size_t on_body(char* data, size_t size, size_t count, void* user) noexcept;
    void deliver_lines();

    LineStreamOptions options;
    Handlers handlers;
    net::Backoff backoff;
    CURLM* multi = nullptr;
    CURL* easy = nullptr;
    char error_buffer[CURL_ERROR_SIZE] = {};

    std::thread thread;
    std::atomic<bool> stopping{false};
    std::atomic<uint64_t> connects{0};
    std::mutex mutex;
    std::condition_variable wake;

    // Per-connection state, touched only on the stream thread.
    long status = 0;
    bool opened = false;
    std::string pending;   // bytes after the last newline
    std::string excerpt;   // start of a refusal's body
    std::string abort_reason;
    Clock::time_point last_activity;
};

size_t LineStream::Impl::on_header(char* data, size_t size, size_t count, void* user) noexcept {
    auto* self = static_cast<Impl*>(user);
    const std::string_view line(data, size * count);
    self->last_activity = Clock::now();
    try {
        std::vector<std::pair<std::string, std::string>> ignored;
        if (const long code = net::parse_header_line(line, ignored); code != 0) self->status = code;
        // The end of a final (non-1xx) header block: the stream is open if the venue said 2xx.
        if (net::is_header_block_end(line) && self->status >= 200 && self->status < 300 && !self->opened) {
            self->opened = true;
            self->backoff.connected();
            self->connects.fetch_add(1, std::memory_order_relaxed);
            if (self->handlers.on_open) self->handlers.on_open();
        }
        return size * count;
    } catch (const std::exception& e) {
        self->abort_reason = std::string("on_open threw: ") + e.what();
    } catch (...) {
        self->abort_reason = "on_open threw";
    }
    return 0;  // aborts the transfer
}

size_t LineStream::Impl::on_body(char* data, size_t size, size_t count, void* user) noexcept {
    auto* self = static_cast<Impl*>(user);
    const std::size_t n = size * count;
    self->last_activity = Clock::now();
    try {
        if (!self->opened) {  // a refusal: keep the start of its body for the reason
            if (self->excerpt.size() < kExcerpt)
                self->excerpt.append(data, std::min(n, kExcerpt - self->excerpt.size()));
            return n;
        }
        self->pending.append(data, n);
        self->deliver_lines();
        if (self->pending.size() > kMaxLine) {
            self->abort_reason = "line longer than " + std::to_string(kMaxLine) + " bytes";
            return 0;
        }
        return n;
    } catch (const std::exception& e) {
        self->abort_reason = std::string("on_line threw: ") + e.what();
    } catch (...) {
        self->abort_reason = "on_line threw";
    }
    return 0;
}

void LineStream::Impl::deliver_lines() {
    std::size_t start = 0;
    for (;;) {
        const std::size_t newline = pending.find('\n', start);
        if (newline == std::string::npos) break;
        std::string_view line(pending.data() + start, newline - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        start = newline + 1;
        if (!line.empty() && handlers.on_line) handlers.on_line(line);
        if (stopping.load(std::memory_order_relaxed)) break;  // no more handler calls once stop() began
    }
    pending.erase(0, start);
}

void LineStream::Impl::configure(curl_slist* headers) {
    curl_easy_reset(easy);
    error_buffer[0] = '\0';
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, error_buffer);
    curl_easy_setopt(easy, CURLOPT_URL, options.url.c_str());
    curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(easy, CURLOPT_TCP_NODELAY, 1L);
    curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, options.verify_tls ? 1L : 0L);
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, options.verify_tls ? 2L : 0L);
    if (!options.ca_file.empty()) curl_easy_setopt(easy, CURLOPT_CAINFO, options.ca_file.c_str());
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.connect_timeout.count()));
    // No total timeout: the stream is meant to last; silence is caught by the idle timeout.
    curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &Impl::on_header);
    curl_easy_setopt(easy, CURLOPT_HEADERDATA, this);
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &Impl::on_body);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, this);
}

std::string LineStream::Impl::transfer() {
    status = 0;
    opened = false;
    pending.clear();
    excerpt.clear();
    abort_reason.clear();
    last_activity = Clock::now();

    net::CurlHeaderList headers;
    for (const auto& [name, value] : options.headers) {
        if (!headers.add(name, value)) return "out of memory building request headers";
    }
    configure(headers.get());
    if (curl_multi_add_handle(multi, easy) != CURLM_OK) return "curl_multi_add_handle failed";

    std::string reason;
    for (;;) {
        if (stopping.load()) {
            reason = "stopped";
            break;
        }
        int running = 0;
        curl_multi_perform(multi, &running);
        if (!abort_reason.empty()) {
            reason = abort_reason;
            break;
        }
        int queued = 0;
        bool done = false;
        while (CURLMsg* msg = curl_multi_info_read(multi, &queued)) {
            if (msg->msg != CURLMSG_DONE) continue;
            done = true;
            const CURLcode rc = msg->data.result;
            if (status != 0 && (status < 200 || status >= 300)) {
                reason = "HTTP " + std::to_string(status) + ": " + one_line(excerpt);
            } else if (rc != CURLE_OK) {
                reason = error_buffer[0] != '\0' ? std::string(error_buffer) : std::string(curl_easy_strerror(rc));
            } else {
                reason = "stream ended by the server";
            }
        }
        if (done) break;
        if (stopping.load()) continue;

        int wait_ms = kMaxPollMs;
        if (options.idle_timeout.count() > 0) {
            const auto idle_for = Clock::now() - last_activity;
            if (idle_for >= options.idle_timeout) {
                reason = "idle timeout: nothing received for " + std::to_string(options.idle_timeout.count()) + " ms";
                break;
            }
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(options.idle_timeout - idle_for);
            wait_ms = static_cast<int>(std::clamp<int64_t>(left.count() + 1, 1, kMaxPollMs));
        }
        curl_multi_poll(multi, nullptr, 0, wait_ms, nullptr);
    }
    curl_multi_remove_handle(multi, easy);
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, nullptr);
    return reason;
}

bool LineStream::Impl::sleep_before_reconnect(std::chrono::milliseconds delay) {
    std::unique_lock<std::mutex> lock(mutex);
    return !wake.wait_for(lock, delay, [this] { return stopping.load(); });
}

void LineStream::Impl::run() {
    if (multi == nullptr || easy == nullptr) return;
    for (;;) {
        const std::string reason = transfer();
        const bool retry = !stopping.load();
        if (handlers.on_close) {
            try {
                handlers.on_close(reason, retry);
            } catch (...) {
                // A throwing handler must not end the stream thread (std::terminate).
            }
        }
        if (!retry || !sleep_before_reconnect(backoff.next_reconnect())) return;
    }
}

LineStream::LineStream(LineStreamOptions options, Handlers handlers)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handlers))) {}

LineStream::~LineStream() { stop(); }

void LineStream::start() {
    if (impl_->thread.joinable()) return;
    impl_->stopping.store(false);
    impl_->thread = std::thread([impl = impl_.get()] { impl->run(); });
}

void LineStream::stop() {
    {
        std::lock_guard<std::mutex> lock(impl_->mutex);
        impl_->stopping.store(true);
    }
    impl_->wake.notify_all();
    if (impl_->multi != nullptr) curl_multi_wakeup(impl_->multi);
    if (!impl_->thread.joinable()) return;
    // Called from a handler: the thread ends on its own once the handler returns; the
    // destructor (on another thread) joins it.
    if (impl_->thread.get_id() == std::this_thread::get_id()) return;
    impl_->thread.join();
}

uint64_t LineStream::connects() const noexcept { return impl_->connects.load(std::memory_order_relaxed); }

}  // namespace tradehost::venue
