// JSON string escaping for the documents the host writes by hand (health, graph, views).
#pragma once

#include <string>
#include <string_view>

namespace tradehost {

/// `s` with quotes, backslashes and control characters escaped (no surrounding quotes).
std::string json_escape(std::string_view s);

}  // namespace tradehost
