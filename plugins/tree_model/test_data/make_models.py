#!/usr/bin/python3
"""Small XGBoost models and xgboost's own predictions on held-out rows, for the tree_model
plugin's tests (Debian's python3-xgboost 1.7.4 and numpy only).

Writes, for each objective (reg:squarederror, binary:logistic, multi:softprob, multi:softmax):
  <name>.json              Booster.save_model("<name>.json")
  <name>.predictions.csv   Booster.predict(DMatrix(heldout, missing=nan)), float32 printed
                           with 9 significant digits (exact), one row per held-out row
and heldout.csv: 200 rows x 8 features never used in training, about 12% of the values
missing (empty cells), a few rows missing everything, and values placed exactly on split
thresholds (XGBoost goes left only when value < threshold).

Run: /usr/bin/python3 make_models.py
"""
import csv
import os

import numpy as np
import xgboost as xgb

HERE = os.path.dirname(os.path.abspath(__file__))
NAMES = ["x%d" % i for i in range(8)]


def data(rng, n):
    X = rng.normal(0, 1, (n, len(NAMES))).astype(np.float32)
    X[:, 3] = np.round(X[:, 3], 1)  # a coarse feature: many values sit on split thresholds
    signal = 1.5 * X[:, 0] - X[:, 1] * X[:, 2] + np.where(X[:, 3] > 0.2, 1.0, -0.5) + 0.3 * X[:, 4] ** 2
    X[rng.random(X.shape) < 0.12] = np.nan
    return X, signal


def write_rows(path, rows, fmt):
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        for r in rows:
            w.writerow(["" if np.isnan(v) else fmt % v for v in r])


def main():
    rng = np.random.default_rng(16)
    X, signal = data(rng, 3000)
    Xh, _ = data(rng, 200)
    Xh[5, :] = np.nan  # rows with every feature missing follow the default directions only
    Xh[6, :] = np.nan

    labels = {
        "reg": signal + rng.normal(0, 0.3, len(signal)),
        "binary": (signal + rng.logistic(0, 0.5, len(signal)) > 0.3).astype(np.float32),
        "multi": np.digitize(signal + rng.normal(0, 0.4, len(signal)), [-0.5, 1.0]).astype(np.float32),
    }
    params = {
        "reg": {"objective": "reg:squarederror", "base_score": 0.25},
        "binary": {"objective": "binary:logistic", "base_score": 0.4},
        "multi": {"objective": "multi:softprob", "num_class": 3},
        "multi_softmax": {"objective": "multi:softmax", "num_class": 3},
    }
    # Held-out values placed exactly on thresholds of the first tree of each model.
    for name, p in params.items():
        y = labels["multi" if name.startswith("multi") else name]
        p = dict(p, max_depth=4, eta=0.3, seed=1, nthread=1, tree_method="exact")
        bst = xgb.train(p, xgb.DMatrix(X, y, feature_names=NAMES, missing=np.nan), num_boost_round=25)
        bst.save_model(os.path.join(HERE, name + ".json"))
        if name == "reg":
            import json
            tree = json.load(open(os.path.join(HERE, name + ".json")))["learner"]["gradient_booster"]["model"]["trees"][0]
            for k, (feat, cond) in enumerate(zip(tree["split_indices"], tree["split_conditions"])):
                if tree["left_children"][k] != -1 and 10 + k < len(Xh):
                    Xh[10 + k, feat] = np.float32(cond)
    write_rows(os.path.join(HERE, "heldout.csv"), Xh, "%.9g")
    for name in params:
        bst = xgb.Booster(model_file=os.path.join(HERE, name + ".json"))
        pred = bst.predict(xgb.DMatrix(Xh, feature_names=NAMES, missing=np.nan))
        pred = pred.reshape(len(Xh), -1).astype(np.float32)
        write_rows(os.path.join(HERE, name + ".predictions.csv"), pred, "%.9g")


if __name__ == "__main__":
    main()
