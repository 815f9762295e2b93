// betfair: the error table (see errors.hpp).
#include "errors.hpp"

namespace tradehost::betfair {

const std::vector<venue::ErrorRule>& error_table() {
    using K = venue::ErrorKind;
    static const std::vector<venue::ErrorRule> table = {
        // APINGException errorCode (JSON-RPC error.data.APINGException.errorCode)
        {0, "TOO_MUCH_DATA", "", K::invalid_request},
        {0, "INVALID_INPUT_DATA", "", K::invalid_request},
        {0, "INVALID_SESSION_INFORMATION", "", K::auth},
        {0, "NO_APP_KEY", "", K::auth},
        {0, "NO_SESSION", "", K::auth},
        {0, "INVALID_APP_KEY", "", K::auth},
        {0, "ACCESS_DENIED", "", K::auth},
        {0, "UNEXPECTED_ERROR", "", K::server},
        {0, "TOO_MANY_REQUESTS", "", K::rate_limited},
        {0, "SERVICE_BUSY", "", K::rate_limited},  // refused before processing: safe to send again later
        {0, "TIMEOUT_ERROR", "", K::server},       // may or may not have been processed
        {0, "REQUEST_SIZE_EXCEEDS_LIMIT", "", K::invalid_request},
        // ExecutionReportErrorCode (placeOrders/cancelOrders/replaceOrders errorCode)
        {0, "ERROR_IN_MATCHER", "", K::server},
        {0, "BET_ACTION_ERROR", "", K::invalid_request},
        {0, "INVALID_ACCOUNT_STATE", "", K::auth},
        {0, "INVALID_WALLET_STATUS", "", K::auth},
        {0, "INSUFFICIENT_FUNDS", "", K::insufficient_funds},
        {0, "LOSS_LIMIT_EXCEEDED", "", K::insufficient_funds},
        {0, "MARKET_SUSPENDED", "", K::invalid_request},
        {0, "MARKET_NOT_OPEN_FOR_BETTING", "", K::invalid_request},
        {0, "DUPLICATE_TRANSACTION", "", K::duplicate_order},  // customerRef seen in the last 60 s
        {0, "INVALID_ORDER", "", K::invalid_request},
        {0, "INVALID_MARKET_ID", "", K::invalid_request},
        {0, "PERMISSION_DENIED", "", K::auth},
        {0, "DUPLICATE_BETIDS", "", K::invalid_request},
        {0, "NO_ACTION_REQUIRED", "", K::invalid_request},
        {0, "SERVICE_UNAVAILABLE", "", K::server},
        {0, "REJECTED_BY_REGULATOR", "", K::invalid_request},
        {0, "NO_CHASING", "", K::invalid_request},
        {0, "REGULATOR_IS_NOT_AVAILABLE", "", K::server},
        {0, "TOO_MANY_INSTRUCTIONS", "", K::invalid_request},
        {0, "INVALID_MARKET_VERSION", "", K::invalid_request},
        // InstructionReportErrorCode (instructionReports[].errorCode)
        {0, "INVALID_BET_SIZE", "", K::invalid_request},
        {0, "INVALID_RUNNER", "", K::invalid_request},
        {0, "BET_TAKEN_OR_LAPSED", "", K::invalid_request},
        {0, "BET_IN_PROGRESS", "", K::server},  // the matcher did not answer in time: look it up
        {0, "RUNNER_REMOVED", "", K::invalid_request},
        {0, "MARKET_NOT_OPEN_FOR_BSP_BETTING", "", K::invalid_request},
        {0, "INVALID_PRICE_EDIT", "", K::invalid_request},
        {0, "INVALID_ODDS", "", K::invalid_request},
        {0, "INVALID_PERSISTENCE_TYPE", "", K::invalid_request},
        {0, "INVALID_BACK_LAY_COMBINATION", "", K::invalid_request},
        {0, "ERROR_IN_ORDER", "", K::invalid_request},
        {0, "INVALID_BID_TYPE", "", K::invalid_request},
        {0, "INVALID_BET_ID", "", K::unknown_order},
        {0, "CANCELLED_NOT_PLACED", "", K::invalid_request},
        {0, "RELATED_ACTION_FAILED", "", K::invalid_request},
        {0, "TIME_IN_FORCE_CONFLICT", "", K::invalid_request},
        {0, "UNEXPECTED_PERSISTENCE_TYPE", "", K::invalid_request},
        {0, "INVALID_ORDER_TYPE", "", K::invalid_request},
        {0, "UNEXPECTED_MIN_FILL_SIZE", "", K::invalid_request},
        {0, "INVALID_CUSTOMER_ORDER_REF", "", K::invalid_request},
        {0, "INVALID_MIN_FILL_SIZE", "", K::invalid_request},
        {0, "BET_LAPSED_PRICE_IMPROVEMENT_TOO_LARGE", "", K::invalid_request},
        {0, "INVALID_CUSTOMER_STRATEGY_REF", "", K::invalid_request},
        {0, "INVALID_PROFIT_RATIO", "", K::invalid_request},
        // Login statuses (/api/login "error", /api/certlogin "loginStatus")
        {0, "TEMPORARY_BAN_TOO_MANY_REQUESTS", "", K::banned},  // 20 minutes without new sessions
        {0, "INVALID_USERNAME_OR_PASSWORD", "", K::auth},
        {0, "ACCOUNT_NOW_LOCKED", "", K::auth},
        {0, "ACCOUNT_ALREADY_LOCKED", "", K::auth},
        {0, "PENDING_AUTH", "", K::auth},
        {0, "SUSPENDED", "", K::auth},
        {0, "CLOSED", "", K::auth},
        {0, "SELF_EXCLUDED", "", K::auth},
        {0, "KYC_SUSPEND", "", K::auth},
        {0, "CERT_AUTH_REQUIRED", "", K::auth},
        {0, "CHANGE_PASSWORD_REQUIRED", "", K::auth},
        {0, "ACTIONS_REQUIRED", "", K::auth},
        {0, "SECURITY_RESTRICTED_LOCATION", "", K::auth},
        {0, "BETTING_RESTRICTED_LOCATION", "", K::auth},
        {0, "INPUT_VALIDATION_ERROR", "", K::invalid_request},
        {0, "FORBIDDEN", "", K::auth},  // keepAlive/logout with a session Betfair no longer knows
    };
    return table;
}

bool session_lost(std::string_view code) noexcept {
    return code == "INVALID_SESSION_INFORMATION" || code == "NO_SESSION";
}

}  // namespace tradehost::betfair
