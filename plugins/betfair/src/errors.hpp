// betfair: the venue's error codes as unified kinds, as data (docs/venue-kit.md, "Error
// table"). Codes from the API-NG reference (read 2026-12-02): APINGException errorCode
// (Betting and Accounts "Enums"), ExecutionReportErrorCode, InstructionReportErrorCode, and
// the identity endpoints' login statuses (Login, "Login API Response Status Codes").
#pragma once

#include <tradehost/venue/errors.hpp>

#include <vector>

namespace tradehost::betfair {

/// Every documented code the adapter may see, first match wins (codes are exact).
const std::vector<venue::ErrorRule>& error_table();

/// True for the APINGException codes that mean the session token is gone: log in again and
/// send once more (the request was refused before it was processed).
bool session_lost(std::string_view code) noexcept;

}  // namespace tradehost::betfair
