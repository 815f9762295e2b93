#!/usr/bin/python3
"""Trains the LightGBM reference models in test_data/lightgbm/ with LightGBM's own CLI and
keeps, for each, model.txt, the held-out rows and the CLI's predictions of them.

    python3 tools/make_lightgbm_data.py /path/to/lightgbm [LightGBM commit]

LightGBM is not a Debian package: build its CLI from a checkout (docs/decisions.md says how
the kept files were made). Only numpy is needed here. Every value written is a float32, in
17 significant digits (its exact value), so LightGBM (which reads doubles) and tree_model
(floats) see the same number. Five models:

  reg       regression, 40 rounds, trained without missing values: NaN in the held-out rows
            meets missing type None (read as 0)
  binary    binary (sigmoid:1), 30 rounds, NaN in training: missing type NaN, default sides
  multi     multiclass, 3 classes, 20 rounds (60 trees), NaN in training
  cat       regression with two categorical features (categories 0..69: bitsets of several
            words); held-out: unseen, negative, fractional, huge and missing categories
  zeros     binary with zero_as_missing=true and many exact zeros: missing type Zero

Held-out rows (heldout_<model>.csv, empty cell = NaN) add, per numerical split of the
model, the float just below, at and above its threshold, and values in and around the
(-1e-35, 1e-35) band LightGBM reads as zero.
"""
import os
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "test_data", "lightgbm")
COMMON = ["num_threads=1", "deterministic=true", "seed=7", "verbosity=-1", "header=false",
          "min_data_in_leaf=5", "learning_rate=0.1"]


def fmt(v):
    v = np.float32(v)
    # 17 digits of the float's exact double value: LightGBM reads doubles, and 9 digits would
    # give it a double near the float, not the float (a row on a threshold would differ).
    return "" if np.isnan(v) else "%.17g" % np.float64(v)


def write_rows(path, rows, nan_text):
    with open(path, "w") as f:
        for r in rows:
            f.write(",".join(fmt(v) if not np.isnan(v) else nan_text for v in r) + "\n")


def features(rng, n, nan_frac, zero_frac=0.0):
    x = rng.normal(0, 1, size=(n, 5)).astype(np.float32)
    x[:, 3] = rng.uniform(-3, 3, size=n).astype(np.float32)
    x[:, 4] = np.round(rng.exponential(2, size=n), 1).astype(np.float32)
    if zero_frac:
        x[rng.random((n, 5)) < zero_frac] = 0
    if nan_frac:
        x[rng.random((n, 5)) < nan_frac] = np.nan
    return x


def target(x, kind, rng):
    z = np.nan_to_num(x, nan=0.5)
    m = 1.5 * z[:, 0] - z[:, 1] * z[:, 2] + np.sin(z[:, 3]) + 0.3 * z[:, 4]
    m += np.where(np.isnan(x[:, 0]), 1.0, 0.0) + np.where(x[:, 1] == 0, -1.0, 0.0)
    if kind == "reg":
        return m + rng.normal(0, 0.3, len(m))
    if kind == "binary":
        return (m + rng.logistic(0, 1, len(m)) > 0.4).astype(np.float32)
    return np.digitize(m + rng.normal(0, 0.5, len(m)), [-0.5, 1.0]).astype(np.float32)


def thresholds(model_txt):
    """Numerical split thresholds: (feature, threshold) for decision types without bit 0."""
    out = []
    feats = thr = dec = None
    for line in open(model_txt):
        k, _, v = line.strip().partition("=")
        if k == "split_feature":
            feats = [int(a) for a in v.split()]
        elif k == "threshold":
            thr = [float(a) for a in v.split()]
        elif k == "decision_type":
            dec = [int(a) for a in v.split()]
        elif k == "left_child" and feats:
            out += [(f, t) for f, t, d in zip(feats, thr, dec) if not d & 1]
            feats = None
    return out


def edge_rows(rng, base, model_txt, cat_cols):
    rows = []
    for f, t in thresholds(model_txt)[:120]:
        t32 = np.float32(t)
        for v in (np.nextafter(t32, np.float32(-np.inf)), t32, np.nextafter(t32, np.float32(np.inf))):
            r = base[rng.integers(len(base))].copy()
            r[f] = v
            rows.append(r)
    for v in (0.0, -0.0, 1e-36, -1e-36, 1e-35, -1e-35, 2e-35, -2e-35, 1e-30, np.nan):
        for f in range(base.shape[1]):
            if f in cat_cols:
                continue
            r = base[rng.integers(len(base))].copy()
            r[f] = v
            rows.append(r)
    return np.array(rows, dtype=np.float32)


def run(cli, *args):
    subprocess.run([cli] + list(args), check=True, stdout=subprocess.DEVNULL)


def make(cli, name, kind, params, x, y, heldout, cat_cols=()):
    with tempfile.TemporaryDirectory() as tmp:
        train = os.path.join(tmp, "train.csv")
        write_rows(train, np.column_stack([y, x]), "nan")
        model = os.path.join(OUT, name + ".txt")
        run(cli, "task=train", "data=" + train, "output_model=" + model, *COMMON, *params)
        rng = np.random.default_rng(11)
        rows = np.vstack([heldout, edge_rows(rng, heldout, model, cat_cols)])
        write_rows(os.path.join(OUT, "heldout_" + name + ".csv"), rows, "")
        pred_in = os.path.join(tmp, "pred.csv")
        write_rows(pred_in, np.column_stack([np.zeros(len(rows), np.float32), rows]), "nan")
        pred_out = os.path.join(tmp, "pred.txt")
        run(cli, "task=predict", "data=" + pred_in, "input_model=" + model, "output_result=" + pred_out,
            "header=false", "num_threads=1")
        with open(pred_out) as f, open(os.path.join(OUT, name + ".predictions.csv"), "w") as o:
            for line in f:  # the CLI's 17 significant digits, tab-separated per class
                o.write(",".join(line.split()) + "\n")
    print(name, len(rows), "held-out rows")


def main():
    cli = sys.argv[1]
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(2026)
    n = 3000
    x = features(rng, n, 0.0)
    held = features(rng, 300, 0.12)  # NaN only in the held-out rows: missing type None
    make(cli, "reg", "reg", ["objective=regression", "num_iterations=40", "num_leaves=15"], x, target(x, "reg", rng), held)

    x = features(rng, n, 0.12)
    held = features(rng, 300, 0.12)
    make(cli, "binary", "binary", ["objective=binary", "num_iterations=30", "num_leaves=15"], x,
         target(x, "binary", rng), held)
    make(cli, "multi", "multi", ["objective=multiclass", "num_class=3", "num_iterations=20", "num_leaves=7"], x,
         target(x, "multi", rng), held)

    # Categorical columns 0 and 4: codes 0..69, effects by code, a few missing.
    xc = features(rng, n, 0.05)
    effect = rng.normal(0, 1.5, 70)
    for c in (0, 4):
        xc[:, c] = rng.integers(0, 70, n)
    xc[rng.random(n) < 0.05, 0] = np.nan
    yc = effect[np.nan_to_num(xc[:, 0], nan=0).astype(int)] - effect[xc[:, 4].astype(int)][::-1] + xc[:, 1]
    yc = np.nan_to_num(yc, nan=0.0) + rng.normal(0, 0.2, n)
    held = features(rng, 300, 0.05)
    held[:, 0] = rng.integers(-3, 75, 300)
    held[:, 4] = rng.integers(0, 70, 300)
    held[:20, 0] = [-1.5, -1, -0.5, -0.0, 0.5, 0.99, 1, 1.5, 31.99, 32, 32.5, 63, 64, 69.9, 70, 1e6, 3e9, -3e9, np.nan,
                    np.nan]
    make(cli, "cat", "reg", ["objective=regression", "num_iterations=30", "num_leaves=15",
                             "categorical_feature=0,4", "max_cat_to_onehot=4", "cat_smooth=1", "min_data_per_group=5",
                             "max_cat_threshold=64"], xc, yc.astype(np.float32), held, cat_cols=(0, 4))

    x = features(rng, n, 0.05, zero_frac=0.25)
    held = features(rng, 300, 0.05, zero_frac=0.25)
    make(cli, "zeros", "binary", ["objective=binary", "num_iterations=30", "num_leaves=15", "zero_as_missing=true"], x,
         target(x, "binary", rng), held)

    if len(sys.argv) > 2:
        with open(os.path.join(OUT, "LIGHTGBM_COMMIT"), "w") as f:
            f.write(sys.argv[2] + "\n")


if __name__ == "__main__":
    main()
