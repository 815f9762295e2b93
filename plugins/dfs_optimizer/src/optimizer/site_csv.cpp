#include "site_csv.hpp"

#include <charconv>
#include <ctime>
#include <cmath>
#include <fstream>
#include <map>
#include <optional>
#include <stdexcept>
#include <utility>

#include "csv.hpp"  // the replay plugin's RFC 4180 line splitter, compiled in (see CMakeLists.txt)

namespace dfs {

using tradehost::replay::lower;
using tradehost::replay::split_csv_line;

namespace {

struct CsvFile {
    std::string path;
    std::ifstream in;
    int line_no = 0;
    std::map<std::string, size_t> header;  // lower-case name -> column

    explicit CsvFile(const std::string& p) : path(p), in(p) {
        if (!in) throw std::runtime_error(p + ": cannot open");
    }
    [[noreturn]] void fail(const std::string& what) const {
        throw std::runtime_error(path + ":" + std::to_string(line_no) + ": " + what);
    }
    bool next(std::vector<std::string>& fields) {
        std::string line;
        while (std::getline(in, line)) {
            ++line_no;
            if (!line.empty() && line.back() == '\r') line.pop_back();
            if (line_no == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // a UTF-8 byte-order mark
            if (line.find_first_not_of(" \t,") == std::string::npos) continue;
            if (!split_csv_line(line, fields)) fail("unclosed quoted field");
            return true;
        }
        return false;
    }
    void read_header() {
        std::vector<std::string> f;
        if (!next(f)) fail("empty file");
        for (size_t i = 0; i < f.size(); ++i) header.emplace(lower(f[i]), i);  // first wins
    }
    std::optional<size_t> col(std::initializer_list<const char*> names) const {
        for (const char* n : names) {
            auto it = header.find(n);
            if (it != header.end()) return it->second;
        }
        return std::nullopt;
    }
    size_t need(std::initializer_list<const char*> names) const {
        auto c = col(names);
        if (!c) fail(std::string("missing column \"") + *names.begin() + "\"");
        return *c;
    }
    const std::string& at(const std::vector<std::string>& f, size_t c) const {
        if (c >= f.size()) fail("too few fields (" + std::to_string(f.size()) + ")");
        return f[c];
    }
};

std::vector<std::string> split_positions(const std::string& s) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= s.size()) {
        size_t slash = s.find('/', start);
        if (slash == std::string::npos) slash = s.size();
        if (slash > start) out.push_back(s.substr(start, slash - start));
        start = slash + 1;
    }
    return out;
}

bool parse_int(std::string_view s, int64_t& out) {
    auto r = std::from_chars(s.data(), s.data() + s.size(), out);
    return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

// "12.34" -> 1234 centi-points, exact for up to two decimals, rounded beyond.
bool parse_centi(const std::string& s, int64_t& out) {
    if (s.empty()) return false;
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (end != s.c_str() + s.size() || !std::isfinite(v)) return false;
    out = std::llround(v * 100);
    return true;
}

// "AWY@HOM" -> teams; the player's opponent is the other one.
void set_game(Player& p, const std::string& game) {
    p.game = game;
    const size_t at = game.find('@');
    if (at == std::string::npos) return;
    const std::string away = game.substr(0, at), home = game.substr(at + 1);
    p.opponent = p.team == away ? home : p.team == home ? away : std::string();
}

// Showdown: each person's CPT and FLEX (UTIL) rows, matched by name and team.
void pair_showdown_rows(Slate& slate) {
    std::map<std::pair<std::string, std::string>, int> flex;
    for (size_t i = 0; i < slate.players.size(); ++i) {
        const std::string& role = slate.players[i].positions.front();
        if (role == "FLEX" || role == "UTIL") flex[{slate.players[i].name, slate.players[i].team}] = static_cast<int>(i);
    }
    for (size_t i = 0; i < slate.players.size(); ++i) {
        Player& cpt = slate.players[i];
        if (cpt.positions.front() != "CPT") continue;
        const auto it = flex.find({cpt.name, cpt.team});
        if (it == flex.end()) continue;
        cpt.twin = it->second;
        slate.players[static_cast<size_t>(it->second)].twin = static_cast<int>(i);
    }
}

}  // namespace

int64_t parse_game_time(std::string_view t) {
    // MM/DD/YYYY hh:mmAM
    while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
    if (t.size() < 18 || t[2] != '/' || t[5] != '/' || t[10] != ' ' || t[13] != ':') return -1;
    int64_t mo, d, y, h, mi;
    if (!parse_int(t.substr(0, 2), mo) || !parse_int(t.substr(3, 2), d) || !parse_int(t.substr(6, 4), y) ||
        !parse_int(t.substr(11, 2), h) || !parse_int(t.substr(14, 2), mi))
        return -1;
    const std::string_view ampm = t.substr(16, 2);
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h < 1 || h > 12 || mi > 59) return -1;
    if (ampm == "PM" || ampm == "pm") h = h % 12 + 12;
    else if (ampm == "AM" || ampm == "am") h = h % 12;
    else return -1;
    // the wall clock as written (ET), counted like UTC by timegm: only differences matter
    std::tm tm{};
    tm.tm_year = static_cast<int>(y - 1900);
    tm.tm_mon = static_cast<int>(mo - 1);
    tm.tm_mday = static_cast<int>(d);
    tm.tm_hour = static_cast<int>(h);
    tm.tm_min = static_cast<int>(mi);
    const std::time_t secs = ::timegm(&tm);
    if (tm.tm_mday != d) return -1;  // 02/31 rolled over
    return static_cast<int64_t>(secs) / 60;
}

Slate read_salary_csv(const std::string& path, Site site) {
    CsvFile f(path);
    f.read_header();
    const bool dk = site == Site::draftkings;
    const size_t c_id = f.need({"id"});
    const size_t c_pos = f.need({"position"});
    const size_t c_sal = f.need({"salary"});
    const size_t c_team = f.need({dk ? "teamabbrev" : "team"});
    const size_t c_game = f.need({dk ? "game info" : "game"});
    const auto c_name = f.col({"name", "nickname"});
    const auto c_first = f.col({"first name"});
    const auto c_last = f.col({"last name"});
    const size_t kNone = static_cast<size_t>(-1);
    const size_t c_roster = dk ? f.col({"roster position"}).value_or(kNone) : kNone;
    Slate slate;
    std::vector<std::string> row;
    while (f.next(row)) {
        Player p;
        p.id = f.at(row, c_id);
        if (p.id.empty()) f.fail("empty player id");
        if (slate.find(p.id) >= 0) f.fail("player id " + p.id + " appears twice");
        p.positions = split_positions(f.at(row, c_pos));
        if (p.positions.empty()) f.fail("player " + p.id + " has no position");
        // showdown rows: the roster position (CPT, and FLEX in NFL or UTIL in NBA) is what the
        // slots take; the real position stays after it, for stacks
        if (c_roster != kNone &&
            (f.at(row, c_roster) == "CPT" || f.at(row, c_roster) == "FLEX" || f.at(row, c_roster) == "UTIL"))
            p.positions.insert(p.positions.begin(), f.at(row, c_roster));
        int64_t salary = 0;
        if (!parse_int(f.at(row, c_sal), salary) || salary < 0 || salary > 1000000)
            f.fail("salary \"" + f.at(row, c_sal) + "\" of player " + p.id + " is not a whole number of dollars");
        p.salary = static_cast<int32_t>(salary);
        p.team = f.at(row, c_team);
        if (c_name) p.name = f.at(row, *c_name);
        else if (c_first && c_last) p.name = f.at(row, *c_first) + " " + f.at(row, *c_last);
        std::string game = f.at(row, c_game);
        if (dk) {
            // "CIN@PIT 01/04/2025 04:30PM ET": teams, then the start time
            const size_t sp = game.find(' ');
            if (sp != std::string::npos) {
                p.game_start = parse_game_time(std::string_view(game).substr(sp + 1));
                if (p.game_start < 0) f.fail("game time in \"" + game + "\" is not MM/DD/YYYY hh:mmAM");
                game.resize(sp);
            }
        }
        set_game(p, game);
        if (!dk) {
            if (auto c_opp = f.col({"opponent"})) p.opponent = f.at(row, *c_opp);
        }
        if (p.game.empty()) f.fail("player " + p.id + " has no game");
        slate.players.push_back(std::move(p));
    }
    if (slate.players.empty()) throw std::runtime_error(path + ": no players");
    pair_showdown_rows(slate);
    return slate;
}

std::vector<std::string> read_projections_csv(const std::string& path, Slate& slate) {
    CsvFile f(path);
    f.read_header();
    const auto c_id = f.col({"id"});
    const auto c_name = f.col({"name"});
    const auto c_team = f.col({"team"});
    if (!c_id && !c_name) f.fail("missing column \"id\" (or \"name\")");
    const size_t c_proj = f.need({"projection", "fpts"});
    const auto c_sd = f.col({"stddev"});
    const auto c_start = f.col({"game_start"});
    std::vector<std::string> unmatched;
    std::vector<std::string> row;
    while (f.next(row)) {
        int idx = -1;
        if (c_id) idx = slate.find(f.at(row, *c_id));
        else {
            for (size_t i = 0; i < slate.players.size() && idx < 0; ++i)
                if (slate.players[i].name == f.at(row, *c_name) &&
                    (!c_team || slate.players[i].team == f.at(row, *c_team)))
                    idx = static_cast<int>(i);
        }
        if (idx < 0) {
            unmatched.push_back(path + ":" + std::to_string(f.line_no) + ": " + f.at(row, c_id ? *c_id : *c_name));
            continue;
        }
        Player& p = slate.players[static_cast<size_t>(idx)];
        if (!parse_centi(f.at(row, c_proj), p.projection)) f.fail("projection \"" + f.at(row, c_proj) + "\" is not a number");
        p.has_projection = true;
        if (c_sd && !f.at(row, *c_sd).empty()) {
            int64_t sd = 0;
            if (!parse_centi(f.at(row, *c_sd), sd) || sd < 0) f.fail("stddev \"" + f.at(row, *c_sd) + "\" is not a non-negative number");
            p.stddev = static_cast<double>(sd) / 100.0;
        }
        if (c_start && !f.at(row, *c_start).empty()) {
            p.game_start = parse_game_time(f.at(row, *c_start));
            if (p.game_start < 0) f.fail("game_start \"" + f.at(row, *c_start) + "\" is not MM/DD/YYYY hh:mmAM");
        }
    }
    // Showdown: a captain row the file gives no projection of scores 1.5x his FLEX row
    for (Player& p : slate.players) {
        if (p.twin < 0 || p.positions.front() != "CPT" || p.has_projection) continue;
        const Player& base = slate.players[static_cast<size_t>(p.twin)];
        if (!base.has_projection) continue;
        p.projection = (base.projection * 3 + 1) / 2;  // 1.5x, half a centi-point up
        p.stddev = base.stddev * 1.5;
        p.has_projection = true;
    }
    return unmatched;
}

std::string upload_csv(const SiteRules& rules, const Slate& slate, const std::vector<Lineup>& lineups) {
    std::string out;
    for (int s = 0; s < rules.roster_size(); ++s) out += (s ? "," : "") + rules.slots[s].name;
    out += "\n";
    for (const Lineup& l : lineups) {
        for (size_t s = 0; s < l.size(); ++s) out += (s ? "," : "") + slate.players[static_cast<size_t>(l[s])].id;
        out += "\n";
    }
    return out;
}

std::vector<Lineup> read_lineups_csv(const std::string& path, const SiteRules& rules, const Slate& slate) {
    CsvFile f(path);
    std::vector<std::string> row;
    if (!f.next(row)) f.fail("empty file");
    // the first column named like the first slot starts the roster columns
    size_t first = row.size();
    for (size_t i = 0; i < row.size(); ++i)
        if (row[i] == rules.slots[0].name) {
            first = i;
            break;
        }
    if (first + static_cast<size_t>(rules.roster_size()) > row.size())
        f.fail("no roster columns " + rules.slots[0].name + ".." + rules.slots.back().name + " in the header");
    std::vector<Lineup> out;
    while (f.next(row)) {
        if (first >= row.size() || row[first].empty()) continue;  // DraftKings appends notes rows
        Lineup l;
        for (int s = 0; s < rules.roster_size(); ++s) {
            std::string cell = f.at(row, first + static_cast<size_t>(s));
            // "Name (id)" or "id:Name" or "id"
            if (const size_t open = cell.rfind('('); open != std::string::npos && cell.back() == ')')
                cell = cell.substr(open + 1, cell.size() - open - 2);
            else if (const size_t colon = cell.find(':'); colon != std::string::npos)
                cell.resize(colon);
            const int p = slate.find(cell);
            if (p < 0) f.fail("slot " + rules.slots[s].name + ": no player with id " + cell + " on the slate");
            l.push_back(p);
        }
        out.push_back(std::move(l));
    }
    return out;
}

}  // namespace dfs
