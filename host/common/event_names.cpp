#include "common/event_names.hpp"

namespace tradehost {

namespace {
struct TypeName { uint16_t type; const char* name; };
constexpr TypeName kTypes[] = {
    {TH_EV_ANY, "any"}, {TH_EV_QUOTE, "quote"}, {TH_EV_TRADE, "trade"}, {TH_EV_BAR, "bar"},
    {TH_EV_ORDER_REQUEST, "order_request"}, {TH_EV_EXECUTION_REPORT, "execution_report"},
    {TH_EV_FILL, "fill"}, {TH_EV_POSITION, "position"}, {TH_EV_SIGNAL, "signal"},
    {TH_EV_BALANCE, "balance"}, {TH_EV_VENUE_STATUS, "venue_status"},
    // ABI 1.1
    {TH_EV_BOOK, "book"}, {TH_EV_ODDS, "odds"}, {TH_EV_NEWS, "news"}, {TH_EV_SENTIMENT, "sentiment"},
    {TH_EV_FEATURES, "features"}, {TH_EV_TARGET, "target"}, {TH_EV_SETTLEMENT, "settlement"},
    {TH_EV_CUSTOM, "custom"}};
}  // namespace

const char* event_type_name(uint16_t type) {
    for (const auto& t : kTypes)
        if (t.type == type) return t.name;
    return "unknown";
}

bool event_type_from_name(const std::string& name, uint16_t& out) {
    for (const auto& t : kTypes)
        if (name == t.name) {
            out = t.type;
            return true;
        }
    return false;
}

const char* side_name(uint8_t side) {
    switch (side) {
    case TH_SIDE_BUY: return "buy";
    case TH_SIDE_SELL: return "sell";
    default: return "none";
    }
}

const char* order_type_name(uint8_t t) {
    switch (t) {
    case TH_ORDER_MARKET: return "market";
    case TH_ORDER_LIMIT: return "limit";
    case TH_ORDER_STOP: return "stop";
    case TH_ORDER_STOP_LIMIT: return "stop_limit";
    default: return "unknown";
    }
}

const char* tif_name(uint8_t t) {
    switch (t) {
    case TH_TIF_DAY: return "day";
    case TH_TIF_GTC: return "gtc";
    case TH_TIF_IOC: return "ioc";
    case TH_TIF_FOK: return "fok";
    case TH_TIF_GTD: return "gtd";  // ABI 1.2
    default: return "unknown";
    }
}

const char* exec_type_name(uint8_t t) {
    switch (t) {
    case TH_EXEC_NEW: return "new";
    case TH_EXEC_PARTIAL_FILL: return "partial_fill";
    case TH_EXEC_FILL: return "fill";
    case TH_EXEC_CANCELED: return "canceled";
    case TH_EXEC_REPLACED: return "replaced";
    case TH_EXEC_REJECTED: return "rejected";
    case TH_EXEC_EXPIRED: return "expired";
    default: return "unknown";
    }
}

const char* order_status_name(uint8_t s) {
    switch (s) {
    case TH_STATUS_PENDING_NEW: return "pending_new";
    case TH_STATUS_NEW: return "new";
    case TH_STATUS_PARTIALLY_FILLED: return "partially_filled";
    case TH_STATUS_FILLED: return "filled";
    case TH_STATUS_CANCELED: return "canceled";
    case TH_STATUS_REJECTED: return "rejected";
    case TH_STATUS_EXPIRED: return "expired";
    default: return "unknown";
    }
}

const char* config_type_name(uint32_t t) {
    switch (t) {
    case TH_CFG_BOOL: return "bool";
    case TH_CFG_INT: return "int";
    case TH_CFG_FLOAT: return "float";
    case TH_CFG_STRING: return "string";
    case TH_CFG_DECIMAL: return "decimal";
    case TH_CFG_DURATION: return "duration";
    case TH_CFG_STRING_LIST: return "string_list";
    default: return "unknown";
    }
}

bool must_not_drop(uint16_t type) {
    return type == TH_EV_ORDER_REQUEST || type == TH_EV_EXECUTION_REPORT || type == TH_EV_FILL ||
           type == TH_EV_POSITION || type == TH_EV_BALANCE || type == TH_EV_SETTLEMENT;
}

}  // namespace tradehost
