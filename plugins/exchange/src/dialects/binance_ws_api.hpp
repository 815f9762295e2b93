// exchange: requests on Binance's WebSocket API (wss://ws-api.binance.com:443/ws-api/v3), where
// the Spot user data stream lives since the listenKey endpoints were retired (2026-02-20).
// Source: binance-spot-api-docs web-socket-api.md, "Request format", "SIGNED request example
// (HMAC)" and "Subscribe to User Data Stream through signature subscription (USER_STREAM)".
#pragma once

#include "../dialect.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tradehost::exchange::binance {

/// One request parameter; `number` writes it as a JSON number (timestamp, recvWindow), else a
/// JSON string. Either way it is signed as its text.
struct WsParam {
    std::string name;
    std::string value;
    bool number = false;
};

/// What a SIGNED WebSocket API request signs: every parameter but `signature`, sorted by name,
/// as "name=value" joined by '&' (values as UTF-8, not percent-encoded).
std::string ws_signature_payload(std::vector<WsParam> params);

/// {"id":..,"method":..,"params":{..,"signature":..}} with the HMAC-SHA256 (lower-case hex) of
/// ws_signature_payload under `secret`; `params` must hold apiKey and timestamp already.
std::string ws_signed_request(std::string_view id, std::string_view method, std::vector<WsParam> params,
                              std::string_view secret);

/// The id our subscribe requests carry ("uds-<ms>"), so its answer is told from others.
inline constexpr std::string_view kSubscribeIdPrefix = "uds-";

/// userDataStream.subscribe.signature for `creds` at `now_ms` (apiKey, timestamp, signature).
std::string user_data_subscribe(const Credentials& creds, int64_t now_ms);

}  // namespace tradehost::exchange::binance
