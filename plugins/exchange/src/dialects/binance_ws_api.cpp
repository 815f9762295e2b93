// exchange: Binance WebSocket API request signing (see binance_ws_api.hpp).
#include "binance_ws_api.hpp"

#include <tradehost/venue/encoding.hpp>
#include <tradehost/venue/json.hpp>
#include <tradehost/venue/sign.hpp>

#include <algorithm>

namespace tradehost::exchange::binance {

std::string ws_signature_payload(std::vector<WsParam> params) {
    std::sort(params.begin(), params.end(), [](const WsParam& a, const WsParam& b) { return a.name < b.name; });
    std::string out;
    for (const WsParam& p : params) {
        if (p.name == "signature") continue;
        if (!out.empty()) out += '&';
        out += p.name;
        out += '=';
        out += p.value;
    }
    return out;
}

std::string ws_signed_request(std::string_view id, std::string_view method, std::vector<WsParam> params,
                              std::string_view secret) {
    std::string signature = venue::hex_encode(venue::hmac_sha256(secret, ws_signature_payload(params)));
    std::string out = "{\"id\":" + venue::json::quote(id) + ",\"method\":" + venue::json::quote(method) + ",\"params\":{";
    for (const WsParam& p : params) {
        if (p.name == "signature") continue;
        out += venue::json::quote(p.name);
        out += ':';
        out += p.number ? p.value : venue::json::quote(p.value);
        out += ',';
    }
    out += "\"signature\":" + venue::json::quote(signature) + "}}";
    return out;
}

std::string user_data_subscribe(const Credentials& creds, int64_t now_ms) {
    return ws_signed_request(std::string(kSubscribeIdPrefix) + std::to_string(now_ms), "userDataStream.subscribe.signature",
                             {{"apiKey", creds.key, false}, {"timestamp", std::to_string(now_ms), true}}, creds.secret);
}

}  // namespace tradehost::exchange::binance
