#!/usr/bin/python3
"""Trains the demo model of config/models_nn.yaml: plugins/nn_model/models/meanrev_lstm.thnn.

The neural twin of plugins/tree_model/tools/train_demo.py, on the same simulated
mean-reverting series and the same feature definitions (the reference implementations the
features plugin is tested against): rsi_14, zscore_20, ret_5, vol_20 (schema v1). The
network reads the last 10 rows of an instrument: standardisation (a fixed dense layer with
the training set's mean and deviation, so the file carries its own scaling), an LSTM of 16,
its last step, a dense layer and a sigmoid: P(the close 10 observations ahead is higher).
A demonstration of the offline -> online path, not an edge. Debian's python3-torch.

  /usr/bin/python3 plugins/nn_model/tools/train_demo.py
"""
import importlib.util
import os
import sys

import numpy as np
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, HERE)
from export_torch import LastStep, Recurrent, export  # noqa: E402

spec = importlib.util.spec_from_file_location(
    "reference", os.path.join(ROOT, "plugins/features/test_data/make_reference.py"))
ref = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ref)

NAMES = ["rsi_14", "zscore_20", "ret_5", "vol_20"]
HORIZON = 10
STEPS = 10


def series(rng, n):
    x = np.zeros(n)
    for i in range(1, n):
        x[i] = x[i - 1] * 0.97 + rng.normal(0, 0.002)  # OU: pulled back to the mean
    return 100.0 * np.exp(x + np.cumsum(rng.normal(0, 0.0002, n)))


def windows(c):
    X = np.column_stack([ref.rsi(c, 14), ref.zscore(c, 20), ref.ret(c, 5), ref.volatility(c, 20)])
    xs, ys = [], []
    for end in range(STEPS, len(c) - HORIZON):
        w = X[end - STEPS:end]
        if np.isnan(w).any():
            continue
        xs.append(w)
        ys.append(float(c[end - 1 + HORIZON] > c[end - 1]))
    return np.array(xs, dtype=np.float32), np.array(ys, dtype=np.float32)


def main():
    torch.manual_seed(2026)
    rng = np.random.default_rng(2026)
    parts = [windows(series(rng, 4000)) for _ in range(6)]
    X = np.concatenate([p[0] for p in parts[:5]])
    y = np.concatenate([p[1] for p in parts[:5]])
    Xt, yt = parts[5]
    flat = X.reshape(-1, len(NAMES))
    mean, std = flat.mean(axis=0), flat.std(axis=0) + 1e-12

    scale = nn.Linear(len(NAMES), len(NAMES))
    with torch.no_grad():
        scale.weight.copy_(torch.diag(torch.tensor(1.0 / std)))
        scale.bias.copy_(torch.tensor(-mean / std))
    scale.requires_grad_(False)
    model = nn.Sequential(scale, Recurrent(nn.LSTM(len(NAMES), 16, batch_first=True)), LastStep(),
                          nn.Linear(16, 1), nn.Sigmoid())
    opt = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=0.01)
    xb, yb = torch.tensor(X), torch.tensor(y).reshape(-1, 1, 1)
    loss_fn = nn.BCELoss()
    for epoch in range(4):
        perm = torch.randperm(len(xb))
        for i in range(0, len(xb), 256):
            idx = perm[i:i + 256]
            opt.zero_grad()
            loss = loss_fn(model(xb[idx]), yb[idx])
            loss.backward()
            opt.step()
    model.eval()
    with torch.no_grad():
        acc = float(((model(torch.tensor(Xt)).reshape(-1) > 0.5).numpy() == (yt > 0.5)).mean())
    out = os.path.join(ROOT, "plugins/nn_model/models/meanrev_lstm.thnn")
    export(model, out, NAMES, ["p_up"], sequence_length=STEPS,
           source="plugins/nn_model/tools/train_demo.py, torch %s" % torch.__version__)
    print(f"{out}: held-out accuracy {acc:.3f} on {len(yt)} windows of a simulated series")


if __name__ == "__main__":
    main()
