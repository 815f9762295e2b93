// Server side of one WebSocket connection. Outgoing frames (text, close, drop) go through one
// queue on the io thread so they leave in the order the test asked for them, whichever thread
// asked; Beast answers pings and the client's close frame by itself. on_close runs once.
#include "server_core.hpp"

#include <boost/beast/websocket.hpp>

#include <iostream>

namespace tradehost::doubles::detail {

WsSessionImpl::WsSessionImpl(std::shared_ptr<ServerCore> core, tcp::socket socket,
                             std::shared_ptr<const WsHandlers> handlers, Request handshake)
    : core_(std::move(core)),
      id_(core_->next_id++),
      ws_(std::move(socket)),
      handlers_(std::move(handlers)),
      handshake_(std::move(handshake)) {}

void WsSessionImpl::start(http::request<http::string_body> upgrade) {
    core_->track(id_, weak_from_this());
    ws_.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& res) { res.set(http::field::server, "tradehost-loopback-double"); }));
    ws_.async_accept(upgrade, [self = shared_from_this()](beast::error_code ec) {
        if (ec || self->core_->stopping.load()) {
            self->abort_socket();
            self->finished_ = true;  // never opened: no on_close
            self->core_->untrack(self->id_);
            return;
        }
        self->open_ = true;
        self->core_->ws_opened(self->id_, self);
        if (self->handlers_->on_open) {
            try {
                self->handlers_->on_open(self, self->handshake_);
            } catch (const std::exception& e) {
                std::cerr << "loopback double: ws on_open threw: " << e.what() << "\n";
            }
        }
        self->read();
        self->pump();
    });
}

void WsSessionImpl::send(std::string text) {
    core_->post([self = shared_from_this(), text = std::move(text)]() mutable {
        self->enqueue({Kind::Text, std::move(text)});
    });
}

void WsSessionImpl::send_binary(std::string bytes) {
    core_->post([self = shared_from_this(), bytes = std::move(bytes)]() mutable {
        self->enqueue({Kind::Binary, std::move(bytes)});
    });
}

void WsSessionImpl::close() {
    core_->post([self = shared_from_this()] { self->enqueue({Kind::Close, {}}); });
}

void WsSessionImpl::drop() {
    core_->post([self = shared_from_this()] { self->enqueue({Kind::Drop, {}}); });
}

void WsSessionImpl::shutdown_now() { abort_socket(); }

void WsSessionImpl::enqueue(Outgoing out) {
    if (finished_) return;
    queue_.push_back(std::move(out));
    pump();
}

void WsSessionImpl::pump() {
    while (open_ && !writing_ && !queue_.empty()) {
        Outgoing out = std::move(queue_.front());
        queue_.pop_front();
        switch (out.kind) {
            case Kind::Text:
            case Kind::Binary:
                writing_ = true;
                writing_text_ = std::move(out.text);
                ws_.text(out.kind == Kind::Text);
                ws_.async_write(asio::buffer(writing_text_), [self = shared_from_this()](beast::error_code ec, std::size_t) {
                    self->writing_ = false;
                    if (ec) {
                        self->abort_socket();
                        self->finish();
                        return;
                    }
                    self->pump();
                });
                break;
            case Kind::Close:
                // Close frame, wait for the client's, then Beast closes the TCP connection.
                open_ = false;
                writing_ = true;
                ws_.async_close(websocket::close_code::normal, [self = shared_from_this()](beast::error_code ec) {
                    self->writing_ = false;
                    self->queue_.clear();
                    if (ec) self->abort_socket();
                    self->finish();
                });
                break;
            case Kind::Drop:
                abort_socket();
                finish();
                break;
        }
    }
}

void WsSessionImpl::read() {
    ws_.async_read(read_buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
        if (ec) {
            // websocket::error::closed: the client's close frame was answered and the
            // connection torn down by Beast; anything else: the connection is unusable.
            if (ec != websocket::error::closed) self->abort_socket();
            self->finish();
            return;
        }
        auto data = self->read_buffer_.data();
        std::string_view text(static_cast<const char*>(data.data()), data.size());
        if (self->handlers_->on_message && !self->core_->stopping.load()) {
            try {
                self->handlers_->on_message(self, text);
            } catch (const std::exception& e) {
                std::cerr << "loopback double: ws on_message threw: " << e.what() << "\n";
            }
        }
        self->read_buffer_.consume(self->read_buffer_.size());
        self->read();
    });
}

void WsSessionImpl::abort_socket() {
    open_ = false;
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).close(ignored);
}

void WsSessionImpl::finish() {
    if (finished_) return;
    finished_ = true;
    open_ = false;
    queue_.clear();
    core_->untrack(id_);
    core_->ws_closed(id_);
    // Not while the server stops: the double that owns the handlers may be half destroyed.
    if (handlers_->on_close && !core_->stopping.load()) {
        try {
            handlers_->on_close(shared_from_this());
        } catch (const std::exception& e) {
            std::cerr << "loopback double: ws on_close threw: " << e.what() << "\n";
        }
    }
}

}  // namespace tradehost::doubles::detail
