#include "cli_options.hpp"

#include <charconv>
#include <cstdlib>

#include "site_csv.hpp"

namespace dfs {

namespace {

bool to_int(const std::string& s, int& out) {
    auto r = std::from_chars(s.data(), s.data() + s.size(), out);
    return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

bool to_double(const std::string& s, double& out) {
    char* end = nullptr;
    out = std::strtod(s.c_str(), &end);
    return !s.empty() && end == s.c_str() + s.size();
}

}  // namespace

const char* cli_usage() {
    return "usage: tradehost dfs optimize  --site dk|fd --sport nfl|nba --salaries FILE --projections FILE\n"
           "                              [--contest classic|showdown]\n"
           "                              [--lineups N] [--min-different K] [--lock ID]... [--exclude ID]...\n"
           "                              [--min-salary S] [--qb-stack K] [--bring-back K] [--team-stack K]\n"
           "                              [--max-exposure F] [--exposure ID=MIN:MAX]... [--randomness F]\n"
           "                              [--seed N] [--threads N] [--out FILE] [--write-lp DIR]\n"
           "       tradehost dfs late-swap (the same) --entries FILE --now \"MM/DD/YYYY hh:mmAM\"\n"
           "       tradehost dfs simulate  --site .. --sport .. --salaries FILE --projections FILE --entries FILE\n"
           "                              [--sims N] [--correlation R] [--seed N] [--cash-line P] [--field-top P]\n"
           "                              score distribution per lineup (CSV on stdout)\n"
           "Writes the site's upload CSV to --out (or stdout). Exit 2: bad input file or option value,\n"
           "3: the rules cannot be met (the message names the rule), 64: usage.\n";
}

std::string parse_cli(const std::vector<std::string>& args, CliOptions& o) {
    if (args.empty()) return "missing command (optimize, late-swap or simulate)";
    o.command = args[0];
    if (o.command != "optimize" && o.command != "late-swap" && o.command != "simulate")
        return "unknown command \"" + o.command + "\"";
    OptimizeOptions& opt = o.optimize;
    for (size_t i = 1; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (i + 1 >= args.size()) return "option " + a + " needs a value";
        const std::string& v = args[++i];
        auto bad = [&](const char* what) { return "option " + a + ": \"" + v + "\" is not " + what; };
        int n = 0;
        double d = 0;
        if (a == "--site") {
            auto s = parse_site(v);
            if (!s) return bad("dk or fd");
            o.site = *s;
        } else if (a == "--sport") {
            auto s = parse_sport(v);
            if (!s) return bad("nfl or nba");
            o.sport = *s;
        } else if (a == "--contest") {
            if (v != "classic" && v != "showdown") return bad("classic or showdown");
            o.showdown = v == "showdown";
        } else if (a == "--salaries") o.salaries = v;
        else if (a == "--projections") o.projections = v;
        else if (a == "--entries") o.entries = v;
        else if (a == "--out") o.out = v;
        else if (a == "--write-lp") opt.write_lp_dir = v;
        else if (a == "--now") {
            o.now = parse_game_time(v);
            if (o.now < 0) return bad("MM/DD/YYYY hh:mmAM");
        } else if (a == "--lock") opt.locks.push_back(v);
        else if (a == "--exclude") opt.excludes.push_back(v);
        else if (a == "--exposure") {
            // ID=MIN:MAX
            const size_t eq = v.find('='), colon = v.rfind(':');
            Exposure e;
            if (eq == std::string::npos || colon == std::string::npos || colon < eq ||
                !to_double(v.substr(eq + 1, colon - eq - 1), e.min) || !to_double(v.substr(colon + 1), e.max))
                return bad("ID=MIN:MAX");
            opt.exposures[v.substr(0, eq)] = e;
        } else if (a == "--max-exposure") {
            if (!to_double(v, d)) return bad("a number");
            opt.max_exposure = d;
        } else if (a == "--correlation") {
            if (!to_double(v, d) || d < 0 || d > 1) return bad("a number in 0..1");
            o.team_correlation = d;
        } else if (a == "--cash-line" || a == "--field-top") {
            if (!to_double(v, d) || d < 0) return bad("a number of points, 0 or more");
            (a == "--cash-line" ? o.cash_line : o.field_top) = d;
        } else if (a == "--randomness") {
            if (!to_double(v, d)) return bad("a number");
            opt.randomness = d;
        } else if (a == "--seed") {
            char* end = nullptr;
            opt.seed = std::strtoull(v.c_str(), &end, 10);
            if (v.empty() || *end) return bad("a whole number");
        } else {
            if (!to_int(v, n) || n < 0) return "option " + a + ": \"" + v + "\" is not a whole number";
            if (a == "--lineups") opt.lineups = n;
            else if (a == "--min-different") opt.min_different = n;
            else if (a == "--min-salary") opt.min_salary = n;
            else if (a == "--qb-stack") opt.qb_stack = n;
            else if (a == "--bring-back") opt.bring_back = n;
            else if (a == "--team-stack") opt.team_stack = n;
            else if (a == "--threads") opt.threads = n;
            else if (a == "--sims") o.simulations = n;
            else return "unknown option " + a;
        }
    }
    if (o.salaries.empty()) return "--salaries is required";
    if (o.projections.empty()) return "--projections is required";
    if (o.command == "late-swap" && (o.entries.empty() || o.now < 0)) return "late-swap needs --entries and --now";
    if (o.command == "simulate" && o.entries.empty()) return "simulate needs --entries (an upload CSV)";
    return {};
}

}  // namespace dfs
