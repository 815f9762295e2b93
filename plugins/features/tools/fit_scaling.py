#!/usr/bin/python3
"""Fit the features plugin's scaling offline and write the JSON file it loads (`scaling:`).

Input: a CSV of feature rows whose header is the schema's column names in order (for
example the rows a log_sink or the journal recorded, or a research export); an optional
leading `ts_ns` column is ignored. Rows with an empty or non-finite value are skipped
per column.

  standard  center = mean,   scale = standard deviation (ddof 0)
  minmax    center = min,    scale = max - min
  robust    center = median, scale = interquartile range (75th - 25th percentile)

A column whose scale is 0 (constant in the training set) gets scale 1, so it passes through
centred instead of dividing by zero; the script says which.

  /usr/bin/python3 fit_scaling.py --method robust rows.csv > scaling.json
"""
import argparse
import csv
import json
import sys

import numpy as np


def fit(values, method):
    if method == "standard":
        return float(np.mean(values)), float(np.std(values))
    if method == "minmax":
        return float(np.min(values)), float(np.max(values) - np.min(values))
    q25, q50, q75 = np.percentile(values, [25, 50, 75])
    return float(q50), float(q75 - q25)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--method", choices=["standard", "minmax", "robust"], default="standard")
    ap.add_argument("csv")
    args = ap.parse_args()
    with open(args.csv, newline="") as f:
        rows = list(csv.reader(f))
    if len(rows) < 2:
        sys.exit(f"{args.csv}: needs a header and at least one row")
    names = rows[0]
    first = 1 if names and names[0] == "ts_ns" else 0
    columns = []
    for c in range(first, len(names)):
        vals = []
        for r in rows[1:]:
            try:
                v = float(r[c])
            except (ValueError, IndexError):
                continue
            if np.isfinite(v):
                vals.append(v)
        if not vals:
            sys.exit(f"{args.csv}: column '{names[c]}' has no finite value")
        center, scale = fit(np.array(vals), args.method)
        if not scale > 0:
            print(f"column '{names[c]}' is constant: scale 1", file=sys.stderr)
            scale = 1.0
        columns.append({"name": names[c], "center": center, "scale": scale})
    json.dump({"method": args.method, "columns": columns}, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
