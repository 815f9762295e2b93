// A chunked HTTP response that stays open (OANDA-style newline-delimited JSON streams).
// Chunks are sent exactly as written: a double adds the '\n' that ends each JSON line, which
// also lets a test split one line over two chunks. A pending read on the socket notices when
// the client goes away, so open() turns false without waiting for a failed write.
#include "server_core.hpp"

#include <boost/asio/write.hpp>

#include <cstdio>

namespace tradehost::doubles::detail {

std::string format_chunk(std::string_view data) {
    char size[32];
    std::snprintf(size, sizeof size, "%zx\r\n", data.size());
    std::string out(size);
    out.append(data);
    out.append("\r\n");
    return out;
}

ChunkStreamImpl::ChunkStreamImpl(std::shared_ptr<ServerCore> core)
    : core_(std::move(core)), id_(core_->next_id++), socket_(core_->io) {}

void ChunkStreamImpl::attach(tcp::socket socket, std::string head) {
    socket_ = std::move(socket);
    attached_ = true;
    core_->track(id_, weak_from_this());
    core_->stream_opened(id_, weak_from_this());
    // Ahead of anything on_open already queued (those writes were posted, not yet run).
    queue_.push_front({Kind::Bytes, std::move(head)});
    watch();
    pump();
}

void ChunkStreamImpl::refuse() {
    open_ = false;
    dead_ = true;
    queue_.clear();
}

bool ChunkStreamImpl::write(std::string chunk) {
    if (!open_.load()) return false;
    if (chunk.empty()) return true;  // an empty chunk would end the body
    core_->post([self = shared_from_this(), chunk = std::move(chunk)] {
        self->enqueue({Kind::Bytes, format_chunk(chunk)});
    });
    return open_.load();
}

void ChunkStreamImpl::end() {
    if (!open_.exchange(false)) return;
    core_->post([self = shared_from_this()] { self->enqueue({Kind::End, {}}); });
}

void ChunkStreamImpl::drop() {
    open_ = false;
    core_->post([self = shared_from_this()] { self->enqueue({Kind::Drop, {}}); });
}

void ChunkStreamImpl::shutdown_now() {
    open_ = false;
    gone();
}

void ChunkStreamImpl::enqueue(Outgoing out) {
    if (dead_) return;
    queue_.push_back(std::move(out));
    pump();
}

void ChunkStreamImpl::pump() {
    while (attached_ && !dead_ && !writing_ && !queue_.empty()) {
        Outgoing out = std::move(queue_.front());
        queue_.pop_front();
        switch (out.kind) {
            case Kind::Bytes:
            case Kind::End: {
                bool last = out.kind == Kind::End;
                writing_ = true;
                writing_bytes_ = last ? std::string("0\r\n\r\n") : std::move(out.bytes);
                asio::async_write(socket_, asio::buffer(writing_bytes_),
                                  [self = shared_from_this(), last](beast::error_code ec, std::size_t) {
                                      self->writing_ = false;
                                      if (ec) {
                                          self->open_ = false;
                                          self->gone();
                                          return;
                                      }
                                      if (last) {
                                          // Body complete; the client closes (Connection: close) and
                                          // watch() then sees the end of the stream.
                                          beast::error_code ignored;
                                          self->socket_.shutdown(tcp::socket::shutdown_send, ignored);
                                          self->queue_.clear();
                                          return;
                                      }
                                      self->pump();
                                  });
                break;
            }
            case Kind::Drop:
                open_ = false;
                gone();
                break;
        }
    }
}

void ChunkStreamImpl::watch() {
    socket_.async_read_some(asio::buffer(watch_buffer_), [self = shared_from_this()](beast::error_code ec, std::size_t) {
        if (ec) {  // client closed or reset: nobody is listening any more
            self->open_ = false;
            self->gone();
            return;
        }
        self->watch();  // a client has nothing to send on a stream; ignore it
    });
}

void ChunkStreamImpl::gone() {
    if (dead_) return;
    dead_ = true;
    queue_.clear();
    beast::error_code ignored;
    socket_.close(ignored);
    core_->untrack(id_);
    core_->stream_closed(id_);
}

}  // namespace tradehost::doubles::detail
