// risk_gate: reading the small comma-separated files that sector_map and borrow_list name,
// so that both report errors the same way (`path:line: what`).
#ifndef TRADEHOST_PLUGINS_RISK_GATE_LIST_FILE_HPP
#define TRADEHOST_PLUGINS_RISK_GATE_LIST_FILE_HPP

#include <functional>
#include <string>
#include <vector>

namespace tradehost::risk_gate {

/// Calls `row(where, columns)` for each record of `path`: columns split at commas and trimmed
/// of spaces; blank lines and lines starting with `#` skipped; `where` is "path:line: ".
/// Throws ConfigError "`key`: cannot open path" if the file cannot be read.
void for_each_record(const std::string& path, const char* key,
                     const std::function<void(const std::string& where, const std::vector<std::string>& cols)>& row);

}  // namespace tradehost::risk_gate

#endif
