// betfair: the Exchange Stream API's messages (pure, no I/O). ESA is CRLF-delimited JSON over
// TLS (stream-api.betfair.com:443). Shapes from Betfair's "Exchange Stream API" documentation
// and its ESASwaggerSchema.json (read 2026-12-03):
//   in:  {"op":"connection","connectionId":...}
//        {"op":"status","id":N,"statusCode":"SUCCESS|FAILURE","errorCode":...,"errorMessage":...,
//         "connectionClosed":bool}
//        {"op":"mcm"|"ocm","id":N,"ct":"SUB_IMAGE|RESUB_DELTA|HEARTBEAT"(absent: delta),
//         "initialClk":...,"clk":...,"heartbeatMs":...,"conflateMs":...,"pt":ms,
//         "segmentType":"SEG_START|SEG|SEG_END"(absent: unsegmented),"con":bool,"mc"|"oc":[...]}
//   out: authentication, marketSubscription, orderSubscription, heartbeat.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tradehost::betfair::esa {

/// What a marketSubscription asks for. Fields: EX_BEST_OFFERS_DISP, EX_BEST_OFFERS,
/// EX_ALL_OFFERS, EX_TRADED, EX_TRADED_VOL, EX_LTP, EX_MARKET_DEF, SP_TRADED, SP_PROJECTED.
struct MarketSubscription {
    std::vector<std::string> market_ids, event_type_ids, event_ids, market_types, country_codes;
    std::vector<std::string> fields{"EX_BEST_OFFERS", "EX_TRADED", "EX_TRADED_VOL", "EX_LTP", "EX_MARKET_DEF"};
    int ladder_levels = 3;          ///< EX_BEST_OFFERS depth, 1..10
    int64_t heartbeat_ms = 5000;    ///< 500..5000 per the documentation
    int64_t conflate_ms = 0;        ///< 0: no conflation
    bool segmentation = true;
};

/// A subscription's resume point: the last clocks the server sent (opaque strings).
struct Clocks {
    std::string initial_clk, clk;
    bool empty() const noexcept { return initial_clk.empty() && clk.empty(); }
};

/// One line each, CRLF appended.
std::string authentication(int id, std::string_view app_key, std::string_view session);
std::string market_subscription(int id, const MarketSubscription& sub, const Clocks& resume);
std::string order_subscription(int id, int64_t heartbeat_ms, int64_t conflate_ms, const Clocks& resume);
std::string heartbeat(int id);

enum class Op : uint8_t { connection, status, mcm, ocm, unknown };
enum class ChangeType : uint8_t { delta, sub_image, resub_delta, heartbeat };
enum class Segment : uint8_t { none, start, middle, end };

/// The envelope of one incoming line (the payload, mc/oc, stays in `body`).
struct Message {
    Op op = Op::unknown;
    int id = 0;
    // connection
    std::string connection_id;
    // status
    bool success = false, connection_closed = false;
    std::string error_code, error_message;
    // mcm / ocm
    ChangeType ct = ChangeType::delta;
    Segment segment = Segment::none;
    bool conflated = false;         ///< `con`: the server merged changes (the client is slow)
    std::string initial_clk, clk;
    int64_t heartbeat_ms = 0, conflate_ms = 0, pt_ms = 0;
    nlohmann::json body;            ///< the whole parsed line
};

/// Parses one line (CRLF already stripped); nullopt with `why` ("not JSON at byte 12: ...",
/// "no op") when it is not an ESA message.
std::optional<Message> parse(std::string_view line, std::string& why);

/// Error codes after which reconnecting cannot help until someone acts (bad app key, bad
/// session, no access, ...): the client stops and says so instead of hammering the server.
/// INVALID_SESSION_INFORMATION is not here: a fresh login fixes it.
bool fatal_error(std::string_view error_code) noexcept;

}  // namespace tradehost::betfair::esa
