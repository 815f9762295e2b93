// alpaca: stream handshakes. Messages: https://docs.alpaca.markets/docs/websocket-streaming
// (trade_updates) and https://docs.alpaca.markets/docs/streaming-market-data (market data).
#include "websocket.hpp"

namespace tradehost::alpaca {

namespace json = venue::json;

std::string auth_message(const std::string& key, const std::string& secret) {
    return "{\"action\":\"auth\",\"key\":" + json::quote(key) + ",\"secret\":" + json::quote(secret) + "}";
}

std::string listen_message() { return R"({"action":"listen","data":{"streams":["trade_updates"]}})"; }

namespace {
std::string list(const std::vector<std::string>& items) {
    std::string s = "[";
    for (size_t i = 0; i < items.size(); ++i) s += (i ? "," : "") + json::quote(items[i]);
    return s + "]";
}

venue::WsOptions ws_options(const StreamOptions& o) {
    venue::WsOptions w;
    w.url = o.url;
    w.verify_tls = o.verify_tls;
    w.reconnect_min = o.reconnect_min;
    w.reconnect_max = o.reconnect_max;
    return w;
}
}  // namespace

std::string subscribe_message(const std::vector<std::string>& trades, const std::vector<std::string>& quotes,
                              const std::vector<std::string>& bars) {
    std::string s = "{\"action\":\"subscribe\"";
    if (!trades.empty()) s += ",\"trades\":" + list(trades);
    if (!quotes.empty()) s += ",\"quotes\":" + list(quotes);
    if (!bars.empty()) s += ",\"bars\":" + list(bars);
    return s + "}";
}

// ---------------------------------------------------------------------------------------

TradeStream::TradeStream(StreamOptions options, Handlers handlers) : opt_(std::move(options)), h_(std::move(handlers)) {
    venue::WsClient::Handlers wh;
    // The server speaks only after our auth message; send it on every (re)connect.
    wh.on_open = [this](venue::WsClient& ws) { ws.send(auth_message(opt_.key_id, opt_.secret)); };
    wh.on_message = [this](std::string_view text) { on_message(text); };
    wh.on_close = [this](std::string_view reason, bool will_retry) {
        if (will_retry && h_.on_down) h_.on_down(std::string(reason));
    };
    ws_ = std::make_unique<venue::WsClient>(ws_options(opt_), std::move(wh));
}

TradeStream::~TradeStream() { stop(); }
void TradeStream::start() { ws_->start(); }
void TradeStream::stop() { ws_->stop(); }

void TradeStream::on_message(std::string_view text) {
    TradeStreamMessage m;
    try {
        m = parse_trade_stream(dec_, text);
    } catch (const simdjson::simdjson_error&) {
        return;  // not JSON: nothing Alpaca documents; ignore
    }
    switch (m.kind) {
    case TradeStreamMessage::Kind::authorization:
        if (m.authorized) ws_->send(listen_message());
        else if (h_.on_auth_failed) h_.on_auth_failed("trade_updates authorization refused (" + m.action + ")");
        break;
    case TradeStreamMessage::Kind::listening:
        for (const auto& s : m.streams)
            if (s == "trade_updates" && h_.on_ready) h_.on_ready();
        break;
    case TradeStreamMessage::Kind::trade_update:
        if (h_.on_update) h_.on_update(std::move(m.update));
        break;
    case TradeStreamMessage::Kind::error:
        if (h_.on_down) h_.on_down("trade_updates error: " + m.error);
        break;
    case TradeStreamMessage::Kind::other: break;
    }
}

// ---------------------------------------------------------------------------------------

DataStream::DataStream(StreamOptions options, std::string subscribe, Handlers handlers)
    : opt_(std::move(options)), subscribe_(std::move(subscribe)), h_(std::move(handlers)) {
    venue::WsClient::Handlers wh;
    wh.on_open = [](venue::WsClient&) {};  // the server greets first: [{"T":"success","msg":"connected"}]
    wh.on_message = [this](std::string_view text) { on_message(text); };
    wh.on_close = [this](std::string_view reason, bool will_retry) {
        if (will_retry && h_.on_down) h_.on_down(std::string(reason));
    };
    ws_ = std::make_unique<venue::WsClient>(ws_options(opt_), std::move(wh));
}

DataStream::~DataStream() { stop(); }
void DataStream::start() { ws_->start(); }
void DataStream::stop() { ws_->stop(); }

void DataStream::on_message(std::string_view text) {
    try {
        parse_data_messages(dec_, text, msgs_);
    } catch (const simdjson::simdjson_error&) {
        return;
    }
    bool other = false;
    for (const DataMessage& m : msgs_) {
        switch (m.kind) {
        case DataMessage::Kind::success:
            if (m.msg == "connected") ws_->send(auth_message(opt_.key_id, opt_.secret));
            else if (m.msg == "authenticated") ws_->send(subscribe_);
            break;
        case DataMessage::Kind::subscription:
            if (h_.on_ready) h_.on_ready();
            break;
        case DataMessage::Kind::error:
            if (h_.on_error) h_.on_error(m.code, m.msg);
            break;
        case DataMessage::Kind::quote:
        case DataMessage::Kind::trade:
        case DataMessage::Kind::bar:
            if (h_.on_data) h_.on_data(m);
            break;
        case DataMessage::Kind::other: other = true; break;
        }
    }
    if (other && h_.on_other) h_.on_other(text);
}

}  // namespace tradehost::alpaca
