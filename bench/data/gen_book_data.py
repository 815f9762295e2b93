#!/usr/bin/env python3
"""Generates the order-book replay data of bench/book_bench, deterministically (fixed seed).

Not a recording: a simulated BTC book (random-walk touch, level changes concentrated near the
touch with geometric distances, about a third of the changes removing a level), written in
the venues' documented message formats:

  binance_depth_snapshot.json   GET /api/v3/depth?symbol=BTCUSDT&limit=1000
                                {"lastUpdateId", "bids": [["px","qty"]...], "asks": ...}
  binance_depth_updates.jsonl   combined stream btcusdt@depth@100ms, one event per line:
                                {"stream":..., "data": {"e":"depthUpdate","E","s","U","u","b","a"}}
                                U = previous u + 1 (Binance's rule), every level change of the
                                whole book (Binance's diff stream is not depth-limited)
  kraken_book_snapshot.json     WebSocket v2 book, depth 100: {"channel":"book","type":"snapshot",
                                "data":[{"symbol","bids":[{"price","qty"}],"asks","checksum","timestamp"}]}
  kraken_book_updates.jsonl     "type":"update" messages as Kraken sends them for depth 100: changes
                                inside the 100-level window, a level entering the window when one
                                inside it goes, no message for a level pushed out by an insert;
                                "checksum" = CRC32 of the top 10 by Kraken's v2 rule (price
                                precision 1, qty precision 8), so the bench verifies every one.
  polymarket_book_snapshot.json market channel `book` message of one outcome token (tick 0.01,
                                prices 0.01..0.99, bids and asks worst first as the channel
                                sends them, sizes with 2 decimals)
  polymarket_price_changes.jsonl market channel `price_change` messages (docs.polymarket.com
                                market-data/websocket/market-channel, read 2026-12-02): 1-3
                                changes of the token each, size "0" removing a level, with the
                                book's `best_bid`/`best_ask` after the change, which the bench
                                verifies for every message. `hash` is SHA-1 of the change's
                                own JSON text: the channel's hashes cover fields these
                                messages do not carry, so they are not checked.

Run from anywhere: python3 bench/data/gen_book_data.py (writes next to itself).
"""
import hashlib
import json
import os
import random
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))


class SimBook:
    """Prices in ticks, quantities in units of 1e-8."""

    def __init__(self, rng, mid, levels):
        self.rng = rng
        self.bids = {}
        self.asks = {}
        for i in range(levels):
            self.bids[mid - 1 - i] = self.qty()
            self.asks[mid + 1 + i] = self.qty()

    def qty(self):
        # Mostly small resting sizes, sometimes a large one (0.0001 .. ~5 BTC).
        q = int(self.rng.lognormvariate(16.0, 1.6))
        return max(10000, min(q, 2_000_000_000))

    def best(self, side):
        return max(self.bids) if side == "b" else min(self.asks)

    def step(self):
        """One level change; returns (side, price_ticks, qty_units)."""
        rng = self.rng
        side = "b" if rng.random() < 0.5 else "a"
        book = self.bids if side == "b" else self.asks
        other = self.asks if side == "b" else self.bids
        sign = -1 if side == "b" else 1
        d = min(int(rng.expovariate(1 / 6.0)), 3000)
        if rng.random() < 0.05:
            d = -1  # improve the touch (inside the spread when there is room)
        px = self.best(side) + sign * d
        if side == "b" and px >= min(other):
            px = min(other) - 1
        if side == "a" and px <= max(other):
            px = max(other) + 1
        if px in book and rng.random() < 0.35 and len(book) > 50:
            del book[px]
            return side, px, 0
        q = self.qty()
        book[px] = q
        return side, px, q

    def top(self, side, n):
        book = self.bids if side == "b" else self.asks
        keys = sorted(book, reverse=(side == "b"))[:n]
        return {k: book[k] for k in keys}


def fmt_units(q, decimals=8):
    s = f"{q:09d}"
    return s[:-8] + "." + s[-8:] if decimals == 8 else None


def binance(rng):
    tick = 1_000_000  # 0.01 in 1e-8 units
    sim = SimBook(rng, 9_700_000, 1200)  # 97,000.00 in ticks of 0.01

    def px(t):
        return fmt_units(t * tick)

    last_id = 40_000_000_000
    snap = {
        "lastUpdateId": last_id,
        "bids": [[px(p), fmt_units(q)] for p, q in sim.top("b", 1000).items()],
        "asks": [[px(p), fmt_units(q)] for p, q in sim.top("a", 1000).items()],
    }
    with open(os.path.join(HERE, "binance_depth_snapshot.json"), "w") as f:
        json.dump(snap, f, separators=(",", ":"))
        f.write("\n")
    ts = 1764547200000  # 2025-12-01T00:00:00Z
    u = last_id
    with open(os.path.join(HERE, "binance_depth_updates.jsonl"), "w") as f:
        for _ in range(2000):
            changes = {"b": {}, "a": {}}
            for _ in range(1 + int(rng.expovariate(1 / 9.0))):
                s, p, q = sim.step()
                changes[s][p] = q  # the last change of a level in 100 ms is what Binance sends
            first = u + 1
            u = first + rng.randint(0, 30)  # internal updates folded into this event
            ts += 100
            ev = {"e": "depthUpdate", "E": ts, "s": "BTCUSDT", "U": first, "u": u,
                  "b": [[px(p), fmt_units(q)] for p, q in changes["b"].items()],
                  "a": [[px(p), fmt_units(q)] for p, q in changes["a"].items()]}
            f.write(json.dumps({"stream": "btcusdt@depth@100ms", "data": ev}, separators=(",", ":")))
            f.write("\n")


def kraken_checksum(bids, asks):
    def digits(s):
        return s.replace(".", "").lstrip("0")
    text = "".join(digits(p) + digits(q) for p, q in asks[:10])
    text += "".join(digits(p) + digits(q) for p, q in bids[:10])
    return zlib.crc32(text.encode())


def kraken(rng):
    depth = 100
    tick = 10_000_000  # 0.1 in 1e-8 units
    sim = SimBook(rng, 904_000, 400)  # 90,400.0 in ticks of 0.1

    def px(t):
        s = fmt_units(t * tick)
        return s[: s.index(".") + 2]  # price precision 1

    def levels(side):
        return [(px(p), fmt_units(q)) for p, q in sim.top(side, depth).items()]

    def raw(lv):
        # Kraken v2 writes numbers with the pair's full precision: 45283.5, 0.10000000.
        return "[" + ",".join('{"price":%s,"qty":%s}' % (p, q) for p, q in lv) + "]"

    sec = 1764547200
    usec = 0

    def stamp():
        return "2025-12-01T00:%02d:%02d.%06dZ" % ((sec // 60) % 60, sec % 60, usec)

    bids, asks = levels("b"), levels("a")
    with open(os.path.join(HERE, "kraken_book_snapshot.json"), "w") as f:
        f.write('{"channel":"book","type":"snapshot","data":[{"symbol":"BTC/USD","bids":%s,"asks":%s,'
                '"checksum":%d,"timestamp":"%s"}]}\n' % (raw(bids), raw(asks), kraken_checksum(bids, asks), stamp()))
    with open(os.path.join(HERE, "kraken_book_updates.jsonl"), "w") as f:
        written = 0
        while written < 4000:
            before = {"b": sim.top("b", depth), "a": sim.top("a", depth)}
            for _ in range(1 + int(rng.expovariate(1 / 1.5))):
                sim.step()
            out = {}
            for s in ("b", "a"):
                after = sim.top(s, depth)
                full = sim.bids if s == "b" else sim.asks
                ch = []
                for p in before[s]:
                    if p not in after and p not in full:
                        ch.append((px(p), "0.00000000"))  # removed (not merely pushed out)
                for p, q in after.items():
                    if before[s].get(p) != q:
                        ch.append((px(p), fmt_units(q)))
                out[s] = ch
            if not out["b"] and not out["a"]:
                continue
            usec += rng.randint(50, 40000)
            sec, usec = sec + usec // 1_000_000, usec % 1_000_000
            cs = kraken_checksum(levels("b"), levels("a"))
            f.write('{"channel":"book","type":"update","data":[{"symbol":"BTC/USD","bids":%s,"asks":%s,'
                    '"checksum":%d,"timestamp":"%s"}]}\n' % (raw(out["b"]), raw(out["a"]), cs, stamp()))
            written += 1


def polymarket(rng):
    token = "71321045679252212594626385532706912750332728571942532289631379312455583992563"
    market = "0x5f65177b394277fd294cd75650044e32ba009a95022d88a0c1d565897d72f8f1"
    bids = {t: rng.randint(500, 500000) for t in range(20, 50)}  # ticks of 0.01; sizes in 0.01 shares
    asks = {t: rng.randint(500, 500000) for t in range(51, 81)}

    def px(t):
        return "%d.%02d" % (t // 100, t % 100)

    def sz(q):
        return "%d.%02d" % (q // 100, q % 100)

    def lv(side):
        return ",".join('{"price":"%s","size":"%s"}' % (px(t), sz(q)) for t, q in sorted(side.items()))

    ms = 1764547200000
    with open(os.path.join(HERE, "polymarket_book_snapshot.json"), "w") as f:
        f.write('{"event_type":"book","asset_id":"%s","market":"%s","bids":[%s],"asks":[%s],'
                '"timestamp":"%d","hash":"%s"}\n' % (token, market, lv(bids), lv(asks), ms,
                                                      hashlib.sha1((lv(bids) + lv(asks)).encode()).hexdigest()))
    with open(os.path.join(HERE, "polymarket_price_changes.jsonl"), "w") as f:
        for _ in range(2000):
            changes = []
            for _ in range(1 + int(rng.expovariate(1 / 0.8)) % 3):
                buy = rng.random() < 0.5
                book, other = (bids, asks) if buy else (asks, bids)
                best = max(bids) if buy else min(asks)
                d = min(int(rng.expovariate(1 / 3.0)), 30)
                t = best - d if buy else best + d
                if rng.random() < 0.08:
                    t = best + 1 if buy else best - 1  # improve the touch, if the spread allows
                if t < 1 or t > 99 or t in other or (buy and t >= min(asks)) or (not buy and t <= max(bids)):
                    continue
                if t in book and len(book) > 5 and rng.random() < 0.35:
                    del book[t]
                    q = 0
                else:
                    q = rng.randint(500, 500000)
                    book[t] = q
                changes.append((t, q, "BUY" if buy else "SELL"))
            if not changes:
                continue
            ms += rng.randint(5, 2000)
            bb, ba = px(max(bids)), px(min(asks))
            items = []
            for t, q, side in changes:
                body = '"asset_id":"%s","price":"%s","size":"%s","side":"%s"' % (token, px(t), sz(q), side)
                items.append('{%s,"hash":"%s","best_bid":"%s","best_ask":"%s"}' % (
                    body, hashlib.sha1(body.encode()).hexdigest(), bb, ba))
            f.write('{"market":"%s","price_changes":[%s],"timestamp":"%d","event_type":"price_change"}\n'
                    % (market, ",".join(items), ms))


if __name__ == "__main__":
    binance(random.Random(20261201))
    kraken(random.Random(90400))
    polymarket(random.Random(20260428))
