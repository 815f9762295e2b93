// TlsLineClient on libcurl's CONNECT_ONLY mode: curl makes the TCP connection and the TLS
// handshake (with the same verification as every other kit request), then curl_easy_send /
// curl_easy_recv move bytes. No second TLS stack in the kit.
#include "tradehost/venue/tls_line_client.hpp"

#include "net_backoff.hpp"

#include <curl/curl.h>
#include <poll.h>

#include <thread>

namespace tradehost::venue {

namespace {
// A line longer than this is not a venue message: the stream is broken.
constexpr std::size_t kMaxLine = 16u << 20;
}  // namespace

struct TlsLineClient::Conn {
    CURL* curl = nullptr;
    curl_socket_t sock = CURL_SOCKET_BAD;
    std::string in;
    ~Conn() {
        if (curl) curl_easy_cleanup(curl);
    }
    bool wait(short events, int ms) const {
        pollfd p{static_cast<int>(sock), events, 0};
        return ::poll(&p, 1, ms) > 0;
    }
};

TlsLineClient::TlsLineClient(TlsLineOptions options, Handlers handlers)
    : opt_(std::move(options)), h_(std::move(handlers)) {}

TlsLineClient::~TlsLineClient() { stop(); }

void TlsLineClient::start() {
    if (thread_.joinable()) return;
    stop_ = false;
    done_ = false;
    thread_ = std::thread([this] { run(); });
}

void TlsLineClient::stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
}

void TlsLineClient::drop(std::string reason) {
    drop_ = true;
    drop_reason_ = std::move(reason);
}

void TlsLineClient::finish(std::string reason) {
    drop(std::move(reason));
    done_ = true;
}

bool TlsLineClient::connect(std::string& why) {
    conn_ = std::make_unique<Conn>();
    CURL* c = conn_->curl = curl_easy_init();
    if (!c) {
        why = "curl_easy_init failed";
        return false;
    }
    const std::string url = "https://" + opt_.host + ":" + std::to_string(opt_.port) + "/";
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_CONNECT_ONLY, 1L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(opt_.connect_timeout.count()));
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, opt_.verify_tls ? 1L : 0L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, opt_.verify_tls ? 2L : 0L);
    if (!opt_.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, opt_.ca_file.c_str());
    char err[CURL_ERROR_SIZE] = {};
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, err);
    const CURLcode rc = curl_easy_perform(c);
    if (rc != CURLE_OK) {
        why = "connect to " + opt_.host + ":" + std::to_string(opt_.port) + ": " + (err[0] ? err : curl_easy_strerror(rc));
        return false;
    }
    if (curl_easy_getinfo(c, CURLINFO_ACTIVESOCKET, &conn_->sock) != CURLE_OK || conn_->sock == CURL_SOCKET_BAD) {
        why = "no socket after connect";
        return false;
    }
    return true;
}

bool TlsLineClient::send(std::string_view text) {
    if (!conn_ || !conn_->curl) return false;
    while (!text.empty()) {
        size_t n = 0;
        const CURLcode rc = curl_easy_send(conn_->curl, text.data(), text.size(), &n);
        if (rc == CURLE_AGAIN) {
            if (stop_) return false;
            conn_->wait(POLLOUT, 100);
            continue;
        }
        if (rc != CURLE_OK) {
            drop(std::string("send: ") + curl_easy_strerror(rc));
            return false;
        }
        text.remove_prefix(n);
    }
    return true;
}

void TlsLineClient::serve() {
    char buf[16384];
    auto next_tick = std::chrono::steady_clock::now();
    while (!stop_ && !drop_) {
        // Read everything available: TLS may hold decrypted bytes the socket no longer shows.
        bool got = false;
        for (;;) {
            size_t n = 0;
            const CURLcode rc = curl_easy_recv(conn_->curl, buf, sizeof buf, &n);
            if (rc == CURLE_AGAIN) break;
            if (rc != CURLE_OK) {
                drop(std::string("receive: ") + curl_easy_strerror(rc));
                break;
            }
            if (n == 0) {
                drop("closed by the server");
                break;
            }
            got = true;
            conn_->in.append(buf, n);
            std::size_t start = 0;
            for (std::size_t nl; (nl = conn_->in.find('\n', start)) != std::string::npos; start = nl + 1) {
                std::string_view line(conn_->in.data() + start, nl - start);
                if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
                if (!line.empty() && h_.on_line) h_.on_line(*this, line);
                if (drop_ || stop_) break;
            }
            conn_->in.erase(0, start);
            if (conn_->in.size() > kMaxLine) drop("a line longer than 16 MiB");
            if (drop_ || stop_) break;
        }
        const auto now = std::chrono::steady_clock::now();
        if (now >= next_tick && !drop_) {
            if (h_.on_tick) h_.on_tick(*this);
            next_tick = now + opt_.tick;
        }
        if (!got && !drop_) conn_->wait(POLLIN, static_cast<int>(opt_.tick.count()));
    }
}

void TlsLineClient::run() {
    net::Backoff backoff(opt_.reconnect_base, opt_.reconnect_max);
    while (!stop_) {
        std::string why;
        drop_ = false;
        drop_reason_.clear();
        if (connect(why)) {
            backoff.connected();
            ++connects_;
            if (h_.on_open) h_.on_open(*this);
            serve();
            why = drop_ ? drop_reason_ : std::string("stopped");
        }
        conn_.reset();
        if (h_.on_close) h_.on_close(why);
        if (stop_ || done_) break;
        // Sleep the back-off in small steps so stop() is prompt.
        const auto until = std::chrono::steady_clock::now() + backoff.next_reconnect();
        while (!stop_ && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

}  // namespace tradehost::venue
