// One accepted connection speaking HTTP/1.1: reads requests (answering "Expect: 100-continue"
// so libcurl does not stall on larger bodies), records each, and answers from an injected
// response, the best matching route, or 404. Upgrades and stream GETs hand the socket over.
#include "request_util.hpp"
#include "server_core.hpp"

#include <boost/asio/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include <iostream>

namespace tradehost::doubles::detail {

namespace {

constexpr std::size_t kBodyLimit = 16 * 1024 * 1024;

Request to_request(const http::request<http::string_body>& req) {
    Request r;
    r.method = std::string(req.method_string());
    r.target = std::string(req.target());
    std::size_t q = r.target.find('?');
    r.path = r.target.substr(0, q);
    if (q != std::string::npos) r.query = r.target.substr(q + 1);
    r.params = decode_query(r.query);
    for (const auto& field : req) r.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    r.body = req.body();
    return r;
}

bool has_header(const Response& response, std::string_view name) {
    for (const auto& [k, v] : response.headers) {
        if (iequals(k, name)) return true;
    }
    return false;
}

}  // namespace

HttpConnection::HttpConnection(std::shared_ptr<ServerCore> core, tcp::socket socket)
    : core_(std::move(core)), id_(core_->next_id++), socket_(std::move(socket)) {}

void HttpConnection::start() {
    core_->track(id_, weak_from_this());
    read_next();
}

void HttpConnection::shutdown_now() {
    beast::error_code ignored;
    socket_.close(ignored);
}

void HttpConnection::finish() {
    if (finished_) return;
    finished_ = true;
    core_->untrack(id_);
}

void HttpConnection::read_next() {
    parser_.emplace();
    parser_->body_limit(kBodyLimit);
    http::async_read_header(socket_, buffer_, *parser_,
                            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
}

void HttpConnection::on_header(beast::error_code ec) {
    if (ec) {  // closed by the client, or garbage: drop the connection
        shutdown_now();
        finish();
        return;
    }
    auto expect = parser_->get()[http::field::expect];
    if (!parser_->is_done() && iequals(std::string_view(expect.data(), expect.size()), "100-continue")) {
        static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
        asio::async_write(socket_, asio::buffer(kContinue), [self = shared_from_this()](beast::error_code wec, std::size_t) {
            if (wec) {
                self->shutdown_now();
                self->finish();
                return;
            }
            self->read_body();
        });
        return;
    }
    read_body();
}

void HttpConnection::read_body() {
    http::async_read(socket_, buffer_, *parser_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
        if (ec) {
            self->shutdown_now();
            self->finish();
            return;
        }
        self->dispatch();
    });
}

void HttpConnection::dispatch() {
    if (core_->stopping.load()) return;
    auto req = parser_->release();
    Request request = to_request(req);
    core_->record(request);
    auto segments = split_path(request.path);
    bool keep_alive = req.keep_alive();

    if (websocket::is_upgrade(req)) {
        if (auto handlers = core_->find_websocket(segments)) {
            auto session = std::make_shared<WsSessionImpl>(core_, std::move(socket_), handlers, std::move(request));
            finish();
            session->start(std::move(req));
            return;
        }
    } else if (req.method() == http::verb::get) {
        if (auto on_open = core_->find_stream(segments)) {
            open_stream(on_open, request, keep_alive, req.version());
            return;
        }
    }

    Response response;
    if (auto injected = core_->take_injection(request.method)) {
        response = std::move(*injected);
    } else if (auto handler = core_->find_route(request.method, segments)) {
        try {
            response = (*handler)(request);
        } catch (const std::exception& e) {
            // A broken double must show up as a failing request, not a dead server thread.
            std::cerr << "loopback double: handler for " << request.method << " " << request.path
                      << " threw: " << e.what() << "\n";
            response = Response::json(500, R"({"error":"handler threw"})");
        }
    } else {
        response = Response::json(404, R"({"error":"no route"})");
    }
    respond(response, req.version(), keep_alive);
}

void HttpConnection::respond(const Response& response, unsigned version, bool keep_alive) {
    auto res = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(response.status), version);
    res->set(http::field::server, "tradehost-loopback-double");
    for (const auto& [k, v] : response.headers) res->insert(k, v);
    if (!has_header(response, "Content-Type")) res->set(http::field::content_type, "application/json");
    // A double may answer "Connection: close" itself to make the client reconnect.
    if (!has_header(response, "Connection")) res->keep_alive(keep_alive);
    // 1xx, 204 and 304 carry no body (RFC 9110); Beast refuses to frame one.
    int code = response.status;
    if (!(code < 200 || code == 204 || code == 304)) res->body() = response.body;
    res->prepare_payload();
    http::async_write(socket_, *res, [self = shared_from_this(), res](beast::error_code ec, std::size_t) {
        if (ec || !res->keep_alive()) {
            beast::error_code ignored;
            self->socket_.shutdown(tcp::socket::shutdown_send, ignored);
            self->socket_.close(ignored);
            self->finish();
            return;
        }
        self->read_next();
    });
}

void HttpConnection::open_stream(const std::shared_ptr<const StreamOpen>& on_open, const Request& request,
                                 bool keep_alive, unsigned version) {
    auto stream = std::make_shared<ChunkStreamImpl>(core_);
    std::optional<Response> answer;
    try {
        answer = (*on_open)(request, stream);
    } catch (const std::exception& e) {
        std::cerr << "loopback double: stream " << request.path << " threw: " << e.what() << "\n";
        answer = Response::json(500, R"({"error":"handler threw"})");
    }
    if (answer && answer->status != 200) {
        stream->refuse();
        respond(*answer, version, keep_alive);
        return;
    }
    // The stream owns the connection until it ends; "Connection: close" tells the client not
    // to expect to reuse it afterwards.
    std::string head = "HTTP/1.1 200 OK\r\nServer: tradehost-loopback-double\r\n";
    bool has_type = false;
    if (answer) {
        for (const auto& [k, v] : answer->headers) {
            if (iequals(k, "Content-Length") || iequals(k, "Transfer-Encoding") || iequals(k, "Connection")) continue;
            has_type = has_type || iequals(k, "Content-Type");
            head += k + ": " + v + "\r\n";
        }
    }
    if (!has_type) head += "Content-Type: application/json\r\n";
    head += "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
    // A body on the accepting answer is the first chunk, ahead of anything on_open wrote.
    if (answer && !answer->body.empty()) head += format_chunk(answer->body);
    finish();
    stream->attach(std::move(socket_), std::move(head));
}

}  // namespace tradehost::doubles::detail
