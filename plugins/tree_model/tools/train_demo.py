#!/usr/bin/python3
"""Trains the demo model of config/models.yaml: plugins/tree_model/models/meanrev_xgb.json.

A demonstration of the offline -> online path, not a strategy with an edge: the training
series is a simulated mean-reverting (Ornstein-Uhlenbeck) log price, so a falling z-score
does predict a rise there; live prices need not behave so. The features are computed with
the reference implementations of plugins/features/test_data/make_reference.py (the same
definitions the features plugin is tested against), in the order the deployment lists
them: rsi:14, zscore:20, ret:5, vol:20 -> rsi_14, zscore_20, ret_5, vol_20 (schema v1).
Label: the close 10 observations ahead is higher than now. binary:logistic, 60 trees of
depth 3, with Debian's python3-xgboost.

  /usr/bin/python3 plugins/tree_model/tools/train_demo.py
"""
import importlib.util
import os

import numpy as np
import xgboost as xgb

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
spec = importlib.util.spec_from_file_location(
    "reference", os.path.join(ROOT, "plugins/features/test_data/make_reference.py"))
ref = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ref)

NAMES = ["rsi_14", "zscore_20", "ret_5", "vol_20"]
HORIZON = 10


def series(rng, n):
    x = np.zeros(n)
    for i in range(1, n):
        x[i] = x[i - 1] * 0.97 + rng.normal(0, 0.002)  # OU: pulled back to the mean
    return 100.0 * np.exp(x + np.cumsum(rng.normal(0, 0.0002, n)))


def rows(c):
    X = np.column_stack([ref.rsi(c, 14), ref.zscore(c, 20), ref.ret(c, 5), ref.volatility(c, 20)])
    y = np.full(len(c), np.nan)
    y[:-HORIZON] = (c[HORIZON:] > c[:-HORIZON]).astype(float)
    keep = ~np.isnan(X).any(axis=1) & ~np.isnan(y)
    return X[keep].astype(np.float32), y[keep]


def main():
    rng = np.random.default_rng(2026)
    parts = [rows(series(rng, 4000)) for _ in range(6)]
    X = np.vstack([p[0] for p in parts[:5]])
    y = np.concatenate([p[1] for p in parts[:5]])
    Xt, yt = parts[5]
    params = {"objective": "binary:logistic", "max_depth": 3, "eta": 0.1, "seed": 1, "nthread": 1}
    bst = xgb.train(params, xgb.DMatrix(X, y, feature_names=NAMES), num_boost_round=60)
    acc = float(((bst.predict(xgb.DMatrix(Xt, feature_names=NAMES)) > 0.5) == yt).mean())
    out = os.path.join(ROOT, "plugins/tree_model/models/meanrev_xgb.json")
    bst.save_model(out)
    print(f"{out}: held-out accuracy {acc:.3f} on {len(yt)} rows of a simulated series")


if __name__ == "__main__":
    main()
