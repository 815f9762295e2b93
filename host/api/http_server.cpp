#include "api/http_server.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <type_traits>
#include <set>
#include <string_view>
#include <thread>

namespace tradehost {

namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

// What a request may name as Host or Origin: the endpoint's own address and port, and
// the loopback names of it when it listens on loopback or on every address.
struct Identity {
    std::set<std::string> names;  // "127.0.0.1", "localhost", "[::1]", the listen address
    std::string port;
    bool any_name = false;

    // NAME or NAME:PORT, where NAME is ours and PORT, when given, is ours.
    bool host_ok(std::string_view h) const {
        if (any_name) return !h.empty();
        const size_t colon = h.rfind(':');
        const bool has_port = colon != std::string_view::npos && h.find(']', colon) == std::string_view::npos;
        if (has_port && h.substr(colon + 1) != port) return false;
        return names.count(std::string(has_port ? h.substr(0, colon) : h)) != 0;
    }
    // A page may call us only from our own origin: the request's Host, or one of our names.
    bool origin_ok(std::string_view o, std::string_view request_host) const {
        if (o.empty()) return true;  // not from a browser page
        for (std::string_view scheme : {"http://", "https://"})
            if (o.substr(0, scheme.size()) == scheme) {
                const std::string_view rest = o.substr(scheme.size());
                return any_name ? rest == request_host : host_ok(rest);
            }
        return false;  // "null" (sandboxed or file pages) and anything else
    }
};

// One connection, over a plain TCP stream or a TLS stream on top of one.
template <class Stream>
class Session : public std::enable_shared_from_this<Session<Stream>> {
public:
    static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

    template <class... TlsContext>
    Session(tcp::socket s, const HttpServer::Handler& h, const Identity& id, std::atomic<size_t>& live, TlsContext&... tls)
        : stream_(std::move(s), tls...), handler_(h), id_(id), live_(live) {}
    ~Session() { live_.fetch_sub(1); }
    void run() {
        if constexpr (kTls) {
            // A client that connects and never finishes the handshake is dropped like an idle one.
            lowest().expires_after(std::chrono::seconds(30));
            stream_.async_handshake(asio::ssl::stream_base::server, [self = this->shared_from_this()](beast::error_code ec) {
                if (ec) return;  // not TLS, a bad certificate on the client's side, or gone
                self->read();
            });
        } else {
            read();
        }
    }

private:
    void read() {
        req_ = {};
        lowest().expires_after(std::chrono::seconds(30));
        http::async_read(stream_, buf_, req_, [self = this->shared_from_this()](beast::error_code ec, size_t) {
            if (ec) return;  // closed, timed out or malformed: drop the connection
            self->respond();
        });
    }

    void respond() {
        HttpRequest r;
        r.method = std::string(req_.method_string());
        std::string target(req_.target());
        size_t q = target.find('?');
        r.path = target.substr(0, q);
        if (q != std::string::npos) r.query = target.substr(q + 1);
        r.body = req_.body();
        r.control_header = req_.find("X-Tradehost-Control") != req_.end();
        r.authorization = std::string(req_[http::field::authorization]);
        beast::error_code pe;
        const auto remote = lowest().socket().remote_endpoint(pe);
        if (!pe) r.peer = remote.address().to_string() + ":" + std::to_string(remote.port());
        HttpResponse out;
        const std::string host(req_[http::field::host]);
        if (!id_.host_ok(host)) {
            out = {403, "text/plain; charset=utf-8", "Host is not this endpoint's address\n"};
        } else if (!id_.origin_ok(std::string(req_[http::field::origin]), host)) {
            out = {403, "text/plain; charset=utf-8", "cross-origin requests are refused\n"};
        } else {
            try {
                out = handler_(r);
            } catch (const std::exception& e) {
                out = {500, "text/plain; charset=utf-8", std::string("internal error: ") + e.what() + "\n"};
            }
        }
        if (out.next && out.status == 200) return start_stream(std::move(out));
        auto res = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(out.status), req_.version());
        res->set(http::field::server, "tradehost");
        res->set(http::field::content_type, out.content_type);
        if (out.status == 401) res->set(http::field::www_authenticate, "Bearer realm=\"tradehost\"");
        res->keep_alive(req_.keep_alive());
        res->body() = std::move(out.body);
        res->prepare_payload();
        http::async_write(stream_, *res, [self = this->shared_from_this(), res](beast::error_code ec, size_t) {
            if (ec || !res->keep_alive()) {
                self->close();
                return;
            }
            self->read();
        });
    }

    // A server-sent event stream: chunked, no timeout, one chunk per tick with anything new.
    void start_stream(HttpResponse out) {
        lowest().expires_never();
        next_ = std::move(out.next);
        interval_ = std::chrono::milliseconds(out.interval_ms > 0 ? out.interval_ms : 1000);
        auto head = std::make_shared<http::response<http::empty_body>>(http::status::ok, req_.version());
        head->set(http::field::server, "tradehost");
        head->set(http::field::content_type, out.content_type);
        head->set(http::field::cache_control, "no-store");
        head->chunked(true);
        auto sr = std::make_shared<http::response_serializer<http::empty_body>>(*head);
        auto first = std::make_shared<std::string>(std::move(out.body));
        http::async_write_header(stream_, *sr, [self = this->shared_from_this(), head, sr, first](beast::error_code ec, size_t) {
            if (ec) return;
            self->send_chunk(std::move(*first));
        });
    }

    void send_chunk(std::string data) {
        const auto now = std::chrono::steady_clock::now();
        if (data.empty() && now - last_sent_ < std::chrono::seconds(15)) return wait_tick();
        if (data.empty()) data = ": keep-alive\n\n";
        last_sent_ = now;
        auto keep = std::make_shared<std::string>(std::move(data));
        beast::net::async_write(stream_, http::make_chunk(asio::buffer(*keep)),
                                [self = this->shared_from_this(), keep](beast::error_code ec, size_t) {
                                    if (ec) return;  // the client went away
                                    self->wait_tick();
                                });
    }

    void wait_tick() {
        tick_.expires_after(interval_);
        tick_.async_wait([self = this->shared_from_this()](beast::error_code ec) {
            if (ec) return;
            std::string data;
            try {
                data = self->next_();
            } catch (const std::exception&) {
                return;  // the source failed: end the stream, the client reconnects
            }
            self->send_chunk(std::move(data));
        });
    }

    beast::tcp_stream& lowest() { return beast::get_lowest_layer(stream_); }

    void close() {
        if constexpr (kTls) {
            lowest().expires_after(std::chrono::seconds(5));
            stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) {
                beast::error_code ignored;
                self->lowest().socket().shutdown(tcp::socket::shutdown_send, ignored);
            });
        } else {
            beast::error_code ignored;
            lowest().socket().shutdown(tcp::socket::shutdown_send, ignored);
        }
    }

    Stream stream_;
    asio::steady_timer tick_{stream_.get_executor()};
    std::function<std::string()> next_;
    std::chrono::milliseconds interval_{1000};
    std::chrono::steady_clock::time_point last_sent_{};
    beast::flat_buffer buf_;
    http::request<http::string_body> req_;
    const HttpServer::Handler& handler_;
    const Identity& id_;
    std::atomic<size_t>& live_;
};

}  // namespace

struct HttpServer::Impl {
    asio::io_context io;
    std::unique_ptr<asio::ssl::context> tls;  // set when serving HTTPS
    tcp::acceptor acceptor{io};
    asio::steady_timer backoff{io};
    Handler handler;
    Identity identity;
    size_t max_connections = 64;
    std::atomic<size_t> live{0};
    std::thread thread;

    void accept() {
        acceptor.async_accept(asio::make_strand(io), [this](beast::error_code ec, tcp::socket s) {
            if (ec == asio::error::operation_aborted) return;
            if (ec) {
                // Out of descriptors (EMFILE/ENFILE) or another accept error: the pending
                // connection stays in the backlog, so retrying at once would spin a core.
                backoff.expires_after(std::chrono::milliseconds(100));
                backoff.async_wait([this](beast::error_code e) {
                    if (!e) accept();
                });
                return;
            }
            if (live.load() >= max_connections) {
                beast::error_code ignored;
                s.close(ignored);  // over the limit: refuse rather than queue
            } else {
                live.fetch_add(1);
                if (tls)
                    std::make_shared<Session<beast::ssl_stream<beast::tcp_stream>>>(std::move(s), handler, identity, live, *tls)->run();
                else
                    std::make_shared<Session<beast::tcp_stream>>(std::move(s), handler, identity, live)->run();
            }
            accept();
        });
    }
};

HttpServer::HttpServer(const std::string& host, uint16_t port, Handler handler, size_t max_connections,
                       bool any_host_name, const TlsFiles& tls)
    : impl_(new Impl) {
    impl_->handler = std::move(handler);
    if (!tls.cert.empty()) {
        // TLS 1.2 and later only; the certificate file may hold the chain after the leaf.
        auto ctx = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
        ctx->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                         asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1 |
                         asio::ssl::context::single_dh_use);
        beast::error_code ec;
        ctx->use_certificate_chain_file(tls.cert, ec);
        if (ec) throw std::runtime_error("api: cannot read the TLS certificate " + tls.cert + ": " + ec.message());
        ctx->use_private_key_file(tls.key, asio::ssl::context::pem, ec);
        if (ec)  // unreadable, not PEM, or the key of another certificate ("key values mismatch")
            throw std::runtime_error("api: cannot use the TLS key " + tls.key + " with the certificate " + tls.cert + ": " +
                                     ec.message());
        impl_->tls = std::move(ctx);
    }
    impl_->identity.any_name = any_host_name;
    impl_->max_connections = max_connections;
    beast::error_code ec;
    auto addr = asio::ip::make_address(host == "localhost" ? "127.0.0.1" : host, ec);
    if (ec) throw std::runtime_error("api: invalid listen address '" + host + "'");
    tcp::endpoint ep(addr, port);
    impl_->acceptor.open(ep.protocol(), ec);
    if (!ec) impl_->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) impl_->acceptor.bind(ep, ec);
    if (!ec) impl_->acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) throw std::runtime_error("api: cannot listen on " + host + ":" + std::to_string(port) + ": " + ec.message());
    impl_->identity.port = std::to_string(impl_->acceptor.local_endpoint().port());
    auto& names = impl_->identity.names;
    names.insert(addr.is_v6() ? "[" + addr.to_string() + "]" : addr.to_string());
    if (addr.is_loopback() || addr.is_unspecified())
        for (const char* h : {"127.0.0.1", "localhost", "[::1]"}) names.insert(h);
    impl_->accept();
    impl_->thread = std::thread([this] { impl_->io.run(); });
}

HttpServer::~HttpServer() {
    asio::post(impl_->io, [this] {
        beast::error_code ec;
        impl_->acceptor.close(ec);
    });
    impl_->io.stop();
    if (impl_->thread.joinable()) impl_->thread.join();
}

uint16_t HttpServer::port() const { return impl_->acceptor.local_endpoint().port(); }

}  // namespace tradehost
