// Settling a daily-fantasy contest after the games: the pool's entries (the site's entries
// file), each entry's actual points from the scored stat lines, its rank against the field's
// final points, and its payout from the contest's payout table (ties split the tied ranks'
// prizes evenly, as DraftKings and FanDuel pay them).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "scoring.hpp"

namespace tradehost::fantasy_scoring {

using Cents = int64_t;

struct ContestEntry {
    std::string entry_id, contest_id;
    Cents fee = 0;
    std::vector<std::string> players;  // player ids, one per roster slot
    dfs::CentiPoints points = 0;       // filled by settle()
    int rank = 0;                      // best rank of its tie
    int tied = 1;                      // entries on the same points, itself included
    int field_size = 0;                // all entries ranked, ours included
    Cents payout = 0;
};

// Rank ranges and their prizes, from "1=1000,2=500,3-10=25.50" (dollars, up to 2 decimals).
struct PayoutTable {
    std::vector<std::pair<std::pair<int, int>, Cents>> ranges;  // {first, last} rank -> prize
    Cents prize(int rank) const;
};

// Throws std::runtime_error naming what is wrong.
PayoutTable parse_payouts(const std::string& text);

// DraftKings' entries file (DKEntries.csv): `Entry ID, Contest Name, Contest ID, Entry Fee`,
// then one column per roster slot, cells `Name (id)` or `id`; rows with no Entry ID (the
// instructions and player list DraftKings puts beside the entries) are skipped. A generic
// file with the same four headers (`entry_id, contest_id, entry_fee`, then slots) reads too.
// Throws std::runtime_error "file:line: what".
std::vector<ContestEntry> read_entries(const std::string& path);

// The field's final points: a CSV with a `Points` column (DraftKings' contest standings
// export); rows whose `EntryId` is one of `ours` are left out (our entries are scored here).
std::vector<dfs::CentiPoints> read_field_points(const std::string& path, const std::vector<ContestEntry>& ours);

// Fills points (missing players score 0 and are returned), rank, tie and payout of every
// entry, ranked against `field` and the other entries of the same contest.
std::vector<std::string> settle(std::vector<ContestEntry>& entries, const std::map<std::string, dfs::CentiPoints>& points,
                                const std::vector<dfs::CentiPoints>& field, const PayoutTable& payouts);

}  // namespace tradehost::fantasy_scoring
