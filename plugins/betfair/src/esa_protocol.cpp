// betfair: ESA messages (see esa_protocol.hpp).
#include "esa_protocol.hpp"

namespace tradehost::betfair::esa {
namespace {

std::string line(const nlohmann::json& j) { return j.dump() + "\r\n"; }

void add_list(nlohmann::json& f, const char* key, const std::vector<std::string>& v) {
    if (!v.empty()) f[key] = v;
}

void add_clocks(nlohmann::json& j, const Clocks& c) {
    // Resubscribing with the clocks of the last message makes the server answer RESUB_DELTA
    // (only what changed since) instead of a full SUB_IMAGE.
    if (!c.initial_clk.empty()) j["initialClk"] = c.initial_clk;
    if (!c.clk.empty()) j["clk"] = c.clk;
}

std::string str(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int64_t num(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_number() ? it->get<int64_t>() : 0;
}

}  // namespace

std::string authentication(int id, std::string_view app_key, std::string_view session) {
    return line({{"op", "authentication"}, {"id", id}, {"appKey", app_key}, {"session", session}});
}

std::string market_subscription(int id, const MarketSubscription& sub, const Clocks& resume) {
    nlohmann::json filter = nlohmann::json::object();
    add_list(filter, "marketIds", sub.market_ids);
    add_list(filter, "eventTypeIds", sub.event_type_ids);
    add_list(filter, "eventIds", sub.event_ids);
    add_list(filter, "marketTypes", sub.market_types);
    add_list(filter, "countryCodes", sub.country_codes);
    nlohmann::json data{{"fields", sub.fields}};
    if (sub.ladder_levels > 0) data["ladderLevels"] = sub.ladder_levels;
    nlohmann::json j{{"op", "marketSubscription"}, {"id", id},          {"marketFilter", filter},
                     {"marketDataFilter", data},   {"heartbeatMs", sub.heartbeat_ms},
                     {"conflateMs", sub.conflate_ms}, {"segmentationEnabled", sub.segmentation}};
    add_clocks(j, resume);
    return line(j);
}

std::string order_subscription(int id, int64_t heartbeat_ms, int64_t conflate_ms, const Clocks& resume) {
    nlohmann::json j{{"op", "orderSubscription"}, {"id", id}, {"heartbeatMs", heartbeat_ms},
                     {"conflateMs", conflate_ms}, {"segmentationEnabled", true},
                     {"orderFilter", {{"includeOverallPosition", false}}}};
    add_clocks(j, resume);
    return line(j);
}

std::string heartbeat(int id) { return line({{"op", "heartbeat"}, {"id", id}}); }

std::optional<Message> parse(std::string_view text, std::string& why) {
    Message m;
    try {
        m.body = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        why = std::string("not JSON at byte ") + std::to_string(e.byte) + ": " + e.what();
        return std::nullopt;
    }
    if (!m.body.is_object()) {
        why = "not a JSON object";
        return std::nullopt;
    }
    const std::string op = str(m.body, "op");
    if (op.empty()) {
        why = "no op";
        return std::nullopt;
    }
    m.id = static_cast<int>(num(m.body, "id"));
    if (op == "connection") {
        m.op = Op::connection;
        m.connection_id = str(m.body, "connectionId");
    } else if (op == "status") {
        m.op = Op::status;
        m.success = str(m.body, "statusCode") == "SUCCESS";
        auto cc = m.body.find("connectionClosed");
        m.connection_closed = cc != m.body.end() && cc->is_boolean() && cc->get<bool>();
        m.error_code = str(m.body, "errorCode");
        m.error_message = str(m.body, "errorMessage");
    } else if (op == "mcm" || op == "ocm") {
        m.op = op == "mcm" ? Op::mcm : Op::ocm;
        const std::string ct = str(m.body, "ct");
        m.ct = ct == "SUB_IMAGE"     ? ChangeType::sub_image
               : ct == "RESUB_DELTA" ? ChangeType::resub_delta
               : ct == "HEARTBEAT"   ? ChangeType::heartbeat
                                     : ChangeType::delta;
        const std::string seg = str(m.body, "segmentType");
        m.segment = seg == "SEG_START" ? Segment::start
                    : seg == "SEG"     ? Segment::middle
                    : seg == "SEG_END" ? Segment::end
                                       : Segment::none;
        auto con = m.body.find("con");
        m.conflated = con != m.body.end() && con->is_boolean() && con->get<bool>();
        m.initial_clk = str(m.body, "initialClk");
        m.clk = str(m.body, "clk");
        m.heartbeat_ms = num(m.body, "heartbeatMs");
        m.conflate_ms = num(m.body, "conflateMs");
        m.pt_ms = num(m.body, "pt");
    }
    return m;
}

bool fatal_error(std::string_view c) noexcept {
    return c == "NO_APP_KEY" || c == "INVALID_APP_KEY" || c == "NOT_AUTHORIZED" ||
           c == "SUBSCRIPTION_LIMIT_EXCEEDED" || c == "INVALID_INPUT";
}

}  // namespace tradehost::betfair::esa
