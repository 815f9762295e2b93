// Command-line options of `tradehost-dfs optimize` and `tradehost-dfs late-swap`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "options.hpp"
#include "scoring.hpp"

namespace dfs {

struct CliOptions {
    std::string command;  // "optimize", "late-swap" or "simulate"
    Site site = Site::draftkings;
    Sport sport = Sport::nfl;
    bool showdown = false;         // --contest showdown: DraftKings captain mode
    std::string salaries, projections, entries, out;
    int64_t now = -1;     // late swap: minutes, from --now "MM/DD/YYYY hh:mmAM"
    OptimizeOptions optimize;
    int simulations = 10000;       // simulate
    double team_correlation = 0.2; // simulate
    double cash_line = 0;          // simulate: points to cash; 0 not reported
    double field_top = 0;          // simulate: the field's top score; 0 not reported
};

// Parses argv after the command word. Returns an empty string, or what is wrong.
std::string parse_cli(const std::vector<std::string>& args, CliOptions& out);

const char* cli_usage();

}  // namespace dfs
