#!/usr/bin/env python3
"""Makes the nn_model test data: small PyTorch models of every layer kind, written with
tools/export_torch.py, and PyTorch's outputs on held-out inputs.

    /usr/bin/python3 plugins/nn_model/test_data/make_models.py   (Debian's python3-torch 1.13.1)

For each model NAME: NAME.thnn (the weights file), NAME.inputs.csv (one held-out input per
line: sequence_length x features values, oldest step first) and NAME.outputs.csv (PyTorch's
outputs for that input, float32). Values are written with 9 significant digits, which
round-trip float32 exactly. The weights are random (seeded); the inputs come from another
seed than anything the models saw (they are untrained: what is checked is the arithmetic).
"""
import os
import sys

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tools"))
from export_torch import AttentionBlock, LastStep, MeanPool, Recurrent, export  # noqa: E402

F = 6          # features per step
T = 8          # steps for the sequence models
ROWS = 64      # held-out inputs per model
FEATURES = ["f%d" % i for i in range(F)]


def models():
    torch.manual_seed(16)
    yield "mlp", 1, ["prediction"], nn.Sequential(
        nn.Linear(F, 32), nn.ReLU(), nn.Linear(32, 16), nn.Tanh(), nn.Linear(16, 16), nn.GELU(),
        nn.Linear(16, 8), nn.Sigmoid(), nn.Linear(8, 8), nn.Identity(), nn.LayerNorm(8), nn.Linear(8, 1))
    yield "mlp_multi", 1, ["p0", "p1", "p2"], nn.Sequential(
        nn.Linear(F, 16), nn.Dropout(0.1), nn.GELU(), nn.Linear(16, 3), nn.Sigmoid())
    yield "lstm", T, ["prediction"], nn.Sequential(
        Recurrent(nn.LSTM(F, 16, batch_first=True)), LastStep(), nn.Linear(16, 1))
    yield "lstm_stacked", T, ["up", "down"], nn.Sequential(
        Recurrent(nn.LSTM(F, 12, num_layers=2, batch_first=True)), MeanPool(), nn.Linear(12, 2), nn.Tanh())
    yield "gru", T, ["prediction"], nn.Sequential(
        Recurrent(nn.GRU(F, 16, batch_first=True)), LastStep(), nn.Linear(16, 1))
    yield "attention", T, ["prediction"], nn.Sequential(
        nn.Linear(F, 16), AttentionBlock(16, 4), nn.Linear(16, 16), nn.ReLU(), LastStep(), nn.Linear(16, 1))
    yield "attention_lstm", T, ["prediction"], nn.Sequential(
        Recurrent(nn.LSTM(F, 16, batch_first=True)), AttentionBlock(16, 2, norm_first=True, causal=True),
        nn.LayerNorm(16), MeanPool(), nn.Linear(16, 1))


def write_csv(path, rows):
    with open(path, "w") as f:
        for r in rows:
            f.write(",".join("%.9g" % v for v in r) + "\n")


def main():
    for name, steps, outputs, model in models():
        model.eval()
        # Perturb every parameter away from PyTorch's init (LayerNorm starts at 1/0, biases small).
        with torch.no_grad():
            for p in model.parameters():
                p.add_(0.2 * torch.randn_like(p))
        export(model, os.path.join(HERE, name + ".thnn"), FEATURES, outputs, sequence_length=steps,
               source="plugins/nn_model/test_data/make_models.py, torch %s" % torch.__version__)
        g = torch.Generator().manual_seed(1000 + len(name))
        x = torch.randn(ROWS, steps, F, generator=g) * 1.5
        with torch.no_grad():
            y = model(x).reshape(ROWS, -1)
        write_csv(os.path.join(HERE, name + ".inputs.csv"), x.reshape(ROWS, -1).tolist())
        write_csv(os.path.join(HERE, name + ".outputs.csv"), y.tolist())
        print(name, tuple(y.shape))


if __name__ == "__main__":
    main()
