#include "contest.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <set>
#include <stdexcept>

#include "csv.hpp"  // the replay plugin's RFC 4180 line splitter, compiled in

namespace tradehost::fantasy_scoring {

namespace {

// "12", "12.5", "$3.25", "1,000.00" -> hundredths; false for anything else
bool parse_hundredths(std::string text, int64_t& out) {
    text.erase(std::remove(text.begin(), text.end(), ','), text.end());
    if (!text.empty() && text[0] == '$') text.erase(0, 1);
    bool neg = false;
    if (!text.empty() && text[0] == '-') {
        neg = true;
        text.erase(0, 1);
    }
    const size_t dot = text.find('.');
    const std::string whole = text.substr(0, dot);
    std::string frac = dot == std::string::npos ? "" : text.substr(dot + 1);
    if (whole.empty() || frac.size() > 2 || whole.size() > 15) return false;
    frac.resize(2, '0');
    int64_t w = 0, f = 0;
    const auto rw = std::from_chars(whole.data(), whole.data() + whole.size(), w);
    const auto rf = std::from_chars(frac.data(), frac.data() + frac.size(), f);
    if (rw.ec != std::errc() || rw.ptr != whole.data() + whole.size() || rf.ec != std::errc() ||
        rf.ptr != frac.data() + frac.size())
        return false;
    out = (neg ? -1 : 1) * (w * 100 + f);
    return true;
}

// "Patrick Mahomes (38200281)" -> "38200281"; "38200281" as it is
std::string cell_id(const std::string& cell) {
    const size_t open = cell.rfind('('), close = cell.rfind(')');
    if (open != std::string::npos && close != std::string::npos && close > open + 1)
        return cell.substr(open + 1, close - open - 1);
    return cell;
}

std::string squash(const std::string& header) {  // "Entry ID" / "entry_id" -> "entryid"
    std::string out;
    for (char c : replay::lower(header))
        if (c != ' ' && c != '_') out += c;
    return out;
}

}  // namespace

Cents PayoutTable::prize(int rank) const {
    for (const auto& [range, amount] : ranges)
        if (rank >= range.first && rank <= range.second) return amount;
    return 0;
}

PayoutTable parse_payouts(const std::string& text) {
    PayoutTable t;
    std::vector<std::string> parts;
    if (!replay::split_csv_line(text, parts)) throw std::runtime_error("unreadable payout table");
    for (const std::string& p : parts) {
        if (p.empty()) continue;
        const size_t eq = p.find('=');
        auto bad = [&] { return std::runtime_error("\"" + p + "\" is not RANK=PRIZE or FIRST-LAST=PRIZE"); };
        if (eq == std::string::npos) throw bad();
        const std::string ranks = p.substr(0, eq);
        const size_t dash = ranks.find('-');
        int first = 0, last = 0;
        const std::string a = ranks.substr(0, dash), b = dash == std::string::npos ? a : ranks.substr(dash + 1);
        if (std::from_chars(a.data(), a.data() + a.size(), first).ptr != a.data() + a.size() || a.empty() ||
            std::from_chars(b.data(), b.data() + b.size(), last).ptr != b.data() + b.size() || b.empty() || first < 1 ||
            last < first)
            throw bad();
        int64_t prize = 0;
        if (!parse_hundredths(p.substr(eq + 1), prize) || prize < 0) throw bad();
        for (const auto& [r, amount] : t.ranges)
            if (first <= r.second && last >= r.first) throw std::runtime_error("\"" + p + "\" overlaps an earlier range");
        t.ranges.push_back({{first, last}, prize});
    }
    if (t.ranges.empty()) throw std::runtime_error("empty payout table");
    return t;
}

std::vector<ContestEntry> read_entries(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error(path + ": cannot open");
    auto fail = [&](int line, const std::string& what) {
        throw std::runtime_error(path + ":" + std::to_string(line) + ": " + what);
    };
    std::string text;
    std::vector<std::string> f;
    int line_no = 0, c_entry = -1, c_contest = -1, c_fee = -1;
    std::vector<size_t> slots;
    std::vector<ContestEntry> out;
    std::set<std::string> ids;
    while (std::getline(in, text)) {
        ++line_no;
        if (!text.empty() && text.back() == '\r') text.pop_back();
        if (line_no == 1 && text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);  // a UTF-8 byte-order mark
        if (text.find_first_not_of(" \t,") == std::string::npos) continue;
        if (!replay::split_csv_line(text, f)) fail(line_no, "unclosed quoted field");
        if (c_entry < 0) {
            for (size_t i = 0; i < f.size(); ++i) {
                const std::string h = squash(f[i]);
                if (h == "entryid") c_entry = static_cast<int>(i);
                else if (h == "contestid") c_contest = static_cast<int>(i);
                else if (h == "entryfee") c_fee = static_cast<int>(i);
            }
            if (c_entry < 0 || c_contest < 0 || c_fee < 0)
                fail(line_no, "the header needs Entry ID, Contest ID and Entry Fee");
            // the roster slots: the columns after the four contest columns, up to the first empty header
            for (size_t i = static_cast<size_t>(std::max({c_entry, c_contest, c_fee})) + 1; i < f.size() && !f[i].empty(); ++i)
                if (squash(f[i]) != "contestname") slots.push_back(i);
            if (slots.empty()) fail(line_no, "no roster slot columns after Entry Fee");
            continue;
        }
        auto at = [&](size_t i) { return i < f.size() ? f[i] : std::string(); };
        ContestEntry e;
        e.entry_id = at(static_cast<size_t>(c_entry));
        if (e.entry_id.empty()) continue;  // DraftKings' instructions and player list rows
        e.contest_id = at(static_cast<size_t>(c_contest));
        if (e.contest_id.empty()) fail(line_no, "entry " + e.entry_id + " has no Contest ID");
        if (!ids.insert(e.entry_id).second) fail(line_no, "entry " + e.entry_id + " appears twice");
        if (!parse_hundredths(at(static_cast<size_t>(c_fee)), e.fee) || e.fee < 0)
            fail(line_no, "\"" + at(static_cast<size_t>(c_fee)) + "\" is not an entry fee");
        for (size_t i : slots) {
            const std::string id = cell_id(at(i));
            if (id.empty()) fail(line_no, "entry " + e.entry_id + " has an empty roster slot");
            e.players.push_back(id);
        }
        out.push_back(e);
    }
    if (c_entry < 0) throw std::runtime_error(path + ": empty file");
    if (out.empty()) throw std::runtime_error(path + ": no entries");
    return out;
}

std::vector<dfs::CentiPoints> read_field_points(const std::string& path, const std::vector<ContestEntry>& ours) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error(path + ": cannot open");
    std::set<std::string> mine;
    for (const ContestEntry& e : ours) mine.insert(e.entry_id);
    std::string text;
    std::vector<std::string> f;
    int line_no = 0, c_points = -1, c_entry = -1;
    std::vector<dfs::CentiPoints> out;
    while (std::getline(in, text)) {
        ++line_no;
        if (!text.empty() && text.back() == '\r') text.pop_back();
        if (line_no == 1 && text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
        if (text.find_first_not_of(" \t,") == std::string::npos) continue;
        if (!replay::split_csv_line(text, f)) throw std::runtime_error(path + ":" + std::to_string(line_no) + ": unclosed quoted field");
        if (c_points < 0) {
            for (size_t i = 0; i < f.size(); ++i) {
                if (squash(f[i]) == "points") c_points = static_cast<int>(i);
                if (squash(f[i]) == "entryid") c_entry = static_cast<int>(i);
            }
            if (c_points < 0) throw std::runtime_error(path + ":" + std::to_string(line_no) + ": no Points column");
            continue;
        }
        if (static_cast<size_t>(c_points) >= f.size() || f[static_cast<size_t>(c_points)].empty()) continue;  // player rows beside
        if (c_entry >= 0 && static_cast<size_t>(c_entry) < f.size() && mine.count(f[static_cast<size_t>(c_entry)])) continue;
        int64_t p = 0;
        if (!parse_hundredths(f[static_cast<size_t>(c_points)], p))
            throw std::runtime_error(path + ":" + std::to_string(line_no) + ": \"" + f[static_cast<size_t>(c_points)] +
                                     "\" is not a number of points");
        out.push_back(p);
    }
    return out;
}

std::vector<std::string> settle(std::vector<ContestEntry>& entries, const std::map<std::string, dfs::CentiPoints>& points,
                                const std::vector<dfs::CentiPoints>& field, const PayoutTable& payouts) {
    std::set<std::string> missing;
    for (ContestEntry& e : entries) {
        e.points = 0;
        for (const std::string& id : e.players) {
            const auto it = points.find(id);
            if (it == points.end()) missing.insert(id);  // no stat line: did not play, 0 points
            else e.points += it->second;
        }
    }
    for (ContestEntry& e : entries) {
        int higher = 0, tied = 0, size = 0;
        auto count = [&](dfs::CentiPoints p) {
            ++size;
            if (p > e.points) ++higher;
            if (p == e.points) ++tied;
        };
        for (dfs::CentiPoints p : field) count(p);
        for (const ContestEntry& other : entries)
            if (other.contest_id == e.contest_id) count(other.points);
        e.rank = higher + 1;
        e.tied = tied;
        e.field_size = size;
        Cents pot = 0;
        for (int r = e.rank; r < e.rank + tied; ++r) pot += payouts.prize(r);
        e.payout = pot / tied;  // the cent a split cannot share stays with the site
    }
    return {missing.begin(), missing.end()};
}

}  // namespace tradehost::fantasy_scoring
