#!/usr/bin/env python3
"""Writes a realistic DraftKings NFL classic main slate (no published one could be fetched
into this offline build): dk_nfl_main_salaries.csv in DraftKings' DKSalaries.csv layout and
dk_nfl_main_projections.csv. 14 games, 28 teams, 20 players a team (3 QB, 5 RB, 7 WR, 4 TE,
the DST) = 560 players, salaries in DraftKings' usual ranges and steps of $100, projections
that follow salary with noise, as projection sites publish them. Seeded: rerunning writes the
same files.

    python3 make_nfl_main_slate.py   (in this folder)
"""
import csv
import random

SEED = 20240908
TEAMS = ["ARI", "ATL", "BAL", "BUF", "CAR", "CHI", "CIN", "CLE", "DAL", "DEN", "DET", "GB", "HOU", "IND",
         "JAX", "KC", "LAC", "LAR", "LV", "MIA", "MIN", "NE", "NO", "NYG", "NYJ", "PHI", "PIT", "SEA"]
KICKOFFS = ["01:00PM"] * 9 + ["04:05PM"] * 2 + ["04:25PM"] * 3
# position: (count per team, salary low, salary high, points per $1000 at the top, spread)
SHAPE = {"QB": (3, 4000, 8200, 2.9, 0.30), "RB": (5, 4000, 9200, 2.6, 0.45),
         "WR": (7, 3000, 9400, 2.4, 0.45), "TE": (4, 2500, 7200, 2.2, 0.50),
         "DST": (1, 2200, 3800, 2.5, 0.55)}


def main():
    rng = random.Random(SEED)
    teams = TEAMS[:]
    rng.shuffle(teams)
    games = [(teams[2 * i], teams[2 * i + 1], KICKOFFS[i]) for i in range(14)]
    rows, proj = [], []
    pid = 38200000
    for away, home, kick in games:
        info = f"{away}@{home} 09/08/2024 {kick} ET"
        for team in (away, home):
            for pos, (n, lo, hi, ppk, spread) in SHAPE.items():
                for depth in range(n):
                    # the starter is priced near the top, backups fall off
                    top = hi - rng.random() * (hi - lo) * 0.5
                    sal = max(lo, int(top * (0.62 ** depth)) // 100 * 100)
                    if pos == "DST":
                        sal = lo + rng.randrange(0, (hi - lo) // 100 + 1) * 100
                    pid += 1
                    name = f"{team} {pos}{depth + 1}"
                    roster = "DST" if pos == "DST" else ("QB" if pos == "QB" else f"{pos}/FLEX")
                    avg = round(sal / 1000 * ppk * rng.uniform(0.7, 1.2), 2)
                    rows.append([pos, f"{name} ({pid})", name, pid, roster, sal, info, team, avg])
                    mean = sal / 1000 * ppk * (0.45 if depth >= 2 else 1.0) * rng.uniform(0.8, 1.2)
                    sd = mean * spread
                    proj.append([pid, name, team, f"{mean:.2f}", f"{sd:.2f}"])
    with open("dk_nfl_main_salaries.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["Position", "Name + ID", "Name", "ID", "Roster Position", "Salary", "Game Info",
                    "TeamAbbrev", "AvgPointsPerGame"])
        w.writerows(rows)
    with open("dk_nfl_main_projections.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "name", "team", "projection", "stddev"])
        w.writerows(proj)


if __name__ == "__main__":
    main()
