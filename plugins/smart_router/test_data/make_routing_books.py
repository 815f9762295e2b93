#!/usr/bin/env python3
"""Writes the two venues' synthetic books of config/routing.yaml (invented, deterministic).

Venue A is the deep, slightly wider venue; venue B quotes a cent inside A half of the time but
shows only 20 shares a level, so orders larger than B's touch split across both. AAPL walks
down for two minutes and up for three, so a moving-average cross trades both ways.
"""
import random

T0 = 1704205800 * 10**9  # 2024-01-02 14:30:00 UTC
rng = random.Random(18)
mids = []
m = 100.0
for s in range(300):
    drift = -0.02 if s < 120 else 0.03
    m += drift + rng.gauss(0, 0.03)
    mids.append(round(m, 2))

def write(path, inside, depth, spread):
    with open(path, "w") as f:
        f.write("# Synthetic AAPL book for config/routing.yaml (plugins/smart_router/test_data/make_routing_books.py)\n")
        f.write("ts,symbol,type,side,price,qty\n")
        for s, mid in enumerate(mids):
            ts = T0 + s * 10**9
            tight = inside and s % 2 == 0
            half = spread / 2 - (0.01 if tight else 0.0)
            bid, ask = round(mid - half, 2), round(mid + half, 2)
            for k in range(3):
                f.write(f"{ts},AAPL,snapshot,bid,{bid - 0.01 * k:.2f},{depth}\n")
            for k in range(3):
                f.write(f"{ts},AAPL,snapshot,ask,{ask + 0.01 * k:.2f},{depth}\n")

write("routing_books_a.csv", inside=False, depth=200, spread=0.04)
write("routing_books_b.csv", inside=True, depth=20, spread=0.04)
