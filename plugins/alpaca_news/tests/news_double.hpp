// alpaca_news: a loopback double of Alpaca's news service, built from its documentation
// (https://docs.alpaca.markets/docs/streaming-real-time-news, /reference/news-3):
//  - WebSocket /v1beta1/news: [{"T":"success","msg":"connected"}] on open; auth ->
//    authenticated or [{"T":"error","code":402,"msg":"auth failed"}] and close; beyond the
//    connection limit [{"T":"error","code":406,"msg":"connection limit exceeded"}] and close;
//    subscribe {"news":[..]} -> [{"T":"subscription","news":[..]}]; then [{"T":"n",..}] frames.
//  - GET /v1beta1/news: key headers checked (403 otherwise), start/sort/limit/page_token,
//    {"news":[..],"next_page_token":..}. Rate limits through server().inject(429).
// Tests script an outage: while offline, new sessions get no answer to auth and stories go
// only to the archive that the REST endpoint serves.
#pragma once

#include "double/loopback_server.hpp"

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace tradehost::alpaca_news::test {

struct DoubleStory {
    int64_t id = 0;
    std::string headline;
    std::string summary;
    std::string created_at;  ///< RFC 3339
    std::string updated_at;
    std::vector<std::string> symbols;
    std::string source = "benzinga";
    std::string url;
};

class NewsDouble {
public:
    NewsDouble(std::string key_id, std::string secret);
    ~NewsDouble();

    doubles::LoopbackServer& server() { return *server_; }
    std::string stream_url() const { return server_->ws_url("/v1beta1/news"); }
    std::string rest_url() const { return server_->http_url(); }

    /// Archive the story and send it to every subscribed session (unless offline).
    void publish(const DoubleStory& s);
    /// Send a raw text frame to every open session.
    void push_raw(const std::string& text);
    /// Offline: sessions are dropped and new ones get no answer to their auth; publish()
    /// only archives. Back online: the waiting auths are answered.
    void set_offline(bool offline);
    /// Sessions beyond `n` open at once get the documented 406 and are closed.
    void set_connection_limit(size_t n);
    /// Stories per REST page (the documented maximum is 50).
    void set_page_size(size_t n);

    size_t subscribed_sessions() const;
    /// The news channel's symbols of the last subscribe message.
    std::vector<std::string> last_subscription() const;
    std::vector<doubles::Request> news_requests() const;

private:
    struct Impl;
    std::shared_ptr<Impl> impl_;
    std::unique_ptr<doubles::LoopbackServer> server_;
};

}  // namespace tradehost::alpaca_news::test
