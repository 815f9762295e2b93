// LoopbackServer: binds 127.0.0.1:0, runs one io thread, and keeps the shared tables (routes,
// endpoints, injected answers, request log, open sessions) in a ServerCore that every
// connection co-owns. Stopping closes every socket, lets the io thread drain, then joins.
#include "loopback_server.hpp"
#include "request_util.hpp"
#include "server_core.hpp"

#include <boost/asio/post.hpp>

#include <future>
#include <iostream>
#include <thread>

namespace tradehost::doubles {

namespace detail {

bool ServerCore::post(std::function<void()> fn) {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping.load()) return false;
    asio::post(io, std::move(fn));
    return true;
}

void ServerCore::begin_stop() {
    std::lock_guard<std::mutex> lock(mu_);
    stopping.store(true);
}

void ServerCore::add_route(std::string method, std::string pattern, LoopbackServer::Handler handler) {
    RouteEntry entry{std::move(method), split_path(pattern),
                     std::make_shared<const LoopbackServer::Handler>(std::move(handler))};
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& r : routes_) {
        if (r.method == entry.method && r.pattern == entry.pattern) {
            r = std::move(entry);
            return;
        }
    }
    routes_.push_back(std::move(entry));
}

void ServerCore::add_websocket(std::string pattern, WsHandlers handlers) {
    Endpoint<WsHandlers> entry{split_path(pattern), std::make_shared<const WsHandlers>(std::move(handlers))};
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& e : websockets_) {
        if (e.pattern == entry.pattern) {
            e = std::move(entry);
            return;
        }
    }
    websockets_.push_back(std::move(entry));
}

void ServerCore::add_stream(std::string pattern, StreamOpen on_open) {
    Endpoint<StreamOpen> entry{split_path(pattern), std::make_shared<const StreamOpen>(std::move(on_open))};
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& e : streams_) {
        if (e.pattern == entry.pattern) {
            e = std::move(entry);
            return;
        }
    }
    streams_.push_back(std::move(entry));
}

namespace {
// The most specific matching pattern wins ("/orders/open" over "/orders/*"), so a double can
// register a catch-all and the special cases in any order.
template <class Entries, class Accept>
auto best_match(const Entries& entries, const std::vector<std::string>& segments, Accept accept)
    -> decltype(&entries.front()) {
    decltype(&entries.front()) best = nullptr;
    int best_score = -1;
    for (const auto& e : entries) {
        if (!accept(e) || !pattern_matches(e.pattern, segments)) continue;
        int score = pattern_specificity(e.pattern);
        if (score > best_score) {
            best = &e;
            best_score = score;
        }
    }
    return best;
}
}  // namespace

std::shared_ptr<const LoopbackServer::Handler> ServerCore::find_route(std::string_view method,
                                                                      const std::vector<std::string>& segments) const {
    std::lock_guard<std::mutex> lock(mu_);
    auto* hit = best_match(routes_, segments, [&](const RouteEntry& r) { return r.method == method; });
    return hit ? hit->handler : nullptr;
}

std::shared_ptr<const WsHandlers> ServerCore::find_websocket(const std::vector<std::string>& segments) const {
    std::lock_guard<std::mutex> lock(mu_);
    auto* hit = best_match(websockets_, segments, [](const auto&) { return true; });
    return hit ? hit->value : nullptr;
}

std::shared_ptr<const StreamOpen> ServerCore::find_stream(const std::vector<std::string>& segments) const {
    std::lock_guard<std::mutex> lock(mu_);
    auto* hit = best_match(streams_, segments, [](const auto&) { return true; });
    return hit ? hit->value : nullptr;
}

void ServerCore::inject(Response response, int count, std::string method) {
    if (count <= 0) return;
    std::lock_guard<std::mutex> lock(mu_);
    injections_.push_back(Injection{std::move(response), count, std::move(method)});
}

std::optional<Response> ServerCore::take_injection(const std::string& method) {
    std::lock_guard<std::mutex> lock(mu_);
    if (injections_.empty()) return std::nullopt;
    if (!injections_.front().method.empty() && injections_.front().method != method) return std::nullopt;
    Response r = injections_.front().response;
    if (--injections_.front().count <= 0) injections_.pop_front();
    return r;
}

void ServerCore::record(const Request& request) {
    std::shared_ptr<const std::function<void(const Request&)>> observer;
    {
        std::lock_guard<std::mutex> lock(mu_);
        log_.push_back(request);
        observer = observer_;
    }
    if (observer) (*observer)(request);
}

void ServerCore::observe(std::function<void(const Request&)> fn) {
    std::lock_guard<std::mutex> lock(mu_);
    observer_ = fn ? std::make_shared<const std::function<void(const Request&)>>(std::move(fn)) : nullptr;
}

std::vector<Request> ServerCore::recorded() const {
    std::lock_guard<std::mutex> lock(mu_);
    return log_;
}

void ServerCore::track(uint64_t id, std::weak_ptr<Closable> conn) {
    std::lock_guard<std::mutex> lock(mu_);
    live_[id] = std::move(conn);
}

void ServerCore::untrack(uint64_t id) {
    std::lock_guard<std::mutex> lock(mu_);
    live_.erase(id);
}

void ServerCore::ws_opened(uint64_t id, std::shared_ptr<WsSession> session) {
    std::lock_guard<std::mutex> lock(mu_);
    ws_open_[id] = std::move(session);
}

void ServerCore::ws_closed(uint64_t id) {
    std::shared_ptr<WsSession> last;  // released outside the lock
    std::lock_guard<std::mutex> lock(mu_);
    auto it = ws_open_.find(id);
    if (it == ws_open_.end()) return;
    last = std::move(it->second);
    ws_open_.erase(it);
}

std::vector<std::shared_ptr<WsSession>> ServerCore::ws_sessions() const {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<std::shared_ptr<WsSession>> out;
    for (const auto& [id, s] : ws_open_) out.push_back(s);
    return out;
}

void ServerCore::stream_opened(uint64_t id, std::weak_ptr<ChunkStream> stream) {
    std::lock_guard<std::mutex> lock(mu_);
    streams_open_[id] = std::move(stream);
}

void ServerCore::stream_closed(uint64_t id) {
    std::lock_guard<std::mutex> lock(mu_);
    streams_open_.erase(id);
}

std::vector<std::shared_ptr<ChunkStream>> ServerCore::chunk_streams() const {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<std::shared_ptr<ChunkStream>> out;
    for (const auto& [id, s] : streams_open_) {
        if (auto strong = s.lock()) out.push_back(std::move(strong));
    }
    return out;
}

void ServerCore::close_everything() {
    beast::error_code ignored;
    acceptor.close(ignored);
    std::vector<std::shared_ptr<Closable>> conns;
    {
        std::lock_guard<std::mutex> lock(mu_);
        for (const auto& [id, c] : live_) {
            if (auto strong = c.lock()) conns.push_back(std::move(strong));
        }
    }
    for (const auto& c : conns) c->shutdown_now();
}

void ServerCore::clear() {
    // Moved out first so handlers and sessions are destroyed without the lock held.
    std::vector<RouteEntry> routes;
    std::vector<Endpoint<WsHandlers>> websockets;
    std::vector<Endpoint<StreamOpen>> streams;
    std::map<uint64_t, std::shared_ptr<WsSession>> ws_open;
    {
        std::lock_guard<std::mutex> lock(mu_);
        routes.swap(routes_);
        websockets.swap(websockets_);
        streams.swap(streams_);
        ws_open.swap(ws_open_);
        live_.clear();
        streams_open_.clear();
    }
}

void accept_loop(const std::shared_ptr<ServerCore>& core) {
    core->acceptor.async_accept([core](beast::error_code ec, tcp::socket socket) {
        if (core->stopping.load() || ec == asio::error::operation_aborted) return;
        if (!ec) std::make_shared<HttpConnection>(core, std::move(socket))->start();
        accept_loop(core);
    });
}

}  // namespace detail

struct LoopbackServer::Impl {
    std::shared_ptr<detail::ServerCore> core = std::make_shared<detail::ServerCore>();
    std::thread thread;
    std::future<void> thread_done;
    uint16_t port = 0;
};

LoopbackServer::LoopbackServer() : impl_(std::make_unique<Impl>()) {
    namespace asio = detail::asio;
    auto& core = *impl_->core;
    detail::tcp::endpoint endpoint(asio::ip::make_address_v4("127.0.0.1"), 0);
    core.acceptor.open(endpoint.protocol());
    core.acceptor.set_option(asio::socket_base::reuse_address(true));
    core.acceptor.bind(endpoint);
    core.acceptor.listen(asio::socket_base::max_listen_connections);
    impl_->port = core.acceptor.local_endpoint().port();
    detail::accept_loop(impl_->core);

    std::promise<void> done;
    impl_->thread_done = done.get_future();
    impl_->thread = std::thread([core = impl_->core, done = std::move(done)]() mutable {
        // An exception out of one handler must not take the whole double down with it.
        for (;;) {
            try {
                core->io.run();
                break;
            } catch (const std::exception& e) {
                std::cerr << "loopback double: exception on the io thread: " << e.what() << "\n";
            }
        }
        done.set_value();
    });
}

LoopbackServer::~LoopbackServer() {
    auto core = impl_->core;
    core->begin_stop();
    detail::asio::post(core->io, [core] { core->close_everything(); });
    // Closing every socket lets all pending operations finish, so run() returns on its own.
    // A user callback stuck on the io thread must not hang the test forever though.
    if (impl_->thread_done.wait_for(std::chrono::seconds(3)) != std::future_status::ready) {
        std::cerr << "loopback double: io thread did not drain in 3 s, stopping it\n";
        core->io.stop();
    }
    impl_->thread.join();
    // Whatever is still queued (only after a forced stop) runs now, with every socket closed.
    core->close_everything();
    core->io.restart();
    core->io.poll();
    core->clear();
}

uint16_t LoopbackServer::port() const { return impl_->port; }

std::string LoopbackServer::http_url() const { return "http://127.0.0.1:" + std::to_string(port()); }

std::string LoopbackServer::ws_url(std::string_view path) const {
    return "ws://127.0.0.1:" + std::to_string(port()) + std::string(path);
}

void LoopbackServer::route(std::string method, std::string path_pattern, Handler handler) {
    impl_->core->add_route(std::move(method), std::move(path_pattern), std::move(handler));
}

void LoopbackServer::websocket(std::string path, WsHandlers handlers) {
    impl_->core->add_websocket(std::move(path), std::move(handlers));
}

void LoopbackServer::stream(std::string path,
                            std::function<std::optional<Response>(const Request&, std::shared_ptr<ChunkStream>)> on_open) {
    impl_->core->add_stream(std::move(path), std::move(on_open));
}

void LoopbackServer::inject(Response response, int count, std::string method) {
    impl_->core->inject(std::move(response), count, std::move(method));
}

std::vector<Request> LoopbackServer::requests() const { return impl_->core->recorded(); }

void LoopbackServer::on_request(std::function<void(const Request&)> fn) { impl_->core->observe(std::move(fn)); }

std::vector<Request> LoopbackServer::requests(std::string_view method, std::string_view path_pattern) const {
    auto pattern = detail::split_path(path_pattern);
    std::vector<Request> out;
    for (auto& r : impl_->core->recorded()) {
        if (r.method == method && detail::pattern_matches(pattern, detail::split_path(r.path))) {
            out.push_back(std::move(r));
        }
    }
    return out;
}

std::vector<std::shared_ptr<WsSession>> LoopbackServer::ws_sessions() const { return impl_->core->ws_sessions(); }

void LoopbackServer::drop_all_streams() {
    // Each drop is queued behind what was already sent on that connection, like drop() itself.
    for (const auto& s : impl_->core->ws_sessions()) s->drop();
    for (const auto& s : impl_->core->chunk_streams()) s->drop();
}

}  // namespace tradehost::doubles
