// Command-line options of `tradehost-dfs optimize` and `tradehost-dfs late-swap`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "options.hpp"
#include "scoring.hpp"

namespace dfs {

struct CliOptions {
    std::string command;  // "optimize" or "late-swap"
    Site site = Site::draftkings;
    Sport sport = Sport::nfl;
    std::string salaries, projections, entries, out;
    int64_t now = -1;     // late swap: minutes, from --now "MM/DD/YYYY hh:mmAM"
    OptimizeOptions optimize;
};

// Parses argv after the command word. Returns an empty string, or what is wrong.
std::string parse_cli(const std::vector<std::string>& args, CliOptions& out);

const char* cli_usage();

}  // namespace dfs
