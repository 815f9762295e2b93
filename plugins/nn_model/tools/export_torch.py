#!/usr/bin/env python3
"""Exports a PyTorch model to tradehost's neural weights file (docs/nn-weights-format.md).

The model is a torch.nn.Sequential of the modules below; the file holds the same network,
which plugins/nn_model (Eigen) and cuda_accel read. Use it from Python:

    import sys; sys.path.insert(0, "plugins/nn_model/tools")
    from export_torch import export, Recurrent, AttentionBlock, LastStep, MeanPool
    model = torch.nn.Sequential(Recurrent(torch.nn.LSTM(4, 16, batch_first=True)),
                                LastStep(), torch.nn.Linear(16, 1))
    export(model, "model.thnn", features=["rsi_14", "zscore_20", "ret_5", "vol_20"],
           outputs=["prediction"], sequence_length=20)

Supported modules: nn.Linear (an activation module right after it is fused into the dense
layer), nn.ReLU / nn.Tanh / nn.Sigmoid / nn.GELU (approximate='none') / nn.Identity,
nn.LayerNorm (over the last axis), Recurrent(nn.LSTM or nn.GRU, batch_first, one direction,
any number of layers: written as stacked layers), AttentionBlock, LastStep, MeanPool.
nn.Dropout is skipped (an identity at inference). Anything else is refused naming the module.

The model's input is [batch, sequence_length, len(features)], oldest step first; an MLP
(sequence_length 1) may take [batch, features] as well.
"""
import json
import math
import struct

import torch
from torch import nn

MAGIC = b"THNNWTS1"
VERSION = 1


class Recurrent(nn.Module):
    """An nn.LSTM or nn.GRU (batch_first) that returns its output sequence alone."""

    def __init__(self, rnn):
        super().__init__()
        if not isinstance(rnn, (nn.LSTM, nn.GRU)):
            raise TypeError("Recurrent wraps nn.LSTM or nn.GRU")
        if not rnn.batch_first or rnn.bidirectional or getattr(rnn, "proj_size", 0):
            raise ValueError("Recurrent: batch_first=True, one direction, no proj_size")
        self.rnn = rnn

    def forward(self, x):
        return self.rnn(x)[0]


class AttentionBlock(nn.Module):
    """Multi-head self-attention with a residual and a layer norm.

    norm_first=False: LN(x + MHA(x)); True: x + MHA(LN(x)). causal: step t sees steps <= t.
    """

    def __init__(self, size, heads, norm_first=False, causal=False, eps=1e-5):
        super().__init__()
        self.attn = nn.MultiheadAttention(size, heads, batch_first=True)
        self.norm = nn.LayerNorm(size, eps=eps)
        self.norm_first = norm_first
        self.causal = causal

    def _mha(self, x):
        mask = None
        if self.causal:
            t = x.shape[1]
            mask = torch.triu(torch.ones(t, t, dtype=torch.bool), diagonal=1)
        return self.attn(x, x, x, attn_mask=mask, need_weights=False)[0]

    def forward(self, x):
        if self.norm_first:
            return x + self._mha(self.norm(x))
        return self.norm(x + self._mha(x))


class LastStep(nn.Module):
    """[B, T, D] -> [B, 1, D]: the last step."""

    def forward(self, x):
        return x[:, -1:, :]


class MeanPool(nn.Module):
    """[B, T, D] -> [B, 1, D]: the mean over the steps."""

    def forward(self, x):
        return x.mean(dim=1, keepdim=True)


_ACTIVATIONS = {nn.ReLU: "relu", nn.Tanh: "tanh", nn.Sigmoid: "sigmoid", nn.GELU: "gelu", nn.Identity: "identity"}


def _activation(module):
    for cls, name in _ACTIVATIONS.items():
        if type(module) is cls:
            if cls is nn.GELU and module.approximate != "none":
                raise ValueError("nn.GELU(approximate='tanh') is not in format version 1; use the exact GELU")
            return name
    return None


class _Blob:
    def __init__(self):
        self.parts = []
        self.size = 0

    def add(self, tensor):
        t = tensor.detach().to(torch.float32).contiguous().cpu()
        data = struct.pack("<%df" % t.numel(), *t.flatten().tolist())
        entry = {"offset": self.size, "shape": list(t.shape)}
        self.parts.append(data)
        self.size += len(data)
        return entry


def _layers(model, blob):
    modules = [m for m in model if not isinstance(m, nn.Dropout)]
    layers = []
    i = 0
    while i < len(modules):
        m = modules[i]
        act = _activation(m)
        if isinstance(m, nn.Linear):
            layer = {"type": "dense", "in": m.in_features, "out": m.out_features, "weight": blob.add(m.weight),
                     "bias": blob.add(m.bias if m.bias is not None else torch.zeros(m.out_features))}
            fused = _activation(modules[i + 1]) if i + 1 < len(modules) else None
            if fused:
                layer["activation"] = fused
                i += 1
            layers.append(layer)
        elif act:
            layers.append({"type": "activation", "activation": act})
        elif isinstance(m, nn.LayerNorm):
            if len(m.normalized_shape) != 1 or not m.elementwise_affine:
                raise ValueError("nn.LayerNorm: over the last axis, with elementwise_affine")
            layers.append({"type": "layer_norm", "size": m.normalized_shape[0], "eps": m.eps,
                           "weight": blob.add(m.weight), "bias": blob.add(m.bias)})
        elif isinstance(m, Recurrent):
            rnn = m.rnn
            kind = "lstm" if isinstance(rnn, nn.LSTM) else "gru"
            for k in range(rnn.num_layers):
                size = rnn.input_size if k == 0 else rnn.hidden_size
                g = 4 * rnn.hidden_size if kind == "lstm" else 3 * rnn.hidden_size
                zeros = torch.zeros(g)
                layers.append({"type": kind, "in": size, "hidden": rnn.hidden_size,
                               "weight_ih": blob.add(getattr(rnn, "weight_ih_l%d" % k)),
                               "weight_hh": blob.add(getattr(rnn, "weight_hh_l%d" % k)),
                               "bias_ih": blob.add(getattr(rnn, "bias_ih_l%d" % k) if rnn.bias else zeros),
                               "bias_hh": blob.add(getattr(rnn, "bias_hh_l%d" % k) if rnn.bias else zeros)})
        elif isinstance(m, AttentionBlock):
            a = m.attn
            if not a._qkv_same_embed_dim or a.bias_k is not None or a.add_zero_attn:
                raise ValueError("AttentionBlock: plain self-attention only (no kdim/vdim, bias_kv, zero_attn)")
            e = a.embed_dim
            layers.append({"type": "attention", "size": e, "heads": a.num_heads, "eps": m.norm.eps,
                           "norm_first": m.norm_first, "causal": m.causal,
                           "in_proj_weight": blob.add(a.in_proj_weight),
                           "in_proj_bias": blob.add(a.in_proj_bias if a.in_proj_bias is not None else torch.zeros(3 * e)),
                           "out_proj_weight": blob.add(a.out_proj.weight),
                           "out_proj_bias": blob.add(a.out_proj.bias if a.out_proj.bias is not None else torch.zeros(e)),
                           "norm_weight": blob.add(m.norm.weight), "norm_bias": blob.add(m.norm.bias)})
        elif isinstance(m, LastStep):
            layers.append({"type": "last"})
        elif isinstance(m, MeanPool):
            layers.append({"type": "mean"})
        else:
            raise ValueError("module %d (%s) is not supported by format version %d" % (i, type(m).__name__, VERSION))
        i += 1
    return layers


def export(model, path, features, outputs, sequence_length=1, schema_version=1, source=None):
    """Writes `model` (an nn.Sequential) to `path`. Returns the header (a dict)."""
    if not isinstance(model, nn.Sequential):
        raise TypeError("export takes an nn.Sequential")
    blob = _Blob()
    header = {
        "format": "tradehost-nn",
        "version": VERSION,
        "features": list(features),
        "schema_version": int(schema_version),
        "outputs": list(outputs),
        "sequence_length": int(sequence_length),
        "source": source or ("export_torch.py, torch %s" % torch.__version__),
        "layers": _layers(model, blob),
    }
    header["blob_bytes"] = blob.size
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    start = 16 + len(text)
    pad = (64 - start % 64) % 64
    with open(path, "wb") as f:
        f.write(MAGIC)
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        f.write(b"\0" * pad)
        for part in blob.parts:
            f.write(part)
    return header


if __name__ == "__main__":
    import sys
    sys.exit(__doc__)
