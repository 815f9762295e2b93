// Names of event kinds and enum values, for config, logs, the journal and `inspect`.
#pragma once

#include <tradehost/plugin.h>

#include <string>

namespace tradehost {

const char* event_type_name(uint16_t type);
/// Event kind by name ("quote", "order_request", ...); false if unknown.
bool event_type_from_name(const std::string& name, uint16_t& out);
const char* side_name(uint8_t side);
const char* order_type_name(uint8_t t);
const char* tif_name(uint8_t t);
const char* exec_type_name(uint8_t t);
const char* order_status_name(uint8_t s);
const char* config_type_name(uint32_t t);
/// Kinds whose events must never be dropped (orders, executions, fills, positions, balances,
/// settlements).
bool must_not_drop(uint16_t type);

}  // namespace tradehost
