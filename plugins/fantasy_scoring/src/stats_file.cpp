#include "stats_file.hpp"

#include <charconv>
#include <fstream>
#include <stdexcept>

#include "csv.hpp"  // the replay plugin's RFC 4180 line splitter, compiled in

namespace tradehost::fantasy_scoring {

namespace {

using Nfl = dfs::NflStatLine;
using Nba = dfs::NbaStatLine;

struct NflField {
    const char* name;
    int32_t Nfl::*field;
};
constexpr NflField kNfl[] = {
    {"passing_yards", &Nfl::passing_yards}, {"passing_tds", &Nfl::passing_tds},
    {"interceptions_thrown", &Nfl::interceptions_thrown}, {"rushing_yards", &Nfl::rushing_yards},
    {"rushing_tds", &Nfl::rushing_tds}, {"receptions", &Nfl::receptions},
    {"receiving_yards", &Nfl::receiving_yards}, {"receiving_tds", &Nfl::receiving_tds},
    {"return_tds", &Nfl::return_tds}, {"fumbles_lost", &Nfl::fumbles_lost},
    {"two_point_conversions", &Nfl::two_point_conversions},
    {"offensive_fumble_recovery_tds", &Nfl::offensive_fumble_recovery_tds},
    {"field_goals_0_39", &Nfl::field_goals_0_39}, {"field_goals_40_49", &Nfl::field_goals_40_49},
    {"field_goals_50_plus", &Nfl::field_goals_50_plus}, {"extra_points_made", &Nfl::extra_points_made},
    {"sacks", &Nfl::sacks}, {"interceptions", &Nfl::interceptions}, {"fumble_recoveries", &Nfl::fumble_recoveries},
    {"defensive_tds", &Nfl::defensive_tds}, {"safeties", &Nfl::safeties}, {"blocked_kicks", &Nfl::blocked_kicks},
    {"extra_point_returns", &Nfl::extra_point_returns}, {"points_allowed", &Nfl::points_allowed},
};

struct NbaField {
    const char* name;
    int32_t Nba::*field;
};
constexpr NbaField kNba[] = {
    {"points", &Nba::points}, {"three_pointers_made", &Nba::three_pointers_made}, {"rebounds", &Nba::rebounds},
    {"assists", &Nba::assists}, {"steals", &Nba::steals}, {"blocks", &Nba::blocks}, {"turnovers", &Nba::turnovers},
};

}  // namespace

std::vector<ScoredLine> score_file(const std::string& path, dfs::Site site, dfs::Sport sport) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error(path + ": cannot open");
    auto fail = [&](int line, const std::string& what) {
        throw std::runtime_error(path + ":" + std::to_string(line) + ": " + what);
    };
    std::string text;
    std::vector<std::string> f;
    int line_no = 0;
    // column -> which stat (index into kNfl/kNba), -1 id, -2 position
    std::vector<int> cols;
    bool have_id = false;
    std::vector<ScoredLine> out;
    while (std::getline(in, text)) {
        ++line_no;
        if (!text.empty() && text.back() == '\r') text.pop_back();
        if (text.find_first_not_of(" \t,") == std::string::npos) continue;
        if (!replay::split_csv_line(text, f)) fail(line_no, "unclosed quoted field");
        if (cols.empty()) {
            for (const std::string& raw : f) {
                const std::string name = replay::lower(raw);
                int c = -3;
                if (name == "player_id") {
                    c = -1;
                    have_id = true;
                } else if (name == "position") {
                    c = -2;
                } else if (name == "name" || name == "team") {
                    c = -4;  // carried for readers, not scored
                } else if (sport == dfs::Sport::nfl) {
                    for (size_t i = 0; i < std::size(kNfl); ++i)
                        if (name == kNfl[i].name) c = static_cast<int>(i);
                } else {
                    for (size_t i = 0; i < std::size(kNba); ++i)
                        if (name == kNba[i].name) c = static_cast<int>(i);
                }
                if (c == -3) fail(line_no, "unknown column \"" + raw + "\" for " + dfs::sport_name(sport));
                cols.push_back(c);
            }
            if (!have_id) fail(line_no, "missing column \"player_id\"");
            continue;
        }
        if (f.size() != cols.size())
            fail(line_no, std::to_string(f.size()) + " fields, the header has " + std::to_string(cols.size()));
        ScoredLine row;
        Nfl nfl;
        Nba nba;
        dfs::NflRole role = dfs::NflRole::offense;
        for (size_t i = 0; i < cols.size(); ++i) {
            const std::string& v = f[i];
            if (cols[i] == -1) row.player_id = v;
            if (cols[i] == -2) {
                if (v == "DST" || v == "D" || v == "DEF") role = dfs::NflRole::defense;
                if (v == "K") role = dfs::NflRole::kicker;
            }
            if (cols[i] < 0) continue;
            int32_t n = 0;
            const auto r = std::from_chars(v.data(), v.data() + v.size(), n);
            if (v.empty()) n = 0;
            else if (r.ec != std::errc() || r.ptr != v.data() + v.size() || n < -1000 || n > 100000)
                fail(line_no, "\"" + v + "\" is not a stat count");
            if (sport == dfs::Sport::nfl) nfl.*(kNfl[cols[i]].field) = n;
            else nba.*(kNba[cols[i]].field) = n;
        }
        if (row.player_id.empty()) fail(line_no, "empty player_id");
        row.points = sport == dfs::Sport::nfl ? dfs::nfl_points(site, role, nfl) : dfs::nba_points(site, nba);
        out.push_back(row);
    }
    if (cols.empty()) throw std::runtime_error(path + ": empty file");
    return out;
}

}  // namespace tradehost::fantasy_scoring
