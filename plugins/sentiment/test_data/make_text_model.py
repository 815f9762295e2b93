#!/usr/bin/python3
"""The sentiment plugin's `model` scorer: its text features, the model it ships, and the
reference predictions its test compares with (Debian's python3-xgboost 1.7.4 and numpy only).

Text features, "hashed-words-v1" (src/text_features.cpp computes the same):
  1. ASCII letters A-Z are lower-cased; every other byte is kept as it is.
  2. Tokens are maximal runs of [a-z0-9]; every other byte (spaces, punctuation, the bytes
     of non-ASCII characters) separates them.
  3. Each token t adds 1 to feature fnv1a32(t) % D, and each pair of adjacent tokens
     t1, t2 adds 1 to feature fnv1a32(t1 + b" " + t2) % D (bigrams catch "not good").
  4. D is the model's num_feature (512 here); counts are float32, absent words are 0 (not
     missing).
FNV-1a 32: h = 2166136261; for each byte: h ^= byte; h = (h * 16777619) mod 2^32.

Model: multi:softprob over 3 classes in this order: 0 negative, 1 neutral, 2 positive,
trained on headlines_labelled.tsv (all lines). The plugin scores P(positive) - P(negative)
with confidence P(positive) + P(negative).

Writes:
  ../data/headline_model.json          Booster.save_model (installed next to the plugin)
  model_corpus.expected.csv            for each line of vader_corpus.txt (never trained on):
                                       xgboost's 3 probabilities, float32 as %.9g (exact)
  model_corpus.features.txt            for each line: its nonzero features, "index:count"

Run: /usr/bin/python3 make_text_model.py
"""
import os
import re

import numpy as np
import xgboost as xgb

HERE = os.path.dirname(os.path.abspath(__file__))
D = 512
CLASSES = ["negative", "neutral", "positive"]


def fnv1a32(data):
    h = 2166136261
    for b in data:
        h ^= b
        h = (h * 16777619) & 0xFFFFFFFF
    return h


def features(text):
    tokens = re.findall(rb"[a-z0-9]+", text.encode("utf-8").lower())  # bytes.lower: ASCII only
    x = np.zeros(D, dtype=np.float32)
    for t in tokens:
        x[fnv1a32(t) % D] += 1
    for a, b in zip(tokens, tokens[1:]):
        x[fnv1a32(a + b" " + b) % D] += 1
    return x


def read_labelled(path):
    texts, labels = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            label, text = line.split("\t", 1)
            texts.append(text)
            labels.append(CLASSES.index(label))
    return texts, np.array(labels, dtype=np.float32)


def main():
    texts, y = read_labelled(os.path.join(HERE, "headlines_labelled.tsv"))
    X = np.stack([features(t) for t in texts])
    params = {"objective": "multi:softprob", "num_class": 3, "max_depth": 3, "eta": 0.3,
              "seed": 1, "nthread": 1, "tree_method": "exact", "min_child_weight": 0.5}
    bst = xgb.train(params, xgb.DMatrix(X, y), num_boost_round=40)
    model = os.path.join(HERE, "..", "data", "headline_model.json")
    bst.save_model(model)

    bst = xgb.Booster(model_file=model)
    with open(os.path.join(HERE, "vader_corpus.txt"), encoding="utf-8") as f:
        held = [line.rstrip("\n") for line in f]
    Xh = np.stack([features(t) for t in held])
    pred = bst.predict(xgb.DMatrix(Xh)).reshape(len(held), 3).astype(np.float32)
    with open(os.path.join(HERE, "model_corpus.expected.csv"), "w") as f:
        for p in pred:
            f.write(",".join("%.9g" % v for v in p) + "\n")
    with open(os.path.join(HERE, "model_corpus.features.txt"), "w") as f:
        for x in Xh:
            f.write(" ".join("%d:%d" % (i, int(x[i])) for i in np.nonzero(x)[0]) + "\n")
    train_acc = float((bst.predict(xgb.DMatrix(X)).argmax(axis=1) == y).mean())
    print("trained on %d headlines, training accuracy %.3f" % (len(texts), train_acc))


if __name__ == "__main__":
    main()
