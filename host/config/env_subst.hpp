// `${NAME}` and `${NAME:-default}` substitution from the environment in config scalars.
#pragma once

#include <string>

namespace tradehost {

/// Substitute variables in `text`. On a missing variable without default or a malformed
/// reference, returns false and sets `error`. `$$` is a literal `$`.
bool substitute_env(const std::string& text, std::string& out, std::string& error);

}  // namespace tradehost
