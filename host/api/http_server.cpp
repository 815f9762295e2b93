#include "api/http_server.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <thread>

namespace tradehost {

namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

class Session : public std::enable_shared_from_this<Session> {
public:
    Session(tcp::socket s, const HttpServer::Handler& h) : stream_(std::move(s)), handler_(h) {}
    void run() { read(); }

private:
    void read() {
        req_ = {};
        stream_.expires_after(std::chrono::seconds(30));
        http::async_read(stream_, buf_, req_, [self = shared_from_this()](beast::error_code ec, size_t) {
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
        HttpResponse out;
        try {
            out = handler_(r);
        } catch (const std::exception& e) {
            out = {500, "text/plain; charset=utf-8", std::string("internal error: ") + e.what() + "\n"};
        }
        auto res = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(out.status), req_.version());
        res->set(http::field::server, "tradehost");
        res->set(http::field::content_type, out.content_type);
        res->keep_alive(req_.keep_alive());
        res->body() = std::move(out.body);
        res->prepare_payload();
        http::async_write(stream_, *res, [self = shared_from_this(), res](beast::error_code ec, size_t) {
            if (ec || !res->keep_alive()) {
                beast::error_code ignored;
                self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
                return;
            }
            self->read();
        });
    }

    beast::tcp_stream stream_;
    beast::flat_buffer buf_;
    http::request<http::string_body> req_;
    const HttpServer::Handler& handler_;
};

}  // namespace

struct HttpServer::Impl {
    asio::io_context io;
    tcp::acceptor acceptor{io};
    Handler handler;
    std::thread thread;

    void accept() {
        acceptor.async_accept(asio::make_strand(io), [this](beast::error_code ec, tcp::socket s) {
            if (ec) {
                if (ec == asio::error::operation_aborted) return;
            } else {
                std::make_shared<Session>(std::move(s), handler)->run();
            }
            accept();
        });
    }
};

HttpServer::HttpServer(const std::string& host, uint16_t port, Handler handler) : impl_(new Impl) {
    impl_->handler = std::move(handler);
    beast::error_code ec;
    auto addr = asio::ip::make_address(host == "localhost" ? "127.0.0.1" : host, ec);
    if (ec) throw std::runtime_error("api: invalid listen address '" + host + "'");
    tcp::endpoint ep(addr, port);
    impl_->acceptor.open(ep.protocol(), ec);
    if (!ec) impl_->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) impl_->acceptor.bind(ep, ec);
    if (!ec) impl_->acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) throw std::runtime_error("api: cannot listen on " + host + ":" + std::to_string(port) + ": " + ec.message());
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
